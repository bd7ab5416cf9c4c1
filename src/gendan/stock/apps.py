from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StockConfig(AppConfig):
    name = "gendan.stock"
    label = "stock"
    verbose_name = _("Warehouse: stock ledger and slips")

    def ready(self):
        from gendan.core import integrity
        from gendan.stock import (  # noqa: F401  (papers declares the stock count)
            checks,
            menus,
            papers,
        )

        integrity.register("stock balances equal the ledger", checks.balances_match_ledger)

        from gendan.stock import shipping  # delivery notes move stock (sales cannot import us)

        shipping.connect()
