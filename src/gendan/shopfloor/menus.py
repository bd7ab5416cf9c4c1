"""This module's entries in the main menu (gendan.core.menu): the shop-floor roles."""

from django.utils.translation import gettext_lazy as _

from gendan.core.menu import Entry, for_roles, register

SHOP_FLOOR_ROLES = (
    "clerk",
    "inspector",
    "operator",
    "team_leader",
    "workshop_director",
    "statistician",
)

register(
    Entry(
        "shopfloor-transfers",
        _("Transfer slips"),
        "shopfloor:transfer-list",
        order=55,
        shown_to=for_roles(*SHOP_FLOOR_ROLES),
    )
)
register(
    Entry(
        "shopfloor-lots",
        _("Production lots"),
        "shopfloor:lot-list",
        order=56,
        shown_to=for_roles(*SHOP_FLOOR_ROLES),
    )
)
register(
    Entry(
        "shopfloor-waiting",
        _("Waiting area"),
        "shopfloor:waiting-area",
        order=57,
        shown_to=for_roles("clerk", "team_leader", "workshop_director", "statistician"),
    )
)
