"""The process flow (D1-6): for an order or a product, each made part's operations with the
parts at each one now, summed over its lots, what is off the route, and per lot its route.

王芳 the clerk sends 40 半轴 from 车 to 热处理; 李军 passes 38, 2 go to rework; the rest of
the chain signs. 陈静 the statistician reads the flow."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gendan.shopfloor import flow_access, flow_queries, services
from tests.sales.factories import make_order, merchandiser_user
from tests.shopfloor.conftest import line, sign_through


@pytest.fixture
def order(half_shaft):
    return make_order(
        merchandiser_user(),
        lines=[{"item": half_shaft, "quantity": Decimal(60), "unit_price": Decimal("235")}],
    )


@pytest.fixture
def moved(order, half_shaft, cutter_shaft, statistician, clerk, signers):
    """Two lots of 半轴 (40 moved on, 20 at 车) and one of 刀轴 for the order."""
    first = services.start_lot(actor=statistician, item=half_shaft, quantity=40, order=order)
    services.start_lot(actor=statistician, item=half_shaft, quantity=20, order=order)
    services.start_lot(actor=statistician, item=cutter_shaft, quantity=25, order=order)
    slip = services.write_transfer(actor=clerk, destination="operation", lines=[line(first, 40)])
    sign_through(
        slip,
        **signers,
        quality=[{"position": 1, "passed": 38, "rework": 2}],
        handover=[{"position": 1, "handed_over": 37}],  # 1 unexplained: scrap
    )
    return first


def _chains(user, order):
    lots = flow_access.order_lots(user, order)
    return {chain.item.code: chain for chain in flow_queries.order_flow(lots)}


def test_the_flow_shows_the_parts_at_each_operation_summed_over_lots(order, moved, statistician):
    """D1-6: 半轴 — 20 at 车 (the second lot), 37 at 热处理, 2 in rework, 1 scrapped."""
    chain = _chains(statistician, order)["BZ-120"]
    assert [(box.name, box.quantity) for box in chain.boxes] == [
        ("车", 20),
        ("热处理", 37),
        ("磨", 0),
    ]
    sides = dict(chain.sides)
    assert (sides["rework"], sides["scrap"]) == (2, 1)


def test_the_flows_numbers_add_up_to_the_lots_started(order, moved, statistician):
    """D1-6, D1-5.4: every chain accounts for every part its lots started."""
    for chain in _chains(statistician, order).values():
        started = sum(route.lot.quantity for route in chain.routes)
        assert chain.started == started == chain.accounted


def test_each_lot_shows_its_route(order, moved, statistician):
    """D1-6: per lot, the operations passed, where its parts are and the next one."""
    chain = _chains(statistician, order)["BZ-120"]
    route = next(route for route in chain.routes if route.lot.pk == moved.pk)
    assert [(step.name, state) for step, _quantity, state in route.steps] == [
        ("车", flow_queries.PASSED),
        ("热处理", flow_queries.CURRENT),
        ("磨", flow_queries.NEXT),
    ]
    assert route.next_step.name == "磨"


def test_a_product_without_lots_shows_its_process_sheet(half_shaft, statistician):
    chains = flow_queries.item_flow(statistician, half_shaft)
    assert [box.name for box in chains[0].boxes] == ["车", "热处理", "磨"]
    assert chains[0].accounted == chains[0].started == 0


def test_the_flow_page_and_api_agree(client, order, moved, statistician):
    client.force_login(statistician)
    page = client.get(reverse("shopfloor:flow-order", args=[order.pk])).content.decode()
    assert 'data-item="BZ-120" data-started="60" data-accounted="60"' in page
    assert 'data-place="热处理" data-quantity="37"' in page
    body = client.get(f"/api/v1/shopfloor/flow/orders/{order.pk}").json()
    half = next(chain for chain in body if chain["item_code"] == "BZ-120")
    total = sum(
        Decimal(op["quantity"]) + Decimal(op["outside_quantity"]) for op in half["operations"]
    )
    total += sum(Decimal(v) for v in (*half["ends"].values(), *half["sides"].values()))
    assert total == Decimal(half["started"]) == 60
    item_page = client.get(reverse("shopfloor:flow-item", args=[moved.item_id]))
    assert item_page.status_code == 200


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_flow_page_reads_a_fixed_number_of_queries(client, order, half_shaft, statistician):
    """3 lots or 30: the same number of queries."""
    client.force_login(statistician)
    url = reverse("shopfloor:flow-order", args=[order.pk])
    for _ in range(3):
        services.start_lot(actor=statistician, item=half_shaft, quantity=5, order=order)
    few = _count_queries(client, url)
    for _ in range(27):
        services.start_lot(actor=statistician, item=half_shaft, quantity=5, order=order)
    assert _count_queries(client, url) == few


def test_an_outsider_does_not_see_the_flow(client, order, moved, outsider):
    client.force_login(outsider)
    assert client.get(reverse("shopfloor:flow-order", args=[order.pk])).status_code == 404


def test_parts_sent_outside_show_at_the_operation_done_outside(
    order, half_shaft, statistician, clerk, signers
):
    """D1-6: 40 半轴 sent from 车 to 热处理 at 城东热处理厂: 车 passed, 热处理 current with the
    40 at the outsourcer (awaiting dispatch), 磨 next; the chain still adds up."""
    from gendan.org.models import Site
    from tests.slips import factories

    heat = Site.objects.create(code="CD-RCL", name="城东热处理厂", kind=Site.Kind.OUTSOURCER)
    factories.warehouse(items=[half_shaft])
    lot = services.start_lot(actor=statistician, item=half_shaft, quantity=40, order=order)
    slip = services.write_transfer(
        actor=clerk, destination="outside", outsourcer=heat, lines=[line(lot, 40)]
    )
    sign_through(slip, **signers, place="")
    chain = _chains(statistician, order)["BZ-120"]
    route = chain.routes[0]
    assert [(step.name, quantity, state) for step, quantity, state in route.steps] == [
        ("车", 0, flow_queries.PASSED),
        ("热处理", 40, flow_queries.CURRENT),
        ("磨", 0, flow_queries.NEXT),
    ]
    assert (chain.boxes[1].outside_quantity, chain.boxes[1].total) == (40, 40)
    assert dict(chain.sides)["awaiting_dispatch"] == 0  # counted once, at 热处理
    assert chain.accounted == chain.started == 40


def test_who_may_see_the_order_sees_where_its_parts_are(client, order, moved):
    """As on the order page: 刘洋 the merchandiser reads the order's flow — the numbers,
    not the lots' own pages (his lot links are plain text)."""
    client.force_login(order.merchandiser)
    page = client.get(reverse("shopfloor:flow-order", args=[order.pk])).content.decode()
    assert 'data-item="BZ-120" data-started="60" data-accounted="60"' in page
    assert reverse("shopfloor:lot-detail", args=[moved.pk]) not in page
