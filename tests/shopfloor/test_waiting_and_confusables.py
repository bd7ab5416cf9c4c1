"""The waiting area (待料区, D1-3.3), easily confused parts (D1-3.3), into the warehouse
(入库, D1-3.4) and outside processing."""

from decimal import Decimal

import pytest

from gendan.core.models import Document
from gendan.shopfloor import queries, services
from gendan.shopfloor.models import TransferSlip
from gendan.shopfloor.services import ConfusableParts
from tests.shopfloor.conftest import line, sign_through
from tests.shopfloor.test_transfers import lot_check_problems, where

D = TransferSlip.Destination


def test_mixing_confusable_parts_on_one_slip_is_refused(
    confusable, lot, cutter_shaft, clerk, statistician
):
    """D1-3.3: 王芳 may not send 半轴 and 刀轴 on one slip; nothing is written."""
    cutters = services.start_lot(actor=statistician, item=cutter_shaft, quantity=25)
    with pytest.raises(ConfusableParts, match="D1-3.3") as refused:
        services.write_transfer(
            actor=clerk, destination=D.OPERATION, lines=[line(lot, 40), line(cutters, 25)]
        )
    assert "半轴" in str(refused.value) and "刀轴" in str(refused.value)
    assert not TransferSlip.objects.exists()


def test_confusable_parts_to_the_same_place_too_soon_are_refused(
    confusable, lot, cutter_shaft, clerk, statistician
):
    """D1-3.3: separate times — a 刀轴 transfer right after a 半轴 one to the same
    process is refused, naming the earlier slip."""
    cutters = services.start_lot(actor=statistician, item=cutter_shaft, quantity=25)
    first = services.write_transfer(actor=clerk, destination=D.OPERATION, lines=[line(lot, 40)])
    with pytest.raises(ConfusableParts, match=first.document.number):
        services.write_transfer(actor=clerk, destination=D.OPERATION, lines=[line(cutters, 25)])
    assert TransferSlip.objects.count() == 1


def test_the_same_item_twice_is_no_confusion(confusable, lot, clerk):
    services.write_transfer(actor=clerk, destination=D.OPERATION, lines=[line(lot, 20)])
    services.write_transfer(actor=clerk, destination=D.OPERATION, lines=[line(lot, 20)])
    assert TransferSlip.objects.count() == 2


def test_parts_wait_in_the_waiting_area_then_move_on(lot, clerk, signers):
    """D1-3.3: 热处理 cannot take them yet: 40 go to the waiting area, in the clerk's list
    with the reason; later a transfer from the waiting area moves them on."""
    slip = services.write_transfer(
        actor=clerk, destination=D.WAITING, lines=[line(lot, 40)], waiting_reason="热处理炉检修"
    )
    sign_through(slip, **signers, place="待料区 2 号架")
    assert where(lot) == {"waiting": Decimal(40)}
    waiting = queries.waiting_area(lot.workshop)
    assert [(row["lot"], row["quantity"], row["reason"]) for row in waiting] == [
        (lot, Decimal(40), "热处理炉检修")
    ]
    onward = services.write_transfer(
        actor=clerk,
        destination=D.OPERATION,
        lines=[line(lot, 40, source="waiting")],
    )
    sign_through(onward, **signers)
    assert where(lot) == {"热处理": Decimal(40)}
    assert queries.waiting_area(lot.workshop) == []
    assert lot_check_problems() == []


def test_explained_difference_can_go_to_the_waiting_area(lot, clerk, signers):
    """D1-5.4: 孙丽 takes 30 of 40 and explains the 10 go to the waiting area."""
    slip = services.write_transfer(actor=clerk, destination=D.OPERATION, lines=[line(lot, 40)])
    sign_through(
        slip,
        **signers,
        receipt=[{"position": 1, "received": 30, "reason": "waiting", "note": "炉子满了"}],
    )
    assert where(lot) == {"热处理": Decimal(30), "waiting": Decimal(10)}


def test_finished_parts_await_the_warehouse_receipt(lot, clerk, signers, store):
    """D1-3.4: past its last operation the lot goes into the warehouse (入库); until its
    production receipt posts the parts are 待入库 (tests/shopfloor/test_warehouse_receipt.py)."""
    for from_step in (10, 20):
        slip = services.write_transfer(
            actor=clerk, destination=D.OPERATION, lines=[line(lot, 40, from_step)]
        )
        sign_through(slip, **signers)
    last = services.write_transfer(
        actor=clerk, destination=D.WAREHOUSE, warehouse=store, lines=[line(lot, 40, 30)]
    )
    assert last.document.co_scope_key == store.scope_key
    sign_through(last, **signers, place="")
    assert where(lot) == {"awaiting_receipt": Decimal(40)}
    assert lot_check_problems() == []


def test_a_generic_signature_posts_with_the_previous_figures(lot, clerk, signers):
    """A slip signed on the generic document page moves everything sent: no part is lost."""
    from gendan.core import chains

    slip = services.write_transfer(actor=clerk, destination=D.OPERATION, lines=[line(lot, 40)])
    for person in signers.values():
        chains.sign(actor=person, document=Document.objects.get(pk=slip.document_id))
    assert where(lot) == {"热处理": Decimal(40)}
