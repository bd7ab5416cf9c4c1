"""This module's entries in the main menu (gendan.core.menu): warehouse slips for those
who write, sign, cost or audit them (D1-3.4–3.9)."""

from django.utils.translation import gettext_lazy as _

from gendan.core.menu import Entry, for_roles, register

SLIP_ROLES = (
    "storekeeper",
    "chief_storekeeper",
    "statistician",
    "inspector",
    "workshop_director",
    "team_leader",
    "purchaser",
    "outsourcing_coordinator",
    "material_accountant",
    "cost_accountant",
    "workshop_accountant",
    "qc",
    "auditor",
)

register(
    Entry(
        "warehouse-slips",
        _("Warehouse slips"),
        "slips:slip-list",
        order=60,
        shown_to=for_roles(*SLIP_ROLES),
    )
)
