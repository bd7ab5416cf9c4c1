"""This module's entries in the main menu (gendan.core.menu). The board is for those who
follow orders: the sales desk, the statistician and QC who own milestones, the
contracted factory (its own factory orders only) and the auditor; trip expenses for
those who travel to the factories (D4-X)."""

from django.utils.translation import gettext_lazy as _

from gendan.core.menu import Entry, for_roles, register
from gendan.core.permissions import menu_shown

ORDER_FOLLOWERS = (
    "order_taker",
    "merchandiser",
    "sales_manager",
    "marketing",
    "statistician",
    "qc",
    "factory",
    "auditor",
)

register(
    Entry(
        "order-board",
        _("Order board"),
        "followup:board",
        order=10,
        shown_to=for_roles(*ORDER_FOLLOWERS),
    )
)
register(
    Entry(
        "trip-expenses",
        _("Trip expenses"),
        "followup:expense-list",
        order=80,
        shown_to=menu_shown("expense_claim"),
    )
)
