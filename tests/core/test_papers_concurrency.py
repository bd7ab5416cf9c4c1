"""The first papers of a new book, written at the same moment, open the book once
(core.papers.book_for; invariant 2): one book, numbers 1…N, no duplicate, no gap. On
PostgreSQL the opening is serialised by an advisory lock; on SQLite by the write
transaction. The test is smaller on SQLite."""

import threading

import pytest
from django.db import connection, connections

from gendan.core import papers
from gendan.core.models import Document, DocumentBook
from gendan.core.scopes import Scope
from tests.factories import SiteFactory, UserFactory, WorkshopFactory, grant


@pytest.mark.django_db(transaction=True)
def test_clerks_writing_the_first_transfer_slips_at_once_open_one_book():
    workers = 12 if connection.vendor == "postgresql" else 4
    machining = WorkshopFactory(code="JJ", name="机加车间", site=SiteFactory())
    clerks = [UserFactory(username=f"clerk{n}") for n in range(workers)]
    for clerk in clerks:
        grant(clerk, "clerk", workshop=machining)
    errors = []
    start = threading.Barrier(workers)

    def work(clerk):
        try:
            start.wait()
            papers.write_paper(
                actor=clerk,
                paper_type="transfer",
                scope=Scope.workshop(machining),
                title=f"半轴 × {clerk.pk}",
            )
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(clerk,)) for clerk in clerks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    book = DocumentBook.objects.get()
    assert book.code.startswith("ZX-JJ-")
    numbers = sorted(Document.objects.values_list("sequence", flat=True))
    assert numbers == list(range(1, workers + 1))
