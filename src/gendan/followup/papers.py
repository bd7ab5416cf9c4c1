"""The follow-up papers: the trip-expense claim (报销单), one book a year (BX-2026-000012),
approved by the sales manager; posting approves its expenses."""

from django.utils.translation import gettext_lazy as _

from gendan.core import events
from gendan.core.papers import PER_YEAR, Chain, PaperType, Step, declare
from gendan.followup.expenses import (
    CLAIM_SLIP_TYPE,
    approve_posted_claim,
    release_voided_claim,
)

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
    )
)
