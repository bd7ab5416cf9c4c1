"""Books opened by the old per-app helpers keep numbering after core 0006 (a book's
predecessor link): `papers.book_for` finds them by paper type, scope and year, so an
order book half used before the upgrade continues where it stopped, and the old count
book (code PD-warehouse-1, no year in its code) keeps numbering its own year only."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gendan.core import papers

BEFORE = [("core", "0005_event_outbox")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_books_opened_before_the_upgrade_keep_their_numbers_and_years():
    latest = _latest()
    old_apps = _migrate(BEFORE)
    try:
        OldBook = old_apps.get_model("core", "DocumentBook")
        OldBook.objects.create(
            code="HT-2026",
            name="Orders and contracts 2026",
            slip_type="sales.order",
            prefix="HT",
            year=2026,
            next_number=43,
        )
        OldBook.objects.create(
            code="PD-warehouse-1",
            name="Stock counts warehouse:1",
            slip_type="stock.count",
            scope_key="warehouse:1",
            prefix="PD",
            year=2026,
            next_number=8,
        )
        _migrate(latest)
    except BaseException:
        _migrate(latest)
        raise

    order_book = papers.book_for("sales.order", None, datetime.date(2026, 5, 1))
    assert (order_book.code, order_book.predecessor_id) == ("HT-2026", None)
    assert order_book.format_number(order_book.next_number) == "HT-2026-000043"
    count_book = papers.book_for("stock.count", "warehouse:1", datetime.date(2026, 11, 30))
    assert (count_book.code, count_book.next_number) == ("PD-warehouse-1", 8)
    next_year = papers.book_for("stock.count", "warehouse:1", datetime.date(2027, 1, 4))
    assert (next_year.year, next_year.next_number, next_year.predecessor_id) == (2027, 1, None)
    assert next_year.format_number(1).endswith("-2027-000001")
