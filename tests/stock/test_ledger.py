"""The stock ledger: moves appended, balances kept beside them, overdrafts refused."""

from decimal import Decimal

import pytest

from gendan.core.errors import DomainError, InvalidTransition
from gendan.core.models import AuditEvent
from gendan.stock import ledger
from gendan.stock.ledger import InsufficientStock, ManagedStockLeavesOnlyByIssue, Move
from gendan.stock.models import StockBalance, StockMove
from tests.factories import BookFactory
from tests.stock.factories import (
    BatchFactory,
    ItemFactory,
    LocationFactory,
    UnitFactory,
    WarehouseLocationFactory,
    receive,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(db):
    return WarehouseLocationFactory(code="WH1-A01", name="一号库A01")


@pytest.fixture
def station(db):
    return LocationFactory(code="JJ-01", name="机加一工位")


@pytest.fixture
def axle(db):
    return ItemFactory(code="BZ-01", name="半轴")


def _document(actor, slip_type):
    from gendan.core.models import Document

    book = BookFactory(slip_type=slip_type)
    return Document.objects.create(
        book=book,
        sequence=1,
        number=f"{slip_type}-1",
        slip_type=slip_type,
        author=actor,
        created_at="2026-01-01T00:00:00Z",
    )


def test_receipt_appends_a_move_and_raises_the_balance(clerk, axle, shelf):
    receive(clerk, axle, shelf, 10)
    receive(clerk, axle, shelf, 5)

    assert ledger.balance(axle, shelf) == Decimal(15)
    assert ledger.on_hand(axle, shelf) == Decimal(15)
    assert StockMove.objects.filter(item=axle, to_location=shelf).count() == 2


def test_balances_are_kept_per_batch(clerk, axle, shelf):
    first, second = BatchFactory(item=axle), BatchFactory(item=axle)
    receive(clerk, axle, shelf, 3, batch=first)
    receive(clerk, axle, shelf, 4, batch=second)

    assert ledger.balance(axle, shelf, first) == 3
    assert ledger.balance(axle, shelf, second) == 4
    assert ledger.balance(axle, shelf) == 0
    assert ledger.on_hand(axle, shelf) == 7


def test_transfer_between_two_storage_places_is_allowed(clerk, axle, shelf):
    other = WarehouseLocationFactory(code="WH1-B02", warehouse=shelf.warehouse)
    receive(clerk, axle, shelf, 10)

    ledger.post_moves(actor=clerk, moves=[Move(axle, Decimal(4), shelf, other)])

    assert (ledger.balance(axle, shelf), ledger.balance(axle, other)) == (6, 4)


def test_issuing_more_than_on_hand_is_refused_with_the_figures_and_nothing_changes(
    clerk, axle, shelf, station, issue_paper
):
    issue = _document(clerk, "test.issue")
    receive(clerk, axle, shelf, 10)
    moves_before, audit_before = StockMove.objects.count(), AuditEvent.objects.count()
    other = ItemFactory(code="LS-01", name="螺栓")
    receive(clerk, other, shelf, 100)

    with pytest.raises(InsufficientStock) as refused:
        ledger.post_moves(
            actor=clerk,
            moves=[
                Move(other, Decimal(5), shelf, station),
                Move(axle, Decimal(12), shelf, station),
            ],
            document=issue,
        )

    message = str(refused.value)
    assert "BZ-01 半轴" in message and "WH1-A01" in message
    assert "10 件 on hand" in message and "12 件 wanted" in message and "2 件 short" in message
    assert ledger.balance(axle, shelf) == 10
    assert ledger.balance(other, shelf) == 100
    assert ledger.balance(other, station) == 0
    assert StockMove.objects.count() == moves_before + 1
    assert AuditEvent.objects.count() == audit_before + 1


def test_batch_shortage_names_the_batch(clerk, axle, shelf, station, issue_paper):
    batch = BatchFactory(item=axle, number="LOT-7")
    receive(clerk, axle, shelf, 2, batch=batch)

    with pytest.raises(InsufficientStock, match="batch LOT-7"):
        ledger.post_moves(
            actor=clerk,
            moves=[Move(axle, Decimal(3), shelf, station, batch)],
            document=_document(clerk, "test.issue"),
        )


def test_warehouse_stock_leaves_only_by_an_issue_slip(clerk, axle, shelf, station):
    receive(clerk, axle, shelf, 10)

    with pytest.raises(ManagedStockLeavesOnlyByIssue, match="D1-3.9"):
        ledger.post_moves(actor=clerk, moves=[Move(axle, Decimal(1), shelf, station)])
    with pytest.raises(ManagedStockLeavesOnlyByIssue):
        ledger.post_moves(
            actor=clerk,
            moves=[Move(axle, Decimal(1), shelf, station)],
            document=_document(clerk, "test.transfer"),
        )

    assert ledger.balance(axle, shelf) == 10
    assert ledger.balance(axle, station) == 0


def test_quantities_must_be_positive_and_within_the_units_precision(clerk, axle, shelf):
    kilo = ItemFactory(code="GC-01", unit=UnitFactory(code="kg", name="千克", decimals=3))
    with pytest.raises(DomainError, match="greater than zero"):
        receive(clerk, axle, shelf, 0)
    with pytest.raises(DomainError, match="0 decimal places"):
        receive(clerk, axle, shelf, "1.5")
    receive(clerk, kilo, shelf, "1.125")
    with pytest.raises(DomainError, match="same place"):
        ledger.post_moves(actor=clerk, moves=[Move(axle, Decimal(1), shelf, shelf)])

    assert ledger.balance(kilo, shelf) == Decimal("1.125")
    assert not StockBalance.objects.filter(item=axle).exists()


def test_reversal_restores_the_balances_once(clerk, axle, shelf):
    receipt = _document(clerk, "test.receipt")
    receive(clerk, axle, shelf, 10, document=receipt)
    reversing = _document(clerk, "test.receipt.reverse")

    appended = ledger.reverse_moves(
        actor=clerk, original_document=receipt, reversing_document=reversing
    )

    assert ledger.balance(axle, shelf) == 0
    moves = StockMove.objects.filter(document=reversing).select_related("reverses")
    assert appended == 1
    assert [move.reverses.document_id for move in moves] == [receipt.pk]
    with pytest.raises(InvalidTransition, match="already been reversed"):
        ledger.reverse_moves(actor=clerk, original_document=receipt, reversing_document=reversing)


def test_reversal_is_refused_when_the_stock_has_moved_on(clerk, axle, shelf, station, issue_paper):
    receipt = _document(clerk, "test.receipt")
    receive(clerk, axle, shelf, 10, document=receipt)
    ledger.post_moves(
        actor=clerk,
        moves=[Move(axle, Decimal(8), shelf, station)],
        document=_document(clerk, "test.issue"),
    )

    with pytest.raises(InsufficientStock):
        ledger.reverse_moves(
            actor=clerk,
            original_document=receipt,
            reversing_document=_document(clerk, "test.receipt.reverse"),
        )
    assert ledger.balance(axle, shelf) == 2
