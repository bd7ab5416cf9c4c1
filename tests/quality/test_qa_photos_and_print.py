"""Photos added after recording from the phone camera (D4: "defects with category,
class, count and photo (phone camera)") and the print view of the inspection report
(A4, the plan per class, defects, measurements out of tolerance marked, the chain's
signature rows, a QR code to the page; PDF through the browser's print dialog)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from gendan.core.models import Attachment, Signature
from gendan.quality import services
from tests.quality.conftest import TODAY
from tests.quality.test_qa_chain import to_the_factory

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
DEFECTS = [
    {"defect_class": "major", "category": "workmanship", "description": "袖口跳线", "count": 2},
    {"defect_class": "minor", "category": "soiling", "description": "线头未剪", "count": 3},
]
MEASUREMENTS = [
    {"point": "胸围", "size": "M", "specified": "108", "tolerance": "2", "measured": "104.5"},
    {"point": "衣长", "size": "M", "specified": "70", "tolerance": "1", "measured": "70.5"},
]


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def photo(name="IMG_0002.jpg", content=JPEG):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


@pytest.fixture
def inspection(merchandiser, factory_order):
    return services.record_inspection(
        actor=merchandiser, factory_order=factory_order, stage="mid_production",
        inspected_on=TODAY, lot_size=600, defects=DEFECTS, measurements=MEASUREMENTS,
        note="中期检验：胸围偏小。",
    )  # fmt: skip


def _photo_url(inspection, defect):
    return f"/quality/inspections/{inspection.pk}/defects/{defect.pk}/photo/"


def test_d4_8_the_inspection_page_offers_the_phone_camera_for_each_defect(qc, inspection):
    page = client_for(qc).get(f"/quality/inspections/{inspection.pk}/").content.decode()
    inputs = re.findall(r'<input[^>]*type="file"[^>]*>', page)
    assert len(inputs) == 2
    assert all('accept="image/*"' in i and 'capture="environment"' in i for i in inputs)


def test_d4_8_qc_adds_a_photo_to_a_defect_after_recording(qc, inspection):
    defect = inspection.defects.order_by("id").first()
    response = client_for(qc).post(_photo_url(inspection, defect), {"photo": photo()})
    assert response.status_code == 302
    kept = Attachment.objects.get()
    assert kept.object_id == str(defect.pk) and kept.purpose == services.DEFECT_PHOTO
    page = client_for(qc).get(f"/quality/inspections/{inspection.pk}/").content.decode()
    assert f'src="/files/{kept.pk}/"' in page


@pytest.mark.parametrize("who", ["outsider", "factory_user", "other_factory_user"])
def test_d4_8_others_cannot_add_photos_and_nothing_is_kept(who, inspection, request):
    defect = inspection.defects.first()
    client = client_for(request.getfixturevalue(who))
    assert client.post(_photo_url(inspection, defect), {"photo": photo()}).status_code == 404
    assert not Attachment.objects.exists()


def test_d4_8_the_factory_sees_no_camera_on_the_page(factory_user, inspection):
    page = client_for(factory_user).get(f"/quality/inspections/{inspection.pk}/").content.decode()
    assert 'capture="environment"' not in page


def test_d4_8_no_photo_after_the_factory_signed_and_nothing_is_kept(qc, factory_user, inspection):
    services.sign_as_factory(actor=factory_user, inspection=to_the_factory(inspection))
    defect = inspection.defects.first()
    client_for(qc).post(_photo_url(inspection, defect), {"photo": photo()})
    assert not Attachment.objects.exists()
    page = client_for(qc).get(f"/quality/inspections/{inspection.pk}/").content.decode()
    assert 'capture="environment"' not in page


def test_d4_8_a_file_that_is_not_a_photo_or_another_reports_defect_is_refused(
    qc, merchandiser, factory_order, inspection
):
    defect = inspection.defects.first()
    client = client_for(qc)
    client.post(_photo_url(inspection, defect), {"photo": photo("report.txt", b"hello")})
    client.post(_photo_url(inspection, defect), {})
    other = services.record_inspection(
        actor=merchandiser, factory_order=factory_order, stage="first_piece",
        inspected_on=TODAY, lot_size=20, defects=DEFECTS[:1],
    )  # fmt: skip
    client.post(_photo_url(other, defect), {"photo": photo()})
    assert not Attachment.objects.exists()


def test_d4_11_the_print_view_has_the_plan_defects_measurements_signatures_and_qr(qc, inspection):
    services.sign_report(actor=qc, inspection=inspection)
    page = client_for(qc).get(f"/quality/inspections/{inspection.pk}/print/").content.decode()
    assert "size: A4" in page
    assert inspection.document.number in page and "<svg" in page
    assert f"/quality/inspections/{inspection.pk}/" in page  # the QR code's address
    plans = page.split('data-testid="print-plans"')[1].split("</table>")[0]
    assert plans.count("<tr>") == 4  # the header and critical / major / minor
    assert "袖口跳线" in page and "线头未剪" in page
    measurements = page.split('data-testid="print-measurements"')[1].split("</table>")[0]
    assert measurements.count('data-out-of-tolerance="yes"') == 1  # 胸围 104.5 vs 108 ± 2
    lines = page.split('data-testid="signature-lines"')[1].split("</table>")[0]
    assert "跟单员确认" in lines and "质检员签字" in lines and "工厂签字" in lines
    assert "张伟" in lines and "韩雪" in lines
    signed = Signature.objects.filter(action="sign").order_by("id").last()
    assert timezone.localtime(signed.at).strftime("%Y-%m-%d %H:%M") in lines
    assert "merchandiser" not in lines and "factory" not in lines


def test_d4_11_the_print_view_prints_without_inline_script(qc, inspection):
    """The Content-Security-Policy allows no inline script: the print button is wired by
    the site's static gendan.js (data-print)."""
    page = client_for(qc).get(f"/quality/inspections/{inspection.pk}/print/").content.decode()
    assert "data-print" in page
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts and all("src=" in tag for tag in scripts)
    assert "onclick" not in page and "http://" not in page.split("<svg")[0].replace(
        "http://testserver", ""
    )


def test_d4_11_the_inspection_page_links_to_its_print_view(qc, inspection):
    page = client_for(qc).get(f"/quality/inspections/{inspection.pk}/").content.decode()
    assert f'href="/quality/inspections/{inspection.pk}/print/"' in page


def test_d4_11_another_factory_and_an_outsider_get_404_for_the_print_view(
    outsider, other_factory_user, factory_user, inspection
):
    for user in (outsider, other_factory_user):
        assert (
            client_for(user).get(f"/quality/inspections/{inspection.pk}/print/").status_code == 404
        )
    assert (
        client_for(factory_user).get(f"/quality/inspections/{inspection.pk}/print/").status_code
        == 200
    )
