"""The one order page in the browser (issue 10 §8, D5-3.4), at 1366 px and at 375 px:
张伟 the merchandiser opens his order from the board and from the sales list, lands on
the same page, and sees its lines, plan, papers, timeline and notes without scrolling
sideways."""

import importlib
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import expect

from gendan.catalog.models import Item, Unit
from gendan.org.models import Role
from gendan.sales import services
from gendan.sales.models import Customer
from gendan.sales.role_permissions import apply_defaults
from tests.e2e.conftest import login
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.browser

WIDTHS = {
    "desktop-1366": {"viewport": {"width": 1366, "height": 800}},
    "phone-375": {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True},
}


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def wide_or_narrow(request, browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        **WIDTHS[request.param],
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def confirmed_order(transactional_db):
    """What the browser tests' flush removed (role permissions, milestone templates),
    then 张伟's confirmed order for 12 seeders in red, size L, with a note."""
    merchandiser = UserFactory(username="zhangwei", first_name="张伟")
    grant(merchandiser, "merchandiser")
    apply_defaults(Role, Permission)
    seed = importlib.import_module("gendan.followup.migrations.0002_seed_templates_and_claim_chain")
    from django.apps import apps

    seed.add_templates(apps, None)
    unit = Unit.objects.create(code="set", name="台")
    machine = Item.objects.create(code="1GQN-200", name="旋耕机", kind="machine", unit=unit)
    customer = Customer.objects.create(
        code="C001", name="河北丰田农机经销部", merchandiser=merchandiser
    )
    order = services.create_order(
        actor=merchandiser,
        customer=customer,
        channel="phone",
        order_type="machinery",
        order_date=timezone.localdate(),
        delivery_date=timezone.localdate() + timedelta(days=60),
        lines=[
            {
                "item": machine,
                "quantity": 12,
                "unit_price": "1234567.89",
                "colour": "大红色",
                "size_spec": "L 加长型",
            }
        ],
        note="客户要求木箱包装，随机附带中文说明书两份",
    )
    services.confirm_order(
        actor=merchandiser, order=order, called_person="张经理", confirmed_text="确认 12 台旋耕机"
    )
    return order


WIDER_THAN_THE_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > width + 0.5)
    .slice(0, 5)
    .map((e) => `${e.tagName}#${e.id}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`);
}"""


def _no_sideways_scroll(page):
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def _shows_the_whole_order(page, order):
    expect(page.locator("#order-number")).to_have_text(order.number)
    expect(page.locator('[data-testid="order-line"]')).to_have_count(1)
    expect(page.locator('[data-testid="order-line"]')).to_contain_text("大红色")
    expect(
        page.locator('[data-testid="section-plan"] [data-testid="milestone"]').first
    ).to_be_attached()
    expect(page.locator('[data-testid="section-papers"]')).to_contain_text("张经理")
    expect(page.locator('[data-testid="timeline-entry"]').first).to_be_attached()
    expect(page.locator('[data-testid="order-note"]')).to_contain_text("木箱包装")
    expect(page.locator("#order-total")).to_be_visible()
    assert _no_sideways_scroll(page), page.evaluate(WIDER_THAN_THE_SCREEN)


def test_d5_3_4_board_and_sales_list_open_the_same_whole_order_page(
    wide_or_narrow, confirmed_order
):
    page = wide_or_narrow
    login(page, "zhangwei")
    page.goto("/followup/")
    page.get_by_role("link", name=confirmed_order.number).first.click()
    page.wait_for_url(f"**/sales/orders/{confirmed_order.pk}/")
    from_board = page.url
    _shows_the_whole_order(page, confirmed_order)

    page.goto("/sales/orders/")
    page.get_by_role("link", name=confirmed_order.number).first.click()
    page.wait_for_url(f"**/sales/orders/{confirmed_order.pk}/")
    assert page.url == from_board
    _shows_the_whole_order(page, confirmed_order)
