from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gendan.core"
    label = "core"
    verbose_name = _("Core: books, signatures, audit")

    def ready(self):
        from gendan.core import search_providers  # noqa: F401  (registers document search)
