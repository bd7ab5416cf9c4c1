"""Placement suggestions (D1-2.3): the clerk suggests a better placement to the workshop
director, with a photo if she likes; the director accepts or declines it with an answer.
The answer is a move of `SUGGESTIONS`, audited."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gendan.core import attachments, audit
from gendan.core.errors import DomainError, PermissionDenied
from gendan.core.transitions import Move, TransitionTable, Who, transition
from gendan.shopfloor import assessment_queries as queries
from gendan.shopfloor.assessment_models import PlacementSuggestion

State = PlacementSuggestion.State
PHOTO = "photo"

SUGGESTIONS = TransitionTable(
    name="placement_suggestion",
    states=dict(State.choices),
    actions={"accept": gettext_lazy("accept"), "decline": gettext_lazy("decline")},
    describe=str,
    field="state",
    moves=(
        Move(
            "accept",
            (State.OPEN,),
            State.ACCEPTED,
            who=Who(gettext_lazy("the workshop director"), test=queries.may_answer),
        ),
        Move(
            "decline",
            (State.OPEN,),
            State.DECLINED,
            who=Who(gettext_lazy("the workshop director"), test=queries.may_answer),
            reason=True,
        ),
    ),
)


def suggest_placement(*, actor, workshop, text, photo=None, origin=None):
    """The clerk logs a suggestion for better placement to the workshop's director."""
    if not queries.may_create(actor, workshop):
        raise PermissionDenied(
            _(
                "Only the transfer clerk or the workshop director of %(workshop)s may log suggestions."
            )
            % {"workshop": workshop}
        )
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write the suggestion."), field="text")
    if photo is not None:
        attachments.check_file(photo, field="photo", extensions=attachments.PHOTO_EXTENSIONS)
    with transaction.atomic():
        suggestion = PlacementSuggestion.objects.create(
            workshop=workshop, text=text[:2000], written_by=actor, written_at=timezone.now()
        )
        audit.record(
            actor=actor,
            action="placement_suggestion.write",
            obj=suggestion,
            origin=origin,
            after={"text": suggestion.text},
        )
        if photo is not None:
            attachments.attach(
                actor=actor,
                obj=suggestion,
                upload=photo,
                purpose=PHOTO,
                extensions=attachments.PHOTO_EXTENSIONS,
                origin=origin,
            )
    return suggestion


def accept(*, actor, suggestion, answer="", origin=None):
    return _answer(actor, suggestion, "accept", answer, origin)


def decline(*, actor, suggestion, answer, origin=None):
    return _answer(actor, suggestion, "decline", answer, origin)


def _answer(actor, suggestion, action, answer, origin):
    answer = (answer or "").strip()[:1000]
    return transition(
        actor=actor,
        obj=suggestion,
        action=action,
        table=SUGGESTIONS,
        reason=answer,
        origin=origin,
        changes={"answer": answer, "answered_by_id": actor.pk, "answered_at": timezone.now()},
    )
