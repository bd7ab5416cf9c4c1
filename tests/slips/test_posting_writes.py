"""What a posting writes back on its slip, and the slip's search text (issue 14: posting
speed). The posting writes every line's batch and places in one set-based statement and
finds or creates the batches in one more, so its queries do not grow with its lines; the
search text turns each item into pinyin once, not once per line."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gendan.core.errors import DomainError
from gendan.core.models import Document
from gendan.core.pinyin import search_key
from gendan.stock import batches, ledger
from gendan.stock.models import Batch, Location, StockMove
from gendan.stock.slips import services
from gendan.stock.slips.models import SlipKind
from tests.slips import factories
from tests.slips.factories import line, put_stock, through_chain, write

pytestmark = pytest.mark.usefixtures("chains_seeded")


def _receipt(storekeeper, store, lines, partner=None):
    return write(
        storekeeper,
        SlipKind.PURCHASED_RECEIPT,
        store,
        lines,
        partner=partner or factories.supplier(),
    )


def _post(slip, global_inspector, storekeeper, purchaser):
    """Sign the receipt's chain; the purchaser's last signature posts it."""
    slip = through_chain(slip, global_inspector)
    slip = services.sign_slip(actor=storekeeper, slip=slip)
    return services.sign_slip(actor=purchaser, slip=slip)


def test_posting_writes_each_lines_batch_and_places_with_and_without_a_batch(
    storekeeper, global_inspector, purchaser, store, store_location, half_shaft, round_steel
):
    """陈敏 receives three lines: a new batch with its expiry, a batch received before
    (kept, not created again; its number looks like a figure) and a line without a batch. Each line records the supplier
    location it came from, the warehouse it went to and its own batch (or none)."""
    known = batches.batch_for(half_shaft, "2603", datetime.date(2027, 1, 31))
    slip = _receipt(
        storekeeper,
        store,
        [
            line(half_shaft, 5, batch_number="B-NEW", expires_on="2027-03-01"),
            line(half_shaft, 6, batch_number="2603"),
            line(round_steel, "7.5"),
        ],
    )

    slip = _post(slip, global_inspector, storekeeper, purchaser)

    assert slip.document.status == Document.Status.POSTED
    supplier_location = Location.objects.get(site=slip.partner)
    new = Batch.objects.get(item=half_shaft, number="B-NEW")
    assert new.expires_on == datetime.date(2027, 3, 1)
    assert Batch.objects.filter(item=half_shaft).count() == 2
    written = [
        (line.position, line.batch_id, line.from_location_id, line.to_location_id)
        for line in slip.lines.order_by("position")
    ]
    assert written == [
        (1, new.pk, supplier_location.pk, store_location.pk),
        (2, known.pk, supplier_location.pk, store_location.pk),
        (3, None, supplier_location.pk, store_location.pk),
    ]
    assert ledger.balance(half_shaft, store_location, new) == Decimal(5)
    assert ledger.balance(half_shaft, store_location, known) == Decimal(6)
    assert ledger.balance(round_steel, store_location) == Decimal("7.5")


def _queries_to_post(roles, store, lines):
    storekeeper, global_inspector, purchaser = roles
    slip = _receipt(storekeeper, store, lines)
    slip = through_chain(slip, global_inspector)
    slip = services.sign_slip(actor=storekeeper, slip=slip)
    with CaptureQueriesContext(connection) as captured:
        slip = services.sign_slip(actor=purchaser, slip=slip)
    assert slip.document.status == Document.Status.POSTED
    return len(captured.captured_queries)


def test_posting_a_receipt_takes_as_many_queries_for_1200_lines_as_for_two(
    storekeeper, global_inspector, purchaser, store, half_shaft
):
    """The batches are found and created, and the lines' batches and places written, by
    set-based statements: the posting's queries do not grow with its lines."""
    roles = (storekeeper, global_inspector, purchaser)
    _queries_to_post(roles, store, [line(half_shaft, 1)])  # the supplier's location is made
    two = [line(half_shaft, 1, batch_number=f"S{n}") for n in range(2)]
    many = [line(half_shaft, 1, batch_number=f"M{n}") for n in range(1198)]
    many += [line(half_shaft, 1), line(half_shaft, 1, batch_number="S0")]

    assert _queries_to_post(roles, store, two) == _queries_to_post(roles, store, many)
    assert Batch.objects.filter(item=half_shaft).count() == 1200
    assert StockMove.objects.filter(batch__isnull=True, item=half_shaft).count() == 2


