"""The shop floor's demo: the daily archive (D1-4.6). Every day on which a demo transfer
slip was written, and today, is archived for its workshop, so the archive page has
entries (today's holds the slips registered while the demo loaded). Loading twice
changes nothing: a day is archived once."""

from collections import defaultdict

from django.utils import timezone

from gendan.org.models import Workshop
from gendan.shopfloor import archive_services
from gendan.shopfloor.models import TransferSlip


def load(context):
    today = timezone.localdate()
    days = defaultdict(set)
    for workshop_id, created_at in TransferSlip.objects.values_list(
        "workshop_id", "document__created_at"
    ):
        days[workshop_id].add(min(timezone.localtime(created_at).date(), today))
    made = []
    for workshop in Workshop.objects.filter(pk__in=list(days)).order_by("code"):
        for day in sorted(days[workshop.pk] | {today}):
            made.append(
                archive_services.archive_day(workshop=workshop, day=day, actor=context.admin)
            )
    return made
