"""Menu entry of the inspection plan (gendan.core.menu): QC's template page. Imported
from plan_papers.py at start-up (quality/menus.py belongs to the inspection pages). The
D4-2 reminders page is linked from the template page and from every order's plan."""

from django.utils.translation import gettext_lazy as _

from gendan.core.menu import Entry, for_roles, register

register(
    Entry(
        "inspection-plan-template",
        _("Inspection plan template"),
        "quality:plan-template",
        order=91,
        shown_to=for_roles("qc"),
    )
)
