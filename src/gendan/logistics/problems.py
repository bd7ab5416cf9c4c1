"""Problems found during follow-up (问题件, D3-3) and their weekly summary to the team lead.

A problem is one of a controlled list (lost, damaged, wrong address, refused, other)
with a note and an optional photo; it is open until the lead or its reporter closes it.
The summary of an ISO week (Monday to Sunday) is a page, an xlsx and a message sent to
the lead's channel once (`notices.send_once`), by the periodic task from Monday at the
policy's hour.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import attachments, audit
from gendan.core.errors import DomainError, PermissionDenied
from gendan.logistics import access, notices, policies
from gendan.logistics.models import DeskDispatch, Problem

MAX_NOTE = 300
PHOTO = "problem-photo"


def record_problem(*, actor, waybill, kind, note="", photo=None, origin=None):
    """The holder (or the team lead) logs a problem of a waybill; the photo, if any, is
    kept as an attachment of the problem in the same transaction."""
    if waybill.assignee_id != actor.pk and not access.holds_role(actor, *access.LEAD_ROLES):
        raise PermissionDenied(_("Only the person holding this waybill or the team lead logs it."))
    if kind not in Problem.Kind.values:
        raise DomainError(_("Choose the problem from the list."), field="kind")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise DomainError(_("The note is longer than %(max)d characters.") % {"max": MAX_NOTE},
                          field="note")  # fmt: skip
    if kind == Problem.Kind.OTHER and not note:
        raise DomainError(_("Say what the problem is."), field="note")
    with transaction.atomic():
        problem = Problem.objects.create(waybill=waybill, kind=kind, note=note,
                                         reported_by=actor, reported_at=timezone.now())  # fmt: skip
        if photo is not None:
            attachments.attach(actor=actor, obj=problem, upload=photo, purpose=PHOTO,
                               extensions=attachments.PHOTO_EXTENSIONS, origin=origin)  # fmt: skip
        audit.record(actor=actor, action="waybill.problem", obj=waybill, origin=origin,
                     after={"problem": problem.pk, "kind": kind, "note": note})  # fmt: skip
    return problem


def close_problem(*, actor, problem, closing_note="", origin=None):
    """The team lead or the reporter closes an open problem, saying how it was settled."""
    if problem.reported_by_id != actor.pk and not access.holds_role(actor, *access.LEAD_ROLES):
        raise PermissionDenied(_("Only the team lead or whoever logged it closes a problem."))
    with transaction.atomic():
        problem = Problem.objects.select_for_update().get(pk=problem.pk)
        if problem.state != Problem.State.OPEN:
            raise DomainError(_("This problem is already closed."))
        problem.state, problem.closed_by, problem.closed_at = "closed", actor, timezone.now()
        problem.closing_note = (closing_note or "").strip()[:MAX_NOTE]
        problem.save(update_fields=["state", "closed_by", "closed_at", "closing_note"])
        audit.record(actor=actor, action="waybill.problem_closed", obj=problem.waybill,
                     origin=origin, after={"problem": problem.pk, "note": problem.closing_note})  # fmt: skip
    return problem


def can_see_problem(user, problem):
    return access.visible_waybills(user).filter(pk=problem.waybill_id).exists()


def visible_problems(user):
    return Problem.objects.filter(waybill__in=access.visible_waybills(user).values("pk"))


# ------------------------------------------------------------------ the week
def week_start(day):
    return day - datetime.timedelta(days=day.weekday())


def week_label(monday):
    year, week, _weekday = monday.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(text):
    """`2026-W10` → its Monday; None when it is not such a week."""
    try:
        return datetime.datetime.strptime(f"{text}-1", "%G-W%V-%u").date()
    except (TypeError, ValueError):
        return None


def _week_range(monday):
    zone = timezone.get_current_timezone()
    low = datetime.datetime.combine(monday, datetime.time.min, tzinfo=zone)
    return low, low + datetime.timedelta(days=7)


@dataclass(frozen=True)
class WeekSummary:
    monday: datetime.date
    label: str
    problems: list
    by_kind: list  # (label, count)
    open_count: int
    closed_count: int
    still_open_before: int  # problems of earlier weeks still open at the end of this one


def week_summary(monday, *, user=None):
    """The problems logged in the ISO week of `monday`, by kind and state."""
    low, high = _week_range(monday)
    rows = visible_problems(user) if user is not None else Problem.objects.all()
    week = list(
        rows.filter(reported_at__gte=low, reported_at__lt=high)
        .select_related("waybill", "reported_by", "closed_by")
        .order_by("reported_at", "pk")
    )
    counts = Counter(problem.kind for problem in week)
    return WeekSummary(
        monday=monday, label=week_label(monday), problems=week,
        by_kind=[(label, counts[value]) for value, label in Problem.Kind.choices],
        open_count=sum(problem.state == Problem.State.OPEN for problem in week),
        closed_count=sum(problem.state == Problem.State.CLOSED for problem in week),
        still_open_before=rows.filter(reported_at__lt=low, state=Problem.State.OPEN).count(),
    )  # fmt: skip


def summary_text(summary):
    """The message to the team lead: counts by kind, then one line per problem."""
    lines = [_("Problems logged: %(count)d (open %(open)d, closed %(closed)d)") % {
        "count": len(summary.problems), "open": summary.open_count,
        "closed": summary.closed_count}]  # fmt: skip
    lines += [f"{label}: {count}" for label, count in summary.by_kind if count]
    if summary.still_open_before:
        lines.append(_("Still open from earlier weeks: %(count)d")
                     % {"count": summary.still_open_before})  # fmt: skip
    for problem in summary.problems:
        lines.append(f"· {problem.waybill} {problem.get_kind_display()} "
                     f"{problem.get_state_display()} {problem.note}".rstrip())  # fmt: skip
    return "\n".join(lines)


def send_weekly_summary(monday):
    """Send the week's summary to the lead's channel, once per ISO week (D3-3)."""
    summary = week_summary(monday)
    subject = _("Follow-up problems of week %(week)s") % {"week": summary.label}
    return notices.send_once(
        kind=DeskDispatch.Kind.WEEKLY_PROBLEMS, period=summary.label,
        policy=policies.LEAD_CHANNEL, subject=subject, body=summary_text(summary),
        item_count=len(summary.problems),
    )  # fmt: skip


def problems_of(waybills):
    """Open problems per waybill id, for the queue's cards."""
    found = {}
    for problem in Problem.objects.filter(waybill__in=waybills, state=Problem.State.OPEN):
        found.setdefault(problem.waybill_id, []).append(problem)
    return found
