"""D3-2: someone on another shift than the desk's is handed nothing that day and the
open waybills they hold move with a record; rotating shifts alternate by ISO week."""

import datetime

from gendan.core.models import Policy
from gendan.logistics import distribution, importing, shifts
from gendan.logistics.models import Handover, Waybill
from tests.logistics.conftest import DAY
from tests.logistics.desk import day_rows, sheet


def _import(lead):
    importing.import_sheet(actor=lead, file_bytes=sheet(day_rows()), file_name="d.csv",
                           sheet_date=DAY)  # fmt: skip


def test_d3_2_a_night_shift_person_gets_nothing_on_a_day_desk(lead, zhang, liu):
    zhang.employee.shift = "night"
    zhang.employee.save()
    _import(lead)
    assert distribution.distribute(actor=lead, day=DAY) == 3
    assert set(Waybill.objects.values_list("assignee", flat=True)) == {liu.pk}


def test_d3_2_rotating_alternates_by_week_and_the_held_rows_move_with_a_record(lead, zhang, liu):
    """DAY is in ISO week 11 (odd: rotating people work days); week 12 they work nights,
    so on the 17th 张伟's open waybills move to 刘敏, each with an "another shift" row."""
    zhang.employee.shift = "rotating"
    zhang.employee.save()
    liu.employee.shift = "day"
    liu.employee.save()
    assert shifts.shift_on("rotating", DAY) == "day"
    _import(lead)
    distribution.distribute(actor=lead, day=DAY)
    held = Waybill.objects.filter(assignee=zhang).count()
    assert held > 0
    next_week = DAY + datetime.timedelta(days=7)
    assert shifts.shift_on("rotating", next_week) == "night"
    assert distribution.distribute(actor=lead, day=next_week) == held
    assert not Waybill.objects.filter(assignee=zhang).exists()
    assert Handover.objects.filter(reason="other_shift", from_user=zhang).count() == held


def test_d3_2_the_policy_turns_the_rotation_round(db):
    Policy.objects.create(key="logistics.rotating_day_shift_in_odd_weeks", value="false")
    assert shifts.shift_on("rotating", DAY) == "night"
    assert shifts.shift_on("day", DAY) == "day"
