"""A production receipt in the browser (issue 4), at desktop and phone width: the
statistician writes it; the inspector and director sign it from their inboxes; the
storekeeper opens it from its QR link on a phone and signs; the stock is on hand; the
four-part print view shows four captioned copies."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from gendan.org.models import Role
from gendan.stock import ledger, role_permissions
from gendan.stock.models import Location
from tests.e2e.conftest import VIEWPORTS, login, switch_user
from tests.factories import UserFactory, WorkshopFactory, grant
from tests.slips import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def receipt_desk(transactional_db, live_server, chromium_executable):
    """What the flush removed (the slip chains, the roles' stock permissions), then the
    people, a warehouse that manages half shafts, and 40 half shafts made at the
    machining station."""
    factories.seed_chains()
    machining = WorkshopFactory(code="JJ", name="机加车间")
    half_shaft = factories.item()
    store = factories.warehouse(items=[half_shaft])
    people = {}
    for username, name, role, scope in [
        ("liuyan", "刘燕", "statistician", {"workshop": machining}),
        ("lijun", "李军", "inspector", {"workshop": machining}),
        ("zhaogang", "赵刚", "workshop_director", {"workshop": machining}),
        ("chenmin", "陈敏", "storekeeper", {"warehouse": store}),
    ]:
        people[role] = UserFactory(username=username, first_name=name)
        grant(people[role], role, **scope)
    role_permissions.apply_defaults(Role, Permission)
    station = Location.objects.create(
        code="ST-JJ", name="机加工位", kind=Location.Kind.STATION, workshop=machining
    )
    factories.put_stock(people["statistician"], half_shaft, station, 40)
    return {"store": store, "machining": machining, "item": half_shaft, **people}


def write_receipt(page, desk):
    page.goto("/slips/new/production_receipt/")
    page.locator("#warehouse").select_option(str(desk["store"].pk))
    page.locator("#workshop").select_option(str(desk["machining"].pk))
    line = page.locator(".slip-line").first
    line.locator('select[name="line-item"]').select_option(label="BZ-120 半轴")
    line.locator('input[name="line-quantity"]').fill("40")
    page.locator("#save-and-submit").click()
    expect(page.locator("#slip-status")).to_be_visible()
    return page.locator("#slip-number").inner_text()


def sign_from_inbox(page, number):
    page.goto("/inbox/")
    page.get_by_role("link", name=number).click()
    page.locator("#sign-button").click()
    expect(page.locator(".alert-success")).to_contain_text(number)


def test_production_receipt_signed_along_its_chain_puts_stock_on_hand(
    page, browser, live_server, receipt_desk
):
    login(page, "liuyan")
    number = write_receipt(page, receipt_desk)
    slip_url = page.url
    page.goto(slip_url.rstrip("/") + "/print/?paper=continuous")
    expect(page.locator("section.copy")).to_have_count(4)
    qr_url = page.locator(".qr-url").first.inner_text()
    assert qr_url == slip_url

    for username in ("lijun", "zhaogang"):
        switch_user(page, username)
        sign_from_inbox(page, number)

    phone = browser.new_context(
        base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai", **VIEWPORTS["phone"]
    )
    try:
        handset = phone.new_page()
        login(handset, "chenmin")
        handset.goto("/inbox/")
        expect(handset.get_by_role("link", name=number)).to_be_visible()
        handset.goto(qr_url)  # as the camera would, from the printed QR code
        handset.locator("#sign-slip").click()
        expect(handset.locator("#slip-status")).to_have_text("已过账")
        expect(handset.locator("td.on-hand").first).to_contain_text("40")
    finally:
        phone.close()

    location = receipt_desk["store"].locations.get()
    assert ledger.balance(receipt_desk["item"], location) == Decimal(40)
    page.goto(slip_url.rstrip("/") + "/print/?paper=a4")
    copies = page.locator("section.copy")
    expect(copies).to_have_count(4)
    for index, caption in enumerate(
        ["存根", "第二联 成本会计联", "第三联 总保管联", "第四联 保管联"]
    ):
        expect(copies.nth(index).locator(".copy-caption")).to_contain_text(caption)
        expect(copies.nth(index).locator(".book-number")).to_have_text(number)
        expect(copies.nth(index).locator("svg")).to_have_count(1)
