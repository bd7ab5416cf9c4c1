"""Delivery notes move stock (D2-5, D5-3.5; invariant 1): the order desk's 送货单 issues
the goods from the finished-goods warehouse 成品库 to the customer through the stock
ledger, first-expiry-first-out or the batch chosen; a shortfall is refused with the
figures and changes nothing; a customer return (退货) brings goods back with its
explanation; voiding a note undoes its moves. Personas: 刘洋 the merchandiser."""

import datetime
from decimal import Decimal

import pytest

from gendan.core import events, integrity, numbering
from gendan.core.errors import DomainError
from gendan.core.models import Document, EventRecord
from gendan.sales import services
from gendan.sales.models import DeliveryNote, Order
from gendan.stock import ledger
from gendan.stock.ledger import InsufficientStock
from gendan.stock.locations import standard_location
from gendan.stock.models import Batch, StockBalance, StockMove
from tests.sales.factories import item, make_order
from tests.slips import factories as slips

TODAY = datetime.date(2026, 3, 10)


@pytest.fixture
def machine(db):
    return item("1GQN-200", "旋耕机")


@pytest.fixture
def finished_goods(machine):
    """成品库 with one storage place, managing the machine."""
    return slips.warehouse(code="CP", name="成品库", items=[machine])


@pytest.fixture
def shelf(finished_goods):
    return finished_goods.locations.get()


def _batch(what, number, expires_on):
    return Batch.objects.create(item=what, number=number, expires_on=expires_on)


def _stock(actor, what, place, quantity, batch=None):
    ledger.post_moves(
        actor=actor,
        moves=[
            ledger.Move(what, Decimal(quantity), standard_location("OPENING"), place, batch),
        ],
    )


@pytest.fixture
def two_batches(merchandiser, machine, shelf):
    """30 of an early batch and 50 of a later one on the shelf."""
    early = _batch(machine, "B-EARLY", datetime.date(2026, 6, 1))
    late = _batch(machine, "B-LATE", datetime.date(2026, 12, 1))
    _stock(merchandiser, machine, shelf, 30, early)
    _stock(merchandiser, machine, shelf, 50, late)
    return early, late


def _order(actor, customer, what, quantity=100):
    return make_order(
        actor,
        customer=customer,
        lines=[{"item": what, "quantity": Decimal(quantity), "unit_price": Decimal("18600")}],
    )


def _ship(actor, order, quantity, **line):
    order_line = order.lines.get()
    return services.create_delivery_note(
        actor=actor,
        order=order,
        lines=[{"order_line": order_line.pk, "quantity": quantity} | line],
        shipped_on=TODAY,
    )


def _on_hand(what, place, batch):
    return ledger.balance(what, place, batch)


def _check_problems():
    return [(name, problems) for name, problems in integrity.run_all() if problems]


def test_d2_5_a_delivery_note_ships_first_expiry_first_out_from_the_finished_goods_warehouse(
    merchandiser, customer, machine, shelf, two_batches
):
    early, late = two_batches
    order = _order(merchandiser, customer, machine)

    note = _ship(merchandiser, order, "40")

    assert _on_hand(machine, shelf, early) == 0
    assert _on_hand(machine, shelf, late) == 40
    assert ledger.on_hand(machine, shelf) == 40
    assert ledger.on_hand(machine, standard_location("CUSTOMER-OUT")) == 40
    moves = StockMove.objects.filter(document=note.document).order_by("pk")
    assert [(m.batch.number, m.quantity) for m in moves] == [
        ("B-EARLY", Decimal(30)),
        ("B-LATE", Decimal(10)),
    ]
    assert {m.order_id for m in moves} == {order.pk}
    assert _check_problems() == []


def test_d2_5_the_batch_chosen_on_the_line_is_the_one_shipped(
    merchandiser, customer, machine, shelf, two_batches
):
    early, late = two_batches
    order = _order(merchandiser, customer, machine)

    note = _ship(merchandiser, order, "20", batch_number="B-LATE")

    assert _on_hand(machine, shelf, early) == 30
    assert _on_hand(machine, shelf, late) == 30
    assert note.lines.get().batch_number == "B-LATE"


def test_d2_5_a_shortfall_is_refused_with_the_figures_and_changes_nothing(
    merchandiser, customer, machine, shelf, two_batches
):
    order = _order(merchandiser, customer, machine)
    moves_before = StockMove.objects.count()
    balances_before = sorted(StockBalance.objects.values_list("pk", "quantity"))
    documents_before = Document.objects.count()

    with pytest.raises(InsufficientStock) as refused:
        _ship(merchandiser, order, "90")

    message = str(refused.value)
    assert "1GQN-200 旋耕机" in message and "成品库" in message
    assert "80 件 on hand" in message and "90 件 wanted" in message and "10 件 short" in message
    assert refused.value.field == "lines[1].quantity"
    assert StockMove.objects.count() == moves_before
    assert sorted(StockBalance.objects.values_list("pk", "quantity")) == balances_before
    assert Document.objects.count() == documents_before
    assert DeliveryNote.objects.count() == 0
    assert order.lines.get().delivered_quantity == 0


