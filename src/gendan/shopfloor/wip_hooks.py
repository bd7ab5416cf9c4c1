"""Menu entries, home cards, checks and subscriptions of the shop floor's counts of work in progress (D1-1.5)."""

from django.utils.translation import gettext_lazy as _

from gendan.core import permissions
from gendan.core.menu import Entry, for_roles, register
from gendan.shopfloor import wip_papers  # noqa: F401  (declares the WIP count's paper)

register(
    Entry(
        "shopfloor-wip-counts",
        _("WIP counts"),
        "shopfloor:wip-count-list",
        order=58,
        shown_to=for_roles(
            "clerk",
            "team_leader",
            "workshop_director",
            "statistician",
            "inspector",
            "operator",
            "workshop_accountant",
            "cost_accountant",
            "material_accountant",
            "auditor",
            gate=permissions.menu_shown("wip_count"),
        ),
    )
)
