"""The inspection plan per garment order (issue 12): 张伟 (merchandiser) makes the plan
of the 3,200-piece jacket order at 宜兴华美 from QC's template (韩雪), dates counted in
Chinese working days; D4-8/D4-9 mid-production checks, D4-2 reminders, D4-5 meeting and
minutes signed by 邓芳 (工厂), D4-14 the order summary sent once to the department head.

Production starts on Monday 2026-03-16; the factory due date is 2026-04-09 (the week
before has 清明, Monday 04-06 off)."""

import datetime

import pytest

from gendan.core.errors import DomainError, InvalidTransition, NotFound, PermissionDenied
from gendan.core.models import (
    AuditEvent,
    Document,
    NotificationChannel,
    NotificationMessage,
    Policy,
)
from gendan.quality import plan_queries, plan_services, services
from gendan.quality.plan_models import (
    MeetingMinutes,
    OrderPlan,
    OrderReport,
    PlanTemplateStep,
    SampleReminder,
)
from tests.quality.conftest import TODAY, make_factory_order

START = datetime.date(2026, 3, 16)  # a Monday
D = datetime.date


def dates(plan, kind):
    return [step.planned_on for step in plan.steps.filter(kind=kind).order_by("position")]


@pytest.fixture
def plan(merchandiser, factory_order):
    return plan_services.make_plan(
        actor=merchandiser, factory_order=factory_order, production_start=START
    )


@pytest.fixture
def reminder_channel(db):
    NotificationChannel.objects.create(name="华美联系人", kind="email", recipients="f@example.com")
    Policy.objects.create(key="quality.sample_reminder_channels", value="华美联系人")


@pytest.fixture
def head_channel(db):
    NotificationChannel.objects.create(name="部门经理", kind="email", recipients="h@example.com")
    Policy.objects.create(key="quality.department_head_channel", value="部门经理")


# ---------------------------------------------------------------- the plan (D4-8, D4-9)
def test_d4_8_d4_9_merchandiser_plans_3200_pieces_in_working_days_with_six_mid_checks(plan):
    """3,200 pcs need 6 signed mid-production reports (D4-9); the steps fall on working
    days counted from the production start and the due date; the interval is shortened
    to 3 working days, and the plan is flagged: 6 checks do not fit before the final."""
    assert dates(plan, "fabric") == [D(2026, 3, 4)]
    assert dates(plan, "pre_production_sample") == [D(2026, 3, 9)]
    assert dates(plan, "meeting") == [D(2026, 3, 12)]
    assert dates(plan, "first_piece") == [D(2026, 3, 18)]
    assert dates(plan, "final") == [D(2026, 4, 2)]
    assert dates(plan, "finished_goods") == [D(2026, 4, 7)]  # 04-06 is 清明
    assert plan.mid_minimum == 6 and plan.mid_interval == 3
    mids = dates(plan, "mid_production")
    assert mids[:3] == [D(2026, 3, 23), D(2026, 3, 26), D(2026, 3, 31)] and len(mids) == 6
    view = plan_queries.plan_view(plan, today=TODAY)
    assert view.can_reach_minimum is False  # D4-9 flag


def test_d4_9_a_small_order_gets_two_mid_checks_every_four_working_days(merchandiser, huamei):
    factory_order = make_factory_order(merchandiser, huamei, quantity=800)
    plan = plan_services.make_plan(
        actor=merchandiser, factory_order=factory_order, production_start=START
    )
    assert plan.mid_minimum == 2 and plan.mid_interval == 4
    assert dates(plan, "mid_production") == [D(2026, 3, 23), D(2026, 3, 27)]
    assert plan_queries.plan_view(plan, today=TODAY).can_reach_minimum is True


def test_d4_9_the_minimum_follows_the_company_policy(merchandiser, huamei):
    Policy.objects.create(key="quality.mid_reports_under_1000", value="3")
    factory_order = make_factory_order(merchandiser, huamei, quantity=800)
    plan = plan_services.make_plan(
        actor=merchandiser, factory_order=factory_order, production_start=START
    )
    assert plan.mid_minimum == 3 and len(dates(plan, "mid_production")) == 3


