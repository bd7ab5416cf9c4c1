"""This module's entries in the main menu (gendan.core.menu): items for the roles that
keep them or write papers naming them, and for anyone a catalog permission was given."""

from django.utils.translation import gettext_lazy as _

from gendan.catalog import access
from gendan.core.menu import Entry, for_roles, register

ITEM_USERS = (
    "merchandiser",
    "order_taker",
    "sales_manager",
    "purchaser",
    "statistician",
    "clerk",
    "inspector",
    "workshop_director",
    "storekeeper",
    "chief_storekeeper",
    "material_accountant",
    "cost_accountant",
    "outsourcing_coordinator",
    "qc",
)


def _keeps_items(user):
    return access.may_create(user) or access.may_change(user)


_uses_items = for_roles(*ITEM_USERS)

register(
    Entry(
        "items",
        _("Items"),
        "catalog:item-list",
        order=50,
        shown_to=lambda user: _keeps_items(user) or _uses_items(user),
    )
)
