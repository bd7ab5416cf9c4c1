"""What a posted slip tells the rest of the system (gendan.core.events).

A receipt slip (production or purchased receipt) publishes ReceiptPosted with the order
it serves and its lines; any other slip written for an order (an issue, a return)
publishes SlipPosted, so the order's timeline lists it; a production receipt for an order also publishes
InspectionPassed: its chain's first step is the inspector signing its quality
(检查员签质量, kinds.py), so a posted production receipt is an inspected one. A reversing
slip (红冲) publishes nothing here: what it undoes is on the reversed slip's page.
"""

from gendan.core import events
from gendan.stock.slips.kinds import RECEIPT, rules_for
from gendan.stock.slips.models import SlipKind


def publish_posted(*, slip, document, actor):
    rules = rules_for(slip.kind)
    if slip.reverses_id:
        return
    if rules.direction != RECEIPT:
        if slip.order_id:
            events.publish(
                events.SlipPosted(
                    document_id=document.pk,
                    paper_type=document.slip_type,
                    order_id=slip.order_id,
                    number=document.number,
                ),
                actor=actor,
            )
        return
    if slip.kind == SlipKind.PRODUCTION_RECEIPT and slip.order_id:
        events.publish(
            events.InspectionPassed(order_id=slip.order_id, document_id=document.pk),
            actor=actor,
        )
    lines = tuple(
        (item_id, f"{quantity.normalize():f}")
        for item_id, quantity in slip.lines.order_by("position").values_list("item_id", "quantity")
    )
    events.publish(
        events.ReceiptPosted(
            document_id=document.pk,
            paper_type=document.slip_type,
            order_id=slip.order_id,
            lines=lines,
            number=document.number,
        ),
        actor=actor,
    )
