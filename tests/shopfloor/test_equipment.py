"""Handling equipment (D1-1.6, D1-4.7, D1-4.8): the register, inspection intervals and
due dates, a failed inspection taking an item out of service, append-only records
corrected by new ones, and refusals that change nothing.

Personas (tests/conftest.py): 王芳 the clerk and 赵刚 the director of 机加车间 keep the
register and inspect; 孙丽 the team leader inspects; 周杰 the operator only sees it; 曹磊
is an inspector of 焊接车间, outside it."""

import datetime

import pytest
from django.utils import timezone

from gendan.core import policies
from gendan.core.errors import DomainError, InvalidTransition, PermissionDenied
from gendan.core.models import AuditEvent
from gendan.shopfloor import equipment_queries as queries
from gendan.shopfloor import equipment_services as services
from gendan.shopfloor.equipment_models import Equipment, EquipmentInspection
from gendan.shopfloor.equipment_policies import INTERVAL_DAYS

Kind = Equipment.Kind
Status = Equipment.Status
DAY = datetime.timedelta(days=1)


@pytest.fixture
def rope(clerk, machining):
    return services.register_equipment(
        actor=clerk,
        code="GSS-JJ-01",
        name="钢丝绳吊索 φ12",
        kind=Kind.ROPE,
        workshop=machining,
        location="机加 A 区行车旁",
    )


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def snapshot(equipment):
    equipment.refresh_from_db()
    return (
        equipment.status,
        equipment.last_passed_on,
        equipment.next_due_on,
        EquipmentInspection.objects.count(),
        AuditEvent.objects.count(),
    )


def test_d1_4_8_interval_defaults_to_the_policy_of_its_kind(clerk, machining, admin_user, rope):
    """D1-4.8: no interval given — the kind's policy (wire rope 30 days, container 180);
    a changed policy applies to what is registered afterwards."""
    assert rope.inspection_interval_days == 30
    box = services.register_equipment(
        actor=clerk, code="ZZX-01", name="周转箱", kind=Kind.CONTAINER, workshop=machining
    )
    assert box.inspection_interval_days == 180
    policies.set_policy(actor=admin_user, declared_policy=INTERVAL_DAYS["rope"], value=14)
    second = services.register_equipment(
        actor=clerk, code="GSS-JJ-02", name="吊索", kind=Kind.ROPE, workshop=machining
    )
    assert second.inspection_interval_days == 14
    given = services.register_equipment(
        actor=clerk,
        code="YLC-01",
        name="运料车",
        kind=Kind.CART,
        workshop=machining,
        inspection_interval_days="45",
    )
    assert given.inspection_interval_days == 45


def test_d1_4_8_never_inspected_is_due_at_once(rope):
    """D1-4.8: an item never inspected is due the day it is registered, overdue after."""
    today = timezone.localdate()
    assert rope.next_due_on == today
    assert rope.last_passed_on is None
    assert queries.is_due(rope, today) and not queries.is_overdue(rope, today)
    assert queries.is_overdue(rope, today + DAY)


def test_d1_4_8_next_due_is_the_last_pass_plus_the_interval(clerk, rope):
    """D1-4.8: next due = last passing inspection + interval; overdue the day after."""
    services.record_inspection(
        actor=clerk, equipment=rope, result="pass", inspected_at=days_ago(31)
    )
    rope.refresh_from_db()
    passed_on = timezone.localdate(days_ago(31))
    assert rope.last_passed_on == passed_on
    assert rope.next_due_on == passed_on + 30 * DAY
    today = timezone.localdate()
    assert queries.is_overdue(rope, today)
    assert list(queries.equipment_list(clerk, due=queries.OVERDUE)) == [rope]
    services.record_inspection(actor=clerk, equipment=rope, result="pass", note="无断丝")
    rope.refresh_from_db()
    assert rope.next_due_on == today + 30 * DAY
    assert not queries.is_overdue(rope, today)
    assert list(queries.equipment_list(clerk, due=queries.OVERDUE)) == []
    assert list(queries.equipment_list(clerk, due=queries.DUE, today=rope.next_due_on)) == [rope]


def test_d1_4_8_a_changed_interval_moves_the_due_date(director, clerk, rope):
    services.record_inspection(actor=clerk, equipment=rope, result="pass")
    changed = services.change_equipment(
        actor=director, equipment=rope, name=rope.name, inspection_interval_days=7
    )
    assert changed.next_due_on == timezone.localdate() + 7 * DAY


def test_d1_4_8_a_failed_inspection_takes_it_out_of_service_until_a_pass(clerk, receiver, rope):
    """D1-4.8: a fail → out of service (the last pass still dates the next due); it is not
    put back by hand; a passing inspection brings it back into service."""
    services.record_inspection(actor=clerk, equipment=rope, result="pass", inspected_at=days_ago(3))
    services.record_inspection(actor=receiver, equipment=rope, result="fail", note="断丝 3 根")
    rope.refresh_from_db()
    assert rope.status == Status.OUT_OF_SERVICE
    assert rope.last_passed_on == timezone.localdate(days_ago(3))
    assert not queries.is_overdue(rope, rope.next_due_on + DAY)  # not used, not overdue
    with pytest.raises(InvalidTransition, match="passing inspection"):
        services.set_status(actor=clerk, equipment=rope, status=Status.IN_SERVICE)
    services.record_inspection(actor=clerk, equipment=rope, result="pass", note="已换新绳")
    rope.refresh_from_db()
    assert rope.status == Status.IN_SERVICE
    assert rope.last_passed_on == timezone.localdate()


