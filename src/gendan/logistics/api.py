"""/api/v1/logistics: sheets, waybills, handing out, follow-ups, errors, urging and the
monthly and weekly figures, problems — the same services and queries as the pages (D3)."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from gendan.core import audit
from gendan.core.errors import PermissionDenied
from gendan.logistics import (
    access,
    api_desk,
    distribution,
    importing,
    problems,
    queries,
    reports,
    services,
)
from gendan.logistics.models import AuditError, UrgeRequest

router = Router(tags=["logistics"])


class ImportOut(Schema):
    id: int
    file_name: str
    created: int
    updated: int
    unchanged: int
    is_repeat: bool


class WaybillOut(Schema):
    id: int
    tracking_number: str
    order_number: str
    carrier: str
    consignee: str
    phone: str
    status: str
    status_text: str
    matched_by: str
    order: str | None
    assignee: str | None
    followup_status: str
    followed_at: datetime.datetime | None


class FollowUpIn(Schema):
    status: str
    note: str = ""
    is_interested: bool = False


class UrgeIn(Schema):
    note: str = ""
    is_same_day: bool = False


class AnswerIn(Schema):
    answer: str


class DayIn(Schema):
    day: datetime.date | None = None


class AssignedCountOut(Schema):
    count: int


class FollowUpErrorOut(Schema):
    id: int
    day: datetime.date
    person: str
    waybill: str
    kind: str
    state: str


class UrgeOut(Schema):
    id: int
    waybill: str
    note: str
    is_same_day: bool
    answer: str


class FigureOut(Schema):
    key: str
    label: str
    this_month: int
    last_month: int
    change_percent: int | None
    is_anomaly: bool


def _origin(request):
    return audit.Origin.from_request(request)


def _waybill_out(user, waybill):
    return {
        **{name: getattr(waybill, name) for name in (
            "id", "tracking_number", "order_number", "carrier", "consignee", "status",
            "status_text", "matched_by", "followup_status", "followed_at")},
        "phone": access.shown_phone(user, waybill.phone),
        "order": waybill.order.number if waybill.order_id else None,
        "assignee": waybill.assignee.username if waybill.assignee_id else None,
    }  # fmt: skip


@router.post("/sheets", response={201: ImportOut})
def import_sheet(request, file: File[UploadedFile]):
    """Import a day's tracking sheet: all or nothing; the same file again changes nothing."""
    result = importing.import_sheet(
        actor=request.user, file_bytes=file.read(), file_name=file.name or "sheet",
        origin=_origin(request),
    )  # fmt: skip
    return Status(201, {
        "id": result.tracking_import.pk, "file_name": result.tracking_import.file_name,
        "created": result.created, "updated": result.updated, "unchanged": result.unchanged,
        "is_repeat": result.is_repeat,
    })  # fmt: skip


@router.get("/waybills", response=list[WaybillOut])
def list_waybills(request, mine: bool = False, unmatched: bool = False, limit: int = 100):
    rows = queries.queue(request.user) if mine else access.visible_waybills(request.user)
    if unmatched:
        rows = rows.filter(matched_by="")
    rows = rows.select_related("order", "assignee")[: max(1, min(limit, 500))]
    return [_waybill_out(request.user, waybill) for waybill in rows]


@router.get("/waybills/{waybill_id}", response=WaybillOut)
def get_waybill(request, waybill_id: int):
    return _waybill_out(request.user, access.access_waybill(request.user, waybill_id))


@router.post("/waybills/{waybill_id}/follow-up", response=WaybillOut)
def follow_up(request, waybill_id: int, payload: FollowUpIn):
    waybill = access.access_waybill(request.user, waybill_id)
    waybill = services.record_followup(
        actor=request.user, waybill=waybill, status=payload.status, note=payload.note,
        is_interested=payload.is_interested, origin=_origin(request),
    )  # fmt: skip
    return _waybill_out(request.user, waybill)


