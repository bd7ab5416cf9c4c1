"""This module's entries in the main menu (gendan.core.menu)."""

from django.utils.translation import gettext_lazy as _

from gendan.core.menu import Entry, for_roles, register
from gendan.quality import access

register(
    Entry(
        "sampling-calculator",
        _("Sampling plan calculator"),
        "quality:sampling-calculator",
        order=90,
        # those who inspect: the inspector, QC and the contracted factory (D4-11)
        shown_to=for_roles("inspector", "qc", "factory"),
    )
)
register(
    Entry(
        "inspections",
        _("Factory inspections"),
        "quality:inspection-list",
        order=88,
        shown_to=access.can_use_quality,
    )
)
register(
    Entry(
        "inspection-daily-report",
        _("Daily inspection report"),
        "quality:daily-report",
        order=89,
        shown_to=access.can_read_all,
    )
)
register(
    Entry(
        "inspection-switching",
        _("Switching rules"),
        "quality:switching-list",
        order=89,
        # QC decides (9.3.3 c, 9.4); other readers reach it from the inspection list
        shown_to=access.is_qc,
    )
)
register(
    Entry(
        "production-problems",
        _("Production problems"),
        "quality:problem-list",
        order=89,
        shown_to=access.can_use_quality,
    )
)
