"""Document books (invariant 2; D1-3.5, D1-3.6): gap-free numbers, voids keep numbers."""

import pytest

from gendan.core import chains, integrity, numbering
from gendan.core.errors import BookClosed, DomainError
from gendan.core.models import AuditEvent, Document, DocumentBook


def test_numbers_follow_the_configured_format(book, clerk):
    first = numbering.open_document(actor=clerk, book=book, title="半轴")
    second = numbering.open_document(actor=clerk, book=book, title="刀轴")
    assert (first.number, second.number) == ("TS-机加-2026-000001", "TS-机加-2026-000002")
    assert first.scope_key == book.scope_key


def test_rk_format_like_the_paper_receipt_book(admin_user, test_chain):
    """D1-3.5: one receipt book per workshop, numbered in order."""
    book = numbering.create_book(
        actor=admin_user,
        code="RK-JJ-2026",
        name="机加入库单",
        slip_type="test.slip",
        prefix="RK-机加",
        year=2026,
    )
    assert numbering.open_document(actor=admin_user, book=book).number == "RK-机加-2026-000001"


def test_pad_book_follows_the_printed_range_and_stops_at_its_end(admin_user, test_chain):
    pad = numbering.create_book(
        actor=admin_user,
        code="PAD-7",
        name="第7本",
        slip_type="test.slip",
        number_format="No.{seq:07d}",
        first_number=1200351,
        last_number=1200352,
    )
    numbers = [numbering.open_document(actor=admin_user, book=pad).number for _ in range(2)]
    assert numbers == ["No.1200351", "No.1200352"]
    with pytest.raises(BookClosed, match="1200352"):
        numbering.open_document(actor=admin_user, book=pad)
    assert Document.objects.filter(book=pad).count() == 2


def test_taking_a_number_from_a_closed_book_is_refused_and_changes_nothing(book, clerk, admin_user):
    numbering.close_book(actor=admin_user, book=book)
    audit_rows = AuditEvent.objects.count()
    with pytest.raises(BookClosed):
        numbering.open_document(actor=clerk, book=book)
    book.refresh_from_db()
    assert book.next_number == 1
    assert Document.objects.count() == 0
    assert AuditEvent.objects.count() == audit_rows


def test_voided_slip_keeps_its_number_with_reason_who_and_when(book, clerk):
    spoiled = numbering.open_document(actor=clerk, book=book)
    numbering.void_document(actor=clerk, document=spoiled, reason="填写错误，作废")
    after = numbering.open_document(actor=clerk, book=book)
    spoiled.refresh_from_db()
    assert spoiled.status == Document.Status.VOIDED
    assert (spoiled.void_reason, spoiled.voided_by) == ("填写错误，作废", clerk)
    assert spoiled.voided_at is not None
    assert after.sequence == 2
    assert list(integrity.book_gaps()) == []


def test_void_needs_a_reason(book, clerk):
    document = numbering.open_document(actor=clerk, book=book)
    with pytest.raises(DomainError, match="reason|原因"):
        numbering.void_document(actor=clerk, document=document, reason="")
    document.refresh_from_db()
    assert document.status == Document.Status.DRAFT


def test_posted_slip_cannot_be_voided_only_reversed(book, clerk, inspector, operator, receiver):
    document = chains.submit(actor=clerk, document=numbering.open_document(actor=clerk, book=book))
    for person in (clerk, inspector, operator, receiver):
        chains.sign(actor=person, document=document)
    with pytest.raises(DomainError, match="revers|冲销|红冲"):
        numbering.void_document(actor=clerk, document=document, reason="想删掉")
    document.refresh_from_db()
    assert document.status == Document.Status.POSTED


def test_someone_else_cannot_void_my_slip(book, clerk, inspector):
    document = numbering.open_document(actor=clerk, book=book)
    with pytest.raises(DomainError):
        numbering.void_document(actor=inspector, document=document, reason="不是我的")
    document.refresh_from_db()
    assert document.status == Document.Status.DRAFT


def test_check_reports_a_gap_in_a_book(book, clerk):
    for _ in range(3):
        numbering.open_document(actor=clerk, book=book)
    # simulate a lost paper: a row removed behind the application's back
    Document.objects.filter(book=book, sequence=2).delete()
    problems = list(integrity.book_gaps())
    assert len(problems) == 1 and "missing: [2]" in problems[0]


def test_book_with_a_last_number_before_the_first_is_refused(admin_user):
    with pytest.raises(DomainError):
        numbering.create_book(
            actor=admin_user, code="BAD", name="坏", slip_type="x", first_number=10, last_number=5
        )
    assert not DocumentBook.objects.filter(code="BAD").exists()


def test_slip_type_without_a_chain_cannot_open_documents(admin_user):
    book = numbering.create_book(
        actor=admin_user, code="NOCHAIN", name="无签字链", slip_type="none"
    )
    with pytest.raises(DomainError, match="chain|签字流程"):
        numbering.open_document(actor=admin_user, book=book)
    book.refresh_from_db()
    assert book.next_number == 1


def test_void_permission_counts_only_in_the_granted_workshop(book, clerk, machining, welding):
    """A director of 焊接车间 holding the void permission cannot void 机加车间's slips."""
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory, grant, seed_role

    seed_role("workshop_director").permissions.add(Permission.objects.get(codename="void_document"))
    document = numbering.open_document(actor=clerk, book=book)
    other = UserFactory(username="hj-director")
    grant(other, "workshop_director", workshop=welding)
    with pytest.raises(DomainError):
        numbering.void_document(actor=other, document=document, reason="不是本车间")
    own = UserFactory(username="jj-director")
    grant(own, "workshop_director", workshop=machining)
    numbering.void_document(actor=own, document=document, reason="本车间作废")
    document.refresh_from_db()
    assert document.status == Document.Status.VOIDED and document.voided_by == own
