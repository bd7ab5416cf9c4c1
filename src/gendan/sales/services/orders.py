"""Every write of the sales desk. Each runs in one transaction and leaves an audit row."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.catalog.models import Item, ItemVariant
from gendan.core import audit, events, numbering
from gendan.core.errors import DomainError, InvalidTransition
from gendan.core.models import DocumentBook
from gendan.core.pinyin import search_key
from gendan.sales.models import Order, OrderLine

ORDER_SLIP_TYPE = "sales.order"
CONFIRMATION_NEEDED = {Order.Channel.FAX, Order.Channel.VERBAL}


def order_book(year):
    """The order/contract book of a year (HT-2026-000123), opened on first use."""
    code = f"HT-{year}"
    book = DocumentBook.objects.filter(code=code).first()
    if book is None:
        book = numbering.create_book(
            actor=None,
            code=code,
            name=_("Orders and contracts %(year)s") % {"year": year},
            slip_type=ORDER_SLIP_TYPE,
            prefix="HT",
            year=year,
        )
    return book


def _decimal(value, field, row):
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DomainError(
            _("Line %(row)s: %(field)s must be a number, not “%(value)s”.")
            % {"row": row, "field": field, "value": value},
            field=f"lines[{row}].{field}",
        ) from None
    if not number.is_finite():
        raise DomainError(
            _("Line %(row)s: %(field)s must be a number.") % {"row": row, "field": field}
        )
    return number


def _clean_line(position, spec):
    """Validate one order line: an existing item or variant, a positive quantity."""
    item, variant = spec.get("item"), spec.get("variant")
    if isinstance(variant, (int, str)) and variant != "":
        variant = ItemVariant.objects.select_related("item").filter(
            pk=variant
        ).first() or _missing_variant(position, variant)
    if variant is not None:
        item = variant.item
    if isinstance(item, (int, str)) and item != "":
        item = Item.objects.filter(pk=item).first()
    if item is None:
        raise DomainError(
            _("Line %(row)s: choose an item.") % {"row": position}, field=f"lines[{position}].item"
        )
    quantity = _decimal(spec.get("quantity", ""), _("quantity"), position)
    if quantity <= 0:
        raise DomainError(
            _("Line %(row)s: the quantity must be greater than zero (got %(value)s).")
            % {"row": position, "value": quantity},
            field=f"lines[{position}].quantity",
        )
    price = _decimal(spec.get("unit_price", 0) or 0, _("unit price"), position)
    if price < 0:
        raise DomainError(
            _("Line %(row)s: the unit price cannot be negative.") % {"row": position},
            field=f"lines[{position}].unit_price",
        )
    return OrderLine(
        position=position,
        item=item,
        variant=variant,
        quantity=quantity,
        unit_price=price,
        amount=(quantity * price).quantize(Decimal("0.01")),
        model_series=spec.get("model_series") or item.model_series,
        colour=spec.get("colour") or (variant.colour if variant else ""),
        size_spec=spec.get("size_spec") or (variant.size if variant else item.spec),
    )


def _missing_variant(position, variant):
    raise DomainError(
        _("Line %(row)s: variant %(variant)s does not exist.")
        % {"row": position, "variant": variant},
        field=f"lines[{position}].variant",
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
    origin=None,
):
    """Take an order (D2-2, D2-3, D5-3.1). A fax or verbal order stays 待确认 until a
    confirmation call is recorded (D5-3.3); others are confirmed at once."""
    if not lines:
        raise DomainError(_("An order needs at least one line."), field="lines")
    if delivery_date < order_date:
        raise DomainError(
            _("The delivery date %(delivery)s is before the order date %(order)s.")
            % {"delivery": delivery_date, "order": order_date},
            field="delivery_date",
        )
    cleaned = [_clean_line(position, spec) for position, spec in enumerate(lines, start=1)]
    with transaction.atomic():
        document = numbering.open_document(
            actor=actor,
            book=order_book(order_date.year),
            title=str(customer),
            is_signed=False,
            origin=origin,
        )
        needs_call = channel in CONFIRMATION_NEEDED
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
        events.publish("order.created", order_id=order.pk)
        if not needs_call:
            events.publish("order.confirmed", order_id=order.pk)
    return order


def require_confirmed(order):
    """Releasing (planning, purchasing, shipping) needs a confirmed order (D5-3.3)."""
    if order.status == Order.Status.UNCONFIRMED:
        raise InvalidTransition(
            _(
                "Order %(number)s came by %(channel)s and is still 待确认: record the confirmation "
                "call with the customer first."
            )
            % {"number": order.number, "channel": order.get_channel_display()}
        )
