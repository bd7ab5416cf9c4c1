"""The handling equipment's pages and API (D1-1.6, D1-4.7, D1-4.8): the register per
workshop with filters, pinyin search and xlsx, the item's page with its QR code and
history, an inspection with a photo, the home card of overdue cranes and wire ropes, the
gate (another workshop: 404, a role that may only look: 403, nothing written) and a
constant number of queries on the list."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gendan.core import search
from gendan.core.home import cards_for
from gendan.core.models import Attachment, AuditEvent
from gendan.shopfloor import equipment_services as services
from gendan.shopfloor.equipment_models import Equipment, EquipmentInspection

Kind = Equipment.Kind
DAY = datetime.timedelta(days=1)
JPEG = b"\xff\xd8\xff\xe0" + b"0" * 64 + b"\xff\xd9"


@pytest.fixture
def rope(clerk, machining):
    """钢丝绳吊索, passed 40 days ago, due every 30 days: overdue."""
    item = services.register_equipment(
        actor=clerk, code="GSS-JJ-01", name="钢丝绳吊索", kind=Kind.ROPE, workshop=machining
    )
    services.record_inspection(
        actor=clerk, equipment=item, result="pass", inspected_at=timezone.now() - 40 * DAY
    )
    item.refresh_from_db()
    return item


@pytest.fixture
def cart(clerk, machining):
    item = services.register_equipment(
        actor=clerk, code="YLC-JJ-01", name="运料车", kind=Kind.CART, workshop=machining
    )
    services.record_inspection(actor=clerk, equipment=item, result="pass")
    return item


@pytest.fixture
def welding_crane(admin_user, welding):
    return services.register_equipment(
        actor=admin_user, code="QC-HJ-01", name="焊接行车", kind=Kind.CRANE, workshop=welding
    )


def written():
    return (
        Equipment.objects.count(),
        EquipmentInspection.objects.count(),
        Attachment.objects.count(),
        AuditEvent.objects.count(),
    )


# ---------------------------------------------------------------- the register
def test_d1_1_6_the_workshop_page_filters_by_kind_and_overdue(client, clerk, rope, cart, machining):
    """D1-1.6, D1-4.8: 机加车间's page lists its equipment; the overdue filter keeps the rope."""
    client.force_login(clerk)
    url = reverse("shopfloor:equipment-of-workshop", args=[machining.pk])
    page = client.get(url).content.decode()
    assert 'data-code="GSS-JJ-01" data-overdue="yes"' in page
    assert 'data-code="YLC-JJ-01"' in page
    overdue = client.get(url, {"due": "overdue"}).content.decode()
    assert "GSS-JJ-01" in overdue and "YLC-JJ-01" not in overdue
    carts = client.get(url, {"kind": "cart"}).content.decode()
    assert "YLC-JJ-01" in carts and "GSS-JJ-01" not in carts
    home_link = client.get(reverse("shopfloor:equipment-overdue")).content.decode()
    assert "GSS-JJ-01" in home_link and "YLC-JJ-01" not in home_link


def test_d1_1_6_pinyin_search_finds_the_rope(client, clerk, rope, cart):
    """Typing the initials gss (钢丝绳) finds the rope, on the list and in the search box."""
    client.force_login(clerk)
    page = client.get(reverse("shopfloor:equipment-list"), {"q": "gss"}).content.decode()
    assert "GSS-JJ-01" in page and "YLC-JJ-01" not in page
    found = search.search("yunliao", clerk)
    assert [result.label for result in found if "YLC" in result.label] == ["YLC-JJ-01 运料车"]


