from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    name = "gendan.sales"
    label = "sales"
    verbose_name = _("Sales: customers and orders")

    def ready(self):
        from gendan.sales import search_providers  # noqa: F401  (registers order search)
