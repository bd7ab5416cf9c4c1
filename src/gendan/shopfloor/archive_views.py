"""Pages of the daily archive (D1-4.6), the statistician's daily list (D1-1.7) and the
timeliness figures (D1-1.1, D1-4.1): parse, ask the gate, read, render."""

import datetime
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gendan.core import permissions
from gendan.core.errors import NotFound
from gendan.core.exports import xlsx_response
from gendan.shopfloor import archive_access, archive_daily, timeliness

WEEKS_SHOWN = 8


def _day(request, default=None):
    try:
        return datetime.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return default


def _chosen(workshops, value):
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return next((workshop for workshop in workshops if workshop.pk == pk), None)


def _forbidden_unless(may_see):
    if not may_see:
        raise Http404(_("Not found, or you may not see it."))


# ---------------------------------------------------------------- the archive
@login_required
@require_GET
def archive_list(request):
    _forbidden_unless(permissions.allows(request.user, "transfer_archive", "view"))
    workshops = archive_access.archive_workshops(request.user)
    day = _day(request)
    workshop = _chosen(workshops, request.GET.get("workshop"))
    archives = archive_access.archives_for(request.user, day=day, workshop=workshop)[:200]
    context = {"archives": archives, "workshops": workshops, "day": day, "workshop": workshop}
    return render(request, "shopfloor/archive/archive_list.html", context)


@login_required
@require_GET
def archive_file(request, pk, kind):
    try:
        archive = archive_access.access_archive(request.user, pk, "export")
    except NotFound:
        raise Http404(_("Not found, or you may not see it.")) from None
    field = archive.xlsx if kind == "xlsx" else archive.pdf
    try:
        handle = default_storage.open(field.name, "rb")
    except FileNotFoundError:
        raise Http404(_("Not found, or you may not see it.")) from None
    content_type = (
        "application/pdf"
        if kind == "pdf"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = FileResponse(handle, content_type=content_type)
    name = f"{archive.workshop.name}-{archive.day.isoformat()}.{kind}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name, safe='')}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------- the statistician's daily list
def _daily(request):
    _forbidden_unless(timeliness.may_see_workshops(request.user))
    workshops = timeliness.workshops_for(request.user)
    day = _day(request, timezone.localdate())
    chosen = _chosen(workshops, request.GET.get("workshop"))
    groups = archive_daily.daily_list([chosen] if chosen else workshops, day)
    return {"groups": groups, "day": day, "workshops": workshops, "workshop": chosen}


@login_required
@require_GET
def daily_list(request):
    return render(request, "shopfloor/archive/daily_list.html", _daily(request))


@login_required
@require_GET
def daily_print(request):
    return render(request, "shopfloor/archive/daily_print.html", _daily(request))


@login_required
@require_GET
def daily_export(request):
    context = _daily(request)
    headers = [
        _("Workshop"),
        _("Number"),
        _("Registered at"),
        _("Lot"),
        _("Item"),
        _("From operation"),
        _("Transferred to"),
        _("Sent"),
        _("Passed"),
        _("Rework"),
        _("Scrap (explained)"),
        _("Unexplained, booked as scrap"),
        _("Received"),
    ]
    name = _("Registered transfers %(day)s") % {"day": context["day"].isoformat()}
    return xlsx_response(f"{name}.xlsx", headers, archive_daily.export_rows(context["groups"]))


# ---------------------------------------------------------------- timeliness
def _timeliness(request, workshop_pk):
    _forbidden_unless(timeliness.may_see_workshops(request.user))
    workshops = timeliness.workshops_for(request.user)
    workshop = _chosen(workshops, workshop_pk) if workshop_pk else next(iter(workshops), None)
    if workshop is None and (workshop_pk or workshops):
        raise Http404(_("Not found, or you may not see it."))
    if workshop is None:  # nobody's workshop exists yet
        return {"workshop": None, "workshops": [], "waiting": [], "by_step": [], "by_operation": []}
    now = timezone.now()
    clock = timeliness.WorkingClock()
    start = now - datetime.timedelta(weeks=WEEKS_SHOWN)
    steps = timeliness.signature_waits(workshop, start, now, clock)
    operations = timeliness.operation_waits(workshop, start, now, clock)
    return {
        "workshop": workshop,
        "workshops": workshops,
        "waiting": timeliness.waiting_now(workshop, now, clock),
        "by_step": timeliness.weekly_by_step(steps),
        "by_operation": timeliness.weekly_by_operation(operations),
        "weeks": WEEKS_SHOWN,
    }


@login_required
@require_GET
def timeliness_page(request, workshop_pk=None):
    return render(request, "shopfloor/archive/timeliness.html", _timeliness(request, workshop_pk))


@login_required
@require_GET
def timeliness_export(request, workshop_pk):
    context = _timeliness(request, workshop_pk)
    headers = [
        _("Week"),
        _("Signature step"),
        _("Operation"),
        _("Count"),
        _("Median (working hours)"),
        _("90th percentile (working hours)"),
    ]
    rows = [
        [row["week"].isoformat(), row["step"], "", row["count"], row["median"], row["p90"]]
        for row in context["by_step"]
    ] + [
        [row["week"].isoformat(), "", row["operation"], row["count"], row["median"], row["p90"]]
        for row in context["by_operation"]
    ]
    name = _("Timeliness %(workshop)s") % {"workshop": context["workshop"].name}
    return xlsx_response(f"{name}.xlsx", headers, rows)
