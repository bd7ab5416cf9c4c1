from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "gendan.quality"
    label = "quality"
    verbose_name = _("Quality")

    def ready(self):
        from gendan.quality import menus  # noqa: F401  (registers its menu entries)
