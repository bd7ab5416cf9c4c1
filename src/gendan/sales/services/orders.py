"""Taking and confirming orders (D2-2, D2-3, D5-3.1, D5-3.3)."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.catalog.models import Item, ItemVariant
from gendan.core import audit, events, numbering, papers
from gendan.core.errors import DomainError, InvalidTransition
from gendan.core.parsing import column_of, parse_decimal, parse_quantity
from gendan.core.pinyin import search_key
from gendan.core.transitions import refusal_message
from gendan.sales.access import require_order_actor
from gendan.sales.models import ConfirmationCall, Order, OrderLine
from gendan.sales.services import lifecycle
from gendan.sales.services._common import CENT, lock_order, required_text

ORDER_SLIP_TYPE = "sales.order"
CONFIRMATION_NEEDED = {Order.Channel.FAX, Order.Channel.VERBAL}
LINE_QUANTITY_COLUMN = column_of(OrderLine, "quantity")
UNIT_PRICE_COLUMN = column_of(OrderLine, "unit_price")


def _line_label(row, label):
    return _("Line %(row)s: %(field)s") % {"row": row, "field": label}


def _resolve_variant(position, variant):
    if variant is None or isinstance(variant, ItemVariant):
        return variant
    if variant == "":
        return None
    found = ItemVariant.objects.select_related("item__unit").filter(pk=_pk(variant)).first()
    if found is None:
        raise DomainError(
            _("Line %(row)s: variant %(variant)s does not exist.")
            % {"row": position, "variant": variant},
            field=f"lines[{position}].variant",
        )
    return found


def _resolve_item(position, item):
    if isinstance(item, Item):
        return item
    found = Item.objects.select_related("unit").filter(pk=_pk(item)).first() if item else None
    if found is None:
        message = (
            _("Line %(row)s: item %(item)s does not exist.") % {"row": position, "item": item}
            if item
            else _("Line %(row)s: choose an item.") % {"row": position}
        )
        raise DomainError(message, field=f"lines[{position}].item")
    return found


def _pk(value):
    text = str(value).strip()
    return int(text) if text.isdigit() else None


def clean_quantity(position, value, item):
    """A positive quantity in the item's unit precision (件 0, 米 2, 千克 3)."""
    return parse_quantity(
        value,
        unit=item.unit,
        field=f"lines[{position}].quantity",
        label=_line_label(position, _("quantity")),
        column=LINE_QUANTITY_COLUMN,
    )


def clean_price(position, value):
    return parse_decimal(
        value or 0,
        field=f"lines[{position}].unit_price",
        label=_line_label(position, _("unit price")),
        column=UNIT_PRICE_COLUMN,
    )


def clean_line(position, spec):
    """Validate one order line: an existing item or variant, a positive quantity."""
    variant = _resolve_variant(position, spec.get("variant"))
    item = variant.item if variant is not None else _resolve_item(position, spec.get("item"))
    quantity = clean_quantity(position, spec.get("quantity", ""), item)
    price = clean_price(position, spec.get("unit_price", 0))
    return OrderLine(
        position=position,
        item=item,
        variant=variant,
        quantity=quantity,
        unit_price=price,
        amount=(quantity * price).quantize(CENT),
        model_series=spec.get("model_series") or item.model_series,
        colour=spec.get("colour") or (variant.colour if variant else ""),
        size_spec=spec.get("size_spec") or (variant.size if variant else item.spec),
    )


def _check_header(lines, order_date, delivery_date):
    if not lines:
        raise DomainError(_("An order needs at least one line."), field="lines")
    if order_date is None or delivery_date is None:
        raise DomainError(
            _("Give the order date and the contract delivery date."), field="delivery_date"
        )
    if delivery_date < order_date:
        raise DomainError(
            _("The delivery date %(delivery)s is before the order date %(order)s.")
            % {"delivery": delivery_date, "order": order_date},
            field="delivery_date",
        )


