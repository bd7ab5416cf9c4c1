"""Each slip kind end to end through its chain, signed by the personas the seed names."""

from decimal import Decimal

import pytest

from gendan.core.models import Document
from gendan.stock import ledger
from gendan.stock.models import Location, StockMove
from gendan.stock.slips import queries
from gendan.stock.slips.models import SlipKind
from tests.slips import factories
from tests.slips.factories import line, put_stock, steel_line, through_chain, write

pytestmark = pytest.mark.usefixtures("chains_seeded")


def station(workshop):
    return Location.objects.get_or_create(
        code=f"ST-{workshop.code}",
        defaults={"name": workshop.name, "kind": Location.Kind.STATION, "workshop": workshop},
    )[0]


def test_production_receipt_written_by_statistician_posts_after_three_signatures(
    statistician, inspector, director, storekeeper, machining, store, store_location, half_shaft
):
    """D1-3.4, D1-3.5: what the workshop made enters the warehouse from the workshop's
    output location; the station keeps the material issued to it."""
    put_stock(statistician, half_shaft, station(machining), 7)
    slip = write(
        statistician,
        SlipKind.PRODUCTION_RECEIPT,
        store,
        [line(half_shaft, 40)],
        workshop=machining,
    )
    assert slip.document.number == "SR-JJ-2026-000001" or slip.document.number.startswith("SR-JJ")
    assert slip.document.scope_key == machining.scope_key
    slip = through_chain(slip, inspector, director)
    assert slip.document.status == Document.Status.PENDING
    assert ledger.balance(half_shaft, store_location) == 0
    slip = through_chain_last(slip, storekeeper)
    assert slip.document.status == Document.Status.POSTED
    assert ledger.balance(half_shaft, store_location) == Decimal(40)
    assert ledger.balance(half_shaft, station(machining)) == Decimal(7)
    output = slip.lines.get().from_location
    assert (output.kind, output.workshop, output.allows_negative) == ("production", machining, True)
    assert ledger.balance(half_shaft, output) == Decimal(-40)
    assert slip.lines.get().to_location == store_location


def through_chain_last(slip, signer):
    from gendan.stock.slips import services

    return services.sign_slip(actor=signer, slip=slip)


def test_purchased_receipt_brings_batch_and_expiry_from_the_supplier(
    storekeeper, global_inspector, purchaser, store, store_location, half_shaft
):
    bearing_supplier = factories.supplier()
    slip = write(
        storekeeper,
        SlipKind.PURCHASED_RECEIPT,
        store,
        [line(half_shaft, 100, batch_number="B2603", expires_on="2027-03-01")],
        partner=bearing_supplier,
    )
    assert slip.document.scope_key == store.scope_key
    slip = through_chain(slip, global_inspector)
    slip = through_chain_last(slip, storekeeper)
    slip = through_chain_last(slip, purchaser)
    assert slip.document.status == Document.Status.POSTED
    batch = slip.lines.get().batch
    assert (batch.number, str(batch.expires_on)) == ("B2603", "2027-03-01")
    assert ledger.balance(half_shaft, store_location, batch) == Decimal(100)
    supplier_location = Location.objects.get(site=bearing_supplier)
    assert ledger.balance(half_shaft, supplier_location, batch) == Decimal(-100)


def test_production_issue_moves_material_to_the_workshop_station(
    accountant, director, clerk, receiver, machining, store, store_location, half_shaft
):
    put_stock(accountant, half_shaft, store_location, 30)
    slip = write(
        accountant, SlipKind.PRODUCTION_ISSUE, store, [line(half_shaft, 12)], workshop=machining
    )
    slip = through_chain(slip, director, clerk, receiver)
    assert slip.document.status == Document.Status.POSTED
    assert ledger.balance(half_shaft, store_location) == Decimal(18)
    assert ledger.balance(half_shaft, station(machining)) == Decimal(12)


def test_steel_issue_is_valid_with_director_and_storekeeper(
    accountant, director, storekeeper, machining, store, store_location, round_steel
):
    put_stock(accountant, round_steel, store_location, "500.000")
    slip = write(
        accountant,
        SlipKind.STEEL_ISSUE,
        store,
        [steel_line(round_steel, "66.600")],
        workshop=machining,
    )
    slip = through_chain(slip, director, storekeeper)
    assert slip.document.status == Document.Status.POSTED
    assert ledger.balance(round_steel, store_location) == Decimal("433.4")
    assert slip.lines.get().grade == "45#"


def test_outsourcing_with_our_material_shows_what_the_outsourcer_holds(
    coordinator, storekeeper, store, store_location, round_steel
):
    heat_treater = factories.supplier("OUT1", "邯郸热处理厂", kind="outsourcer")
    put_stock(storekeeper, round_steel, store_location, "200")
    slip = write(
        coordinator,
        SlipKind.OUTSOURCING_ISSUE,
        store,
        [line(round_steel, "80.5")],
        partner=heat_treater,
    )
    slip = through_chain(slip, coordinator, storekeeper)
    assert slip.document.status == Document.Status.POSTED
    held = queries.outsourcer_holdings()
    assert [(row.site, row.item, row.quantity) for row in held] == [
        (heat_treater, round_steel, Decimal("80.5"))
    ]
    assert held[0].since is not None


def test_return_brings_stock_back_into_the_warehouse(
    director, storekeeper, machining, store, store_location, half_shaft
):
    put_stock(director, half_shaft, station(machining), 5)
    slip = write(
        director,
        SlipKind.RETURN,
        store,
        [line(half_shaft, 5)],
        workshop=machining,
        explanation="多领 5 件，退回库房",
    )
    slip = through_chain(slip, director, storekeeper)
    assert slip.document.status == Document.Status.POSTED
    assert ledger.balance(half_shaft, store_location) == Decimal(5)


def test_issuing_more_than_on_hand_is_refused_with_the_figures_and_nothing_changes(
    accountant, director, clerk, receiver, machining, store, store_location, half_shaft
):
    from gendan.stock.slips import services

    put_stock(accountant, half_shaft, store_location, 3)
    slip = write(
        accountant, SlipKind.PRODUCTION_ISSUE, store, [line(half_shaft, 10)], workshop=machining
    )
    slip = through_chain(slip, director, clerk)
    moves = StockMove.objects.count()
    with pytest.raises(ledger.InsufficientStock) as refused:
        services.sign_slip(actor=receiver, slip=slip)
    assert "3 件 on hand" in str(refused.value)
    assert "10 件 wanted" in str(refused.value)
    slip.document.refresh_from_db()
    assert slip.document.status == Document.Status.PENDING
    assert StockMove.objects.count() == moves
    assert ledger.balance(half_shaft, store_location) == Decimal(3)


def test_reversal_restores_balances(
    statistician, inspector, director, storekeeper, machining, store, store_location, half_shaft
):
    from gendan.stock.slips import services

    put_stock(statistician, half_shaft, station(machining), 40)
    slip = write(
        statistician,
        SlipKind.PRODUCTION_RECEIPT,
        store,
        [line(half_shaft, 40)],
        workshop=machining,
    )
    slip = through_chain(slip, inspector, director, storekeeper)
    reversal = services.reverse_slip(actor=statistician, slip=slip, reason="数量写错")
    assert reversal.document.book_id == slip.document.book_id
    assert reversal.document.sequence == slip.document.sequence + 1
    for signer in (inspector, director, storekeeper):
        reversal = services.sign_slip(actor=signer, slip=reversal)
    assert reversal.document.status == Document.Status.POSTED
    assert ledger.balance(half_shaft, store_location) == 0
    assert ledger.balance(half_shaft, station(machining)) == Decimal(40)
