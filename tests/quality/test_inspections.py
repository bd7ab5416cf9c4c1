"""Inspections at contracted factories (D4-11, D4-4, D4-7, D5-5): the plan from the
engine, the verdict from every class, the paper signed by 韩雪 (QC) and by 邓芳 (工厂),
the events that complete the order's milestone, and the switching state (9.3)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gendan.core.errors import DomainError, NotFound, PermissionDenied
from gendan.core.models import Attachment, Document, EventRecord
from gendan.quality import access, services
from gendan.quality.models import Inspection, SwitchingChange, SwitchingState
from tests.quality.conftest import TODAY
from tests.quality.test_qa_chain import to_the_factory

EIGHT_MAJOR = [{"defect_class": "major", "category": "workmanship", "description": "跳线",
                "count": 8}]  # fmt: skip


def final(actor, factory_order, defects=(), **extra):
    options = {"lot_size": 3200, "packed_quantity": 2600, "inspected_on": TODAY, **extra}
    return services.record_inspection(
        actor=actor, factory_order=factory_order, stage="final", defects=defects, **options
    )


def test_d4_11_a_3200_piece_lot_asks_125_samples_ac7_re8_and_8_major_defects_fail_it(
    qc, factory_order
):
    """韩雪 records the final inspection: level II, AQL 2.5 → code letter K, n 125, Ac 7 /
    Re 8; 8 major defects reject the lot; the report waits for the factory (step 2)."""
    inspection = final(qc, factory_order, EIGHT_MAJOR)
    major = inspection.plan["major"]
    assert (major["code_letter"], major["sample_size"], major["ac"], major["re"]) == (
        "K",
        125,
        7,
        8,
    )
    assert inspection.plan["critical"]["ac"] == 0 and inspection.plan["minor"]["ac"] == 10
    assert inspection.sample_size == 125
    assert inspection.verdict == "failed"
    document = Document.objects.get(pk=inspection.document_id)
    assert document.number == "JY-F-YX-2026-000001"
    # QC recorded it: the merchandiser confirms first (跟单员确认, D4-1), then QC, then the factory
    assert document.status == "pending" and document.current_role_code == ",merchandiser,"
    assert inspection.severity == "normal" and inspection.severity_reason == "start"


def test_d4_11_seven_major_defects_pass_the_same_lot(qc, factory_order):
    inspection = final(qc, factory_order, [{**EIGHT_MAJOR[0], "count": 7}])
    assert inspection.verdict == "passed"


def test_d4_11_one_critical_defect_fails_the_lot_whatever_the_others(qc, factory_order):
    crit = [{"defect_class": "critical", "category": "other", "description": "断针", "count": 1}]
    assert final(qc, factory_order, crit).verdict == "failed"


def test_d4_11_final_inspection_before_80_percent_packed_is_refused_and_nothing_saved(
    qc, factory_order
):
    with pytest.raises(DomainError) as refused:
        final(qc, factory_order, packed_quantity=2500)
    assert refused.value.field == "packed_quantity"
    assert "2500" in str(refused.value) and "2560" in str(refused.value)
    assert not Inspection.objects.exists()
    assert not Document.objects.filter(slip_type="quality.inspection").exists()


def test_bad_defect_row_names_its_field_and_nothing_is_saved(qc, factory_order):
    with pytest.raises(DomainError) as refused:
        final(qc, factory_order, [{"defect_class": "major", "description": "", "count": 1}])
    assert refused.value.field == "defects[1].description"
    assert not Inspection.objects.exists()


def test_a_bad_photo_refuses_the_whole_inspection(qc, factory_order):
    bad = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(DomainError) as refused:
        final(qc, factory_order, EIGHT_MAJOR, photos={1: [bad]})
    assert refused.value.field == "defects[1].photo"
    assert not Inspection.objects.exists() and not Attachment.objects.exists()


def test_d4_8_defect_photos_are_kept_with_the_defect(qc, factory_order):
    photo = SimpleUploadedFile("IMG_0001.jpg", b"\xff\xd8\xff\xe0jpeg", content_type="image/jpeg")
    inspection = services.record_inspection(
        actor=qc, factory_order=factory_order, stage="mid_production", inspected_on=TODAY,
        lot_size=500, defects=EIGHT_MAJOR, photos={1: [photo]},
    )  # fmt: skip
    assert Attachment.objects.get().original_name == "IMG_0001.jpg"
    assert inspection.defects.get().count == 8


def test_an_outsider_may_not_record_an_inspection(outsider, factory_order):
    with pytest.raises(PermissionDenied):
        final(outsider, factory_order)
    assert not Inspection.objects.exists()


def test_d4_11_the_factory_signs_and_a_passed_final_publishes_inspection_passed(
    qc, factory_user, factory_order
):
    """邓芳 signs on her phone: the paper posts; `inspection.passed` carries the order
    and the document, which completes the garment plan's 尾期检验 milestone."""
    inspection = final(qc, factory_order)
    services.sign_as_factory(actor=factory_user, inspection=to_the_factory(inspection), note="同意")
    document = Document.objects.get(pk=inspection.document_id)
    assert document.status == "posted"
    event = EventRecord.objects.get(code="inspection.passed")
    assert event.payload == {"order_id": factory_order.order_id, "document_id": document.pk}
    assert not EventRecord.objects.filter(code="inspection.failed").exists()


