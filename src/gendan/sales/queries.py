"""Reads of the sales desk: lists with their joins, free of N+1."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import F, Prefetch, Q
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from gendan.core import audit, audit_display
from gendan.core.models import EventRecord
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

MERCHANDISER_ROLE = "merchandiser"


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
    return order_page(pk)


def order_page(pk):
    """The order of the one order page (already let through its gate), with its lines,
    calls, amendments, payments, delivery notes and factory orders prefetched."""
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


# Events the order's own audit rows already tell (written by the same services).
EVENTS_TOLD_BY_AUDIT = frozenset(
    {
        "order.created",
        "order.confirmed",
        "order.amended",
        "order.cancelled",
        "order.closed",
        "order.reopened",
        "payment.recorded",
        "factory_order.placed",
        "factory_order.checked",
    }
)
TIMELINE_LIMIT = 300


def order_story(order, *, show_prices, papers=()):
    """The order's timeline, newest first, as sentences (core.audit_display.Entry): its
    audit rows, the events of other papers and modules that name it (delivery notes,
    warehouse slips, milestones, inspections, calls) and the writing of each paper in
    `papers` (core.order_page.PaperRow). Two queries whatever the order's age."""
    rows = list(
        order_timeline(order).select_related("object_type").order_by("-id")[:TIMELINE_LIMIT]
    )
    events = (
        EventRecord.objects.filter(order_id=order.pk)
        .exclude(code__in=EVENTS_TOLD_BY_AUDIT)
        .select_related("actor")
        .order_by("-id")[:TIMELINE_LIMIT]
    )
    # Each source newest first; at the same instant an event (a slip posted, a
    # milestone done) comes before the audit row and the paper written that led to it.
    ranked = [(entry, 1) for entry in audit_display.entries(rows, show_details=show_prices)]
    ranked += [(_event_entry(event), 2) for event in events]
    ranked += [(_paper_written(paper), 0) for paper in papers if paper.created_at]
    ranked.sort(key=lambda pair: (pair[0].at, pair[1]), reverse=True)
    return [entry for entry, _rank in ranked]


def _event_entry(event):
    return audit_display.Entry(
        at=event.occurred_at, actor=event.actor, sentence=event.describe(), details=()
    )


def _paper_written(paper):
    sentence = _("wrote %(paper)s %(number)s") % {"paper": paper.kind, "number": paper.number}
    return audit_display.Entry(
        at=paper.created_at, actor=paper.author, sentence=sentence, details=()
    )


def order_communications(user, order):
    """The customer contacts logged against this order, newest first."""
    return communication_list(user, order=order.pk).order_by("-occurred_at", "-id")


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


def merchandisers():
    """The people who may be an order's merchandiser (跟单员): holders of that role."""
    return (
        get_user_model()
        .objects.filter(is_active=True, role_grants__role__code=MERCHANDISER_ROLE)
        .distinct()
        .order_by("username")
        .only("pk", "username", "first_name", "last_name")
    )
