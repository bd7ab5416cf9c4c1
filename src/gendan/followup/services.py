"""Every write of the milestone plans and the board. Each runs in one transaction, locks
the order row first, leaves an audit row and keeps the order's progress row current."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import attachments, audit, events
from gendan.core.calendar import WorkingCalendar
from gendan.core.errors import DomainError, InvalidTransition, NotFound
from gendan.core.locks import lock_row, lock_rows
from gendan.followup import planning
from gendan.followup.access import can_follow_order
from gendan.followup.models import Milestone, MilestoneTemplate, OrderProgress, SavedBoardView
from gendan.sales.models import Order
from gendan.sales.services import lock_order

RELEASED_STATUSES = {
    Order.Status.CONFIRMED,
    Order.Status.IN_PRODUCTION,
    Order.Status.SHIPPED,
}


def _require_follower(actor, order):
    if actor is not None and not can_follow_order(actor, order):
        raise NotFound()


def sync_progress(*, order_id):
    """Bring the order's board row in line with the order (status, customer, dates)."""
    with transaction.atomic():
        return planning.refresh_progress(lock_order(order_id))


def create_plan(*, actor, order_id, origin=None):
    """Plan a confirmed order from its type's template, counting back from the contract
    delivery date in Chinese working days (D5-3.4). A year the calendar does not know
    leaves that milestone's date unknown, with the reason, instead of a guess."""
    with transaction.atomic():
        order = lock_order(order_id)
        if order.milestones.exists():
            return list(order.milestones.order_by("position"))
        template = MilestoneTemplate.objects.filter(
            order_type=order.order_type, is_active=True
        ).first()
        calendar = WorkingCalendar()
        milestones = []
        if template is not None:
            steps = list(template.steps.order_by("position"))
            milestones = Milestone.objects.bulk_create(
                planning.build_milestones(order, steps, calendar)
            )
            audit.record(
                actor=actor,
                action="followup.plan",
                obj=order,
                origin=origin,
                after={
                    "template": template.name,
                    "delivery_date": str(order.delivery_date),
                    "milestones": [[m.name, str(m.planned_date or "?")] for m in milestones],
                },
            )
        planning.refresh_progress(order, calendar)
    return milestones


def replan_order(*, actor, order_id, origin=None, calendar_year=None):
    """After an amendment, re-plan the open milestones from the new delivery date (or
    when some had no date because the calendar lacked a year, or when the working days
    of `calendar_year` changed); done milestones keep their dates."""
    with transaction.atomic():
        order = lock_order(order_id)
        progress = OrderProgress.objects.filter(pk=order.pk).first()
        old_date = progress.delivery_date if progress else order.delivery_date
        open_milestones = lock_rows(order.milestones.filter(status=Milestone.Status.OPEN))
        calendar = WorkingCalendar()
        if calendar_year is not None:
            _replan_for_calendar(actor, order, open_milestones, calendar, calendar_year, origin)
            return planning.refresh_progress(order, calendar)
        unknown = any(m.planning_problem for m in open_milestones)
        if open_milestones and (old_date != order.delivery_date or unknown):
            for milestone in open_milestones:
                milestone.planned_date, milestone.planning_problem = planning.planned_date(
                    calendar, order.delivery_date, milestone.offset_days
                )
            Milestone.objects.bulk_update(open_milestones, ["planned_date", "planning_problem"])
            audit.record(
                actor=actor,
                action="followup.replan",
                obj=order,
                origin=origin,
                before={"delivery_date": str(old_date)},
                after={
                    "delivery_date": str(order.delivery_date),
                    "replanned": len(open_milestones),
                },
            )
        return planning.refresh_progress(order, calendar)


def _replan_for_calendar(actor, order, open_milestones, calendar, year, origin):
    """Re-date the open milestones on the changed calendar; an audit row names the
    milestones whose date moved (none when nothing moved)."""
    moved = []
    for milestone in open_milestones:
        before = milestone.planned_date
        milestone.planned_date, milestone.planning_problem = planning.planned_date(
            calendar, order.delivery_date, milestone.offset_days
        )
        if milestone.planned_date != before:
            moved.append([milestone.name, str(before or "?"), str(milestone.planned_date or "?")])
    if moved:
        Milestone.objects.bulk_update(open_milestones, ["planned_date", "planning_problem"])
        audit.record(
            actor=actor,
            action="followup.replan",
            obj=order,
            origin=origin,
            after={"calendar_year": year, "replanned": len(moved), "milestones": moved},
        )


def replan_for_calendar(*, year, actor=None):
    """The working days of `year` changed: re-plan every open order whose plan or
    expected finish can cross it (delivery from that year on), one order at a time."""
    order_ids = planning.orders_crossing_year(year)
    for order_id in order_ids:
        replan_order(actor=actor, order_id=order_id, calendar_year=year)
    return len(order_ids)


