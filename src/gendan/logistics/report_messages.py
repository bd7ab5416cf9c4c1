"""The reports sent to the team lead (D3-7: "weekly and monthly reports to the team
lead"; D3-8: anomalies reported): once a finished ISO week or month is over, one message
on the lead's channel with each figure against the period before, the anomalies first
and marked, the errors per person, and the addresses of the page, the xlsx and the PDF.
Sent at most once per week and per month (`notices.send_once`)."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from gendan.logistics import notices, policies, problems, reports
from gendan.logistics.models import DeskDispatch


def _figure_line(row):
    change = "—" if row.change_percent is None else f"{row.change_percent:+d}%"
    mark = _("[anomaly] ") if row.is_anomaly else ""
    return f"{mark}{row.label}: {row.this_month} / {row.last_month} ({change})"


def _body(rows, errors, links, *, heading):
    ordered = sorted(rows, key=lambda row: not row.is_anomaly)  # anomalies first, stable
    lines = [heading, *(_figure_line(row) for row in ordered)]
    if errors:
        people = "、".join(
            f"{row['person__first_name'] or row['person__username']} {row['count']}"
            for row in errors
        )
        lines.append(_("Audit errors per person: %(people)s") % {"people": people})
    lines.append("  ".join(links))
    return "\n".join(lines)


def send_week_report(monday):
    """The ISO week starting `monday` against the week before, to the lead; once."""
    label = problems.week_label(monday)
    rows = reports.compare_weeks(monday)
    errors = reports.errors_per_person(monday, monday + datetime.timedelta(days=6))
    query = f"?week={label}"
    links = [reverse("logistics:week-report") + query, reverse("logistics:week-report-pdf") + query]
    heading = _("Week %(week)s against the week before (this / last):") % {"week": label}
    return notices.send_once(
        kind=DeskDispatch.Kind.WEEKLY_REPORT, period=label, policy=policies.LEAD_CHANNEL,
        subject=_("Follow-up report of week %(week)s") % {"week": label},
        body=_body(rows, errors, links, heading=heading),
        item_count=sum(row.is_anomaly for row in rows),
    )  # fmt: skip


def send_month_report(first):
    """The month starting `first` against the month before, to the lead; once."""
    label = f"{first:%Y-%m}"
    rows = reports.compare_months(first)
    errors = reports.errors_per_person(*reports.month_bounds(first))
    query = f"?month={label}"
    links = [reverse("logistics:report") + query, reverse("logistics:report-pdf") + query]
    heading = _("Month %(month)s against the month before (this / last):") % {"month": label}
    return notices.send_once(
        kind=DeskDispatch.Kind.MONTHLY_REPORT, period=label, policy=policies.LEAD_CHANNEL,
        subject=_("Follow-up report of %(month)s") % {"month": label},
        body=_body(rows, errors, links, heading=heading),
        item_count=sum(row.is_anomaly for row in rows),
    )  # fmt: skip
