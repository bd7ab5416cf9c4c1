"""Every write of the milestone plans and the board. Each runs in one transaction, locks
the order row first, leaves an audit row and keeps the order's progress row current."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import audit
from gendan.core.errors import DomainError, InvalidTransition, NotFound
from gendan.followup import planning
from gendan.followup.access import can_follow_order
from gendan.followup.calendar import WorkingCalendar
from gendan.followup.models import Milestone, MilestoneTemplate, OrderProgress, SavedBoardView
from gendan.sales.models import Order


def _locked_order(order_id):
    try:
        return (
            Order.objects.select_for_update(of=("self",))
            .select_related("customer", "merchandiser")
            .get(pk=order_id)
        )
    except Order.DoesNotExist:
        raise NotFound() from None


def _require_follower(actor, order):
    if actor is not None and not can_follow_order(actor, order):
        raise NotFound()


def sync_progress(*, order_id):
    """Bring the order's board row in line with the order (status, customer, dates)."""
    with transaction.atomic():
        return planning.refresh_progress(_locked_order(order_id))


def create_plan(*, actor, order_id, origin=None):
    """Plan a confirmed order from its type's template, counting back from the contract
    delivery date in Chinese working days (D5-3.4). A year the calendar does not know
    leaves that milestone's date unknown, with the reason, instead of a guess."""
    with transaction.atomic():
        order = _locked_order(order_id)
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


def replan_order(*, actor, order_id, origin=None):
    """After an amendment, re-plan the open milestones from the new delivery date (or
    when some had no date because the calendar lacked a year); done milestones keep
    their dates."""
    with transaction.atomic():
        order = _locked_order(order_id)
        progress = OrderProgress.objects.filter(pk=order.pk).first()
        old_date = progress.delivery_date if progress else order.delivery_date
        open_milestones = list(
            order.milestones.select_for_update(of=("self",)).filter(status="open")
        )
        calendar = WorkingCalendar()
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


def complete_by_event(*, event_name, order_id, evidence_url="", note=""):
    """The event that proves a milestone completes the first open one waiting for it."""
    with transaction.atomic():
        order = _locked_order(order_id)
        milestone = (
            order.milestones.select_for_update(of=("self",))
            .filter(status=Milestone.Status.OPEN, completion_event=event_name)
            .order_by("position")
            .first()
        )
        if milestone is not None:
            _mark_done(
                milestone, None, Milestone.Completion.EVENT, evidence_url, note or event_name
            )
            _record_completion(None, milestone, None, event=event_name)
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
    order = _locked_order(milestone.order_id)
    milestone = Milestone.objects.select_for_update(of=("self",)).get(pk=milestone.pk)
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
        planning.refresh_progress(order)
    return milestone


def record_outlook(*, actor, order, outlook, expected_date=None, note="", origin=None):
    """D5-7: ahead of the due date the merchandiser confirms the order will be on time,
    or says it will be late and when it is now expected."""
    if outlook not in (OrderProgress.Outlook.ON_TIME, OrderProgress.Outlook.LATE):
        raise DomainError(_("Choose “on time” or “will be late”."), field="outlook")
    with transaction.atomic():
        order = _locked_order(order.pk)
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
    """A person's named set of board filters; the same name replaces the old one."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the view a name."), field="name")
    querystring = (querystring or "").lstrip("?")[:500]
    view, _created = SavedBoardView.objects.update_or_create(
        user=actor, name=name[:60], defaults={"querystring": querystring}
    )
    return view


def delete_board_view(*, actor, view_id):
    deleted, _detail = SavedBoardView.objects.filter(user=actor, pk=view_id).delete()
    if not deleted:
        raise NotFound()
