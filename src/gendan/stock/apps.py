from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StockConfig(AppConfig):
    name = "gendan.stock"
    label = "stock"
    verbose_name = _("Warehouse: stock ledger and slips")

    def ready(self):
        from gendan.stock import menus  # noqa: F401  (registers its menu entries)
        from gendan.core import integrity
        from gendan.stock import checks, papers  # noqa: F401  (papers declares the stock count)

        integrity.register("stock balances equal the ledger", checks.balances_match_ledger)
