"""What a voided sales paper carried stops being in force (issue 9): voiding a contract
cancels its order; voiding a delivery note takes its quantities off the order's
delivered figures, and a shipped order goes back to shipping. Both run inside the
voiding transaction (declared as the papers' `voiding` handlers), so either the paper
and its content go together or nothing changes."""

from django.db.models import F

from gendan.core import audit
from gendan.sales.models import DeliveryNote, Order, OrderLine
from gendan.sales.services import lifecycle
from gendan.sales.services._common import lock_order, refuse_if_finished


def void_order_paper(*, document, actor, reason, origin=None):
    """The contract is voided: its order is cancelled with the same reason; a shipped
    order cannot be cancelled, so its contract cannot be voided either."""
    order = Order.objects.filter(document=document).first()
    if order is None or order.status == Order.Status.CANCELLED:
        return
    lifecycle.cancel_order(actor=actor, order=order, reason=reason, origin=origin)


def void_delivery_note(*, document, actor, reason, origin=None):
    """The delivery note is voided: what it delivered is no longer delivered."""
    note = DeliveryNote.objects.filter(document=document).first()
    if note is None:
        return
    order = lock_order(note.order)
    refuse_if_finished(order)
    lines = list(note.lines.all())
    for line in lines:
        OrderLine.objects.filter(pk=line.order_line_id).update(
            delivered_quantity=F("delivered_quantity") - line.quantity
        )
    audit.record(
        actor=actor,
        action="delivery_note.void",
        obj=order,
        after={"delivery_note": document.number, "reason": reason, "lines": len(lines)},
        origin=origin,
    )
    lifecycle.resume_shipping_if_undelivered(actor=actor, order=order, origin=origin)
