from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "gendan.quality"
    label = "quality"
    verbose_name = _("Quality")

    def ready(self):
        from gendan.core import attachments, posting_guards
        from gendan.quality import (  # noqa: F401  (menu entries, paper types)
            menus,
            papers,
            plan_papers,
        )
        from gendan.quality.access import can_see_defect, can_see_followup
        from gendan.quality.receipt_gate import refuse_receipt_before_inspection

        attachments.register_owner("quality.inspectiondefect", can_see_defect)
        attachments.register_owner("quality.productionproblem", can_see_followup)
        attachments.register_owner("quality.customercomplaint", can_see_followup)
        posting_guards.register(refuse_receipt_before_inspection)  # D5-5
