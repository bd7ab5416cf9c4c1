"""Menu entries, home cards, checks and subscriptions of the shop floor's cranes, carts, wire ropes, containers and their inspections (D1-1.6, D1-4.7, D1-4.8).

Imported from `ShopfloorConfig.ready`: declares the policies, the menu entry (the
shop-floor roles that may see equipment), the home card of overdue cranes and wire
ropes (the clerk and the workshop director, D1-4.8), the search provider (code, name,
place or their pinyin) and the gate of an inspection photo.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gendan.core import attachments, home, menu, search
from gendan.shopfloor import equipment_policies  # noqa: F401  (declares its policies)
from gendan.shopfloor import equipment_queries as queries
from gendan.shopfloor.menus import SHOP_FLOOR_ROLES

HOME_ROLES = ("clerk", "workshop_director")


def _may_see_equipment(user):
    return queries.can(user, "view")


menu.register(
    menu.Entry(
        "shopfloor-equipment",
        gettext_lazy("Handling equipment"),
        "shopfloor:equipment-list",
        order=58,
        shown_to=menu.for_roles(*SHOP_FLOOR_ROLES, gate=_may_see_equipment),
    )
)


def overdue_rows(user, today):
    return queries.overdue_for_home(user, today, home.CARD_ROWS)


home.register(
    home.Card(
        "overdue-equipment",
        gettext_lazy("Overdue crane and wire rope inspections"),
        "shopfloor/equipment/_home_overdue.html",
        overdue_rows,
        order=25,
        shown_to=menu.for_roles(*HOME_ROLES, gate=_may_see_equipment),
        url_name="shopfloor:equipment-overdue",
    )
)


def find_equipment(query, user, limit):
    rows = queries.visible_equipment(user).filter(search_text__icontains=query).order_by("code")
    return [
        search.SearchResult(
            _("Handling equipment"),
            f"{row.code} {row.name}",
            f"{row.workshop.name} · {row.get_kind_display()} · {row.get_status_display()}",
            reverse("shopfloor:equipment-detail", args=[row.pk]),
        )
        for row in rows[:limit]
    ]


search.register(find_equipment)
attachments.register_owner("shopfloor.equipmentinspection", queries.can_see_inspection)
