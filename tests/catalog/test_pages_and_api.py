"""The item list, item page, import page, xlsx export and /api/v1/catalog."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gendan.api.services import create_token
from gendan.catalog import services
from gendan.catalog.models import Item
from gendan.core.models import AuditEvent
from tests.catalog.factories import (
    ITEM_HEADER,
    ConfusionGroupFactory,
    ItemFactory,
    units,
    xlsx_bytes,
)

BAD_FILE = [
    ITEM_HEADER,
    ["A1", "半轴", "零件", "", "", "", "箱子", "", ""],
    ["A2", "刀轴", "零件", "", "", "", "件", "abc", ""],
    ["A2", "刀轴", "零件", "", "", "", "件", "", ""],
]
GOOD_FILE = [ITEM_HEADER, ["A1", "半轴", "零件", "Φ45", "40Cr", "", "件", 3, "半轴类"]]


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client(admin_user):
    units()
    return _client(admin_user)


def _upload(client, rows, what="items"):
    upload = SimpleUploadedFile("物料.xlsx", xlsx_bytes(rows))
    return client.post(reverse("catalog:item-import"), {"what": what, "file": upload})


def test_list_page_searches_by_pinyin_and_filters_by_kind(clerk):
    ItemFactory(code="BZ-120", name="半轴")
    ItemFactory(code="M12", name="螺栓", kind=Item.Kind.STANDARD_PART)
    client = _client(clerk)

    by_pinyin = client.get(reverse("catalog:item-list"), {"q": "bz"})
    by_kind = client.get(reverse("catalog:item-list"), {"kind": "standard_part"})

    assert "BZ-120" in by_pinyin.text and "M12" not in by_pinyin.text
    assert "M12" in by_kind.text and "BZ-120" not in by_kind.text
    assert 'name="viewport"' in by_pinyin.text


def test_list_page_htmx_request_gets_the_table_only(clerk):
    ItemFactory(code="BZ-120", name="半轴")
    response = _client(clerk).get(reverse("catalog:item-list"), HTTP_HX_REQUEST="true")

    assert "BZ-120" in response.text
    assert "<html" not in response.text


def test_list_page_query_count_does_not_grow_with_items(clerk):
    client = _client(clerk)
    group = ConfusionGroupFactory(name="半轴类")
    ItemFactory.create_batch(5, confusion_group=group)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("catalog:item-list"))
    ItemFactory.create_batch(45, confusion_group=group)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("catalog:item-list"))

    assert response.status_code == 200
    assert len(many) == len(few)


def test_list_page_needs_login(db):
    response = Client().get(reverse("catalog:item-list"))
    assert response.status_code == 302


def test_item_page_shows_variants_sheet_bom_confusion_and_history(admin_user, machining):
    group = ConfusionGroupFactory(name="半轴类")
    shaft = ItemFactory(code="BZ-120", name="半轴", confusion_group=group)
    ItemFactory(code="BZK-1", name="半轴壳", confusion_group=group)
    services.create_variants(actor=admin_user, item=shaft, colours=["黑"], sizes=["大"])
    services.define_process_sheet(
        actor=admin_user,
        item=shaft,
        steps=[{"sequence": 10, "name": "车削", "workshop": machining}],
    )
    services.update_item(actor=admin_user, item=shaft, spec="Φ45")

    response = _client(admin_user).get(reverse("catalog:item-detail", args=[shaft.pk]))

    assert response.status_code == 200
    assert "BZ-120-黑-大" in response.text
    assert "车削" in response.text and "机加车间" in response.text
    assert "BZK-1" in response.text  # the confusion warning (D1-3.3)
    assert "修改了物料" in response.text  # the audit timeline, as sentences
    assert "定义了工艺状态明细表" in response.text
    assert "item.update" not in response.text


def test_item_page_of_a_missing_item_is_404(clerk):
    assert _client(clerk).get(reverse("catalog:item-detail", args=[999])).status_code == 404


def test_import_page_shows_every_bad_row_and_imports_nothing(admin_client):
    response = _upload(admin_client, BAD_FILE)

    assert response.status_code == 400
    assert 'id="import-problems"' in response.text
    assert response.text.count("<tr><td>") == 3  # rows 2, 3 and 4
    assert "箱子" in response.text and "abc" in response.text
    assert Item.objects.count() == 0


def test_import_page_shows_counts_on_success_and_on_the_second_run(admin_client):
    first = _upload(admin_client, GOOD_FILE)
    second = _upload(admin_client, GOOD_FILE)

    assert first.status_code == second.status_code == 200
    assert first.context["result"].as_dict() == {"created": 1, "updated": 0, "unchanged": 0}
    assert second.context["result"].as_dict() == {"created": 0, "updated": 0, "unchanged": 1}
    assert 'id="import-result"' in second.text


def test_import_page_is_closed_to_a_clerk(clerk):
    assert _client(clerk).get(reverse("catalog:item-import")).status_code == 403


def _read_xlsx(response):
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    return sheet.to_python()


def test_export_keeps_the_filters_and_the_import_layout(clerk):
    ItemFactory(code="BZ-120", name="半轴")
    ItemFactory(code="M12", name="螺栓")
    response = _client(clerk).get(reverse("catalog:item-export"), {"what": "items", "q": "bz"})

    rows = _read_xlsx(response)
    assert rows[0] == ITEM_HEADER
    assert [row[0] for row in rows[1:]] == ["BZ-120"]


def test_list_page_xlsx_format_and_variant_export(admin_user):
    shirt = ItemFactory(code="CS-01", name="衬衫", kind=Item.Kind.GARMENT)
    services.create_variants(actor=admin_user, item=shirt, colours=["白"], sizes=["M"])
    client = _client(admin_user)

    items = _read_xlsx(client.get(reverse("catalog:item-list"), {"format": "xlsx"}))
    variants = _read_xlsx(client.get(reverse("catalog:item-export"), {"what": "variants"}))

    assert items[1][0] == "CS-01"
    assert variants == [
        ["物料编码", "颜色", "尺码", "变体编码"],
        ["CS-01", "白", "M", "CS-01-白-M"],
    ]


# ---------------------------------------------------------------------- API
def _bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(actor=user, name='t')[1]}"}


def test_api_lists_items_paginated_and_filtered(clerk):
    ItemFactory.create_batch(60)
    ItemFactory(code="BZ-120", name="半轴")
    client = Client()

    page = client.get("/api/v1/catalog/items", **_bearer(clerk)).json()
    found = client.get("/api/v1/catalog/items", {"q": "bz"}, **_bearer(clerk)).json()

    assert page["count"] == 61 and len(page["items"]) == 50
    assert [row["code"] for row in found["items"]] == ["BZ-120"]
    assert found["items"][0]["unit"] == "pcs"


def test_api_item_detail_and_missing_item(clerk, admin_user, machining):
    shaft = ItemFactory(code="BZ-120", name="半轴")
    services.define_process_sheet(
        actor=admin_user,
        item=shaft,
        steps=[{"sequence": 10, "name": "车削", "workshop": machining}],
    )
    client = Client()

    body = client.get(f"/api/v1/catalog/items/{shaft.pk}", **_bearer(clerk)).json()
    missing = client.get("/api/v1/catalog/items/999", **_bearer(clerk))

    assert body["process_steps"] == [{"sequence": 10, "name": "车削", "workshop": "JJ"}]
    assert missing.status_code == 404


def test_api_needs_a_login(db):
    assert Client().get("/api/v1/catalog/items").status_code == 401


def test_api_import_reports_counts_then_every_bad_row(admin_user):
    units()
    client = Client()
    good = client.post(
        "/api/v1/catalog/items/import",
        {"file": SimpleUploadedFile("a.xlsx", xlsx_bytes(GOOD_FILE))},
        **_bearer(admin_user),
    )
    bad = client.post(
        "/api/v1/catalog/items/import",
        {"file": SimpleUploadedFile("b.xlsx", xlsx_bytes(BAD_FILE))},
        **_bearer(admin_user),
    )

    assert good.status_code == 200
    assert good.json() == {"created": 1, "updated": 0, "unchanged": 0}
    assert bad.status_code == 400
    assert [(p["row"], p["column"]) for p in bad.json()["problems"]] == [
        (2, "单位"),
        (3, "单件重量"),
        (4, "编码"),
    ]
    assert Item.objects.count() == 1


def test_api_import_without_permission_is_403_and_writes_nothing(clerk):
    units()
    audit_rows = AuditEvent.objects.count()
    response = Client().post(
        "/api/v1/catalog/items/import",
        {"file": SimpleUploadedFile("a.xlsx", xlsx_bytes(GOOD_FILE))},
        **_bearer(clerk),
    )

    assert response.status_code == 403
    assert Item.objects.count() == 0
    assert AuditEvent.objects.count() == audit_rows + 1  # only the token's creation


def test_api_creates_an_item_with_permission_only(admin_user, clerk):
    units()
    payload = {"code": "BZ-1", "name": "半轴", "kind": "part", "unit": "pcs"}
    client = Client()

    refused = client.post(
        "/api/v1/catalog/items", payload, content_type="application/json", **_bearer(clerk)
    )
    created = client.post(
        "/api/v1/catalog/items", payload, content_type="application/json", **_bearer(admin_user)
    )

    assert refused.status_code == 403
    assert created.status_code == 201 and created.json()["code"] == "BZ-1"


def test_session_login_works_for_the_api(clerk):
    client = Client()
    client.force_login(clerk)
    assert client.get("/api/v1/catalog/items").status_code == 200
