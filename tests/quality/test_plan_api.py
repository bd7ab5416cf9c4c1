"""/api/v1/quality/plans (quality/plan_api.py), called as functions until the lead mounts
the router: 张伟 (merchandiser) makes the plan and writes the minutes (D4-5), 邓芳 (工厂)
signs them, 钱厂长 (another factory) gets nothing; the summary (D4-14) over the API."""

import datetime

import pytest
from django.test import RequestFactory

from gendan.core.errors import InvalidTransition, NotFound, PermissionDenied
from gendan.core.models import Document
from gendan.quality import plan_api
from gendan.quality.plan_models import MeetingMinutes, OrderPlan, OrderReport

START = datetime.date(2026, 3, 16)


def request_of(user):
    request = RequestFactory().post("/api/v1/quality/plans")
    request.user = user
    return request


def _made(merchandiser, factory_order):
    payload = plan_api.PlanIn(factory_order=factory_order.pk, production_start=START)
    return plan_api.make_plan(request_of(merchandiser), payload).value


def test_d4_5_the_merchandiser_plans_and_writes_minutes_the_factory_signs_over_the_api(
    merchandiser, factory_user, other_factory_user, factory_order
):
    plan = _made(merchandiser, factory_order)
    assert plan["mid_minimum"] == 6 and plan["steps"][0]["planned_on"] == datetime.date(2026, 3, 4)
    assert plan["steps"][0]["status_name"]  # a word for people, not the code only
    payload = plan_api.MinutesIn(held_on=datetime.date(2026, 3, 12), attendees="张伟、邓芳",
                                 critical_points="袖口明线针距")  # fmt: skip
    minutes = plan_api.write_minutes(request_of(merchandiser), plan["id"], payload).value
    assert minutes["number"] == "HY-F-YX-2026-000001" and minutes["status"] == "pending"
    with pytest.raises(NotFound):
        plan_api.sign_minutes(request_of(other_factory_user), plan["id"], plan_api.NoteIn())
    signed = plan_api.sign_minutes(
        request_of(factory_user), plan["id"], plan_api.NoteIn(note="同意")
    )
    assert signed["status"] == Document.Status.POSTED


def test_a_factory_login_cannot_make_a_plan_over_the_api(factory_user, factory_order):
    payload = plan_api.PlanIn(factory_order=factory_order.pk, production_start=START)
    with pytest.raises(PermissionDenied):
        plan_api.make_plan(request_of(factory_user), payload)
    assert not OrderPlan.objects.exists()


def test_another_factory_sees_no_plan_over_the_api(merchandiser, other_factory_user, factory_order):
    plan = _made(merchandiser, factory_order)
    assert plan_api.list_plans(request_of(other_factory_user)) == []
    with pytest.raises(NotFound):
        plan_api.plan_detail(request_of(other_factory_user), plan["id"])
    assert not MeetingMinutes.objects.exists()


def test_d4_14_the_summary_over_the_api_is_saved_and_refused_after_sending(
    merchandiser, factory_order, django_capture_on_commit_callbacks
):
    from gendan.core.models import NotificationChannel, Policy

    NotificationChannel.objects.create(name="部门经理", kind="email", recipients="h@example.com")
    Policy.objects.create(key="quality.department_head_channel", value="部门经理")
    _made(merchandiser, factory_order)
    order_id = factory_order.order_id
    draft = plan_api.summary(request_of(merchandiser), order_id)
    assert draft["is_saved"] is False
    saved = plan_api.save_summary(request_of(merchandiser), order_id,
                                  plan_api.SummaryIn(problems="袖口跳线"))  # fmt: skip
    assert saved["is_saved"] and saved["problems"] == "袖口跳线"
    with django_capture_on_commit_callbacks(execute=False):
        sent = plan_api.send_summary(request_of(merchandiser), order_id)
    assert sent["status"] == "sent" and sent["sent_to"] == "部门经理"
    with pytest.raises(InvalidTransition):
        plan_api.save_summary(request_of(merchandiser), order_id, plan_api.SummaryIn(problems="改"))
    assert OrderReport.objects.get().problems == "袖口跳线"
