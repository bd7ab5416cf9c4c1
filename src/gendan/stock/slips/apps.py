from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlipsConfig(AppConfig):
    name = "gendan.stock.slips"
    label = "slips"
    verbose_name = _("Warehouse slips")

    def ready(self):
        from gendan.stock.slips import (
            menus,  # noqa: F401  (registers its menu entries)
            papers,  # noqa: F401  (declares the slip papers)
        )
