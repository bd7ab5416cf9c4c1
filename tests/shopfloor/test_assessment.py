"""Assessments 考核 (D1-2.1, D1-2.2), refusing a chaotic stack (D1-4.9) and placement
suggestions (D1-2.3): the rules of the services.

Personas (机加车间): 王芳 the clerk, 孙丽 the team leader, 赵刚 the workshop director,
周杰 the operator, 陈静 the statistician; 路人 an outsider with no role.
"""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gendan.core import attachments, policies
from gendan.core.errors import DomainError, InvalidTransition, PermissionDenied
from gendan.core.models import AuditEvent, NotificationChannel, NotificationMessage
from gendan.shopfloor import assessment_policies as rules
from gendan.shopfloor import assessment_services as services
from gendan.shopfloor import assessment_suggestions as suggestions
from gendan.shopfloor.assessment_models import Assessment, PlacementSuggestion
from gendan.shopfloor.demo_assessment import photo
from gendan.stock.models import StockBalance, StockMove

Reason, State = Assessment.Reason, Assessment.State


def refuse(clerk, lot, **fields):
    values = {
        "actor": clerk,
        "lot": lot,
        "operation": "车",
        "note": "半轴散堆在地上，无法清点",
        "photo": photo("stack.png"),
    } | fields
    return services.refuse_chaotic_stack(**values)


@pytest.fixture
def channel(admin_user):
    found = NotificationChannel.objects.create(
        name="机加车间群", kind=NotificationChannel.Kind.EMAIL, recipients="jj@example.com"
    )
    policies.set_policy(actor=admin_user, declared_policy=rules.CHANNELS, value="机加车间群")
    return found


def ledger_counts():
    return (
        StockMove.objects.count(),
        sorted(StockBalance.objects.values_list("location_id", "batch_id", "quantity")),
    )


# ---------------------------------------------------------------- D1-4.9 refusing a stack
def test_d1_4_9_the_clerk_refuses_a_chaotic_stack_and_it_becomes_a_candidate(
    lot, clerk, receiver, director, channel
):
    """王芳 refuses to take lot's 半轴 at 车 with a photo and a note: a candidate against
    孙丽's team (D1-2.2) with the chaotic-stack points of the policy; no quantity moves;
    the channel of the team leader and the director gets one message."""
    before = ledger_counts()
    found = refuse(clerk, lot)
    assert (found.reason, found.source, found.state) == (
        Reason.CHAOTIC_STACK,
        Assessment.Source.REFUSAL,
        State.CANDIDATE,
    )
    assert (found.person, found.workshop, found.lot, found.operation) == (
        receiver,
        lot.workshop,
        lot,
        "车",
    )
    assert found.points == 3 and found.amount == Decimal(30)
    assert ledger_counts() == before
    assert NotificationMessage.objects.filter(channel=channel).count() == 1
    message = NotificationMessage.objects.get()
    assert lot.document.number in message.subject and "半轴散堆" in message.body
    assert found.notified == "机加车间群"
    assert [a.original_name for a in attachments.attachments_for(found)] == ["stack.png"]
    assert AuditEvent.objects.filter(action="assessment.refuse_stack").count() == 1


def test_d1_4_9_a_refusal_without_a_photo_is_refused_and_changes_nothing(
    lot, clerk, receiver, channel
):
    before = (ledger_counts(), Assessment.objects.count(), NotificationMessage.objects.count())
    with pytest.raises(DomainError) as refused:
        refuse(clerk, lot, photo=None)
    assert refused.value.field == "photo"
    with pytest.raises(DomainError) as refused:
        refuse(clerk, lot, photo=SimpleUploadedFile("stack.exe", b"MZ"))
    assert refused.value.field == "photo"
    with pytest.raises(DomainError) as refused:
        refuse(clerk, lot, operation="装配")
    assert refused.value.field == "operation"
    after = (ledger_counts(), Assessment.objects.count(), NotificationMessage.objects.count())
    assert after == before


def test_d1_4_9_only_the_clerk_or_director_of_the_workshop_refuses(
    lot, operator, outsider, receiver, channel
):
    """周杰 the operator and a person with no role may not record a refusal; nothing is
    written and nobody is told."""
    for person in (operator, outsider):
        with pytest.raises(PermissionDenied):
            refuse(person, lot)
    assert not Assessment.objects.exists()
    assert not NotificationMessage.objects.exists()


def test_d1_4_9_a_switched_off_channel_does_not_stop_the_refusal(lot, clerk, receiver, channel):
    NotificationChannel.objects.filter(pk=channel.pk).update(is_active=False)
    found = refuse(clerk, lot)
    assert found.notified == ""
    assert not NotificationMessage.objects.exists()


# ---------------------------------------------------------------- D1-2.x recording
def test_d1_2_2_the_clerk_records_an_assessment_with_points_by_policy(
    machining, clerk, operator, admin_user
):
    policies.set_policy(actor=admin_user, declared_policy=rules.YUAN_PER_POINT, value=5)
    found = services.record_assessment(
        actor=clerk,
        workshop=machining,
        target=Assessment.Target.PERSON,
        person=operator,
        reason=Reason.CHAOTIC_STACK,
        points=99,  # ignored: the policy fixes the points of a chaotic stack
        note="工序件堆放混乱",
    )
    assert (found.points, found.amount, found.written_by) == (3, Decimal(15), clerk)


