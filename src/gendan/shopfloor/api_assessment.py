"""/api/v1/shopfloor: assessments 考核 (D1-2.1, D1-2.2), chaotic-stack refusals (D1-4.9)
and placement suggestions (D1-2.3); the same services and gates as the pages, one
endpoint per action. Refusals raise DomainError, answered as {"detail", "field"}."""

from datetime import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from gendan.core.actions import perform
from gendan.core.errors import DomainError
from gendan.core.schemas import Id, column_text, text
from gendan.org.models import Team, Warehouse, Workshop
from gendan.shopfloor import assessment_queries as queries
from gendan.shopfloor import assessment_services as services
from gendan.shopfloor import assessment_suggestions as suggestions
from gendan.shopfloor.assessment_models import Assessment, PlacementSuggestion
from gendan.shopfloor.models import Lot

router = Router(tags=["shopfloor"])
User = get_user_model()


class AssessmentFilter(Schema):
    month: text(7) = ""
    workshop: Id | None = None
    person: Id | None = None
    target: column_text(Assessment, "target") = ""
    reason: column_text(Assessment, "reason") = ""
    state: column_text(Assessment, "state") = ""
    q: text(100) = ""


class AssessmentIn(Schema):
    workshop: Id
    target: column_text(Assessment, "target")
    person: Id
    reason: column_text(Assessment, "reason")
    note: text(2000)
    team: Id | None = None
    warehouse: Id | None = None
    points: int | None = None


class RefusalIn(Schema):
    lot: Id
    operation: column_text(Assessment, "operation")
    note: text(2000)
    person: Id | None = None
    team: Id | None = None


class RespondIn(Schema):
    response: text(2000)


class ConfirmIn(Schema):
    note: column_text(Assessment, "decision_note") = ""


class WaiveIn(Schema):
    reason: column_text(Assessment, "decision_note")


class AssessmentOut(Schema):
    id: int
    workshop: str
    target: str
    held_against: str
    person: str
    person_id: int
    warehouse: str | None
    team: str | None
    reason: str
    source: str
    points: int
    amount: Decimal
    note: str
    lot: str | None
    operation: str
    transfer: str | None
    receipt: str | None
    working_hours_taken: Decimal | None
    occurred_at: datetime
    state: str
    decision_note: str
    response_state: str
    response: str
    notified: str


class AssessmentSummaryOut(Schema):
    held_against: str
    points: int
    amount: Decimal
    reasons: dict[str, int]
    confirmed: int
    waived: int
    awaiting: int


class SuggestionIn(Schema):
    workshop: Id
    text: text(2000)


class AssessmentAnswerIn(Schema):
    answer: column_text(PlacementSuggestion, "answer") = ""


class SuggestionOut(Schema):
    id: int
    workshop: str
    text: str
    written_by: str
    written_at: datetime
    state: str
    answer: str


def _out(found):
    return {
        "id": found.pk,
        "workshop": str(found.workshop),
        "target": found.target,
        "held_against": queries.target_name(found),
        "person": queries.person_name(found.person),
        "person_id": found.person_id,
        "warehouse": str(found.warehouse) if found.warehouse_id else None,
        "team": found.team.name if found.team_id else None,
        "reason": found.reason,
        "source": found.source,
        "points": found.points,
        "amount": found.amount,
        "note": found.note,
        "lot": found.lot.document.number if found.lot_id else None,
        "operation": found.operation,
        "transfer": found.transfer.document.number if found.transfer_id else None,
        "receipt": found.receipt.number if found.receipt_id else None,
        "working_hours_taken": found.working_hours_taken,
        "occurred_at": found.occurred_at,
        "state": found.state,
        "decision_note": found.decision_note,
        "response_state": found.response_state,
        "response": found.response,
        "notified": found.notified,
    }


def _fresh(request, found):
    return _out(queries.access_assessment(request.user, found.pk))


def _get(model, pk, field):
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise DomainError(_("Not found, or you may not see it."), field=field)
    return found


@router.get("/assessments", response=list[AssessmentOut])
def assessment_list(request, filters: Query[AssessmentFilter]):
    values = {key: value for key, value in filters.dict().items() if value}
    rows = queries.filtered(queries.assessments_seen(request.user), values)
    rows = rows.select_related("transfer__document", "receipt")
    return [_out(found) for found in rows[:500]]


@router.get("/assessments/summary", response=list[AssessmentSummaryOut])
def assessment_summary(request, month: text(7) = "", workshop: Id | None = None):
    """Per target for `month` (YYYY-MM; this month when not given)."""
    values = {"month": month or timezone.localdate().strftime("%Y-%m"), "workshop": workshop}
    rows = queries.filtered(queries.assessments_seen(request.user), values)
    return [
        {
            "held_against": entry["target"],
            "points": entry["points"],
            "amount": entry["amount"],
            "reasons": dict(entry["reasons"]),
            "confirmed": entry["confirmed"],
            "waived": entry["waived"],
            "awaiting": entry["candidates"],
        }
        for entry in queries.monthly_summary(rows)
    ]


