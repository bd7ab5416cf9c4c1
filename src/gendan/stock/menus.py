"""This module's entries in the main menu (gendan.core.menu): stock on hand for the
roles that keep, count, cost or buy stock — never the contracted factory — and only
when the page's own gate lets them read stock."""

from django.utils.translation import gettext_lazy as _

from gendan.core.menu import Entry, for_roles, register
from gendan.core.permissions import menu_shown, roles_with
from gendan.stock.access import can_read_stock
from gendan.stock.warehouse_items import may_set_up_any

STOCK_READERS = (
    "storekeeper",
    "chief_storekeeper",
    "statistician",
    "material_accountant",
    "cost_accountant",
    "workshop_accountant",
    "purchaser",
    "outsourcing_coordinator",
    "auditor",
)

register(
    Entry(
        "stock-on-hand",
        _("Stock on hand"),
        "stock:balance-list",
        order=70,
        shown_to=for_roles(*STOCK_READERS, gate=can_read_stock),
    )
)

# Warehouse setup (issue 10): which items a warehouse manages and its storage places,
# for the roles that keep them (stock/migrations/0009_master_data.py) and only when the
# setup pages' own gate lets them in.
register(
    Entry(
        "warehouse-setup",
        _("Warehouse setup"),
        "stock:setup-warehouse-list",
        order=75,
        shown_to=for_roles("statistician", "chief_storekeeper", gate=may_set_up_any),
    )
)

# Stock counts (D1-1.5): for the roles the permission matrix lets read counts, when it
# lets this person read some.
register(
    Entry(
        "stock-counts",
        _("Stock counts"),
        "stock:count-list",
        order=72,
        shown_to=for_roles(*roles_with("count", "view"), gate=menu_shown("count")),
    )
)
