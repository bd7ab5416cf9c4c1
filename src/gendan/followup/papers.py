"""The follow-up papers: the trip-expense claim (报销单), one book a year (BX-2026-000012),
approved by the sales manager; posting approves its expenses."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from gendan.core import events
from gendan.core.papers import PER_YEAR, Chain, PaperType, Step, declare
from gendan.followup.expenses import (
    CLAIM_SLIP_TYPE,
    approve_posted_claim,
    release_voided_claim,
)
from gendan.followup.models import Expense, ExpenseClaim


# ---------------------------------------------------------------- what a signer sees
def _claims():
    expenses = Expense.objects.select_related("order", "factory").order_by("spent_on", "id")
    return ExpenseClaim.objects.select_related("claimant").prefetch_related(
        Prefetch("expenses", queryset=expenses)
    )


def claim_of(document):
    """The claim with its expenses: dates, meals, amounts, orders, factories, receipts."""
    return _claims().filter(document=document).first()


def claim_summaries(documents):
    return {
        claim.document_id: "{}：¥{}（{}）".format(
            claim.claimant.get_full_name() or claim.claimant.username,
            claim.total_amount,
            "、".join(str(expense.get_category_display()) for expense in claim.expenses.all()[:4]),
        )
        for claim in _claims().filter(document__in=documents)
    }


def claim_data(claim, *, user):
    return {
        "claimant": claim.claimant.get_full_name() or claim.claimant.username,
        "total_amount": str(claim.total_amount),
        "expenses": [
            {
                "date": str(expense.spent_on),
                "category": str(expense.get_category_display()),
                "amount": str(expense.amount),
                "order": expense.order.number if expense.order_id else "",
                "factory": expense.factory.name if expense.factory_id else "",
                "note": expense.note,
                "has_receipt": bool(expense.receipt_photo),
            }
            for expense in claim.expenses.all()
        ],
    }


EXPENSE_CLAIM = declare(
    PaperType(
        code=CLAIM_SLIP_TYPE,
        name=_("trip expense claim"),
        prefix="BX",
        book_rule=PER_YEAR,
        chain=Chain(
            name="出差费用报销单", steps=(Step(name="内销部经理审批", role_code="sales_manager"),)
        ),
        posting=approve_posted_claim,
        voiding=release_voided_claim,
        readers=("merchandiser", "qc", "cost_accountant"),
        publishes=(events.DocumentPosted,),
        detail_template="followup/paper/_expense_claim.html",
        content=claim_of,
        summaries=claim_summaries,
        content_data=claim_data,
    )
)
