"""The follow-up desk's pages: thin — parse, call a service or query, render (D3)."""

import functools

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.core import audit
from gendan.core.errors import DomainError, NotFound
from gendan.core.exports import xlsx_response
from gendan.logistics import (
    access,
    distribution,
    importing,
    matching,
    merging,
    problems,
    queries,
    reports,
    retention,
    services,
    uploads,
)
from gendan.logistics.models import AuditError, Problem, TrackingImport, UrgeRequest
from gendan.logistics.statuses import TrackingStatus
from gendan.sales.models import Order


def desk_member(view):
    """Only people who work at the desk open its pages."""

    @functools.wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not access.is_desk_member(request.user):
            raise HttpForbidden
        return view(request, *args, **kwargs)

    return wrapped


def _refused(request, error, to):
    messages.error(request, str(error.message))
    return redirect(to)


def _waybill(request, pk):
    """The one gate, as a page answers it: missing and forbidden are both 404."""
    try:
        return access.access_waybill(request.user, pk)
    except NotFound:
        raise Http404 from None


def _origin(request):
    return audit.Origin.from_request(request)


@desk_member
def queue(request):
    """My waybills for today (the follow-up person's phone page)."""
    rows = list(queries.queue(request.user))
    for waybill in rows:
        waybill.shown_phone = access.shown_phone(request.user, waybill.phone)
    pickup = list(queries.self_pickup(request.user).filter(assignee=request.user))
    for waybill in pickup:
        waybill.days_waiting = queries.days_waiting(waybill)
    found = problems.problems_of([waybill.pk for waybill in rows])
    for waybill in rows:
        waybill.open_problems = found.get(waybill.pk, [])
    return render(request, "logistics/queue.html", {
        "rows": rows, "pickup": pickup, "statuses": TrackingStatus.choices,
        "is_lead": access.holds_role(request.user, *access.LEAD_ROLES),
        "problem_kinds": Problem.Kind.choices,
        "can_take_orders": retention.can_take_orders(request.user),
    })  # fmt: skip


@require_POST
@desk_member
def follow_up(request, pk):
    waybill = _waybill(request, pk)
    try:
        services.record_followup(
            actor=request.user, waybill=waybill, status=request.POST.get("status", ""),
            note=request.POST.get("note", ""), is_interested="is_interested" in request.POST,
            origin=_origin(request),
        )  # fmt: skip
    except DomainError as error:
        return _refused(request, error, "logistics:queue")
    messages.success(request, _("Follow-up of %(number)s recorded.") % {"number": waybill})
    return redirect(request.POST.get("next") or "logistics:queue")


@require_POST
@desk_member
def urge(request, pk):
    waybill = _waybill(request, pk)
    try:
        services.request_urge(
            actor=request.user, waybill=waybill, note=request.POST.get("note", ""),
            is_same_day="is_same_day" in request.POST, origin=_origin(request),
        )  # fmt: skip
    except DomainError as error:
        return _refused(request, error, "logistics:urging")
    return redirect("logistics:urging")


# ------------------------------------------------------------------ sheets
@desk_member
def sheets(request):
    return render(request, "logistics/sheets.html", {
        "imports": TrackingImport.objects.select_related("imported_by").defer("raw_file")[:30],
        "can_import": access.holds_role(request.user, *access.IMPORT_ROLES),
    })  # fmt: skip


@require_POST
@desk_member
def sheet_inspect(request):
    """Read the uploaded sheet and show what was read; nothing is stored yet."""
    try:
        access.require_import(request.user)
        upload = uploads.keep(request.FILES.get("file"))
        inspection = uploads.inspection(upload)
    except DomainError as error:
        return render(request, "logistics/_inspection.html", {"error": error.message})
    return render(request, "logistics/_inspection.html", {
        "upload": upload, "inspection": inspection, "skipped": inspection["skipped"][:50],
    })  # fmt: skip


@require_POST
@desk_member
def sheet_import(request):
    try:
        upload = uploads.fetch(request.POST.get("token", ""), request.POST.get("name", ""))
        result = importing.import_sheet(
            actor=request.user, file_bytes=upload.data, file_name=upload.name,
            origin=_origin(request),
        )  # fmt: skip
    except DomainError as error:
        return _refused(request, error, "logistics:sheets")
    if result.is_repeat:
        messages.info(request, _("This file was already imported; nothing changed."))
    else:
        messages.success(request, _(
            "Imported: %(created)d new waybills, %(updated)d updated, %(unchanged)d unchanged."
        ) % {"created": result.created, "updated": result.updated,
             "unchanged": result.unchanged})  # fmt: skip
    return redirect("logistics:team")


@desk_member
def sheet_raw(request, pk):
    """The raw sheet as received, for the auditor (D3-5)."""
    if not access.can_read_all(request.user):
        raise HttpForbidden
    record = get_object_or_404(TrackingImport, pk=pk)
    response = uploads.download(record)
    return response


