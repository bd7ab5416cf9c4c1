"""Outsourced goods coming back (D1-3.8): a purchased/outsourced receipt from a partner
that holds our material takes it back, or uses it up by the bill of materials, and the
outsourcer's holdings go down; a reversal gives them back."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gendan.catalog.models import BomLine
from gendan.core.models import Document
from gendan.stock import ledger
from gendan.stock.locations import PRODUCTION_CODE, standard_location
from gendan.stock.models import Location, StockMove, WarehouseItem
from gendan.stock.slips import queries, services
from gendan.stock.slips.models import SlipKind
from gendan.stock.slips.outsourcing import OutsourcerHoldsTooLittle
from tests.slips import factories
from tests.slips.factories import line, put_stock, through_chain, write

pytestmark = pytest.mark.usefixtures("chains_seeded")


def at(day, hour=9):
    return datetime.datetime(2026, 3, day, hour, 0, tzinfo=datetime.UTC)


@pytest.fixture
def heat_treater(db):
    return factories.supplier("OUT1", "邯郸热处理厂", kind="outsourcer")


@pytest.fixture
def gear_shaft(store):
    """Sent for heat treatment; comes back under the same code."""
    shaft = factories.item("CZ-30", "齿轮轴")
    WarehouseItem.objects.create(warehouse=store, item=shaft)
    return shaft


@pytest.fixture
def half_shaft_from_steel(half_shaft, round_steel):
    """A half shaft is machined from 6.5 kg of round steel."""
    return BomLine.objects.create(parent=half_shaft, component=round_steel, quantity=Decimal("6.5"))


def send(coordinator, storekeeper, store, outsourcer, *lines):
    """D1-3.8: the coordinator writes and signs the issue; the storekeeper issues it."""
    slip = write(coordinator, SlipKind.OUTSOURCING_ISSUE, store, list(lines), partner=outsourcer)
    return through_chain(slip, coordinator, storekeeper)


def write_receipt(storekeeper, store, outsourcer, *lines):
    return write(storekeeper, SlipKind.PURCHASED_RECEIPT, store, list(lines), partner=outsourcer)


def sign_all_but_last(slip, inspector, storekeeper):
    slip = through_chain(slip, inspector)
    return services.sign_slip(actor=storekeeper, slip=slip)


def receive(storekeeper, inspector, purchaser, store, outsourcer, *lines):
    """D1-3.6: inspector, storekeeper, then the purchaser's signature posts it."""
    slip = write_receipt(storekeeper, store, outsourcer, *lines)
    slip = sign_all_but_last(slip, inspector, storekeeper)
    return services.sign_slip(actor=purchaser, slip=slip)


def outsourcer_location(site):
    return Location.objects.get(kind=Location.Kind.OUTSOURCER, site=site)


def holdings():
    return [(row.site.code, row.item.code, row.quantity) for row in queries.outsourcer_holdings()]


def last_signature_refused(slip, signer):
    """The posting signature is refused: the slip still waits for it and no stock
    moved. Returns the refusal's message."""
    moves = StockMove.objects.count()
    with pytest.raises(OutsourcerHoldsTooLittle) as refused:
        services.sign_slip(actor=signer, slip=slip)
    slip.document.refresh_from_db()
    assert slip.document.status == Document.Status.PENDING
    assert StockMove.objects.count() == moves
    return str(refused.value)


def test_parts_back_from_heat_treatment_leave_the_outsourcer_not_the_supplier(
    coordinator,
    storekeeper,
    global_inspector,
    purchaser,
    store,
    store_location,
    heat_treater,
    gear_shaft,
):
    """D1-3.8: parts sent out and received back under the same code move from the
    outsourcer's location into the warehouse; what is not back yet is still held."""
    put_stock(storekeeper, gear_shaft, store_location, 50)
    send(coordinator, storekeeper, store, heat_treater, line(gear_shaft, 30))
    slip = receive(
        storekeeper, global_inspector, purchaser, store, heat_treater, line(gear_shaft, 20)
    )
    assert slip.document.status == Document.Status.POSTED
    outsourcer = outsourcer_location(heat_treater)
    posted = slip.lines.get()
    assert (posted.from_location, posted.to_location) == (outsourcer, store_location)
    assert ledger.on_hand(gear_shaft, outsourcer) == Decimal(10)
    assert ledger.on_hand(gear_shaft, store_location) == Decimal(40)
    moved = StockMove.objects.filter(document=slip.document)
    assert [(move.from_location, move.quantity) for move in moved] == [(outsourcer, 20)]
    assert holdings() == [("OUT1", "CZ-30", Decimal(10))]


