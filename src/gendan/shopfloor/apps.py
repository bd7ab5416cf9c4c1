from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShopfloorConfig(AppConfig):
    """The shop floor (车间现场): production lots, transfer slips, waiting areas (D1)."""

    name = "gendan.shopfloor"
    label = "shopfloor"
    verbose_name = _("Shop floor")

    def ready(self):
        from gendan.core import integrity
        from gendan.shopfloor import (
            archive_hooks,  # noqa: F401
            assessment_hooks,  # noqa: F401
            equipment_hooks,  # noqa: F401
            events,  # noqa: F401  (declares its events)
            flow_hooks,  # noqa: F401
            menus,  # noqa: F401  (registers its menu entries)
            papers,  # noqa: F401  (declares the transfer slip and the lot)
            policies,  # noqa: F401  (declares its policies)
            queries,
            warehouse_slips,
            wip_hooks,  # noqa: F401
        )
        from gendan.stock.slips import posting

        posting.register_place_hook(warehouse_slips.place_lines)

        integrity.register("every part of every lot is accounted for", queries.lot_problems)
