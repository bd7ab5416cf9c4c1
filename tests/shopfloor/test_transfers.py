"""Transfer slips along the D1-3.2 chain, conserving every part (D1-5.4)."""

from decimal import Decimal

import pytest

from gendan.core.errors import DomainError, PermissionDenied
from gendan.core.integrity import run_all
from gendan.core.models import Document
from gendan.shopfloor import queries, services
from gendan.shopfloor.models import TransferSlip
from gendan.stock.models import StockMove
from tests.shopfloor.conftest import line, sign_through

OPERATION = TransferSlip.Destination.OPERATION


def where(lot):
    found = queries.quantities(queries.lot_list().filter(pk=lot.pk))[lot.pk]
    return {key: value for key, value in found.items() if value}


def lot_check_problems():
    return dict(run_all())["every part of every lot is accounted for"]


def test_a_started_lot_is_at_its_first_operation(lot):
    """D1-6: 陈静 starts 40 半轴; the lot follows the process sheet and all 40 are at 车."""
    assert lot.document.number.startswith("LZ-JJ-")
    assert [step.name for step in lot.steps.all()] == ["车", "热处理", "磨"]
    assert where(lot) == {"车": Decimal(40)}
    assert lot_check_problems() == []


def test_only_the_statistician_or_director_starts_a_lot(clerk, half_shaft):
    with pytest.raises(PermissionDenied):
        services.start_lot(actor=clerk, item=half_shaft, quantity=Decimal(5))


def test_the_chain_moves_parts_passed_and_rework(
    lot, clerk, inspector, operator, receiver, statistician
):
    """D1-3.2, D1-5.1: 王芳 writes 40 半轴 车 → 热处理; 李军 passes 38 and marks 2 rework;
    周杰 hands over 38; 孙丽 receives 38 at the place she names; 陈静 registers it."""
    slip = services.write_transfer(actor=clerk, destination=OPERATION, lines=[line(lot, 40)])
    assert slip.document.number.startswith("ZX-JJ-")
    assert services.current_role(slip) == "inspector"
    assert where(lot) == {"车": Decimal(40)}  # nothing moves before registration
    slip = sign_through(
        slip,
        inspector=inspector,
        operator=operator,
        receiver=receiver,
        statistician=statistician,
        quality=[{"position": 1, "passed": 38, "rework": 2}],
    )
    assert slip.document.status == Document.Status.POSTED
    assert slip.place == "热处理炉旁 A 区"
    assert where(lot) == {"热处理": Decimal(38), "rework": Decimal(2)}
    assert lot_check_problems() == []


def test_unexplained_shortfall_is_booked_as_scrap(
    lot, clerk, inspector, operator, receiver, statistician
):
    """D1-5.4: 周杰 hands over 37 of 38 passed without a word; at registration the
    missing one is booked as scrap and the line says so."""
    slip = services.write_transfer(actor=clerk, destination=OPERATION, lines=[line(lot, 38)])
    slip = sign_through(
        slip,
        inspector=inspector,
        operator=operator,
        receiver=receiver,
        statistician=statistician,
        handover=[{"position": 1, "handed_over": 37}],
    )
    posted = slip.lines.get()
    assert posted.unexplained_scrap == 1
    assert where(lot) == {"车": Decimal(2), "热处理": Decimal(37), "scrap": Decimal(1)}
    assert lot_check_problems() == []


def test_explained_difference_stays_where_the_operator_says(
    lot, clerk, inspector, operator, receiver, statistician
):
    """D1-5.4: 3 still at 车, explained by 周杰: nothing is scrapped."""
    slip = services.write_transfer(actor=clerk, destination=OPERATION, lines=[line(lot, 40)])
    slip = sign_through(
        slip,
        inspector=inspector,
        operator=operator,
        receiver=receiver,
        statistician=statistician,
        handover=[{"position": 1, "handed_over": 37, "reason": "still_there", "note": "未完工"}],
    )
    assert slip.lines.get().unexplained_scrap == 0
    assert where(lot) == {"车": Decimal(3), "热处理": Decimal(37)}