def test_d2_5_a_chosen_batch_that_is_short_is_refused_even_when_others_would_cover(
    merchandiser, customer, machine, shelf, two_batches
):
    order = _order(merchandiser, customer, machine)

    with pytest.raises(InsufficientStock) as refused:
        _ship(merchandiser, order, "40", batch_number="B-EARLY")

    assert "batch B-EARLY" in str(refused.value) and "30 件 on hand" in str(refused.value)
    assert DeliveryNote.objects.count() == 0


def test_d2_5_an_unknown_batch_is_refused_naming_the_line(
    merchandiser, customer, machine, shelf, two_batches
):
    order = _order(merchandiser, customer, machine)

    with pytest.raises(DomainError) as refused:
        _ship(merchandiser, order, "1", batch_number="NO-SUCH")

    assert refused.value.field == "lines[1].batch_number"
    assert DeliveryNote.objects.count() == 0


def test_d2_5_voiding_a_delivery_note_puts_its_goods_back_through_the_ledger(
    merchandiser, customer, machine, shelf, two_batches
):
    early, late = two_batches
    order = _order(merchandiser, customer, machine)
    note = _ship(merchandiser, order, "40")

    numbering.void_document(actor=merchandiser, document=note.document, reason="写错客户")

    assert _on_hand(machine, shelf, early) == 30
    assert _on_hand(machine, shelf, late) == 50
    assert order.lines.get().delivered_quantity == 0
    reversing = StockMove.objects.filter(document=note.document, reverses__isnull=False)
    assert reversing.count() == 2
    assert _check_problems() == []


def test_d2_0_a_customer_return_needs_an_explanation_and_changes_nothing_without_one(
    merchandiser, customer, machine, shelf, two_batches
):
    order = _order(merchandiser, customer, machine)
    _ship(merchandiser, order, "40")
    moves_before = StockMove.objects.count()

    with pytest.raises(DomainError) as refused:
        services.record_customer_return(
            actor=merchandiser,
            order=order,
            lines=[{"order_line": order.lines.get().pk, "quantity": "2"}],
            explanation="  ",
        )

    assert refused.value.field == "explanation"
    assert StockMove.objects.count() == moves_before
    assert DeliveryNote.objects.filter(kind=DeliveryNote.Kind.RETURN).count() == 0


def test_d2_0_a_customer_return_brings_the_goods_back_into_their_batch_with_its_explanation(
    merchandiser, customer, machine, shelf, two_batches
):
    early, late = two_batches
    order = _order(merchandiser, customer, machine, quantity=40)
    _ship(merchandiser, order, "40")
    order.refresh_from_db()
    assert order.status == Order.Status.SHIPPED

    returned = services.record_customer_return(
        actor=merchandiser,
        order=order,
        lines=[{"order_line": order.lines.get().pk, "quantity": "3"}],
        explanation="运输途中刀轴变形，客户退回 3 台",
    )

    assert returned.kind == DeliveryNote.Kind.RETURN
    assert returned.explanation == "运输途中刀轴变形，客户退回 3 台"
    assert _on_hand(machine, shelf, late) == 43  # back into the batch last shipped (40 + 3)
    assert order.lines.get().delivered_quantity == 37
    order.refresh_from_db()
    assert order.status != Order.Status.SHIPPED  # 3 are owed again
    assert _check_problems() == []
    published = EventRecord.objects.get(code=events.CustomerReturned.code)
    assert published.payload["number"] == returned.number
    assert published.payload["order_id"] == order.pk


def test_d2_0_a_customer_cannot_return_more_than_was_delivered(
    merchandiser, customer, machine, shelf, two_batches
):
    order = _order(merchandiser, customer, machine)
    _ship(merchandiser, order, "5")

    with pytest.raises(DomainError) as refused:
        services.record_customer_return(
            actor=merchandiser,
            order=order,
            lines=[{"order_line": order.lines.get().pk, "quantity": "6"}],
            explanation="退货",
        )

    assert "5 delivered" in str(refused.value)
    assert order.lines.get().delivered_quantity == 5


def test_d2_5_delivery_lines_carry_the_order_lines_colour_and_size(
    merchandiser, customer, machine, shelf, two_batches
):
    order = make_order(
        merchandiser,
        customer=customer,
        lines=[
            {
                "item": machine,
                "quantity": Decimal(10),
                "unit_price": Decimal(1),
                "colour": "红",
                "size_spec": "幅宽 2.0 m",
            }
        ],
    )

    line = _ship(merchandiser, order, "2").lines.get()

    assert (line.colour, line.size_spec) == ("红", "幅宽 2.0 m")


def test_d5_7_an_item_no_warehouse_keeps_ships_without_moving_stock(merchandiser, customer):
    jacket = item("JK-M01", "男式夹克")  # made and shipped by the contracted factory
    order = _order(merchandiser, customer, jacket)

    note = _ship(merchandiser, order, "10")

    assert not StockMove.objects.filter(document=note.document).exists()
    assert order.lines.get().delivered_quantity == 10
    assert _check_problems() == []
