"""The web shell: document pages and actions, books, search by pinyin, exports, no CDN."""

import io
import re

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gendan.core import numbering
from gendan.core.models import Document, Signature
from tests.factories import EmployeeFactory


def test_inspector_signs_from_the_document_page(client, signed_by_clerk, inspector):
    client.force_login(inspector)
    page = client.get(reverse("core:document-detail", args=[signed_by_clerk.pk]))
    assert page.status_code == 200 and "sign-button" in page.content.decode()
    response = client.post(
        reverse("core:document-sign", args=[signed_by_clerk.pk]),
        {"note": "合格"},
        HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14)",
    )
    assert response.status_code == 302
    signature = Signature.objects.get(document=signed_by_clerk, step_position=2)
    assert signature.note == "合格" and signature.device == "Mozilla/5.0 (Linux; Android 14)"
    assert signature.ip_address == "127.0.0.1"


def test_refused_signature_shows_why_and_changes_nothing(client, submitted, inspector):
    client.force_login(inspector)
    response = client.post(reverse("core:document-sign", args=[submitted.pk]), follow=True)
    body = response.content.decode()
    assert "alert-danger" in body and "转序员" in body
    assert not Signature.objects.filter(document=submitted, action="sign").exists()


def test_outsider_cannot_see_a_document(client, submitted, outsider):
    client.force_login(outsider)
    assert client.get(reverse("core:document-detail", args=[submitted.pk])).status_code == 404
    assert client.post(reverse("core:document-sign", args=[submitted.pk])).status_code == 404


def test_clerk_voids_a_spoiled_draft_from_its_page(client, book, clerk):
    document = numbering.open_document(actor=clerk, book=book)
    client.force_login(clerk)
    client.post(reverse("core:document-void", args=[document.pk]), {"reason": "写错数量"})
    document.refresh_from_db()
    assert document.status == Document.Status.VOIDED and document.void_reason == "写错数量"


def test_document_timeline_is_on_its_page(client, signed_by_clerk, clerk):
    client.force_login(clerk)
    body = client.get(reverse("core:document-detail", args=[signed_by_clerk.pk])).content.decode()
    for sentence in ("开了单据", "提交签字", "签了字"):  # as sentences, never codes
        assert sentence in body
    assert "document.open" not in body


def test_global_search_finds_people_and_workshops_by_pinyin_initials(
    client, clerk, machining, site, admin_user
):
    from gendan.org.services import create_employee

    create_employee(actor=admin_user, code="E900", name="赵刚", site=site)
    client.force_login(clerk)
    body = client.get(reverse("core:search"), {"q": "zg"}, HTTP_HX_REQUEST="true").content.decode()
    assert "赵刚" in body and "<html" not in body
    assert "机加车间" in client.get(reverse("core:search"), {"q": "jjcj"}).content.decode()


def test_global_search_finds_a_document_by_number(client, signed_by_clerk, clerk):
    client.force_login(clerk)
    body = client.get(reverse("core:search"), {"q": "000001"}).content.decode()
    assert signed_by_clerk.number in body


def test_document_list_filters_and_exports_to_xlsx(client, book, clerk):
    for title in ("半轴", "刀轴"):
        numbering.open_document(actor=clerk, book=book, title=title)
    client.force_login(clerk)
    body = client.get(reverse("core:document-list"), {"q": "dz"}).content.decode()
    assert "刀轴" in body and "半轴" not in body
    response = client.get(reverse("core:document-list"), {"format": "xlsx"})
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert len(rows) == 3 and {rows[1][1], rows[2][1]} == {"半轴", "刀轴"}


def test_book_list_shows_usage(client, book, clerk, admin_user):
    numbering.open_document(actor=clerk, book=book)
    client.force_login(clerk)
    body = client.get(reverse("core:book-list")).content.decode()
    assert book.code in body


def test_employee_list_filters_by_pinyin_and_exports(client, admin_user, site):
    from gendan.core.pinyin import search_key

    EmployeeFactory(name="韩雪", code="E777", site=site, search_text=search_key("E777", "韩雪"))
    client.force_login(admin_user)
    assert "韩雪" in client.get(reverse("org:employee-list"), {"q": "hx"}).content.decode()
    response = client.get(reverse("org:employee-list"), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize(
    "name",
    [
        "core:home",
        "core:inbox",
        "core:document-list",
        "core:book-list",
        "org:employee-list",
        "api-pages:token-list",
        "login",
    ],
)
def test_pages_link_no_outside_asset(client, clerk, name):
    """Factory intranets are often offline: every CSS/JS file is served locally."""
    client.force_login(clerk)
    body = client.get(reverse(name)).content.decode()
    outside = re.findall(r'(?:src|href)="(?:https?:)?//[^"]+"', body)
    assert outside == []


def test_api_docs_page_uses_local_assets(client, clerk):
    client.force_login(clerk)
    body = client.get("/api/v1/docs").content.decode()
    assert "cdn" not in body.lower()
    assert re.findall(r'(?:src|href)="(?:https?:)?//[^"]+"', body) == []


def test_every_page_fits_a_phone(client, clerk):
    client.force_login(clerk)
    body = client.get(reverse("core:home")).content.decode()
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in body


def test_audit_timeline_page_is_for_auditors_only(client, signed_by_clerk, clerk, admin_user):
    path = reverse("core:timeline", args=["core", "document", signed_by_clerk.pk])
    client.force_login(clerk)
    assert client.get(path).status_code == 404
    client.force_login(admin_user)
    body = client.get(path).content.decode()
    assert "提交签字" in body
    assert "签了字" in body
