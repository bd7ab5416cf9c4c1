"""Changes to an order after it was taken: only through `amend_order`, never silent."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import audit, events
from gendan.core.errors import DomainError
from gendan.core.parsing import parse_date
from gendan.sales.access import require_order_actor
from gendan.sales.models import Amendment, Order, OrderLine
from gendan.sales.services import lifecycle
from gendan.sales.services._common import CENT, lock_order, plain, refuse_if_finished, required_text
from gendan.sales.services.deliveries import complete_if_fully_delivered
from gendan.sales.services.orders import clean_line, clean_price, clean_quantity

Field = Amendment.Field
LINE_FIELDS = {Field.QUANTITY, Field.UNIT_PRICE}


def amend_order(*, actor, order, field, value, reason, line=None, origin=None):
    """Change one thing on an order (quantity or unit price of a line, delivery date,
    payment terms or due date, or a new line), recorded as an Amendment — who, what,
    why, before → after — and an audit row; `order.amended` is published. A reason is
    required; a quantity never goes below what was already delivered."""
    require_order_actor(actor, order)
    reason = required_text(
        reason, field="reason", message=_("Say why the order is amended (the reason is required).")
    )
    if field not in Field.values:
        raise DomainError(_("“%(field)s” cannot be amended.") % {"field": field}, field="field")
    with transaction.atomic():
        order = lock_order(order)
        refuse_if_finished(order)
        line = _order_line(order, line) if field in LINE_FIELDS else None
        before, after, line = APPLY[field](order, line, value)
        if before == after:
            raise DomainError(
                _("Nothing changes: the new value is the current one."), field="value"
            )
        _refresh_totals(order)
        _refresh_delivery_status(order, actor, origin)
        amendment = Amendment.objects.create(
            order=order,
            line=line,
            field=field,
            before=before,
            after=after,
            reason=reason,
            amended_by=actor,
            amended_at=timezone.now(),
        )
        audit.record(
            actor=actor,
            action="order.amend",
            obj=order,
            origin=origin,
            before={"field": field, "line": line.position if line else None, "value": before},
            after={"field": field, "value": after, "reason": reason},
        )
        events.publish(
            events.OrderAmended(order_id=order.pk, amendment_id=amendment.pk, field=str(field)),
            actor=actor,
        )
    return amendment


def _order_line(order, line):
    line_id = line.pk if isinstance(line, OrderLine) else line
    found = order.lines.select_related("item__unit").filter(pk=line_id).first() if line else None
    if found is None:
        raise DomainError(
            _("Choose a line of order %(number)s.") % {"number": order.number}, field="line"
        )
    return found


def _set_quantity(order, line, value):
    quantity = clean_quantity(line.position, value, line.item)
    if quantity < line.delivered_quantity:
        raise DomainError(
            _(
                "Line %(row)s: %(delivered)s were already delivered; the quantity cannot be %(value)s."
            )
            % {"row": line.position, "delivered": line.delivered_quantity, "value": quantity},
            field=f"lines[{line.position}].quantity",
        )
    before = plain(line.quantity)
    line.quantity = quantity
    line.amount = (quantity * line.unit_price).quantize(CENT)
    line.save(update_fields=["quantity", "amount"])
    return before, plain(quantity), line


def _set_price(order, line, value):
    price = clean_price(line.position, value)
    before = plain(line.unit_price)
    line.unit_price = price
    line.amount = (line.quantity * price).quantize(CENT)
    line.save(update_fields=["unit_price", "amount"])
    return before, plain(price), line


def _set_delivery_date(order, line, value):
    new_date = parse_date(value, field="delivery_date", label=_("Delivery date"))
    if new_date < order.order_date:
        raise DomainError(
            _("The delivery date %(delivery)s is before the order date %(order)s.")
            % {"delivery": new_date, "order": order.order_date},
            field="delivery_date",
        )
    before = str(order.delivery_date)
    order.delivery_date = new_date
    order.save(update_fields=["delivery_date"])
    return before, str(new_date), None


def _set_payment_terms(order, line, value):
    before = order.payment_terms
    order.payment_terms = str(value or "").strip()[:200]
    order.save(update_fields=["payment_terms"])
    return before, order.payment_terms, None


def _set_payment_due_date(order, line, value):
    new_date = parse_date(value, field="payment_due_date", label=_("Payment due date"))
    before = str(order.payment_due_date) if order.payment_due_date else None
    order.payment_due_date = new_date
    order.save(update_fields=["payment_due_date"])
    return before, str(new_date), None


def _add_line(order, line, value):
    if not isinstance(value, dict):
        raise DomainError(_("Describe the new line."), field="value")
    position = (order.lines.aggregate(last=Max("position"))["last"] or 0) + 1
    new_line = clean_line(position, value)
    new_line.order = order
    new_line.save()
    after = {
        "position": position,
        "item": new_line.item.code,
        "quantity": str(new_line.quantity),
        "unit_price": str(new_line.unit_price),
    }
    return None, after, new_line


APPLY = {
    Field.QUANTITY: _set_quantity,
    Field.UNIT_PRICE: _set_price,
    Field.DELIVERY_DATE: _set_delivery_date,
    Field.PAYMENT_TERMS: _set_payment_terms,
    Field.PAYMENT_DUE_DATE: _set_payment_due_date,
    Field.ADD_LINE: _add_line,
}


def _refresh_totals(order):
    total = order.lines.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    Order.objects.filter(pk=order.pk).update(total_amount=total)
    order.total_amount = total


def _refresh_delivery_status(order, actor, origin):
    """A quantity cut down to what was delivered completes the order's delivery; one
    raised (or a line added) on a shipped order resumes its shipping."""
    lifecycle.resume_shipping_if_undelivered(actor=actor, order=order, origin=origin)
    complete_if_fully_delivered(order, actor=actor, origin=origin)
