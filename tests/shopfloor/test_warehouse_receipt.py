"""D1-3.4 into the warehouse (入库): registering a transfer marked 入库 writes the
production receipt (生产入库单) in the same transaction, linked both ways; the lot's parts
are 待入库 until that receipt posts, and counted in the warehouse once, only then.

Personas: 王芳 the clerk, 李军 the inspector, 周杰 the operator, 孙丽 the team leader,
陈静 the statistician, 赵刚 the workshop director (机加车间), 赵敏 the storekeeper of 成品库.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from gendan.core.errors import DomainError
from gendan.core.models import Document
from gendan.shopfloor import queries, services
from gendan.shopfloor.models import TransferSlip
from gendan.stock import checks
from gendan.stock.models import StockMove
from gendan.stock.slips import services as slip_services
from gendan.stock.slips.models import SlipKind, StockSlip
from tests.shopfloor.conftest import line, sign_through, to_the_last_operation
from tests.shopfloor.test_transfers import lot_check_problems, where

D = TransferSlip.Destination


@pytest.fixture
def registered(lot, clerk, signers, store):
    """40 半轴 past 磨, transferred into 成品库 and registered by 陈静."""
    to_the_last_operation(lot, clerk, signers)
    slip = services.write_transfer(
        actor=clerk, destination=D.WAREHOUSE, warehouse=store, lines=[line(lot, 40, 30)]
    )
    return sign_through(slip, **signers, place="")


def _receipt_of(slip):
    return StockSlip.objects.select_related("document").get(transfer=slip)


def _sign_receipt(receipt, *people):
    for person in people:
        receipt = slip_services.sign_slip(actor=person, slip=receipt)
    return receipt


def test_d1_3_4_registering_writes_the_production_receipt_in_the_same_transaction(
    registered, lot, statistician, store
):
    """陈静 registers the 入库 transfer: the production receipt for 成品库 is written by her
    and waits for the inspector; its line is the lot's item, quantity and lot number."""
    receipt = _receipt_of(registered)
    assert receipt.kind == SlipKind.PRODUCTION_RECEIPT
    assert (receipt.warehouse, receipt.workshop) == (store, lot.workshop)
    assert receipt.document.author == statistician
    assert receipt.document.status == Document.Status.PENDING
    assert receipt.document.current_step == 1 and "inspector" in receipt.document.current_role_code
    assert [(row.item, row.quantity, row.batch_number) for row in receipt.lines.all()] == [
        (lot.item, Decimal(40), lot.document.number)
    ]
    assert registered.document.number in receipt.explanation


def test_d1_3_4_parts_are_awaiting_receipt_until_the_receipt_posts(
    registered, lot, inspector, director, storekeeper
):
    """Until 赵敏 signs the receipt, the 40 are 待入库, not in the warehouse; once it posts
    they are in the warehouse — counted once, and the quantities still add up to 40."""
    assert where(lot) == {"awaiting_receipt": Decimal(40)}
    receipt = _sign_receipt(_receipt_of(registered), inspector, director)
    assert where(lot) == {"awaiting_receipt": Decimal(40)}
    receipt = _sign_receipt(receipt, storekeeper)
    assert receipt.document.status == Document.Status.POSTED
    assert where(lot) == {"warehouse": Decimal(40)}
    moves = StockMove.objects.filter(document=receipt.document)
    assert [(m.from_location.work_place.kind, m.batch) for m in moves] == [("receiving", lot.batch)]
    assert lot_check_problems() == []
    assert list(checks.balances_match_ledger()) == []


def test_d1_3_4_a_reversed_receipt_puts_the_parts_back_awaiting_receipt(
    registered, lot, inspector, director, storekeeper
):
    """A posted receipt corrected by its reversing slip (红冲) takes the 40 back out of the
    warehouse to 待入库: never lost, never twice."""
    receipt = _sign_receipt(_receipt_of(registered), inspector, director, storekeeper)
    reversal = slip_services.reverse_slip(actor=storekeeper, slip=receipt, reason="数量点错")
    _sign_receipt(reversal, inspector, director, storekeeper)
    assert where(lot) == {"awaiting_receipt": Decimal(40)}
    assert lot_check_problems() == []


