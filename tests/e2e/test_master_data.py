"""Master data in the browser without the admin (issue 10), at 1366 px and at 375 px:
from the demo, 陈静 the statistician opens 仓库设置 from her menu, assigns an item to
成品库 by typing its code, and sees it in the warehouse's list; the page never scrolls
sideways and no link leads to /admin/."""

import pytest
from playwright.sync_api import expect

from gendan import demo
from gendan.org.models import Warehouse
from gendan.stock.models import WarehouseItem
from tests.e2e.conftest import login, open_menu, reseed_if_flushed

# The demo needs what the migrations seed (roles, their permissions, chains and books);
# after another browser test's flush they are gone and `reseed_if_flushed` puts them back.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop-1366": (1366, 800), "phone-375": (375, 740)}


@pytest.fixture
def demo_factory(live_server, chromium_executable):
    reseed_if_flushed()
    demo.load()
    return Warehouse.objects.get(code="CP")


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def sized_page(request, browser, live_server):
    width, height = WIDTHS[request.param]
    options = {"viewport": {"width": width, "height": height}}
    if width < 500:
        options |= {"is_mobile": True, "has_touch": True}
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai", **options
    )
    page = context.new_page()
    yield page
    context.close()


def _no_sideways_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page scrolls sideways by {overflow} px"


def test_statistician_assigns_an_item_to_the_finished_goods_store(sized_page, demo_factory):
    page = sized_page
    login(page, "chenjing", demo.PASSWORD)
    open_menu(page)
    page.locator('[data-menu="warehouse-setup"]').click()
    page.locator(f'a[href="/stock/setup/{demo_factory.pk}/items/"]').click()
    expect(page.locator("h1")).to_contain_text("成品库")
    _no_sideways_scroll(page)
    assert "/admin/" not in page.content()
    page.locator("#id_item").fill("JK-M01")
    page.locator("#assign-item-form button[type=submit]").click()
    expect(page.locator("#managed-items")).to_contain_text("JK-M01")
    expect(page.locator(".alert-success")).to_be_visible()
    _no_sideways_scroll(page)
    assert WarehouseItem.objects.filter(warehouse=demo_factory, item__code="JK-M01").exists()
    page.goto(f"/stock/setup/{demo_factory.pk}/places/")
    expect(page.locator("#places")).to_contain_text("A-01")
    _no_sideways_scroll(page)
