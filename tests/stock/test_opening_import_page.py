"""The opening stock (期初库存) import page: the expected columns and a template, all
rows or none with every bad row shown, the same file twice imports once, the earlier
imports, and the gate (stock.add_openingimport, by default the chief storekeeper's and
the material accountant's)."""

import datetime
import io

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gendan.stock import ledger
from gendan.stock.models import Batch, OpeningImport, StockMove
from gendan.stock.opening import HEADERS
from tests.catalog.factories import xlsx_bytes
from tests.factories import UserFactory, grant
from tests.stock.factories import ItemFactory, WarehouseLocationFactory

pytestmark = pytest.mark.django_db

URL = "/stock/opening-stock/"
MORNING = datetime.datetime(2026, 3, 2, 1, 30, tzinfo=datetime.UTC)  # 09:30 in Shanghai


@pytest.fixture
def chief(db):
    chief = UserFactory(username="chenmin", first_name="陈敏")
    grant(chief, "chief_storekeeper")
    return chief


@pytest.fixture
def shelf(db):
    return WarehouseLocationFactory(code="WH1-A01", name="一号库A01")


@pytest.fixture
def axle(db):
    return ItemFactory(code="BZ-01", name="半轴")


def _client(user):
    """A person who chose English with the language switch (the UI's default is Chinese)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def _csv(rows):
    lines = [",".join(HEADERS)] + [",".join(str(cell) for cell in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _upload(client, name, content):
    return client.post(reverse("stock:opening-import"), {"file": SimpleUploadedFile(name, content)})


def _nothing_imported():
    return not (StockMove.objects.exists() or OpeningImport.objects.exists())


def test_page_shows_the_expected_columns_and_offers_a_template(chief):
    client = _client(chief)

    page = client.get(reverse("stock:opening-import"))
    template = client.get(reverse("stock:opening-import-template"))

    assert page.status_code == 200
    assert all(f"<td>{header}</td>" in page.text for header in HEADERS)
    assert reverse("stock:opening-import-template") in page.text
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(template.content)).get_sheet_by_index(0)
    assert sheet.to_python() == [HEADERS]


def test_good_file_posts_the_stock_and_is_listed_among_earlier_imports(chief, shelf, axle):
    content = xlsx_bytes([HEADERS, ["BZ-01", "WH1-A01", "L1", "2027-01-31", 10]])

    with time_machine.travel(MORNING, tick=False):
        response = _upload(_client(chief), "期初库存.xlsx", content)

    assert response.status_code == 200
    assert "Imported 1 row of opening stock." in response.text
    lot = Batch.objects.get(item=axle, number="L1")
    assert ledger.balance(axle, shelf, lot) == 10
    record = OpeningImport.objects.get()
    assert (record.file_name, record.rows, record.actor) == ("期初库存.xlsx", 1, chief)
    listed = response.text.split('id="opening-imports"')[1]
    assert "2026-03-02 09:30" in listed and "陈敏" in listed and "期初库存.xlsx" in listed


def test_the_same_file_again_says_when_and_by_whom_and_changes_nothing(chief, shelf, axle):
    content = _csv([["BZ-01", "WH1-A01", "", "", "10"]])
    accountant = UserFactory(username="zhoujing", first_name="周静")
    grant(accountant, "material_accountant")
    with time_machine.travel(MORNING, tick=False):
        _upload(_client(chief), "opening.csv", content)

    again = _upload(_client(accountant), "opening-copy.csv", content)

    assert again.status_code == 200
    assert (
        "This file was imported before, on 2026-03-02 09:30 by 陈敏 (as opening.csv); "
        "nothing was changed." in again.text
    )
    assert ledger.balance(axle, shelf) == 10
    assert StockMove.objects.count() == 1
    assert OpeningImport.objects.count() == 1


def test_bad_file_shows_every_bad_row_and_imports_nothing(chief, shelf, axle):
    content = _csv(
        [
            ["BZ-01", "WH1-A01", "L1", "", "10"],
            ["NOPE", "WH1-A01", "", "", "1"],
            ["BZ-01", "NOWHERE", "", "", "1"],
            ["BZ-01", "WH1-A01", "", "31/12/2027", "-3"],
        ]
    )

    response = _upload(_client(chief), "opening.csv", content)

    assert response.status_code == 400
    assert "Nothing was imported: 3 rows have problems." in response.text
    problems = response.context["problems"]
    assert [(p.row, p.column, p.value) for p in problems] == [
        (3, "物料编码", "NOPE"),
        (4, "库位编码", "NOWHERE"),
        (5, "数量", "-3"),
        (5, "有效期", "31/12/2027"),
    ]
    table = response.text.split('id="import-problems"')[1].split("</table>")[0]
    assert table.count("<tr><td>") == 4
    assert "unknown item" in table and "a location code" in table and "2026-12-31" in table
    assert _nothing_imported()
    assert not Batch.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused_and_imports_nothing(chief, shelf):
    response = _upload(_client(chief), "notes.txt", b"BZ-01 10")

    assert response.status_code == 400
    assert "Upload an Excel file (.xlsx, .xls, .ods) or a .csv file, not notes.txt." in (
        response.text
    )
    assert _nothing_imported()


def test_a_post_without_a_file_is_refused_and_imports_nothing(chief):
    response = _client(chief).post(reverse("stock:opening-import"))

    assert response.status_code == 400
    assert _nothing_imported()


@pytest.mark.parametrize("role", ["chief_storekeeper", "material_accountant"])
def test_roles_that_keep_the_books_may_import_opening_stock_by_default(role):
    keeper = UserFactory(username="keeper")
    grant(keeper, role)

    assert _client(keeper).get(reverse("stock:opening-import")).status_code == 200


@pytest.mark.parametrize("role", ["storekeeper", "merchandiser", None])
def test_other_people_are_refused_and_nothing_is_imported(role, shelf, axle):
    person = UserFactory(username="someone")
    if role:
        grant(person, role, warehouse=shelf.warehouse if role == "storekeeper" else None)
    client = _client(person)

    page = client.get(reverse("stock:opening-import"))
    template = client.get(reverse("stock:opening-import-template"))
    posted = _upload(client, "opening.csv", _csv([["BZ-01", "WH1-A01", "", "", "10"]]))

    assert page.status_code == template.status_code == posted.status_code == 403
    assert _nothing_imported()
    assert ledger.balance(axle, shelf) == 0


def test_anonymous_visitor_is_sent_to_log_in(db):
    response = Client().get(reverse("stock:opening-import"))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_stock_on_hand_page_links_to_the_import_only_for_those_who_may_import(chief, shelf):
    keeper = UserFactory(username="liuqiang")
    grant(keeper, "storekeeper", warehouse=shelf.warehouse)
    link = f'href="{reverse("stock:opening-import")}"'

    assert link in _client(chief).get(reverse("stock:balance-list")).text
    assert link not in _client(keeper).get(reverse("stock:balance-list")).text