def test_bringing_back_more_than_the_outsourcer_holds_is_refused_and_changes_nothing(
    coordinator,
    storekeeper,
    global_inspector,
    purchaser,
    store,
    store_location,
    heat_treater,
    gear_shaft,
):
    """D1-3.8: a receipt may bring back at most what the outsourcer holds of the item;
    the refusal names the item, the outsourcer, what it holds and what was received."""
    put_stock(storekeeper, gear_shaft, store_location, 50)
    send(coordinator, storekeeper, store, heat_treater, line(gear_shaft, 30))
    slip = write_receipt(
        storekeeper, store, heat_treater, line(gear_shaft, 20), line(gear_shaft, 15)
    )
    slip = sign_all_but_last(slip, global_inspector, storekeeper)
    message = last_signature_refused(slip, purchaser)
    assert "OUT-OUT1 邯郸热处理厂 holds 30 件 of our CZ-30 齿轮轴" in message
    assert "brings back 35 件 (5 件 more)" in message
    assert ledger.on_hand(gear_shaft, outsourcer_location(heat_treater)) == Decimal(30)
    assert ledger.on_hand(gear_shaft, store_location) == Decimal(20)
    assert slip.lines.filter(from_location__isnull=False).count() == 0


def test_machined_parts_use_up_the_material_held_at_the_outsourcer(
    coordinator,
    storekeeper,
    global_inspector,
    purchaser,
    store,
    store_location,
    heat_treater,
    half_shaft,
    round_steel,
    half_shaft_from_steel,
):
    """D1-3.8: machined parts come in from the supplier location, and received quantity ×
    the bill of materials moves from the outsourcer to production, on the same slip."""
    put_stock(storekeeper, round_steel, store_location, "200")
    send(coordinator, storekeeper, store, heat_treater, line(round_steel, "80.5"))
    slip = receive(
        storekeeper, global_inspector, purchaser, store, heat_treater, line(half_shaft, 10)
    )
    outsourcer = outsourcer_location(heat_treater)
    production = standard_location(PRODUCTION_CODE)
    supplier = Location.objects.get(kind=Location.Kind.SUPPLIER, site=heat_treater)
    assert ledger.on_hand(half_shaft, store_location) == Decimal(10)
    assert ledger.on_hand(half_shaft, supplier) == Decimal(-10)
    assert ledger.on_hand(round_steel, outsourcer) == Decimal("15.5")
    assert ledger.on_hand(round_steel, production) == Decimal(65)
    consumed = StockMove.objects.get(document=slip.document, item=round_steel)
    assert (consumed.from_location, consumed.to_location, consumed.quantity) == (
        outsourcer,
        production,
        Decimal(65),
    )
    assert StockMove.objects.filter(document=slip.document).count() == 2
    assert holdings() == [("OUT1", "45#-Φ60", Decimal("15.5"))]


def test_too_little_material_at_the_outsourcer_is_refused_and_changes_nothing(
    coordinator,
    storekeeper,
    global_inspector,
    purchaser,
    store,
    store_location,
    heat_treater,
    half_shaft,
    round_steel,
    half_shaft_from_steel,
):
    """D1-3.8: 13 half shafts need 84.5 kg of the 80.5 kg sent: refused with the figures,
    and neither the parts nor the material move."""
    put_stock(storekeeper, round_steel, store_location, "200")
    send(coordinator, storekeeper, store, heat_treater, line(round_steel, "80.5"))
    slip = write_receipt(storekeeper, store, heat_treater, line(half_shaft, 13))
    slip = sign_all_but_last(slip, global_inspector, storekeeper)
    message = last_signature_refused(slip, purchaser)
    assert "Receiving 13 件 BZ-120 uses 84.500 千克 of 45#-Φ60 圆钢" in message
    assert "OUT-OUT1 邯郸热处理厂 holds only 80.500 千克 of it (4.000 千克 short)" in message
    assert ledger.on_hand(round_steel, outsourcer_location(heat_treater)) == Decimal("80.5")
    assert ledger.on_hand(half_shaft, store_location) == 0
    assert ledger.on_hand(round_steel, standard_location(PRODUCTION_CODE)) == 0


