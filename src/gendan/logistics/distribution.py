"""Handing the day's waybills out to the follow-up staff (D3-1, D3-2).

A waybill goes to the customer's owner (the customer's or order's merchandiser) when
that person follows up and is at work that day; otherwise to whoever holds the fewest
open waybills. Nobody on leave (org's `Leave`), on another shift (`shifts`) or gone
(org's leaving date) receives any, and the open waybills such a person holds move to
someone present — each move is a `Handover` row saying who had it and why. The team lead can also move waybills.
"""

from collections import Counter

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from gendan.core import audit
from gendan.core.errors import DomainError
from gendan.logistics import access, shifts
from gendan.logistics.models import CLOSED_STATUSES, Handover, Waybill
from gendan.org.models import Leave, RoleGrant

Reason = Handover.Reason


def absent_reasons(user_ids, day):
    """Why each absent user is absent on `day`: left the company, on leave or on
    another shift (`shifts`)."""
    reasons = {}
    for user_id, left_on in (
        get_user_model().objects.filter(pk__in=user_ids).values_list("id", "employee__left_on")
    ):
        if left_on is not None and left_on <= day:
            reasons[user_id] = Reason.LEFT
    on_leave = Leave.objects.filter(
        employee__user__in=user_ids, starts_on__lte=day, ends_on__gte=day
    ).values_list("employee__user_id", flat=True)
    for user_id in on_leave:
        reasons.setdefault(user_id, Reason.ABSENT)
    for user_id in shifts.on_another_shift(user_ids, day):
        reasons.setdefault(user_id, Reason.OTHER_SHIFT)
    inactive = get_user_model().objects.filter(pk__in=user_ids, is_active=False)
    for user_id in inactive.values_list("id", flat=True):
        reasons.setdefault(user_id, Reason.LEFT)
    return reasons


def followers(day):
    """The follow-up staff present on `day`, by user id."""
    holders = set(
        RoleGrant.objects.filter(role__code__in=access.staff_roles()).values_list(
            "user_id", flat=True
        )
    )
    absent = absent_reasons(holders, day)
    return sorted(holders - set(absent))


def open_waybills():
    return Waybill.objects.exclude(status__in=CLOSED_STATUSES)


def distribute(*, actor, day, origin=None):
    """Hand out unassigned open waybills and take back those held by absent people.
    Returns the number of waybills handed over; running it again hands out nothing."""
    access.require_lead(actor)
    present = followers(day)
    if not present:
        raise DomainError(
            _("Nobody who follows up is at work on %(day)s: record who is back first.")
            % {"day": day},
        )
    with transaction.atomic():
        load = _open_counts(present)
        held = open_waybills().exclude(assignee__isnull=True).values_list("assignee_id", flat=True)
        absent = absent_reasons(set(held) - set(present), day)
        waybills = list(
            open_waybills()
            .filter(Q(assignee__isnull=True) | Q(assignee__in=list(absent)))
            .select_for_update(of=("self",))
            .select_related("customer", "order")
            .order_by("pk")
        )
        handovers = [_hand_out(waybill, present, load, absent, actor, day) for waybill in waybills]
        Waybill.objects.bulk_update(waybills, ["assignee", "assigned_on"], batch_size=2000)
        Handover.objects.bulk_create(handovers, batch_size=2000)
        if handovers:
            audit.record(
                actor=actor, action="waybill.distribute", origin=origin,
                after={"day": str(day), "waybills": len(handovers)},
            )  # fmt: skip
    return len(handovers)


def _open_counts(present):
    counts = Counter({user_id: 0 for user_id in present})
    rows = (
        open_waybills()
        .filter(assignee__in=present)
        .values("assignee")
        .annotate(count=Count("id"))
        .values_list("assignee", "count")
    )
    counts.update(dict(rows))
    return counts


def _owner_id(waybill):
    if waybill.customer_id and waybill.customer.merchandiser_id:
        return waybill.customer.merchandiser_id
    if waybill.order_id:
        return waybill.order.merchandiser_id
    return None


def _hand_out(waybill, present, load, absent, actor, day):
    owner = _owner_id(waybill)
    least_loaded = min(present, key=lambda user_id: (load[user_id], user_id))
    to_user = owner if owner in load else least_loaded
    load[to_user] += 1
    from_user = waybill.assignee_id
    reason = absent.get(from_user, Reason.DISTRIBUTED) if from_user else Reason.DISTRIBUTED
    waybill.assignee_id, waybill.assigned_on = to_user, day
    return Handover(
        waybill=waybill, from_user_id=from_user, to_user_id=to_user, reason=reason, by=actor
    )


def move_waybills(*, actor, waybills, to_user, day, origin=None):
    """The team lead moves waybills to another person by hand (D3-2)."""
    access.require_lead(actor)
    if to_user.pk not in followers(day):
        raise DomainError(
            _("%(name)s does not follow up waybills or is not at work that day.")
            % {"name": to_user.get_full_name() or to_user.username},
            field="to_user",
        )
    with transaction.atomic():
        locked = list(
            Waybill.objects.select_for_update()
            .filter(pk__in=[w.pk for w in waybills])
            .order_by("pk")
        )
        handovers = []
        for waybill in locked:
            if waybill.assignee_id == to_user.pk:
                continue
            handovers.append(
                Handover(waybill=waybill, from_user_id=waybill.assignee_id, to_user=to_user,
                         reason=Reason.BY_HAND, by=actor)
            )  # fmt: skip
            waybill.assignee, waybill.assigned_on = to_user, day
        Waybill.objects.bulk_update(locked, ["assignee", "assigned_on"])
        Handover.objects.bulk_create(handovers)
        audit.record(
            actor=actor, action="waybill.move", origin=origin,
            after={"to": to_user.username, "waybills": len(handovers)},
        )  # fmt: skip
    return len(handovers)