def cancel_open_milestones(*, order_id, reason, actor=None, origin=None):
    """A cancelled order's open milestones are cancelled, with the reason; done ones stay
    done. Does nothing unless the order is still cancelled (a late delivery of the event
    must not cancel the plan of an order reopened since)."""
    with transaction.atomic():
        order = lock_order(order_id)
        if order.status != Order.Status.CANCELLED:
            return []
        milestones = lock_rows(order.milestones.filter(status=Milestone.Status.OPEN))
        if milestones:
            Milestone.objects.filter(pk__in=[m.pk for m in milestones]).update(
                status=Milestone.Status.CANCELLED
            )
            audit.record(
                actor=actor,
                action="followup.cancel_milestones",
                obj=order,
                origin=origin,
                after={"reason": reason, "milestones": [m.name for m in milestones]},
            )
        planning.refresh_progress(order)
    return milestones


def replan_reopened_order(*, order_id, reason, actor=None, origin=None):
    """A reopened order's cancelled milestones are open again, re-planned from the
    contract delivery date; done ones keep their dates. A released order without a plan
    gets one."""
    with transaction.atomic():
        order = lock_order(order_id)
        if order.status in planning.CLOSED_STATUSES:
            return planning.refresh_progress(order)
        if not order.milestones.exists() and order.status in RELEASED_STATUSES:
            create_plan(actor=actor, order_id=order.pk, origin=origin)
        milestones = lock_rows(order.milestones.filter(status=Milestone.Status.CANCELLED))
        calendar = WorkingCalendar()
        for milestone in milestones:
            milestone.status = Milestone.Status.OPEN
            milestone.planned_date, milestone.planning_problem = planning.planned_date(
                calendar, order.delivery_date, milestone.offset_days
            )
        if milestones:
            Milestone.objects.bulk_update(
                milestones, ["status", "planned_date", "planning_problem"]
            )
            audit.record(
                actor=actor,
                action="followup.reopen_milestones",
                obj=order,
                origin=origin,
                after={"reason": reason, "milestones": [m.name for m in milestones]},
            )
        return planning.refresh_progress(order, calendar)


def complete_by_event(*, event, order_id, evidence_url="", last=False, actor=None):
    """The event that proves a milestone completes the first open one waiting for it (the
    last one with `last`, see handlers.on_receipt_posted); its sentence is the note."""
    with transaction.atomic():
        order = lock_order(order_id)
        waiting = order.milestones.select_for_update(of=("self",)).filter(
            status=Milestone.Status.OPEN, completion_event=event.code
        )
        milestone = waiting.order_by("-position" if last else "position").first()
        if milestone is not None:
            _mark_done(milestone, None, Milestone.Completion.EVENT, evidence_url, event.describe())
            _record_completion(actor, milestone, None, event=event.describe())
        planning.refresh_progress(order)
    return milestone


def _mark_done(milestone, actor, how, evidence_url, note, actual_date=None, evidence_file=None):
    milestone.status = Milestone.Status.DONE
    milestone.actual_date = actual_date or timezone.localdate()
    milestone.completed_how = how
    milestone.completed_by = actor
    milestone.completed_at = timezone.now()
    milestone.evidence_url = evidence_url
    if evidence_file is not None:
        milestone.evidence_file = evidence_file
    milestone.note = note[:500]
    milestone.save()


def _record_completion(actor, milestone, origin, **extra):
    audit.record(
        actor=actor,
        action="milestone.complete",
        obj=milestone,
        origin=origin,
        after={
            "order": milestone.order.number,
            "name": milestone.name,
            "actual_date": str(milestone.actual_date),
            "how": milestone.completed_how,
            "evidence_url": milestone.evidence_url,
            "evidence_file": milestone.evidence_file.name if milestone.evidence_file else "",
            "note": milestone.note,
            **extra,
        },
    )
    events.publish(
        events.MilestoneCompleted(
            order_id=milestone.order_id,
            milestone_id=milestone.pk,
            name=milestone.name,
            by_hand=milestone.completed_how == Milestone.Completion.MANUAL,
        ),
        actor=actor,
    )


def _clean_evidence(evidence_url, evidence_file):
    evidence_url = (evidence_url or "").strip()
    if not evidence_url and not evidence_file:
        raise DomainError(
            _(
                "Evidence is required: give a link to the document that proves this milestone "
                "or attach a file."
            ),
            field="evidence_url",
        )
    if evidence_url and not evidence_url.startswith(("http://", "https://", "/")):
        raise DomainError(
            _("The evidence link must start with http://, https:// or / (got “%(url)s”).")
            % {"url": evidence_url[:80]},
            field="evidence_url",
        )
    if evidence_file:
        attachments.check_file(evidence_file, field="evidence_file")
    return evidence_url


def _clean_actual_date(actual_date, order):
    today = timezone.localdate()
    actual_date = actual_date or today
    if actual_date > today:
        raise DomainError(
            _("The actual date %(date)s is in the future.") % {"date": actual_date},
            field="actual_date",
        )
    if actual_date < order.order_date:
        raise DomainError(
            _("The actual date %(date)s is before the order date %(order)s.")
            % {"date": actual_date, "order": order.order_date},
            field="actual_date",
        )
    return actual_date


