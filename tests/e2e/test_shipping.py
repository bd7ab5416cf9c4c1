"""Shipping and batch picks in the browser (issue 10), at desktop and phone width:
the order desk writes a delivery note for an order and the stock on hand goes down by
the shipped quantity (D2-5); a return of batch-tracked steel posts (D1-5.3, D5-2.1).

Personas: 刘洋 the merchandiser; 李军 the inspector writes the return, 赵刚 the workshop
director and 陈敏 the storekeeper of 钢材库 sign it."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from gendan.org.models import Role
from gendan.stock import ledger, role_permissions
from gendan.stock.locations import standard_location
from gendan.stock.models import Batch, Location
from gendan.stock.slips.locations import station_location
from tests.e2e.conftest import login, switch_user
from tests.factories import UserFactory, WorkshopFactory, grant
from tests.sales.factories import CustomerFactory, make_order, merchandiser_user
from tests.slips import factories

pytestmark = pytest.mark.browser


def _opening(actor, item, place, quantity, batch):
    ledger.post_moves(
        actor=actor,
        moves=[ledger.Move(item, Decimal(quantity), standard_location("OPENING"), place, batch)],
    )


@pytest.fixture
def order_desk(transactional_db, live_server, chromium_executable):
    """An order for 12 旋耕机, and 14 of them on the shelf of 成品库 in two batches."""
    merchandiser = merchandiser_user()
    machine = factories.item("1GQN-200", "旋耕机", kind="machine")
    shelf = factories.warehouse(items=[machine]).locations.get()
    for number, expires_on, quantity in (
        ("CP-2510", datetime.date(2027, 1, 1), 8),
        ("CP-2511", datetime.date(2027, 6, 1), 6),
    ):
        batch = Batch.objects.create(item=machine, number=number, expires_on=expires_on)
        _opening(merchandiser, machine, shelf, quantity, batch)
    order = make_order(
        merchandiser,
        customer=CustomerFactory(merchandiser=merchandiser),
        lines=[{"item": machine, "quantity": Decimal(12), "unit_price": Decimal("18600")}],
    )
    return {"order": order, "item": machine, "shelf": shelf}


def test_d2_5_the_order_desk_ships_and_stock_on_hand_goes_down(page, order_desk):
    order, machine, shelf = order_desk["order"], order_desk["item"], order_desk["shelf"]
    line = order.lines.get()
    before = ledger.on_hand(machine, shelf)
    login(page, "liuyang")

    page.goto(f"/sales/orders/{order.pk}/delivery-notes/new/")
    page.locator(f"#ship-{line.pk}").fill("5")
    page.locator(f"#ship-batch-{line.pk}").select_option("CP-2511")
    page.locator("#write-delivery-note").click()

    expect(page.locator(".alert-success")).to_contain_text("SH-")
    assert ledger.on_hand(machine, shelf) == before - 5
    assert ledger.balance(machine, shelf, Batch.objects.get(number="CP-2511")) == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture
def steel_desk(transactional_db, live_server, chromium_executable):
    """钢材库 with 1 413 kg of round steel in two batches; 500 kg were issued to 机加车间
    (first-expiry-first-out), so its station holds both batches."""
    factories.seed_chains()
    machining = WorkshopFactory(code="JJ", name="机加车间")
    steel = factories.steel()
    store = factories.warehouse(code="GC", name="钢材库", items=[steel])
    people = {}
    for username, name, role, scope in [
        ("lijun", "李军", "inspector", {"workshop": machining}),
        ("zhaogang", "赵刚", "workshop_director", {"workshop": machining}),
        ("chenmin", "陈敏", "storekeeper", {"warehouse": store}),
    ]:
        people[username] = UserFactory(username=username, first_name=name)
        grant(people[username], role, **scope)
    role_permissions.apply_defaults(Role, Permission)
    shelf = store.locations.get()
    station = station_location(machining)
    for number, expires_on, kept, issued in (
        ("GC-2509", datetime.date(2027, 3, 1), 0, 413),
        ("GC-2511", datetime.date(2027, 9, 1), 913, 87),
    ):
        batch = Batch.objects.create(item=steel, number=number, expires_on=expires_on)
        if kept:
            _opening(people["chenmin"], steel, shelf, kept, batch)
        _opening(people["chenmin"], steel, station, issued, batch)
    return {"store": store, "machining": machining, "steel": steel, "shelf": shelf}


def test_d1_5_3_a_return_of_batch_tracked_steel_posts(page, steel_desk):
    steel, shelf = steel_desk["steel"], steel_desk["shelf"]
    login(page, "lijun")
    page.goto("/slips/new/return/")
    page.locator("#warehouse").select_option(str(steel_desk["store"].pk))
    page.locator("#workshop").select_option(str(steel_desk["machining"].pk))
    page.locator("#explanation").fill("下料余料退库：圆钢多领 450 千克")
    line = page.locator(".slip-line").first
    line.locator('select[name="line-item"]').select_option(label="45#-Φ60 圆钢")
    line.locator('input[name="line-quantity"]').fill("450")
    expect(line.locator('input[name="line-batch_number"]')).to_be_visible()
    page.locator("#save-and-submit").click()
    expect(page.locator("#slip-status")).to_be_visible()
    slip_url = page.url

    for username in ("zhaogang", "chenmin"):
        switch_user(page, username)
        page.goto(slip_url)
        page.locator("#sign-slip").click()

    expect(page.locator("#slip-status")).to_have_text("已过账")
    assert ledger.on_hand(steel, shelf) == Decimal(1363)
    station = Location.objects.get(kind=Location.Kind.STATION)
    assert ledger.balance(steel, station, Batch.objects.get(number="GC-2509")) == 0
    assert ledger.balance(steel, station, Batch.objects.get(number="GC-2511")) == 50
