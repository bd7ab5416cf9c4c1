"""Menu entries, home cards, checks and subscriptions of the shop floor's lots from an
order's BOM, label sheets, the process flow (D1-6, D1-1.4).

Imported from `ShopfloorConfig.ready`: the menu entry of the process flow (工艺流程) for
the shop-floor roles; its page leads to the orders' "start lots from the BOM" pages and
to the label sheets.
"""

from django.utils.translation import gettext_lazy

from gendan.core import menu
from gendan.shopfloor.menus import SHOP_FLOOR_ROLES

menu.register(
    menu.Entry(
        "shopfloor-flow",
        gettext_lazy("Process flow"),
        "shopfloor:flow",
        order=56,
        shown_to=menu.for_roles(*SHOP_FLOOR_ROLES),
    )
)