def _locked_milestone(milestone):
    order = lock_order(milestone.order_id)
    milestone = lock_row(Milestone, milestone.pk)
    milestone.order = order
    return order, milestone


def complete_milestone(
    *,
    actor,
    milestone,
    evidence_url="",
    evidence_file=None,
    note="",
    actual_date=None,
    origin=None,
):
    """A person completes a milestone before its proving event arrives; evidence (a link
    or a file) is required, and a done milestone cannot be completed twice."""
    evidence_url = _clean_evidence(evidence_url, evidence_file)
    with transaction.atomic():
        order, milestone = _locked_milestone(milestone)
        _require_follower(actor, order)
        if milestone.is_done:
            raise InvalidTransition(
                _("“%(name)s” of %(order)s was already completed on %(date)s.")
                % {"name": milestone.name, "order": order.number, "date": milestone.actual_date}
            )
        actual_date = _clean_actual_date(actual_date, order)
        _mark_done(
            milestone,
            actor,
            Milestone.Completion.MANUAL,
            evidence_url,
            note.strip(),
            actual_date=actual_date,
            evidence_file=evidence_file,
        )
        _record_completion(actor, milestone, origin)
        planning.refresh_progress(order)
    return milestone


def reopen_milestone(*, actor, milestone, reason, origin=None):
    """Undo a completion made by hand, with a reason; the audit row keeps what it was.
    A milestone proven by a document is corrected by reversing that document."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("A reason is required to reopen a milestone."), field="reason")
    with transaction.atomic():
        order, milestone = _locked_milestone(milestone)
        _require_follower(actor, order)
        if not milestone.is_done:
            raise InvalidTransition(_("“%(name)s” is still open.") % {"name": milestone.name})
        if milestone.completed_how != Milestone.Completion.MANUAL:
            raise InvalidTransition(
                _(
                    "“%(name)s” was completed by the document that proves it; correct that "
                    "document instead of reopening the milestone."
                )
                % {"name": milestone.name}
            )
        before = {
            "actual_date": str(milestone.actual_date),
            "completed_by": planning.display_name(milestone.completed_by),
            "evidence_url": milestone.evidence_url,
            "evidence_file": milestone.evidence_file.name if milestone.evidence_file else "",
            "note": milestone.note,
        }
        milestone.status = Milestone.Status.OPEN
        milestone.actual_date = milestone.completed_at = milestone.completed_by = None
        milestone.completed_how = milestone.evidence_url = ""
        milestone.evidence_file = None
        milestone.save()
        audit.record(
            actor=actor,
            action="milestone.reopen",
            obj=milestone,
            origin=origin,
            before=before,
            after={"reason": reason, "name": milestone.name},
        )
        events.publish(
            events.MilestoneReopened(
                order_id=order.pk, milestone_id=milestone.pk, name=milestone.name, reason=reason
            ),
            actor=actor,
        )
        planning.refresh_progress(order)
    return milestone


def record_outlook(*, actor, order, outlook, expected_date=None, note="", origin=None):
    """D5-7: ahead of the due date the merchandiser confirms the order will be on time,
    or says it will be late and when it is now expected."""
    if outlook not in (OrderProgress.Outlook.ON_TIME, OrderProgress.Outlook.LATE):
        raise DomainError(_("Choose “on time” or “will be late”."), field="outlook")
    with transaction.atomic():
        order = lock_order(order.pk)
        _require_follower(actor, order)
        _check_outlook(order, outlook, expected_date)
        progress = planning.refresh_progress(order)
        progress.outlook = outlook
        progress.outlook_date = expected_date if outlook == "late" else order.delivery_date
        progress.outlook_at = timezone.now()
        progress.save(update_fields=["outlook", "outlook_date", "outlook_at"])
        audit.record(
            actor=actor,
            action="followup.outlook",
            obj=order,
            origin=origin,
            after={"outlook": outlook, "expected": str(progress.outlook_date), "note": note},
        )
    return progress


def _check_outlook(order, outlook, expected_date):
    if timezone.localdate() > order.delivery_date:
        raise InvalidTransition(
            _("The delivery date %(date)s has passed; an outlook is given ahead of it.")
            % {"date": order.delivery_date}
        )
    if outlook == "late" and (expected_date is None or expected_date <= order.delivery_date):
        raise DomainError(
            _("Give the date the order is now expected, after the delivery date %(date)s.")
            % {"date": order.delivery_date},
            field="expected_date",
        )


def save_board_view(*, actor, name, querystring):
    """A person's named set of board filters; the same name replaces the old one. A view
    without any filter is refused: it would only show the whole board again."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the view a name."), field="name")
    querystring = (querystring or "").lstrip("?")[:500]
    if not querystring:
        raise DomainError(
            _("Choose at least one filter before saving the view: there is nothing to save."),
            field="querystring",
        )
    view, _created = SavedBoardView.objects.update_or_create(
        user=actor, name=name[:60], defaults={"querystring": querystring}
    )
    return view


def delete_board_view(*, actor, view_id):
    deleted, _detail = SavedBoardView.objects.filter(user=actor, pk=view_id).delete()
    if not deleted:
        raise NotFound()
