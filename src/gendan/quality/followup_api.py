"""/api/v1/quality (follow-ups): the packing list count (D4-1), production problems
(D4-6), customer complaints traced back (D4-12). Same services and gates as the pages;
refusals answer through the API's refusal handler."""

from datetime import date as _date

from ninja import Router, Schema, Status

from gendan.core.actions import perform
from gendan.core.errors import NotFound
from gendan.quality import access, followup_queries, followup_services
from gendan.quality.followup_models import FabricCount

router = Router(tags=["quality"])


class PackingLineIn(Schema):
    material: str
    colour_lot: str = ""
    expected_quantity: str
    unit: str
    counted_quantity: str = ""
    width_specified: str = ""
    width_measured: str = ""
    defects: str = ""


class PackingListIn(Schema):
    lines: list[PackingLineIn]


class CountIn(Schema):
    position: int
    counted_quantity: str = ""
    width_measured: str = ""
    defects: str = ""


class CountsIn(Schema):
    counts: list[CountIn]


class PackingLineOut(Schema):
    position: int
    material: str
    colour_lot: str
    expected_quantity: str
    unit: str
    counted_quantity: str | None
    shortage: str
    width_specified: str | None
    width_measured: str | None
    defects: str


class PackingListOut(Schema):
    inspection: int
    is_confirmed: bool
    confirmed_at: str | None
    sent_to: str
    lines: list[PackingLineOut]


def _text(number):
    return None if number is None else f"{number.normalize():f}"


def _packing_out(inspection):
    count = FabricCount.objects.filter(inspection=inspection).first()
    return {
        "inspection": inspection.pk,
        "is_confirmed": count is not None,
        "confirmed_at": count.confirmed_at.isoformat() if count else None,
        "sent_to": count.sent_to if count else "",
        "lines": [
            {"position": line.position, "material": line.material, "colour_lot": line.colour_lot,
             "expected_quantity": _text(line.expected_quantity), "unit": line.unit,
             "counted_quantity": _text(line.counted_quantity), "shortage": _text(line.shortage),
             "width_specified": _text(line.width_specified),
             "width_measured": _text(line.width_measured), "defects": line.defects}
            for line in inspection.packing_lines.all()
        ],
    }  # fmt: skip


@router.get("/inspections/{inspection_id}/packing-list", response=PackingListOut)
def get_packing_list(request, inspection_id: int):
    return _packing_out(access.access_inspection(request.user, inspection_id))


@router.put("/inspections/{inspection_id}/packing-list", response=PackingListOut,
            summary="Enter the packing list (D4-1)")  # fmt: skip
def put_packing_list(request, inspection_id: int, payload: PackingListIn):
    inspection = access.access_inspection(request.user, inspection_id)
    lines = [line.dict() for line in payload.lines]
    perform(request, lambda origin: followup_services.save_packing_list(
        actor=request.user, inspection=inspection, lines=lines, origin=origin))  # fmt: skip
    return _packing_out(inspection)


@router.post("/inspections/{inspection_id}/packing-list/count", response=PackingListOut)
def post_count(request, inspection_id: int, payload: CountsIn):
    inspection = access.access_inspection(request.user, inspection_id)
    counts = {row.position: row.dict() for row in payload.counts}
    perform(request, lambda origin: followup_services.record_count(
        actor=request.user, inspection=inspection, counts=counts, origin=origin))  # fmt: skip
    return _packing_out(inspection)


@router.post("/inspections/{inspection_id}/packing-list/confirm", response=PackingListOut)
def post_confirm(request, inspection_id: int):
    inspection = access.access_inspection(request.user, inspection_id)
    perform(request, lambda origin: followup_services.confirm_fabric_count(
        actor=request.user, inspection=inspection, origin=origin))  # fmt: skip
    return _packing_out(inspection)


# ---------------------------------------------------------------- D4-6
class ProblemIn(Schema):
    factory_order: int
    process: str
    description: str
    responsible: str
    due_on: _date
    inspection: int | None = None


class ProblemOut(Schema):
    id: int
    order: str
    factory: str
    process: str
    description: str
    responsible: str
    due_on: _date
    state: str
    state_name: str
    age_days: int
    is_overdue: bool
    resolution: str
    close_note: str


class ProblemNoteIn(Schema):
    note: str = ""


def _problem_out(row):
    problem = row.problem
    return {
        "id": problem.pk, "order": problem.order.number, "factory": problem.factory.name,
        "process": problem.process, "description": problem.description,
        "responsible": problem.responsible, "due_on": problem.due_on, "state": problem.state,
        "state_name": str(problem.get_state_display()), "age_days": row.age_days,
        "is_overdue": row.is_overdue, "resolution": problem.resolution,
        "close_note": problem.close_note,
    }  # fmt: skip