@router.post("/assessments", response={201: AssessmentOut})
def assessment_create(request, payload: Form[AssessmentIn], photo: File[UploadedFile] = None):
    found = perform(
        request,
        lambda origin: services.record_assessment(
            actor=request.user,
            workshop=_get(Workshop, payload.workshop, "workshop"),
            target=payload.target,
            person=_get(User, payload.person, "person"),
            team=_get(Team, payload.team, "team"),
            warehouse=_get(Warehouse, payload.warehouse, "warehouse"),
            reason=payload.reason,
            points=payload.points,
            note=payload.note,
            photo=photo,
            origin=origin,
        ),
    )
    return Status(201, _fresh(request, found))


@router.post("/assessments/refusals", response={201: AssessmentOut})
def refuse_chaotic_stack(request, payload: Form[RefusalIn], photo: File[UploadedFile] = None):
    """D1-4.9: refuse to take chaotically stacked parts; a photo is required."""
    found = perform(
        request,
        lambda origin: services.refuse_chaotic_stack(
            actor=request.user,
            lot=_get(Lot, payload.lot, "lot"),
            operation=payload.operation,
            note=payload.note,
            photo=photo,
            person=_get(User, payload.person, "person"),
            team=_get(Team, payload.team, "team"),
            origin=origin,
        ),
    )
    return Status(201, _fresh(request, found))


@router.get("/assessments/{assessment_id}", response=AssessmentOut)
def assessment_detail(request, assessment_id: Id):
    return _out(queries.access_assessment(request.user, assessment_id))


@router.post("/assessments/{assessment_id}/respond", response=AssessmentOut)
def assessment_respond(request, assessment_id: Id, payload: RespondIn):
    found = queries.access_assessment(request.user, assessment_id)
    perform(
        request,
        lambda origin: services.respond(
            actor=request.user, assessment=found, response=payload.response, origin=origin
        ),
    )
    return _fresh(request, found)


@router.post("/assessments/{assessment_id}/confirm", response=AssessmentOut)
def assessment_confirm(request, assessment_id: Id, payload: ConfirmIn):
    found = queries.access_assessment(request.user, assessment_id)
    perform(
        request,
        lambda origin: services.confirm(
            actor=request.user, assessment=found, note=payload.note, origin=origin
        ),
    )
    return _fresh(request, found)


@router.post("/assessments/{assessment_id}/waive", response=AssessmentOut)
def assessment_waive(request, assessment_id: Id, payload: WaiveIn):
    found = queries.access_assessment(request.user, assessment_id)
    perform(
        request,
        lambda origin: services.waive(
            actor=request.user, assessment=found, reason=payload.reason, origin=origin
        ),
    )
    return _fresh(request, found)


# ---------------------------------------------------------------- suggestions (D1-2.3)
def _suggestion_out(found):
    return {
        "id": found.pk,
        "workshop": str(found.workshop),
        "text": found.text,
        "written_by": queries.person_name(found.written_by),
        "written_at": found.written_at,
        "state": found.state,
        "answer": found.answer,
    }


@router.get("/suggestions", response=list[SuggestionOut])
def suggestion_list(request):
    return [_suggestion_out(found) for found in queries.suggestions_seen(request.user)[:500]]


@router.post("/suggestions", response={201: SuggestionOut})
def suggestion_create(request, payload: Form[SuggestionIn], photo: File[UploadedFile] = None):
    found = perform(
        request,
        lambda origin: suggestions.suggest_placement(
            actor=request.user,
            workshop=_get(Workshop, payload.workshop, "workshop"),
            text=payload.text,
            photo=photo,
            origin=origin,
        ),
    )
    return Status(201, _suggestion_out(found))


@router.post("/suggestions/{suggestion_id}/accept", response=SuggestionOut)
def suggestion_accept(request, suggestion_id: Id, payload: AssessmentAnswerIn):
    return _answer(request, suggestion_id, suggestions.accept, payload.answer)


@router.post("/suggestions/{suggestion_id}/decline", response=SuggestionOut)
def suggestion_decline(request, suggestion_id: Id, payload: AssessmentAnswerIn):
    return _answer(request, suggestion_id, suggestions.decline, payload.answer)


def _answer(request, suggestion_id, service, answer):
    found = queries.access_suggestion(request.user, suggestion_id)
    perform(
        request,
        lambda origin: service(actor=request.user, suggestion=found, answer=answer, origin=origin),
    )
    return _suggestion_out(queries.access_suggestion(request.user, found.pk))
