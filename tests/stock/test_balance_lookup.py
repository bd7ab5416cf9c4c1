"""The balance lookup (issue 14): one prepared statement on the database connection,
reading the same figure the ORM reads, per batch, on SQLite and PostgreSQL."""

from decimal import Decimal

import pytest
from django.db import connection, transaction

from gendan.stock import ledger
from gendan.stock.models import StockBalance
from tests.stock.factories import (
    BatchFactory,
    ItemFactory,
    UnitFactory,
    WarehouseLocationFactory,
    receive,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(db):
    return WarehouseLocationFactory(code="WH1-A01", name="一号库A01")


@pytest.fixture
def wire(db):
    return ItemFactory(
        code="GS-08", name="钢丝", unit=UnitFactory(code="kg", name="千克", decimals=3)
    )


def test_the_lookup_reads_the_figure_the_ledger_stored_to_the_last_place(admin_user, shelf, wire):
    receive(admin_user, wire, shelf, "12.345")
    receive(admin_user, wire, shelf, "0.1")
    receive(admin_user, wire, shelf, "0.2")

    on_hand = ledger.balance(wire, shelf)

    stored = StockBalance.objects.get(item=wire, location=shelf).quantity
    assert on_hand == stored == Decimal("12.645")
    assert str(on_hand) == str(stored) == "12.6450"


def test_the_lookup_is_per_batch_and_zero_where_nothing_was_moved(admin_user, shelf, wire):
    first, second = BatchFactory(item=wire), BatchFactory(item=wire)
    receive(admin_user, wire, shelf, 3, batch=first)

    assert ledger.balance(wire, shelf, first) == Decimal(3)
    assert ledger.balance(wire.pk, shelf.pk, first.pk) == Decimal(3)  # ids do as well
    assert ledger.balance(wire, shelf, second) == Decimal(0)
    assert ledger.balance(wire, shelf) == Decimal(0)  # the unbatched stock


def test_the_lookup_still_works_after_a_rolled_back_transaction(admin_user, shelf, wire):
    """The statement is prepared once per database session; a rollback of the
    transaction it was first prepared in does not lose it (PostgreSQL)."""
    receive(admin_user, wire, shelf, 4)
    if connection.vendor == "postgresql":  # prepare it again inside the transaction below
        connection.cursor().execute("DEALLOCATE ALL")
        ledger._prepared_on.discard(connection.connection)
    with transaction.atomic():
        receive(admin_user, wire, shelf, 1)
        assert ledger.balance(wire, shelf) == Decimal(5)
        transaction.set_rollback(True)

    assert ledger.balance(wire, shelf) == Decimal(4)
