"""Signature chains (invariant 3; D1-3.2, D1-5.1, D1-5.2) with the generic test slip."""

import pytest
from django.utils import timezone

from gendan.core import chains, numbering, papers
from gendan.core.errors import DomainError, InvalidTransition, PermissionDenied
from gendan.core.models import AuditEvent, Document, Signature
from gendan.org.services import delegate_role
from tests.factories import UserFactory, grant, seed_role


def _snapshot(document):
    document.refresh_from_db()
    return (
        document.status,
        document.current_step,
        Signature.objects.filter(document=document).count(),
        AuditEvent.objects.count(),
    )


def test_d1_3_2_transfer_chain_signed_in_order_posts(
    submitted, clerk, inspector, operator, receiver
):
    """D1-3.2: clerk → inspector → upstream operator → receiver; the last signature posts."""
    for person in (clerk, inspector, operator, receiver):
        chains.sign(actor=person, document=submitted, note=f"{person.first_name} 已签")
    submitted.refresh_from_db()
    assert submitted.status == Document.Status.POSTED
    assert submitted.posted_at is not None
    signed = submitted.signatures.filter(action="sign").order_by("id")
    assert [s.signer.username for s in signed] == ["wangfang", "lijun", "zhoujie", "sunli"]
    assert [s.step_position for s in signed] == [1, 2, 3, 4]


def test_signature_keeps_who_role_step_time_device_and_note(submitted, clerk):
    from gendan.core.audit import Origin

    chains.sign(
        actor=clerk,
        document=submitted,
        note="数量 40 件已清点",
        origin=Origin(ip_address="10.0.0.7", device="Mozilla/5.0 (iPhone)"),
    )
    signature = submitted.signatures.get(action="sign")
    assert (signature.signer, signature.role_code, signature.step_position) == (clerk, "clerk", 1)
    assert signature.ip_address == "10.0.0.7"
    assert signature.device == "Mozilla/5.0 (iPhone)"
    assert signature.note == "数量 40 件已清点"
    assert signature.at <= timezone.now()


def test_signing_out_of_order_is_refused_and_changes_nothing(submitted, inspector):
    before = _snapshot(submitted)
    with pytest.raises(PermissionDenied, match="转序员"):
        chains.sign(actor=inspector, document=submitted)
    with pytest.raises(InvalidTransition, match="Out of order|顺序"):
        chains.sign(actor=inspector, document=submitted, step_position=2)
    assert _snapshot(submitted) == before


def test_signing_without_the_role_is_refused(signed_by_clerk, outsider):
    before = _snapshot(signed_by_clerk)
    with pytest.raises(PermissionDenied):
        chains.sign(actor=outsider, document=signed_by_clerk)
    assert _snapshot(signed_by_clerk) == before


def test_inspector_of_another_workshop_cannot_sign_outside_scope(
    signed_by_clerk, welding_inspector
):
    """An inspector of 焊接车间 cannot sign for 机加车间 unless granted that scope."""
    before = _snapshot(signed_by_clerk)
    with pytest.raises(PermissionDenied, match="检查员"):
        chains.sign(actor=welding_inspector, document=signed_by_clerk)
    assert _snapshot(signed_by_clerk) == before


def test_inspector_granted_a_second_workshop_may_sign_there(
    signed_by_clerk, welding_inspector, machining
):
    grant(welding_inspector, "inspector", workshop=machining)
    chains.sign(actor=welding_inspector, document=signed_by_clerk)
    assert signed_by_clerk.signatures.filter(signer=welding_inspector, step_position=2).exists()


def test_inspector_granted_everywhere_may_sign_any_workshop(signed_by_clerk):
    roaming = UserFactory(username="roaming")
    grant(roaming, "inspector")
    chains.sign(actor=roaming, document=signed_by_clerk)
    signed_by_clerk.refresh_from_db()
    assert signed_by_clerk.current_step == 3


def test_signing_twice_is_refused(submitted, clerk):
    chains.sign(actor=clerk, document=submitted)
    grant(clerk, "inspector")  # even with the next role, the clerk may not sign a second step
    before = _snapshot(submitted)
    with pytest.raises(PermissionDenied, match="Separation of duties|职责分离"):
        chains.sign(actor=clerk, document=submitted)
    assert _snapshot(submitted) == before


