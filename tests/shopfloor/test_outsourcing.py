"""Outside processing (外协, issue 11): a transfer to an outsourcer goes out with the
outsourcing issue slip (带料外协出库单) written when it is registered; the parts leave
for 城东热处理厂 when that slip posts, and the lot continues at its next operation when
the outsourcer's receipt (外购外协入库单) posts — the outsourced-return rule (D1-3.8).

Personas: 王芳 the clerk, 李军 the inspector, 周杰 the operator, 孙丽 the team leader,
陈静 the statistician (机加车间); 钱伟 the outsourcing coordinator; 赵敏 the storekeeper,
郑洁 the receiving inspector and 冯涛 the purchaser of 成品库.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from gendan.core.errors import DomainError
from gendan.core.models import Document
from gendan.org.models import Site
from gendan.shopfloor import services
from gendan.shopfloor.models import TransferLine, TransferSlip
from gendan.stock import checks
from gendan.stock.models import StockMove, WarehouseItem
from gendan.stock.slips import services as slip_services
from gendan.stock.slips.models import SlipKind, StockSlip
from tests.factories import UserFactory, grant
from tests.shopfloor.conftest import line, sign_through
from tests.shopfloor.test_transfers import lot_check_problems, where

D = TransferSlip.Destination


@pytest.fixture
def heat(db):
    return Site.objects.create(code="CD-RCL", name="城东热处理厂", kind=Site.Kind.OUTSOURCER)


@pytest.fixture
def coordinator(machining):
    user = UserFactory(username="qianwei", first_name="钱伟")
    grant(user, "outsourcing_coordinator", workshop=machining)
    return user


@pytest.fixture
def receiving(store):
    """Who sign the outsourcer's receipt in 成品库: 郑洁 inspects, 冯涛 the purchaser."""
    people = {}
    for username, name, role in (
        ("zhengjie", "郑洁", "inspector"),
        ("fengtao", "冯涛", "purchaser"),
    ):
        people[role] = UserFactory(username=username, first_name=name)
        grant(people[role], role, warehouse=store)
    return people


@pytest.fixture
def sent(lot, clerk, signers, store, heat):
    """40 半轴 from 车 to 热处理 at 城东热处理厂, registered by 陈静."""
    slip = services.write_transfer(
        actor=clerk, destination=D.OUTSIDE, outsourcer=heat, lines=[line(lot, 40)]
    )
    return sign_through(slip, **signers, place="")


def _issue_of(slip):
    return StockSlip.objects.select_related("document").get(transfer=slip)


def _dispatch(sent, coordinator, storekeeper):
    issue = _issue_of(sent)
    for person in (coordinator, storekeeper):
        issue = slip_services.sign_slip(actor=person, slip=issue)
    return issue


def _outsourcer_receipt(lot, store, heat, storekeeper, receiving, quantity=40, batch=True):
    receipt = slip_services.write_slip(
        actor=storekeeper,
        kind=SlipKind.PURCHASED_RECEIPT,
        warehouse=store,
        partner=heat,
        lines=[
            {
                "item": lot.item,
                "quantity": Decimal(quantity),
                "batch_number": lot.document.number if batch else "",
            }
        ],
    )
    receipt = slip_services.submit_slip(actor=storekeeper, slip=receipt)
    for person in (receiving["inspector"], storekeeper, receiving["purchaser"]):
        receipt = slip_services.sign_slip(actor=person, slip=receipt)
    return receipt


def test_registering_an_outside_transfer_writes_the_outsourcing_issue_slip(
    sent, lot, statistician, store, heat
):
    """陈静 registers the transfer to 城东热处理厂: the outsourcing issue slip is written in
    the same transaction, waiting for the outsourcing coordinator; the 40 await dispatch."""
    issue = _issue_of(sent)
    assert issue.kind == SlipKind.OUTSOURCING_ISSUE
    assert (issue.partner, issue.warehouse, issue.workshop) == (heat, store, lot.workshop)
    assert issue.document.author == statistician
    assert issue.document.status == Document.Status.PENDING
    assert [(row.item, row.quantity, row.batch_number) for row in issue.lines.all()] == [
        (lot.item, Decimal(40), lot.document.number)
    ]
    assert sent.document.number in issue.explanation
    assert where(lot) == {"awaiting_dispatch": Decimal(40)}
    assert lot_check_problems() == []


