"""A transfer slip in the browser (issue 11, D1-3.2, D1-5.4): 王芳 the clerk opens the lot
from its label on a 375 px phone and writes 40 半轴 from 车 to 热处理; 李军 passes 38 and
marks 2 rework; 周杰 and 孙丽 sign; 陈静 registers it; the lot page shows 38 at 热处理 and
2 in rework. A slip mixing 半轴 and 刀轴 is refused (D1-3.3); an unexplained shortfall of 1
becomes scrap at registration (D1-5.4)."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from gendan.catalog import services as catalog
from gendan.core import papers
from gendan.core.models import ChainDefinition, ChainStep
from gendan.shopfloor import services
from tests.e2e.conftest import VIEWPORTS, login, switch_user
from tests.factories import UserFactory, WorkshopFactory, grant
from tests.slips import factories

pytestmark = pytest.mark.browser

PEOPLE = [
    ("wangfang", "王芳", "clerk"),
    ("lijun", "李军", "inspector"),
    ("zhoujie", "周杰", "operator"),
    ("sunli", "孙丽", "team_leader"),
    ("chenjing", "陈静", "statistician"),
]


@pytest.fixture
def floor(transactional_db, live_server, chromium_executable):
    """What the flush removed (the transfer chain), then 机加车间 with its people, 半轴
    and 刀轴 (one confusion group) routed 车 → 热处理 → 磨, and a lot of each."""
    papers.install_default_chains(ChainDefinition, ChainStep)
    admin = get_user_model().objects.create_superuser("admin", "a@example.com", "x-pass-123")
    machining = WorkshopFactory(code="JJ", name="机加车间")
    people = {}
    for username, name, role in PEOPLE:
        people[role] = UserFactory(username=username, first_name=name)
        grant(people[role], role, workshop=machining)
    items = []
    for code, name in (("BZ-120", "半轴"), ("DZ-80", "刀轴")):
        item = factories.item(code, name, kind="part")
        catalog.define_process_sheet(
            actor=admin,
            item=item,
            steps=[
                {"sequence": 10, "name": "车", "workshop": machining},
                {"sequence": 20, "name": "热处理", "workshop": machining},
                {"sequence": 30, "name": "磨", "workshop": machining},
            ],
        )
        items.append(item)
    catalog.create_confusion_group(actor=admin, name="半轴类易混件", items=items)
    lots = [
        services.start_lot(actor=people["statistician"], item=item, quantity=Decimal(count))
        for item, count in zip(items, (40, 25), strict=True)
    ]
    return {"lots": lots, **people}


def _context(browser, live_server, width):
    return browser.new_context(
        base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai", **VIEWPORTS[width]
    )


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _sign_as(desk, username, url, fill=None):
    switch_user(desk, username)
    desk.goto(url)
    for selector, value in (fill or {}).items():
        desk.locator(selector).fill(value)
    desk.locator("#sign-transfer").click()
    expect(desk.locator(".alert-success")).to_be_visible()


def _write_on_phone(phone, lot, step, quantity):
    phone.goto(f"/shopfloor/lots/{lot.pk}/")  # as the camera opens it from the label's QR
    phone.locator("#transfer-this-lot").click()
    phone.locator("#step-1").fill(str(step))
    phone.locator("#quantity-1").fill(str(quantity))
    assert _fits(phone)
    phone.locator("#write-transfer").click()
    expect(phone.locator("#transfer-number")).to_be_visible()
    return phone.url


def test_the_clerk_writes_a_transfer_on_a_phone_and_the_chain_moves_the_parts(
    browser, live_server, floor
):
    half_shafts, cutter_shafts = floor["lots"]
    phone_context = _context(browser, live_server, "phone")
    desk_context = _context(browser, live_server, "desktop")
    try:
        phone, desk = phone_context.new_page(), desk_context.new_page()
        login(phone, "wangfang")
        url = _write_on_phone(phone, half_shafts, 10, 40)

        _sign_as(desk, "lijun", url, {"#passed-1": "38", "#rework-1": "2"})
        _sign_as(desk, "zhoujie", url)
        _sign_as(desk, "sunli", url, {"#place": "热处理炉旁 A 区"})
        _sign_as(desk, "chenjing", url)
        expect(desk.locator("#transfer-status")).to_have_text("已过账")

        phone.goto(f"/shopfloor/lots/{half_shafts.pk}/")
        expect(phone.locator('[data-place="热处理"] .place-quantity')).to_have_text("38")
        expect(phone.locator('[data-place="rework"] .place-quantity')).to_have_text("2")
        assert _fits(phone)

        # D1-3.3: 半轴 and 刀轴 never travel on one slip
        phone.goto("/shopfloor/transfers/new/")
        phone.locator("#lot-1").select_option(str(half_shafts.pk))
        phone.locator("#step-1").fill("20")
        phone.locator("#quantity-1").fill("10")
        phone.locator("#lot-2").select_option(str(cutter_shafts.pk))
        phone.locator("#step-2").fill("10")
        phone.locator("#quantity-2").fill("5")
        phone.locator("#write-transfer").click()
        expect(phone.locator(".alert-danger")).to_contain_text("易混件")

        # D1-5.4: 周杰 hands over 37 of 38 without a word; registration books 1 as scrap
        url = _write_on_phone(phone, half_shafts, 20, 38)
        _sign_as(desk, "lijun", url)
        _sign_as(desk, "zhoujie", url, {"#handed_over-1": "37"})
        _sign_as(desk, "sunli", url, {"#place": "磨床区"})
        _sign_as(desk, "chenjing", url)
        expect(desk.locator(".unexplained-scrap")).to_be_visible()
        phone.goto(f"/shopfloor/lots/{half_shafts.pk}/")
        expect(phone.locator('[data-place="磨"] .place-quantity')).to_have_text("37")
        expect(phone.locator('[data-place="scrap"] .place-quantity')).to_have_text("1")
    finally:
        phone_context.close()
        desk_context.close()
