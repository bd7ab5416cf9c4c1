"""The inspection plan's pages: 韩雪 (QC) edits the template, 张伟 (merchandiser) makes
the plan of the order at 宜兴华美 and presses the factory for its sample (D4-2), writes
the meeting minutes that 邓芳 (工厂) signs on her phone (D4-5), and writes and sends the
order summary (D4-14). 钱厂长 (another factory) and an outsider see nothing."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from gendan.core.models import Document, NotificationChannel, NotificationMessage, Policy
from gendan.quality import plan_services, services
from gendan.quality.plan_models import (
    MeetingMinutes,
    OrderPlan,
    OrderReport,
    PlanTemplateStep,
    SampleReminder,
)
from tests.quality.conftest import TODAY, make_factory_order

START = datetime.date(2026, 3, 16)
NOON = datetime.datetime.combine(TODAY, datetime.time(12, 0), tzinfo=ZoneInfo("Asia/Shanghai"))
PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile"}


@pytest.fixture(autouse=True)
def on_tuesday():
    with time_machine.travel(NOON, tick=False):
        yield


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def plan(merchandiser, factory_order):
    return plan_services.make_plan(
        actor=merchandiser, factory_order=factory_order, production_start=START
    )


def plan_url(plan):
    return f"/quality/orders/{plan.factory_order.order_id}/plan/"


def test_qc_edits_the_template_on_its_page(qc):
    client = client_for(qc)
    page = client.get("/quality/plan-template/").content.decode()
    assert 'data-testid="plan-template"' in page and "/quality/plan-template/fabric/" in page
    response = client.post("/quality/plan-template/fabric/",
                           {"anchor": "production_start", "offset": "-10", "is_active": "on"})  # fmt: skip
    assert response.status_code == 302
    assert PlanTemplateStep.objects.get(kind="fabric").offset == -10


def test_a_merchandiser_reads_the_template_but_cannot_change_it(merchandiser):
    client = client_for(merchandiser)
    page = client.get("/quality/plan-template/").content.decode()
    assert "/quality/plan-template/fabric/" not in page  # no form
    client.post("/quality/plan-template/fabric/", {"anchor": "production_start", "offset": "-9"})
    assert not PlanTemplateStep.objects.exists()


def test_d4_8_the_merchandiser_makes_the_plan_on_the_order_page(merchandiser, factory_order):
    client = client_for(merchandiser)
    url = f"/quality/orders/{factory_order.order_id}/plan/"
    assert 'data-testid="make-plan"' in client.get(url).content.decode()
    response = client.post(f"/quality/factory-orders/{factory_order.pk}/plan/",
                           {"production_start": START.isoformat()})  # fmt: skip
    assert response.status_code == 302 and response.url == url
    plan = OrderPlan.objects.get()
    page = client.get(url).content.decode()
    assert 'data-testid="plan-steps"' in page and "2026-03-23" in page  # first mid check
    assert 'data-testid="mid-flag"' in page  # D4-9: 6 checks do not fit before 04-02
    assert plan.steps.count() == 14


def test_the_order_plan_page_stays_within_a_query_budget(
    merchandiser, plan, django_assert_max_num_queries
):
    client = client_for(merchandiser)
    client.get(plan_url(plan))  # warm caches (content types, policies)
    with django_assert_max_num_queries(30):
        response = client.get(plan_url(plan))
    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["other_factory_user", "outsider"])
def test_another_factory_and_an_outsider_do_not_see_the_plan(request, plan, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(plan_url(plan)).status_code == 404
    assert client.get(f"/quality/plans/{plan.pk}/minutes/").status_code == 404
    assert client.get(f"/quality/orders/{plan.factory_order.order_id}/summary/").status_code == 404


def test_the_factory_login_sees_its_plan_without_buttons(plan, factory_user):
    page = client_for(factory_user).get(plan_url(plan)).content.decode()
    assert 'data-testid="plan-steps"' in page and 'data-testid="press-sample"' not in page


# ---------------------------------------------------------------- D4-2
@pytest.fixture
def reminder_channel(db):
    NotificationChannel.objects.create(name="华美联系人", kind="email", recipients="f@example.com")
    Policy.objects.create(key="quality.sample_reminder_channels", value="华美联系人")


def test_d4_2_the_merchandiser_presses_for_the_missing_sample_from_the_plan(
    plan, merchandiser, reminder_channel, django_capture_on_commit_callbacks
):
    client = client_for(merchandiser)
    page = client.get(plan_url(plan)).content.decode()
    assert 'data-step="pre_production_sample" data-status="missing"' in page
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(f"/quality/plans/{plan.pk}/press/")
    assert response.status_code == 302 and SampleReminder.objects.count() == 1
    assert NotificationMessage.objects.count() == 1
    page = client.get("/quality/sample-reminders/").content.decode()
    assert "宜兴华美服装厂" in page and plan.factory_order.order.number in page


def test_d4_2_the_factory_cannot_press_itself(plan, factory_user, reminder_channel):
    client_for(factory_user).post(f"/quality/plans/{plan.pk}/press/")
    assert not SampleReminder.objects.exists() and not NotificationMessage.objects.exists()


def _pressed_plan(merchandiser, factory, capture):
    plan = plan_services.make_plan(actor=merchandiser, production_start=START,
                                   factory_order=make_factory_order(merchandiser, factory))  # fmt: skip
    with capture(execute=False):
        plan_services.press_for_sample(actor=merchandiser, plan=plan, today=TODAY)


def _queries_of(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_d4_2_the_reminders_page_does_not_grow_its_queries_with_factories(
    merchandiser, huamei, nantong, reminder_channel, django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    client = client_for(merchandiser)
    _pressed_plan(merchandiser, huamei, django_capture_on_commit_callbacks)
    client.get("/quality/sample-reminders/")
    one = _queries_of(client, "/quality/sample-reminders/")
    for factory in (huamei, nantong):
        _pressed_plan(merchandiser, factory, django_capture_on_commit_callbacks)
    with django_assert_max_num_queries(one):
        page = client.get("/quality/sample-reminders/").content.decode()
    assert "南通制衣厂" in page and "宜兴华美服装厂" in page


def test_the_order_plan_page_does_not_grow_its_queries_with_steps(
    merchandiser, qc, plan, factory_order, django_assert_max_num_queries
):
    client = client_for(merchandiser)
    client.get(plan_url(plan))
    before = _queries_of(client, plan_url(plan))
    for day in (16, 17, 18):
        services.record_inspection(actor=qc, factory_order=factory_order, stage="mid_production",
                                   inspected_on=datetime.date(2026, 3, day), lot_size=100)  # fmt: skip
    with django_assert_max_num_queries(before):
        client.get(plan_url(plan))


# ---------------------------------------------------------------- D4-5 on the phone
def test_d4_5_minutes_written_on_the_page_are_signed_by_the_factory_on_its_phone(
    plan, merchandiser, factory_user
):
    writer = client_for(merchandiser)
    response = writer.post(f"/quality/plans/{plan.pk}/minutes/write/", {
        "held_on": "2026-03-12", "attendees": "张伟、邓芳", "critical_points": "袖口明线针距",
        "sample_issues": "领口不平"})  # fmt: skip
    assert response.status_code == 302
    minutes = MeetingMinutes.objects.get()
    phone = client_for(factory_user)
    page = phone.get(f"/quality/plans/{plan.pk}/minutes/", **PHONE).content.decode()
    assert 'data-testid="factory-sign"' in page and "袖口明线针距" in page
    assert 'data-testid="minutes-form"' not in page
    phone.post(f"/quality/plans/{plan.pk}/minutes/sign/", {"note": "同意"}, **PHONE)
    assert Document.objects.get(pk=minutes.document_id).status == Document.Status.POSTED


def test_d4_5_a_meeting_date_outside_the_window_is_refused_on_the_page(plan, merchandiser):
    client = client_for(merchandiser)
    response = client.post(f"/quality/plans/{plan.pk}/meeting/", {"meeting_on": "2026-03-16"},
                           follow=True)  # fmt: skip
    assert "2026-03-11" in response.content.decode()  # the window is given
    assert plan.steps.get(kind="meeting").planned_on == datetime.date(2026, 3, 12)


def test_d4_5_another_factory_cannot_sign_the_minutes(plan, merchandiser, other_factory_user):
    plan_services.write_minutes(actor=merchandiser, plan=plan, held_on="2026-03-12",
                                attendees="张伟", critical_points="针距")  # fmt: skip
    response = client_for(other_factory_user).post(f"/quality/plans/{plan.pk}/minutes/sign/")
    assert response.status_code == 404
    assert MeetingMinutes.objects.get().document.status == Document.Status.PENDING


# ---------------------------------------------------------------- D4-14
@pytest.fixture
def head_channel(db):
    NotificationChannel.objects.create(name="部门经理", kind="email", recipients="h@example.com")
    Policy.objects.create(key="quality.department_head_channel", value="部门经理")


def test_d4_14_the_summary_is_drafted_edited_sent_and_then_read_only(
    plan, qc, merchandiser, factory_order, head_channel, django_capture_on_commit_callbacks
):
    services.record_inspection(
        actor=qc, factory_order=factory_order, stage="mid_production", inspected_on=TODAY,
        lot_size=500, defects=[{"defect_class": "major", "category": "workmanship",
                                "description": "袖口跳线", "count": 2}],
    )  # fmt: skip
    client = client_for(merchandiser)
    url = f"/quality/orders/{factory_order.order_id}/summary/"
    page = client.get(url).content.decode()
    assert "袖口跳线" in page and 'data-testid="summary-form"' in page
    response = client.post(url, {"cooperation": "工厂配合良好", "problems": "袖口跳线，已返工",
                                 "responses": "当天整改", "handling": "按期交货"})  # fmt: skip
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=False):
        client.post(f"{url}send/")
    assert OrderReport.objects.get().is_sent and NotificationMessage.objects.count() == 1
    page = client.get(url).content.decode()
    assert 'data-testid="summary-form"' not in page and 'data-testid="sent"' in page
    refused = client.post(url, {"problems": "改写"})
    assert refused.status_code == 400
    with django_capture_on_commit_callbacks(execute=False):
        client.post(f"{url}send/")
    assert OrderReport.objects.get().problems == "袖口跳线，已返工"
    assert NotificationMessage.objects.count() == 1
