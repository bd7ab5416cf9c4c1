"""Two stored waybills a later sheet tied together (issue 13): a parcel an early sheet
knew by its order number only (`O:<order>`) and the same parcel another sheet already
stored by its tracking number; once a sheet names both, the tracking-number waybill
carries the order number too. The team lead sees such pairs (`pairs_to_merge`) and
merges them: calls, handovers, audit errors, trace events, urging requests, problems
and disagreements move to the tracking-number waybill, which takes the match, holder
and latest follow-up it lacked; the order-number waybill is then deleted. One audit
row says what moved. Never automatic: an order shipped in two parcels looks alike.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from gendan.core import audit
from gendan.core.errors import DomainError
from gendan.logistics import access
from gendan.logistics.models import (
    AuditError,
    FollowUpCall,
    Handover,
    Problem,
    SheetDisagreement,
    TrackingEvent,
    UrgeRequest,
    Waybill,
)

MOVED = (FollowUpCall, Handover, TrackingEvent, UrgeRequest, Problem, SheetDisagreement)
FOLLOW_UP = ("followup_status", "followup_note", "followed_at")


def pairs_to_merge(limit=50):
    """(order-number waybill, tracking-number waybill) pairs sharing an order number."""
    waiting = Waybill.objects.filter(key__startswith="O:").exclude(order_number="")
    numbered = Waybill.objects.filter(key__startswith="T:", order_number__in=waiting.values(
        "order_number")).order_by("pk")  # fmt: skip
    by_number = {}
    for waybill in numbered:
        by_number.setdefault(waybill.order_number, waybill)
    found = waiting.filter(order_number__in=list(by_number)).order_by("pk")[:limit]
    return [(waybill, by_number[waybill.order_number]) for waybill in found]


def merge_waybills(*, actor, keep, absorb, origin=None):
    """Merge `absorb` (known by its order number) into `keep` (by its tracking number)."""
    access.require_lead(actor)
    if keep is None or absorb is None or keep.pk == absorb.pk:
        raise DomainError(_("Choose two different waybills."))
    with transaction.atomic():
        locked = {w.pk: w for w in Waybill.objects.select_for_update().filter(
            pk__in=[keep.pk, absorb.pk]).order_by("pk")}  # fmt: skip
        keep, absorb = locked[keep.pk], locked[absorb.pk]
        _check(keep, absorb)
        moved = {model._meta.model_name: model.objects.filter(waybill=absorb).update(waybill=keep)
                 for model in MOVED}  # fmt: skip
        moved["auditerror"] = _move_errors(keep, absorb)
        _take_what_is_missing(keep, absorb)
        keys = {"kept": keep.key, "merged": absorb.key}
        absorb.delete()
        audit.record(actor=actor, action="waybill.merge", obj=keep, origin=origin,
                     after={**keys, **{name: count for name, count in moved.items() if count}})  # fmt: skip
    return keep


def _check(keep, absorb):
    if not (absorb.key.startswith("O:") and keep.key.startswith("T:")):
        raise DomainError(_("Only a waybill known by its order number merges into one known "
                            "by its tracking number."))  # fmt: skip
    if absorb.order_number != keep.order_number:
        raise DomainError(_("The two waybills name different orders; they are not one parcel."))


def _move_errors(keep, absorb):
    """An error of the same day and kind already on `keep` stays single."""
    taken = set(AuditError.objects.filter(waybill=keep).values_list("day", "kind"))
    moved = 0
    for error in AuditError.objects.filter(waybill=absorb):
        if (error.day, error.kind) in taken:
            error.delete()
            continue
        error.waybill = keep
        error.save(update_fields=["waybill"])
        moved += 1
    return moved


def _take_what_is_missing(keep, absorb):
    changed = []
    if not keep.matched_by and absorb.matched_by:
        for name in ("order", "customer", "matched_by", "candidate_order"):
            setattr(keep, name, getattr(absorb, name))
        changed += ["order", "customer", "matched_by", "candidate_order"]
    if keep.assignee_id is None and absorb.assignee_id is not None:
        keep.assignee, keep.assigned_on = absorb.assignee, absorb.assigned_on
        changed += ["assignee", "assigned_on"]
    if absorb.followed_at and (keep.followed_at is None or absorb.followed_at > keep.followed_at):
        for name in FOLLOW_UP:
            setattr(keep, name, getattr(absorb, name))
        changed += list(FOLLOW_UP)
    if absorb.first_import_id < keep.first_import_id:
        keep.first_import_id = absorb.first_import_id
        changed.append("first_import")
    if changed:
        keep.save(update_fields=changed)
