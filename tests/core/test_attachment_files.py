"""Uploads served with permission checks (issue 10 item 7): a file kept for a paper — a
slip's photo, a receipt photo, a milestone's evidence — opens only for people who may
see what it belongs to; everyone else gets the same 404 as for a missing file. Pictures
open in the page (thumbnails), other kinds download; the browser never guesses a type."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gendan.core import attachments
from gendan.followup import expenses
from gendan.followup.models import Milestone
from tests.factories import SiteFactory, UserFactory, grant
from tests.followup.factories import take_order

JPEG = b"\xff\xd8\xff\xe0 fake jpeg"
SOURCE = Path(__file__).resolve().parents[2] / "src" / "gendan"


@pytest.fixture(autouse=True)
def private_uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def slip_photo(submitted, clerk):
    """王芳 photographs the stack she hands over and attaches it to her transfer slip."""
    photo = SimpleUploadedFile("堆放照片.jpg", JPEG, content_type="image/jpeg")
    return attachments.attach(actor=clerk, obj=submitted, upload=photo, purpose="stack")


def _file_url(kept):
    return reverse("core:attachment-file", args=[kept.pk])


def test_inspector_of_the_workshop_opens_the_slips_photo_inline(client, slip_photo, inspector):
    client.force_login(inspector)
    response = client.get(_file_url(slip_photo))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == JPEG
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline; filename*=UTF-8''")
    assert "%E5%A0%86" in response["Content-Disposition"]  # 堆放照片.jpg, percent-encoded


def test_someone_who_cannot_see_the_slip_gets_404_like_a_missing_file(
    client, slip_photo, outsider, welding_inspector
):
    for stranger in (outsider, welding_inspector):
        client.force_login(stranger)
        refused = client.get(_file_url(slip_photo))
        missing = client.get(reverse("core:attachment-file", args=[slip_photo.pk + 999]))
        assert refused.status_code == missing.status_code == 404
        assert JPEG not in refused.content


def test_a_person_who_is_not_logged_in_is_sent_to_log_in(client, slip_photo):
    response = client.get(_file_url(slip_photo))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_spreadsheet_downloads_instead_of_opening(client, submitted, clerk):
    sheet = attachments.attach(
        actor=clerk, obj=submitted, upload=SimpleUploadedFile("清单.xlsx", b"PK\x03\x04 sheet")
    )
    client.force_login(clerk)
    response = client.get(_file_url(sheet))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_file_kept_for_a_record_without_a_paper_or_a_gate_is_never_served(
    client, clerk, admin_user
):
    """An attachment on a record whose app registered no gate: nobody gets it by URL."""
    kept = attachments.attach(actor=clerk, obj=clerk, upload=SimpleUploadedFile("me.jpg", JPEG))
    for person in (clerk, admin_user):
        client.force_login(person)
        assert client.get(_file_url(kept)).status_code == 404


def test_sign_page_shows_the_slips_photo_as_a_thumbnail_through_the_gate(
    client, slip_photo, inspector, submitted
):
    client.force_login(inspector)
    page = client.get(reverse("core:document-detail", args=[submitted.pk])).content.decode()
    assert f'<img src="{_file_url(slip_photo)}"' in page
    assert 'class="thumbnail"' in page
    assert "/uploads/" not in page


@pytest.fixture
def merchandiser(db):
    user = UserFactory(username="liuyang", first_name="刘洋")
    grant(user, "merchandiser")
    return user


@pytest.fixture
def receipt_expense(merchandiser):
    return expenses.record_expense(
        actor=merchandiser,
        spent_on=datetime.date(2026, 11, 28),
        category="dinner",
        amount="100.00",
        factory=SiteFactory(code="HX", name="华鑫制衣厂", kind="contracted_factory"),
        receipt_photo=SimpleUploadedFile("fapiao.jpg", JPEG, content_type="image/jpeg"),
    )


def _receipt_url(expense):
    return reverse("core:upload-file", args=["expense-receipt", expense.pk])


def test_d4_x_receipt_photo_opens_for_its_merchandiser_and_the_approving_manager(
    client, receipt_expense, merchandiser, inspector
):
    """The manager sees it once it is on a claim he approves; 李军 the inspector, who
    may not see claims, never does."""
    manager = UserFactory(username="wangqiang", first_name="王强")
    grant(manager, "sales_manager")

    client.force_login(manager)
    assert client.get(_receipt_url(receipt_expense)).status_code == 404  # not claimed yet
    expenses.submit_claim(actor=merchandiser)
    for person, status in ((merchandiser, 200), (manager, 200), (inspector, 404)):
        client.force_login(person)
        response = client.get(_receipt_url(receipt_expense))
        assert response.status_code == status, person
    client.force_login(merchandiser)
    response = client.get(_receipt_url(receipt_expense))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/jpeg"


def test_expense_list_links_the_receipt_through_the_gate(client, receipt_expense, merchandiser):
    client.force_login(merchandiser)
    page = client.get(reverse("followup:expense-list"), {"month": "2026-11"}).content.decode()
    assert _receipt_url(receipt_expense) in page
    assert "/uploads/" not in page


def test_milestone_evidence_opens_for_the_merchandiser_and_not_for_an_outsider(
    client, merchandiser, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = take_order(merchandiser)
    milestone = Milestone.objects.filter(order=order).first()
    milestone.evidence_file.save("packing.pdf", SimpleUploadedFile("packing.pdf", b"%PDF-1.4"))
    url = reverse("core:upload-file", args=["milestone-evidence", milestone.pk])
    client.force_login(merchandiser)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(reverse("core:upload-file", args=["no-such-kind", 1])).status_code == 404


def test_no_page_links_an_upload_past_the_gate():
    """Templates never print a stored file's own URL (MEDIA_URL is not served)."""
    offenders = []
    for template in SOURCE.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for needle in ("_file.url", "photo.url", "MEDIA_URL", ".file.url"):
            if needle in text:
                offenders.append(f"{template.relative_to(SOURCE)}: {needle}")
    assert offenders == []
