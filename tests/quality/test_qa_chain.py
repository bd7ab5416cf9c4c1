"""The inspection report's chain (issue 12: "every inspection: the factory's and the
merchandiser's signatures"; D4-1 "the merchandiser confirms", D4-10 "confirmed by the
merchandiser", D4-4 / D4-11 signed by QC and the factory): 1 跟单员确认 (张伟,
merchandiser) → 2 质检员签字 (韩雪, QC) → 3 工厂签字 (邓芳, 工厂). A merchandiser's
record confirms step 1 at once; a wrong role is refused and nothing changes."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from gendan.core import papers
from gendan.core.errors import NotFound, PermissionDenied
from gendan.core.models import ChainDefinition, ChainStep, Document, Signature
from gendan.quality import services
from gendan.quality.models import SwitchingChange
from tests.quality.conftest import TODAY


def to_the_factory(inspection):
    """Sign what the report waits for before the factory: 张伟 confirms (step 1) unless he
    recorded it, 韩雪 (QC) signs step 2. Returns the inspection."""
    users = get_user_model().objects
    document = Document.objects.get(pk=inspection.document_id)
    if document.current_step == 1:
        services.sign_report(actor=users.get(username="zhangwei"), inspection=inspection)
        document.refresh_from_db()
    if document.current_step == 2:
        services.sign_report(actor=users.get(username="hanxue"), inspection=inspection)
    inspection.document.refresh_from_db()
    return inspection


def _mid(actor, factory_order):
    return services.record_inspection(
        actor=actor, factory_order=factory_order, stage="mid_production", inspected_on=TODAY,
        lot_size=400,
    )  # fmt: skip


def _steps():
    chain = ChainDefinition.objects.get(slip_type=services.INSPECTION_SLIP_TYPE)
    return list(chain.steps.order_by("position").values_list("name", "role_code"))


def test_d4_1_the_default_chain_is_merchandiser_then_qc_then_factory(db):
    assert _steps() == [("跟单员确认", "merchandiser"), ("质检员签字", "qc"),
                        ("工厂签字", "factory")]  # fmt: skip


def test_d4_1_a_merchandisers_record_confirms_step_1_and_waits_for_qc(merchandiser, factory_order):
    inspection = _mid(merchandiser, factory_order)
    document = Document.objects.get(pk=inspection.document_id)
    assert document.status == "pending" and document.current_step == 2
    signed = Signature.objects.get(document=document, action="sign")
    assert (signed.step_position, signed.role_code, signed.signer) == (1, "merchandiser",
                                                                      merchandiser)  # fmt: skip


def test_d4_4_qc_records_then_the_merchandiser_confirms_qc_signs_and_the_factory_posts(
    qc, merchandiser, factory_user, factory_order
):
    inspection = _mid(qc, factory_order)
    document = Document.objects.get(pk=inspection.document_id)
    assert document.current_step == 1  # QC's record waits for the merchandiser first
    services.sign_report(actor=merchandiser, inspection=inspection)
    services.sign_report(actor=qc, inspection=inspection)
    services.sign_report(actor=factory_user, inspection=inspection)
    document.refresh_from_db()
    assert document.status == "posted"
    assert list(
        document.signatures.filter(action="sign").order_by("id").values_list("role_code", flat=True)
    ) == ["merchandiser", "qc", "factory"]


@pytest.mark.parametrize("who", ["qc", "factory_user"])
def test_d4_1_a_wrong_role_on_the_merchandiser_step_is_refused_and_nothing_changes(
    who, qc, factory_user, factory_order, request
):
    """QC or the factory cannot sign 跟单员确认 in the merchandiser's place."""
    inspection = _mid(qc, factory_order)
    before = Signature.objects.count()
    with pytest.raises(PermissionDenied):
        services.sign_report(actor=request.getfixturevalue(who), inspection=inspection)
    document = Document.objects.get(pk=inspection.document_id)
    assert (document.status, document.current_step) == ("pending", 1)
    assert Signature.objects.count() == before


