"""One proposed date of an order's inspection plan moved by hand (the merchandiser or
QC), within the rules of its step:

- every date is a Chinese working day (core working calendar);
- the fabric check and the pre-production sample come before production starts; the
  meeting keeps its D4-5 window (1–3 working days before the start);
- early production, the first piece and the mid-production checks fall from the
  production start up to the factory due date; a mid-production check is 3 to 6 working
  days after the one before it (D4-8);
- the shipping sample, the final inspection and the finished-goods inspection are on or
  before the factory due date.
A refused date changes nothing; a moved one leaves an audit row.
"""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from gendan.core import audit
from gendan.core.calendar import WorkingCalendar
from gendan.core.errors import DomainError, NotFound
from gendan.quality.plan_models import OrderPlan, PlanStepKind
from gendan.quality.plan_services import (
    MID_INTERVAL_RANGE,
    _clean_date,
    _require_writer,
    check_meeting_date,
)

BEFORE_START = (PlanStepKind.FABRIC, PlanStepKind.PRE_PRODUCTION_SAMPLE)
IN_PRODUCTION = (PlanStepKind.EARLY_PRODUCTION, PlanStepKind.FIRST_PIECE,
                 PlanStepKind.MID_PRODUCTION)  # fmt: skip


def _refuse(message, **values):
    raise DomainError(message % values, field="planned_on")


def check_step_date(plan, step, day, calendar=None):
    calendar = calendar or WorkingCalendar()
    start, due = plan.production_start, plan.factory_order.due_date
    if step.kind == PlanStepKind.MEETING:
        check_meeting_date(day, start)
        return
    if not calendar.is_working_day(day):
        _refuse(_("%(day)s is not a working day."), day=day)
    if step.kind in BEFORE_START and day >= start:
        _refuse(_("%(step)s comes before production starts on %(start)s."), step=step.name,
                start=start)  # fmt: skip
    if step.kind in IN_PRODUCTION and not start <= day <= due:
        _refuse(_("%(step)s falls from the production start %(start)s to the factory due "
                  "date %(due)s."), step=step.name, start=start, due=due)  # fmt: skip
    if step.kind not in IN_PRODUCTION and day > due:
        _refuse(_("%(step)s is on or before the factory due date %(due)s."), step=step.name,
                due=due)  # fmt: skip
    if step.kind == PlanStepKind.MID_PRODUCTION:
        _check_mid_interval(plan, step, day, calendar)


def _check_mid_interval(plan, step, day, calendar):
    previous = plan.steps.filter(kind=PlanStepKind.MID_PRODUCTION,
                                 round_number=step.round_number - 1).first()  # fmt: skip
    if previous is None:
        return
    low, high = MID_INTERVAL_RANGE
    earliest = calendar.add_working_days(previous.planned_on, low)
    latest = calendar.add_working_days(previous.planned_on, high)
    if not earliest <= day <= latest:
        _refuse(_("Mid-production checks are 3 to 6 working days apart (D4-8): after the "
                  "check on %(previous)s this one is from %(earliest)s to %(latest)s."),
                previous=previous.planned_on, earliest=earliest, latest=latest)  # fmt: skip


def set_step_date(*, actor, plan, step_id, planned_on, origin=None):
    """Move one step of the plan to `planned_on` (see the module's rules)."""
    _require_writer(actor)
    day = _clean_date(planned_on, "planned_on", _("Planned on"))
    if not isinstance(day, date):
        raise DomainError(_("Enter a date."), field="planned_on")
    with transaction.atomic():
        plan = OrderPlan.objects.select_for_update().select_related("factory_order").get(pk=plan.pk)
        step = plan.steps.filter(pk=step_id).first()
        if step is None:
            raise NotFound()
        check_step_date(plan, step, day)
        before = str(step.planned_on)
        step.planned_on = day
        step.save(update_fields=["planned_on"])
        audit.record(actor=actor, action="inspection_plan.step_date", obj=plan, origin=origin,
                     before={"step": step.name, "planned_on": before},
                     after={"step": step.name, "planned_on": str(day)})  # fmt: skip
    return step
