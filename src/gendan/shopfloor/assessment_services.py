"""Every write of assessments 考核 (D1-2.1, D1-2.2) and chaotic-stack refusals (D1-4.9):
keyword-only, the acting user explicit, one transaction, the audit row inside, a
DomainError naming the field on refusal (and then nothing is changed).

- `record_assessment`: the clerk (or the director) records an assessment against a
  person, a team or a warehouse; points and amount by the company's policy.
- `refuse_chaotic_stack`: the clerk refuses to take chaotically stacked parts of a lot
  at an operation, with a photo and a note; the team leader and the director are told
  through the notification channels, and it becomes a candidate assessment. No
  quantity changes: nothing is posted.
- `flag_late_receipt`: a production receipt of a 入库 transfer (D1-3.4) signed by the
  warehouse more working hours after it was registered than the policy allows becomes a
  candidate against the warehouse and its storekeeper — once per receipt.
- `respond`, `confirm`, `waive`: the person assessed answers in their own words (once);
  the workshop director confirms or waives (with a reason) — moves of the tables below.
"""

import logging
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gendan.core import attachments, audit, notify, policies
from gendan.core.errors import DomainError, PermissionDenied
from gendan.core.models import Document, NotificationChannel, Signature
from gendan.core.pinyin import search_key
from gendan.core.transitions import Move, TransitionTable, Who, transition
from gendan.shopfloor import assessment_policies as rules
from gendan.shopfloor import assessment_queries as queries
from gendan.shopfloor.assessment_hours import working_hours_between
from gendan.shopfloor.assessment_models import Assessment
from gendan.shopfloor.models import TransferSlip

logger = logging.getLogger(__name__)
Target, Reason, Source, State = (
    Assessment.Target,
    Assessment.Reason,
    Assessment.Source,
    Assessment.State,
)
PHOTO = "photo"

DECISIONS = TransitionTable(
    name="assessment",
    states=dict(State.choices),
    actions={"confirm": gettext_lazy("confirm"), "waive": gettext_lazy("waive")},
    describe=str,
    field="state",
    moves=(
        Move(
            "confirm",
            (State.CANDIDATE,),
            State.CONFIRMED,
            who=Who(gettext_lazy("the workshop director"), test=queries.may_decide),
        ),
        Move(
            "waive",
            (State.CANDIDATE, State.CONFIRMED),
            State.WAIVED,
            who=Who(gettext_lazy("the workshop director"), test=queries.may_decide),
            reason=True,
        ),
    ),
)
RESPONSES = TransitionTable(
    name="assessment",
    states=dict(Assessment.ResponseState.choices),
    actions={"respond": gettext_lazy("answer")},
    describe=str,
    field="response_state",
    moves=(
        Move(
            "respond",
            (Assessment.ResponseState.AWAITING,),
            Assessment.ResponseState.ANSWERED,
            who=Who(gettext_lazy("the person assessed"), test=queries.may_respond),
        ),
    ),
)


# ---------------------------------------------------------------- recording
def policy_points(reason, points=None):
    """Points by the company's policy: fixed for a late receipt and a chaotic stack; given
    by the writer (1 to the policy's most) for another reason."""
    if reason == Reason.LATE_RECEIPT:
        return policies.get(rules.POINTS_LATE_RECEIPT)
    if reason == Reason.CHAOTIC_STACK:
        return policies.get(rules.POINTS_CHAOTIC_STACK)
    most = policies.get(rules.MAX_POINTS_OTHER)
    try:
        value = int(str(points).strip())
    except (TypeError, ValueError):
        value = None
    if value is None or not 1 <= value <= most:
        raise DomainError(
            _("Give the points for this assessment: a whole number from 1 to %(most)s.")
            % {"most": most},
            field="points",
        )
    return value


def _amount(points):
    return Decimal(points) * policies.get(rules.YUAN_PER_POINT)


def _check_target(*, actor, workshop, target, person, team, warehouse):
    if target not in Target.values:
        raise DomainError(_("Choose what the assessment is held against."), field="target")
    if person is None or not person.is_active:
        raise DomainError(_("Name the person who answers for it."), field="person")
    if person.pk == actor.pk:
        raise DomainError(_("You cannot assess yourself."), field="person")
    if target == Target.WAREHOUSE and warehouse is None:
        raise DomainError(_("Choose the warehouse assessed."), field="warehouse")
    if team is not None and team.workshop_id != workshop.pk:
        raise DomainError(
            _("The team %(team)s is not a team of %(workshop)s.")
            % {"team": team.name, "workshop": workshop},
            field="team",
        )


def _require_writer(actor, workshop):
    if not queries.may_create(actor, workshop):
        raise PermissionDenied(
            _(
                "Only the transfer clerk or the workshop director of %(workshop)s may record assessments."
            )
            % {"workshop": workshop}
        )


def _clean_text(text, field, message):
    text = (text or "").strip()
    if not text:
        raise DomainError(message, field=field)
    return text[:2000]


def _search_text(assessment):
    return search_key(
        queries.person_name(assessment.person),
        assessment.team.name if assessment.team_id else "",
        str(assessment.warehouse or ""),
        str(assessment.workshop),
        assessment.lot.document.number if assessment.lot_id else "",
        assessment.operation,
        assessment.note[:200],
    )