def test_d1_4_8_records_are_appended_and_corrected_by_a_new_one(clerk, director, rope):
    """D1-4.8: a fail recorded by mistake is corrected by a pass naming it: both rows
    stay, the old one unchanged; the item is back in service; it is corrected only once."""
    wrong = services.record_inspection(actor=clerk, equipment=rope, result="fail", note="点错")
    fixed = services.record_inspection(
        actor=director, equipment=rope, result="pass", note="实为合格", corrects=wrong
    )
    rope.refresh_from_db()
    assert rope.status == Status.IN_SERVICE
    assert EquipmentInspection.objects.count() == 2
    wrong.refresh_from_db()
    assert (wrong.result, wrong.note, wrong.inspected_by) == ("fail", "点错", clerk)
    assert fixed.corrects == wrong
    before = snapshot(rope)
    with pytest.raises(InvalidTransition):
        services.record_inspection(actor=clerk, equipment=rope, result="pass", corrects=wrong)
    assert snapshot(rope) == before


def test_d1_4_8_correcting_the_only_pass_makes_it_due_again(clerk, rope):
    wrong = services.record_inspection(actor=clerk, equipment=rope, result="pass")
    services.record_inspection(
        actor=clerk, equipment=rope, result="fail", note="其实有断丝", corrects=wrong
    )
    rope.refresh_from_db()
    assert rope.last_passed_on is None
    assert rope.status == Status.OUT_OF_SERVICE


@pytest.mark.parametrize(
    "who, result, note, error",
    [
        ("operator", "pass", "", PermissionDenied),  # sees it, may not inspect
        ("welding_inspector", "pass", "", PermissionDenied),  # another workshop
        ("outsider", "pass", "", PermissionDenied),  # no role
        ("clerk", "fail", "", DomainError),  # a fail says why
        ("clerk", "maybe", "", DomainError),  # pass or fail only
    ],
)
def test_d1_4_8_refused_inspections_change_nothing(request, rope, who, result, note, error):
    """D1-4.8: every refusal names what is wrong and changes nothing."""
    person = request.getfixturevalue(who)
    before = snapshot(rope)
    with pytest.raises(error):
        services.record_inspection(actor=person, equipment=rope, result=result, note=note)
    assert snapshot(rope) == before


def test_d1_4_8_an_inspection_in_the_future_is_refused(clerk, rope):
    before = snapshot(rope)
    with pytest.raises(DomainError, match="future"):
        services.record_inspection(
            actor=clerk, equipment=rope, result="pass", inspected_at=days_ago(-2)
        )
    assert snapshot(rope) == before


def test_d1_1_6_registering_is_for_the_clerk_and_director_of_the_workshop(
    machining, welding, operator, welding_inspector, director, rope
):
    """D1-1.6: the operator and another workshop's inspector may not register; a second
    item with the same code is refused; nothing is written."""
    count = Equipment.objects.count()
    for person in (operator, welding_inspector):
        with pytest.raises(PermissionDenied):
            services.register_equipment(
                actor=person, code="QC-01", name="行车", kind=Kind.CRANE, workshop=machining
            )
    with pytest.raises(DomainError, match="GSS-JJ-01"):
        services.register_equipment(
            actor=director, code="GSS-JJ-01", name="另一根", kind=Kind.ROPE, workshop=machining
        )
    with pytest.raises(DomainError):
        services.register_equipment(
            actor=director,
            code="QC-02",
            name="行车",
            kind=Kind.CRANE,
            workshop=machining,
            inspection_interval_days="0",
        )
    assert Equipment.objects.count() == count


def test_d1_1_6_retired_is_final(director, clerk, rope):
    """D1-1.6: a retired item is not inspected and does not come back."""
    services.set_status(actor=director, equipment=rope, status=Status.RETIRED, note="报废")
    before = snapshot(rope)
    with pytest.raises(InvalidTransition):
        services.record_inspection(actor=clerk, equipment=rope, result="pass")
    with pytest.raises(InvalidTransition):
        services.set_status(actor=director, equipment=rope, status=Status.IN_SERVICE)
    assert snapshot(rope) == before
    assert not queries.is_overdue(rope, rope.next_due_on + 100 * DAY)


def test_d1_1_6_who_sees_which_equipment(clerk, operator, welding_inspector, outsider, rope):
    """D1-1.6: the workshop's people see its equipment; another workshop and no role do not."""
    assert list(queries.visible_equipment(clerk)) == [rope]
    assert list(queries.visible_equipment(operator)) == [rope]
    assert list(queries.visible_equipment(welding_inspector)) == []
    assert list(queries.visible_equipment(outsider)) == []