def test_d4_11_the_factory_cannot_sign_before_qc_and_nothing_changes(
    merchandiser, factory_user, factory_order
):
    inspection = _mid(merchandiser, factory_order)
    before = Signature.objects.count()
    with pytest.raises(PermissionDenied):
        services.sign_as_factory(actor=factory_user, inspection=inspection)
    document = Document.objects.get(pk=inspection.document_id)
    assert (document.status, document.current_step) == ("pending", 2)
    assert Signature.objects.count() == before


def test_d4_1_an_outsider_cannot_sign_any_step_and_nothing_changes(
    outsider, merchandiser, factory_order
):
    inspection = _mid(merchandiser, factory_order)
    before = Signature.objects.count()
    with pytest.raises(NotFound):
        services.sign_report(actor=outsider, inspection=inspection)
    assert Signature.objects.count() == before


def test_d4_1_the_merchandiser_signs_on_the_inspection_page(qc, merchandiser, factory_order):
    inspection = _mid(qc, factory_order)
    client = Client()
    client.force_login(merchandiser)
    page = client.get(f"/quality/inspections/{inspection.pk}/").content.decode()
    assert 'data-testid="report-sign"' in page and "跟单员确认" in page
    client.post(f"/quality/inspections/{inspection.pk}/sign/", {"note": "数量已核对"})
    document = Document.objects.get(pk=inspection.document_id)
    assert document.current_step == 2
    # the factory sees no sign button while QC's step is open
    assert 'data-testid="factory-sign"' not in page


def test_d4_1_the_signature_rows_name_the_roles_in_chinese(qc, merchandiser, factory_order):
    inspection = _mid(merchandiser, factory_order)
    client = Client()
    client.force_login(qc)
    page = client.get(f"/quality/inspections/{inspection.pk}/").content.decode()
    assert "跟单员确认" in page and "质检员签字" in page and "工厂签字" in page
    assert "merchandiser" not in page.split('data-testid="signature-lines"')[1][:2000]


def test_an_administrators_chain_is_left_alone_by_the_default_install(db):
    """The default chain is installed only where there is none (core.papers)."""
    chain = ChainDefinition.objects.get(slip_type=services.INSPECTION_SLIP_TYPE)
    chain.steps.all().delete()
    ChainStep.objects.create(chain=chain, position=1, name="质检员签字", role_code="qc")
    assert papers.install_default_chains(ChainDefinition, ChainStep) == []
    assert _steps() == [("质检员签字", "qc")]


def test_the_migration_upgrades_only_an_unedited_old_default_without_pending_reports(db):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("gendan.quality.migrations.0003_signing_and_photos")
    chain = ChainDefinition.objects.get(slip_type=services.INSPECTION_SLIP_TYPE)
    chain.steps.all().delete()
    for position, (name, role) in enumerate(migration.OLD_STEPS, start=1):
        ChainStep.objects.create(chain=chain, position=position, name=name, role_code=role)
    migration.add_merchandiser_step(apps, None)
    assert _steps() == migration.NEW_STEPS
    chain.steps.all().delete()
    ChainStep.objects.create(chain=chain, position=1, name="厂长签字", role_code="factory")
    migration.add_merchandiser_step(apps, None)
    assert _steps() == [("厂长签字", "factory")]
    assert not SwitchingChange.objects.exists()


def test_d4_1_the_api_signs_the_step_the_report_waits_for_and_refuses_a_wrong_role(
    qc, merchandiser, factory_user, factory_order
):
    from gendan.api.services import create_token

    def api(user):
        token = create_token(actor=user, name="手机")[1]
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    inspection = _mid(qc, factory_order)
    url = f"/api/v1/quality/inspections/{inspection.pk}/sign"
    refused = api(factory_user).post(url, {}, content_type="application/json")
    assert refused.status_code == 403
    assert Document.objects.get(pk=inspection.document_id).current_step == 1
    assert api(merchandiser).post(url, {}, content_type="application/json").status_code == 200
    assert api(qc).post(url, {}, content_type="application/json").status_code == 200
    signed = api(factory_user).post(url, {}, content_type="application/json")
    assert signed.status_code == 200 and signed.json()["status"] == "posted"
