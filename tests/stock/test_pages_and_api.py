"""Stock pages and API: filters, pinyin search, exports, and query counts that do not
grow with the rows shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gendan.stock import counts, ledger
from gendan.stock.models import StockMove
from gendan.stock.opening import HEADERS
from tests.factories import UserFactory, grant
from tests.stock.factories import BatchFactory, ItemFactory, WarehouseLocationFactory, receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(db):
    return WarehouseLocationFactory(code="WH1-A01", name="一号库A01")


def _stock(actor, shelf, count, first=0):
    for n in range(first, first + count):
        item = ItemFactory(code=f"BZ-{n:02d}", name="半轴")
        receive(actor, item, shelf, 5, batch=BatchFactory(item=item))


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def test_stock_on_hand_finds_items_by_pinyin_initials_with_constant_queries(
    client, admin_user, shelf
):
    _stock(admin_user, shelf, 3)
    ItemFactory(code="LS-01", name="螺栓")
    client.force_login(admin_user)
    url = reverse("stock:balance-list")

    few, response = _queries(client, url + "?q=bz")
    assert "BZ-02" in response.content.decode()
    _stock(admin_user, WarehouseLocationFactory(code="WH1-B01"), 12, first=3)
    many, _response = _queries(client, url + "?q=bz")

    assert few == many
    assert "LS-01" not in _queries(client, url + "?q=bz")[1].content.decode()


def test_stock_on_hand_exports_to_excel(client, admin_user, shelf):
    _stock(admin_user, shelf, 2)
    client.force_login(admin_user)

    response = client.get(reverse("stock:balance-list") + "?format=xlsx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_movement_history_has_constant_queries(client, admin_user, shelf):
    axle = ItemFactory(code="BZ-01")
    receive(admin_user, axle, shelf, 1)
    client.force_login(admin_user)
    url = reverse("stock:item-history", args=[axle.pk])

    few, _response = _queries(client, url)
    for _ in range(10):
        receive(admin_user, axle, shelf, 1)
    many, response = _queries(client, url)

    assert few == many
    assert response.content.decode().count("一号库A01") >= 11  # places by name, not code


def test_near_expiry_page_lists_batches(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("stock:near-expiry") + "?days=10").status_code == 200


def test_count_sheet_pages_and_phone_entry(client, shelf):
    keeper = UserFactory(username="liuqiang")
    grant(keeper, "storekeeper", warehouse=shelf.warehouse)
    axle = ItemFactory(code="BZ-01", name="半轴")
    receive(keeper, axle, shelf, 10)
    sheet = counts.open_count(actor=keeper, location=shelf)
    line = sheet.lines.get()
    client.force_login(keeper)

    assert "BZ-01" in client.get(reverse("stock:count-sheet", args=[sheet.pk])).content.decode()
    assert client.get(reverse("stock:count-phone", args=[sheet.pk])).status_code == 200
    assert client.get(reverse("stock:count-export", args=[sheet.pk])).status_code == 200
    client.post(reverse("stock:count-record", args=[sheet.pk]), {f"line-{line.pk}": "9"})

    line.refresh_from_db()
    assert line.counted == 9


def test_api_lists_balances_and_moves_and_imports_opening_stock(client, admin_user, shelf):
    axle = ItemFactory(code="BZ-01")
    receive(admin_user, axle, shelf, 4)
    client.force_login(admin_user)

    balances = client.get("/api/v1/stock/balances?q=bz").json()
    moves = client.get("/api/v1/stock/moves?item=BZ-01").json()
    content = ("\n".join([",".join(HEADERS), "BZ-01,WH1-A01,,,6"]) + "\n").encode()
    imported = client.post(
        "/api/v1/stock/opening-stock/import",
        {"file": _upload("opening.csv", content)},
    )
    bad = client.post(
        "/api/v1/stock/opening-stock/import",
        {"file": _upload("bad.csv", content.replace(b"BZ-01", b"NOPE"))},
    )

    assert balances["items"][0]["quantity"] in ("4", "4.0000", 4)
    assert moves["count"] == 1
    assert imported.status_code == 200 and imported.json()["created"] is True
    assert bad.status_code == 400 and bad.json()["problems"][0]["value"] == "NOPE"
    assert ledger.balance(axle, shelf) == 10
    assert StockMove.objects.count() == 2


def test_api_runs_a_count_from_opening_to_posting(client, shelf):
    keeper = UserFactory(username="liuqiang")
    chief = UserFactory(username="chenmin")
    grant(keeper, "storekeeper", warehouse=shelf.warehouse)
    grant(chief, "chief_storekeeper", warehouse=shelf.warehouse)
    axle = ItemFactory(code="BZ-01")
    receive(keeper, axle, shelf, 10)
    keeper.is_superuser = True
    keeper.save()
    client.force_login(keeper)

    opened = client.post("/api/v1/stock/counts", {"location": "WH1-A01"}, "application/json")
    count_id = opened.json()["id"]
    base = f"/api/v1/stock/counts/{count_id}"
    client.post(f"{base}/counted", [{"item": "BZ-01", "counted": "7"}], "application/json")
    assert client.post(f"{base}/submit").status_code == 200
    assert client.post(f"{base}/sign").status_code == 200
    client.force_login(chief)
    posted = client.post(f"{base}/sign")

    assert posted.json()["status"] == "posted"
    assert ledger.balance(axle, shelf) == 7


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/csv")
