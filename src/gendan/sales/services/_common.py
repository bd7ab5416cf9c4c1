"""Helpers shared by the sales services: required text, locking an order. Numbers and
dates are parsed by `gendan.core.parsing`."""

from decimal import Decimal

from django.utils.translation import gettext as _

from gendan.core.errors import DomainError, InvalidTransition
from gendan.core.locks import lock_row
from gendan.sales.models import Order

CENT = Decimal("0.01")


def required_text(value, *, field, message):
    text = (value or "").strip()
    if not text:
        raise DomainError(message, field=field)
    return text


def lock_order(order):
    """The order (an Order or its pk) re-read under a row lock, or NotFound: every write
    that changes an order's lines, money, status or plan locks it first (core.locks)."""
    return lock_row(
        Order.objects.select_related("customer", "merchandiser"), getattr(order, "pk", order)
    )


def refuse_if_finished(order):
    if order.status in (Order.Status.CLOSED, Order.Status.CANCELLED):
        raise InvalidTransition(
            _("Order %(number)s is %(status)s; it can no longer be changed.")
            % {"number": order.number, "status": order.get_status_display()}
        )


def plain(number):
    """100.000 → "100", 12.5000 → "12.5": a figure as a person writes it."""
    return format(number.normalize(), "f")
