from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "gendan.org"
    label = "org"
    verbose_name = _("People and organisation")

    def ready(self):
        from gendan.core.roles import register_directory
        from gendan.org import search_providers  # noqa: F401  (registers people search)
        from gendan.org.directory import OrgRoleDirectory

        register_directory(OrgRoleDirectory())
