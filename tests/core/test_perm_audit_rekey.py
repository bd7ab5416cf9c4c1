"""Re-keying the audit chain (issue 9, "Tamper-evident audit"): the chain's key comes
from SECRET_KEY, so after the key is changed `gendan check` would call the whole chain
broken. `gendan audit rekey --old-key-file F` verifies every seal under the old key and
appends one checkpoint seal under the new one — only inserts, so PostgreSQL's
append-only trigger on the seals allows it — and refuses, changing nothing, when the old
key does not verify the chain."""

from datetime import timedelta

import pytest
from django.db import connection

from gendan.cli import main as gendan
from gendan.core import audit, audit_chain
from gendan.core.models import AuditEvent, AuditSeal

pytestmark = pytest.mark.django_db

OLD_KEY = "the-key-before-the-move-0123456789-abcdefghij"
NEW_KEY = "the-key-after-the-move-9876543210-zyxwvutsrq"
NOW = timedelta(0)


@pytest.fixture
def sealed_under_the_old_key(admin_user, settings):
    """Five audited actions sealed under the old SECRET_KEY; then the key is changed."""
    settings.SECRET_KEY = OLD_KEY
    for number in range(1, 6):
        audit.record(actor=admin_user, action="book.create", after={"number": number})
    assert audit_chain.seal(settle=NOW) == 5
    settings.SECRET_KEY = NEW_KEY
    return list(AuditEvent.objects.order_by("id"))


def _seals():
    return list(AuditSeal.objects.order_by("sequence").values_list("sequence", "event_id", "chain"))


def _key_file(tmp_path, key):
    path = tmp_path / "old-secret-key"
    path.write_text(key + "\n", encoding="utf-8")
    return str(path)


def _run(*argv):
    with pytest.raises(SystemExit) as ended:
        gendan(list(argv))
    return ended.value.code


def test_after_the_key_changed_the_chain_fails_until_rekeyed_with_the_old_key(
    sealed_under_the_old_key, tmp_path, admin_user
):
    """The operator moved the server with a new SECRET_KEY: check fails; rekey with the
    old key fixes it; rows written later are sealed and verified under the new key."""
    assert list(audit_chain.verify())  # every link is "broken" under the new key
    assert _run("audit", "rekey", "--old-key-file", _key_file(tmp_path, OLD_KEY)) == 0
    assert list(audit_chain.verify()) == []
    checkpoint = AuditSeal.objects.order_by("-sequence").first()
    assert checkpoint.event_id == -1 and checkpoint.sequence == 6
    audit.record(actor=admin_user, action="book.create", after={"number": 6})
    assert audit_chain.seal(settle=NOW) == 1
    assert list(audit_chain.verify()) == []


def test_a_wrong_old_key_is_refused_and_nothing_changes(sealed_under_the_old_key, tmp_path):
    before = _seals()
    wrong = _key_file(tmp_path, "not-the-old-key-at-all-0000000000000000000")
    assert _run("audit", "rekey", "--old-key-file", wrong) == 1
    assert _seals() == before


def test_the_current_key_as_old_key_is_refused(sealed_under_the_old_key, tmp_path):
    before = _seals()
    assert _run("audit", "rekey", "--old-key-file", _key_file(tmp_path, NEW_KEY)) == 1
    assert _seals() == before


def test_a_missing_key_file_is_refused(sealed_under_the_old_key, tmp_path):
    before = _seals()
    assert _run("audit", "rekey", "--old-key-file", str(tmp_path / "nowhere")) == 2
    assert _seals() == before


def test_a_chain_tampered_before_the_move_is_not_rekeyed(sealed_under_the_old_key):
    """A row changed (digest recomputed) before re-keying: the old key finds the break
    and the checkpoint is not written, so the tampering is not laundered."""
    forged = sealed_under_the_old_key[2]
    _tamper("UPDATE core_auditevent SET digest = %s WHERE id = %s", ["f" * 64, forged.pk])
    before = _seals()
    with pytest.raises(audit_chain.RekeyRefused) as refused:
        audit_chain.rekey(OLD_KEY)
    assert any(str(forged.pk) in problem for problem in refused.value.problems)
    assert _seals() == before


def test_tampering_before_the_checkpoint_still_shows_after_rekeying(sealed_under_the_old_key):
    """The links before the checkpoint are no longer checked one by one, but the
    checkpoint's running hash covers them: a row changed later is still found."""
    audit_chain.rekey(OLD_KEY)
    forged = sealed_under_the_old_key[1]
    _tamper("UPDATE core_auditevent SET digest = %s WHERE id = %s", ["e" * 64, forged.pk])
    problems = list(audit_chain.verify())
    assert problems == [
        "audit chain broken before the re-keying at seal 6: a row or a seal before it was changed"
    ]


def test_a_row_deleted_before_the_checkpoint_still_shows(sealed_under_the_old_key):
    audit_chain.rekey(OLD_KEY)
    gone = sealed_under_the_old_key[3]
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [gone.pk])
    problems = list(audit_chain.verify())
    assert f"audit row {gone.pk} was deleted (its seal 4 remains)" in problems


def test_rekeying_twice_needs_the_key_of_the_last_move(sealed_under_the_old_key, settings):
    """A second move: the second re-keying checks the first checkpoint under the key
    it was made with (the second-to-last key), and the whole chain verifies after."""
    audit_chain.rekey(OLD_KEY)
    with pytest.raises(audit_chain.RekeyRefused):
        audit_chain.rekey(OLD_KEY)  # already re-keyed: the old key verifies nothing new
    settings.SECRET_KEY = "a-third-key-for-the-second-move-55555555555"
    audit_chain.rekey(NEW_KEY)
    assert list(audit_chain.verify()) == []
    assert list(AuditSeal.objects.filter(event_id__lt=0).values_list("event_id", flat=True)) == [
        -1,
        -2,
    ]


def test_rows_sealed_under_the_new_key_before_rekeying_are_accepted(
    sealed_under_the_old_key, admin_user
):
    """The worker kept sealing after the move (under the new key) until the operator
    re-keyed: the old key verifies the old links, the new key the ones after."""
    audit.record(actor=admin_user, action="book.create", after={"number": 6})
    assert audit_chain.seal(settle=NOW) == 1
    assert audit_chain.rekey(OLD_KEY) == 6
    assert list(audit_chain.verify()) == []


def _tamper(sql, params=()):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")
