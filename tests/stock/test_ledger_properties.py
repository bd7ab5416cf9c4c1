"""Property: whatever mix of receipts, issues, moves, reversals and counts people post —
refused ones included — every balance equals the sum of its ledger moves."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gendan.core import chains
from gendan.core.errors import DomainError
from gendan.core.models import Document
from gendan.stock import checks, counts, ledger
from gendan.stock.models import StockBalance
from tests.factories import BookFactory, UserFactory, grant
from tests.stock.factories import (
    BatchFactory,
    ItemFactory,
    LocationFactory,
    SupplierLocationFactory,
    WarehouseLocationFactory,
)

ISSUE = "test.issue"
ACTIONS = ["receive", "issue", "move", "reverse", "count"]


class Rollback(Exception):
    pass


@pytest.fixture
def world(db, issue_paper):
    shelf = WarehouseLocationFactory(code="WH1-A01")
    keeper = UserFactory(username="liuqiang")
    chief = UserFactory(username="chenmin")
    grant(keeper, "storekeeper", warehouse=shelf.warehouse)
    grant(chief, "chief_storekeeper", warehouse=shelf.warehouse)
    items = [ItemFactory(code=f"P{n}") for n in range(2)]
    return {
        "keeper": keeper,
        "chief": chief,
        "places": [
            shelf,
            WarehouseLocationFactory(code="WH1-B01", warehouse=shelf.warehouse),
            LocationFactory(code="JJ-01"),
        ],
        "supplier": SupplierLocationFactory(code="SUP-1"),
        "items": items,
        "batches": [None, BatchFactory(item=items[0]), BatchFactory(item=items[1])],
        "book": BookFactory(slip_type=ISSUE),
        "posted": [],
    }


def _document(world):
    book = world["book"]
    sequence = Document.objects.filter(book=book).count() + 1
    return Document.objects.create(
        book=book,
        sequence=sequence,
        number=f"T-{sequence}",
        slip_type=ISSUE,
        author=world["keeper"],
        created_at=timezone.now(),
    )


def _act(world, action, item_index, place_index, other_index, quantity):
    item = world["items"][item_index]
    batch = world["batches"][item_index + 1] if quantity % 2 else None
    place, other = world["places"][place_index], world["places"][other_index]
    keeper = world["keeper"]
    if action == "count":
        _count(world, place, quantity)
        return
    if action == "reverse":
        if world["posted"]:
            ledger.reverse_moves(
                actor=keeper,
                original_document=world["posted"].pop(0),
                reversing_document=_document(world),
            )
        return
    source = world["supplier"] if action == "receive" else place
    target = place if action == "receive" else other
    document = _document(world)
    ledger.post_moves(
        actor=keeper,
        moves=[ledger.Move(item, Decimal(quantity), source, target, batch)],
        document=document,
    )
    world["posted"].append(document)


def _count(world, place, quantity):
    sheet = counts.open_count(actor=world["keeper"], location=place)
    entries = [(line.item, line.batch, quantity, False) for line in sheet.lines.all()]
    counts.record_counted(actor=world["keeper"], sheet=sheet, entries=entries)
    counts.submit_count(actor=world["keeper"], sheet=sheet)
    chains.sign(actor=world["keeper"], document=sheet.document)
    chains.sign(actor=world["chief"], document=sheet.document)


def _ledger_agrees():
    assert list(checks.balances_match_ledger()) == []
    negatives = StockBalance.objects.filter(quantity__lt=0, location__allows_negative=False)
    assert not negatives.exists()


@pytest.mark.slow_property
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(ACTIONS),
            st.integers(0, 1),
            st.integers(0, 2),
            st.integers(0, 2),
            st.integers(1, 30),
        ),
        max_size=12,
    )
)
def test_every_balance_equals_its_ledger_sum_after_each_step(world, steps):
    try:
        with transaction.atomic():
            world["posted"] = []
            for action, item_index, place_index, other_index, quantity in steps:
                try:
                    with transaction.atomic():
                        _act(world, action, item_index, place_index, other_index, quantity)
                except DomainError:
                    pass  # a refusal must leave the ledger and balances as they were
                _ledger_agrees()
            raise Rollback
    except Rollback:
        pass
