from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogisticsConfig(AppConfig):
    name = "gendan.logistics"
    label = "logistics"
    verbose_name = _("Express follow-up")

    def ready(self):
        from gendan.core import attachments
        from gendan.logistics import menus  # noqa: F401  (menu entries)
        from gendan.logistics.problems import can_see_problem

        attachments.register_owner("logistics.problem", can_see_problem)
