"""Lots from the BOM, the process flow and label sheets in the browser (issue 11, D1-6,
D1-1.4, D1-4.5): 陈静 the statistician opens the 旋耕机 order's "按BOM开流转卡" page, sees
the proposal (半轴 24, 刀轴 12, 挡板 cannot start), starts the lots, reads the process flow
at 1366 px and on a 375 px phone, and prints the lots' labels on an A4 sheet."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from gendan.catalog import services as catalog
from gendan.core import papers
from gendan.core.models import ChainDefinition, ChainStep
from gendan.shopfloor.models import Lot
from tests.e2e.conftest import login
from tests.factories import UserFactory, WorkshopFactory, grant
from tests.sales.factories import make_order, merchandiser_user
from tests.slips import factories

pytestmark = pytest.mark.browser
SHOTS = "/tmp/gd-flow-shots"


@pytest.fixture
def order(transactional_db, live_server, chromium_executable):
    """机加车间 with 陈静; the 旋耕机 M-200 = 2 半轴 + 1 刀轴 + 1 挡板 (no process sheet);
    an order of 12 machines."""
    papers.install_default_chains(ChainDefinition, ChainStep)
    admin = get_user_model().objects.create_superuser("admin", "a@example.com", "x-pass-123")
    machining = WorkshopFactory(code="JJ", name="机加车间")
    grant(UserFactory(username="chenjing", first_name="陈静"), "statistician", workshop=machining)
    parts = []
    for code, name, operations in (
        ("BZ-120", "半轴", ("车", "热处理", "磨")),
        ("DZ-80", "刀轴", ("车", "铣键槽", "热处理", "磨", "动平衡")),
    ):
        part = factories.item(code, name, kind="part")
        catalog.define_process_sheet(
            actor=admin,
            item=part,
            steps=[
                {"sequence": 10 * index, "name": operation, "workshop": machining}
                for index, operation in enumerate(operations, start=1)
            ],
        )
        parts.append(part)
    machine = factories.item("M-200", "旋耕机", kind="machine")
    plate = factories.item("DB-3", "挡板", kind="part")
    catalog.set_bom_lines(
        actor=admin,
        parent=machine,
        lines=[(parts[0], Decimal(2)), (parts[1], Decimal(1)), (plate, Decimal(1))],
    )
    return make_order(
        merchandiser_user(),
        lines=[{"item": machine, "quantity": Decimal(12), "unit_price": Decimal("18600")}],
    )


def _context(browser, live_server, width, height, **extra):
    return browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": width, "height": height},
        **extra,
    )


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_statistician_starts_the_lots_reads_the_flow_and_prints_labels(
    browser, live_server, order
):
    """D1-6, D1-1.4: explode → confirm → flow at 1366 px and 375 px → A4 label sheet."""
    desk = _context(browser, live_server, 1366, 900)
    page = desk.new_page()
    login(page, "chenjing")
    page.goto(f"/shopfloor/orders/{order.pk}/explode/")
    expect(page.locator('tr[data-item="BZ-120"] .to-start')).to_have_text("24")
    expect(page.locator('tr[data-item="DZ-80"] .to-start')).to_have_text("12")
    expect(page.locator('tr[data-item="DB-3"]')).to_have_attribute("data-status", "no_sheet")
    assert not Lot.objects.exists()  # looking starts nothing
    page.screenshot(path=f"{SHOTS}-explode.png", full_page=True)
    page.locator("#explode-confirm").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert sorted(Lot.objects.values_list("item__code", "quantity")) == [
        ("BZ-120", Decimal(24)),
        ("DZ-80", Decimal(12)),
    ]
    # the confirmation leads to the order's process flow
    part = page.locator('section[data-item="DZ-80"]')
    expect(part.locator('.flow-box[data-place="车"]')).to_have_attribute("data-quantity", "12")
    expect(part).to_have_attribute("data-accounted", "12")
    expect(page.locator("#flow-started")).to_have_text("36")
    page.screenshot(path=f"{SHOTS}-1366.png", full_page=True)
    assert _fits(page)
    flow_url = page.url

    phone = _context(browser, live_server, 375, 740, is_mobile=True, has_touch=True)
    small = phone.new_page()
    login(small, "chenjing")
    small.goto(flow_url)
    boxes = small.locator('section[data-item="DZ-80"] .flow-box')
    expect(boxes).to_have_count(7)  # 5 operations, 待入库, 仓库
    first, second = boxes.nth(0).bounding_box(), boxes.nth(1).bounding_box()
    assert second["y"] > first["y"]  # the chain runs down the phone
    assert _fits(small)
    small.screenshot(path=f"{SHOTS}-375.png", full_page=True)
    phone.close()

    page.goto("/shopfloor/labels/")
    for lot in Lot.objects.all():
        page.locator(f'input[name="lot"][value="{lot.pk}"]').check()
    with desk.expect_page() as opened:
        page.locator("#labels-print").click()
    sheet = opened.value
    sheet.wait_for_load_state()
    expect(sheet.locator(".label")).to_have_count(2)
    for lot in Lot.objects.all():
        expect(sheet.locator(f'.label[data-lot="{lot.document.number}"] svg')).to_have_count(1)
    sheet.pdf(path=f"{SHOTS}-labels.pdf", format="A4")
    sheet.screenshot(path=f"{SHOTS}-labels.png", full_page=True)
    desk.close()
