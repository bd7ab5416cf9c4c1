"""Opening stock import: all or nothing, every bad row reported, idempotent."""

import pytest

from gendan.core.import_errors import ImportRejected
from gendan.stock import checks, ledger
from gendan.stock.models import Batch, OpeningImport, StockMove
from gendan.stock.opening import HEADERS, import_opening_stock
from tests.catalog.factories import xlsx_bytes
from tests.stock.factories import ItemFactory, UnitFactory, WarehouseLocationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(db):
    return WarehouseLocationFactory(code="WH1-A01")


def _csv(rows):
    lines = [",".join(HEADERS)] + [",".join(str(cell) for cell in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_good_file_posts_opening_stock_with_batches(admin_user, shelf):
    axle = ItemFactory(code="BZ-01")
    steel = ItemFactory(code="GC-01", unit=UnitFactory(code="kg", name="千克", decimals=3))
    content = xlsx_bytes(
        [HEADERS, ["BZ-01", "WH1-A01", "", "", 10], ["GC-01", "WH1-A01", "L1", "2027-01-31", 2.5]]
    )

    record, created = import_opening_stock(
        actor=admin_user, file_bytes=content, filename="期初.xlsx"
    )

    assert created and record.rows == 2
    lot = Batch.objects.get(item=steel, number="L1")
    assert str(lot.expires_on) == "2027-01-31"
    assert ledger.balance(axle, shelf) == 10
    assert ledger.balance(steel, shelf, lot) == 2.5
    assert list(checks.balances_match_ledger()) == []


def test_every_bad_row_is_reported_and_nothing_is_imported(admin_user, shelf):
    ItemFactory(code="BZ-01")
    content = _csv(
        [
            ["BZ-01", "WH1-A01", "", "", "10"],
            ["NOPE", "WH1-A01", "", "", "1"],
            ["BZ-01", "NOWHERE", "", "", "1"],
            ["BZ-01", "WH1-A01", "", "", "abc"],
            ["BZ-01", "WH1-A01", "", "", "-3"],
            ["BZ-01", "WH1-A01", "", "31/12/2027", "1.5"],
        ]
    )

    with pytest.raises(ImportRejected) as refused:
        import_opening_stock(actor=admin_user, file_bytes=content, filename="opening.csv")

    problems = [(p.row, p.column, p.value) for p in refused.value.problems]
    assert "0 decimal places" in str(refused.value.problems[-2].expected)
    assert problems == [
        (3, "物料编码", "NOPE"),
        (4, "库位编码", "NOWHERE"),
        (5, "数量", "abc"),
        (6, "数量", "-3"),
        (7, "数量", "1.5"),
        (7, "有效期", "31/12/2027"),
    ]
    assert not StockMove.objects.exists()
    assert not OpeningImport.objects.exists()


def test_the_same_file_twice_changes_nothing_the_second_time(admin_user, shelf):
    axle = ItemFactory(code="BZ-01")
    content = _csv([["BZ-01", "WH1-A01", "", "", "10"]])

    first, created = import_opening_stock(actor=admin_user, file_bytes=content, filename="a.csv")
    again, created_again = import_opening_stock(
        actor=admin_user, file_bytes=content, filename="a.csv"
    )

    assert created and not created_again and again == first
    assert ledger.balance(axle, shelf) == 10
    assert StockMove.objects.count() == 1
