"""This module's entries in the main menu (gendan.core.menu): the sales desk's pages,
for the roles that take, follow and sell orders (JOURNEYS.md: 下单员, 跟单员) and the
auditor who reads them."""

from django.utils.translation import gettext_lazy as _

from gendan.core.menu import Entry, for_roles, register

SALES_DESK = ("order_taker", "merchandiser", "sales_manager", "marketing")

register(
    Entry(
        "orders",
        _("Orders"),
        "sales:order-list",
        order=20,
        shown_to=for_roles(*SALES_DESK, "auditor"),
    )
)
register(
    Entry(
        "customers",
        _("Customers"),
        "sales:customer-list",
        order=30,
        shown_to=for_roles(*SALES_DESK, "auditor"),
    )
)
register(Entry("sales-todo", _("To do"), "sales:todo", order=40, shown_to=for_roles(*SALES_DESK)))
