"""Reads of the follow-up desk: a person's queue, the late and abnormal waybills to
urge, self-pickup waiting, the unmatched list, the team's load, retention leads, the
audit's errors, the call log."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone

from gendan.core import policies as core_policies
from gendan.logistics import access, policies
from gendan.logistics.models import (
    CLOSED_STATUSES,
    AuditError,
    FollowUpCall,
    SheetDisagreement,
    UrgeRequest,
    Waybill,
)
from gendan.logistics.statuses import TrackingStatus

ABNORMAL = (TrackingStatus.PROBLEM, TrackingStatus.REFUSED, TrackingStatus.RETURNING)
LIST_LIMIT = 200


def _with_relations(queryset):
    return queryset.select_related("order", "customer", "assignee", "candidate_order")


def open_waybills(user):
    return access.visible_waybills(user).exclude(status__in=CLOSED_STATUSES)


def queue(user, *, person=None):
    """The open waybills a person holds: the abnormal and waiting first."""
    rows = open_waybills(user).filter(assignee=person or user)
    return _with_relations(rows).order_by("followed_at", "-status_changed_at", "pk")


def late_cutoff():
    return timezone.now() - datetime.timedelta(days=core_policies.get(policies.LATE_DAYS))


def to_urge(user):
    """Open waybills that are abnormal, or whose status has not moved for the policy's
    days, and are not on the urging list yet (D3-4)."""
    rows = open_waybills(user).filter(
        Q(status__in=ABNORMAL) | Q(status_changed_at__lt=late_cutoff())
    )
    rows = rows.exclude(
        pk__in=UrgeRequest.objects.filter(answered_at__isnull=True).values("waybill")
    )
    return _with_relations(rows).order_by("status_changed_at")[:LIST_LIMIT]


def urging_list(user):
    """Open requests, same-day deliveries first (D3-4)."""
    visible = access.visible_waybills(user).values("pk")
    return (
        UrgeRequest.objects.filter(waybill__in=visible, answered_at__isnull=True)
        .select_related("waybill", "requested_by")
        .order_by("-is_same_day", "requested_at")
    )


def answered_urges(user, limit=50):
    visible = access.visible_waybills(user).values("pk")
    return (
        UrgeRequest.objects.filter(waybill__in=visible, answered_at__isnull=False)
        .select_related("waybill", "requested_by", "answered_by")
        .order_by("-answered_at")[:limit]
    )


def self_pickup(user):
    """Waiting at a station or locker, or marked 自提, not yet signed (D3-6)."""
    rows = open_waybills(user).filter(
        Q(status=TrackingStatus.AWAITING_PICKUP) | Q(is_self_pickup=True)
    )
    return _with_relations(rows).order_by("status_changed_at")


def days_waiting(waybill):
    if waybill.status_changed_at is None:
        return 0
    return (timezone.now() - waybill.status_changed_at).days


def unmatched(user):
    rows = access.visible_waybills(user).filter(matched_by="")
    return _with_relations(rows).order_by("-candidate_order_id", "pk")[:LIST_LIMIT]


def disagreements(user):
    """What later sheets said otherwise than the stored waybill (issue 13), newest
    first, for the team lead."""
    return (
        SheetDisagreement.objects.filter(waybill__in=access.visible_waybills(user))
        .select_related("waybill", "tracking_import")
        .order_by("-id")[:LIST_LIMIT]
    )


def team_load(day):
    """Open waybills per person (the lead's board)."""
    return list(
        Waybill.objects.exclude(status__in=CLOSED_STATUSES)
        .filter(assignee__isnull=False)
        .values("assignee", "assignee__first_name", "assignee__username")
        .annotate(count=Count("id"), followed=Count("id", filter=Q(followed_at__date=day)))
        .order_by("assignee__first_name")
    )


def retention_leads(user, first, last, limit=100):
    """The interested calls of the days `first`..`last` (a month's report)."""
    visible = access.visible_waybills(user).values("pk")
    return (
        FollowUpCall.objects.filter(waybill__in=visible, is_interested=True)
        .filter(at__date__range=(first, last))
        .select_related("waybill", "waybill__customer", "actor")
        .order_by("-at")[:limit]
    )


def audit_errors(user, chosen):
    """The 差错 `user` sees (every one for the lead, logistics and the auditor; one's own
    for the staff), by the filters `chosen` (core.filters.cleaned of ERROR_FILTERS),
    newest day first, open before decided."""
    rows = (
        AuditError.objects.all()
        if access.can_read_all(user)
        else AuditError.objects.filter(person=user)
    )
    if "state" in chosen:
        rows = rows.filter(state=chosen["state"])
    if "kind" in chosen:
        rows = rows.filter(kind=chosen["kind"])
    if "person" in chosen:
        rows = rows.filter(person_id=chosen["person"])
    if "q" in chosen:
        text = chosen["q"]
        rows = rows.filter(Q(waybill__tracking_number__icontains=text)
                           | Q(waybill__order_number__icontains=text))  # fmt: skip
    if "date_from" in chosen:
        rows = rows.filter(day__gte=chosen["date_from"])
    if "date_to" in chosen:
        rows = rows.filter(day__lte=chosen["date_to"])
    return rows.select_related("waybill", "person", "decided_by").order_by("-day", "-state", "pk")


def error_counts(rows):
    """{kind: count} of `rows` (a filtered audit_errors), for the page's summary."""
    return dict(rows.order_by().values_list("kind").annotate(count=Count("id")))


def error_people(user):
    """Who has errors, for the person filter (the lead's and the auditor's page)."""
    if not access.can_read_all(user):
        return []
    found = AuditError.objects.order_by().values_list("person", flat=True).distinct()
    return list(get_user_model().objects.filter(pk__in=found).order_by("first_name", "username"))


def follow_up_calls(user, chosen):
    """The call log (D3-1, D3-5): every call for the lead, logistics and the auditor,
    one's own for the staff; by the filters `chosen` (core.filters.cleaned of
    CALL_FILTERS: days, person, status found, waybill or consignee, wants to reorder),
    newest first."""
    rows = (
        FollowUpCall.objects.all()
        if access.can_read_all(user)
        else FollowUpCall.objects.filter(actor=user)
    )
    if "date_from" in chosen:
        rows = rows.filter(at__date__gte=chosen["date_from"])
    if "date_to" in chosen:
        rows = rows.filter(at__date__lte=chosen["date_to"])
    if "person" in chosen:
        rows = rows.filter(actor_id=chosen["person"])
    if "status" in chosen:
        rows = rows.filter(status=chosen["status"])
    if "interested" in chosen:
        rows = rows.filter(is_interested=True)
    if "q" in chosen:
        text = chosen["q"]
        rows = rows.filter(Q(waybill__tracking_number__icontains=text)
                           | Q(waybill__order_number__icontains=text)
                           | Q(waybill__consignee__icontains=text))  # fmt: skip
    return rows.select_related("waybill", "actor", "taken_order").order_by("-at", "-pk")


def callers(user):
    """Who made calls, for the person filter (the lead's, logistics' and the auditor's)."""
    if not access.can_read_all(user):
        return []
    found = FollowUpCall.objects.order_by().values_list("actor", flat=True).distinct()
    return list(get_user_model().objects.filter(pk__in=found).order_by("first_name", "username"))