def test_use_is_rounded_to_the_components_unit(
    coordinator,
    storekeeper,
    global_inspector,
    purchaser,
    store,
    store_location,
    heat_treater,
    half_shaft,
    gear_shaft,
):
    """D1-3.8: two half shafts come from one gear-shaft blank; three use up two blanks
    (1.5 rounded half up to whole pieces)."""
    BomLine.objects.create(parent=half_shaft, component=gear_shaft, quantity=Decimal("0.5"))
    put_stock(storekeeper, gear_shaft, store_location, 10)
    send(coordinator, storekeeper, store, heat_treater, line(gear_shaft, 10))
    receive(storekeeper, global_inspector, purchaser, store, heat_treater, line(half_shaft, 3))
    assert ledger.on_hand(gear_shaft, outsourcer_location(heat_treater)) == Decimal(8)


def test_a_batch_the_outsourcer_does_not_hold_is_refused_and_changes_nothing(
    coordinator,
    storekeeper,
    global_inspector,
    purchaser,
    store,
    store_location,
    heat_treater,
    gear_shaft,
):
    """D1-3.8: goods come back under the batches they were sent with; naming another
    batch is refused with the figures."""
    put_stock(storekeeper, gear_shaft, store_location, 30)
    send(coordinator, storekeeper, store, heat_treater, line(gear_shaft, 30))
    slip = write_receipt(
        storekeeper, store, heat_treater, line(gear_shaft, 30, batch_number="HT-0301")
    )
    slip = sign_all_but_last(slip, global_inspector, storekeeper)
    message = last_signature_refused(slip, purchaser)
    assert "holds 0 件 of CZ-30 齿轮轴 in batch HT-0301, not 30 件" in message
    assert ledger.on_hand(gear_shaft, outsourcer_location(heat_treater)) == Decimal(30)


def test_goods_of_the_outsourcers_own_material_come_from_the_supplier_location(
    coordinator,
    storekeeper,
    global_inspector,
    purchaser,
    store,
    store_location,
    heat_treater,
    half_shaft,
    round_steel,
):
    """D1-3.8: an item without a bill of materials held there, and not held itself, was
    bought: the outsourcer's holdings stay as they are."""
    put_stock(storekeeper, round_steel, store_location, "200")
    send(coordinator, storekeeper, store, heat_treater, line(round_steel, "80.5"))
    slip = receive(
        storekeeper, global_inspector, purchaser, store, heat_treater, line(half_shaft, 10)
    )
    assert slip.lines.get().from_location.kind == Location.Kind.SUPPLIER
    assert holdings() == [("OUT1", "45#-Φ60", Decimal("80.5"))]
    assert StockMove.objects.filter(document=slip.document).count() == 1


