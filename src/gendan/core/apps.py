from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gendan.core"
    label = "core"
    verbose_name = _("Core: books, signatures, audit")

    def ready(self):
        from django.db.models.signals import post_migrate

        from gendan.core import (
            integrity,
            menus,  # noqa: F401  (registers its menu entries)
            papers,
            search_providers,  # noqa: F401  (registers document search)
        )

        post_migrate.connect(papers.install_defaults_after_migrate, sender=self)
        integrity.register("every signed paper type has its signature chain", papers.missing_chains)
