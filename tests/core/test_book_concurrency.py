"""Taking numbers is safe under concurrency (invariant 2). On PostgreSQL (CI): 50
workers × 200 numbers from one book give exactly 1…10,000 — no duplicate, no gap —
and `gendan check` finds no gap afterwards. On SQLite the same test runs smaller."""

import threading

import pytest
from django.db import connection, connections

from gendan.core import chains, integrity, numbering
from gendan.core.models import Document
from tests.conftest import TEST_CHAIN
from tests.factories import BookFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_take_every_number_exactly_once():
    workers, per_worker = (50, 200) if connection.vendor == "postgresql" else (8, 25)
    clerk = UserFactory(username="busy-clerk")
    chains.define_chain(actor=clerk, slip_type="test.slip", name="测试单", steps=TEST_CHAIN)
    book = BookFactory()
    errors = []
    start = threading.Barrier(workers)

    def work():
        try:
            start.wait()
            for _ in range(per_worker):
                numbering.open_document(actor=clerk, book=book)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    sequences = sorted(Document.objects.filter(book=book).values_list("sequence", flat=True))
    assert sequences == list(range(1, workers * per_worker + 1))
    book.refresh_from_db()
    assert book.next_number == workers * per_worker + 1
    assert list(integrity.book_gaps()) == []