def create_order(
    *,
    actor,
    customer,
    channel,
    order_type,
    order_date,
    delivery_date,
    lines,
    merchandiser=None,
    payment_terms="",
    note="",
    payment_days_after_delivery=None,
    payment_due_date=None,
    origin=None,
):
    """Take an order (D2-2, D2-3, D5-3.1). A fax or verbal order stays 待确认 until a
    confirmation call is recorded (D5-3.3); others are confirmed at once. Nothing is
    saved when any line is bad."""
    _check_header(lines, order_date, delivery_date)
    cleaned = [clean_line(position, spec) for position, spec in enumerate(lines, start=1)]
    needs_call = channel in CONFIRMATION_NEEDED
    with transaction.atomic():
        document = numbering.open_document(
            actor=actor,
            book=papers.book_for(ORDER_SLIP_TYPE, None, order_date),
            title=str(customer),
            is_signed=False,
            origin=origin,
        )
        order = Order.objects.create(
            document=document,
            number=document.number,
            customer=customer,
            channel=channel,
            order_type=order_type,
            merchandiser=merchandiser or actor,
            order_date=order_date,
            delivery_date=delivery_date,
            payment_terms=payment_terms,
            payment_days_after_delivery=payment_days_after_delivery,
            payment_due_date=payment_due_date,
            note=note,
            status=Order.Status.UNCONFIRMED if needs_call else Order.Status.CONFIRMED,
            confirmed_at=None if needs_call else timezone.now(),
            total_amount=sum((line.amount for line in cleaned), Decimal("0")),
            search_text=search_key(document.number, customer.name, customer.code),
        )
        for line in cleaned:
            line.order = order
        OrderLine.objects.bulk_create(cleaned)
        audit.record(
            actor=actor,
            action="order.create",
            obj=order,
            origin=origin,
            after={
                "customer": customer.code,
                "channel": channel,
                "delivery_date": str(delivery_date),
                "lines": len(cleaned),
                "total": str(order.total_amount),
            },
        )
        events.publish(events.OrderCreated(order_id=order.pk), actor=actor)
        if not needs_call:
            events.publish(events.OrderConfirmed(order_id=order.pk), actor=actor)
    return order


def require_confirmed(order):
    """Releasing (planning, purchasing, shipping) needs a confirmed order (D5-3.3)."""
    if order.status == Order.Status.DRAFT:
        raise InvalidTransition(
            refusal_message(lifecycle.ORDER_TRANSITIONS, order, "start_production")
        )
    if order.status == Order.Status.UNCONFIRMED:
        raise InvalidTransition(
            _(
                "Order %(number)s came by %(channel)s and is still 待确认: record the confirmation "
                "call with the customer first."
            )
            % {"number": order.number, "channel": order.get_channel_display()}
        )


def confirm_order(*, actor, order, called_person, confirmed_text, called_at=None, origin=None):
    """Record the confirmation call of an order (D5-3.3): who called whom, when, what was
    confirmed. A 待确认 order becomes confirmed and `order.confirmed` is published; a
    further call on a confirmed order is kept as a record only."""
    require_order_actor(actor, order)
    called_person = required_text(
        called_person, field="called_person", message=_("Say whom you called.")
    )
    confirmed_text = required_text(
        confirmed_text, field="confirmed_text", message=_("Say what the customer confirmed.")
    )
    called_at = called_at or timezone.now()
    if called_at > timezone.now():
        raise DomainError(_("The call cannot be in the future."), field="called_at")
    with transaction.atomic():
        order = lock_order(order)
        was_unconfirmed = order.status != Order.Status.CONFIRMED
        if was_unconfirmed:  # 待确认 → confirmed; any other state is refused, named
            lifecycle.confirm(actor=actor, order=order, origin=origin)
            events.publish(events.OrderConfirmed(order_id=order.pk), actor=actor)
        call = ConfirmationCall.objects.create(
            order=order,
            called_by=actor,
            called_person=called_person,
            called_at=called_at,
            confirmed_text=confirmed_text,
        )
        audit.record(
            actor=actor,
            action="order.confirmation_call",
            obj=order,
            origin=origin,
            before={"status": Order.Status.UNCONFIRMED} if was_unconfirmed else None,
            after={
                "status": order.status,
                "called_person": called_person,
                "called_at": called_at.isoformat(),
                "confirmed": confirmed_text,
                "call_id": call.pk,
            },
        )
    return order