def test_step_that_allows_same_signer_accepts_a_second_step(admin_user, machining, clerk):
    chains.define_chain(
        actor=admin_user,
        slip_type="self.check",
        name="自检单",
        steps=[
            {"name": "填单", "role_code": "clerk"},
            {"name": "复核", "role_code": "clerk", "allows_same_signer": True},
        ],
    )
    book = numbering.create_book(
        actor=admin_user,
        code="SC",
        name="自检",
        slip_type="self.check",
        scope_key=machining.scope_key,
    )
    document = chains.submit(actor=clerk, document=numbering.open_document(actor=clerk, book=book))
    chains.sign(actor=clerk, document=document)
    chains.sign(actor=clerk, document=document)
    document.refresh_from_db()
    assert document.status == Document.Status.POSTED


def test_reject_returns_to_the_author_as_draft_with_reason(signed_by_clerk, inspector, clerk):
    chains.reject(actor=inspector, document=signed_by_clerk, reason="数量不符：实点 38 件")
    signed_by_clerk.refresh_from_db()
    assert signed_by_clerk.status == Document.Status.DRAFT
    rejection = signed_by_clerk.signatures.get(action="reject")
    assert rejection.note == "数量不符：实点 38 件" and rejection.signer == inspector
    # the clerk's signature row is still there: nothing is overwritten
    assert signed_by_clerk.signatures.filter(action="sign", signer=clerk).exists()
    chains.submit(actor=clerk, document=signed_by_clerk)
    chains.sign(actor=clerk, document=signed_by_clerk)
    signed_by_clerk.refresh_from_db()
    assert signed_by_clerk.current_step == 2


def test_reject_to_a_named_earlier_step_reopens_it(signed_by_clerk, clerk, inspector, operator):
    chains.sign(actor=inspector, document=signed_by_clerk)
    chains.reject(
        actor=operator, document=signed_by_clerk, reason="外观有划伤，请重检", return_to_step=2
    )
    signed_by_clerk.refresh_from_db()
    assert signed_by_clerk.status == Document.Status.PENDING
    assert signed_by_clerk.current_step == 2
    chains.sign(actor=inspector, document=signed_by_clerk, note="复检合格")
    signed_by_clerk.refresh_from_db()
    assert signed_by_clerk.current_step == 3


def test_reject_needs_a_reason_and_a_holder_of_the_next_step(signed_by_clerk, inspector, outsider):
    before = _snapshot(signed_by_clerk)
    with pytest.raises(DomainError, match="reason|原因"):
        chains.reject(actor=inspector, document=signed_by_clerk, reason="  ")
    with pytest.raises(PermissionDenied):
        chains.reject(actor=outsider, document=signed_by_clerk, reason="不要")
    with pytest.raises(DomainError):
        chains.reject(actor=inspector, document=signed_by_clerk, reason="x", return_to_step=3)
    assert _snapshot(signed_by_clerk) == before


def test_author_withdraws_before_anyone_signs(book, clerk):
    document = chains.submit(actor=clerk, document=numbering.open_document(actor=clerk, book=book))
    chains.withdraw(actor=clerk, document=document)
    document.refresh_from_db()
    assert document.status == Document.Status.DRAFT
    assert document.current_step is None


def test_withdrawing_after_the_next_step_signed_is_refused(signed_by_clerk, clerk):
    before = _snapshot(signed_by_clerk)
    with pytest.raises(InvalidTransition, match="withdrawn|撤回"):
        chains.withdraw(actor=clerk, document=signed_by_clerk)
    assert _snapshot(signed_by_clerk) == before


def test_only_the_author_may_withdraw(submitted, inspector):
    before = _snapshot(submitted)
    with pytest.raises(PermissionDenied):
        chains.withdraw(actor=inspector, document=submitted)
    assert _snapshot(submitted) == before


def test_signing_a_posted_or_draft_document_is_refused(book, clerk, inspector, operator, receiver):
    draft = numbering.open_document(actor=clerk, book=book)
    with pytest.raises(InvalidTransition, match="draft|草稿"):
        chains.sign(actor=clerk, document=draft)
    document = chains.submit(actor=clerk, document=numbering.open_document(actor=clerk, book=book))
    for person in (clerk, inspector, operator, receiver):
        chains.sign(actor=person, document=document)
    before = _snapshot(document)
    with pytest.raises(InvalidTransition, match="posted|过账"):
        chains.sign(actor=receiver, document=document)
    assert _snapshot(document) == before


