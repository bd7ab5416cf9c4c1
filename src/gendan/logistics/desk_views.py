"""The desk's newer pages (issue 13's rest): problems and their weekly summary (D3-3),
the weekly report with the team meeting's notes (D3-7, D3-10), an order taken from a
call (D3-11) and the lead's ruling on sheet disagreements. Thin: parse, call, render."""

import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.core import filters
from gendan.core.attachments import attachments_of
from gendan.core.errors import DomainError
from gendan.core.exports import xlsx_response
from gendan.core.parsing import parse_date
from gendan.logistics import (
    access,
    disagreements,
    distribution,
    meetings,
    merging,
    problems,
    reports,
    retention,
)
from gendan.logistics.models import Problem, RegularCustomer, SheetDisagreement
from gendan.logistics.views import _origin, _refused, _waybill, desk_member, lead_or_reader

PROBLEM_FILTERS = {"state": Problem.State.values, "kind": Problem.Kind.values, "q": filters.TEXT,
                   "date_from": filters.DATE, "date_to": filters.DATE}  # fmt: skip


# ------------------------------------------------------------------ problems (D3-3)
@require_POST
@desk_member
def record_problem(request, pk):
    waybill = _waybill(request, pk)
    try:
        problems.record_problem(
            actor=request.user, waybill=waybill, kind=request.POST.get("kind", ""),
            note=request.POST.get("problem_note", ""), photo=request.FILES.get("photo"),
            origin=_origin(request),
        )  # fmt: skip
    except DomainError as error:
        return _refused(request, error, "logistics:queue")
    messages.success(request, _("Problem of %(number)s logged.") % {"number": waybill})
    return redirect(request.POST.get("next") or "logistics:queue")


def _problem_rows(request):
    chosen = filters.cleaned(request, PROBLEM_FILTERS)
    rows = problems.visible_problems(request.user).select_related(
        "waybill", "reported_by", "closed_by"
    )
    if "state" in chosen:
        rows = rows.filter(state=chosen["state"])
    if "kind" in chosen:
        rows = rows.filter(kind=chosen["kind"])
    if "q" in chosen:
        text = chosen["q"]
        rows = rows.filter(Q(waybill__tracking_number__icontains=text)
                           | Q(waybill__consignee__icontains=text) | Q(note__icontains=text))  # fmt: skip
    if "date_from" in chosen:
        rows = rows.filter(reported_at__date__gte=chosen["date_from"])
    if "date_to" in chosen:
        rows = rows.filter(reported_at__date__lte=chosen["date_to"])
    return rows, chosen


@desk_member
def problem_list(request):
    rows, chosen = _problem_rows(request)
    rows = list(rows[:200])
    photos = {}
    for attachment in attachments_of(*rows):
        photos.setdefault(int(attachment.object_id), []).append(attachment)
    for problem in rows:
        problem.photos = photos.get(problem.pk, [])
    return render(request, "logistics/problems.html", {
        "problems": rows, "chosen": chosen, "kinds": Problem.Kind.choices,
        "states": Problem.State.choices, "is_lead": access.holds_role(request.user,
                                                                        *access.LEAD_ROLES),
        "this_week": problems.week_label(problems.week_start(timezone.localdate())),
    })  # fmt: skip


def _problem_lines(rows):
    return [(p.waybill.tracking_number or p.waybill.order_number, p.waybill.consignee,
             p.get_kind_display(), p.note, p.get_state_display(),
             p.reported_by.get_full_name() or p.reported_by.username,
             timezone.localtime(p.reported_at).strftime("%Y-%m-%d %H:%M"), p.closing_note)
            for p in rows]  # fmt: skip


PROBLEM_HEADERS = ("Waybill", "Consignee", "Problem", "Note", "State", "Reported by",
                   "Reported at", "How it was settled")  # fmt: skip


@desk_member
def problem_export(request):
    rows, _chosen = _problem_rows(request)
    return xlsx_response(f"问题件-{timezone.localdate():%Y%m%d}.xlsx",
                         [_(header) for header in PROBLEM_HEADERS],
                         _problem_lines(rows[:5000]))  # fmt: skip


@require_POST
@desk_member
def close_problem(request, pk):
    problem = get_object_or_404(problems.visible_problems(request.user), pk=pk)
    try:
        problems.close_problem(actor=request.user, problem=problem,
                               closing_note=request.POST.get("closing_note", ""),
                               origin=_origin(request))  # fmt: skip
    except DomainError as error:
        return _refused(request, error, "logistics:problems")
    return redirect("logistics:problems")


def chosen_week(request):
    monday = problems.parse_week(request.GET.get("week", ""))
    if monday is None and request.GET.get("week"):
        messages.warning(request, _("The week was ignored: write it like 2026-W10."))
    return monday or problems.week_start(timezone.localdate())


@desk_member
def problem_week(request):
    """The week's summary for the team lead (D3-3): by kind, then every problem."""
    lead_or_reader(request)
    monday = chosen_week(request)
    summary = problems.week_summary(monday, user=request.user)
    return render(request, "logistics/problem_week.html", {
        "summary": summary, "sunday": monday + datetime.timedelta(days=6),
        "previous": problems.week_label(monday - datetime.timedelta(days=7)),
        "next": problems.week_label(monday + datetime.timedelta(days=7)),
    })  # fmt: skip


@desk_member
def problem_week_export(request):
    lead_or_reader(request)
    summary = problems.week_summary(chosen_week(request), user=request.user)
    return xlsx_response(f"问题件周报-{summary.label}.xlsx",
                         [_(header) for header in PROBLEM_HEADERS],
                         _problem_lines(summary.problems))  # fmt: skip


