"""Starting an order's lots by exploding its BOM (D1-6, issue 11).

The 旋耕机 M-200 is built from 2 刀轴总成 (a welded sub-assembly with its own process
sheet), 3 半轴, 1 挡板 (no process sheet yet) and 5 kg of steel; each 刀轴总成 takes 1
半轴 and 4 刀片. 陈静 the statistician of 机加车间 explodes an order of 10 machines."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from gendan.catalog import services as catalog
from gendan.catalog.models import Item
from gendan.core.errors import InvalidTransition, PermissionDenied
from gendan.core.models import AuditEvent
from gendan.shopfloor import flow_explode, flow_queries, services
from gendan.shopfloor.models import Lot
from gendan.stock.models import StockMove
from tests.sales.factories import make_order, merchandiser_user
from tests.slips import factories


def _sheet(admin, item, *operations):
    catalog.define_process_sheet(
        actor=admin,
        item=item,
        steps=[
            {"sequence": 10 * index, "name": name, "workshop": workshop}
            for index, (name, workshop) in enumerate(operations, start=1)
        ],
    )
    return item


@pytest.fixture
def machine(admin_user, machining):
    machine = factories.item("M-200", "旋耕机", kind="machine")
    assembly = _sheet(
        admin_user,
        factories.item("DZZ-1", "刀轴总成", kind="semi_finished"),
        ("焊", machining),
        ("装配", machining),
    )
    half_shaft = _sheet(
        admin_user,
        factories.item("BZ-120", "半轴", kind="part"),
        ("车", machining),
        ("磨", machining),
    )
    blade = _sheet(admin_user, factories.item("DP-9", "刀片", kind="part"), ("冲压", machining))
    plate = factories.item("DB-3", "挡板", kind="part")
    catalog.set_bom_lines(
        actor=admin_user,
        parent=machine,
        lines=[
            (assembly, Decimal(2)),
            (half_shaft, Decimal(3)),
            (plate, Decimal(1)),
            (factories.steel(), Decimal(5)),
        ],
    )
    catalog.set_bom_lines(
        actor=admin_user, parent=assembly, lines=[(half_shaft, Decimal(1)), (blade, Decimal(4))]
    )
    return machine


@pytest.fixture
def order(machine):
    return make_order(
        merchandiser_user(),
        lines=[{"item": machine, "quantity": Decimal(10), "unit_price": Decimal("18600")}],
    )


def _rows(order):
    return {row.item.code: row for row in flow_explode.propose(order)}


def test_a_two_level_bom_proposes_one_lot_per_made_part(order):
    """D1-6: quantity = order quantity × BOM quantities, summed over the paths; the
    sub-assembly gets its own lot and its components are exploded further."""
    rows = _rows(order)
    assert {code: row.to_start for code, row in rows.items()} == {
        "DZZ-1": Decimal(20),
        "BZ-120": Decimal(50),  # 10 × 3 directly + 10 × 2 × 1 in the sub-assembly
        "DP-9": Decimal(80),
        "DB-3": None,
    }
    assert "M-200" not in rows  # the machine is only exploded
    assert "45#-Φ60" not in rows  # steel is issued, not made


def test_a_part_without_a_process_sheet_is_listed_as_cannot_start(order):
    """D1-6: 挡板 has no process sheet: listed, never silently left out."""
    row = _rows(order)["DB-3"]
    assert (row.status, row.needed) == (flow_explode.NO_SHEET, Decimal(10))


def test_starting_makes_the_lots_for_the_order(order, statistician):
    lots = flow_explode.start_lots_for_order(actor=statistician, order=order)
    found = {lot.item.code: lot.quantity for lot in lots}
    assert found == {"DZZ-1": 20, "BZ-120": 50, "DP-9": 80}
    assert all(lot.order_id == order.pk for lot in Lot.objects.all())
    assert AuditEvent.objects.filter(action="shopfloor.order.explode").count() == 1


def test_exploding_twice_starts_nothing_new(order, statistician):
    """D1-6: idempotent — the second explosion finds everything started."""
    flow_explode.start_lots_for_order(actor=statistician, order=order)
    assert flow_explode.start_lots_for_order(actor=statistician, order=order) == []
    assert Lot.objects.count() == 3
    assert {row.status for row in flow_explode.propose(order)} == {
        flow_explode.STARTED,
        flow_explode.NO_SHEET,
    }


def test_what_is_already_started_for_the_order_is_subtracted(order, statistician):
    half_shaft = Item.objects.get(code="BZ-120")
    services.start_lot(actor=statistician, item=half_shaft, quantity=Decimal(30), order=order)
    lots = flow_explode.start_lots_for_order(actor=statistician, order=order)
    assert {lot.item.code: lot.quantity for lot in lots}["BZ-120"] == Decimal(20)


def test_a_refusal_starts_nothing(order, statistician, admin_user, welding):
    """D1-6: all or nothing — 刀片 are stamped in 焊接车间, where 陈静 holds no role: the
    refusal names the part and not one lot, move or paper is written."""
    blade = Item.objects.get(code="DP-9")
    _sheet(admin_user, blade, ("冲压", welding))
    moves = StockMove.objects.count()
    with pytest.raises(PermissionDenied) as refused:
        flow_explode.start_lots_for_order(actor=statistician, order=order)
    assert "DP-9" in str(refused.value)
    assert Lot.objects.count() == 0
    assert StockMove.objects.count() == moves


def test_the_page_proposes_then_starts(client, order, statistician):
    """按BOM开流转卡: the page shows the proposal; confirming starts the lots."""
    client.force_login(statistician)
    page = client.get(reverse("shopfloor:order-explode", args=[order.pk])).content.decode()
    assert 'data-item="DP-9" data-status="start"' in page
    assert 'data-item="DB-3" data-status="no_sheet"' in page
    assert not Lot.objects.exists()  # looking starts nothing
    expected = re.search(r'name="expected" value="([^"]*)"', page).group(1)
    assert expected == "DZZ-1×20;BZ-120×50;DP-9×80"
    response = client.post(
        reverse("shopfloor:order-explode-start", args=[order.pk]), {"expected": expected}
    )
    assert response.url == reverse("shopfloor:flow-order", args=[order.pk])
    assert Lot.objects.count() == 3


def test_the_api_dry_run_starts_nothing_then_starts(client, order, statistician):
    client.force_login(statistician)
    url = f"/api/v1/shopfloor/orders/{order.pk}/explode"
    dry = client.post(url, {"dry_run": True}, content_type="application/json").json()
    assert {row["item_code"]: row["status"] for row in dry["proposal"]} == {
        "DZZ-1": "start",
        "BZ-120": "start",
        "DP-9": "start",
        "DB-3": "no_sheet",
    }
    assert dry["started"] == [] and not Lot.objects.exists()
    done = client.post(url, {}, content_type="application/json").json()
    assert sorted(row["item_code"] for row in done["started"]) == ["BZ-120", "DP-9", "DZZ-1"]
    again = client.post(url, {}, content_type="application/json").json()
    assert again["started"] == []


def test_someone_who_may_not_start_lots_or_see_the_order_finds_nothing(client, order, outsider):
    client.force_login(outsider)
    assert client.get(reverse("shopfloor:order-explode", args=[order.pk])).status_code == 404
    response = client.post(
        f"/api/v1/shopfloor/orders/{order.pk}/explode", {}, content_type="application/json"
    )
    assert response.status_code == 404
    assert not Lot.objects.exists()


def test_the_demo_gives_the_machine_its_bom_once(admin_user):
    """The demo's 1GQN-200 旋耕机: 2 半轴, 1 刀轴, 2 半轴壳; loading twice changes nothing."""
    from types import SimpleNamespace

    from gendan.shopfloor import demo_flow

    codes = ("1GQN-200", "BZ-120", "DZ-80", "BZK-12")
    context = SimpleNamespace(
        admin=admin_user, items={code: factories.item(code, code, kind="part") for code in codes}
    )
    demo_flow.load(context)
    demo_flow.load(context)
    machine = context.items["1GQN-200"]
    assert sorted(machine.bom_lines.values_list("component__code", "quantity")) == [
        ("BZ-120", 2),
        ("BZK-12", 2),
        ("DZ-80", 1),
    ]


def test_a_proposal_that_changed_since_it_was_shown_is_refused(order, statistician):
    """D1-6: the statistician confirms what she saw; another lot started meanwhile and
    the confirmation is refused, nothing started."""
    seen = flow_explode.fingerprint(flow_explode.propose(order))
    half_shaft = Item.objects.get(code="BZ-120")
    services.start_lot(actor=statistician, item=half_shaft, quantity=Decimal(5), order=order)
    with pytest.raises(InvalidTransition):
        flow_explode.start_lots_for_order(actor=statistician, order=order, expected=seen)
    assert Lot.objects.count() == 1


def test_a_machine_without_a_sheet_shows_the_flow_of_its_made_parts(machine, statistician):
    """D1-6: the product's flow — its made parts' chains (the machine is only exploded)."""
    chains = flow_queries.item_flow(statistician, machine)
    assert [chain.item.code for chain in chains] == ["DZZ-1", "BZ-120", "DP-9"]
