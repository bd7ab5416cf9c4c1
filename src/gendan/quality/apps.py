from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "gendan.quality"
    label = "quality"
    verbose_name = _("Quality")

    def ready(self):
        from gendan.core import attachments
        from gendan.quality import (  # noqa: F401  (menu entries, paper types)
            menus,
            papers,
            plan_papers,
        )
        from gendan.quality.access import can_see_defect

        attachments.register_owner("quality.inspectiondefect", can_see_defect)
