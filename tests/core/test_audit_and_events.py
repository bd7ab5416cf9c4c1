"""Audit rows (append-only, intact). Domain events: tests/core/test_events_outbox.py."""

import pytest
from django.db import connection, transaction

from gendan.core import audit, chains, integrity
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
