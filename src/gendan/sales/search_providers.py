"""Global search: orders by number, customer name/code or their pinyin initials. An
order is found here once, as the order (its status in words), not a second time as the
numbered paper behind it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gendan.core.search import SearchResult, find_papers_elsewhere, register
from gendan.sales.access import visible_customers, visible_orders
from gendan.sales.papers import ORDER_SLIP_TYPE


def orders(query, user, limit):
    rows = (
        visible_orders(user)
        .filter(search_text__icontains=query)
        .select_related("customer")
        .order_by("-id")[:limit]
    )
    return [
        SearchResult(
            _("Order"),
            row.number,
            f"{row.customer.name} · {row.get_status_display()}",
            reverse("sales:order-detail", args=[row.pk]),
        )
        for row in rows
    ]


def customers(query, user, limit):
    rows = visible_customers(user).filter(search_text__icontains=query).order_by("code")[:limit]
    return [
        SearchResult(
            _("Customer"), row.name, row.code, reverse("sales:customer-detail", args=[row.pk])
        )
        for row in rows
    ]


register(orders)
find_papers_elsewhere(ORDER_SLIP_TYPE)
register(customers)