@router.post("/waybills/{waybill_id}/urge", response={201: UrgeOut})
def urge(request, waybill_id: int, payload: UrgeIn):
    waybill = access.access_waybill(request.user, waybill_id)
    made = services.request_urge(actor=request.user, waybill=waybill, note=payload.note,
                                 is_same_day=payload.is_same_day, origin=_origin(request))  # fmt: skip
    return Status(201, _urge_out(made))


@router.post("/assignment/distribute", response=AssignedCountOut)
def distribute(request, payload: DayIn):
    """Hand out the open waybills around leave and leavers (the team lead)."""
    day = payload.day or timezone.localdate()
    return {"count": distribution.distribute(actor=request.user, day=day, origin=_origin(request))}


@router.post("/errors/audit", response=AssignedCountOut)
def run_audit(request, payload: DayIn):
    day = payload.day or timezone.localdate()
    return {"count": services.run_audit(actor=request.user, day=day, origin=_origin(request))}


@router.get("/errors", response=list[FollowUpErrorOut])
def list_errors(request):
    rows = AuditError.objects.select_related("person", "waybill")
    if not access.can_read_all(request.user):
        rows = rows.filter(person=request.user)
    return [
        {"id": e.pk, "day": e.day, "person": e.person.username, "waybill": str(e.waybill),
         "kind": e.kind, "state": e.state}
        for e in rows[:500]
    ]  # fmt: skip


def _urge_out(made):
    return {"id": made.pk, "waybill": str(made.waybill), "note": made.note,
            "is_same_day": made.is_same_day, "answer": made.answer}  # fmt: skip


@router.get("/urging", response=list[UrgeOut])
def urging_list(request):
    return [_urge_out(made) for made in queries.urging_list(request.user)]


@router.post("/urging/{urge_id}/answer", response=UrgeOut)
def answer_urge(request, urge_id: int, payload: AnswerIn):
    """Logistics' answer to an urging request, fed back to the order taker (D3-4)."""
    made = get_object_or_404(UrgeRequest, pk=urge_id)
    access.access_waybill(request.user, made.waybill_id)
    return _urge_out(services.answer_urge(actor=request.user, urge=made, answer=payload.answer,
                                          origin=_origin(request)))  # fmt: skip


@router.get("/reports/month", response=list[FigureOut])
def month_report(request, day: datetime.date | None = None):
    if not access.can_read_all(request.user):
        raise PermissionDenied()
    return [row.__dict__ for row in reports.compare_months(day or timezone.localdate())]


@router.get("/reports/week", response=list[FigureOut])
def week_report(request, day: datetime.date | None = None):
    """The ISO week of `day` against the week before (D3-7, D3-10)."""
    if not access.can_read_all(request.user):
        raise PermissionDenied()
    return [row.__dict__ for row in reports.compare_weeks(day or timezone.localdate())]


class WaybillProblemIn(Schema):
    kind: str
    note: str = ""


class WaybillProblemOut(Schema):
    id: int
    waybill: str
    kind: str
    note: str
    state: str
    reported_by: str
    reported_at: datetime.datetime


def _problem_out(problem):
    return {"id": problem.pk, "waybill": str(problem.waybill), "kind": problem.kind,
            "note": problem.note, "state": problem.state,
            "reported_by": problem.reported_by.username, "reported_at": problem.reported_at}  # fmt: skip


@router.get("/problems", response=list[WaybillProblemOut])
def list_problems(request, state: str = ""):
    """Problems of the waybills this user sees (D3-3), newest first."""
    rows = problems.visible_problems(request.user).select_related("waybill", "reported_by")
    if state:
        rows = rows.filter(state=state)
    return [_problem_out(problem) for problem in rows[:500]]


@router.post("/waybills/{waybill_id}/problems", response={201: WaybillProblemOut})
def record_problem(request, waybill_id: int, payload: WaybillProblemIn):
    """Log a problem of a waybill (D3-3); a photo is added on the page."""
    waybill = access.access_waybill(request.user, waybill_id)
    made = problems.record_problem(actor=request.user, waybill=waybill, kind=payload.kind,
                                   note=payload.note, origin=_origin(request))  # fmt: skip
    return Status(201, _problem_out(made))


router.add_router("", api_desk.router)  # the desk's later operations (issue 13's rest)
