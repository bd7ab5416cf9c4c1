"""Milestones of the machinery plan completed from the warehouse, with no hand step
(issue 8, Done-when): a production receipt posted for an order completes "成品检验" and
"成品入库"; purchased receipts complete "外购外协件到齐" once every bought line of the
order is in (rule: gendan.followup.purchases).

Personas: 刘敏 the merchandiser takes the order; 刘燕 the statistician writes the
production receipt, 李军 inspects, 赵刚 signs for the workshop, 陈敏 the storekeeper
receives; 郭静 inspects and 马强 the purchaser signs the purchased receipts.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from gendan.catalog.models import BomLine
from gendan.core import events
from gendan.core.models import EventRecord
from gendan.followup import purchases
from gendan.followup.models import Milestone
from gendan.sales.services import create_order
from gendan.stock.slips.models import SlipKind
from tests.followup.factories import CustomerFactory
from tests.slips import factories
from tests.slips.conftest import global_inspector, purchaser, statistician, storekeeper

__all__ = ["global_inspector", "purchaser", "statistician", "storekeeper"]

BOUGHT = "外购外协件到齐"
INSPECTED = "成品检验"
STORED = "成品入库"


@pytest.fixture
def machine(db):
    """A seeder 1GQN-200: per machine 2 bearings (bought), 1 housing (outsourced) and one
    made shaft that takes 4 bolts (standard parts); its steel is not a bought part."""
    seeder = factories.item("1GQN-200", "旋耕机", kind="machine")
    shaft = factories.item("BZ-120", "半轴", kind="part")
    parts = {
        "bearing": factories.item("6205", "轴承", kind="purchased_part"),
        "housing": factories.item("KT-01", "变速箱壳体", kind="outsourced_part"),
        "bolt": factories.item("M10", "螺栓", kind="standard_part"),
    }
    BomLine.objects.create(parent=seeder, component=parts["bearing"], quantity=2)
    BomLine.objects.create(parent=seeder, component=parts["housing"], quantity=1)
    BomLine.objects.create(parent=seeder, component=shaft, quantity=1)
    BomLine.objects.create(parent=shaft, component=parts["bolt"], quantity=4)
    BomLine.objects.create(parent=shaft, component=factories.steel(), quantity="6.5")
    return seeder, parts


@pytest.fixture
def store(machine):
    seeder, parts = machine
    return factories.warehouse(items=[seeder, *parts.values()])


@pytest.fixture
def order(frozen, merchandiser, machine, django_capture_on_commit_callbacks):
    """A machinery order for 2 seeders, confirmed at once: its plan exists."""
    with django_capture_on_commit_callbacks(execute=True):
        return create_order(
            actor=merchandiser,
            customer=CustomerFactory(),
            channel="phone",
            order_type="machinery",
            order_date=date(2025, 8, 1),
            delivery_date=date(2025, 10, 10),
            lines=[{"item": machine[0], "quantity": 2, "unit_price": "18000"}],
        )


def _milestone(order, name):
    return Milestone.objects.get(order=order, name=name)


def _purchased(order, store, purchaser, global_inspector, storekeeper, lines, capture):
    slip = factories.write(
        storekeeper,
        SlipKind.PURCHASED_RECEIPT,
        store,
        lines,
        partner=factories.supplier(),
        order=order,
    )
    with capture(execute=True):
        return factories.through_chain(slip, global_inspector, storekeeper, purchaser)


def test_bought_lines_of_an_order_come_from_its_bill_of_materials(order, machine):
    _seeder, parts = machine
    assert purchases.bought_quantities(order.pk) == {
        parts["bearing"].pk: Decimal(4),
        parts["housing"].pk: Decimal(2),
        parts["bolt"].pk: Decimal(8),
    }


def test_production_receipt_for_the_order_completes_inspection_and_storage_milestones(
    order,
    machine,
    store,
    machining,
    statistician,
    inspector,
    director,
    storekeeper,
    django_capture_on_commit_callbacks,
):
    slip = factories.write(
        statistician,
        SlipKind.PRODUCTION_RECEIPT,
        store,
        [factories.line(machine[0], 2)],
        workshop=machining,
        order=order,
    )
    with django_capture_on_commit_callbacks(execute=True):
        factories.through_chain(slip, inspector, director, storekeeper)
    stored, inspected = _milestone(order, STORED), _milestone(order, INSPECTED)
    evidence = f"/documents/{slip.document_id}/"
    assert (stored.status, stored.completed_how, stored.evidence_url) == (
        "done",
        "event",
        evidence,
    )
    assert (inspected.status, inspected.evidence_url) == ("done", evidence)
    assert _milestone(order, BOUGHT).status == "open"
    receipt = EventRecord.objects.get(order_id=order.pk, code=events.ReceiptPosted.code)
    assert receipt.as_event().lines == ((machine[0].pk, "2"),)
    assert receipt.actor == storekeeper


def test_purchased_receipts_complete_the_bought_parts_milestone_when_all_are_in(
    order,
    machine,
    store,
    purchaser,
    global_inspector,
    storekeeper,
    django_capture_on_commit_callbacks,
):
    _seeder, parts = machine
    people = (purchaser, global_inspector, storekeeper)
    capture = django_capture_on_commit_callbacks
    first = [factories.line(parts["bearing"], 4), factories.line(parts["housing"], 2)]
    _purchased(order, store, *people, first, capture)
    assert _milestone(order, BOUGHT).status == "open"  # the bolts are still missing
    _purchased(order, store, *people, [factories.line(parts["bolt"], 5)], capture)
    assert _milestone(order, BOUGHT).status == "open"  # 5 of 8 bolts
    last = _purchased(order, store, *people, [factories.line(parts["bolt"], 3)], capture)
    bought = _milestone(order, BOUGHT)
    assert (bought.status, bought.completed_how, bought.evidence_url) == (
        "done",
        "event",
        f"/documents/{last.document_id}/",
    )
    assert _milestone(order, STORED).status == "open"  # a purchase is not finished goods


def test_purchased_receipt_for_another_order_does_not_count(
    order,
    machine,
    store,
    purchaser,
    global_inspector,
    storekeeper,
    merchandiser,
    django_capture_on_commit_callbacks,
):
    _seeder, parts = machine
    with django_capture_on_commit_callbacks(execute=True):
        other = create_order(
            actor=merchandiser,
            customer=CustomerFactory(),
            channel="phone",
            order_type="machinery",
            order_date=date(2025, 8, 1),
            delivery_date=date(2025, 10, 10),
            lines=[{"item": machine[0], "quantity": 1, "unit_price": "18000"}],
        )
    everything = [
        factories.line(parts["bearing"], 4),
        factories.line(parts["housing"], 2),
        factories.line(parts["bolt"], 8),
    ]
    people = (purchaser, global_inspector, storekeeper)
    _purchased(other, store, *people, everything, django_capture_on_commit_callbacks)
    assert _milestone(order, BOUGHT).status == "open"
    assert _milestone(other, BOUGHT).status == "done"


def test_order_page_timeline_tells_the_receipt_in_words_local_time_and_signer(
    client,
    merchandiser,
    order,
    machine,
    store,
    machining,
    statistician,
    inspector,
    director,
    storekeeper,
    django_capture_on_commit_callbacks,
):
    slip = factories.write(
        statistician,
        SlipKind.PRODUCTION_RECEIPT,
        store,
        [factories.line(machine[0], 2)],
        workshop=machining,
        order=order,
    )
    with django_capture_on_commit_callbacks(execute=True):
        factories.through_chain(slip, inspector, director, storekeeper)
    client.force_login(merchandiser)
    response = client.get(reverse("sales:order-detail", args=[order.pk]))
    timeline = response.content.decode().split('data-testid="timeline"')[1].split("</ul>")[0]
    receipt = EventRecord.objects.get(order_id=order.pk, code=events.ReceiptPosted.code)
    entry = next(line for line in timeline.splitlines() if slip.document.number in line)
    assert "08-01 09:00" in entry and "陈敏" in entry  # Shanghai time, not 01:00 UTC
    assert receipt.describe() in entry
    for raw in ("receipt.posted", "slips.production_receipt", "{", "+00:00", "T01:00"):
        assert raw not in timeline