def test_d4_11_a_failed_final_publishes_inspection_failed(qc, factory_user, factory_order):
    inspection = final(qc, factory_order, EIGHT_MAJOR)
    services.sign_as_factory(actor=factory_user, inspection=to_the_factory(inspection))
    assert EventRecord.objects.filter(code="inspection.failed").count() == 1
    assert not EventRecord.objects.filter(code="inspection.passed").exists()


def test_d4_8_a_mid_inspection_does_not_complete_the_final_milestone(
    qc, factory_user, factory_order
):
    inspection = services.record_inspection(
        actor=qc, factory_order=factory_order, stage="mid_production", inspected_on=TODAY,
        lot_size=400,
    )  # fmt: skip
    services.sign_as_factory(actor=factory_user, inspection=to_the_factory(inspection))
    assert not EventRecord.objects.filter(code__startswith="inspection.").exists()


def test_another_factory_neither_sees_nor_signs_and_nothing_changes(
    qc, other_factory_user, factory_order
):
    inspection = final(qc, factory_order)
    with pytest.raises(NotFound):
        access.access_inspection(other_factory_user, inspection.pk)
    with pytest.raises(NotFound):
        services.sign_as_factory(actor=other_factory_user, inspection=inspection)
    assert Document.objects.get(pk=inspection.document_id).status == "pending"
    assert not access.visible_inspections(other_factory_user, Inspection.objects).exists()


def test_the_factory_refuses_with_a_reason_and_the_report_goes_back(
    qc, factory_user, factory_order
):
    inspection = to_the_factory(final(qc, factory_order, EIGHT_MAJOR))
    with pytest.raises(DomainError):
        services.refuse_as_factory(actor=factory_user, inspection=inspection, reason="")
    services.refuse_as_factory(actor=factory_user, inspection=inspection, reason="跳线数量有异议")
    assert Document.objects.get(pk=inspection.document_id).status == "draft"
    assert not SwitchingChange.objects.exists()


def test_9_3_2_two_rejected_lots_switch_the_product_at_this_factory_to_tightened(
    qc, factory_user, factory_order
):
    """GB/T 2828.1 9.3.2: 2 of 5 lots rejected → the next lot is drawn on tightened
    inspection (n 125, Ac 5 / Re 6 at AQL 2.5), and the inspection says why."""
    for _lot in range(2):
        services.sign_as_factory(
            actor=factory_user, inspection=to_the_factory(final(qc, factory_order, EIGHT_MAJOR))
        )
    state = SwitchingState.objects.get()
    assert state.severity == "tightened"
    assert list(state.changes.values_list("reason", flat=True)) == [
        "stays", "two_of_five_rejected"
    ]  # fmt: skip
    third = final(qc, factory_order, [{**EIGHT_MAJOR[0], "count": 6}])
    assert third.severity == "tightened"
    assert third.severity_reason == "two_of_five_rejected"
    assert third.plan["major"]["ac"] == 5 and third.plan["major"]["re"] == 6
    assert third.verdict == "failed"


def test_9_3_a_reinspection_does_not_count_for_the_switching_rules(qc, factory_user, factory_order):
    failed = final(qc, factory_order, EIGHT_MAJOR)
    services.sign_as_factory(actor=factory_user, inspection=to_the_factory(failed))
    again = final(qc, factory_order, reinspection_of=failed.pk)
    services.sign_as_factory(actor=factory_user, inspection=to_the_factory(again))
    assert SwitchingChange.objects.count() == 1
    assert EventRecord.objects.filter(code="inspection.passed").count() == 1
