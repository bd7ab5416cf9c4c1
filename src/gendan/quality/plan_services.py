"""Every write of the inspection plan per garment order (issue 12, D4):

- QC's changes to the company template (`save_template_step`);
- the plan of a factory order made from the template, dates in Chinese working days
  (`make_plan`, `change_production_start`), mid-production checks every 3–6 working
  days up to the D4-9 minimum (`proposed_steps`);
- D4-2: pressing the factory for its pre-production sample (`press_for_sample`);
- D4-5: the meeting date 1–3 working days before production (`set_meeting_date`) and
  its minutes, a paper the factory signs (`write_minutes`, `sign_minutes`, `refuse_minutes`);
- D4-14: the written order summary, sent once to the department head (`save_summary`,
  `send_summary`).

Who may: `quality.access` — QC and merchandisers write (`can_record`), a factory login
signs only its own factory's minutes (`factory_ids`). The template is QC's alone; access
has no QC-only check, so `is_qc` below reads the role grants the same way.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import audit, chains, notify, numbering, papers, policies
from gendan.core.calendar import WorkingCalendar
from gendan.core.errors import DomainError, InvalidTransition, NotFound, PermissionDenied
from gendan.core.models import Document, NotificationChannel
from gendan.core.roles import directory
from gendan.core.scopes import Scope
from gendan.quality import access
from gendan.quality.models import Inspection, Stage
from gendan.quality.plan_models import (
    MeetingMinutes,
    OrderPlan,
    OrderReport,
    PlanAnchor,
    PlanStep,
    PlanStepKind,
    PlanTemplateStep,
    SampleReminder,
)
from gendan.quality.plan_papers import MINUTES_SLIP_TYPE
from gendan.quality.plan_policies import (
    DEPARTMENT_HEAD_CHANNEL,
    FACTORY_REMINDER_CHANNELS,
    MID_INTERVAL,
    MID_MINIMUM_BANDS,
)
from gendan.quality.services import order_quantity
from gendan.sales.models import FactoryOrder, Order

MEETING_WINDOW = (1, 3)  # D4-5: 1–3 working days before production starts
MID_INTERVAL_RANGE = (3, 6)  # D4-8: every 3–6 working days
OFFSET_RANGE = (-60, 120)
TEXT_LIMIT = 4000


@dataclass(frozen=True)
class TemplateRow:
    kind: str
    anchor: str
    offset: int
    name: str = ""
    is_active: bool = True
    is_changed: bool = False

    @property
    def label(self):
        return self.name or PlanStepKind(self.kind).label


# The company template's defaults, in D4 order: (step, counted from, working days).
DEFAULT_TEMPLATE = (
    TemplateRow(PlanStepKind.FABRIC, PlanAnchor.PRODUCTION_START, -8),  # D4-1
    TemplateRow(PlanStepKind.PRE_PRODUCTION_SAMPLE, PlanAnchor.PRODUCTION_START, -5),  # D4-2..4
    TemplateRow(PlanStepKind.MEETING, PlanAnchor.PRODUCTION_START, -2),  # D4-5
    TemplateRow(PlanStepKind.EARLY_PRODUCTION, PlanAnchor.PRODUCTION_START, 1),  # D4-6
    TemplateRow(PlanStepKind.FIRST_PIECE, PlanAnchor.PRODUCTION_START, 2),  # D4-7
    TemplateRow(PlanStepKind.MID_PRODUCTION, PlanAnchor.PRODUCTION_START, 5),  # D4-8, D4-9
    TemplateRow(PlanStepKind.SHIPPING_SAMPLE, PlanAnchor.DUE_DATE, -6),  # D4-10
    TemplateRow(PlanStepKind.FINAL, PlanAnchor.DUE_DATE, -4),  # D4-11
    TemplateRow(PlanStepKind.FINISHED_GOODS, PlanAnchor.DUE_DATE, -2),  # D5-5
)
ORDER = [row.kind for row in DEFAULT_TEMPLATE]


# ---------------------------------------------------------------- who may
def is_qc(user):
    if user.is_superuser:
        return True
    grants = directory().grants_of(user, timezone.localdate()) if user.is_authenticated else []
    return any(grant.role_code == "qc" for grant in grants)


def _require_writer(actor):
    if not access.can_record(actor):
        raise PermissionDenied(_("Only QC or a merchandiser may change the inspection plan."))


# ---------------------------------------------------------------- the template
def template():
    """The company template: the defaults with QC's changes (no write on reading)."""
    changed = {row.kind: row for row in PlanTemplateStep.objects.all()}
    rows = []
    for default in DEFAULT_TEMPLATE:
        row = changed.get(default.kind)
        if row is None:
            rows.append(default)
        else:
            rows.append(TemplateRow(row.kind, row.anchor, row.offset, row.name,
                                    row.is_active, True))  # fmt: skip
    return rows


