"""Reads of the inspection plan per order: the gate (`access_plan`), each step's status
from the inspections recorded, the D4-9 count and flag, the D4-2 record per factory and
the D4-14 draft of the order summary."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gendan.core.errors import NotFound
from gendan.core.models import Document
from gendan.quality import access, inspection_trace
from gendan.quality.models import Inspection, Stage, Verdict
from gendan.quality.plan_models import MeetingMinutes, OrderPlan, PlanStepKind, SampleReminder
from gendan.sales.models import FactoryOrder

POSTED = Document.Status.POSTED

STATUS_LABELS = {
    "planned": gettext_lazy("not yet due"),
    "overdue": gettext_lazy("overdue"),
    "missing": gettext_lazy("sample missing"),
    "recorded": gettext_lazy("recorded, waiting for the factory's signature"),
    "signed": gettext_lazy("signed by the factory"),
    "draft": gettext_lazy("minutes being written"),
}


# ---------------------------------------------------------------- the gate
def visible_factory_orders(user):
    rows = FactoryOrder.objects.select_related("order", "factory")
    if access.can_read_all(user):
        return rows
    return rows.filter(factory_id__in=access.factory_ids(user))


def access_plan(user, pk):
    """The plan `pk` if `user` may see it (QC, merchandisers, sales manager, marketing;
    a factory login for its own factory's orders); missing and forbidden look the same."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None
    plan = (
        OrderPlan.objects.select_related("factory_order__order", "factory_order__factory")
        .filter(pk=pk, factory_order__in=visible_factory_orders(user))
        .first()
    )
    if plan is None:
        raise NotFound()
    return plan


def order_factory_orders(user, order_id):
    """The factory orders of sales order `order_id` the user may see, with their plans."""
    rows = list(visible_factory_orders(user).filter(order_id=order_id).order_by("id"))
    plans = {
        plan.factory_order_id: plan
        for plan in OrderPlan.objects.filter(factory_order__in=rows).prefetch_related("steps")
    }
    return [(row, plans.get(row.pk)) for row in rows]


# ---------------------------------------------------------------- a plan's state
@dataclass
class StepView:
    step: object
    status: str
    inspection: object = None
    can_press: bool = False

    @property
    def name(self):
        return self.step.name or self.step.get_kind_display()

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def is_late(self):
        return self.status in ("overdue", "missing")


@dataclass
class PlanView:
    plan: object
    steps: list
    minutes: object
    mid_signed: int
    mid_recorded: int
    can_reach_minimum: bool
    final_on: date | None
    reminders: list = field(default_factory=list)

    @property
    def minimum(self):
        return self.plan.mid_minimum

    @property
    def meeting_on(self):
        return next((s.step.planned_on for s in self.steps if s.step.kind == "meeting"), None)


def plan_view(plan, today=None):
    """Each step with its status: an inspection of that step recorded (waiting for the
    factory) or signed; the n-th mid-production step against the n-th check; the
    meeting from its minutes. Missing pre-production sample: D4-2."""
    today = today or timezone.localdate()
    inspections = list(
        Inspection.objects.filter(factory_order_id=plan.factory_order_id)
        .select_related("document")
        .order_by("inspected_on", "id")
    )
    by_stage = {}
    for row in inspections:
        by_stage.setdefault(row.stage, []).append(row)
    minutes = MeetingMinutes.objects.filter(plan=plan).select_related("document").first()
    steps = [_step_view(step, by_stage, minutes, today) for step in plan.steps.all()]
    mids = by_stage.get(Stage.MID_PRODUCTION, [])
    mid_signed = sum(1 for row in mids if row.document.status == POSTED)
    final_on = next((s.step.planned_on for s in steps if s.step.kind == PlanStepKind.FINAL), None)
    first_mid_on = next(
        (s.step.planned_on for s in steps if s.step.kind == PlanStepKind.MID_PRODUCTION), None
    )
    return PlanView(
        plan=plan, steps=steps, minutes=minutes, mid_signed=mid_signed, mid_recorded=len(mids),
        can_reach_minimum=not inspection_trace.mid_reachability(
            inspections, minimum=plan.mid_minimum, signed=mid_signed, final_due=final_on,
            today=today, not_before=first_mid_on,
        )["cannot_reach"],
        final_on=final_on,
        reminders=list(SampleReminder.objects.filter(plan=plan).select_related("pressed_by")),
    )  # fmt: skip


def _step_view(step, by_stage, minutes, today):
    if step.kind == PlanStepKind.MEETING:
        return StepView(step, _meeting_status(step, minutes, today))
    rows = by_stage.get(step.kind, [])
    if step.kind == PlanStepKind.MID_PRODUCTION:
        rows = rows[step.round_number - 1 : step.round_number]
    if rows:
        signed = [row for row in rows if row.document.status == POSTED]
        inspection = (signed or rows)[-1]
        return StepView(step, "signed" if signed else "recorded", inspection)
    if step.kind == PlanStepKind.PRE_PRODUCTION_SAMPLE and step.planned_on <= today:
        return StepView(step, "missing", can_press=True)
    return StepView(step, "overdue" if step.planned_on < today else "planned")


def _meeting_status(step, minutes, today):
    if minutes is not None:
        status = minutes.document.status
        if status == POSTED:
            return "signed"
        return "recorded" if status == Document.Status.PENDING else "draft"
    return "overdue" if step.planned_on < today else "planned"


# ---------------------------------------------------------------- D4-2 per factory
def sample_reminders_by_factory(user):
    """Per contracted factory: orders planned, orders whose pre-production sample is due
    and not recorded, reminders sent and the last one (a fixed number of queries)."""
    plans = OrderPlan.objects.filter(factory_order__in=visible_factory_orders(user))
    sample = Inspection.objects.filter(
        factory_order_id=OuterRef("factory_order_id"), stage=Stage.PRE_PRODUCTION_SAMPLE
    )
    today = timezone.localdate()
    due = plans.filter(steps__kind=PlanStepKind.PRE_PRODUCTION_SAMPLE,
                       steps__planned_on__lte=today).annotate(has_sample=Exists(sample))  # fmt: skip
    missing = {}
    for factory_id in due.filter(has_sample=False).values_list(
        "factory_order__factory_id", flat=True
    ):
        missing[factory_id] = missing.get(factory_id, 0) + 1
    reminders = {
        row["factory_id"]: row
        for row in SampleReminder.objects.filter(plan__in=plans)
        .values("factory_id")
        .annotate(count=Count("id"), orders=Count("plan", distinct=True), last=Max("pressed_at"))
    }
    rows = []
    factories = plans.values("factory_order__factory_id", "factory_order__factory__name")
    for row in factories.annotate(planned=Count("id")).order_by("factory_order__factory__name"):
        factory_id = row["factory_order__factory_id"]
        pressed = reminders.get(factory_id, {})
        rows.append({"name": row["factory_order__factory__name"], "planned": row["planned"],
                     "missing": missing.get(factory_id, 0), "reminders": pressed.get("count", 0),
                     "pressed_orders": pressed.get("orders", 0), "last": pressed.get("last")})  # fmt: skip
    return rows


def recent_reminders(user, limit=50):
    plans = OrderPlan.objects.filter(factory_order__in=visible_factory_orders(user))
    return list(
        SampleReminder.objects.filter(plan__in=plans)
        .select_related("factory", "pressed_by", "plan__factory_order__order")
        .order_by("-pressed_at", "-id")[:limit]
    )


# ---------------------------------------------------------------- D4-14 the draft
def draft_summary(order, plans_views):
    """A first draft of the summary from the order's inspections, minutes, reminders and
    the plan's timeline: the merchandiser edits it before sending."""
    inspections = list(
        Inspection.objects.filter(order=order)
        .select_related("document", "factory")
        .prefetch_related("defects")
        .order_by("inspected_on", "id")
    )
    failed = [row for row in inspections if row.verdict == Verdict.FAILED]
    problems = []
    for row in inspections:
        for defect in row.defects.all():
            problems.append(f"{row.inspected_on} {row.get_stage_display()}："
                            f"{defect.get_defect_class_display()} {defect.description} ×{defect.count}")  # fmt: skip
    responses = [f"{row.inspected_on} {row.get_stage_display()} {row.note}".strip()
                 for row in inspections if row.note]  # fmt: skip
    cooperation = []
    for view in plans_views:
        cooperation.extend(_cooperation_lines(view))
    handling = _(
        "%(count)s inspections, %(passed)s passed and %(failed)s failed; mid-production "
        "reports signed by the factory: %(mid)s."
    ) % {"count": len(inspections), "passed": len(inspections) - len(failed),
         "failed": len(failed),
         "mid": "、".join(f"{v.mid_signed}/{v.minimum}" for v in plans_views) or "0"}  # fmt: skip
    return {"cooperation": "\n".join(cooperation), "problems": "\n".join(problems),
            "responses": "\n".join(responses), "handling": handling}  # fmt: skip


def _cooperation_lines(view):
    factory = view.plan.factory_order.factory.name
    lines = []
    late = [s for s in view.steps if s.is_late]
    if late:
        names = "、".join(s.name for s in late)
        lines.append(_("%(factory)s: steps not done on time: %(steps)s.")
                     % {"factory": factory, "steps": names})  # fmt: skip
    if view.reminders:
        lines.append(_("%(factory)s was pressed %(count)s times for the pre-production sample.")
                     % {"factory": factory, "count": len(view.reminders)})  # fmt: skip
    if view.minutes is not None and view.minutes.document.status == POSTED:
        lines.append(_("%(factory)s signed the pre-production meeting minutes of %(day)s.")
                     % {"factory": factory, "day": view.minutes.held_on})  # fmt: skip
    return lines


def plans_with_missing_sample(user):
    """Plans whose pre-production sample is due and not recorded (the D4-2 list)."""
    sample = Inspection.objects.filter(
        factory_order_id=OuterRef("factory_order_id"), stage=Stage.PRE_PRODUCTION_SAMPLE
    )
    return (
        OrderPlan.objects.filter(factory_order__in=visible_factory_orders(user))
        .filter(
            Q(steps__kind=PlanStepKind.PRE_PRODUCTION_SAMPLE)
            & Q(steps__planned_on__lte=timezone.localdate())
        )  # fmt: skip
        .annotate(has_sample=Exists(sample))
        .filter(has_sample=False)
        .select_related("factory_order__order", "factory_order__factory")
    )
