"""The working-day calendar moved from `followup` to `core` without losing a row: a
company that entered its own days off and a hand-entered year before the move still has
them after it (core 0007, followup 0003)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_THE_MOVE = [
    ("core", "0006_paper_books"),
    ("followup", "0002_seed_templates_and_claim_chain"),
]
AFTER_THE_MOVE = [
    ("core", "0007_calendar_moved_to_core"),
    ("followup", "0003_calendar_moved_to_core"),
]


# transaction=True without serialized_rollback: an earlier transactional test's flush
# re-creates content types under new ids, so reloading the database's first contents
# would clash. The migrations run here re-seed what they need.


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_calendar_days_and_years_entered_before_the_move_are_found_in_core_after_it():
    latest = _latest()
    old_apps = _migrate(BEFORE_THE_MOVE)
    try:
        OldDay = old_apps.get_model("followup", "CalendarDay")
        OldYear = old_apps.get_model("followup", "CalendarYear")
        OldDay.objects.create(date=datetime.date(2025, 10, 9), is_workday=False, note="厂庆")
        OldDay.objects.create(date=datetime.date(2025, 10, 12), is_workday=True, note="赶货加班")
        OldYear.objects.create(year=2031, note="国务院办公厅通知 2030-11")

        new_apps = _migrate(AFTER_THE_MOVE)
        Day = new_apps.get_model("core", "CalendarDay")
        Year = new_apps.get_model("core", "CalendarYear")
        assert list(Day.objects.order_by("date").values_list("date", "is_workday", "note")) == [
            (datetime.date(2025, 10, 9), False, "厂庆"),
            (datetime.date(2025, 10, 12), True, "赶货加班"),
        ]
        assert list(Year.objects.values_list("year", "note")) == [
            (2031, "国务院办公厅通知 2030-11")
        ]
        assert Day._meta.db_table == "core_calendarday"
        with pytest.raises(LookupError):
            new_apps.get_model("followup", "CalendarDay")
    finally:
        _migrate(latest)


@pytest.mark.django_db(transaction=True)
def test_the_company_calendar_answers_from_the_moved_rows():
    """D5-3.4: a company day off entered before the move still beats the statutory
    calendar after it."""
    latest = _latest()
    old_apps = _migrate(BEFORE_THE_MOVE)
    try:
        old_apps.get_model("followup", "CalendarDay").objects.create(
            date=datetime.date(2025, 10, 9), is_workday=False, note="厂庆"
        )
    finally:
        _migrate(latest)
    from gendan.core.calendar import is_working_day

    assert not is_working_day(datetime.date(2025, 10, 9))
    assert is_working_day(datetime.date(2025, 10, 10))