def test_d1_1_6_the_register_downloads_as_xlsx(client, clerk, rope, cart):
    client.force_login(clerk)
    response = client.get(reverse("shopfloor:equipment-list"), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        strings = book.read("xl/sharedStrings.xml").decode()
    assert "GSS-JJ-01" in strings and "YLC-JJ-01" in strings


def test_d1_1_6_the_list_costs_the_same_queries_for_3_or_30_items(client, clerk, machining):
    """The register page's queries do not grow with its length."""
    client.force_login(clerk)
    url = reverse("shopfloor:equipment-list")

    def register(count, start):
        for number in range(start, start + count):
            item = services.register_equipment(
                actor=clerk, code=f"ZZX-{number:03d}", name="周转箱", kind=Kind.CONTAINER,
                workshop=machining,
            )  # fmt: skip
            services.record_inspection(actor=clerk, equipment=item, result="pass")

    register(3, 0)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    register(27, 3)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert page.count('data-code="ZZX-') == 30
    assert len(many) == len(few)


# ---------------------------------------------------------------- one item
def test_d1_4_8_the_item_page_shows_its_qr_code_and_history(client, clerk, rope):
    client.force_login(clerk)
    page = client.get(reverse("shopfloor:equipment-detail", args=[rope.pk])).content.decode()
    assert "<svg" in page
    assert 'id="equipment-overdue"' in page
    assert 'data-result="pass"' in page
    assert 'capture="environment"' in page
    label = client.get(reverse("shopfloor:equipment-label", args=[rope.pk])).content.decode()
    assert "GSS-JJ-01" in label and "<svg" in label


def test_d1_4_8_an_inspection_with_a_photo_from_the_page(client, clerk, rope, settings, tmp_path):
    """D1-4.8: 王芳 records a pass with the phone's photo: the rope is due again in 30
    days, the photo is kept and shown to who may see the rope."""
    settings.MEDIA_ROOT = tmp_path
    client.force_login(clerk)
    response = client.post(
        reverse("shopfloor:equipment-inspect", args=[rope.pk]),
        {"result": "pass", "note": "无断丝", "photo": SimpleUploadedFile("rope.jpg", JPEG)},
    )
    assert response.status_code == 302
    rope.refresh_from_db()
    assert rope.next_due_on == timezone.localdate() + 30 * DAY
    record = EquipmentInspection.objects.filter(equipment=rope).first()
    photo = Attachment.objects.get(object_id=str(record.pk))
    assert (record.result, record.note, record.inspected_by) == ("pass", "无断丝", clerk)
    page = client.get(reverse("shopfloor:equipment-detail", args=[rope.pk])).content.decode()
    file_url = reverse("core:attachment-file", args=[photo.pk])
    assert file_url in page
    assert client.get(file_url).status_code == 200


def test_d1_4_8_a_failed_inspection_on_the_page_takes_it_out_of_service(client, director, rope):
    client.force_login(director)
    client.post(
        reverse("shopfloor:equipment-inspect", args=[rope.pk]),
        {"result": "fail", "note": "断丝 3 根"},
    )
    rope.refresh_from_db()
    assert rope.status == Equipment.Status.OUT_OF_SERVICE


# ---------------------------------------------------------------- the gate
def test_d1_4_8_the_gate_another_workshop_sees_nothing_and_writes_nothing(
    client, welding_inspector, rope, settings, tmp_path
):
    """曹磊 of 焊接车间: 机加车间's rope is not found (404) — page, label, inspection,
    photo, API — and nothing is written."""
    settings.MEDIA_ROOT = tmp_path
    client.force_login(welding_inspector)
    before = written()
    for name in ("equipment-detail", "equipment-label"):
        assert client.get(reverse(f"shopfloor:{name}", args=[rope.pk])).status_code == 404
    for name, data in (
        ("equipment-inspect", {"result": "pass", "photo": SimpleUploadedFile("a.jpg", JPEG)}),
        ("equipment-change", {"name": "改名", "inspection_interval_days": "1"}),
        ("equipment-status", {"status": "retired"}),
    ):
        assert client.post(reverse(f"shopfloor:{name}", args=[rope.pk]), data).status_code == 404
    api = client.post(
        f"/api/v1/shopfloor/equipment/{rope.pk}/inspections",
        {"result": "pass"},
        content_type="application/json",
    )
    assert api.status_code == 404
    assert client.get("/api/v1/shopfloor/equipment").json() == []
    assert written() == before


def test_d1_4_8_the_gate_the_operator_looks_but_may_not_inspect(client, operator, rope):
    """周杰 the operator sees the rope but may not record an inspection (403), nor
    register equipment; nothing is written."""
    client.force_login(operator)
    before = written()
    assert client.get(reverse("shopfloor:equipment-detail", args=[rope.pk])).status_code == 200
    response = client.post(
        reverse("shopfloor:equipment-inspect", args=[rope.pk]), {"result": "pass"}
    )
    assert response.status_code == 403
    api = client.post(
        f"/api/v1/shopfloor/equipment/{rope.pk}/inspections",
        {"result": "pass"},
        content_type="application/json",
    )
    assert api.status_code == 403
    created = client.post(
        "/api/v1/shopfloor/equipment",
        {"code": "QC-9", "name": "行车", "kind": "crane", "workshop": rope.workshop_id},
        content_type="application/json",
    )
    assert created.status_code == 403
    assert written() == before


def test_d1_1_6_someone_without_a_shop_floor_role_gets_403(client, outsider, rope):
    client.force_login(outsider)
    assert client.get(reverse("shopfloor:equipment-list")).status_code == 403
    assert client.get("/api/v1/shopfloor/equipment").status_code == 403
    assert client.get(reverse("shopfloor:equipment-detail", args=[rope.pk])).status_code == 404


# ---------------------------------------------------------------- home card and menu
def test_d1_4_8_the_overdue_rope_is_on_the_clerks_and_directors_home(
    client, clerk, director, operator, welding_inspector, rope, cart, welding_crane
):
    """D1-4.8: the rope (overdue) is on 王芳's and 赵刚's home page; not the cart (not
    overdue); not 焊接车间's crane (never inspected, overdue — but not theirs); the
    operator has no such card."""
    today = timezone.localdate()

    def card_rows(user):
        found = {card.key: rows for card, rows, _total in cards_for(user, today)}
        return [row.code for row in found.get("overdue-equipment", [])]

    assert card_rows(clerk) == ["GSS-JJ-01"]
    assert card_rows(director) == ["GSS-JJ-01"]
    assert card_rows(operator) == []
    client.force_login(clerk)
    page = client.get(reverse("core:home")).content.decode()
    assert reverse("shopfloor:equipment-detail", args=[rope.pk]) in page
    assert reverse("shopfloor:equipment-list") in page  # the menu entry


def test_d1_4_8_after_a_pass_the_card_is_gone(clerk, rope):
    services.record_inspection(actor=clerk, equipment=rope, result="pass")
    keys = [card.key for card, _rows, _total in cards_for(clerk, timezone.localdate())]
    assert "overdue-equipment" not in keys


# ---------------------------------------------------------------- the API
def test_d1_4_8_api_lists_with_next_due_and_overdue(client, clerk, rope, cart):
    client.force_login(clerk)
    body = client.get("/api/v1/shopfloor/equipment").json()
    by_code = {row["code"]: row for row in body}
    assert by_code["GSS-JJ-01"]["overdue"] is True
    assert by_code["GSS-JJ-01"]["next_due"] == str(rope.next_due_on)
    assert by_code["YLC-JJ-01"]["overdue"] is False
    assert by_code["YLC-JJ-01"]["next_due"] == str(timezone.localdate() + 90 * DAY)
    only = client.get("/api/v1/shopfloor/equipment", {"due": "overdue"}).json()
    assert [row["code"] for row in only] == ["GSS-JJ-01"]


def test_d1_4_8_api_registers_and_records_an_inspection(client, director, machining):
    client.force_login(director)
    created = client.post(
        "/api/v1/shopfloor/equipment",
        {"code": "QC-JJ-01", "name": "5 吨行车", "kind": "crane", "workshop": machining.pk},
        content_type="application/json",
    )
    assert created.status_code == 201
    crane = created.json()
    assert (crane["inspection_interval_days"], crane["next_due"]) == (30, str(timezone.localdate()))
    failed = client.post(
        f"/api/v1/shopfloor/equipment/{crane['id']}/inspections",
        {"result": "fail", "note": "制动器异响"},
        content_type="application/json",
    )
    assert failed.status_code == 201
    assert failed.json()["equipment"]["status"] == "out_of_service"
    refused = client.post(
        f"/api/v1/shopfloor/equipment/{crane['id']}/inspections",
        {"result": "fail"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert refused.json()["field"] == "note"
    assert EquipmentInspection.objects.count() == 1


def test_d1_4_8_a_record_is_corrected_from_the_page_by_a_new_one(client, director, clerk, rope):
    """D1-4.8: 赵刚 corrects 王芳's pass with a fail: a new record naming the old one; a
    correction naming another item's record is refused and writes nothing."""
    wrong = EquipmentInspection.objects.get(equipment=rope)
    client.force_login(director)
    url = reverse("shopfloor:equipment-inspect", args=[rope.pk])
    client.post(url, {"result": "fail", "note": "实有断丝", "corrects": str(wrong.pk)})
    fixed = EquipmentInspection.objects.exclude(pk=wrong.pk).get()
    assert (fixed.corrects, fixed.inspected_by, fixed.result) == (wrong, director, "fail")
    rope.refresh_from_db()
    assert rope.status == Equipment.Status.OUT_OF_SERVICE
    before = written()
    client.post(url, {"result": "pass", "corrects": "999999"})
    assert written() == before