def test_d1_2_3_other_reasons_take_points_within_the_policy(machining, clerk, operator):
    values = {
        "actor": clerk,
        "workshop": machining,
        "target": Assessment.Target.PERSON,
        "person": operator,
        "reason": Reason.OTHER,
        "note": "未按要求挂标识卡",
    }
    with pytest.raises(DomainError) as refused:
        services.record_assessment(**values, points=11)
    assert refused.value.field == "points"
    assert not Assessment.objects.exists()
    assert services.record_assessment(**values, points=4).points == 4


def test_d1_2_1_a_warehouse_assessment_names_the_warehouse_and_no_one_assesses_himself(
    machining, clerk, storekeeper, store
):
    values = {
        "actor": clerk,
        "workshop": machining,
        "target": Assessment.Target.WAREHOUSE,
        "person": storekeeper,
        "reason": Reason.LATE_RECEIPT,
        "note": "入库单压了一天",
    }
    with pytest.raises(DomainError) as refused:
        services.record_assessment(**values)
    assert refused.value.field == "warehouse"
    with pytest.raises(DomainError) as refused:
        services.record_assessment(**values | {"person": clerk}, warehouse=store)
    assert refused.value.field == "person"
    assert not Assessment.objects.exists()
    found = services.record_assessment(**values, warehouse=store)
    assert (found.warehouse, found.points) == (store, 2)


# ---------------------------------------------------------------- answer and decision
@pytest.fixture
def candidate(lot, clerk, receiver):
    return refuse(clerk, lot)


def test_d1_2_2_the_person_assessed_answers_once_in_their_own_words(candidate, receiver, clerk):
    with pytest.raises(PermissionDenied):
        services.respond(actor=clerk, assessment=candidate, response="不是我")
    found = services.respond(actor=receiver, assessment=candidate, response="班组正在换型，已整改")
    assert found.response_state == Assessment.ResponseState.ANSWERED
    assert found.response == "班组正在换型，已整改" and found.responded_at
    with pytest.raises(InvalidTransition):
        services.respond(actor=receiver, assessment=candidate, response="再补充一句")
    candidate.refresh_from_db()
    assert candidate.response == "班组正在换型，已整改"


def test_d1_2_2_the_director_confirms_or_waives_with_a_reason(candidate, director, clerk):
    with pytest.raises(PermissionDenied):
        services.confirm(actor=clerk, assessment=candidate)
    with pytest.raises(DomainError) as refused:
        services.waive(actor=director, assessment=candidate, reason="")
    assert refused.value.field == "reason"
    candidate.refresh_from_db()
    assert candidate.state == State.CANDIDATE and candidate.decided_by is None
    found = services.confirm(actor=director, assessment=candidate, note="照章考核")
    assert (found.state, found.decided_by_id, found.decision_note) == (
        State.CONFIRMED,
        director.pk,
        "照章考核",
    )
    with pytest.raises(InvalidTransition):
        services.confirm(actor=director, assessment=found)
    waived = services.waive(actor=director, assessment=found, reason="班长答复属实，免于考核")
    assert waived.state == State.WAIVED
    actions = list(
        AuditEvent.objects.filter(object_id=str(candidate.pk), action__startswith="assessment.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["assessment.refuse_stack", "assessment.confirm", "assessment.waive"]


def test_d1_2_2_a_director_does_not_decide_a_record_against_himself(lot, clerk, director):
    found = refuse(clerk, lot, person=director)
    with pytest.raises(PermissionDenied):
        services.confirm(actor=director, assessment=found)
    found.refresh_from_db()
    assert found.state == State.CANDIDATE


# ---------------------------------------------------------------- D1-2.3 suggestions
def test_d1_2_3_the_clerk_suggests_a_placement_and_the_director_answers(machining, clerk, director):
    suggestion = suggestions.suggest_placement(
        actor=clerk, workshop=machining, text="磨床旁加货架", photo=photo("shelf.png")
    )
    assert suggestion.state == PlacementSuggestion.State.OPEN
    with pytest.raises(PermissionDenied):
        suggestions.accept(actor=clerk, suggestion=suggestion)
    with pytest.raises(DomainError):
        suggestions.decline(actor=director, suggestion=suggestion, answer="")
    suggestion.refresh_from_db()
    assert suggestion.state == PlacementSuggestion.State.OPEN
    found = suggestions.decline(actor=director, suggestion=suggestion, answer="场地不够")
    assert (found.state, found.answer, found.answered_by_id) == (
        PlacementSuggestion.State.DECLINED,
        "场地不够",
        director.pk,
    )
    with pytest.raises(InvalidTransition):
        suggestions.accept(actor=director, suggestion=found)


def test_d1_2_3_an_empty_suggestion_is_refused(machining, clerk):
    with pytest.raises(DomainError) as refused:
        suggestions.suggest_placement(actor=clerk, workshop=machining, text="  ")
    assert refused.value.field == "text"
    assert not PlacementSuggestion.objects.exists()