def test_step_status_comes_from_the_inspections_recorded_and_signed(plan, qc, factory_order):
    inspection = services.record_inspection(
        actor=qc, factory_order=factory_order, stage="first_piece",
        inspected_on=D(2026, 3, 18), lot_size=50,
    )  # fmt: skip
    by_kind = {s.step.kind: s for s in plan_queries.plan_view(plan, today=TODAY).steps}
    assert by_kind["first_piece"].status == "recorded"
    # the report's chain belongs to the inspection pages; here only its outcome counts
    Document.objects.filter(pk=inspection.document_id).update(status=Document.Status.POSTED)
    by_kind = {s.step.kind: s for s in plan_queries.plan_view(plan, today=TODAY).steps}
    assert by_kind["first_piece"].status == "signed"
    assert by_kind["first_piece"].inspection == inspection
    assert by_kind["final"].status == "planned"


def test_an_outsider_and_a_factory_login_cannot_make_a_plan(outsider, factory_user, factory_order):
    for person in (outsider, factory_user):
        with pytest.raises(PermissionDenied):
            plan_services.make_plan(actor=person, factory_order=factory_order,
                                    production_start=START)  # fmt: skip
    assert not OrderPlan.objects.exists()


def test_a_second_plan_for_the_same_factory_order_is_refused(plan, merchandiser, factory_order):
    before = list(plan.steps.values_list("planned_on", flat=True))
    with pytest.raises(InvalidTransition):
        plan_services.make_plan(actor=merchandiser, factory_order=factory_order,
                                production_start=D(2026, 3, 23))  # fmt: skip
    assert OrderPlan.objects.count() == 1
    assert list(plan.steps.values_list("planned_on", flat=True)) == before


def test_production_starting_after_the_due_date_is_refused(merchandiser, factory_order):
    with pytest.raises(DomainError, match="2026-04-09"):
        plan_services.make_plan(actor=merchandiser, factory_order=factory_order,
                                production_start=D(2026, 4, 20))  # fmt: skip
    assert not OrderPlan.objects.exists()


# ---------------------------------------------------------------- the template (QC)
def test_qc_changes_the_template_and_the_next_plan_follows_it(qc, merchandiser, factory_order):
    plan_services.save_template_step(actor=qc, kind="fabric", anchor="production_start",
                                     offset="-10", name="面料到厂")  # fmt: skip
    plan = plan_services.make_plan(
        actor=merchandiser, factory_order=factory_order, production_start=START
    )
    fabric = plan.steps.get(kind="fabric")
    assert fabric.planned_on == D(2026, 3, 2) and fabric.name == "面料到厂"


def test_only_qc_changes_the_template(merchandiser):
    with pytest.raises(PermissionDenied):
        plan_services.save_template_step(actor=merchandiser, kind="fabric",
                                         anchor="production_start", offset=-10)  # fmt: skip
    assert not PlanTemplateStep.objects.exists()


def test_d4_5_the_template_refuses_a_meeting_outside_one_to_three_working_days(qc):
    with pytest.raises(DomainError, match="1–3 个工作日"):
        plan_services.save_template_step(actor=qc, kind="meeting", anchor="production_start",
                                         offset=-4)  # fmt: skip
    assert not PlanTemplateStep.objects.exists()


# ---------------------------------------------------------------- D4-5 meeting
def test_d4_5_the_meeting_moves_within_one_to_three_working_days_before_production(
    plan, merchandiser
):
    step = plan_services.set_meeting_date(actor=merchandiser, plan=plan, meeting_on="2026-03-13")
    assert step.planned_on == D(2026, 3, 13)


@pytest.mark.parametrize("day", ["2026-03-10", "2026-03-14", "2026-03-16"])
def test_d4_5_a_meeting_date_outside_the_window_is_refused_with_the_window(plan, merchandiser, day):
    """4 working days before, a Saturday, the production day itself: refused."""
    with pytest.raises(DomainError) as refused:
        plan_services.set_meeting_date(actor=merchandiser, plan=plan, meeting_on=day)
    assert "2026-03-11" in str(refused.value) and "2026-03-13" in str(refused.value)
    assert dates(plan, "meeting") == [D(2026, 3, 12)]


def _minutes(plan, merchandiser, **extra):
    fields = {"held_on": D(2026, 3, 12), "attendees": "张伟、邓芳",
              "critical_points": "袖口明线针距", "sample_issues": "领口不平", **extra}  # fmt: skip
    return plan_services.write_minutes(actor=merchandiser, plan=plan, **fields)