def test_a_received_quantity_differing_unexplained_is_refused_and_changes_nothing(
    lot, clerk, inspector, operator, receiver
):
    """D1-5.4: 孙丽 cannot receive 39 of 40 without saying why."""
    slip = services.write_transfer(actor=clerk, destination=OPERATION, lines=[line(lot, 40)])
    slip = services.sign_transfer(actor=inspector, slip=slip)
    slip = services.sign_transfer(actor=operator, slip=slip)
    with pytest.raises(DomainError, match="explain the difference"):
        services.sign_transfer(
            actor=receiver, slip=slip, place="A 区", lines=[{"position": 1, "received": 39}]
        )
    assert services.current_role(slip) == "team_leader"
    assert slip.lines.get().received is None
    assert TransferSlip.objects.get(pk=slip.pk).place == ""


def test_the_receiver_must_designate_the_place(lot, clerk, inspector, operator, receiver):
    """D1-3.2: parts go to the place the next process designates."""
    slip = services.write_transfer(actor=clerk, destination=OPERATION, lines=[line(lot, 40)])
    slip = services.sign_transfer(actor=inspector, slip=slip)
    slip = services.sign_transfer(actor=operator, slip=slip)
    with pytest.raises(DomainError, match="place") as refused:
        services.sign_transfer(actor=receiver, slip=slip, place=" ")
    assert refused.value.field == "place"
    assert services.current_role(slip) == "team_leader"


def test_inspection_split_must_add_up(lot, clerk, inspector):
    slip = services.write_transfer(actor=clerk, destination=OPERATION, lines=[line(lot, 40)])
    with pytest.raises(DomainError, match="must make the 40 sent"):
        services.sign_transfer(
            actor=inspector, slip=slip, lines=[{"position": 1, "passed": 30, "rework": 2}]
        )
    assert slip.lines.get().passed is None
    assert services.current_role(slip) == "inspector"


def test_signing_out_of_order_or_scope_is_refused(lot, clerk, operator, outsider):
    """D1-3.2: 周杰 cannot sign before the inspector; an outsider never."""
    slip = services.write_transfer(actor=clerk, destination=OPERATION, lines=[line(lot, 40)])
    for person in (operator, outsider):
        with pytest.raises(PermissionDenied):
            services.sign_transfer(actor=person, slip=slip)
    assert services.current_role(slip) == "inspector"


def test_only_the_clerk_writes_a_transfer(lot, inspector):
    with pytest.raises(PermissionDenied):
        services.write_transfer(actor=inspector, destination=OPERATION, lines=[line(lot, 4)])
    assert not TransferSlip.objects.exists()


def test_more_than_is_at_the_operation_is_refused(lot, clerk):
    """D1-1.3: the clerk counts; 41 of a lot of 40 is refused with the figures."""
    with pytest.raises(DomainError, match="has 40 at") as refused:
        services.write_transfer(actor=clerk, destination=OPERATION, lines=[line(lot, 41)])
    assert refused.value.field == "lines[1].quantity"
    assert not TransferSlip.objects.exists()


def test_a_skipped_operation_is_refused(lot, clerk, store):
    """D1-4.2: parts at 车 cannot go into the warehouse while 热处理 and 磨 remain."""
    with pytest.raises(DomainError, match="D1-4.2"):
        services.write_transfer(
            actor=clerk,
            destination=TransferSlip.Destination.WAREHOUSE,
            warehouse=store,
            lines=[line(lot, 40)],
        )
    assert not Document.objects.filter(slip_type="transfer").exists()


def test_transfer_books_are_gap_free_per_workshop(lot, clerk):
    """D1-3.5: numbers follow each other in the workshop's book; a refused slip takes none."""
    first = services.write_transfer(actor=clerk, destination=OPERATION, lines=[line(lot, 10)])
    with pytest.raises(DomainError):
        services.write_transfer(actor=clerk, destination=OPERATION, lines=[line(lot, 0)])
    second = services.write_transfer(actor=clerk, destination=OPERATION, lines=[line(lot, 10)])
    assert second.document.sequence == first.document.sequence + 1
    assert second.document.book_id == first.document.book_id


def test_transfer_moves_are_in_the_stock_ledger(
    lot, clerk, inspector, operator, receiver, statistician
):
    """Invariant 1: the slip's moves are ledger rows carrying its document."""
    slip = services.write_transfer(actor=clerk, destination=OPERATION, lines=[line(lot, 40)])
    slip = sign_through(
        slip, inspector=inspector, operator=operator, receiver=receiver, statistician=statistician
    )
    moves = StockMove.objects.filter(document=slip.document)
    assert [(m.quantity, m.to_location.name) for m in moves] == [(40, "机加车间 热处理")]
    assert all(m.batch_id == lot.batch_id for m in moves)
