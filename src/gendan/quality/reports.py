"""D4-13: the daily progress and quality-exception report, before 09:30 (a policy).

Every working day each merchandiser (and each inspector who recorded an inspection) has
one report of the previous working day — from that day up to yesterday, so Monday's
report covers Friday and the weekend. It waits, and its author may add to it, until the
periodic task sends it through the policy's notification channels. A report is sent
exactly once: the row is locked, sent only while waiting, and marked sent in the same
transaction that queues the messages (core.notify delivers them, with retries and a
log). A report still waiting at the policy time is flagged to the QC manager.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import audit, notify, policies
from gendan.core.calendar import add_working_days, is_working_day
from gendan.core.errors import DomainError, InvalidTransition, PermissionDenied
from gendan.core.models import NotificationChannel
from gendan.org.models import RoleGrant
from gendan.quality.models import DailyReport, Inspection
from gendan.quality.policies import DAILY_REPORT_CHANNELS, DAILY_REPORT_TIME, QC_MANAGER_CHANNEL

PREPARE_BEFORE = timedelta(minutes=30)  # the task sends from 30 minutes before the deadline


def deadline_time():
    text = policies.get(DAILY_REPORT_TIME) or "09:30"
    try:
        hours, minutes = (int(part) for part in text.split(":"))
        return time(hours, minutes)
    except ValueError:
        return time(9, 30)


def report_date_for(send_on):
    """The working day before `send_on`, the first day the report covers."""
    return add_working_days(send_on, -1)


def covered(report):
    """Inspections of the report's author from its report date up to the day it is sent."""
    return (
        Inspection.objects.filter(
            inspector=report.author,
            inspected_on__gte=report.report_date,
            inspected_on__lt=report.send_on,
        )
        .select_related("document", "order", "factory")
        .prefetch_related("defects")
        .order_by("inspected_on", "id")
    )


def prepare_reports(send_on):
    """The reports to send on `send_on`: one per merchandiser and per person who
    recorded an inspection in the covered days (created once; returns all of them)."""
    report_date = report_date_for(send_on)
    authors = set(
        Inspection.objects.filter(
            inspected_on__gte=report_date, inspected_on__lt=send_on
        ).values_list("inspector_id", flat=True)
    )
    authors |= set(
        RoleGrant.objects.filter(role__code="merchandiser", user__is_active=True).values_list(
            "user_id", flat=True
        )
    )
    for author_id in sorted(authors):
        DailyReport.objects.get_or_create(
            report_date=report_date, author_id=author_id, defaults={"send_on": send_on}
        )
    return DailyReport.objects.filter(report_date=report_date).select_related("author")


def compose(report):
    """The text that goes out (Chinese by default): every inspection with its verdict
    and defects; exceptions first; then what the merchandiser added."""
    rows = list(covered(report))
    name = report.author.get_full_name() or report.author.username
    lines = [
        _("Daily report of %(name)s for %(start)s to %(end)s")
        % {"name": name, "start": report.report_date, "end": report.send_on - timedelta(days=1)}
    ]
    failed = [row for row in rows if not row.is_passed]
    lines.append(
        _("Inspections: %(count)s, failed: %(failed)s")
        % {"count": len(rows), "failed": len(failed)}
    )
    for row in failed + [row for row in rows if row.is_passed]:
        lines.append(_line(row))
    if not rows:
        lines.append(_("No inspection recorded."))
    if report.addition.strip():
        lines.append(_("Added by the merchandiser: %(text)s") % {"text": report.addition.strip()})
    return "\n".join(lines)


def _line(row):
    defects = "；".join(
        f"{d.get_defect_class_display()} {d.description} ×{d.count}" for d in row.defects.all()
    )
    return _("%(number)s %(order)s %(factory)s %(stage)s: %(verdict)s %(defects)s") % {
        "number": row.document.number,
        "order": row.order.number,
        "factory": row.factory.name,
        "stage": row.get_stage_display(),
        "verdict": row.get_verdict_display(),
        "defects": defects,
    }


