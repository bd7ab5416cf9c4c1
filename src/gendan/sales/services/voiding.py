"""What a voided sales paper carried stops being in force (issue 9): voiding a contract
cancels its order; voiding a delivery note takes its quantities off the order's
delivered figures, and a shipped order goes back to shipping. Both run inside the
voiding transaction (declared as the papers' `voiding` handlers), so either the paper
and its content go together or nothing changes."""

from django.db.models import F
from django.utils.translation import gettext as _

from gendan.core import audit
from gendan.core.errors import InvalidTransition
from gendan.sales.models import DeliveryNote, Order, OrderLine
from gendan.sales.services import deliveries, lifecycle
from gendan.sales.services._common import lock_order, plain, refuse_if_finished


def void_order_paper(*, document, actor, reason, origin=None):
    """The contract is voided: its order is cancelled with the same reason; a shipped
    order cannot be cancelled, so its contract cannot be voided either."""
    order = Order.objects.filter(document=document).first()
    if order is None or order.status == Order.Status.CANCELLED:
        return
    lifecycle.cancel_order(actor=actor, order=order, reason=reason, origin=origin)


def void_delivery_note(*, document, actor, reason, origin=None):
    """The delivery note is voided: what it delivered is no longer delivered, and its
    goods go back where they came from through the stock ledger (a voided customer
    return takes the returned goods out again, refused when they are no longer there).
    A voided return makes its goods owed as delivered again."""
    note = DeliveryNote.objects.filter(document=document).first()
    if note is None:
        return
    order = lock_order(note.order)
    refuse_if_finished(order)
    lines = list(note.lines.select_related("order_line"))
    if note.kind == DeliveryNote.Kind.RETURN:
        _refuse_if_delivered_again(note, lines)
    sign = -1 if note.kind == DeliveryNote.Kind.RETURN else 1
    for line in lines:
        OrderLine.objects.filter(pk=line.order_line_id).update(
            delivered_quantity=F("delivered_quantity") - sign * line.quantity
        )
    deliveries.take_back_stock(note, actor=actor)
    audit.record(
        actor=actor,
        action="delivery_note.void",
        obj=order,
        after={"delivery_note": document.number, "reason": reason, "lines": len(lines)},
        origin=origin,
    )
    lifecycle.resume_shipping_if_undelivered(actor=actor, order=order, origin=origin)
    if note.kind == DeliveryNote.Kind.RETURN:
        lifecycle.ship_if_fully_delivered(actor=actor, order=order, origin=origin)


def _refuse_if_delivered_again(note, lines):
    """Voiding a return makes its goods delivered again: refused when the order line
    has since been delivered anew, so it would count more delivered than ordered."""
    for line in lines:
        order_line = OrderLine.objects.get(pk=line.order_line_id)
        if order_line.delivered_quantity + line.quantity > order_line.quantity:
            raise InvalidTransition(
                _(
                    "%(number)s cannot be voided: line %(row)s has been delivered again since "
                    "(%(delivered)s of %(ordered)s delivered)."
                )
                % {
                    "number": note.number,
                    "row": order_line.position,
                    "delivered": plain(order_line.delivered_quantity),
                    "ordered": plain(order_line.quantity),
                }
            )
