"""The desk's figures (D3-7, D3-8): per day, stored as snapshots; per month from the
snapshots, this month against last with anomalies (a change beyond the policy's
per cent) marked; errors per person."""

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gendan.core import policies as core_policies
from gendan.logistics import policies
from gendan.logistics.models import (
    AuditError,
    DailySnapshot,
    FollowUpCall,
    Problem,
    TrackingEvent,
    TrackingImport,
    UrgeRequest,
    Waybill,
)
from gendan.logistics.statuses import TrackingStatus

FIGURES = {
    "sheets": _("Sheets received"),
    "received": _("Waybills received"),
    "matched": _("Matched to an order or customer"),
    "followed": _("Waybills followed up"),
    "signed": _("Signed for"),
    "refused": _("Refused"),
    "returned": _("Returned"),
    "pickup_waiting": _("Waiting for self-pickup"),
    "urges_handled": _("Urging requests answered"),
    "errors": _("Audit errors"),
    "leads": _("Retention leads"),
    "problems": _("Problems logged"),
}


def _bounds(start, end):
    zone = timezone.get_current_timezone()
    low = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    high = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min,
                                     tzinfo=zone)  # fmt: skip
    return low, high


def _reached(status, low, high):
    return (
        TrackingEvent.objects.filter(status=status, at__gte=low, at__lt=high)
        .values("waybill")
        .distinct()
        .count()
    )


def figures(start, end):
    """Every figure for the days `start`..`end` (inclusive), from the records."""
    low, high = _bounds(start, end)
    received = Waybill.objects.filter(first_import__sheet_date__range=(start, end))
    calls = FollowUpCall.objects.filter(at__gte=low, at__lt=high)
    return {
        "sheets": TrackingImport.objects.filter(sheet_date__range=(start, end)).count(),
        "received": received.count(),
        "matched": received.exclude(matched_by="").count(),
        "followed": calls.values("waybill").distinct().count(),
        "signed": _reached(TrackingStatus.SIGNED, low, high),
        "refused": _reached(TrackingStatus.REFUSED, low, high),
        "returned": _reached(TrackingStatus.RETURNED, low, high),
        "pickup_waiting": Waybill.objects.filter(status=TrackingStatus.AWAITING_PICKUP).count(),
        "urges_handled": UrgeRequest.objects.filter(
            answered_at__gte=low, answered_at__lt=high
        ).count(),
        "errors": AuditError.objects.filter(day__range=(start, end))
        .exclude(state=AuditError.State.WAIVED)
        .count(),
        "leads": calls.filter(is_interested=True).count(),
        "problems": Problem.objects.filter(reported_at__gte=low, reported_at__lt=high).count(),
    }


def month_bounds(day):
    first = day.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def month_figures(day):
    """A month's figures: the sum of its stored days, today's counted live."""
    return period_figures(*month_bounds(day))


def period_figures(first, last):
    """The figures of the days `first`..`last`: the stored days summed, today's live."""
    today = timezone.localdate()
    totals = dict.fromkeys(FIGURES, 0)
    for snapshot in DailySnapshot.objects.filter(day__range=(first, last)).exclude(day=today):
        for key in FIGURES:
            totals[key] += int(snapshot.figures.get(key, 0))
    if first <= today <= last:
        for key, value in figures(today, today).items():
            totals[key] += value
    return totals


@dataclass(frozen=True)
class Comparison:
    """One figure of a period against the one before (a month, or a week: the fields
    keep the monthly report's names, which the API publishes)."""

    key: str
    label: str
    this_month: int
    last_month: int
    change_percent: int | None
    is_anomaly: bool


def compare_months(day):
    """This month against last, each figure marked when it moved beyond the policy."""
    this = month_figures(day)
    last = month_figures(day.replace(day=1) - datetime.timedelta(days=1))
    return _compare(this, last)


def week_bounds(day):
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def compare_weeks(day):
    """The ISO week of `day` against the week before (D3-7, D3-10), anomalies marked."""
    this = period_figures(*week_bounds(day))
    last = period_figures(*week_bounds(day - datetime.timedelta(days=7)))
    return _compare(this, last)


def _compare(this, last):
    threshold = core_policies.get(policies.ANOMALY_PERCENT)
    rows = []
    for key, label in FIGURES.items():
        change = round((this[key] - last[key]) * 100 / last[key]) if last[key] else None
        rows.append(
            Comparison(key, str(label), this[key], last[key], change,
                       change is not None and abs(change) >= threshold)
        )  # fmt: skip
    return rows


def errors_per_person(start, end):
    return list(
        AuditError.objects.filter(day__range=(start, end))
        .exclude(state=AuditError.State.WAIVED)
        .values("person__first_name", "person__username")
        .annotate(count=Count("id"))
        .order_by("-count")
    )