def _create(*, actor, origin, action, photo=None, **fields):
    now = timezone.now()
    assessment = Assessment(written_at=now, **fields)
    assessment.occurred_at = assessment.occurred_at or now
    assessment.amount = _amount(assessment.points)
    assessment.search_text = _search_text(assessment)
    assessment.save()
    audit.record(
        actor=actor,
        action=action,
        obj=assessment,
        origin=origin,
        after={
            "reason": assessment.reason,
            "target": assessment.target,
            "points": assessment.points,
            "amount": str(assessment.amount),
            "note": assessment.note,
        },
    )
    if photo is not None:
        attachments.attach(
            actor=actor,
            obj=assessment,
            upload=photo,
            purpose=PHOTO,
            extensions=attachments.PHOTO_EXTENSIONS,
            origin=origin,
        )
    return assessment


def record_assessment(
    *,
    actor,
    workshop,
    target,
    person,
    reason,
    note,
    team=None,
    warehouse=None,
    points=None,
    lot=None,
    operation="",
    photo=None,
    origin=None,
):
    """The clerk records an assessment (D1-2.1, D1-2.2): a candidate for the director."""
    _require_writer(actor, workshop)
    if reason not in Reason.values:
        raise DomainError(_("Choose the reason of the assessment."), field="reason")
    _check_target(
        actor=actor, workshop=workshop, target=target, person=person, team=team, warehouse=warehouse
    )
    note = _clean_text(note, "note", _("Write what happened."))
    if photo is not None:
        attachments.check_file(photo, field="photo", extensions=attachments.PHOTO_EXTENSIONS)
    with transaction.atomic():
        return _create(
            actor=actor,
            origin=origin,
            action="assessment.record",
            photo=photo,
            workshop=workshop,
            target=target,
            person=person,
            team=team,
            warehouse=warehouse if target == Target.WAREHOUSE else None,
            reason=reason,
            source=Source.RECORDED,
            points=policy_points(reason, points),
            note=note,
            lot=lot,
            operation=(operation or "")[:60],
            written_by=actor,
        )


# ---------------------------------------------------------------- refusing a chaotic stack
def refuse_chaotic_stack(
    *, actor, lot, operation, note, photo, person=None, team=None, origin=None
):
    """D1-4.9: the clerk refuses to take the lot's parts at `operation` (a step name of its
    route) because they are stacked chaotically (D1-2.2). The team leader and the
    director are told; the refusal is a candidate assessment. Nothing is posted."""
    step = lot.steps.filter(name=operation).select_related("workshop").first()
    if step is None:
        raise DomainError(
            _("%(operation)s is not an operation of lot %(lot)s.")
            % {"operation": operation or "—", "lot": lot.document.number},
            field="operation",
        )
    workshop = step.workshop
    _require_writer(actor, workshop)
    if photo is None:
        raise DomainError(_("Take a photo of the stack."), field="photo")
    attachments.check_file(photo, field="photo", extensions=attachments.PHOTO_EXTENSIONS)
    note = _clean_text(note, "note", _("Write what is wrong with the stack."))
    person = person or first_team_leader(workshop)
    _check_target(
        actor=actor, workshop=workshop, target=Target.TEAM, person=person, team=team, warehouse=None
    )
    with transaction.atomic():
        assessment = _create(
            actor=actor,
            origin=origin,
            action="assessment.refuse_stack",
            photo=photo,
            workshop=workshop,
            target=Target.TEAM,
            person=person,
            team=team,
            reason=Reason.CHAOTIC_STACK,
            source=Source.REFUSAL,
            points=policy_points(Reason.CHAOTIC_STACK),
            note=note,
            lot=lot,
            operation=step.name,
            written_by=actor,
        )
        assessment.notified = _tell_leaders(assessment, actor)
        Assessment.objects.filter(pk=assessment.pk).update(notified=assessment.notified)
    return assessment


def first_team_leader(workshop):
    """The team leader who answers for a stack at `workshop` when the clerk names nobody:
    one granted for the workshop, else one granted everywhere."""
    from gendan.org.models import RoleGrant

    grants = RoleGrant.objects.filter(role__code="team_leader", user__is_active=True)
    found = grants.filter(workshop=workshop).order_by("pk").first()
    found = found or grants.filter(scope_key="").order_by("pk").first()
    return found.user if found else None


def channels():
    names = [name.strip() for name in policies.get(rules.CHANNELS).split(",") if name.strip()]
    found = NotificationChannel.objects.filter(name__in=names, is_active=True)
    return sorted(found, key=lambda channel: names.index(channel.name))


