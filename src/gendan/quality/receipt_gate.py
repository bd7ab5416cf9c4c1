"""D5-5: "second inspection of finished goods before warehousing". When the policy
`quality.receipt_needs_finished_goods_inspection` is on, a production receipt (入库单)
for an order whose finished-goods second inspection has not passed is refused at
posting, with the rule and the order named; nothing moves and the signature that would
have posted it rolls back.

Stock cannot import quality (layers), so the rule is a guard registered with
`gendan.core.posting_guards`, which stock's posting asks before it moves anything.
"Passed" is the latest finished-goods inspection of the order signed by the factory
(posted) with the verdict passed: a passed inspection followed by a failed one does not
let the goods in.
"""

from django.utils.translation import gettext as _

from gendan.core import policies
from gendan.core.errors import InvalidTransition
from gendan.core.models import Document
from gendan.quality.models import Inspection, Stage, Verdict
from gendan.quality.policies import RECEIPT_NEEDS_FINISHED_GOODS_INSPECTION
from gendan.sales.models import Order

PRODUCTION_RECEIPT = "production_receipt"


def finished_goods_passed(order_id):
    """Whether the order's latest posted finished-goods inspection passed."""
    latest = (
        Inspection.objects.filter(
            order_id=order_id,
            stage=Stage.FINISHED_GOODS,
            document__status=Document.Status.POSTED,
        )
        .order_by("-inspected_on", "-id")
        .values_list("verdict", flat=True)
        .first()
    )
    return latest == Verdict.PASSED


def refuse_receipt_before_inspection(posting):
    """The posting guard (core.posting_guards): production receipts only, for an order."""
    if posting.kind != PRODUCTION_RECEIPT or not posting.order_id:
        return
    if not policies.get(RECEIPT_NEEDS_FINISHED_GOODS_INSPECTION):
        return
    if finished_goods_passed(posting.order_id):
        return
    number = Order.objects.filter(pk=posting.order_id).values_list("number", flat=True).first()
    raise InvalidTransition(
        _(
            "Rule D5-5 (company policy): the goods of order %(order)s go into the warehouse "
            "only after their finished-goods second inspection has passed and the factory "
            "has signed it; no passed finished-goods inspection is recorded for this order, "
            "so the production receipt cannot be posted."
        )
        % {"order": number or posting.order_id}
    )
