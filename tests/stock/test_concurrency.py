"""On PostgreSQL: 20 people issuing from one balance at the same moment never take it
below zero and never lose an update."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.utils import timezone

from gendan.core.models import Document
from gendan.stock import checks, ledger
from gendan.stock.ledger import InsufficientStock
from tests.factories import BookFactory, UserFactory
from tests.stock.factories import ItemFactory, LocationFactory, WarehouseLocationFactory, receive

WORKERS = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_never_overdraw_or_lose_an_update(issue_paper):
    if connection.vendor != "postgresql":
        pytest.skip("row locking under concurrency is tested on PostgreSQL (set DATABASE_URL)")
    keeper = UserFactory(username="liuqiang")
    axle = ItemFactory(code="BZ-01")
    shelf, station = WarehouseLocationFactory(code="WH1-A01"), LocationFactory(code="JJ-01")
    receive(keeper, axle, shelf, 100)
    book = BookFactory(slip_type="test.issue")
    documents = [
        Document.objects.create(
            book=book,
            sequence=n,
            number=f"ISS-{n}",
            slip_type="test.issue",
            author=keeper,
            created_at=timezone.now(),
        )
        for n in range(1, WORKERS + 1)
    ]
    issued, refused, errors = [], [], []
    start = threading.Barrier(WORKERS)

    def issue(number):
        quantity = Decimal(3 + number % 7)
        try:
            start.wait()
            ledger.post_moves(
                actor=keeper,
                moves=[ledger.Move(axle, quantity, shelf, station)],
                document=documents[number],
            )
            issued.append(quantity)
        except InsufficientStock:
            refused.append(quantity)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(n,)) for n in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert refused, "the workers asked for more than was on hand; some must be refused"
    assert ledger.balance(axle, shelf) == Decimal(100) - sum(issued) >= 0
    assert ledger.balance(axle, station) == sum(issued)
    assert list(checks.balances_match_ledger()) == []