def _clean_offset(offset):
    try:
        number = int(str(offset).strip())
    except (TypeError, ValueError):
        number = None
    low, high = OFFSET_RANGE
    if number is None or not low <= number <= high:
        raise DomainError(
            _("Working days must be a whole number from %(low)s to %(high)s, not “%(value)s”.")
            % {"low": low, "high": high, "value": offset},
            field="offset",
        )
    return number


def _check_template_rule(kind, anchor, offset):
    if kind == PlanStepKind.MEETING:
        low, high = MEETING_WINDOW
        if anchor != PlanAnchor.PRODUCTION_START or not -high <= offset <= -low:
            raise DomainError(
                _(
                    "The pre-production meeting is held 1 to 3 working days before production "
                    "starts: count it from the production start, −1 to −3."
                ),
                field="offset",
            )
    if kind == PlanStepKind.MID_PRODUCTION and (
        anchor != PlanAnchor.PRODUCTION_START or offset < 1
    ):
        raise DomainError(
            _("The first mid-production inspection comes after production starts."),
            field="offset",
        )


def save_template_step(*, actor, kind, anchor, offset, name="", is_active=True, origin=None):
    """QC changes one step of the company template; plans made later follow it."""
    if not is_qc(actor):
        raise PermissionDenied(_("Only QC may change the inspection plan template."))
    if kind not in PlanStepKind.values:
        raise DomainError(_("Unknown step of the plan."), field="kind")
    if anchor not in PlanAnchor.values:
        raise DomainError(_("Choose what the working days are counted from."), field="anchor")
    offset = _clean_offset(offset)
    _check_template_rule(kind, anchor, offset)
    with transaction.atomic():
        row, _created = PlanTemplateStep.objects.update_or_create(
            kind=kind,
            defaults={"anchor": anchor, "offset": offset, "name": (name or "").strip()[:60],
                      "is_active": bool(is_active), "updated_by": actor},
        )  # fmt: skip
        audit.record(actor=actor, action="inspection_plan.template", obj=row, origin=origin,
                     after={"kind": kind, "anchor": anchor, "offset": offset,
                            "is_active": row.is_active})  # fmt: skip
    return row


# ---------------------------------------------------------------- the plan
def mid_minimum(quantity):
    """D4-9: the minimum of signed mid-production reports for an order of `quantity`."""
    for limit, policy in MID_MINIMUM_BANDS:
        if limit is None or quantity < limit:
            return policies.get(policy)
    return policies.get(MID_MINIMUM_BANDS[-1][1])  # pragma: no cover


def mid_interval():
    low, high = MID_INTERVAL_RANGE
    return min(max(int(policies.get(MID_INTERVAL)), low), high)


def proposed_steps(*, factory_order, production_start, minimum, interval, rows=None):
    """The steps with their dates: each template step counted in working days from the
    production start or the factory due date; `minimum` mid-production checks, the
    first at its offset and then every `interval` working days (D4-8, D4-9)."""
    calendar = WorkingCalendar()
    anchors = {PlanAnchor.PRODUCTION_START: production_start,
               PlanAnchor.DUE_DATE: factory_order.due_date}  # fmt: skip
    steps = []
    for row in rows if rows is not None else template():
        if not row.is_active:
            continue
        day = calendar.add_working_days(_working_day(calendar, anchors[row.anchor]), row.offset)
        rounds = minimum if row.kind == PlanStepKind.MID_PRODUCTION else 1
        for number in range(1, rounds + 1):
            steps.append({"kind": row.kind, "name": row.name, "round_number": number,
                          "planned_on": day})  # fmt: skip
            day = calendar.add_working_days(day, interval)
    steps.sort(key=lambda step: (step["planned_on"], ORDER.index(step["kind"])))
    return steps


