"""Writes of the follow-up desk: follow-up calls, the day's audit, error rulings,
urging requests and their answers, the daily figures (D3-1, D3-4, D3-5, D3-7, D3-9).
Sheets are imported by `importing`, matched by `matching`, handed out by
`distribution`."""

import datetime

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import audit
from gendan.core.errors import DomainError, PermissionDenied
from gendan.logistics import access, leads, reports, retention, urging
from gendan.logistics.models import (
    AuditError,
    DailySnapshot,
    FollowUpCall,
    UrgeRequest,
    Waybill,
)
from gendan.logistics.statuses import TrackingStatus

MAX_NOTE = 300


def _clean_status(status):
    if status not in TrackingStatus.values:
        raise DomainError(
            _("Choose the status from the list (%(choices)s).")
            % {"choices": "、".join(str(label) for label in TrackingStatus.labels)},
            field="status",
        )
    return status


def record_followup(*, actor, waybill, status, note="", is_interested=False, origin=None):
    """The holder (or the team lead) records what the follow-up found, from the
    controlled list only, with a note; the call joins the call log (D3-1). A customer
    found signed is tagged a regular customer and told the reorder discount; one who
    wants to order again becomes a retention lead forwarded to the order taker (D3-9)."""
    if waybill.assignee_id != actor.pk and not access.holds_role(actor, *access.LEAD_ROLES):
        raise PermissionDenied(_("Only the person holding this waybill follows it up."))
    status = _clean_status(status)
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise DomainError(_("The note is longer than %(max)d characters.") % {"max": MAX_NOTE},
                          field="note")  # fmt: skip
    with transaction.atomic():
        waybill = Waybill.objects.select_for_update().get(pk=waybill.pk)
        call = FollowUpCall.objects.create(
            waybill=waybill, actor=actor, status=status, note=note, is_interested=is_interested
        )
        waybill.followup_status, waybill.followup_note = status, note
        waybill.followed_at = call.at
        waybill.save(update_fields=["followup_status", "followup_note", "followed_at"])
        tag = retention.tag_if_signed(call)
        lead = leads.forward_if_interested(call, actor=actor, origin=origin)
        audit.record(
            actor=actor, action="waybill.follow_up", obj=waybill, origin=origin,
            after={"status": status, "note": note, "discount_told": call.discount_told,
                   "regular_customer": tag is not None, "lead": lead.pk if lead else None},
        )  # fmt: skip
    return waybill


S = TrackingStatus
NEEDS_A_NOTE = (S.REFUSED, S.RETURNING, S.RETURNED, S.PROBLEM)
FINISHED = (S.SIGNED, S.REFUSED, S.RETURNED)


def run_audit(*, actor, day, origin=None):
    """End of the day (D3-1: "missed follow-ups, unfilled sheets and non-standard status
    entries"): each becomes a 差错 record for the holder —
    - missed: an open waybill handed out by `day` that its holder did not follow up;
    - unfilled: followed up on `day` with a status that needs a word of why (refused,
      returning, returned, problem parcel) and no note;
    - non-standard: followed up on `day` with another status than the carrier's sheet
      gives for a finished parcel (signed, refused, returned).
    Running it again adds nothing. Returns the errors found this run."""
    access.require_role(
        actor, (*access.LEAD_ROLES, "auditor"), _("Only the team lead or the auditor audits.")
    )
    start, end = _day_bounds(day)
    held = Waybill.objects.filter(assignee__isnull=False)
    followed = held.filter(followed_at__gte=start, followed_at__lt=end)
    found = {
        AuditError.Kind.MISSED: held.exclude(status__in=(S.SIGNED, S.RETURNED))
        .filter(assigned_on__lte=day)
        .filter(Q(followed_at__isnull=True) | Q(followed_at__lt=start) | Q(followed_at__gte=end)),
        AuditError.Kind.UNFILLED: followed.filter(
            followup_status__in=NEEDS_A_NOTE, followup_note=""
        ),
        AuditError.Kind.STALE: followed.filter(status__in=FINISHED).exclude(
            followup_status=F("status")
        ),
    }
    with transaction.atomic():
        known = set(AuditError.objects.filter(day=day).values_list("waybill_id", "kind"))
        new = [
            AuditError(waybill_id=pk, person_id=person, day=day, kind=kind)
            for kind, rows in found.items()
            for pk, person in rows.values_list("id", "assignee_id")
            if (pk, kind) not in known
        ]
        AuditError.objects.bulk_create(new)
        audit.record(
            actor=actor, action="waybill.audit", origin=origin,
            after={"day": str(day), "errors": len(new)},
        )  # fmt: skip
    return len(new)


def _day_bounds(day):
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    return start, start + datetime.timedelta(days=1)


def decide_error(*, actor, error, confirm, origin=None):
    """The team lead confirms an error (it counts against the person) or waives it."""
    access.require_lead(actor)
    with transaction.atomic():
        error = AuditError.objects.select_for_update().get(pk=error.pk)
        if error.state != AuditError.State.OPEN:
            raise DomainError(_("This error was already decided."))
        error.state = AuditError.State.CONFIRMED if confirm else AuditError.State.WAIVED
        error.decided_by, error.decided_at = actor, timezone.now()
        error.save(update_fields=["state", "decided_by", "decided_at"])
        audit.record(
            actor=actor, action="waybill.error_decided", obj=error.waybill, origin=origin,
            after={"state": error.state},
        )  # fmt: skip
    return error


def request_urge(*, actor, waybill, note="", is_same_day=False, origin=None):
    """A customer's request to hurry a parcel, for the day's list to logistics (D3-4)."""
    if waybill.assignee_id != actor.pk and not access.holds_role(actor, *access.READ_ALL_ROLES):
        raise PermissionDenied(_("Only the person holding this waybill or the team lead urges it."))
    if waybill.urges.filter(answered_at__isnull=True).exists():
        raise DomainError(_("This waybill is already on the urging list."))
    with transaction.atomic():
        urge = UrgeRequest.objects.create(
            waybill=waybill, requested_by=actor, note=(note or "").strip()[:MAX_NOTE],
            is_same_day=is_same_day,
        )  # fmt: skip
        audit.record(actor=actor, action="waybill.urge", obj=waybill, origin=origin,
                     after={"same_day": is_same_day})  # fmt: skip
    return urge


def answer_urge(*, actor, urge, answer, origin=None):
    """Logistics' answer, fed back to the order taker on the urging page and through
    the order takers' channel (D3-4)."""
    access.require_role(
        actor, access.ANSWER_URGE_ROLES, _("Only logistics or the team lead answers urging.")
    )
    answer = (answer or "").strip()
    if not answer:
        raise DomainError(_("Write logistics' answer."), field="answer")
    with transaction.atomic():
        urge = UrgeRequest.objects.select_for_update().get(pk=urge.pk)
        if urge.answered_at is not None:
            raise DomainError(_("This request was already answered."))
        urge.answer, urge.answered_by, urge.answered_at = answer[:MAX_NOTE], actor, timezone.now()
        urge.save(update_fields=["answer", "answered_by", "answered_at"])
        audit.record(actor=actor, action="waybill.urge_answered", obj=urge.waybill,
                     origin=origin, after={"answer": urge.answer})  # fmt: skip
        urging.tell_order_taker(urge, actor=actor)
    return urge


def take_snapshot(*, day):
    """Store the day's figures (D3-7): run daily; taking it again replaces that day."""
    snapshot, _created = DailySnapshot.objects.update_or_create(
        day=day, defaults={"figures": reports.figures(day, day)}
    )
    return snapshot
