"""/api/v1/quality: the sampling plan calculator (same engine as `gendan aql` and the page)."""

from datetime import date as _date

from django.utils import timezone
from ninja import Query, Router, Schema, Status

from gendan.core.audit import Origin
from gendan.core.errors import DomainError
from gendan.quality import access, queries, reports, services
from gendan.quality.labels import SEVERITY_LABELS, SWITCH_REASONS, input_error_message
from gendan.quality.models import DailyReport
from gendan.quality.sampling import SamplingInputError, sampling_plan

router = Router(tags=["quality"])


class SamplingPlanQuery(Schema):
    lot_size: int
    level: str = "II"
    aql: str = "2.5"
    severity: str = "normal"
    standard: str = "gb2828"


class SamplingPlanOut(Schema):
    standard: str
    severity: str
    level: str
    aql: str
    lot_size: int
    code_letter: str
    plan_code_letter: str
    table_sample_size: int
    sample_size: int
    full_inspection: bool
    ac: int
    re: int
    arrow: str


@router.get(
    "/sampling-plan", response=SamplingPlanOut, summary="GB/T 2828.1 / Z1.4 single sampling plan"
)
def get_sampling_plan(request, params: Query[SamplingPlanQuery]):
    try:
        plan = sampling_plan(
            lot_size=params.lot_size, level=params.level, aql=params.aql,
            severity=params.severity, standard=params.standard,
        )  # fmt: skip
    except SamplingInputError as error:
        raise DomainError(input_error_message(error), field=error.code) from None
    return plan.as_dict()


# ---------------------------------------------------------------- inspections (D4)
class DefectIn(Schema):
    defect_class: str
    category: str = "other"
    description: str
    count: int = 1


class MeasurementIn(Schema):
    point: str
    size: str = ""
    specified: str
    tolerance: str
    measured: str


class InspectionIn(Schema):
    factory_order: int
    stage: str
    inspected_on: _date | None = None
    lot_size: int
    packed_quantity: int | None = None
    level: str = "II"
    defects: list[DefectIn] = []
    measurements: list[MeasurementIn] = []
    note: str = ""
    reinspection_of: int | None = None


class DefectOut(Schema):
    defect_class: str
    category: str
    description: str
    count: int


class InspectionOut(Schema):
    id: int
    number: str
    status: str
    order: str
    factory: str
    stage: str
    stage_name: str
    inspected_on: _date
    lot_size: int
    packed_quantity: int | None
    sample_size: int
    severity: str
    severity_name: str
    severity_reason: str
    plan: dict
    verdict: str
    defects: list[DefectOut]


class InspectionSignIn(Schema):
    note: str = ""


class RefuseIn(Schema):
    reason: str


class DailyReportOut(Schema):
    id: int
    report_date: _date
    send_on: _date
    author: str
    status: str
    is_late: bool
    sent_at: str | None
    text: str


def _inspection_out(row):
    return {
        "id": row.pk,
        "number": row.document.number,
        "status": row.document.status,
        "order": row.order.number,
        "factory": row.factory.name,
        "stage": row.stage,
        "stage_name": str(row.get_stage_display()),
        "inspected_on": row.inspected_on,
        "lot_size": row.lot_size,
        "packed_quantity": row.packed_quantity,
        "sample_size": row.sample_size,
        "severity": row.severity,
        "severity_name": str(SEVERITY_LABELS.get(row.severity, "")),
        "severity_reason": str(SWITCH_REASONS.get(row.severity_reason, "")),
        "plan": row.plan,
        "verdict": row.verdict,
        "defects": [
            {
                "defect_class": d.defect_class,
                "category": d.category,
                "description": d.description,
                "count": d.count,
            }
            for d in row.defects.all()
        ],  # fmt: skip
    }


@router.get("/inspections", response=list[InspectionOut], summary="Inspections I may see")
def list_inspections(request, order: int | None = None):
    rows = access.visible_inspections(request.user, queries.inspections())
    if order is not None:
        rows = rows.filter(order_id=order)
    return [_inspection_out(row) for row in rows[:200]]


@router.get("/inspections/{inspection_id}", response=InspectionOut)
def inspection_detail(request, inspection_id: int):
    return _inspection_out(access.access_inspection(request.user, inspection_id))


@router.post("/inspections", response={201: InspectionOut}, summary="Record an inspection (D4)")
def record_inspection(request, payload: InspectionIn):
    data = payload.dict()
    data["defects"] = [row for row in data["defects"]]
    inspection = services.record_inspection(
        actor=request.user, origin=Origin.from_request(request), **data
    )
    return Status(201, _inspection_out(access.access_inspection(request.user, inspection.pk)))


@router.post("/inspections/{inspection_id}/sign", response=InspectionOut)
def sign_inspection(request, inspection_id: int, payload: InspectionSignIn):
    inspection = access.access_inspection(request.user, inspection_id)
    services.sign_report(actor=request.user, inspection=inspection, note=payload.note,
                         origin=Origin.from_request(request))  # fmt: skip
    return _inspection_out(access.access_inspection(request.user, inspection_id))


@router.post("/inspections/{inspection_id}/refuse", response=InspectionOut)
def refuse_inspection(request, inspection_id: int, payload: RefuseIn):
    inspection = access.access_inspection(request.user, inspection_id)
    services.refuse_report(actor=request.user, inspection=inspection, reason=payload.reason,
                           origin=Origin.from_request(request))  # fmt: skip
    return _inspection_out(access.access_inspection(request.user, inspection_id))


@router.get("/daily-reports", response=list[DailyReportOut], summary="Daily report (D4-13)")
def daily_reports(request, send_on: _date | None = None):
    if not access.can_read_all(request.user):
        return []
    send_on = send_on or timezone.localdate()
    rows = DailyReport.objects.filter(send_on=send_on).select_related("author")
    return [
        {"id": r.pk, "report_date": r.report_date, "send_on": r.send_on,
         "author": r.author.get_full_name() or r.author.username, "status": r.status,
         "is_late": r.is_late, "sent_at": r.sent_at.isoformat() if r.sent_at else None,
         "text": r.body or reports.compose(r)}
        for r in rows
    ]  # fmt: skip


from gendan.quality.followup_api import router as followup_router  # noqa: E402

router.add_router("", followup_router)  # D4-1, D4-6, D4-12
