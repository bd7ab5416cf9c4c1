"""The audit chain makes tampering evident (issue 9): `gendan check` finds an audit row
that was deleted, changed with its digest recomputed, reordered or slipped in behind the
chain — on SQLite and on PostgreSQL — and PostgreSQL refuses TRUNCATE of the audit."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from gendan.core import audit, audit_chain
from gendan.core.integrity import audit_chain_unbroken
from gendan.core.models import AuditEvent, AuditSeal

pytestmark = pytest.mark.django_db

NOW = timedelta(0)


@pytest.fixture
def history(admin_user):
    """Five audited actions, sealed."""
    for number in range(1, 6):
        audit.record(actor=admin_user, action="book.create", after={"number": number})
    assert audit_chain.seal(settle=NOW) == 5
    return list(AuditEvent.objects.order_by("id"))


def _tamper(sql, params=()):
    """Change the table as someone with database access would, past the triggers."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # a superuser can switch triggers off
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")


def test_an_untouched_history_verifies(history):
    assert list(audit_chain.verify()) == []
    assert list(audit_chain_unbroken()) == []


def test_rows_are_sealed_only_once_settled(admin_user):
    audit.record(actor=admin_user, action="book.create")
    assert audit_chain.seal() == 0  # written just now: not yet settled
    assert audit_chain.seal(now=timezone.now() + timedelta(minutes=3)) == 1
    assert audit_chain.seal(settle=NOW) == 0  # never sealed twice


def test_a_deleted_row_is_found(history):
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [history[2].pk])
    assert list(audit_chain.verify()) == [
        f"audit row {history[2].pk} was deleted (its seal 3 remains)"
    ]


def test_a_row_changed_with_its_digest_recomputed_is_found(history):
    forged = history[1]
    forged.after = {"number": 99}
    _tamper(
        "UPDATE core_auditevent SET after = %s, digest = %s WHERE id = %s",
        ['{"number": 99}', forged.compute_digest(), forged.pk],
    )
    problems = list(audit_chain.verify())
    assert problems == [f"audit chain broken at row {forged.pk}: the row or the chain was changed"]


def test_reordered_rows_are_found(history):
    first, second = history[0], history[1]
    _tamper(
        "UPDATE core_auditevent SET after = %s, digest = %s WHERE id = %s",
        ['{"number": 2}', second.digest, first.pk],
    )
    _tamper(
        "UPDATE core_auditevent SET after = %s, digest = %s WHERE id = %s",
        ['{"number": 1}', first.digest, second.pk],
    )
    assert len(list(audit_chain.verify())) == 2


def test_a_deleted_row_and_its_seal_are_found(history):
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [history[3].pk])
    _tamper("DELETE FROM core_auditseal WHERE event_id = %s", [history[3].pk])
    problems = list(audit_chain.verify())
    assert "audit seal 4 is missing (the chain was cut)" in problems
    assert f"audit chain broken at row {history[4].pk}: the row or the chain was changed" in (
        problems
    )


def test_a_row_slipped_in_behind_the_chain_is_found(history, admin_user):
    late = audit.record(actor=admin_user, action="book.create", after={"number": 6})
    _tamper("UPDATE core_auditevent SET id = %s WHERE id = %s", [history[0].pk - 1000, late.pk])
    problems = list(audit_chain.verify())
    assert problems == [f"audit row {history[0].pk - 1000} was inserted behind the sealed chain"]


def test_the_chain_cannot_be_recomputed_without_the_key(history, settings):
    """Someone who recomputes every link with another key is caught: the links are keyed."""
    settings.SECRET_KEY = "someone-elses-key-" + "x" * 40
    assert len(list(audit_chain.verify())) == 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL trigger")
def test_postgresql_refuses_to_truncate_the_audit(history):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks left pending
        cursor.execute("SET gendan.allow_truncate = 'off'")
        try:
            for table in ("core_auditevent", "core_auditseal"):
                with pytest.raises(DatabaseError, match="TRUNCATE refused"), transaction.atomic():
                    cursor.execute(f"TRUNCATE {table} CASCADE")
        finally:
            cursor.execute("SET gendan.allow_truncate = 'on'")
    assert AuditEvent.objects.count() == 5 and AuditSeal.objects.count() == 5


def test_the_auditor_opens_the_audit_timeline_and_a_clerk_does_not(client, admin_user):
    """JOURNEYS (稽核专员): the auditor reads the audit timeline of any paper."""
    from gendan.core import numbering
    from tests.factories import BookFactory, UserFactory, grant

    book = BookFactory()
    document = numbering.open_document(actor=admin_user, book=book, title="半轴", is_signed=False)
    url = f"/timeline/core/document/{document.pk}/"
    auditor = UserFactory(username="songyu", first_name="宋雨")
    grant(auditor, "auditor")
    clerk = UserFactory(username="wangfang", first_name="王芳")
    grant(clerk, "clerk")
    client.force_login(clerk)
    assert client.get(url).status_code == 404
    client.force_login(auditor)
    page = client.get(url)
    assert page.status_code == 200
    assert "开了单据" in page.content.decode()