def test_d1_3_4_partial_receipt_only_what_was_received(lot, clerk, signers, store):
    """李军 passes 38 and marks 2 for rework: the receipt is for the 38 received."""
    to_the_last_operation(lot, clerk, signers)
    slip = services.write_transfer(
        actor=clerk, destination=D.WAREHOUSE, warehouse=store, lines=[line(lot, 40, 30)]
    )
    slip = sign_through(
        slip,
        **signers,
        quality=[{"position": 1, "passed": 38, "rework": 2, "scrap": 0}],
        place="",
    )
    assert [row.quantity for row in _receipt_of(slip).lines.all()] == [Decimal(38)]
    assert where(lot) == {"awaiting_receipt": Decimal(38), "rework": Decimal(2)}
    assert sum(queries.quantities([lot])[lot.pk].values()) == lot.quantity


def test_d1_3_4_a_registration_the_statistician_may_not_write_a_receipt_for_changes_nothing(
    lot, clerk, signers, store, admin_user
):
    """The registrar must be able to write the receipt (a statistician of the workshop or
    the warehouse): when the warehouse no longer manages 半轴, the registration is refused
    with the rule, and neither the receipt nor any move is written."""
    from gendan.stock.models import WarehouseItem

    to_the_last_operation(lot, clerk, signers)
    slip = services.write_transfer(
        actor=clerk, destination=D.WAREHOUSE, warehouse=store, lines=[line(lot, 40, 30)]
    )
    slip = services.sign_transfer(actor=signers["inspector"], slip=slip)
    slip = services.sign_transfer(actor=signers["operator"], slip=slip)
    slip = services.sign_transfer(actor=signers["receiver"], slip=slip)
    WarehouseItem.objects.filter(warehouse=store, item=lot.item).delete()
    moves = StockMove.objects.count()
    with pytest.raises(DomainError, match="not managed"):
        services.sign_transfer(actor=signers["statistician"], slip=slip)
    slip.refresh_from_db()
    assert slip.stock_slip_id is None
    assert Document.objects.get(pk=slip.document_id).status == Document.Status.PENDING
    assert StockMove.objects.count() == moves
    assert not StockSlip.objects.exists()
    assert where(lot) == {"磨": Decimal(40)}


def test_d1_3_4_the_transfer_page_links_its_receipt_and_the_receipt_shows_the_transfer(
    client, registered, statistician
):
    """The slip page shows the receipt's number with a link; the receipt's page names the
    transfer slip it was written for."""
    receipt = _receipt_of(registered)
    client.force_login(statistician)
    page = client.get(reverse("shopfloor:transfer-detail", args=[registered.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert receipt.document.number in html
    assert reverse("slips:slip-detail", args=[receipt.pk]) in html
    receipt_page = client.get(reverse("slips:slip-detail", args=[receipt.pk]))
    assert receipt_page.status_code == 200
    assert registered.document.number in receipt_page.content.decode()
    api = client.get(f"/api/v1/shopfloor/transfers/{registered.pk}").json()
    assert (api["stock_slip"], api["stock_slip_id"]) == (receipt.document.number, receipt.pk)


def test_d1_3_4_the_lot_page_shows_the_parts_awaiting_receipt(client, registered, lot, clerk):
    client.force_login(clerk)
    html = client.get(reverse("shopfloor:lot-detail", args=[lot.pk])).content.decode()
    assert 'data-place="awaiting_receipt"' in html


def test_d1_3_4_the_receipt_page_links_the_transfer_slip_that_wrote_it(
    registered, statistician, client
):
    """陈静 opens the production receipt her registration wrote: it links back to the
    transfer slip (转序单), both ways."""
    receipt = _receipt_of(registered)
    client.force_login(statistician)

    page = client.get(reverse("slips:slip-detail", args=[receipt.pk])).content.decode()

    assert registered.document.number in page
    assert f'href="{reverse("shopfloor:transfer-detail", args=[registered.pk])}"' in page