def test_a_known_batch_received_with_another_expiry_is_refused_and_nothing_changes(
    storekeeper, global_inspector, purchaser, store, store_location, half_shaft
):
    batches.batch_for(half_shaft, "B-OLD", datetime.date(2027, 1, 31))
    slip = _receipt(
        storekeeper,
        store,
        [
            line(half_shaft, 5, batch_number="B-NEW"),
            line(half_shaft, 6, batch_number="B-OLD", expires_on="2027-02-28"),
        ],
    )

    with pytest.raises(DomainError, match="B-OLD of BZ-120 expires on 2027-01-31, not 2027-02-28"):
        _post(slip, global_inspector, storekeeper, purchaser)

    slip.refresh_from_db()
    assert Document.objects.get(pk=slip.document_id).status == Document.Status.PENDING
    assert list(Batch.objects.filter(item=half_shaft).values_list("number", flat=True)) == ["B-OLD"]
    assert not slip.lines.filter(batch__isnull=False).exists()
    assert not StockMove.objects.filter(document_id=slip.document_id).exists()
    assert ledger.balance(half_shaft, store_location) == 0


def test_an_issue_naming_a_batch_that_does_not_exist_is_refused(
    accountant, director, storekeeper, machining, store, store_location, round_steel
):
    put_stock(accountant, round_steel, store_location, 50)
    slip = write(
        accountant,
        SlipKind.STEEL_ISSUE,
        store,
        [factories.steel_line(round_steel, 5, batch_number="NO-SUCH")],
        workshop=machining,
    )
    slip = through_chain(slip, director)

    with pytest.raises(DomainError, match="Line 1: .* has no batch NO-SUCH"):
        services.sign_slip(actor=storekeeper, slip=slip)

    assert not Batch.objects.filter(number="NO-SUCH").exists()
    assert ledger.balance(round_steel, store_location) == Decimal(50)


def test_search_text_names_every_item_and_batch_with_pinyin_each_once(
    storekeeper, store, half_shaft, round_steel
):
    """The search text holds the number, title, each item's code and name (with pinyin)
    and every batch number; an item on many lines is put into pinyin once."""
    bearing_supplier = factories.supplier()
    slip = _receipt(
        storekeeper,
        store,
        [
            line(half_shaft, 1, batch_number="B-1"),
            line(round_steel, 2),
            line(half_shaft, 3, batch_number="B-2"),
            line(half_shaft, 4, batch_number="B-1"),
        ],
        partner=bearing_supplier,
    )

    document = slip.document
    texts = [document.number, document.title, half_shaft.code, half_shaft.name, "B-1"]
    texts += [round_steel.code, round_steel.name, "B-2", bearing_supplier.name]
    assert document.search_text == search_key(*texts)
    assert "banzhou bz" in document.search_text
    assert document.search_text.count("banzhou bz") == 1  # the title's reads "banzhou × …"
    for needle in ("bz-120", "b-1", "b-2", "xingtai"):
        assert needle in document.search_text
    assert Document.objects.filter(search_text__icontains="bz").get() == document


def test_search_text_follows_a_renamed_item(storekeeper, store, half_shaft):
    first = _receipt(storekeeper, store, [line(half_shaft, 1)])
    half_shaft.name = "齿轮轴"
    half_shaft.save(update_fields=["name"])

    second = _receipt(storekeeper, store, [line(half_shaft, 1)])

    assert "banzhou" in first.document.search_text
    assert "chilunzhou clz" in second.document.search_text
    assert "banzhou" not in second.document.search_text.replace(second.document.title, "")


@pytest.mark.parametrize("text", ["B2603-01", "BZ-120", "Lot 7/B", "a\tb", "  x  ", "Φ"])
def test_codes_and_batch_numbers_get_the_search_words_search_key_gives(text):
    assert services._search_words(text) == search_key(text)