def add_to_report(*, actor, report, text, origin=None):
    """The merchandiser adds to their own report before it goes (D4-13)."""
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write what you want to add."), field="addition")
    with transaction.atomic():
        report = DailyReport.objects.select_for_update().get(pk=report.pk)
        if report.author_id != actor.pk:
            raise PermissionDenied(_("Only the author may add to this report."))
        if report.status == DailyReport.Status.SENT:
            raise InvalidTransition(_("The report has been sent; nothing can be added."))
        report.addition = text[:2000]
        report.save(update_fields=["addition"])
        audit.record(actor=actor, action="daily_report.add", obj=report, origin=origin,
                     after={"addition": report.addition})  # fmt: skip
    return report


def _channels():
    names = [n.strip() for n in (policies.get(DAILY_REPORT_CHANNELS) or "").split(",")]
    return list(
        NotificationChannel.objects.filter(name__in=[n for n in names if n], is_active=True)
    )


def send_report(report, *, now=None):
    """Send one waiting report through the channels; False when there is none to use.
    Sent at most once: a report already sent is left alone."""
    channels = _channels()
    if not channels:
        return False
    with transaction.atomic():
        report = (
            DailyReport.objects.select_for_update(of=("self",))
            .select_related("author")
            .get(pk=report.pk)
        )
        if report.status == DailyReport.Status.SENT:
            return False
        body = compose(report)
        subject = _("Daily inspection report %(date)s %(name)s") % {
            "date": report.report_date,
            "name": report.author.get_full_name() or report.author.username,
        }
        for channel in channels:
            notify.send_notification(channel=channel, subject=subject[:120], body=body)
        report.status = DailyReport.Status.SENT
        report.body = body
        report.sent_at = now or timezone.now()
        report.sent_to = "、".join(channel.name for channel in channels)[:300]
        report.save(update_fields=["status", "body", "sent_at", "sent_to"])
        audit.record(actor=None, action="daily_report.send", obj=report,
                     after={"sent_to": report.sent_to})  # fmt: skip
    return True


def flag_late(send_on, *, now=None):
    """Reports of `send_on` still waiting at the deadline: flagged once, QC manager told."""
    late = list(
        DailyReport.objects.filter(
            send_on=send_on, status=DailyReport.Status.WAITING, flagged_at__isnull=True
        ).select_related("author")
    )
    if not late:
        return 0
    now = now or timezone.now()
    names = "、".join(r.author.get_full_name() or r.author.username for r in late)
    with transaction.atomic():
        DailyReport.objects.filter(pk__in=[r.pk for r in late]).update(is_late=True, flagged_at=now)
        channel = NotificationChannel.objects.filter(
            name=policies.get(QC_MANAGER_CHANNEL) or "", is_active=True
        ).first()
        if channel is not None:
            notify.send_notification(
                channel=channel,
                subject=_("Daily reports not sent by %(time)s") % {"time": deadline_time()},
                body=_("Not sent in time: %(names)s") % {"names": names},
            )
    return len(late)


def run_daily_reports(now=None):
    """The periodic task's work (every few minutes): on a working day, from 30 minutes
    before the policy time prepare and send the reports; at the time, flag the rest."""
    local = timezone.localtime(now or timezone.now())
    today = local.date()
    if not is_working_day(today):
        return {"sent": 0, "late": 0}
    deadline = timezone.make_aware(datetime.combine(today, deadline_time()))
    sent = late = 0
    if local < deadline - PREPARE_BEFORE:
        return {"sent": 0, "late": 0}
    reports = prepare_reports(today)
    if local >= deadline:  # flagged before a late send, so the lateness is kept
        late = flag_late(today, now=now)
    for report in reports:
        if report.status == DailyReport.Status.WAITING:
            sent += send_report(report, now=now)
    return {"sent": sent, "late": late}
