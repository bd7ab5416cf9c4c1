from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "gendan.followup"
    label = "followup"
    verbose_name = _("Follow-up: milestones and the order board")

    def ready(self):
        from gendan.followup import (  # noqa: F401  (papers: expense claim)
            handlers,
            menus,
            papers,
        )

        handlers.connect()
        from gendan.followup import files

        files.register()  # receipt photos and evidence, served only through a gate
        from gendan.core import integrity
        from gendan.followup import checks

        integrity.register("voided claims hold no expenses", checks.voided_claims_hold_nothing)
