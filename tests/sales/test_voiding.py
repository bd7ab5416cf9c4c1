"""Voiding a paper voids what it carries, in the same transaction (issue 9): a voided
contract's order is cancelled and can no longer be confirmed; a voided delivery note no
longer counts as delivered; a voided claim releases its expenses — and `gendan check`
finds a voided paper whose content is still in force."""

import datetime
from decimal import Decimal

import pytest

from gendan.core import numbering
from gendan.core.errors import InvalidTransition
from gendan.core.models import AuditEvent, Document
from gendan.followup import expenses
from gendan.followup.checks import voided_claims_hold_nothing
from gendan.followup.models import Expense
from gendan.org.models import Site
from gendan.sales import services
from gendan.sales.checks import voided_papers_out_of_force
from gendan.sales.models import Order
from tests.sales.factories import make_order


def _ship(actor, order, quantity):
    line = order.lines.get()
    return services.create_delivery_note(
        actor=actor, order=order, lines=[{"order_line": line.pk, "quantity": quantity}]
    )


def test_voiding_a_contract_cancels_its_order_which_then_cannot_be_confirmed(
    merchandiser, customer
):
    order = make_order(merchandiser, customer=customer, channel=Order.Channel.FAX)
    assert order.status == Order.Status.UNCONFIRMED
    numbering.void_document(actor=merchandiser, document=order.document, reason="客户撤单")
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    with pytest.raises(InvalidTransition, match="cancelled"):
        services.confirm_order(
            actor=merchandiser,
            order=order,
            called_person="张经理",
            called_at=datetime.datetime(2026, 4, 2, 10, 0, tzinfo=datetime.UTC),
            confirmed_text="10 台",
        )
    assert list(voided_papers_out_of_force()) == []


def test_the_contract_of_a_shipped_order_cannot_be_voided_and_nothing_changes(
    merchandiser, customer
):
    order = make_order(merchandiser, customer=customer)
    _ship(merchandiser, order, "100")
    order.refresh_from_db()
    assert order.status == Order.Status.SHIPPED
    audit_rows = AuditEvent.objects.count()
    with pytest.raises(InvalidTransition):
        numbering.void_document(actor=merchandiser, document=order.document, reason="写错")
    order.refresh_from_db()
    assert order.status == Order.Status.SHIPPED
    assert Document.objects.get(pk=order.document_id).status != Document.Status.VOIDED
    assert AuditEvent.objects.count() == audit_rows


def test_voiding_a_delivery_note_takes_back_what_it_delivered(merchandiser, customer):
    order = make_order(merchandiser, customer=customer)
    _ship(merchandiser, order, "40")
    second = _ship(merchandiser, order, "60")
    order.refresh_from_db()
    assert order.status == Order.Status.SHIPPED
    numbering.void_document(actor=merchandiser, document=second.document, reason="车没发出")
    order.refresh_from_db()
    assert order.lines.get().delivered_quantity == Decimal("40")
    assert order.status == Order.Status.CONFIRMED  # back to shipping the other 60
    assert list(voided_papers_out_of_force()) == []


def test_check_finds_a_voided_paper_whose_content_is_still_in_force(merchandiser, customer):
    order = make_order(merchandiser, customer=customer)
    note = _ship(merchandiser, order, "40")
    # voided behind the application's back: the handlers never ran
    Document.objects.filter(pk__in=[order.document_id, note.document_id]).update(
        status=Document.Status.VOIDED
    )
    problems = list(voided_papers_out_of_force())
    assert any(order.number in problem and "voided" in problem for problem in problems)
    assert any("valid delivery notes say 0" in problem for problem in problems)


def test_voiding_a_claim_releases_its_expenses(merchandiser):
    factory = Site.objects.create(
        code="YX", name="宜兴华美服装厂", kind=Site.Kind.CONTRACTED_FACTORY
    )
    expenses.record_expense(
        actor=merchandiser,
        spent_on=datetime.date(2026, 4, 1),
        category="lunch",
        amount="25.00",
        factory=factory,
    )
    claim = expenses.submit_claim(actor=merchandiser)
    assert Expense.objects.get().status == Expense.Status.CLAIMED
    numbering.void_document(actor=merchandiser, document=claim.document, reason="重复报销")
    expense = Expense.objects.get()
    assert (expense.status, expense.claim_id) == (Expense.Status.RECORDED, None)
    assert list(voided_claims_hold_nothing()) == []
