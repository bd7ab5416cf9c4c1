"""Returns, replenishments (补料), replacements (换料) and issues (领料) pick a batch
(issue 10; D5-2.1, D1-5.3, D1-3.1): a line may name its batch; without one it is taken
first-expiry-first-out, and it is refused only when that batch — or, by FEFO, everything
at the place — is really short, with the figures. Before, a return of batch-tracked
steel asked the unbatched balance ("现存 0.000 千克") and could never post.

Personas: 何霞 the workshop accountant writes, 赵刚 the workshop director signs, 陈敏
the storekeeper (of 成品库) signs for the quantity; 李军 the inspector writes a return.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from gendan.core.models import Document
from gendan.stock import ledger
from gendan.stock.ledger import InsufficientStock
from gendan.stock.locations import standard_location
from gendan.stock.models import Batch, StockMove
from gendan.stock.slips import services
from gendan.stock.slips.locations import station_location
from gendan.stock.slips.models import SlipKind
from tests.slips.factories import line, steel_line, through_chain, write

pytestmark = pytest.mark.usefixtures("chains_seeded")


@pytest.fixture
def steel_batches(accountant, round_steel, store_location):
    """1 413 kg of round steel in two batches: 413 kg expiring first, 1 000 kg later."""
    early = Batch.objects.create(
        item=round_steel, number="GC-2509", expires_on=datetime.date(2027, 3, 1)
    )
    late = Batch.objects.create(
        item=round_steel, number="GC-2511", expires_on=datetime.date(2027, 9, 1)
    )
    for batch, quantity in ((early, "413"), (late, "1000")):
        ledger.post_moves(
            actor=accountant,
            moves=[
                ledger.Move(
                    round_steel,
                    Decimal(quantity),
                    standard_location("OPENING"),
                    store_location,
                    batch,
                )
            ],
        )
    return early, late


def _issue_steel(accountant, director, storekeeper, store, machining, steel, kg, **fields):
    slip = write(
        accountant,
        SlipKind.STEEL_ISSUE,
        store,
        [steel_line(steel, kg, **fields)],
        workshop=machining,
    )
    return through_chain(slip, director, storekeeper)


def _return(author, director, storekeeper, store, machining, steel, kg, **fields):
    slip = write(
        author,
        SlipKind.RETURN,
        store,
        [line(steel, kg, **fields)],
        workshop=machining,
        explanation="下料余料退库：圆钢多领",
    )
    return through_chain(slip, director, storekeeper)


def test_d5_2_1_a_steel_issue_without_a_batch_takes_the_earliest_expiry_first(
    accountant, director, storekeeper, store, machining, round_steel, store_location, steel_batches
):
    early, late = steel_batches

    slip = _issue_steel(accountant, director, storekeeper, store, machining, round_steel, "500")

    assert slip.document.status == Document.Status.POSTED
    assert ledger.balance(round_steel, store_location, early) == 0
    assert ledger.balance(round_steel, store_location, late) == Decimal(913)
    station = station_location(machining)
    assert ledger.balance(round_steel, station, early) == Decimal(413)
    assert ledger.balance(round_steel, station, late) == Decimal(87)


def test_d1_5_3_a_return_of_batch_tracked_steel_posts_first_expiry_first_out(
    accountant,
    director,
    storekeeper,
    inspector,
    store,
    machining,
    round_steel,
    store_location,
    steel_batches,
):
    early, late = steel_batches
    _issue_steel(accountant, director, storekeeper, store, machining, round_steel, "500")

    slip = _return(inspector, director, storekeeper, store, machining, round_steel, "450")

    assert slip.document.status == Document.Status.POSTED
    assert slip.explanation == "下料余料退库：圆钢多领"
    station = station_location(machining)
    assert ledger.balance(round_steel, station, early) == 0
    assert ledger.balance(round_steel, station, late) == Decimal(50)
    assert ledger.on_hand(round_steel, store_location) == Decimal(1363)


def test_d1_5_3_a_return_names_its_batch_and_moves_only_that_one(
    accountant,
    director,
    storekeeper,
    inspector,
    store,
    machining,
    round_steel,
    store_location,
    steel_batches,
):
    early, late = steel_batches
    _issue_steel(accountant, director, storekeeper, store, machining, round_steel, "500")

    _return(
        inspector,
        director,
        storekeeper,
        store,
        machining,
        round_steel,
        "80",
        batch_number="GC-2511",
    )

    station = station_location(machining)
    assert ledger.balance(round_steel, station, early) == Decimal(413)
    assert ledger.balance(round_steel, station, late) == Decimal(7)
    assert ledger.balance(round_steel, store_location, late) == Decimal(993)


def test_d1_5_3_a_return_of_a_batch_that_is_short_is_refused_with_the_figures_and_changes_nothing(
    accountant,
    director,
    storekeeper,
    inspector,
    store,
    machining,
    round_steel,
    store_location,
    steel_batches,
):
    _issue_steel(accountant, director, storekeeper, store, machining, round_steel, "500")
    moves_before = StockMove.objects.count()
    slip = write(
        inspector,
        SlipKind.RETURN,
        store,
        [line(round_steel, "100", batch_number="GC-2511")],
        workshop=machining,
        explanation="余料退库",
    )
    slip = through_chain(slip, director)

    with pytest.raises(InsufficientStock) as refused:
        services.sign_slip(actor=storekeeper, slip=slip)

    message = str(refused.value)
    assert "batch GC-2511" in message
    assert "87.000 千克 on hand" in message and "100.000 千克 wanted" in message
    assert StockMove.objects.count() == moves_before
    slip.document.refresh_from_db()
    assert slip.document.status == Document.Status.PENDING


def test_d1_5_3_a_return_larger_than_the_station_holds_is_refused_with_the_total(
    accountant,
    director,
    storekeeper,
    inspector,
    store,
    machining,
    round_steel,
    store_location,
    steel_batches,
):
    _issue_steel(accountant, director, storekeeper, store, machining, round_steel, "500")
    slip = through_chain(
        write(
            inspector,
            SlipKind.RETURN,
            store,
            [line(round_steel, "600")],
            workshop=machining,
            explanation="余料退库",
        ),
        director,
    )

    with pytest.raises(InsufficientStock) as refused:
        services.sign_slip(actor=storekeeper, slip=slip)

    message = str(refused.value)
    assert "500.000 千克 on hand over all batches" in message
    assert "600.000 千克 wanted" in message and "100.000 千克 short" in message


def test_d5_2_1_an_issue_that_names_a_short_batch_is_refused_though_others_would_cover(
    accountant,
    director,
    storekeeper,
    store,
    machining,
    round_steel,
    store_location,
    steel_batches,
):
    slip = write(
        accountant,
        SlipKind.STEEL_ISSUE,
        store,
        [steel_line(round_steel, "500", batch_number="GC-2509")],
        workshop=machining,
    )
    slip = through_chain(slip, director)

    with pytest.raises(InsufficientStock, match="batch GC-2509"):
        services.sign_slip(actor=storekeeper, slip=slip)

    assert ledger.on_hand(round_steel, store_location) == Decimal(1413)


@pytest.mark.parametrize("kind", [SlipKind.REPLENISHMENT, SlipKind.REPLACEMENT])
def test_d1_5_3_replenishments_and_replacements_take_the_earliest_batch_or_the_one_named(
    kind,
    accountant,
    director,
    clerk,
    receiver,
    store,
    machining,
    round_steel,
    store_location,
    steel_batches,
):
    early, late = steel_batches
    fefo = write(
        accountant,
        kind,
        store,
        [line(round_steel, "13")],
        workshop=machining,
        explanation="下料尺寸错，补料",
    )
    named = write(
        accountant,
        kind,
        store,
        [line(round_steel, "20", batch_number="GC-2511")],
        workshop=machining,
        explanation="下料尺寸错，补料",
    )

    through_chain(fefo, director, clerk, receiver)
    through_chain(named, director, clerk, receiver)

    assert ledger.balance(round_steel, store_location, early) == Decimal(400)
    assert ledger.balance(round_steel, store_location, late) == Decimal(980)


def test_the_return_form_offers_the_batches_on_hand(
    client, inspector, store, machining, round_steel, steel_batches
):
    client.force_login(inspector)

    page = client.get(reverse("slips:slip-create", args=[SlipKind.RETURN]))

    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="line-batch_number"' in html and 'list="batch-choices"' in html
    assert '<option value="GC-2509">' in html
