"""Chinese working days (D5-3.4): statutory holidays, make-up days, company days off."""

from datetime import date

import pytest

from gendan.core.calendar import (
    UnknownCalendarYear,
    add_working_days,
    is_working_day,
    working_days_between,
)
from gendan.core.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


def test_national_day_2025_holidays_are_not_working_days():
    for day in range(1, 9):
        assert not is_working_day(date(2025, 10, day)), f"2025-10-0{day}"
    assert is_working_day(date(2025, 10, 9))


def test_make_up_weekend_days_are_working_days():
    assert date(2025, 9, 28).weekday() == 6 and is_working_day(date(2025, 9, 28))
    assert date(2025, 10, 11).weekday() == 5 and is_working_day(date(2025, 10, 11))
    assert not is_working_day(date(2025, 10, 12))  # an ordinary Sunday


def test_counting_back_over_national_day_skips_the_holidays_and_uses_the_make_up_sunday():
    # 10-09 (1), 10-01..08 off, 09-30 (2), 09-29 (3), Sunday 09-28 make-up day (4)
    assert add_working_days(date(2025, 10, 10), -4) == date(2025, 9, 28)
    assert add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert add_working_days(date(2025, 10, 10), 1) == date(2025, 10, 11)
    assert add_working_days(date(2025, 10, 10), 0) == date(2025, 10, 10)


def test_working_days_between_counts_only_working_days_and_is_signed():
    assert working_days_between(date(2025, 9, 30), date(2025, 10, 9)) == 1
    assert working_days_between(date(2025, 10, 9), date(2025, 9, 30)) == -1
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 24)) == 2  # Spring Festival


def test_company_day_off_overrides_the_statutory_calendar():
    CalendarDay.objects.create(date=date(2025, 10, 9), is_workday=False, note="厂庆")
    CalendarDay.objects.create(date=date(2025, 10, 12), is_workday=True, note="赶货加班")
    assert not is_working_day(date(2025, 10, 9))
    assert is_working_day(date(2025, 10, 12))
    assert add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 10)


def test_a_year_nothing_can_compute_is_reported_by_name_not_guessed():
    # 2027 is computed provisionally (tests/core/test_provisional_calendar.py); 2100 is
    # past the lunar tables, so nothing can compute it
    with pytest.raises(UnknownCalendarYear, match="2100") as refused:
        is_working_day(date(2100, 3, 1))
    assert refused.value.year == 2100
    with pytest.raises(UnknownCalendarYear, match="2100"):
        add_working_days(date(2099, 12, 30), 5)


def test_a_year_entered_by_hand_uses_its_holidays_and_the_weekday_rule():
    CalendarYear.objects.create(year=2027, note="国务院办公厅通知 2026-11")
    CalendarDay.objects.create(date=date(2027, 1, 1), is_workday=False, note="元旦")
    assert not is_working_day(date(2027, 1, 1))
    assert is_working_day(date(2027, 1, 4))
    assert not is_working_day(date(2027, 1, 2))
    assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