def test_d4_5_minutes_written_by_the_merchandiser_are_signed_by_that_factory_only(
    plan, merchandiser, factory_user, other_factory_user
):
    minutes = _minutes(plan, merchandiser)
    assert minutes.document.status == Document.Status.PENDING
    assert minutes.document.number.startswith("HY-")
    with pytest.raises(NotFound):
        plan_services.sign_minutes(actor=other_factory_user, minutes=minutes)
    assert Document.objects.get(pk=minutes.document_id).status == Document.Status.PENDING
    plan_services.sign_minutes(actor=factory_user, minutes=minutes, note="同意")
    assert Document.objects.get(pk=minutes.document_id).status == Document.Status.POSTED
    meeting = next(s for s in plan_queries.plan_view(plan, today=TODAY).steps
                   if s.step.kind == "meeting")  # fmt: skip
    assert meeting.status == "signed"


def test_d4_5_minutes_of_a_meeting_outside_the_window_are_refused(plan, merchandiser):
    with pytest.raises(DomainError, match="1–3 个工作日"):
        _minutes(plan, merchandiser, held_on=D(2026, 3, 16))
    assert not MeetingMinutes.objects.exists()
    assert not Document.objects.filter(slip_type="quality.meeting_minutes").exists()


def test_d4_5_minutes_need_the_critical_points(plan, merchandiser):
    with pytest.raises(DomainError):
        _minutes(plan, merchandiser, critical_points="  ")
    assert not MeetingMinutes.objects.exists()


def test_d4_5_minutes_refused_by_the_factory_are_corrected_and_handed_over_again(
    plan, merchandiser, factory_user
):
    minutes = _minutes(plan, merchandiser)
    plan_services.refuse_minutes(actor=factory_user, minutes=minutes, reason="针距写错")
    assert Document.objects.get(pk=minutes.document_id).status == Document.Status.DRAFT
    minutes = _minutes(plan, merchandiser, critical_points="袖口明线 3 cm 12 针")
    assert MeetingMinutes.objects.get().critical_points == "袖口明线 3 cm 12 针"
    assert minutes.document.status == Document.Status.PENDING


# ---------------------------------------------------------------- D4-2 reminders
def test_d4_2_the_missing_sample_is_shown_and_the_factory_pressed_once_logged(
    plan, merchandiser, reminder_channel, django_capture_on_commit_callbacks
):
    sample = next(s for s in plan_queries.plan_view(plan, today=TODAY).steps
                  if s.step.kind == "pre_production_sample")  # fmt: skip
    assert sample.status == "missing" and sample.can_press
    with django_capture_on_commit_callbacks(execute=False):
        reminder = plan_services.press_for_sample(actor=merchandiser, plan=plan, today=TODAY)
    assert reminder.factory.name == "宜兴华美服装厂" and reminder.sent_to == "华美联系人"
    message = NotificationMessage.objects.get()
    assert plan.factory_order.order.number in message.subject and "邓芳" in message.body
    assert AuditEvent.objects.filter(action="inspection_plan.press_sample").count() == 1
    rows = plan_queries.sample_reminders_by_factory(merchandiser)
    assert rows == [{"name": "宜兴华美服装厂", "planned": 1, "missing": 1, "reminders": 1,
                     "pressed_orders": 1, "last": reminder.pressed_at}]  # fmt: skip


def test_d4_2_no_reminder_before_the_sample_is_due(plan, merchandiser, reminder_channel):
    with pytest.raises(InvalidTransition):
        plan_services.press_for_sample(actor=merchandiser, plan=plan, today=D(2026, 3, 6))
    assert not SampleReminder.objects.exists() and not NotificationMessage.objects.exists()


def test_d4_2_no_reminder_once_the_sample_is_recorded(
    plan, qc, merchandiser, factory_order, reminder_channel
):
    services.record_inspection(actor=qc, factory_order=factory_order,
                               stage="pre_production_sample", inspected_on=TODAY, lot_size=3)  # fmt: skip
    with pytest.raises(InvalidTransition):
        plan_services.press_for_sample(actor=merchandiser, plan=plan, today=TODAY)
    assert not SampleReminder.objects.exists() and not NotificationMessage.objects.exists()


def test_d4_2_no_reminder_without_a_channel_and_nothing_logged(plan, merchandiser):
    with pytest.raises(DomainError, match="公司政策"):
        plan_services.press_for_sample(actor=merchandiser, plan=plan, today=TODAY)
    assert not SampleReminder.objects.exists()


