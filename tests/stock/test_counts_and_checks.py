"""Stock counts end to end, and `gendan check` over the ledger."""

from decimal import Decimal

import pytest

from gendan.core import chains, integrity
from gendan.core.errors import InvalidTransition, PermissionDenied
from gendan.core.models import Document
from gendan.stock import checks, counts, ledger
from gendan.stock.models import StockBalance, StockMove
from tests.factories import UserFactory, grant
from tests.stock.factories import BatchFactory, ItemFactory, WarehouseLocationFactory, receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(db):
    return WarehouseLocationFactory(code="WH1-A01", name="一号库A01")


@pytest.fixture
def storekeeper(shelf):
    user = UserFactory(username="liuqiang", first_name="刘强")
    grant(user, "storekeeper", warehouse=shelf.warehouse)
    return user


@pytest.fixture
def chief(shelf):
    user = UserFactory(username="chenmin", first_name="陈敏")
    grant(user, "chief_storekeeper", warehouse=shelf.warehouse)
    return user


def test_balances_agree_with_the_ledger_and_a_tampered_balance_is_reported(storekeeper, shelf):
    axle = ItemFactory(code="BZ-01")
    receive(storekeeper, axle, shelf, 10)
    assert list(checks.balances_match_ledger()) == []

    StockBalance.objects.filter(item=axle, location=shelf).update(quantity=Decimal(9))

    problems = dict(integrity.run_all())["stock balances equal the ledger"]
    assert len(problems) == 1
    assert f"item {axle.pk} location {shelf.pk}" in problems[0]
    assert "stored 9" in problems[0] and "ledger says 10" in problems[0]


def test_a_missing_balance_row_is_reported(storekeeper, shelf):
    axle = ItemFactory(code="BZ-01")
    receive(storekeeper, axle, shelf, 10)
    StockBalance.objects.filter(item=axle, location=shelf).delete()

    problems = list(checks.balances_match_ledger())

    assert len(problems) == 1 and "stored none" in problems[0]


def test_count_posts_one_adjustment_with_every_variance(storekeeper, chief, shelf):
    axle, bolt, nut = (ItemFactory(code=code) for code in ("BZ-01", "LS-01", "LM-01"))
    lot = BatchFactory(item=bolt, number="LOT-1")
    receive(storekeeper, axle, shelf, 10)
    receive(storekeeper, bolt, shelf, 50, batch=lot)
    sheet = counts.open_count(actor=storekeeper, location=shelf)
    assert sorted(sheet.lines.values_list("expected", flat=True)) == [10, 50]

    counts.record_counted(
        actor=storekeeper,
        sheet=sheet,
        entries=[(axle, None, 8, False), (bolt, lot, 53, False), (nut, None, 4, True)],
    )
    counts.submit_count(actor=storekeeper, sheet=sheet)
    chains.sign(actor=storekeeper, document=sheet.document)
    document = chains.sign(actor=chief, document=sheet.document)

    assert document.status == Document.Status.POSTED
    assert ledger.balance(axle, shelf) == 8
    assert ledger.balance(bolt, shelf, lot) == 53
    assert ledger.balance(nut, shelf) == 4
    assert StockMove.objects.filter(document=document).count() == 3
    assert list(checks.balances_match_ledger()) == []


def test_a_count_line_for_an_item_not_at_the_location_is_refused(storekeeper, shelf):
    axle = ItemFactory(code="BZ-01", name="半轴")
    stranger = ItemFactory(code="XX-09", name="陌生件")
    receive(storekeeper, axle, shelf, 10)
    sheet = counts.open_count(actor=storekeeper, location=shelf)

    with pytest.raises(counts.CountLineRefused, match="XX-09 陌生件 is not on the books"):
        counts.record_counted(
            actor=storekeeper,
            sheet=sheet,
            entries=[(axle, None, 10, False), (stranger, None, 1, False)],
        )

    assert sheet.lines.count() == 1
    assert sheet.lines.get().counted is None


def test_a_count_cannot_be_handed_in_with_uncounted_lines_or_changed_afterwards(storekeeper, shelf):
    axle = ItemFactory(code="BZ-01")
    receive(storekeeper, axle, shelf, 10)
    sheet = counts.open_count(actor=storekeeper, location=shelf)
    with pytest.raises(counts.CountLineRefused, match="BZ-01"):
        counts.submit_count(actor=storekeeper, sheet=sheet)

    counts.record_counted(actor=storekeeper, sheet=sheet, entries=[(axle, None, 10, False)])
    counts.submit_count(actor=storekeeper, sheet=sheet)

    with pytest.raises(InvalidTransition):
        counts.record_counted(actor=storekeeper, sheet=sheet, entries=[(axle, None, 1, False)])


def test_only_a_chief_storekeeper_approves_a_count(storekeeper, shelf):
    axle = ItemFactory(code="BZ-01")
    receive(storekeeper, axle, shelf, 10)
    sheet = counts.open_count(actor=storekeeper, location=shelf)
    counts.record_counted(actor=storekeeper, sheet=sheet, entries=[(axle, None, 7, False)])
    counts.submit_count(actor=storekeeper, sheet=sheet)
    chains.sign(actor=storekeeper, document=sheet.document)

    with pytest.raises(PermissionDenied):
        chains.sign(actor=storekeeper, document=sheet.document)

    assert ledger.balance(axle, shelf) == 10


@pytest.fixture
def outside_factory(shelf):
    """The contracted factory's login: it holds a role, but not in this warehouse."""
    user = UserFactory(username="dengfang", first_name="邓芳")
    grant(user, "factory")
    return user


def test_only_the_warehouses_storekeepers_open_a_count(outside_factory, shelf):
    """D1-1.5 / issue 9: a stranger cannot open a count sheet; nothing is numbered."""
    with pytest.raises(PermissionDenied, match="Storekeeper / Chief storekeeper of 库房"):
        counts.open_count(actor=outside_factory, location=shelf)
    assert not Document.objects.exists()


def test_a_stranger_cannot_enter_counted_quantities_on_web_or_api(
    client, storekeeper, outside_factory, shelf
):
    """Issue 9: the outside factory's login once set counted quantities on any sheet,
    and the ledger booked the difference. Now refused, and nothing changed."""
    axle = ItemFactory(code="BZ-01")
    receive(storekeeper, axle, shelf, 10)
    sheet = counts.open_count(actor=storekeeper, location=shelf)
    line = sheet.lines.get()
    with pytest.raises(PermissionDenied):
        counts.record_counted(actor=outside_factory, sheet=sheet, entries=[(axle, None, 1, False)])
    client.force_login(outside_factory)
    api = client.post(
        f"/api/v1/stock/counts/{sheet.pk}/counted",
        [{"item": "BZ-01", "counted": "1"}],
        "application/json",
    )
    assert api.status_code in (403, 404)
    client.post(f"/stock/counts/{sheet.pk}/record/", {f"line-{line.pk}": "1"})
    line.refresh_from_db()
    assert line.counted is None


def test_the_audit_keeps_every_counted_quantity(storekeeper, shelf):
    axle = ItemFactory(code="BZ-01")
    receive(storekeeper, axle, shelf, 10)
    sheet = counts.open_count(actor=storekeeper, location=shelf)
    counts.record_counted(actor=storekeeper, sheet=sheet, entries=[(axle, None, 7, False)])
    from gendan.core.models import AuditEvent

    recorded = AuditEvent.objects.get(action="stock.count.record")
    assert recorded.after == {
        "lines": [{"item": axle.pk, "batch": 0, "counted": "7", "found": False}]
    }
