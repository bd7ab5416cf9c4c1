"""Delivery notes 送货单 (D2-5, D5-3.5): what ships now, never more than is still owed."""

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import audit, events, numbering, papers, policies
from gendan.core.errors import DomainError
from gendan.core.locks import lock_rows
from gendan.core.models import NotificationChannel
from gendan.core.notify import notify
from gendan.sales.access import require_order_actor
from gendan.sales.models import DeliveryNote, DeliveryNoteLine, OrderLine
from gendan.sales.policies import WAREHOUSE_CHANNEL
from gendan.sales.services import lifecycle
from gendan.sales.services._common import lock_order, plain, refuse_if_finished
from gendan.sales.services.orders import clean_quantity, require_confirmed

logger = logging.getLogger(__name__)
DELIVERY_NOTE_SLIP_TYPE = "sales.delivery_note"

# The stock ledger sits above sales, so sales never imports it: at start-up the stock
# module registers what moves a delivery note's goods (`ship`) and what takes them back
# when the note is voided (`take_back`). Both run inside the transaction that writes or
# voids the note, so a refusal there (not enough on hand) changes nothing.
_stock_handlers = {}


def register_stock_handlers(*, ship, take_back, batches_on_hand=None):
    """Called once by the stock module (gendan.stock.shipping.connect)."""
    _stock_handlers["ship"] = ship
    _stock_handlers["take_back"] = take_back
    _stock_handlers["batches_on_hand"] = batches_on_hand


def batches_on_hand(item_ids):
    """{item id: [(batch number, expiry date, quantity on hand)]} in the warehouses that
    keep each item, soonest expiry first, as the stock module reads them: what the
    delivery form offers to choose from. Empty when no stock module is installed."""
    handler = _stock_handlers.get("batches_on_hand")
    return handler(item_ids) if handler is not None else {}


def move_stock(delivery_note, *, actor):
    handler = _stock_handlers.get("ship")
    if handler is not None:
        handler(delivery_note=delivery_note, actor=actor)


def take_back_stock(delivery_note, *, actor):
    handler = _stock_handlers.get("take_back")
    if handler is not None:
        handler(delivery_note=delivery_note, actor=actor)


def create_delivery_note(*, actor, order, lines, shipped_on=None, note="", origin=None):
    """Write a delivery note for what ships now (D2-5). Refused for an order still
    待确认 (D5-3.3) and for any line that would ship more than ordered minus already
    delivered; nothing is saved then. The goods leave the finished-goods warehouse
    through the stock ledger (first-expiry-first-out, or the line's `batch_number`);
    too little on hand is refused with the figures and changes nothing. Tells the
    finished-goods warehouse, and completes the order when everything is delivered
    (D5-3.5)."""
    require_order_actor(actor, order)
    if not lines:
        raise DomainError(_("A delivery note needs at least one line."), field="lines")
    shipped_on = shipped_on or timezone.localdate()
    with transaction.atomic():
        order = lock_order(order)
        refuse_if_finished(order)
        require_confirmed(order)
        wanted = _clean_lines(order, lines)
        delivery_note = _write_note(actor, order, wanted, shipped_on, note, origin)
        move_stock(delivery_note, actor=actor)
        events.publish(
            events.DeliveryShipped(
                order_id=order.pk,
                delivery_note_id=delivery_note.pk,
                number=delivery_note.number,
            ),
            actor=actor,
        )
        _tell_warehouse(delivery_note, wanted)
        complete_if_fully_delivered(order, actor=actor, origin=origin)
    return delivery_note


def _clean_lines(order, lines):
    """[(order line, quantity)] locked in pk order, each within what is still owed."""
    by_id = {line.pk: line for line in lock_rows(order.lines.select_related("item__unit"))}
    wanted, seen = [], set()
    for index, spec in enumerate(lines, start=1):
        line = _find_line(order, by_id, spec.get("order_line"), index)
        if line.pk in seen:
            raise DomainError(
                _("Row %(index)s: line %(row)s appears twice on this delivery note.")
                % {"index": index, "row": line.position},
                field=f"lines[{index}].order_line",
            )
        seen.add(line.pk)
        quantity = clean_quantity(line.position, spec.get("quantity", ""), line.item)
        _check_not_over(line, quantity, index)
        wanted.append((line, quantity, _batch_number(spec, index)))
    return wanted


def _batch_number(spec, index):
    number = spec.get("batch_number") or ""
    if not isinstance(number, str) or len(number.strip()) > 60:
        raise DomainError(
            _("Row %(index)s: a batch number is text of at most 60 characters.") % {"index": index},
            field=f"lines[{index}].batch_number",
        )
    return number.strip()


def _find_line(order, by_id, reference, index):
    line_id = reference.pk if isinstance(reference, OrderLine) else reference
    try:
        line = by_id.get(int(line_id))
    except (TypeError, ValueError):
        line = None
    if line is None:
        raise DomainError(
            _("Row %(index)s: line %(line)s is not a line of order %(number)s.")
            % {"index": index, "line": reference, "number": order.number},
            field=f"lines[{index}].order_line",
        )
    return line


def _check_not_over(line, quantity, index):
    remaining = line.quantity - line.delivered_quantity
    if quantity > remaining:
        raise DomainError(
            _(
                "Line %(row)s (%(item)s): ordered %(ordered)s, already delivered %(delivered)s, "
                "%(remaining)s still to deliver — cannot ship %(quantity)s."
            )
            % {
                "row": line.position,
                "item": line.item.name,
                "ordered": plain(line.quantity),
                "delivered": plain(line.delivered_quantity),
                "remaining": plain(remaining),
                "quantity": plain(quantity),
            },
            field=f"lines[{index}].quantity",
        )


