"""Reads of the sales desk: lists with their joins, free of N+1."""

import datetime

from django.db.models import F, Prefetch, Q
from django.utils import timezone
from django.utils.dateparse import parse_date

from gendan.core import audit
from gendan.sales.access import access_order, visible_customers, visible_orders
from gendan.sales.models import (
    Amendment,
    Communication,
    DeliveryNote,
    DeliveryNoteLine,
    FactoryOrder,
    FactoryOrderLine,
    Order,
    OrderLine,
)


def _date(value):
    if isinstance(value, datetime.date) or value is None:
        return value
    return parse_date(str(value)) if value else None


def order_list(
    user,
    *,
    customer=None,
    merchandiser=None,
    status=None,
    channel=None,
    date_from=None,
    date_to=None,
    search=None,
):
    """The orders `user` may see, newest first, filtered; customer and merchandiser joined."""
    orders = visible_orders(user).select_related("customer", "merchandiser").order_by("-id")
    exact = {
        "customer_id": customer,
        "merchandiser_id": merchandiser,
        "status": status,
        "channel": channel,
        "order_date__gte": _date(date_from),
        "order_date__lte": _date(date_to),
    }
    orders = orders.filter(**{key: value for key, value in exact.items() if value})
    if search:
        orders = orders.filter(search_text__icontains=search.strip().lower())
    return orders


def order_lines(user, *, order=None, item=None):
    lines = OrderLine.objects.filter(order__in=visible_orders(user)).select_related(
        "order", "item", "variant"
    )
    if order:
        lines = lines.filter(order_id=order)
    if item:
        lines = lines.filter(item_id=item)
    return lines.order_by("-order_id", "position")


def order_detail(user, pk):
    """One order with everything its page shows, in a fixed number of queries."""
    access_order(user, pk)
    return (
        Order.objects.select_related("customer", "merchandiser", "document")
        .prefetch_related(
            Prefetch("lines", queryset=OrderLine.objects.select_related("item__unit", "variant")),
            "confirmation_calls__called_by",
            Prefetch("amendments", queryset=Amendment.objects.select_related("amended_by", "line")),
            "payments__recorded_by",
            Prefetch(
                "delivery_notes",
                queryset=DeliveryNote.objects.select_related("created_by").prefetch_related(
                    Prefetch(
                        "lines",
                        queryset=DeliveryNoteLine.objects.select_related("order_line__item"),
                    )
                ),
            ),
            Prefetch(
                "factory_orders",
                queryset=FactoryOrder.objects.select_related("factory").prefetch_related(
                    Prefetch(
                        "lines",
                        queryset=FactoryOrderLine.objects.select_related("order_line__item"),
                    ),
                    "checks__checked_by",
                ),
            ),
        )
        .get(pk=pk)
    )


def order_timeline(order):
    return audit.timeline_for(order)


def delivery_note_detail(user, pk):
    note = (
        DeliveryNote.objects.select_related("order__customer", "created_by")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=DeliveryNoteLine.objects.select_related(
                    "order_line__item__unit", "order_line__variant"
                ),
            )
        )
        .filter(pk=pk, order__in=visible_orders(user))
        .first()
    )
    return note


def customer_list(user, *, search=None, merchandiser=None):
    customers = visible_customers(user).select_related("merchandiser").order_by("code")
    if merchandiser:
        customers = customers.filter(merchandiser_id=merchandiser)
    if search:
        customers = customers.filter(search_text__icontains=search.strip().lower())
    return customers


def communication_list(user, *, customer=None, owner=None, is_open=None, order=None):
    entries = Communication.objects.filter(customer__in=visible_customers(user)).select_related(
        "customer", "contact", "owner", "order"
    )
    if customer:
        entries = entries.filter(customer_id=customer)
    if owner:
        entries = entries.filter(owner_id=owner)
    if order:
        entries = entries.filter(order_id=order)
    if is_open is not None:
        entries = entries.filter(feedback_due_date__isnull=False, feedback_given_at__isnull=is_open)
    return entries


def overdue_feedback(user, today=None):
    """The owner's to-do list (D2-1): feedback promised and not given by its due date."""
    today = today or timezone.localdate()
    return (
        Communication.objects.filter(
            owner=user, feedback_given_at__isnull=True, feedback_due_date__lt=today
        )
        .select_related("customer", "contact", "order")
        .order_by("feedback_due_date", "id")
    )


def overdue_receivables(user, today=None):
    """Orders delivered whose balance is still due after their payment due date (D5-6)."""
    today = today or timezone.localdate()
    return (
        visible_orders(user)
        .filter(
            Q(status=Order.Status.SHIPPED) | Q(status=Order.Status.CLOSED),
            payment_due_date__lt=today,
            total_amount__gt=F("paid_amount"),
        )
        .select_related("customer", "merchandiser")
        .order_by("payment_due_date", "id")
    )