def _one(request, problem_id):
    problem = access.access_problem(request.user, problem_id)
    return _problem_out(followup_queries.with_ages([problem])[0])


@router.get("/problems", response=list[ProblemOut], summary="Production problems (D4-6)")
def list_problems(request, factory: int | None = None, order: int | None = None,
                  state: str = followup_queries.NOT_CLOSED, q: str = ""):  # fmt: skip
    rows = followup_queries.problems(request.user, factory=factory, order=order, state=state,
                                     text=q[:100])  # fmt: skip
    return [_problem_out(row) for row in followup_queries.with_ages(rows[:500])]


@router.post("/problems", response={201: ProblemOut})
def open_problem(request, payload: ProblemIn):
    if not access.can_record(request.user):
        raise NotFound()
    inspection = None
    if payload.inspection is not None:
        inspection = access.access_inspection(request.user, payload.inspection)
    problem = perform(request, lambda origin: followup_services.open_problem(
        actor=request.user, factory_order=payload.factory_order, process=payload.process,
        description=payload.description, responsible=payload.responsible,
        due_on=payload.due_on, inspection=inspection, origin=origin))  # fmt: skip
    return Status(201, _one(request, problem.pk))


@router.get("/problems/{problem_id}", response=ProblemOut)
def get_problem(request, problem_id: int):
    return _one(request, problem_id)


@router.post("/problems/{problem_id}/resolve", response=ProblemOut)
def resolve_problem(request, problem_id: int, payload: ProblemNoteIn):
    problem = access.access_problem(request.user, problem_id)
    perform(request, lambda origin: followup_services.resolve_problem(
        actor=request.user, problem=problem, resolution=payload.note, origin=origin))  # fmt: skip
    return _one(request, problem_id)


@router.post("/problems/{problem_id}/close", response=ProblemOut)
def close_problem(request, problem_id: int, payload: ProblemNoteIn):
    problem = access.access_problem(request.user, problem_id)
    perform(request, lambda origin: followup_services.close_problem(
        actor=request.user, problem=problem, note=payload.note, origin=origin))  # fmt: skip
    return _one(request, problem_id)


@router.post("/problems/{problem_id}/reopen", response=ProblemOut)
def reopen_problem(request, problem_id: int, payload: ProblemNoteIn):
    problem = access.access_problem(request.user, problem_id)
    perform(request, lambda origin: followup_services.reopen_problem(
        actor=request.user, problem=problem, reason=payload.note, origin=origin))  # fmt: skip
    return _one(request, problem_id)


# ---------------------------------------------------------------- D4-12
class ComplaintIn(Schema):
    received_on: _date
    description: str
    defect_class: str
    category: str
    factory_order: int | None = None


class CheckOut(Schema):
    step: str
    step_name: str
    outcome: str
    inspections: list[str]


class ComplaintOut(Schema):
    id: int
    received_on: _date
    description: str
    defect_class: str
    category: str
    checks: list[CheckOut]


def _complaints_out(request, order_id):
    from gendan.quality import queries

    rows = queries.order_summary(
        order_id, access.visible_inspections(request.user, queries.inspections())
    )["inspections"]
    return [
        {"id": t["complaint"].pk, "received_on": t["complaint"].received_on,
         "description": t["complaint"].description, "defect_class": t["complaint"].defect_class,
         "category": t["complaint"].category,
         "checks": [{"step": c["step"], "step_name": str(c["stage"]), "outcome": c["outcome"],
                     "inspections": [row.document.number for row in c["inspections"]]}
                    for c in t["checks"]]}
        for t in followup_queries.complaint_traces(order_id, rows)
    ]  # fmt: skip


@router.get("/orders/{order_id}/complaints", response=list[ComplaintOut],
            summary="Customer complaints traced back (D4-12)")  # fmt: skip
def list_complaints(request, order_id: int):
    if not access.can_read_all(request.user):
        raise NotFound()
    return _complaints_out(request, order_id)


@router.post("/orders/{order_id}/complaints", response={201: list[ComplaintOut]})
def record_complaint(request, order_id: int, payload: ComplaintIn):
    perform(request, lambda origin: followup_services.record_complaint(
        actor=request.user, order=order_id, origin=origin, **payload.dict()))  # fmt: skip
    return Status(201, _complaints_out(request, order_id))
