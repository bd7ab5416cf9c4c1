"""Who may open the follow-up desk's files (issue 10), registered with
`core.attachments` at start-up: a trip expense's receipt photo goes to its merchandiser
and to whoever may see the claim it is on (the approving manager); a milestone's
evidence goes to whoever may see the order's plan. Missing and forbidden look the same."""

from gendan.core import attachments
from gendan.core.access import access_document
from gendan.core.errors import NotFound
from gendan.followup.access import access_order_plan
from gendan.followup.models import Expense, Milestone

EXPENSE_RECEIPT = "expense-receipt"
MILESTONE_EVIDENCE = "milestone-evidence"


def access_expense_receipt(user, pk):
    try:
        expense = Expense.objects.select_related("claim").get(pk=pk)
    except (Expense.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not (user.is_superuser or expense.merchandiser_id == user.pk):
        if expense.claim is None:
            raise NotFound()
        access_document(user, expense.claim.document_id)
    return expense.receipt_photo


def access_milestone_evidence(user, pk):
    try:
        milestone = Milestone.objects.get(pk=pk)
    except (Milestone.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    access_order_plan(user, milestone.order_id)  # whoever may see the order's plan
    return milestone.evidence_file


def register():
    attachments.register_file_field(EXPENSE_RECEIPT, access_expense_receipt)
    attachments.register_file_field(MILESTONE_EVIDENCE, access_milestone_evidence)
