"""/api/v1/logistics, the desk's later operations (issue 13's rest): the weekly team
meeting's notes (D3-10), the lead's ruling on sheet disagreements and merging two
stored waybills (D3-1, D3-2), an order taken from a call at the regular customer's
price (D3-9, D3-11). The same services as the pages (`desk_views`); refusals are
`DomainError`s, answered {"detail", "field"} with 400/403/404/409 by the API."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from gendan.core import audit
from gendan.core.errors import DomainError, NotFound, PermissionDenied
from gendan.core.schemas import Day, Id, text
from gendan.logistics import access, disagreements, meetings, merging, problems, retention
from gendan.logistics.models import SheetDisagreement

router = Router(tags=["logistics"])

MAX_ATTENDEES = 100
NumberText = text(40)


def _origin(request):
    return audit.Origin.from_request(request)


def _lead_or_reader(user):
    """The pages of everyone's waybills (the team, the weekly report): lead, logistics,
    the auditor."""
    if not access.can_read_all(user):
        raise PermissionDenied()


# ------------------------------------------------------------------ meetings (D3-10)
class DeskMeetingIn(Schema):
    held_on: Day
    attendees: list[Id] = Field(max_length=MAX_ATTENDEES)
    notes: text() = ""
    decisions: text() = ""


class DeskMeetingOut(Schema):
    week: str
    week_start: datetime.date
    held_on: datetime.date
    attendees: list[str]
    notes: str
    decisions: str
    written_by: str
    written_at: datetime.datetime


class DeskWeekMeetingOut(Schema):
    week: str
    week_start: datetime.date
    meeting: DeskMeetingOut | None


def _meeting_out(meeting):
    return {
        "week": problems.week_label(meeting.week_start), "week_start": meeting.week_start,
        "held_on": meeting.held_on,
        "attendees": sorted(user.username for user in meeting.attendees.all()),
        "notes": meeting.notes, "decisions": meeting.decisions,
        "written_by": meeting.written_by.username, "written_at": meeting.written_at,
    }  # fmt: skip


@router.get("/meetings/week", response=DeskWeekMeetingOut)
def week_meeting(request, day: Day | None = None, week: text(10) = ""):
    """The team meeting of a week (D3-10): `week` as 2026-W11, else the week of `day`,
    else this week; `meeting` is null while none is written."""
    _lead_or_reader(request.user)
    monday = problems.parse_week(week) if week else problems.week_start(day or timezone.localdate())
    if monday is None:
        raise DomainError(_("Write the week like 2026-W10."), field="week")
    meeting = meetings.meeting_of(monday)
    return {"week": problems.week_label(monday), "week_start": monday,
            "meeting": _meeting_out(meeting) if meeting else None}  # fmt: skip


@router.post("/meetings", response=DeskMeetingOut)
def save_meeting(request, payload: DeskMeetingIn):
    """Write (or rewrite) the notes of the meeting of `held_on`'s ISO week (the lead)."""
    found = list(get_user_model().objects.filter(pk__in=set(payload.attendees)))
    unknown = sorted(set(payload.attendees) - {user.pk for user in found})
    if unknown:
        raise DomainError(_("No such person: %(ids)s.") % {"ids": ", ".join(map(str, unknown))},
                          field="attendees")  # fmt: skip
    meeting = meetings.save_meeting(
        actor=request.user, held_on=payload.held_on, attendees=found, notes=payload.notes,
        decisions=payload.decisions, origin=_origin(request),
    )  # fmt: skip
    return _meeting_out(meetings.meeting_of(meeting.week_start))


# ------------------------------------------------------------------ sheet disagreements
class DeskDisagreementOut(Schema):
    id: int
    waybill_id: int
    waybill: str
    field: str
    field_label: str
    kept: str
    sheet_value: str
    sheet: str
    at: datetime.datetime
    state: str
    decided_by: str | None
    decided_at: datetime.datetime | None


def _disagreement_out(row):
    return {
        "id": row.pk, "waybill_id": row.waybill_id, "waybill": str(row.waybill),
        "field": row.field, "field_label": str(row.get_field_display()),
        "kept": row.kept_shown, "sheet_value": row.sheet_value_shown,
        "sheet": row.tracking_import.file_name, "at": row.at, "state": row.state,
        "decided_by": row.decided_by.username if row.decided_by_id else None,
        "decided_at": row.decided_at,
    }  # fmt: skip


def _visible_disagreements(user):
    return SheetDisagreement.objects.filter(
        waybill__in=access.visible_waybills(user).values("pk")
    ).select_related("waybill", "tracking_import", "decided_by")


def _disagreement(user, disagreement_id):
    """Missing and forbidden look the same (404), as for a waybill."""
    found = _visible_disagreements(user).filter(pk=disagreement_id).first()
    if found is None:
        raise NotFound()
    return found