def fitting_interval(factory_order, production_start, minimum):
    """D4-8: the policy's interval, shortened (never below 3 working days) until the
    minimum of mid-production checks falls before the final inspection."""
    rows = template()
    interval = mid_interval()
    while interval > MID_INTERVAL_RANGE[0]:
        steps = proposed_steps(factory_order=factory_order, production_start=production_start,
                               minimum=minimum, interval=interval, rows=rows)  # fmt: skip
        if mids_fit(steps):
            break
        interval -= 1
    return interval


def mids_fit(steps):
    """Whether every planned mid-production check comes before the final inspection."""
    final = [s["planned_on"] for s in steps if s["kind"] == PlanStepKind.FINAL]
    mids = [s["planned_on"] for s in steps if s["kind"] == PlanStepKind.MID_PRODUCTION]
    return not final or not mids or max(mids) < final[0]


def _working_day(calendar, day):
    """`day` itself when it is a working day, else the next one."""
    return day if calendar.is_working_day(day) else calendar.add_working_days(day, 1)


def _clean_date(value, field, label):
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise DomainError(
            _("%(label)s: enter a date (year-month-day).") % {"label": label}, field=field
        ) from None


def _clean_start(production_start, factory_order):
    start = _clean_date(production_start, "production_start", _("Production starts on"))
    if start >= factory_order.due_date:
        raise DomainError(
            _("Production must start before the factory due date %(due)s.")
            % {"due": factory_order.due_date},
            field="production_start",
        )
    return start


def make_plan(*, actor, factory_order, production_start, origin=None):
    """The plan of a factory order from the template, with the production start date."""
    _require_writer(actor)
    pk = getattr(factory_order, "pk", factory_order)
    factory_order = FactoryOrder.objects.select_related("order", "factory").filter(pk=pk).first()
    if factory_order is None:
        raise NotFound()
    start = _clean_start(production_start, factory_order)
    quantity = order_quantity(factory_order)
    minimum = mid_minimum(quantity)
    interval = fitting_interval(factory_order, start, minimum)
    with transaction.atomic():
        if OrderPlan.objects.select_for_update().filter(factory_order=factory_order).exists():
            raise InvalidTransition(_("This factory order already has an inspection plan."))
        plan = OrderPlan.objects.create(
            factory_order=factory_order, production_start=start, quantity=quantity,
            mid_minimum=minimum, mid_interval=interval, created_by=actor,
        )  # fmt: skip
        _write_steps(plan)
        audit.record(actor=actor, action="inspection_plan.make", obj=plan, origin=origin,
                     after={"production_start": str(start), "quantity": quantity,
                            "mid_minimum": plan.mid_minimum})  # fmt: skip
    return plan


def _write_steps(plan):
    plan.steps.all().delete()
    steps = proposed_steps(factory_order=plan.factory_order, production_start=plan.production_start,
                           minimum=plan.mid_minimum, interval=plan.mid_interval)  # fmt: skip
    PlanStep.objects.bulk_create(
        PlanStep(plan=plan, position=position, **step)
        for position, step in enumerate(steps, start=1)
    )


def change_production_start(*, actor, plan, production_start, origin=None):
    """A new production start date: every step's proposed date is counted again."""
    _require_writer(actor)
    with transaction.atomic():
        plan = OrderPlan.objects.select_for_update().select_related("factory_order").get(pk=plan.pk)
        start = _clean_start(production_start, plan.factory_order)
        before = str(plan.production_start)
        plan.production_start = start
        plan.mid_interval = fitting_interval(plan.factory_order, start, plan.mid_minimum)
        plan.save(update_fields=["production_start", "mid_interval", "updated_at"])
        _write_steps(plan)
        audit.record(actor=actor, action="inspection_plan.production_start", obj=plan,
                     origin=origin, before={"production_start": before},
                     after={"production_start": str(start)})  # fmt: skip
    return plan