def _countersign_book(admin_user, machining, mode, quorum=1):
    chains.define_chain(
        actor=admin_user,
        slip_type=f"cs.{mode}",
        name="会签",
        steps=[
            {"name": "会签检查", "role_code": "inspector", "mode": mode, "quorum": quorum},
        ],
    )
    return numbering.create_book(
        actor=admin_user,
        code=f"CS-{mode}",
        name="会签",
        slip_type=f"cs.{mode}",
        scope_key=machining.scope_key,
    )


@pytest.fixture
def three_inspectors(machining):
    people = [UserFactory(username=f"insp{i}") for i in range(3)]
    for person in people:
        grant(person, "inspector", workshop=machining)
    return people


@pytest.mark.parametrize(
    ("mode", "quorum", "signatures_to_post"),
    [
        ("all", 1, 3),
        ("any", 1, 1),
        ("quorum", 2, 2),
    ],
)
def test_countersign_modes_post_after_the_right_number_of_holders(
    admin_user, machining, clerk, three_inspectors, mode, quorum, signatures_to_post
):
    """会签 by all / any / N of M holders."""
    book = _countersign_book(admin_user, machining, mode, quorum)
    document = chains.submit(actor=clerk, document=numbering.open_document(actor=clerk, book=book))
    for count, person in enumerate(three_inspectors[:signatures_to_post], start=1):
        document.refresh_from_db()
        assert document.status == Document.Status.PENDING, f"posted after {count - 1} signatures"
        chains.sign(actor=person, document=document)
    document.refresh_from_db()
    assert document.status == Document.Status.POSTED


def test_optional_step_can_be_skipped_by_the_next_required_step(
    admin_user, machining, clerk, inspector, director
):
    chains.define_chain(
        actor=admin_user,
        slip_type="opt",
        name="可选",
        steps=[
            {"name": "班长签字（可选）", "role_code": "team_leader", "is_required": False},
            {"name": "检查员", "role_code": "inspector"},
            {"name": "主任（可选）", "role_code": "workshop_director", "is_required": False},
        ],
    )
    book = numbering.create_book(
        actor=admin_user, code="OPT", name="可选", slip_type="opt", scope_key=machining.scope_key
    )
    document = chains.submit(actor=clerk, document=numbering.open_document(actor=clerk, book=book))
    chains.sign(actor=inspector, document=document)
    document.refresh_from_db()
    assert document.status == Document.Status.POSTED  # the last required step posts


def test_delegate_signs_for_a_holder_on_leave_and_both_names_are_kept(signed_by_clerk, inspector):
    colleague = UserFactory(username="zhouming", first_name="周明")
    today = timezone.localdate()
    delegate_role(
        actor=inspector,
        delegate=colleague,
        role=seed_role("inspector"),
        starts_on=today,
        ends_on=today,
        reason="李军休假",
    )
    chains.sign(actor=colleague, document=signed_by_clerk)
    signature = signed_by_clerk.signatures.get(step_position=2)
    assert signature.signer == colleague and signature.on_behalf_of == inspector


def test_expired_delegation_gives_no_authority(signed_by_clerk, inspector):
    colleague = UserFactory(username="zhouming")
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    delegate_role(
        actor=inspector,
        delegate=colleague,
        role=seed_role("inspector"),
        starts_on=yesterday,
        ends_on=yesterday,
    )
    with pytest.raises(PermissionDenied):
        chains.sign(actor=colleague, document=signed_by_clerk)


def test_posting_runs_registered_handlers_in_the_same_transaction(
    book, clerk, inspector, operator, receiver, monkeypatch
):
    """The handler declared with the paper type (core.papers) runs when the last step posts."""
    seen = []
    paper = papers.PaperType(
        code="test.slip",
        name="测试单",
        prefix="TS",
        book_rule=papers.PER_WORKSHOP,
        posting=lambda document, actor: seen.append((document.number, actor.username)),
    )
    monkeypatch.setitem(papers._declared, paper.code, paper)
    document = chains.submit(actor=clerk, document=numbering.open_document(actor=clerk, book=book))
    for person in (clerk, inspector, operator, receiver):
        chains.sign(actor=person, document=document)
    assert seen == [(document.number, "sunli")]


def test_chain_cannot_change_while_documents_await_signatures(submitted, admin_user):
    with pytest.raises(InvalidTransition):
        chains.define_chain(
            actor=admin_user,
            slip_type="test.slip",
            name="x",
            steps=[{"name": "a", "role_code": "clerk"}],
        )
    assert submitted.chain.steps.count() == 4