# ------------------------------------------------------------------ the team
@desk_member
def team(request):
    if not access.can_read_all(request.user):
        raise HttpForbidden
    day = timezone.localdate()
    people = get_user_model().objects.filter(pk__in=distribution.followers(day))
    unmatched = list(queries.unmatched(request.user))
    for waybill in unmatched:
        waybill.shown_phone = access.shown_phone(request.user, waybill.phone)
    return render(request, "logistics/team.html", {
        "load": queries.team_load(day), "people": people, "unmatched": unmatched,
        "disagreements": queries.disagreements(request.user),
        "pairs": merging.pairs_to_merge() if access.holds_role(request.user,
                                                               *access.LEAD_ROLES) else [],
        "is_lead": access.holds_role(request.user, *access.LEAD_ROLES),
        "can_match": access.holds_role(request.user, *access.IMPORT_ROLES),
        "unassigned": queries.open_waybills(request.user).filter(assignee__isnull=True).count(),
    })  # fmt: skip


@require_POST
@desk_member
def distribute(request):
    try:
        count = distribution.distribute(
            actor=request.user, day=timezone.localdate(), origin=_origin(request)
        )
    except DomainError as error:
        return _refused(request, error, "logistics:team")
    messages.success(request, _("%(count)d waybills handed out.") % {"count": count})
    return redirect("logistics:team")


@require_POST
@desk_member
def move(request, pk):
    waybill = _waybill(request, pk)
    to_user = get_user_model().objects.filter(pk=request.POST.get("to_user") or 0).first()
    try:
        if to_user is None:
            raise DomainError(_("Choose who takes the waybill."), field="to_user")
        distribution.move_waybills(actor=request.user, waybills=[waybill], to_user=to_user,
                                   day=timezone.localdate(), origin=_origin(request))  # fmt: skip
    except DomainError as error:
        return _refused(request, error, "logistics:team")
    return redirect("logistics:team")


@require_POST
@desk_member
def match(request, pk):
    waybill = _waybill(request, pk)
    number = request.POST.get("order_number", "").strip()
    order = Order.objects.filter(number=number).first() if number else waybill.candidate_order
    try:
        if order is None:
            raise DomainError(_("No order numbered “%(number)s”.") % {"number": number},
                              field="order_number")  # fmt: skip
        matching.match_by_hand(actor=request.user, waybill=waybill, order=order,
                               origin=_origin(request))  # fmt: skip
    except DomainError as error:
        return _refused(request, error, "logistics:team")
    return redirect("logistics:team")


# ------------------------------------------------------------------ audit errors
@desk_member
def errors(request):
    if not access.can_read_all(request.user):
        rows = AuditError.objects.filter(person=request.user)
    else:
        rows = AuditError.objects.all()
    return render(request, "logistics/errors.html", {
        "errors": rows.select_related("waybill", "person", "decided_by")[:200],
        "can_audit": access.holds_role(request.user, *access.LEAD_ROLES, "auditor"),
        "is_lead": access.holds_role(request.user, *access.LEAD_ROLES),
    })  # fmt: skip


@require_POST
@desk_member
def run_audit(request):
    try:
        count = services.run_audit(actor=request.user, day=timezone.localdate(),
                                   origin=_origin(request))  # fmt: skip
    except DomainError as error:
        return _refused(request, error, "logistics:errors")
    messages.success(request, _("The audit found %(count)d new errors.") % {"count": count})
    return redirect("logistics:errors")


def _decide(request, pk, confirm):
    error = get_object_or_404(AuditError, pk=pk)
    try:
        services.decide_error(actor=request.user, error=error, confirm=confirm,
                              origin=_origin(request))  # fmt: skip
    except DomainError as refusal:
        return _refused(request, refusal, "logistics:errors")
    return redirect("logistics:errors")


@require_POST
@desk_member
def confirm_error(request, pk):
    return _decide(request, pk, True)


@require_POST
@desk_member
def waive_error(request, pk):
    return _decide(request, pk, False)


# ------------------------------------------------------------------ urging
@desk_member
def urging(request):
    to_urge = list(queries.to_urge(request.user))
    return render(request, "logistics/urging.html", {
        "requests": queries.urging_list(request.user), "to_urge": to_urge,
        "answered": queries.answered_urges(request.user),
        "can_answer": access.holds_role(request.user, *access.ANSWER_URGE_ROLES),
    })  # fmt: skip


@require_POST
@desk_member
def answer_urge(request, pk):
    urge_request = get_object_or_404(UrgeRequest, pk=pk)
    _waybill(request, urge_request.waybill_id)
    try:
        services.answer_urge(actor=request.user, urge=urge_request,
                             answer=request.POST.get("answer", ""), origin=_origin(request))  # fmt: skip
    except DomainError as error:
        return _refused(request, error, "logistics:urging")
    return redirect("logistics:urging")


# ------------------------------------------------------------------ reports
@desk_member
def report(request):
    day = timezone.localdate()
    first, last = reports.month_bounds(day)
    rows = reports.compare_months(day)
    top = max([max(row.this_month, row.last_month) for row in rows] + [1])
    return render(request, "logistics/report.html", {
        "rows": rows, "top": top, "errors": reports.errors_per_person(first, last),
        "leads": queries.retention_leads(request.user), "month": day,
    })  # fmt: skip


@desk_member
def report_export(request):
    day = timezone.localdate()
    rows = reports.compare_months(day)
    return xlsx_response(
        f"快递跟单月报-{day:%Y-%m}.xlsx",
        [_("Figure"), _("This month"), _("Last month"), _("Change (%)"), _("Anomaly")],
        [(row.label, row.this_month, row.last_month, row.change_percent,
          _("yes") if row.is_anomaly else "") for row in rows],
    )  # fmt: skip