@router.get("/disagreements", response=list[DeskDisagreementOut])
def list_disagreements(request, state: text(12) = "open", limit: int = 200):
    """What later sheets said otherwise than the stored waybill, newest first; `state`
    open (the default), taken or dismissed."""
    _lead_or_reader(request.user)
    if state not in SheetDisagreement.State.values:
        raise DomainError(_("Choose the state: open, taken or dismissed."), field="state")
    rows = _visible_disagreements(request.user).filter(state=state).order_by("-id")
    return [_disagreement_out(row) for row in rows[: max(1, min(limit, 500))]]


@router.post("/disagreements/{disagreement_id}/take", response=DeskDisagreementOut)
def take_sheet_value(request, disagreement_id: Id):
    """The lead takes the sheet's value (an order number re-matches the waybill)."""
    found = _disagreement(request.user, disagreement_id)
    disagreements.take_sheet_value(actor=request.user, disagreement=found, origin=_origin(request))
    return _disagreement_out(_disagreement(request.user, disagreement_id))


@router.post("/disagreements/{disagreement_id}/dismiss", response=DeskDisagreementOut)
def dismiss_disagreement(request, disagreement_id: Id):
    """The lead dismisses the sheet's value: the stored one stays."""
    found = _disagreement(request.user, disagreement_id)
    disagreements.dismiss(actor=request.user, disagreement=found, origin=_origin(request))
    return _disagreement_out(_disagreement(request.user, disagreement_id))


# ------------------------------------------------------------------ merging (D3-1, D3-2)
class DeskMergeIn(Schema):
    into: Id


class DeskMergePairOut(Schema):
    waybill_id: int
    waybill_key: str
    into: int
    into_key: str
    order_number: str


class DeskMergedOut(Schema):
    id: int
    key: str
    tracking_number: str
    order_number: str
    merged: str
    assignee: str | None


@router.get("/merge-pairs", response=list[DeskMergePairOut])
def merge_pairs(request):
    """Waybills known by their order number that a tracking-number waybill also
    carries: `POST /waybills/{waybill_id}/merge` with `into` merges one (the lead)."""
    access.require_lead(request.user)
    return [{"waybill_id": waiting.pk, "waybill_key": waiting.key, "into": numbered.pk,
             "into_key": numbered.key, "order_number": waiting.order_number}
            for waiting, numbered in merging.pairs_to_merge()]  # fmt: skip


@router.post("/waybills/{waybill_id}/merge", response=DeskMergedOut)
def merge(request, waybill_id: Id, payload: DeskMergeIn):
    """Merge the waybill known by its order number (`waybill_id`) into the one known by
    its tracking number (`into`); the first is deleted (the lead)."""
    absorb = access.access_waybill(request.user, waybill_id)
    keep = access.visible_waybills(request.user).filter(pk=payload.into).first()
    if keep is None and access.holds_role(request.user, *access.LEAD_ROLES):
        raise DomainError(_("Waybill %(id)s does not exist.") % {"id": payload.into},
                          field="into")  # fmt: skip
    kept = merging.merge_waybills(actor=request.user, keep=keep, absorb=absorb,
                                  origin=_origin(request))  # fmt: skip
    return {"id": kept.pk, "key": kept.key, "tracking_number": kept.tracking_number,
            "order_number": kept.order_number, "merged": absorb.key,
            "assignee": kept.assignee.username if kept.assignee_id else None}  # fmt: skip


# ------------------------------------------------------------------ order from a call (D3-11)
class DeskOrderIn(Schema):
    """The order line taken in the call: `unit_price` is the list price; a regular
    customer is charged it less the reorder discount (D3-9)."""

    item: Id
    quantity: NumberText
    unit_price: NumberText = "0"
    delivery_date: Day
    note: text(300) = ""


class DeskOrderOut(Schema):
    id: int
    number: str
    customer: str
    list_price: Decimal
    discount_percent: int | None
    unit_price: Decimal
    total_amount: Decimal
    status: str


@router.post("/waybills/{waybill_id}/order", response={201: DeskOrderOut})
def take_order(request, waybill_id: Id, payload: DeskOrderIn):
    """An order taken in a call about the waybill, for its customer, through sales'
    order service; the answer names the order number and the price charged."""
    waybill = access.access_waybill(request.user, waybill_id)
    order = retention.take_order(
        actor=request.user, waybill=waybill, item=payload.item, quantity=payload.quantity,
        unit_price=payload.unit_price, delivery_date=payload.delivery_date, note=payload.note,
        origin=_origin(request),
    )  # fmt: skip
    line = order.lines.get()
    discount = retention.discount_of(order.customer)
    return Status(201, {
        "id": order.pk, "number": order.number, "customer": str(order.customer),
        "list_price": retention.list_price(payload.unit_price),
        "discount_percent": discount.percent if discount else None,
        "unit_price": line.unit_price, "total_amount": order.total_amount,
        "status": order.status,
    })  # fmt: skip