# ---------------------------------------------------------------- D4-5 meeting date
def check_meeting_date(meeting_on, production_start):
    """D4-5: the meeting is on a working day 1–3 working days before production starts."""
    calendar = WorkingCalendar()
    low, high = MEETING_WINDOW
    earliest = calendar.add_working_days(production_start, -high)
    latest = calendar.add_working_days(production_start, -low)
    if not (earliest <= meeting_on <= latest and calendar.is_working_day(meeting_on)):
        raise DomainError(
            _(
                "The pre-production meeting is held 1 to 3 working days before production "
                "starts: production starts on %(start)s, so the meeting must be on a "
                "working day from %(earliest)s to %(latest)s, not %(day)s."
            )
            % {
                "start": production_start,
                "earliest": earliest,
                "latest": latest,
                "day": meeting_on,
            },  # fmt: skip
            field="meeting_on",
        )
    return meeting_on


def set_meeting_date(*, actor, plan, meeting_on, origin=None):
    """The merchandiser moves the meeting within the D4-5 window."""
    _require_writer(actor)
    meeting_on = _clean_date(meeting_on, "meeting_on", _("Meeting on"))
    with transaction.atomic():
        plan = OrderPlan.objects.select_for_update().get(pk=plan.pk)
        check_meeting_date(meeting_on, plan.production_start)
        step = plan.steps.filter(kind=PlanStepKind.MEETING).first()
        if step is None:
            raise InvalidTransition(_("The plan has no pre-production meeting step."))
        before = str(step.planned_on)
        step.planned_on = meeting_on
        step.save(update_fields=["planned_on"])
        audit.record(actor=actor, action="inspection_plan.meeting_date", obj=plan, origin=origin,
                     before={"meeting_on": before}, after={"meeting_on": str(meeting_on)})  # fmt: skip
    return step


# ---------------------------------------------------------------- D4-2 reminders
def sample_is_recorded(plan):
    return Inspection.objects.filter(
        factory_order_id=plan.factory_order_id, stage=Stage.PRE_PRODUCTION_SAMPLE
    ).exists()


def _channels(policy):
    names = [name.strip() for name in (policies.get(policy) or "").split(",") if name.strip()]
    channels = list(NotificationChannel.objects.filter(name__in=names, is_active=True))
    return sorted(channels, key=lambda channel: names.index(channel.name))


def press_for_sample(*, actor, plan, today=None, origin=None):
    """D4-2: the pre-production sample is due and none is recorded — remind the
    factory's contact and the merchandiser through the channels, and log it."""
    _require_writer(actor)
    today = today or timezone.localdate()
    step = plan.steps.filter(kind=PlanStepKind.PRE_PRODUCTION_SAMPLE).first()
    if step is None or step.planned_on > today:
        raise InvalidTransition(
            _("The pre-production sample is not due yet; it can be pressed for from %(day)s.")
            % {"day": step.planned_on if step else "—"}
        )
    if sample_is_recorded(plan):
        raise InvalidTransition(_("A pre-production sample is already recorded for this order."))
    channels = _channels(FACTORY_REMINDER_CHANNELS)
    if not channels:
        raise DomainError(
            _(
                "No notification channel is set for pre-production sample reminders; an "
                "administrator sets it on the policies page."
            )
        )
    factory_order = plan.factory_order
    subject, body = _reminder_text(factory_order, step.planned_on, actor)
    with transaction.atomic():
        for channel in channels:
            notify.send_notification(channel=channel, subject=subject[:120], body=body, actor=actor)
        reminder = SampleReminder.objects.create(
            plan=plan, factory=factory_order.factory, pressed_by=actor, pressed_at=timezone.now(),
            due_on=step.planned_on, sent_to="、".join(c.name for c in channels)[:300], message=body,
        )  # fmt: skip
        audit.record(actor=actor, action="inspection_plan.press_sample", obj=reminder,
                     origin=origin, after={"sent_to": reminder.sent_to})  # fmt: skip
    return reminder


