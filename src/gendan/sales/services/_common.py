"""Helpers shared by the sales services: parsing numbers and text, locking an order."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from gendan.core.errors import DomainError, InvalidTransition
from gendan.sales.models import Order

CENT = Decimal("0.01")


def parse_decimal(value, *, field, label):
    """A finite Decimal from user input, or a DomainError naming the field."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite():
        raise DomainError(
            _("%(field)s must be a number, not “%(value)s”.") % {"field": label, "value": value},
            field=field,
        )
    return number


def required_text(value, *, field, message):
    text = (value or "").strip()
    if not text:
        raise DomainError(message, field=field)
    return text


def lock_order(order):
    """Lock the order row: every write that changes its lines or money locks it first."""
    return Order.objects.select_for_update(of=("self",)).select_related("customer").get(pk=order.pk)


def refuse_if_finished(order):
    if order.status in (Order.Status.CLOSED, Order.Status.CANCELLED):
        raise InvalidTransition(
            _("Order %(number)s is %(status)s; it can no longer be changed.")
            % {"number": order.number, "status": order.get_status_display()}
        )


def plain(number):
    """100.000 → "100", 12.5000 → "12.5": a figure as a person writes it."""
    return format(number.normalize(), "f")
