"""`gendan check` over the follow-up papers: a voided claim holds no expense."""

from gendan.core.models import Document
from gendan.followup.models import Expense


def voided_claims_hold_nothing():
    held = Expense.objects.filter(claim__document__status=Document.Status.VOIDED)
    for expense in held.select_related("claim__document")[:50]:
        yield (
            f"expense {expense.pk} is still claimed on voided claim {expense.claim.document.number}"
        )
