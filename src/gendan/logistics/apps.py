from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogisticsConfig(AppConfig):
    name = "gendan.logistics"
    label = "logistics"
    verbose_name = _("Express follow-up")

    def ready(self):
        from gendan.logistics import menus  # noqa: F401  (menu entries)
