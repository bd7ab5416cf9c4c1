"""Browser, on a 375 px phone: 张伟 (跟单员) counts the fabric and trims against the
packing list of the jacket order at 宜兴华美 — the lining is 20 m short — and confirms
the count, which tells the QC manager and sales once (D4-1); then he opens an
early-production problem at the early-production inspection, 邓芳 (工厂) marks it
resolved on her phone and 张伟 verifies and closes it with a note (D4-6). No page
scrolls sideways."""

import datetime

import pytest
from playwright.sync_api import expect

from gendan.core.models import NotificationChannel, NotificationMessage, Policy
from gendan.quality import services
from gendan.quality.followup_models import FabricCount, ProductionProblem
from gendan.sales.models import FactoryOrder
from tests.e2e.conftest import _new_context, login, switch_user
from tests.e2e.garments import garment_order_at_huamei

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def inspections(transactional_db, live_server, chromium_executable):
    """The jacket order with its fabric check and early-production inspection recorded
    by 张伟, and the channels to the QC manager and sales."""
    from django.contrib.auth import get_user_model

    garment_order_at_huamei(1200)
    NotificationChannel.objects.create(name="质检经理", kind="email", recipients="q@example.com")
    NotificationChannel.objects.create(name="销售部", kind="email", recipients="s@example.com")
    Policy.objects.create(key="quality.fabric_count_channels", value="质检经理,销售部")
    merchandiser = get_user_model().objects.get(username="zhangwei")
    factory_order = FactoryOrder.objects.get()
    today = datetime.date.today()
    return {
        stage: services.record_inspection(
            actor=merchandiser,
            factory_order=factory_order,
            stage=stage,
            inspected_on=today,
            lot_size=lot,
        )  # fmt: skip
        for stage, lot in (("fabric", 1200), ("early_production", 200))
    }


def _fill_line(page, index, material, quantity, unit, width=""):
    page.locator(f"#line-{index}-material").fill(material)
    page.locator(f"#line-{index}-expected_quantity").fill(quantity)
    page.locator(f"#line-{index}-unit").fill(unit)
    if width:
        page.locator(f"#line-{index}-width_specified").fill(width)


def test_d4_1_d4_6_fabric_counted_on_the_phone_and_a_problem_followed_until_closed(
    browser, live_server, inspections
):
    phone = _new_context(browser, live_server, **PHONE).new_page()
    login(phone, "zhangwei")
    phone.goto(f"/quality/inspections/{inspections['fabric'].pk}/")
    phone.locator("[data-testid=packing-list-link]").click()
    _fill_line(phone, 1, "面料 涤棉府绸", "1500", "米", "148")
    _fill_line(phone, 2, "里布", "1500", "米", "150")
    phone.locator("[data-testid=save-lines]").click()
    expect(phone.locator("[data-testid=line-2]")).to_be_visible()
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)
    phone.locator("#count-1-counted_quantity").fill("1500")
    phone.locator("#count-1-width_measured").fill("148")
    phone.locator("#count-2-counted_quantity").fill("1480")
    phone.locator("#count-2-defects").fill("两处抽纱")
    phone.locator("[data-testid=save-count]").click()
    expect(phone.locator("[data-testid=shortage-2]")).to_contain_text("20")
    expect(phone.locator("[data-testid=line-1]")).to_have_attribute("data-short", "no")
    phone.locator("[data-testid=confirm-count] button").click()
    expect(phone.locator("[data-testid=count-confirmed]")).to_be_visible()
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)
    assert FabricCount.objects.filter(inspection=inspections["fabric"]).count() == 1
    assert NotificationMessage.objects.count() == 2  # the QC manager and sales, once

    phone.goto(f"/quality/inspections/{inspections['early_production'].pk}/")
    phone.locator("[data-testid=open-problem]").click()
    phone.locator("#process").fill("绱袖")
    phone.locator("#description").fill("袖窿起皱 2 件")
    phone.locator("#responsible").fill("车间主任王强")
    phone.locator("[data-testid=problem-form] button[type=submit]").click()
    expect(phone.locator("[data-testid=problem-state]")).to_have_attribute("data-state", "open")
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)
    problem = ProductionProblem.objects.get()
    assert problem.inspection_id == inspections["early_production"].pk

    switch_user(phone, "dengfang")
    phone.goto(f"/quality/problems/{problem.pk}/")
    phone.locator("#resolution").fill("已调小压脚压力，车工返修")
    phone.locator("[data-testid=resolve-form] button").click()
    expect(phone.locator("[data-testid=problem-state]")).to_have_attribute("data-state", "resolved")
    expect(phone.locator("[data-testid=close-form]")).to_have_count(0)  # not the factory's

    switch_user(phone, "zhangwei")
    phone.goto(f"/quality/problems/{problem.pk}/")
    phone.locator("#note").fill("复查 20 件袖窿，未见起皱")
    phone.locator("[data-testid=close-form] button").click()
    expect(phone.locator("[data-testid=problem-state]")).to_have_attribute("data-state", "closed")
    expect(phone.locator("[data-testid=close-note]")).to_contain_text("未见起皱")
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)
    phone.goto("/quality/problems/?state=closed")
    expect(phone.locator("[data-testid=problems] tbody tr[data-state=closed]")).to_have_count(1)
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)