def test_the_parts_leave_when_the_issue_slip_posts_and_continue_when_the_receipt_posts(
    sent, lot, store, heat, coordinator, storekeeper, receiving
):
    """钱伟 and 赵敏 sign the issue slip: the 40 are at the outsourcer. The heat-treated 40
    come back on 城东热处理厂's receipt: the lot goes on at 磨, the operation after 热处理 —
    not into the warehouse — and every part is still accounted for."""
    issue = _dispatch(sent, coordinator, storekeeper)
    assert issue.document.status == Document.Status.POSTED
    assert where(lot) == {"outsourced": Decimal(40)}
    receipt = _outsourcer_receipt(lot, store, heat, storekeeper, receiving)
    assert receipt.document.status == Document.Status.POSTED
    assert where(lot) == {"磨": Decimal(40)}
    assert lot_check_problems() == []
    assert list(checks.balances_match_ledger()) == []


def test_a_receipt_without_the_lot_number_takes_the_only_lot_there(
    sent, lot, store, heat, coordinator, storekeeper, receiving
):
    """One lot of 半轴 at the outsourcer: a receipt line without a batch number is it."""
    _dispatch(sent, coordinator, storekeeper)
    _outsourcer_receipt(lot, store, heat, storekeeper, receiving, quantity=25, batch=False)
    assert where(lot) == {"磨": Decimal(25), "outsourced": Decimal(15)}
    assert lot_check_problems() == []


def test_more_back_than_was_sent_is_refused_and_changes_nothing(
    sent, lot, store, heat, coordinator, storekeeper, receiving
):
    """D1-3.8: 41 back of the 40 sent is refused with the figures; nothing moves."""
    _dispatch(sent, coordinator, storekeeper)
    moves = StockMove.objects.count()
    with pytest.raises(DomainError, match="40"):
        _outsourcer_receipt(lot, store, heat, storekeeper, receiving, quantity=41)
    assert StockMove.objects.count() == moves
    assert where(lot) == {"outsourced": Decimal(40)}


def test_an_outside_transfer_with_no_warehouse_to_send_it_is_refused_and_writes_nothing(
    lot, clerk, heat, half_shaft
):
    """No warehouse manages 半轴, so no issue slip could send it: refused when 王芳 writes."""
    assert not WarehouseItem.objects.filter(item=half_shaft).exists()
    with pytest.raises(DomainError, match="outsourcing issue slip"):
        services.write_transfer(
            actor=clerk, destination=D.OUTSIDE, outsourcer=heat, lines=[line(lot, 40)]
        )
    assert not TransferSlip.objects.exists()
    assert where(lot) == {"车": Decimal(40)}


def test_the_transfer_page_links_its_issue_slip(client, sent, statistician):
    issue = _issue_of(sent)
    client.force_login(statistician)
    html = client.get(reverse("shopfloor:transfer-detail", args=[sent.pk])).content.decode()
    assert issue.document.number in html
    assert reverse("slips:slip-detail", args=[issue.pk]) in html


def test_d1_3_8_parts_at_the_outsourcer_do_not_come_back_on_a_transfer_slip(
    sent, lot, clerk, heat, coordinator, storekeeper
):
    """王芳 cannot bring the 40 back from 城东热处理厂 with a transfer slip: they come back
    on the outsourcer's receipt (D1-3.8). The refusal names it, and nothing changes."""
    _dispatch(sent, coordinator, storekeeper)
    slips_before = TransferSlip.objects.count()

    with pytest.raises(DomainError) as refused:
        services.write_transfer(
            actor=clerk,
            destination=D.OPERATION,
            outsourcer=heat,
            lines=[{**line(lot, 40), "source": TransferLine.Source.OUTSIDE}],
        )

    assert "外购外协入库单" in str(refused.value)
    assert refused.value.field == "lines[1].source"
    assert TransferSlip.objects.count() == slips_before
    assert where(lot) == {"outsourced": Decimal(40)}
