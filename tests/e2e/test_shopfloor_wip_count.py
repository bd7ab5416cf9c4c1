"""A count of work in progress in the browser (issue 11, D1-1.5): 陈静 the statistician opens
a WIP count of 机加车间 at her desk; 王芳 the clerk counts on a 375 px phone — one 半轴
short at 车, scrapped — and hands it in; 赵刚 the workshop director signs it off; the
lot page shows the part in scrap, and its 40 are still all accounted for."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from gendan.shopfloor import queries
from gendan.shopfloor.wip_models import WipCount
from tests.e2e.conftest import VIEWPORTS, login, switch_user
from tests.e2e.machining import machining_floor

pytestmark = pytest.mark.browser

PEOPLE = [
    ("wangfang", "王芳", "clerk"),
    ("chenjing", "陈静", "statistician"),
    ("zhaogang", "赵刚", "workshop_director"),
]


@pytest.fixture
def floor(transactional_db, live_server, chromium_executable):
    """What the flush removed (the chains), then 机加车间 with its people and a lot of
    40 半轴 at 车."""
    machining, people, lot = machining_floor(PEOPLE, ("车", "热处理"))
    return {"lot": lot, "workshop": machining, **people}


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_wip_count_with_a_shortfall_scrapped_D1_1_5(browser, live_server, floor):
    lot = floor["lot"]
    desk_context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        **VIEWPORTS["desktop"],
    )
    phone_context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai", **VIEWPORTS["phone"]
    )
    try:
        desk, phone = desk_context.new_page(), phone_context.new_page()
        login(desk, "chenjing")
        desk.goto("/shopfloor/wip-counts/")
        desk.locator("#wip-open").click()
        expect(desk.locator("#wip-number")).to_be_visible()
        url = desk.url
        sheet = WipCount.objects.get()
        line = sheet.lines.get()
        assert line.expected == 40

        login(phone, "wangfang")
        phone.goto(url)
        phone.locator("#wip-count-on-phone").click()
        phone.locator(f"#counted-{line.pk}").fill("39")
        phone.locator(f"#explanation-{line.pk}").select_option("scrap")
        phone.locator(f"#note-{line.pk}").fill("磕碰")
        assert _fits(phone)
        phone.locator("#wip-save").click()
        expect(phone.locator(".alert-success")).to_be_visible()
        phone.locator("#wip-hand-in").click()
        expect(phone.locator(".alert-success")).to_be_visible()

        switch_user(desk, "zhaogang")
        desk.goto(url)
        expect(desk.locator(f'tr[data-place="{line.place.code}"] .wip-difference')).to_have_text(
            "-1"
        )
        desk.locator("#wip-sign").click()
        expect(desk.locator(".alert-success")).to_be_visible()
        expect(desk.locator("#wip-status")).to_have_text("已过账")

        phone.goto(f"/shopfloor/lots/{lot.pk}/")
        expect(phone.locator('[data-place="车"] .place-quantity')).to_have_text("39")
        expect(phone.locator('[data-place="scrap"] .place-quantity')).to_have_text("1")
        assert _fits(phone)
        found = queries.quantities([lot])[lot.pk]
        assert sum(found.values(), Decimal(0)) == 40
    finally:
        phone_context.close()
        desk_context.close()
