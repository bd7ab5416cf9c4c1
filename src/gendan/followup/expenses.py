"""Trip expenses of factory visits (D4-X): recorded by the merchandiser, claimed on a
numbered claim (BX-<year>) that the sales manager signs along `followup.expense_claim`.
When the claim posts, its expenses are approved."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import audit, chains, numbering, papers, permissions
from gendan.core.access import can_see_document
from gendan.core.attachments import PHOTO_OR_PDF_EXTENSIONS, check_file
from gendan.core.errors import DomainError, InvalidTransition, NotFound, PermissionDenied
from gendan.core.parsing import column_of, parse_money
from gendan.followup.models import Expense, ExpenseClaim

CLAIM_SLIP_TYPE = "followup.expense_claim"


def may_claim(user):
    """Who records trip expenses and claims them (the matrix's `expense_claim.create`):
    the merchandisers who visit the factories (D4-X), not the factory itself."""
    return permissions.allows(user, "expense_claim", "create")


def may_see_expenses(user):
    """Who opens the trip-expense page (the matrix's `expense_claim.view`)."""
    return permissions.allows(user, "expense_claim", "view")


def sees_every_claim(user):
    """The sales manager who approves and the auditor read every claim (the matrix)."""
    return permissions.reach(user, "expense_claim", "view").everywhere


def _require_claimant(actor):
    if not may_claim(actor):
        raise PermissionDenied(_("Only a merchandiser records and claims trip expenses."))


def _clean_amount(amount):
    column = column_of(Expense, "amount")
    return parse_money(amount, field="amount", label=_("Amount"), column=column)


def _clean_expense(spent_on, category, order, factory, receipt_photo):
    if category not in Expense.Category.values:
        raise DomainError(
            _("Unknown category “%(value)s”; choose one of: %(choices)s.")
            % {"value": category, "choices": ", ".join(Expense.Category.values)},
            field="category",
        )
    if not isinstance(spent_on, date) or spent_on > timezone.localdate():
        raise DomainError(_("Give the date of the expense, not in the future."), field="spent_on")
    if order is None and factory is None:
        raise DomainError(_("Say which order or factory the visit was for."), field="order")
    if receipt_photo is not None:
        check_file(receipt_photo, field="receipt_photo", extensions=PHOTO_OR_PDF_EXTENSIONS)


def record_expense(
    *,
    actor,
    spent_on,
    category,
    amount,
    order=None,
    factory=None,
    receipt_photo=None,
    note="",
    origin=None,
):
    """D4-X: one factory-visit expense of the acting merchandiser."""
    _require_claimant(actor)
    amount = _clean_amount(amount)
    _clean_expense(spent_on, category, order, factory, receipt_photo)
    with transaction.atomic():
        expense = Expense(
            merchandiser=actor,
            spent_on=spent_on,
            category=category,
            amount=amount,
            order=order,
            factory=factory,
            note=(note or "").strip()[:200],
        )
        if receipt_photo is not None:
            expense.receipt_photo = receipt_photo
        expense.save()
        audit.record(
            actor=actor,
            action="expense.record",
            obj=expense,
            origin=origin,
            after={
                "date": str(spent_on),
                "category": category,
                "amount": str(amount),
                "order": order.number if order else None,
                "factory": factory.code if factory else None,
            },
        )
    return expense


def month_total(user, year, month):
    total = Expense.objects.filter(
        merchandiser=user, spent_on__year=year, spent_on__month=month
    ).aggregate(total=Sum("amount"))["total"]
    return (total or Decimal("0")).quantize(Decimal("0.01"))


def submit_claim(*, actor, expense_ids=None, origin=None):
    """Put the actor's unclaimed expenses (all, or the ones named) on a new claim and
    hand it to the sales manager's step."""
    _require_claimant(actor)
    with transaction.atomic():
        expenses = Expense.objects.select_for_update(of=("self",)).filter(
            merchandiser=actor, claim__isnull=True, status=Expense.Status.RECORDED
        )
        if expense_ids is not None:
            expenses = expenses.filter(pk__in=expense_ids)
        expenses = list(expenses.order_by("spent_on", "id"))
        if not expenses:
            raise DomainError(_("There are no unclaimed expenses to claim."), field="expenses")
        total = sum((expense.amount for expense in expenses), Decimal("0"))
        document = numbering.open_document(
            actor=actor,
            book=papers.book_for(CLAIM_SLIP_TYPE, None, timezone.localdate(), actor=actor),
            title=_("Trip expenses %(total)s yuan") % {"total": total},
            origin=origin,
        )
        claim = ExpenseClaim.objects.create(document=document, claimant=actor, total_amount=total)
        Expense.objects.filter(pk__in=[e.pk for e in expenses]).update(
            claim=claim, status=Expense.Status.CLAIMED
        )
        audit.record(
            actor=actor,
            action="expense.claim",
            obj=claim,
            origin=origin,
            after={"expenses": [e.pk for e in expenses], "total": str(total)},
        )
        claim.document = chains.submit(actor=actor, document=document, origin=origin)
    return claim


def approve_claim(*, actor, claim, note="", origin=None):
    """The sales manager signs the claim; the last required signature posts it."""
    chains.sign(actor=actor, document=claim.document, note=note, origin=origin)
    claim.document.refresh_from_db()
    return claim


def approve_posted_claim(document, actor):
    """Posting handler: runs inside the posting transaction of the claim."""
    claim = ExpenseClaim.objects.select_for_update(of=("self",)).filter(document=document).first()
    if claim is None:
        raise InvalidTransition(_("%(number)s has no expense claim.") % {"number": document})
    claim.expenses.update(status=Expense.Status.APPROVED)
    audit.record(
        actor=actor,
        action="expense.approve",
        obj=claim,
        after={"total": str(claim.total_amount), "expenses": claim.expenses.count()},
    )


def access_claim(user, pk):
    """The claim, if `user` is its claimant, a superuser, or may act on its document."""
    claim = ExpenseClaim.objects.select_related("document", "claimant").filter(pk=pk).first()
    if claim is None:
        raise NotFound()
    if claim.claimant_id != user.pk and not can_see_document(user, claim.document):
        raise NotFound()
    return claim


def release_voided_claim(*, document, actor, reason, origin=None):
    """Voiding handler of the claim (issue 9): its expenses are no longer claimed and
    can go on a new claim. Runs inside the voiding transaction."""
    claim = ExpenseClaim.objects.filter(document=document).first()
    if claim is None:
        return
    released = Expense.objects.filter(claim=claim).update(
        claim=None, status=Expense.Status.RECORDED
    )
    audit.record(
        actor=actor,
        action="expense.release",
        obj=claim,
        after={"reason": reason, "expenses": released},
        origin=origin,
    )
