from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StockConfig(AppConfig):
    name = "gendan.stock"
    label = "stock"
    verbose_name = _("Warehouse: stock ledger and slips")

    def ready(self):
        from gendan.core import chains, integrity
        from gendan.stock import checks, counts

        integrity.register("stock balances equal the ledger", checks.balances_match_ledger)
        chains.on_posting(counts.COUNT_SLIP_TYPE, counts.post_count_adjustment)