def test_d4_2_a_factory_login_cannot_press(plan, factory_user, reminder_channel):
    with pytest.raises(PermissionDenied):
        plan_services.press_for_sample(actor=factory_user, plan=plan, today=TODAY)
    assert not SampleReminder.objects.exists()


# ---------------------------------------------------------------- D4-14 summary
def test_d4_14_the_summary_is_sent_once_to_the_department_head_then_read_only(
    plan, merchandiser, head_channel, django_capture_on_commit_callbacks
):
    order = plan.factory_order.order
    plan_services.save_summary(actor=merchandiser, order=order,
                               texts={"problems": "袖口跳线", "handling": "返工后合格"})  # fmt: skip
    with django_capture_on_commit_callbacks(execute=False):
        report = plan_services.send_summary(actor=merchandiser, order=order)
    assert report.is_sent and report.sent_to == "部门经理"
    message = NotificationMessage.objects.get()
    assert "袖口跳线" in message.body and order.number in message.subject
    with pytest.raises(InvalidTransition):
        plan_services.send_summary(actor=merchandiser, order=order)
    with pytest.raises(InvalidTransition):
        plan_services.save_summary(actor=merchandiser, order=order, texts={"problems": "改"})
    assert NotificationMessage.objects.count() == 1
    assert OrderReport.objects.get().problems == "袖口跳线"


def test_d4_14_without_a_channel_the_summary_stays_a_draft(plan, merchandiser):
    order = plan.factory_order.order
    plan_services.save_summary(actor=merchandiser, order=order, texts={"problems": "x"})
    with pytest.raises(DomainError):
        plan_services.send_summary(actor=merchandiser, order=order)
    assert OrderReport.objects.get().status == "draft" and not NotificationMessage.objects.exists()


def test_d4_14_the_draft_is_made_from_the_orders_inspections(plan, qc, factory_order):
    services.record_inspection(
        actor=qc, factory_order=factory_order, stage="mid_production", inspected_on=TODAY,
        lot_size=500, note="已要求返工",
        defects=[{"defect_class": "major", "category": "workmanship",
                  "description": "袖口跳线", "count": 2}],
    )  # fmt: skip
    draft = plan_queries.draft_summary(
        factory_order.order, [plan_queries.plan_view(plan, today=TODAY)]
    )
    assert "袖口跳线" in draft["problems"] and "已要求返工" in draft["responses"]
    assert "宜兴华美服装厂" in draft["cooperation"]  # the sample was due and is missing


# ---------------------------------------------------------------- demo
def test_the_demo_plans_the_order_at_huamei_once(merchandiser, factory_user, huamei, factory_order):
    """`load_plans` (called from quality's demo): the plan, the minutes signed by 邓芳 and a
    saved draft of the summary; running it twice changes nothing."""
    from types import SimpleNamespace

    from django.contrib.auth import get_user_model

    from gendan.quality.plan_demo import load_plans

    context = SimpleNamespace(
        factory=huamei, user=lambda name: get_user_model().objects.get(username=name)
    )
    plan = load_plans(context)
    assert plan.factory_order == factory_order
    assert MeetingMinutes.objects.get().document.status == Document.Status.POSTED
    assert OrderReport.objects.get().status == "draft"
    assert load_plans(context) is None
    assert OrderPlan.objects.count() == 1 and MeetingMinutes.objects.count() == 1


def test_d4_14_when_the_order_closes_its_summary_is_drafted_for_the_merchandiser(
    plan, qc, merchandiser, factory_order
):
    from gendan.core import events
    from gendan.quality.plan_handlers import on_order_closed

    assert on_order_closed in events.subscribers(events.OrderClosed)
    services.record_inspection(
        actor=qc, factory_order=factory_order, stage="mid_production", inspected_on=TODAY,
        lot_size=500, defects=[{"defect_class": "major", "category": "workmanship",
                                "description": "袖口跳线", "count": 2}],
    )  # fmt: skip
    on_order_closed(events.OrderClosed(order_id=factory_order.order_id))
    report = OrderReport.objects.get()
    assert report.status == "draft" and report.drafted_by == merchandiser
    assert "袖口跳线" in report.problems
    report.problems = "张伟改过的总结"
    report.save()
    on_order_closed(events.OrderClosed(order_id=factory_order.order_id))  # delivered twice
    assert OrderReport.objects.get().problems == "张伟改过的总结"
