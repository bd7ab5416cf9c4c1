"""Bad input (issue 4): a clear message naming the field or line, and nothing changed."""

from decimal import Decimal

import pytest

from gendan.core.errors import DomainError, InvalidTransition, NotFound, PermissionDenied
from gendan.core.models import AuditEvent, Document
from gendan.stock import ledger
from gendan.stock.models import Location, StockMove
from gendan.stock.slips import services
from gendan.stock.slips.models import SlipKind, SlipLine, StockSlip
from tests.factories import UserFactory, grant
from tests.slips import factories
from tests.slips.factories import line, put_stock, steel_line, through_chain, write

pytestmark = pytest.mark.usefixtures("chains_seeded")


def counts():
    return (
        Document.objects.count(),
        StockSlip.objects.count(),
        SlipLine.objects.count(),
        StockMove.objects.count(),
    )


@pytest.fixture
def posted_receipt(statistician, inspector, director, storekeeper, machining, store, half_shaft):
    station = Location.objects.create(
        code="ST-JJ", name="机加", kind=Location.Kind.STATION, workshop=machining
    )
    put_stock(statistician, half_shaft, station, 40)
    slip = write(
        statistician, SlipKind.PRODUCTION_RECEIPT, store, [line(half_shaft, 40)], workshop=machining
    )
    return through_chain(slip, inspector, director, storekeeper)


def test_issuing_an_item_outside_the_warehouse_scope_is_refused(accountant, machining, store):
    other = factories.item("DZ-9", "刀轴")
    before = counts()
    with pytest.raises(DomainError) as refused:
        write(accountant, SlipKind.PRODUCTION_ISSUE, store, [line(other, 1)], workshop=machining)
    assert refused.value.field == "lines[1].item"
    assert "is not managed by warehouse" in str(refused.value)
    assert counts() == before


@pytest.mark.parametrize("missing", ["grade", "weight"])
def test_steel_issue_missing_grade_or_weight_is_refused(
    accountant, machining, store, round_steel, missing
):
    before = counts()
    with pytest.raises(DomainError) as refused:
        write(
            accountant,
            SlipKind.STEEL_ISSUE,
            store,
            [steel_line(round_steel, "10"), steel_line(round_steel, "5", **{missing: ""})],
            workshop=machining,
        )
    assert refused.value.field == f"lines[2].{missing}"
    assert "D1-3.1" in str(refused.value)
    assert missing in str(refused.value)
    assert counts() == before


@pytest.mark.parametrize("kind", [SlipKind.RETURN, SlipKind.REPLENISHMENT, SlipKind.REPLACEMENT])
def test_return_replenishment_replacement_without_explanation_is_refused(
    director, machining, store, half_shaft, kind
):
    before = counts()
    with pytest.raises(DomainError) as refused:
        write(director, kind, store, [line(half_shaft, 1)], workshop=machining, explanation="  ")
    assert refused.value.field == "explanation"
    assert "explanation" in str(refused.value)
    assert counts() == before


@pytest.mark.parametrize(
    ("quantity", "expected"),
    [
        ("0", "greater than zero"),
        ("-3", "greater than zero"),
        ("1.5", "decimal places"),
        ("abc", "must be a number"),
    ],
)
def test_bad_quantities_are_refused_naming_the_line(
    accountant, machining, store, half_shaft, quantity, expected
):
    before = counts()
    with pytest.raises(DomainError) as refused:
        write(
            accountant,
            SlipKind.PRODUCTION_ISSUE,
            store,
            [{"item": half_shaft, "quantity": quantity}],
            workshop=machining,
        )
    assert refused.value.field == "lines[1].quantity"
    assert expected in str(refused.value)
    assert counts() == before


def test_a_person_without_the_writer_role_cannot_write_the_slip(
    outsider, machining, store, half_shaft
):
    before = counts()
    with pytest.raises(DomainError, match="may write this slip"):
        write(
            outsider, SlipKind.PRODUCTION_RECEIPT, store, [line(half_shaft, 1)], workshop=machining
        )
    assert counts() == before