def _reminder_text(factory_order, due_on, actor):
    factory = factory_order.factory
    contact = factory_order.contact_name or factory.contact
    phone = factory_order.contact_phone or factory.phone
    subject = _("Pre-production sample missing: %(order)s %(factory)s") % {
        "order": factory_order.order.number, "factory": factory.name}  # fmt: skip
    body = _(
        "%(factory)s (contact %(contact)s %(phone)s): the pre-production sample of order "
        "%(order)s was due on %(due)s and has not been made. Please make it at once and tell "
        "the merchandiser %(merchandiser)s."
    ) % {"factory": factory.name, "contact": contact or "—", "phone": phone or "",
         "order": factory_order.order.number, "due": due_on,
         "merchandiser": actor.get_full_name() or actor.username}  # fmt: skip
    return subject, body


# ---------------------------------------------------------------- D4-5 minutes
def _clean_text(value, field, label, *, required=False, limit=TEXT_LIMIT):
    text = (value or "").strip()
    if required and not text:
        raise DomainError(_("%(label)s: write it down.") % {"label": label}, field=field)
    return text[:limit]


def write_minutes(*, actor, plan, held_on, attendees, critical_points, sample_issues="",
                  customer_requirements="", origin=None):  # fmt: skip
    """D4-5: the merchandiser writes the meeting's minutes and hands them to the factory
    to sign. Minutes sent back by the factory are corrected and handed over again."""
    _require_writer(actor)
    held_on = _clean_date(held_on, "held_on", _("Held on"))
    fields = {
        "attendees": _clean_text(attendees, "attendees", _("Attendees"), required=True, limit=300),
        "critical_points": _clean_text(
            critical_points, "critical_points", _("Critical points"), required=True
        ),  # fmt: skip
        "sample_issues": _clean_text(sample_issues, "sample_issues", _("Sample issues")),
        "customer_requirements": _clean_text(
            customer_requirements, "customer_requirements", _("Customer requirements")
        ),  # fmt: skip
    }
    with transaction.atomic():
        plan = OrderPlan.objects.select_for_update().select_related(
            "factory_order__order", "factory_order__factory").get(pk=plan.pk)  # fmt: skip
        check_meeting_date(held_on, plan.production_start)
        minutes = MeetingMinutes.objects.filter(plan=plan).select_related("document").first()
        if minutes is None:
            minutes = _open_minutes(actor, plan, held_on, fields, origin)
        else:
            _update_minutes(actor, minutes, held_on, fields)
        audit.record(actor=actor, action="meeting_minutes.write", obj=minutes, origin=origin,
                     after={"held_on": str(held_on), **fields})  # fmt: skip
        minutes.document = chains.submit(actor=actor, document=minutes.document, origin=origin)
    return minutes


def _open_minutes(actor, plan, held_on, fields, origin):
    paper = papers.get(MINUTES_SLIP_TYPE)
    factory_order = plan.factory_order
    book = papers.book_for(paper, Scope.supplier(factory_order.factory), held_on, actor=actor)
    title = f"{factory_order.order.number} {_('pre-production meeting minutes')}"
    document = numbering.open_document(actor=actor, book=book, title=title[:200], origin=origin)
    return MeetingMinutes.objects.create(plan=plan, document=document, held_on=held_on,
                                         written_by=actor, **fields)  # fmt: skip


def _update_minutes(actor, minutes, held_on, fields):
    if minutes.document.status != Document.Status.DRAFT:
        raise InvalidTransition(
            _("The minutes are with the factory or signed; they can no longer be changed.")
        )
    if minutes.document.author_id != actor.pk:
        raise PermissionDenied(_("Only the writer of the minutes may correct them."))
    for name, value in fields.items():
        setattr(minutes, name, value)
    minutes.held_on = held_on
    minutes.save()


def _require_factory(actor, minutes):
    if not (
        actor.is_superuser or minutes.plan.factory_order.factory_id in access.factory_ids(actor)
    ):
        raise NotFound()


def sign_minutes(*, actor, minutes, note="", origin=None):
    """The factory's login signs the minutes on its phone (D4-5)."""
    _require_factory(actor, minutes)
    return chains.sign(actor=actor, document=minutes.document, note=note, origin=origin)