def test_reversing_the_receipt_gives_the_outsourcer_back_its_material(
    coordinator,
    storekeeper,
    global_inspector,
    purchaser,
    store,
    store_location,
    heat_treater,
    half_shaft,
    round_steel,
    gear_shaft,
    half_shaft_from_steel,
    time_machine,
):
    """D1-3.8, invariant 2: the reversing slip mirrors every move of the receipt, the
    material used up and the parts taken back; the outsourcer holds them again, since
    the day they were sent."""
    time_machine.move_to(at(2), tick=False)
    put_stock(storekeeper, round_steel, store_location, "200")
    put_stock(storekeeper, gear_shaft, store_location, 30)
    send(coordinator, storekeeper, store, heat_treater, line(round_steel, "80.5"))
    send(coordinator, storekeeper, store, heat_treater, line(gear_shaft, 30))
    time_machine.move_to(at(9), tick=False)
    slip = receive(
        storekeeper,
        global_inspector,
        purchaser,
        store,
        heat_treater,
        line(half_shaft, 10),
        line(gear_shaft, 30),
    )
    assert holdings() == [("OUT1", "45#-Φ60", Decimal("15.5"))]
    time_machine.move_to(at(10), tick=False)
    reversal = services.reverse_slip(actor=storekeeper, slip=slip, reason="外协件退回重做")
    for signer in (global_inspector, storekeeper, purchaser):
        reversal = services.sign_slip(actor=signer, slip=reversal)
    assert reversal.document.status == Document.Status.POSTED
    outsourcer = outsourcer_location(heat_treater)
    assert ledger.on_hand(round_steel, outsourcer) == Decimal("80.5")
    assert ledger.on_hand(gear_shaft, outsourcer) == Decimal(30)
    assert ledger.on_hand(round_steel, standard_location(PRODUCTION_CODE)) == 0
    assert ledger.on_hand(half_shaft, store_location) == 0
    assert ledger.on_hand(gear_shaft, store_location) == 0
    given_back = queries.outsourcer_consumption(reversal)
    assert [(m.item, m.quantity, m.to_location) for m in given_back] == [
        (round_steel, Decimal(65), outsourcer)
    ]
    rows = queries.outsourcer_holdings()
    assert [(row.item.code, row.quantity, row.since, row.days) for row in rows] == [
        ("45#-Φ60", Decimal("80.5"), at(2), 8),
        ("CZ-30", Decimal(30), at(2), 8),
    ]


def test_slip_page_shows_what_was_consumed_at_the_outsourcer(
    client,
    coordinator,
    storekeeper,
    global_inspector,
    purchaser,
    store,
    store_location,
    heat_treater,
    half_shaft,
    round_steel,
    half_shaft_from_steel,
):
    """D1-3.8: the receipt's page lists the material used up beyond its lines, and the
    outsourcer report shows what is left."""
    put_stock(storekeeper, round_steel, store_location, "200")
    send(coordinator, storekeeper, store, heat_treater, line(round_steel, "80.5"))
    slip = receive(
        storekeeper, global_inspector, purchaser, store, heat_treater, line(half_shaft, 10)
    )
    client.force_login(storekeeper)
    body = client.get(reverse("slips:slip-detail", args=[slip.pk])).content.decode()
    assert 'id="outsourcer-consumption"' in body
    assert "45#-Φ60 圆钢" in body and ">65 千克<" in body
    client.force_login(coordinator)
    report = client.get(reverse("slips:outsourcer-report")).content.decode()
    assert "15.5000 千克" in report


def test_slip_page_of_a_plain_receipt_has_no_consumption_table(
    client, storekeeper, global_inspector, purchaser, store, half_shaft
):
    """D1-3.6: a receipt from a supplier holding nothing of ours shows its lines only."""
    slip = receive(
        storekeeper,
        global_inspector,
        purchaser,
        store,
        factories.supplier(),
        line(half_shaft, 5),
    )
    client.force_login(storekeeper)
    body = client.get(reverse("slips:slip-detail", args=[slip.pk])).content.decode()
    assert 'id="outsourcer-consumption"' not in body


def test_outsourcer_report_reads_in_constant_queries(
    client, coordinator, storekeeper, store, store_location, heat_treater, round_steel, gear_shaft
):
    """D1-3.8: the report costs the same number of queries for one holding or many."""
    put_stock(storekeeper, round_steel, store_location, "200")
    put_stock(storekeeper, gear_shaft, store_location, 30)
    send(coordinator, storekeeper, store, heat_treater, line(round_steel, "80.5"))
    client.force_login(coordinator)
    url = reverse("slips:outsourcer-report")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    other = factories.supplier("OUT2", "永年电镀厂", kind="outsourcer")
    send(coordinator, storekeeper, store, other, line(gear_shaft, 10))
    send(coordinator, storekeeper, store, heat_treater, line(gear_shaft, 10), line(round_steel, 5))
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(queries.outsourcer_holdings()) == 3
    assert len(many.captured_queries) == len(few.captured_queries)