def _write_note(actor, order, wanted, shipped_on, note, origin, *, kind=None, explanation=""):
    kind = kind or DeliveryNote.Kind.DELIVERY
    is_return = kind == DeliveryNote.Kind.RETURN
    title = f"{order.number} {order.customer}"
    document = numbering.open_document(
        actor=actor,
        book=papers.book_for(DELIVERY_NOTE_SLIP_TYPE, None, shipped_on),
        title=f"{_('Customer return')} {title}" if is_return else title,
        is_signed=False,
        origin=origin,
    )
    delivery_note = DeliveryNote.objects.create(
        document=document,
        number=document.number,
        order=order,
        shipped_on=shipped_on,
        kind=kind,
        explanation=explanation,
        note=(note or "").strip()[:200],
        created_by=actor,
    )
    DeliveryNoteLine.objects.bulk_create(
        DeliveryNoteLine(
            delivery_note=delivery_note,
            order_line=line,
            quantity=quantity,
            variant_id=line.variant_id,
            colour=line.colour,
            size_spec=line.size_spec,
            batch_number=batch_number,
        )
        for line, quantity, batch_number in wanted
    )
    sign = -1 if is_return else 1
    for line, quantity, _batch in wanted:
        OrderLine.objects.filter(pk=line.pk).update(
            delivered_quantity=F("delivered_quantity") + sign * quantity
        )
    audit.record(
        actor=actor,
        action="delivery_note.return" if is_return else "delivery_note.create",
        obj=delivery_note,
        origin=origin,
        after={
            "order": order.number,
            "shipped_on": str(shipped_on),
            "lines": {str(line.position): str(quantity) for line, quantity, _b in wanted},
        }
        | ({"explanation": explanation} if is_return else {}),
    )
    return delivery_note


def record_customer_return(
    *, actor, order, lines, explanation, returned_on=None, note="", origin=None
):
    """A customer sends goods back (退货, D2-0): they come back into the finished-goods
    warehouse through the stock ledger, under the batch they name. Refused without a
    written explanation, and for any line that would return more than was delivered;
    nothing is saved then. What comes back is owed again, so a shipped order goes back
    to shipping."""
    require_order_actor(actor, order)
    explanation = (explanation or "").strip()
    if not explanation:
        raise DomainError(
            _("A customer return needs an explanation: why do the goods come back?"),
            field="explanation",
        )
    if not lines:
        raise DomainError(_("A customer return needs at least one line."), field="lines")
    returned_on = returned_on or timezone.localdate()
    with transaction.atomic():
        order = lock_order(order)
        refuse_if_finished(order)
        wanted = _clean_return_lines(order, lines)
        delivery_note = _write_note(
            actor,
            order,
            wanted,
            returned_on,
            note,
            origin,
            kind=DeliveryNote.Kind.RETURN,
            explanation=explanation,
        )
        move_stock(delivery_note, actor=actor)
        events.publish(
            events.CustomerReturned(
                order_id=order.pk,
                delivery_note_id=delivery_note.pk,
                number=delivery_note.number,
                explanation=explanation[:200],
            ),
            actor=actor,
        )
        lifecycle.resume_shipping_if_undelivered(actor=actor, order=order, origin=origin)
    return delivery_note


def _clean_return_lines(order, lines):
    by_id = {line.pk: line for line in lock_rows(order.lines.select_related("item__unit"))}
    wanted, seen = [], set()
    for index, spec in enumerate(lines, start=1):
        line = _find_line(order, by_id, spec.get("order_line"), index)
        if line.pk in seen:
            raise DomainError(
                _("Row %(index)s: line %(row)s appears twice on this return.")
                % {"index": index, "row": line.position},
                field=f"lines[{index}].order_line",
            )
        seen.add(line.pk)
        quantity = clean_quantity(line.position, spec.get("quantity", ""), line.item)
        if quantity > line.delivered_quantity:
            raise DomainError(
                _(
                    "Line %(row)s (%(item)s): %(delivered)s delivered — cannot take back "
                    "%(quantity)s."
                )
                % {
                    "row": line.position,
                    "item": line.item.name,
                    "delivered": plain(line.delivered_quantity),
                    "quantity": plain(quantity),
                },
                field=f"lines[{index}].quantity",
            )
        wanted.append((line, quantity, _batch_number(spec, index)))
    return wanted


def _tell_warehouse(delivery_note, wanted):
    """Queue a message for the finished-goods warehouse when its channel is set up. A
    channel that is switched off must not stop the goods from shipping: it is logged."""
    name = policies.get(WAREHOUSE_CHANNEL)
    if not name or not NotificationChannel.objects.filter(name=name).exists():
        return
    order = delivery_note.order
    body = "\n".join(
        [
            _("Ship on %(date)s for %(customer)s (order %(number)s):")
            % {"date": delivery_note.shipped_on, "customer": order.customer, "number": order.number}
        ]
        + [
            f"{line.position}. {line.item.name} {line.size_spec} × {plain(quantity)}"
            for line, quantity, _batch in wanted
        ]
    )
    try:
        notify(name, _("Delivery note %(number)s") % {"number": delivery_note.number}, body)
    except DomainError as refusal:
        logger.warning(
            "delivery note %s: warehouse not notified: %s", delivery_note.number, refusal
        )


def complete_if_fully_delivered(order, *, actor, origin=None):
    """Mark a released order shipped once nothing is left to deliver (D5-3.5), start
    its payment clock (lifecycle.ship_if_fully_delivered), and publish OrderDelivered."""
    if not lifecycle.ship_if_fully_delivered(actor=actor, order=order, origin=origin):
        return order
    events.publish(events.OrderDelivered(order_id=order.pk), actor=actor)
    return order
