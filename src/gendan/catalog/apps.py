from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "gendan.catalog"
    label = "catalog"
    verbose_name = _("Catalog")

    def ready(self):
        from gendan.catalog import (
            menus,  # noqa: F401  (registers its menu entries)
            search_providers,  # noqa: F401  (registers item search)
        )
