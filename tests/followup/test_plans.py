"""Milestone plans: backwards from the delivery date (D5-3.4), the garment steps (D4),
completion by events and by hand with evidence, re-planning and the forecast (D5-7)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gendan.core import events
from gendan.core.errors import DomainError, InvalidTransition, NotFound
from gendan.core.models import AuditEvent, CalendarYear
from gendan.followup import services
from gendan.followup.models import Milestone, OrderProgress
from gendan.followup.seed import TEMPLATES
from tests.followup.conftest import at
from tests.followup.factories import take_order


def _plan(order):
    return {m.name: m for m in Milestone.objects.filter(order=order)}


def _snapshot(milestone):
    milestone.refresh_from_db()
    progress = OrderProgress.objects.get(pk=milestone.order_id)
    return (
        milestone.status,
        milestone.actual_date,
        milestone.evidence_url,
        progress.current_stage,
        AuditEvent.objects.count(),
    )


def test_d5_3_4_plan_is_counted_back_from_the_contract_date_over_national_day(planned_order):
    plan = _plan(planned_order)
    # delivery Friday 2025-10-10; 4 working days back crosses the National Day holidays
    assert plan["出货"].planned_date == date(2025, 10, 10)
    assert plan["尾期检验(AQL 2.5)"].planned_date == date(2025, 9, 28)
    assert plan["装箱80%"].planned_date == date(2025, 9, 26)
    assert plan["回款"].planned_date > date(2025, 10, 10)  # after delivery


def test_d4_garment_plan_has_every_step_of_the_contracted_factory(planned_order):
    names = list(
        Milestone.objects.filter(order=planned_order)
        .order_by("position")
        .values_list("name", flat=True)
    )
    assert names == [step[0] for step in TEMPLATES["garment"][1]]
    for expected in (
        "面辅料到厂查验",
        "产前样确认",
        "产前会",
        "首件首扎检验",
        "中期检验",
        "船样确认",
    ):
        assert expected in names


def test_confirmation_completes_the_first_step_and_the_stage_moves_on(planned_order, merchandiser):
    plan = _plan(planned_order)
    assert plan["订单确认"].is_done and plan["订单确认"].completed_how == "event"
    progress = OrderProgress.objects.get(pk=planned_order.pk)
    assert progress.current_stage == "面辅料到厂查验"
    assert progress.owner == merchandiser and progress.milestones_done == 1


def test_unconfirmed_fax_order_waits_as_待确认_without_a_plan(
    frozen, merchandiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = take_order(merchandiser, channel="fax")
    progress = OrderProgress.objects.get(pk=order.pk)
    assert progress.current_stage == "待确认" and progress.is_open
    assert not Milestone.objects.filter(order=order).exists()
    with django_capture_on_commit_callbacks(execute=True):
        events.publish(events.OrderConfirmed(order_id=order.pk))
    assert Milestone.objects.filter(order=order).count() == len(TEMPLATES["garment"][1])


def test_unknown_calendar_year_still_plans_but_marks_the_dates_unknown_with_why(
    merchandiser, django_capture_on_commit_callbacks, time_machine
):
    # 2100 is past the lunar tables: not even a provisional calendar can be computed
    time_machine.move_to(at(2099, 11, 2), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        order = take_order(
            merchandiser, order_date=date(2099, 11, 2), delivery_date=date(2100, 1, 20)
        )
    plan = _plan(order)
    assert plan["出货"].planned_date is None
    assert "2100" in plan["出货"].planning_problem
    progress = OrderProgress.objects.get(pk=order.pk)
    assert "2100" in progress.planning_problem and progress.next_planned_date is None


def test_entering_the_unknown_year_and_re_planning_fills_the_dates(
    merchandiser, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(at(2026, 11, 2), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        order = take_order(
            merchandiser, order_date=date(2026, 11, 2), delivery_date=date(2027, 1, 20)
        )
    CalendarYear.objects.create(year=2027)
    order.delivery_date = date(2027, 1, 22)
    order.save(update_fields=["delivery_date"])
    with django_capture_on_commit_callbacks(execute=True):
        events.publish(events.OrderAmended(order_id=order.pk, field="delivery_date"))
    assert _plan(order)["出货"].planned_date == date(2027, 1, 22)
    assert OrderProgress.objects.get(pk=order.pk).planning_problem == ""


def test_milestone_completes_automatically_when_its_proving_event_arrives(
    planned_order, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        events.publish(events.InspectionPassed(order_id=planned_order.pk, document_id=77))
    final = _plan(planned_order)["尾期检验(AQL 2.5)"]
    assert final.is_done and final.completed_how == "event"
    assert final.evidence_url == "/documents/77/"
    assert AuditEvent.objects.filter(action="milestone.complete", object_id=str(final.pk)).exists()


def test_manual_completion_requires_evidence_and_changes_nothing_without_it(
    planned_order, merchandiser
):
    milestone = _plan(planned_order)["面辅料到厂查验"]
    before = _snapshot(milestone)
    with pytest.raises(DomainError) as refused:
        services.complete_milestone(actor=merchandiser, milestone=milestone, note="到了")
    assert refused.value.field == "evidence_url"
    with pytest.raises(DomainError) as refused:
        services.complete_milestone(
            actor=merchandiser, milestone=milestone, evidence_url="javascript:alert(1)"
        )
    assert refused.value.field == "evidence_url"
    assert _snapshot(milestone) == before


def test_manual_completion_with_a_photo_moves_the_stage(
    planned_order, merchandiser, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    milestone = _plan(planned_order)["面辅料到厂查验"]
    photo = SimpleUploadedFile("packing-list.jpg", b"\xff\xd8 fake jpeg", content_type="image/jpeg")
    services.complete_milestone(
        actor=merchandiser, milestone=milestone, evidence_file=photo, note="面料幅宽已核对"
    )
    milestone.refresh_from_db()
    assert milestone.is_done and milestone.completed_by == merchandiser
    assert milestone.actual_date == date(2025, 8, 1)
    assert (tmp_path / milestone.evidence_file.name).exists()
    assert OrderProgress.objects.get(pk=planned_order.pk).current_stage == "产前样确认"


def test_completing_a_done_milestone_twice_is_refused_and_changes_nothing(
    planned_order, merchandiser
):
    milestone = _plan(planned_order)["面辅料到厂查验"]
    services.complete_milestone(
        actor=merchandiser, milestone=milestone, evidence_url="/documents/1/"
    )
    before = _snapshot(milestone)
    with pytest.raises(InvalidTransition, match="already|已"):
        services.complete_milestone(
            actor=merchandiser, milestone=milestone, evidence_url="https://example.com/x"
        )
    assert _snapshot(milestone) == before


def test_outsider_cannot_complete_a_milestone(planned_order, outsider):
    milestone = _plan(planned_order)["面辅料到厂查验"]
    before = _snapshot(milestone)
    with pytest.raises(NotFound):
        services.complete_milestone(actor=outsider, milestone=milestone, evidence_url="/x/")
    assert _snapshot(milestone) == before


def test_reopening_a_manual_completion_needs_a_reason_and_keeps_the_old_evidence_in_audit(
    planned_order, merchandiser
):
    milestone = _plan(planned_order)["面辅料到厂查验"]
    services.complete_milestone(
        actor=merchandiser, milestone=milestone, evidence_url="/documents/9/"
    )
    with pytest.raises(DomainError) as refused:
        services.reopen_milestone(actor=merchandiser, milestone=milestone, reason=" ")
    assert refused.value.field == "reason"
    services.reopen_milestone(actor=merchandiser, milestone=milestone, reason="面料短缺，重新点数")
    milestone.refresh_from_db()
    assert milestone.status == "open" and milestone.evidence_url == ""
    row = AuditEvent.objects.get(action="milestone.reopen")
    assert (
        row.before["evidence_url"] == "/documents/9/"
        and row.after["reason"] == "面料短缺，重新点数"
    )
    assert OrderProgress.objects.get(pk=planned_order.pk).current_stage == "面辅料到厂查验"


def test_a_milestone_proven_by_a_document_cannot_be_reopened_by_hand(planned_order, merchandiser):
    confirmed = _plan(planned_order)["订单确认"]
    with pytest.raises(InvalidTransition):
        services.reopen_milestone(actor=merchandiser, milestone=confirmed, reason="试试")
    confirmed.refresh_from_db()
    assert confirmed.is_done


def test_amended_delivery_date_re_plans_only_the_open_milestones(
    planned_order, django_capture_on_commit_callbacks
):
    planned_order.delivery_date = date(2025, 10, 17)
    planned_order.save(update_fields=["delivery_date"])
    confirmed_before = _plan(planned_order)["订单确认"].planned_date
    with django_capture_on_commit_callbacks(execute=True):
        events.publish(events.OrderAmended(order_id=planned_order.pk))
    plan = _plan(planned_order)
    assert plan["出货"].planned_date == date(2025, 10, 17)
    assert plan["订单确认"].planned_date == confirmed_before
    assert OrderProgress.objects.get(pk=planned_order.pk).delivery_date == date(2025, 10, 17)
    assert AuditEvent.objects.filter(action="followup.replan").count() == 1


def test_forecast_says_the_order_makes_its_date_while_the_steps_fit(planned_order):
    progress = OrderProgress.objects.get(pk=planned_order.pk)
    assert progress.forecast_date == date(2025, 10, 10)
    assert not progress.is_forecast_late


def test_forecast_turns_late_when_the_open_steps_no_longer_fit(planned_order, time_machine):
    time_machine.move_to(at(2025, 9, 25), tick=False)
    progress = services.sync_progress(order_id=planned_order.pk)
    assert progress.forecast_date > planned_order.delivery_date
    assert progress.is_forecast_late and progress.is_at_risk
    assert progress.days_late > 0


def test_d5_7_merchandiser_confirms_on_time_or_late_ahead_of_the_due_date(
    planned_order, merchandiser, time_machine
):
    progress = services.record_outlook(actor=merchandiser, order=planned_order, outlook="on_time")
    assert progress.outlook == "on_time" and progress.outlook_date == date(2025, 10, 10)
    with pytest.raises(DomainError) as refused:
        services.record_outlook(actor=merchandiser, order=planned_order, outlook="late")
    assert refused.value.field == "expected_date"
    services.record_outlook(
        actor=merchandiser, order=planned_order, outlook="late", expected_date=date(2025, 10, 15)
    )
    assert OrderProgress.objects.get(pk=planned_order.pk).is_at_risk
    time_machine.move_to(at(2025, 10, 11), tick=False)
    with pytest.raises(InvalidTransition):
        services.record_outlook(actor=merchandiser, order=planned_order, outlook="on_time")


def test_nightly_refresh_recomputes_a_stale_board_row(planned_order):
    from gendan.followup.models import OrderProgress
    from gendan.followup.tasks import nightly_refresh_of_open_orders

    fresh = OrderProgress.objects.get(order=planned_order)
    OrderProgress.objects.filter(order=planned_order).update(
        forecast_date=None, current_stage="过期数据"
    )
    nightly_refresh_of_open_orders()  # Huey runs it inline in tests
    refreshed = OrderProgress.objects.get(order=planned_order)
    assert (refreshed.forecast_date, refreshed.current_stage) == (
        fresh.forecast_date,
        fresh.current_stage,
    )
