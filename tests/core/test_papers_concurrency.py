"""The first papers of a new book, written at the same moment, open the book once
(core.papers.book_for; invariant 2): one book, numbers 1…N, no duplicate, no gap. On
PostgreSQL the opening is serialised by an advisory lock; on SQLite by the write
transaction. The test is smaller on SQLite."""

import threading

import pytest
from django.db import connection, connections

from gendan.catalog import services as catalog
from gendan.core import papers
from gendan.core.models import Document, DocumentBook
from gendan.shopfloor import services as shopfloor
from tests.factories import SiteFactory, UserFactory, WorkshopFactory, grant
from tests.slips import factories as slip_data


@pytest.mark.django_db(transaction=True)
def test_clerks_writing_the_first_transfer_slips_at_once_open_one_book():
    """Each clerk writes a real transfer slip (issue 11: not a title only) of one part of
    the same lot of 半轴, at the same moment."""
    workers = 12 if connection.vendor == "postgresql" else 4
    papers.install_defaults_after_migrate(sender=None)  # the flush removed the chains
    machining = WorkshopFactory(code="JJ", name="机加车间", site=SiteFactory())
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    part = slip_data.item("BZ-120", "半轴", kind="part")
    catalog.define_process_sheet(
        actor=admin,
        item=part,
        steps=[
            {"sequence": 10, "name": "车", "workshop": machining},
            {"sequence": 20, "name": "热处理", "workshop": machining},
        ],
    )
    lot = shopfloor.start_lot(actor=admin, item=part, quantity=workers)
    clerks = [UserFactory(username=f"clerk{n}") for n in range(workers)]
    for clerk in clerks:
        grant(clerk, "clerk", workshop=machining)
    errors = []
    start = threading.Barrier(workers)

    def work(clerk):
        try:
            start.wait()
            shopfloor.write_transfer(
                actor=clerk,
                destination="operation",
                lines=[{"lot": lot, "quantity": 1, "from_step": 10}],
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
    book = DocumentBook.objects.get(slip_type="transfer")
    assert book.code.startswith("ZX-JJ-")
    numbers = sorted(Document.objects.filter(book=book).values_list("sequence", flat=True))
    assert numbers == list(range(1, workers + 1))
