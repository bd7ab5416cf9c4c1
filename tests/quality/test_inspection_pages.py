"""The inspection pages and /api/v1/quality/inspections: 韩雪 (QC) records on the phone
form, 邓芳 (工厂) signs on the inspection page, an outsider sees nothing (D4-8, D4-11,
D4-14)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gendan.api.services import create_token
from gendan.core.models import Attachment, Document
from gendan.quality import services
from gendan.quality.models import Inspection
from tests.quality.conftest import TODAY
from tests.quality.test_qa_chain import to_the_factory


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def _form(factory_order, **extra):
    return {
        "factory_order": factory_order.pk,
        "stage": "mid_production",
        "inspected_on": TODAY.isoformat(),
        "lot_size": "600",
        "defect-1-defect_class": "major",
        "defect-1-category": "workmanship",
        "defect-1-description": "袖口跳线",
        "defect-1-count": "2",
        "defect-2-defect_class": "minor",
        "defect-2-category": "soiling",
        "defect-2-description": "线头",
        "defect-2-count": "1",
        "measure-1-point": "胸围",
        "measure-1-size": "M",
        "measure-1-specified": "108",
        "measure-1-tolerance": "2",
        "measure-1-measured": "104.5",
        **extra,
    }


def test_d4_8_qc_records_on_the_form_with_two_defects_and_a_photo(qc, factory_order):
    photo = SimpleUploadedFile("IMG_1.jpg", b"\xff\xd8\xff\xe0jpeg", content_type="image/jpeg")
    client = client_for(qc)
    assert client.get("/quality/inspections/new/").status_code == 200
    response = client.post(
        "/quality/inspections/new/", _form(factory_order, **{"defect-1-photo": photo})
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response.url == f"/quality/inspections/{inspection.pk}/"
    assert inspection.defects.count() == 2 and Attachment.objects.count() == 1
    page = client.get(response.url).content.decode()
    assert inspection.document.number in page and "袖口跳线" in page
    assert 'data-out-of-tolerance="yes"' in page  # 104.5 against 108 ± 2
    assert 'data-testid="factory-sign"' not in page  # QC does not sign for the factory


def test_a_bad_lot_size_on_the_form_is_shown_and_nothing_saved(qc, factory_order):
    response = client_for(qc).post("/quality/inspections/new/", _form(factory_order, lot_size="0"))
    assert response.status_code == 400
    assert 'data-testid="form-error"' in response.content.decode()
    assert not Inspection.objects.exists()


def test_d4_11_the_factory_signs_on_the_inspection_page(qc, factory_user, factory_order):
    inspection = services.record_inspection(
        actor=qc, factory_order=factory_order, stage="final", inspected_on=TODAY,
        lot_size=3200, packed_quantity=3000,
    )  # fmt: skip
    to_the_factory(inspection)  # 张伟 confirms, 韩雪 signs; then the factory
    client = client_for(factory_user)
    page = client.get(f"/quality/inspections/{inspection.pk}/").content.decode()
    assert 'data-testid="factory-sign"' in page
    response = client.post(f"/quality/inspections/{inspection.pk}/sign/", {"note": "同意"})
    assert response.status_code == 302
    assert Document.objects.get(pk=inspection.document_id).status == "posted"


def test_an_outsider_and_another_factory_get_404_and_sign_nothing(
    qc, outsider, other_factory_user, factory_order
):
    inspection = services.record_inspection(
        actor=qc, factory_order=factory_order, stage="mid_production", inspected_on=TODAY,
        lot_size=300,
    )  # fmt: skip
    for user in (outsider, other_factory_user):
        client = client_for(user)
        assert client.get(f"/quality/inspections/{inspection.pk}/").status_code == 404
        assert client.post(f"/quality/inspections/{inspection.pk}/sign/").status_code == 404
    assert client_for(outsider).get("/quality/inspections/new/").status_code == 404
    assert Document.objects.get(pk=inspection.document_id).status == "pending"


def test_d4_14_the_order_summary_lists_inspections_and_verdicts(qc, factory_order):
    for stage, lot in (("mid_production", 300), ("first_piece", 20)):
        services.record_inspection(actor=qc, factory_order=factory_order, stage=stage,
                                   inspected_on=TODAY, lot_size=lot)  # fmt: skip
    page = client_for(qc).get(f"/quality/orders/{factory_order.order_id}/").content.decode()
    assert page.count("/quality/inspections/") >= 2
    assert "工厂已签字的中期报告" in page  # D4-9: the count of signed mid-production reports


def test_the_daily_report_page_and_its_export(qc, merchandiser, factory_order):
    client = client_for(qc)
    assert client.get("/quality/daily-report/").status_code == 200
    export = client.get("/quality/daily-report/?export=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.fixture
def api_as():
    def make(user):
        client = Client(HTTP_AUTHORIZATION=f"Bearer {create_token(actor=user, name='手机')[1]}")
        return client

    return make


def test_d4_11_api_records_and_the_factory_signs(qc, factory_user, factory_order, api_as):
    payload = {
        "factory_order": factory_order.pk, "stage": "final", "lot_size": 3200,
        "packed_quantity": 2600, "inspected_on": TODAY.isoformat(),
        "defects": [{"defect_class": "major", "category": "workmanship", "description": "跳线",
                     "count": 8}],
    }  # fmt: skip
    created = api_as(qc).post(
        "/api/v1/quality/inspections", payload, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["sample_size"] == 125 and body["verdict"] == "failed"
    assert body["plan"]["major"]["ac"] == 7 and body["severity_name"]
    to_the_factory(Inspection.objects.get(pk=body["id"]))
    signed = api_as(factory_user).post(
        f"/api/v1/quality/inspections/{body['id']}/sign", {}, content_type="application/json"
    )
    assert signed.status_code == 200 and signed.json()["status"] == "posted"


def test_api_refusal_names_the_field(qc, factory_order, api_as):
    payload = {"factory_order": factory_order.pk, "stage": "final", "lot_size": 3200,
               "packed_quantity": 10}  # fmt: skip
    refused = api_as(qc).post(
        "/api/v1/quality/inspections", payload, content_type="application/json"
    )
    assert refused.status_code == 400 and refused.json()["field"] == "packed_quantity"
    assert not Inspection.objects.exists()


def test_api_refuses_out_of_range_numbers_without_a_server_error(qc, factory_order, api_as):
    client = api_as(qc)
    for payload in (
        {"lot_size": 10**12},
        {"lot_size": 50, "defects": [{"defect_class": "major", "description": "跳线",
                                      "count": 10**15}]},
        {"lot_size": 50, "measurements": [{"point": "胸围", "specified": "NaN", "tolerance": "1",
                                           "measured": "1"}]},
    ):  # fmt: skip
        body = {"factory_order": factory_order.pk, "stage": "mid_production", **payload}
        refused = client.post("/api/v1/quality/inspections", body, content_type="application/json")
        assert refused.status_code == 400, (payload, refused.content)
    assert not Inspection.objects.exists()