def refuse_minutes(*, actor, minutes, reason, origin=None):
    """The factory does not agree: the minutes go back to their writer with the reason."""
    _require_factory(actor, minutes)
    return chains.reject(actor=actor, document=minutes.document, reason=reason, origin=origin)


# ---------------------------------------------------------------- D4-14 the summary
SUMMARY_FIELDS = ("cooperation", "problems", "responses", "handling")


def save_summary(*, actor, order, texts, origin=None):
    """D4-14: the merchandiser keeps the written summary of an order (edited freely
    until it is sent)."""
    _require_writer(actor)
    cleaned = {name: _clean_text(texts.get(name), name, name) for name in SUMMARY_FIELDS}
    with transaction.atomic():
        report = OrderReport.objects.select_for_update().filter(order=order).first()
        if report is not None and report.is_sent:
            raise InvalidTransition(_("The summary has been sent; it can no longer be changed."))
        if report is None:
            report = OrderReport.objects.create(order=order, drafted_by=actor, **cleaned)
        else:
            for name, value in cleaned.items():
                setattr(report, name, value)
            report.save()
        audit.record(actor=actor, action="order_summary.save", obj=report, origin=origin,
                     after=cleaned)  # fmt: skip
    return report


def summary_text(report):
    labels = {
        "cooperation": _("Cooperation of departments"),
        "problems": _("Problems"),
        "responses": _("Responses"),
        "handling": _("Overall handling"),
    }
    parts = [f"【{labels[name]}】\n{getattr(report, name)}" for name in SUMMARY_FIELDS
             if getattr(report, name).strip()]  # fmt: skip
    return "\n\n".join(parts)


def send_summary(*, actor, order, origin=None):
    """D4-14: the summary goes to the department head once; then it is read-only."""
    _require_writer(actor)
    channels = _channels(DEPARTMENT_HEAD_CHANNEL)
    with transaction.atomic():
        report = OrderReport.objects.select_for_update().filter(order=order).first()
        if report is None:
            raise InvalidTransition(_("Save the summary before sending it."))
        if report.is_sent:
            raise InvalidTransition(
                _("The summary was already sent on %(at)s.")
                % {"at": timezone.localtime(report.sent_at).strftime("%Y-%m-%d %H:%M")}
            )
        body = summary_text(report)
        if not body:
            raise DomainError(_("The summary is empty; write it before sending."))
        if not channels:
            raise DomainError(
                _(
                    "No notification channel is set for the department head; an "
                    "administrator sets it on the policies page."
                )
            )
        subject = _("Order summary %(order)s") % {"order": order.number}
        for channel in channels:
            notify.send_notification(channel=channel, subject=subject[:120], body=body, actor=actor)
        report.status = OrderReport.Status.SENT
        report.sent_by, report.sent_at = actor, timezone.now()
        report.sent_to = "、".join(channel.name for channel in channels)[:300]
        report.save(update_fields=["status", "sent_by", "sent_at", "sent_to", "updated_at"])
        audit.record(actor=actor, action="order_summary.send", obj=report, origin=origin,
                     after={"sent_to": report.sent_to})  # fmt: skip
    return report


def draft_summary_when_closed(*, order_id):
    """D4-14: an order with an inspection plan closed — its summary is drafted (from
    the inspections and the plan's timeline) for its merchandiser to edit and send.
    Nothing happens when a summary exists already or the order has no plan."""
    from gendan.quality import plan_queries

    order = Order.objects.select_related("merchandiser").filter(pk=order_id).first()
    plans = list(OrderPlan.objects.filter(factory_order__order_id=order_id))
    if order is None or not plans or OrderReport.objects.filter(order=order).exists():
        return None
    texts = plan_queries.draft_summary(order, [plan_queries.plan_view(plan) for plan in plans])
    with transaction.atomic():
        report, created = OrderReport.objects.get_or_create(
            order=order, defaults={"drafted_by": order.merchandiser, **texts}
        )
        if created:
            audit.record(actor=None, action="order_summary.draft", obj=report,
                         after={"on": "order.closed"})  # fmt: skip
    return report