def test_posting_twice_is_refused(posted_receipt, storekeeper, store, half_shaft):
    balance = ledger.balance(half_shaft, store.locations.get())
    before = counts()
    with pytest.raises(InvalidTransition, match="already posted"):
        services.post_slip(actor=storekeeper, slip=posted_receipt)
    with pytest.raises(InvalidTransition, match="already posted"):
        services.sign_slip(actor=storekeeper, slip=posted_receipt)
    assert counts() == before
    assert ledger.balance(half_shaft, store.locations.get()) == balance


def test_editing_a_posted_slip_is_refused(posted_receipt, statistician, half_shaft):
    before, audits = counts(), AuditEvent.objects.count()
    with pytest.raises(InvalidTransition, match="posted and can never be edited"):
        services.update_slip(actor=statistician, slip=posted_receipt, lines=[line(half_shaft, 400)])
    assert counts() == before
    assert AuditEvent.objects.count() == audits
    assert posted_receipt.lines.get().quantity == Decimal(40)


def test_voiding_a_posted_slip_is_refused_reverse_it_instead(posted_receipt, statistician):
    before = counts()
    with pytest.raises(DomainError, match="reverse it with a reversing slip"):
        services.void_slip(actor=statistician, slip=posted_receipt, reason="写错了")
    posted_receipt.document.refresh_from_db()
    assert posted_receipt.document.status == Document.Status.POSTED
    assert counts() == before


def test_post_alias_refuses_to_skip_steps(statistician, inspector, machining, store, half_shaft):
    slip = write(
        statistician, SlipKind.PRODUCTION_RECEIPT, store, [line(half_shaft, 1)], workshop=machining
    )
    slip = services.submit_slip(actor=statistician, slip=slip)
    with pytest.raises(InvalidTransition, match="still needs 3 signatures"):
        services.post_slip(actor=inspector, slip=slip)


def test_a_draft_is_edited_by_its_author(statistician, machining, store, half_shaft):
    slip = write(
        statistician, SlipKind.PRODUCTION_RECEIPT, store, [line(half_shaft, 1)], workshop=machining
    )
    slip = services.update_slip(
        actor=statistician, slip=slip, lines=[line(half_shaft, 7), line(half_shaft, 2)]
    )
    assert [ln.quantity for ln in slip.lines.order_by("position")] == [7, 2]
    assert "and 1 more" in slip.document.title


def test_a_slip_is_reversed_once_only(posted_receipt, statistician):
    services.reverse_slip(actor=statistician, slip=posted_receipt, reason="数量写错")
    with pytest.raises(InvalidTransition, match="already has a reversing slip"):
        services.reverse_slip(actor=statistician, slip=posted_receipt, reason="再冲一次")


def test_a_role_granted_everywhere_cannot_reverse_a_slip_it_does_not_keep(
    posted_receipt, storekeeper
):
    """Issue 9: marketing (granted everywhere) once reversed any posted slip, which then
    blocked the storekeeper's real reversal. Refused now, nothing written; the
    storekeeper's own reversal still goes through."""
    marketer = UserFactory(username="fengkai", first_name="冯凯")
    grant(marketer, "marketing")
    before = counts()
    with pytest.raises(NotFound):  # marketing is not what warehouse slips are for
        services.reverse_slip(actor=marketer, slip=posted_receipt, reason="试试")
    assert counts() == before
    planner = UserFactory(username="hetao", first_name="何涛")
    grant(planner, "cost_accountant")  # reads every slip, but does not keep the stock
    with pytest.raises(PermissionDenied, match="may reverse"):
        services.reverse_slip(actor=planner, slip=posted_receipt, reason="试试")
    assert counts() == before
    reversal = services.reverse_slip(actor=storekeeper, slip=posted_receipt, reason="数量写错")
    assert reversal.reverses_id == posted_receipt.pk