def _tell_leaders(assessment, actor):
    """One message per channel of the policy; a channel that cannot send is logged and
    does not stop the refusal. Returns the names of the channels told."""
    subject = _("Chaotic stack refused: lot %(lot)s at %(operation)s") % {
        "lot": assessment.lot.document.number,
        "operation": assessment.operation,
    }
    body = _(
        "%(clerk)s refused to take lot %(lot)s (%(item)s) at %(operation)s, %(workshop)s: "
        "%(note)s. Assessment %(number)s waits for the workshop director; %(person)s answers."
    ) % {
        "clerk": queries.person_name(actor),
        "lot": assessment.lot.document.number,
        "item": assessment.lot.item.name,
        "operation": assessment.operation,
        "workshop": assessment.workshop,
        "note": assessment.note,
        "number": assessment.pk,
        "person": queries.person_name(assessment.person),
    }
    told = []
    for channel in channels():
        try:
            notify.send_notification(channel=channel, subject=subject[:120], body=body, actor=actor)
        except DomainError as refusal:
            logger.warning("assessment %s: %s not told: %s", assessment.pk, channel.name, refusal)
            continue
        told.append(channel.name)
    return "、".join(told)[:300]


# ---------------------------------------------------------------- late receipts (D1-2.1)
def flag_late_receipt(*, receipt_document_id):
    """A candidate against the warehouse (and the storekeeper who signed) when the
    production receipt of a 入库 transfer was signed more working hours after it was
    registered than the policy allows. Never two for one receipt; None when on time."""
    transfer = (
        TransferSlip.objects.filter(
            stock_slip__document_id=receipt_document_id,
            destination=TransferSlip.Destination.WAREHOUSE,
        )
        .select_related("workshop", "warehouse", "document")
        .first()
    )
    existing = Assessment.objects.filter(receipt_id=receipt_document_id).first()
    if transfer is None or existing is not None:
        return existing
    receipt = Document.objects.get(pk=receipt_document_id)
    signed = receipt.signatures.filter(action=Signature.Action.SIGN).order_by("-at", "-id").first()
    registered = receipt.submitted_at or receipt.created_at
    if signed is None or receipt.status != Document.Status.POSTED:
        return None
    hours = working_hours_between(registered, signed.at)
    allowed = policies.get(rules.LATE_RECEIPT_WORKING_HOURS)
    if hours <= allowed:
        return None
    try:
        with transaction.atomic():
            return _create_late(transfer, receipt, signed, registered, hours, allowed)
    except IntegrityError:  # another worker flagged the same receipt a moment ago
        return Assessment.objects.get(receipt_id=receipt_document_id)


def _create_late(transfer, receipt, signed, registered, hours, allowed):
    with translation.override(settings.LANGUAGE_CODE):
        note = _(
            "Production receipt %(receipt)s (transfer slip %(transfer)s) was registered at "
            "%(registered)s and signed by the warehouse at %(signed)s: %(hours)s working "
            "hours, %(allowed)s allowed."
        ) % {
            "receipt": receipt.number,
            "transfer": transfer.document.number,
            "registered": timezone.localtime(registered).strftime("%Y-%m-%d %H:%M"),
            "signed": timezone.localtime(signed.at).strftime("%Y-%m-%d %H:%M"),
            "hours": hours,
            "allowed": allowed,
        }
    return _create(
        actor=None,
        origin=None,
        action="assessment.late_receipt",
        workshop=transfer.workshop,
        target=Target.WAREHOUSE,
        person=signed.on_behalf_of or signed.signer,  # a delegate signs for the storekeeper
        warehouse=transfer.warehouse,
        reason=Reason.LATE_RECEIPT,
        source=Source.LATE_RECEIPT,
        points=policy_points(Reason.LATE_RECEIPT),
        note=note,
        transfer=transfer,
        receipt=receipt,
        working_hours_taken=hours,
        occurred_at=signed.at,
        written_by=None,
    )


# ---------------------------------------------------------------- answer and decision
def respond(*, actor, assessment, response, origin=None):
    """The person assessed answers in their own words, once."""
    response = _clean_text(response, "response", _("Write your answer."))
    return transition(
        actor=actor,
        obj=assessment,
        action="respond",
        table=RESPONSES,
        origin=origin,
        changes={"response": response, "responded_at": timezone.now()},
    )


def confirm(*, actor, assessment, note="", origin=None):
    """The workshop director confirms the assessment: its points count in the month."""
    return _decide(actor, assessment, "confirm", note, origin)


def waive(*, actor, assessment, reason, origin=None):
    """The workshop director waives the assessment (a reason is required), also after
    confirming it — when the answer convinces him."""
    return _decide(actor, assessment, "waive", reason, origin)


def _decide(actor, assessment, action, note, origin):
    note = (note or "").strip()[:500]
    return transition(
        actor=actor,
        obj=assessment,
        action=action,
        table=DECISIONS,
        reason=note,
        origin=origin,
        changes={
            "decided_by_id": actor.pk,
            "decided_at": timezone.now(),
            "decision_note": note,
        },
    )


def add_photo(*, actor, assessment, photo, origin=None):
    """Another photo for the record, by whoever wrote it or the director."""
    if assessment.written_by_id != actor.pk and not queries.may_decide(actor, assessment):
        raise PermissionDenied(_("Only who wrote the assessment or the director may add photos."))
    return attachments.attach(
        actor=actor,
        obj=assessment,
        upload=photo,
        purpose=PHOTO,
        extensions=attachments.PHOTO_EXTENSIONS,
        origin=origin,
    )
