"""Audit rows (append-only, intact) and domain events delivered after commit."""

import pytest
from django.db import connection, transaction

from gendan.core import audit, chains, events, integrity, numbering
from gendan.core.models import AuditEvent


def test_every_service_writes_an_audit_row_in_its_transaction(submitted, clerk):
    assert [e.action for e in audit.timeline_for(submitted)] == ["document.open", "document.submit"]
    chains.sign(actor=clerk, document=submitted, note="ok")
    event = audit.timeline_for(submitted).last()
    assert (event.action, event.actor, event.after["step"]) == ("document.sign", clerk, 1)


def test_timeline_lists_an_objects_rows_oldest_first(submitted, clerk):
    chains.sign(actor=clerk, document=submitted)
    assert [e.action for e in audit.timeline_for(submitted)] == [
        "document.open",
        "document.submit",
        "document.sign",
    ]


def test_refused_action_leaves_no_audit_row(submitted, inspector):
    rows = AuditEvent.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - any refusal; the point is the unchanged count
        chains.sign(actor=inspector, document=submitted)
    assert AuditEvent.objects.count() == rows


def test_check_finds_an_audit_row_altered_outside_the_application(submitted):
    assert list(integrity.audit_intact()) == []
    if connection.vendor == "postgresql":
        pytest.skip("on PostgreSQL the trigger refuses the update itself (tested below)")
    AuditEvent.objects.filter(action="document.open").update(object_repr="forged")
    assert any("altered" in problem for problem in integrity.audit_intact())


@pytest.mark.django_db(transaction=True)
def test_postgresql_trigger_refuses_update_and_delete_of_audit_rows(admin_user):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    from django.db import DatabaseError

    audit.record(actor=admin_user, action="test.row")
    for statement in ("UPDATE core_auditevent SET action='x'", "DELETE FROM core_auditevent"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert AuditEvent.objects.filter(action="test.row").count() == 1


def test_events_are_delivered_after_commit_only(db, django_capture_on_commit_callbacks):
    received = []

    def handler(**payload):
        received.append(payload)

    events.subscribe("test.happened", handler)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            events.publish("test.happened", number=1)
            assert received == []  # not before commit
        assert received == [{"number": 1}]
    finally:
        events.unsubscribe("test.happened", handler)


def test_events_of_a_rolled_back_transaction_are_never_delivered(transactional_db):
    received = []

    def handler(**payload):
        received.append(payload)

    events.subscribe("test.rolled_back", handler)
    with pytest.raises(RuntimeError), transaction.atomic():
        events.publish("test.rolled_back", number=1)
        raise RuntimeError("rollback")
    events.unsubscribe("test.rolled_back", handler)
    assert received == []


def test_a_failing_subscriber_does_not_stop_the_others(db, django_capture_on_commit_callbacks):
    received = []

    def broken(**payload):
        raise ValueError("boom")

    def working(**payload):
        received.append(payload)

    events.subscribe("test.mixed", broken)
    events.subscribe("test.mixed", working)
    with django_capture_on_commit_callbacks(execute=True):
        events.publish("test.mixed", number=2)
    events.unsubscribe("test.mixed", broken)
    events.unsubscribe("test.mixed", working)
    assert received == [{"number": 2}]


def test_posting_publishes_document_posted(
    book, clerk, inspector, operator, receiver, django_capture_on_commit_callbacks
):
    received = []

    def handler(**payload):
        received.append(payload)

    events.subscribe("document.posted", handler)
    document = chains.submit(actor=clerk, document=numbering.open_document(actor=clerk, book=book))
    with django_capture_on_commit_callbacks(execute=True):
        for person in (clerk, inspector, operator, receiver):
            chains.sign(actor=person, document=document)
    events.unsubscribe("document.posted", handler)
    assert {"document_id": document.pk, "slip_type": "test.slip"} in received
