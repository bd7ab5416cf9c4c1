"""/api/v1/quality/plans: the inspection plan per order over the API (D4-2, D4-5, D4-8,
D4-9, D4-14) — the same services and gate as the pages. Mounted by gendan/api/api.py
(`api.add_router("/quality/plans", plan_router)`)."""

from datetime import date as _date

from ninja import Router, Schema, Status

from gendan.core.audit import Origin
from gendan.core.errors import NotFound
from gendan.quality import access
from gendan.quality import plan_queries as queries
from gendan.quality import plan_services as services
from gendan.quality.plan_models import MeetingMinutes, OrderReport
from gendan.sales.models import Order

router = Router(tags=["quality"])


class PlanIn(Schema):
    factory_order: int
    production_start: _date


class StepOut(Schema):
    position: int
    kind: str
    name: str
    round_number: int
    planned_on: _date
    status: str
    status_name: str
    inspection_id: int | None


class PlanOut(Schema):
    id: int
    order: str
    order_id: int
    factory: str
    production_start: _date
    quantity: int
    mid_minimum: int
    mid_interval: int
    mid_signed: int
    can_reach_minimum: bool
    steps: list[StepOut]


class MinutesIn(Schema):
    held_on: _date
    attendees: str
    critical_points: str
    sample_issues: str = ""
    customer_requirements: str = ""


class MinutesOut(Schema):
    id: int
    number: str
    status: str
    held_on: _date
    attendees: str
    critical_points: str
    sample_issues: str
    customer_requirements: str


class NoteIn(Schema):
    note: str = ""


class ReasonIn(Schema):
    reason: str


class ReminderOut(Schema):
    id: int
    factory: str
    due_on: _date
    sent_to: str


class SummaryIn(Schema):
    cooperation: str = ""
    problems: str = ""
    responses: str = ""
    handling: str = ""


class SummaryOut(SummaryIn):
    order: str
    status: str
    sent_to: str
    is_saved: bool


def _plan_out(plan):
    view = queries.plan_view(plan)
    steps = [
        {"position": s.step.position, "kind": s.step.kind, "name": str(s.name),
         "round_number": s.step.round_number, "planned_on": s.step.planned_on,
         "status": s.status, "status_name": str(s.status_label),
         "inspection_id": s.inspection.pk if s.inspection else None}
        for s in view.steps
    ]  # fmt: skip
    factory_order = plan.factory_order
    return {
        "id": plan.pk, "order": factory_order.order.number, "order_id": factory_order.order_id,
        "factory": factory_order.factory.name, "production_start": plan.production_start,
        "quantity": plan.quantity, "mid_minimum": plan.mid_minimum,
        "mid_interval": plan.mid_interval, "mid_signed": view.mid_signed,
        "can_reach_minimum": view.can_reach_minimum, "steps": steps,
    }  # fmt: skip


def _minutes_out(minutes):
    return {
        "id": minutes.pk, "number": minutes.document.number, "status": minutes.document.status,
        "held_on": minutes.held_on, "attendees": minutes.attendees,
        "critical_points": minutes.critical_points, "sample_issues": minutes.sample_issues,
        "customer_requirements": minutes.customer_requirements,
    }  # fmt: skip


def _minutes_of(request, plan_id):
    plan = queries.access_plan(request.user, plan_id)
    minutes = MeetingMinutes.objects.filter(plan=plan).select_related("document").first()
    if minutes is None:
        raise NotFound()
    minutes.plan = plan
    return minutes


@router.get("", response=list[PlanOut], summary="Inspection plans I may see")
def list_plans(request, order: int | None = None):
    factory_orders = queries.visible_factory_orders(request.user)
    if order is not None:
        factory_orders = factory_orders.filter(order_id=order)
    plans = queries.OrderPlan.objects.filter(factory_order__in=factory_orders).select_related(
        "factory_order__order", "factory_order__factory"
    )
    return [_plan_out(plan) for plan in plans[:50]]


