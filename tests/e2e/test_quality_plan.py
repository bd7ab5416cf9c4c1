"""Browser: 张伟 (merchandiser) at 1366 px makes the inspection plan of the jacket order
at 宜兴华美 and writes the pre-production meeting minutes (D4-5, D4-8); 邓芳 (工厂, the
factory's login) signs them on a 375 px phone. No page scrolls sideways and no raw
step code reaches the screen."""

import datetime

import pytest
from playwright.sync_api import expect

from gendan.core.calendar import add_working_days
from gendan.core.models import Document
from gendan.quality.plan_models import MeetingMinutes, OrderPlan
from tests.e2e.conftest import _new_context, login
from tests.e2e.garments import garment_order_at_huamei

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1366, "height": 800}}
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
RAW_CODES = ("pre_production_sample", "mid_production", "first_piece", "production_start")


@pytest.fixture
def garment_at_huamei(transactional_db, live_server, chromium_executable):
    return garment_order_at_huamei(900, factory_due_in=45, delivery_in=60)


def _visible_text(page):
    return page.locator("main").inner_text()


def test_d4_5_plan_made_at_the_desk_and_minutes_signed_on_the_factory_phone(
    browser,
    live_server,
    garment_at_huamei,
):
    order = garment_at_huamei
    start = add_working_days(datetime.date.today(), 10)
    desk = _new_context(browser, live_server, **DESKTOP).new_page()
    login(desk, "zhangwei")
    desk.goto(f"/quality/orders/{order.pk}/plan/")
    desk.locator("[data-testid=make-plan] input[name=production_start]").fill(start.isoformat())
    desk.locator("[data-testid=make-plan] button").click()
    expect(desk.locator("[data-testid=plan-steps]")).to_be_visible()
    assert desk.evaluate(NO_SIDEWAYS_SCROLL)
    assert not any(code in _visible_text(desk) for code in RAW_CODES)
    plan = OrderPlan.objects.get()
    meeting = plan.steps.get(kind="meeting").planned_on
    assert meeting == add_working_days(start, -2)

    desk.goto(f"/quality/plans/{plan.pk}/minutes/")
    desk.locator("#attendees").fill("张伟、邓芳、车间主任")
    desk.locator("#critical_points").fill("袖口明线 3 cm 12 针")
    desk.locator("[data-testid=minutes-form] button").click()
    expect(desk.locator("[data-testid=minutes-paper]")).to_be_visible()

    phone = _new_context(browser, live_server, **PHONE).new_page()
    login(phone, "dengfang")
    phone.goto(f"/quality/plans/{plan.pk}/minutes/")
    expect(phone.locator("[data-testid=minutes-paper]")).to_contain_text("袖口明线")
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)
    phone.locator("[data-testid=factory-sign] button").click()
    expect(phone.locator("[data-testid=factory-sign]")).to_have_count(0)
    minutes = MeetingMinutes.objects.select_related("document").get()
    assert minutes.document.status == Document.Status.POSTED
    phone.goto(f"/quality/orders/{order.pk}/plan/")
    expect(phone.locator("[data-step=meeting]")).to_have_attribute("data-status", "signed")
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)
    assert not any(code in _visible_text(phone) for code in RAW_CODES)
