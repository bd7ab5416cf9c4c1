"""The follow-up desk's pages: thin — parse, call a service or query, render (D3)."""

import datetime
import functools

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from gendan.core import audit, filters
from gendan.core.errors import DomainError, NotFound
from gendan.core.exports import xlsx_response
from gendan.logistics import (
    access,
    distribution,
    import_jobs,
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
    """Start importing the inspected sheet (in the background when it is large); the
    upload page then shows the job's progress and result (D3-1)."""
    try:
        upload = uploads.fetch(request.POST.get("token", ""), request.POST.get("name", ""))
        job = import_jobs.start(actor=request.user, upload=upload, origin=_origin(request))
    except DomainError as error:
        if request.htmx:
            return render(request, "logistics/_import_job.html", {"error": error.message})
        return _refused(request, error, "logistics:sheets")
    if request.htmx:
        return render(request, "logistics/_import_job.html", _job_context(request, job))
    return redirect("logistics:sheet-job", pk=job.pk)


def _job(request, pk):
    if not access.holds_role(request.user, *access.IMPORT_ROLES):
        raise HttpForbidden
    job = import_jobs.visible_job(request.user, pk)
    if job is None:
        raise Http404
    return job


def _job_context(request, job):
    result = _(
        "Imported: %(created)d new waybills, %(updated)d updated, %(unchanged)d unchanged."
    ) % {"created": job.created_count, "updated": job.updated_count,
         "unchanged": job.unchanged_count}  # fmt: skip
    return {"job": job, "progress": import_jobs.progress(job), "result": result,
            "can_see_team": access.can_read_all(request.user)}  # fmt: skip


@desk_member
def sheet_job(request, pk):
    """A sheet's import: its progress while it runs, then its result (D3-1)."""
    job = _job(request, pk)
    name = "logistics/_import_job.html" if request.htmx else "logistics/import_job.html"
    return render(request, name, _job_context(request, job))


@desk_member
def sheet_job_status(request, pk):
    """The job's progress as JSON, which the upload page polls."""
    return JsonResponse(import_jobs.progress(_job(request, pk)))


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
ERROR_FILTERS = {"state": AuditError.State.values, "kind": AuditError.Kind.values,
                 "person": filters.ID, "q": filters.TEXT, "date_from": filters.DATE,
                 "date_to": filters.DATE}  # fmt: skip
ERROR_PAGE = 200


@desk_member
def errors(request):
    """差错考核: filters (state, kind, person, waybill, days), the counts per kind of what
    is shown, the lead's confirm/waive, xlsx of the same rows."""
    chosen = filters.cleaned(request, ERROR_FILTERS)
    rows = queries.audit_errors(request.user, chosen)
    counts = queries.error_counts(rows)
    return render(request, "logistics/errors.html", {
        "errors": rows[:ERROR_PAGE], "total": sum(counts.values()), "limit": ERROR_PAGE,
        "counts": [(label, counts[value]) for value, label in AuditError.Kind.choices
                   if value in counts],
        "chosen": chosen, "kinds": AuditError.Kind.choices, "states": AuditError.State.choices,
        "people": queries.error_people(request.user),
        "can_audit": access.holds_role(request.user, *access.LEAD_ROLES, "auditor"),
        "is_lead": access.holds_role(request.user, *access.LEAD_ROLES),
    })  # fmt: skip


ERROR_HEADERS = (gettext_noop("Day"), gettext_noop("Person"), gettext_noop("Waybill"),
                 gettext_noop("Order number"), gettext_noop("Consignee"), gettext_noop("Error"),
                 gettext_noop("State"), gettext_noop("Decided by"), gettext_noop("Decided at"))  # fmt: skip
ERROR_EXPORT_LIMIT = 20_000


@desk_member
def error_export(request):
    rows = queries.audit_errors(request.user, filters.cleaned(request, ERROR_FILTERS))
    lines = [
        (error.day.isoformat(), error.person.get_full_name() or error.person.username,
         error.waybill.tracking_number, error.waybill.order_number, error.waybill.consignee,
         error.get_kind_display(), error.get_state_display(),
         (error.decided_by.get_full_name() or error.decided_by.username)
         if error.decided_by else "",
         timezone.localtime(error.decided_at).strftime("%Y-%m-%d %H:%M")
         if error.decided_at else "")
        for error in rows[:ERROR_EXPORT_LIMIT]
    ]  # fmt: skip
    return xlsx_response(f"差错考核-{timezone.localdate():%Y%m%d}.xlsx",
                         [_(header) for header in ERROR_HEADERS], lines)  # fmt: skip


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
def lead_or_reader(request):
    """The reports are the team lead's and those who read the whole desk (D3-7): the
    month's page, xlsx and PDF gated like the week's."""
    if not access.can_read_all(request.user):
        raise HttpForbidden


def parse_month(text):
    """`2026-10` → its first day; None when it is not such a month (or not one of the
    years 2000–2099)."""
    try:
        first = datetime.datetime.strptime(text or "", "%Y-%m").date()
    except ValueError:
        return None
    return first if 2000 <= first.year <= 2099 else None


def chosen_month(request):
    """The first day of the month asked for by `?month=2026-10`; this month when none
    is asked for, or when what was asked for is not a month (with a message)."""
    text = request.GET.get("month", "")
    first = parse_month(text)
    if first is None and text:
        messages.warning(request, _("The month was ignored: write it like 2026-10."))
    return first or timezone.localdate().replace(day=1)


@desk_member
def report(request):
    lead_or_reader(request)
    first = chosen_month(request)
    last = reports.month_bounds(first)[1]
    rows = reports.compare_months(first)
    top = max([max(row.this_month, row.last_month) for row in rows] + [1])
    return render(request, "logistics/report.html", {
        "rows": rows, "top": top, "errors": reports.errors_per_person(first, last),
        "leads": queries.retention_leads(request.user, first, last), "month": first, "last": last,
        "label": f"{first:%Y-%m}", "previous": f"{first - datetime.timedelta(days=1):%Y-%m}",
        "next": f"{last + datetime.timedelta(days=1):%Y-%m}",
        "this_month": f"{timezone.localdate():%Y-%m}",
    })  # fmt: skip


@desk_member
def report_export(request):
    lead_or_reader(request)
    first = chosen_month(request)
    rows = reports.compare_months(first)
    return xlsx_response(
        f"快递跟单月报-{first:%Y-%m}.xlsx",
        [_("Figure"), _("This month"), _("Last month"), _("Change (%)"), _("Anomaly")],
        [(row.label, row.this_month, row.last_month, row.change_percent,
          _("yes") if row.is_anomaly else "") for row in rows],
    )  # fmt: skip