# ------------------------------------------------------------------ weekly report (D3-10)
@desk_member
def week_report(request):
    lead_or_reader(request)
    monday = chosen_week(request)
    rows = reports.compare_weeks(monday)
    top = max([max(row.this_month, row.last_month) for row in rows] + [1])
    sunday = monday + datetime.timedelta(days=6)
    return render(request, "logistics/week_report.html", {
        "rows": rows, "top": top, "monday": monday, "sunday": sunday,
        "meeting_day": min(sunday, timezone.localdate()),
        "label": problems.week_label(monday), "meeting": meetings.meeting_of(monday),
        "errors": reports.errors_per_person(monday, sunday),
        "people": get_user_model().objects.filter(pk__in=distribution.followers(monday)
                                                  ).order_by("first_name"),
        "regulars": RegularCustomer.objects.filter(
            tagged_at__date__range=(monday, sunday)).select_related("customer"),
        "is_lead": access.holds_role(request.user, *access.LEAD_ROLES),
        "previous": problems.week_label(monday - datetime.timedelta(days=7)),
        "next": problems.week_label(monday + datetime.timedelta(days=7)),
    })  # fmt: skip


@desk_member
def week_report_export(request):
    lead_or_reader(request)
    monday = chosen_week(request)
    rows = reports.compare_weeks(monday)
    return xlsx_response(
        f"快递跟单周报-{problems.week_label(monday)}.xlsx",
        [_("Figure"), _("This week"), _("Last week"), _("Change (%)"), _("Anomaly")],
        [(row.label, row.this_month, row.last_month, row.change_percent,
          _("yes") if row.is_anomaly else "") for row in rows],
    )  # fmt: skip


@require_POST
@desk_member
def save_meeting(request):
    ids = [pk for pk in request.POST.getlist("attendees") if pk.isdigit()]
    attendees = get_user_model().objects.filter(pk__in=ids)
    try:
        held_on = _posted_date(request, "held_on", _("day of the meeting"))
        meeting = meetings.save_meeting(
            actor=request.user, held_on=held_on, attendees=list(attendees),
            notes=request.POST.get("notes", ""), decisions=request.POST.get("decisions", ""),
            origin=_origin(request),
        )  # fmt: skip
    except DomainError as error:
        return _refused(request, error, "logistics:week-report")
    messages.success(request, _("The meeting's notes are saved."))
    week = problems.week_label(meeting.week_start)
    return redirect(f"{reverse('logistics:week-report')}?week={week}")


def _posted_date(request, name, label):
    return parse_date(request.POST.get(name, ""), field=name, label=label, required=False)


# ------------------------------------------------------------------ order from a call (D3-11)
@desk_member
def take_order(request, pk):
    waybill = _waybill(request, pk)
    if not retention.can_take_orders(request.user):
        raise HttpForbidden
    context = {"waybill": waybill, "items": retention.orderable_items(), "form": request.POST,
               "delivery_default": timezone.localdate() + datetime.timedelta(days=3),
               "discount": retention.discount_of(waybill.customer),
               "quote": _quote(waybill, request.POST.get("unit_price", ""))}  # fmt: skip
    if request.method != "POST":
        return render(request, "logistics/take_order.html", context)
    try:
        order = retention.take_order(
            actor=request.user, waybill=waybill, item=request.POST.get("item", ""),
            quantity=request.POST.get("quantity", ""),
            unit_price=request.POST.get("unit_price", "") or 0,
            delivery_date=_posted_date(request, "delivery_date", _("delivery date")),
            note=request.POST.get("note", ""), origin=_origin(request),
        )  # fmt: skip
    except DomainError as error:
        messages.error(request, str(error.message))
        return render(request, "logistics/take_order.html", context, status=400)
    messages.success(request, _("Order %(number)s taken.") % {"number": order.number})
    return redirect("logistics:queue")


def _quote(waybill, typed):
    """D3-9: the price a typed list price comes to (None until a valid price is typed)."""
    if not typed.strip():
        return None
    try:
        return retention.quote(waybill.customer, typed)
    except DomainError:
        return None


# ------------------------------------------------------------------ sheet disagreements
def _disagreement(request, pk):
    found = SheetDisagreement.objects.filter(
        pk=pk, waybill__in=access.visible_waybills(request.user).values("pk")
    ).first()
    if found is None:
        raise Http404
    return found


@require_POST
@desk_member
def take_sheet_value(request, pk):
    try:
        disagreements.take_sheet_value(actor=request.user,
                                       disagreement=_disagreement(request, pk),
                                       origin=_origin(request))  # fmt: skip
    except DomainError as error:
        return _refused(request, error, "logistics:team")
    return redirect("logistics:team")


@require_POST
@desk_member
def dismiss_disagreement(request, pk):
    try:
        disagreements.dismiss(actor=request.user, disagreement=_disagreement(request, pk),
                              origin=_origin(request))  # fmt: skip
    except DomainError as error:
        return _refused(request, error, "logistics:team")
    return redirect("logistics:team")


@require_POST
@desk_member
def merge(request, pk):
    """The lead merges the order-number waybill `pk` into the tracking-number one named."""
    absorb = _waybill(request, pk)
    into = request.POST.get("into", "")
    keep = access.visible_waybills(request.user).filter(pk=into).first() if into.isdigit() else None
    try:
        merging.merge_waybills(actor=request.user, keep=keep, absorb=absorb,
                               origin=_origin(request))  # fmt: skip
    except DomainError as error:
        return _refused(request, error, "logistics:team")
    messages.success(request, _("Merged into %(number)s.") % {"number": keep.key[2:]})
    return redirect("logistics:team")