@router.post("", response={201: PlanOut}, summary="Make an order's plan from the template")
def make_plan(request, payload: PlanIn):
    factory_order = queries.visible_factory_orders(request.user).filter(pk=payload.factory_order)
    if not factory_order.exists():
        raise NotFound()
    plan = services.make_plan(actor=request.user, factory_order=payload.factory_order,
                              production_start=payload.production_start,
                              origin=Origin.from_request(request))  # fmt: skip
    return Status(201, _plan_out(queries.access_plan(request.user, plan.pk)))


@router.get("/{plan_id}", response=PlanOut)
def plan_detail(request, plan_id: int):
    return _plan_out(queries.access_plan(request.user, plan_id))


@router.post("/{plan_id}/press", response={201: ReminderOut}, summary="D4-2: press for the sample")
def press_for_sample(request, plan_id: int):
    plan = queries.access_plan(request.user, plan_id)
    reminder = services.press_for_sample(actor=request.user, plan=plan,
                                         origin=Origin.from_request(request))  # fmt: skip
    return Status(201, {"id": reminder.pk, "factory": reminder.factory.name,
                        "due_on": reminder.due_on, "sent_to": reminder.sent_to})  # fmt: skip


@router.post("/{plan_id}/minutes", response={201: MinutesOut}, summary="D4-5: write the minutes")
def write_minutes(request, plan_id: int, payload: MinutesIn):
    plan = queries.access_plan(request.user, plan_id)
    minutes = services.write_minutes(actor=request.user, plan=plan,
                                     origin=Origin.from_request(request), **payload.dict())  # fmt: skip
    return Status(201, _minutes_out(minutes))


@router.post("/{plan_id}/minutes/sign", response=MinutesOut, summary="D4-5: the factory signs")
def sign_minutes(request, plan_id: int, payload: NoteIn):
    minutes = _minutes_of(request, plan_id)
    services.sign_minutes(actor=request.user, minutes=minutes, note=payload.note,
                          origin=Origin.from_request(request))  # fmt: skip
    return _minutes_out(_minutes_of(request, plan_id))


@router.post("/{plan_id}/minutes/refuse", response=MinutesOut)
def refuse_minutes(request, plan_id: int, payload: ReasonIn):
    minutes = _minutes_of(request, plan_id)
    services.refuse_minutes(actor=request.user, minutes=minutes, reason=payload.reason,
                            origin=Origin.from_request(request))  # fmt: skip
    return _minutes_out(_minutes_of(request, plan_id))


def _order_for_summary(request, order_id):
    order = Order.objects.filter(pk=order_id).first()
    if order is None or not access.can_read_all(request.user):
        raise NotFound()
    return order


def _summary_out(order, report, texts):
    return {"order": order.number, "status": report.status if report else "draft",
            "sent_to": report.sent_to if report else "", "is_saved": report is not None,
            **texts}  # fmt: skip


@router.get("/summaries/{order_id}", response=SummaryOut, summary="D4-14: the order summary")
def summary(request, order_id: int):
    order = _order_for_summary(request, order_id)
    report = OrderReport.objects.filter(order=order).first()
    if report is not None:
        texts = {name: getattr(report, name) for name in services.SUMMARY_FIELDS}
    else:
        views = [queries.plan_view(plan) for _fo, plan in
                 queries.order_factory_orders(request.user, order.pk) if plan]  # fmt: skip
        texts = queries.draft_summary(order, views)
    return _summary_out(order, report, texts)


@router.put("/summaries/{order_id}", response=SummaryOut)
def save_summary(request, order_id: int, payload: SummaryIn):
    order = _order_for_summary(request, order_id)
    report = services.save_summary(actor=request.user, order=order, texts=payload.dict(),
                                   origin=Origin.from_request(request))  # fmt: skip
    return _summary_out(order, report, payload.dict())


@router.post("/summaries/{order_id}/send", response=SummaryOut)
def send_summary(request, order_id: int):
    order = _order_for_summary(request, order_id)
    report = services.send_summary(actor=request.user, order=order,
                                   origin=Origin.from_request(request))  # fmt: skip
    return _summary_out(order, report, {n: getattr(report, n) for n in services.SUMMARY_FIELDS})
