"""Opening stock import (xlsx or csv): item code, location code, batch, expiry, quantity.

All or nothing: every bad row is reported and nothing is written unless all rows are
good. A file is known by the hash of its content, so importing it twice changes nothing
the second time. Rows are posted as ledger moves from the OPENING location.
"""

import datetime
import functools
import hashlib

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gendan.catalog.models import Item
from gendan.core import audit
from gendan.core.import_errors import ImportRejected, RowProblem
from gendan.core.parsing import ParseError, column_of, parse_quantity
from gendan.core.spreadsheets import read_table, upload_limits
from gendan.stock import batches, ledger
from gendan.stock.locations import OPENING_CODE, standard_location
from gendan.stock.models import Location, OpeningImport, StockMove

COLUMNS = ["item code", "location code", "batch", "expiry", "quantity"]
HEADERS = ["物料编码", "库位编码", "批号", "有效期", "数量"]
CHUNK = 900  # stays under SQLite's bound-parameter limit in `code__in`
QUANTITY_COLUMN = column_of(StockMove, "quantity")


def import_opening_stock(*, actor, file_bytes, filename):
    """Import the file; return (OpeningImport, created). A file imported before returns
    its first record and `created=False`."""
    content_hash = hashlib.sha256(file_bytes).hexdigest()
    earlier = OpeningImport.objects.filter(content_hash=content_hash).first()
    if earlier is not None:
        return earlier, False
    table = read_table(file_bytes, filename, **upload_limits())
    rows = _checked_rows(table)
    try:
        with transaction.atomic():
            record = OpeningImport.objects.create(
                content_hash=content_hash,
                file_name=(filename or "")[:200],
                rows=len(rows),
                imported_at=timezone.now(),
                actor=actor,
            )
            _post(actor, rows)
            audit.record(
                actor=actor, action="stock.opening.import", obj=record, after={"rows": len(rows)}
            )
    except IntegrityError:  # the same file, imported at the same moment by someone else
        return OpeningImport.objects.get(content_hash=content_hash), False
    return record, True


def _checked_rows(table):
    items = _lookup(Item, {row[0] for row in table.rows if row}, "unit")
    locations = _lookup(Location, {row[1] for row in table.rows if len(row) > 1})
    problems, rows = [], []
    for number, cells in enumerate(table.rows, start=table.first_row):
        cells = (list(cells) + [""] * 5)[:5]
        if not any(cells):
            continue
        row, row_problems = _check_row(number, cells, items, locations)
        problems.extend(row_problems)
        rows.append(row)
    if problems:
        raise ImportRejected(problems)
    if not rows:
        raise ImportRejected([RowProblem(row=2, column="", message=_("The file has no rows."))])
    return rows


def _lookup(model, codes, *related):
    found = {}
    codes = sorted(code for code in codes if code)
    for start in range(0, len(codes), CHUNK):
        queryset = model.objects.filter(code__in=codes[start : start + CHUNK])
        found.update({obj.code: obj for obj in queryset.select_related(*related)})
    return found


def _check_row(number, cells, items, locations):
    code, location_code, batch_number, expiry, quantity_text = cells
    problems = []
    item = items.get(code)
    location = locations.get(location_code)
    if item is None:
        problems.append(_problem(number, 0, _("unknown item"), _("an item code"), code))
    if location is None:
        problems.append(
            _problem(number, 1, _("unknown location"), _("a location code"), location_code)
        )
    expires_on = _date(expiry)
    if expires_on is False:
        problems.append(_problem(number, 3, _("not a date"), "2026-12-31", expiry))
    quantity, refusal = _quantity(quantity_text, item.unit.decimals if item else None)
    if refusal:
        problems.append(_problem(number, 4, refusal[0], refusal[1], quantity_text))
    return (item, location, batch_number, expires_on, quantity), problems


def _problem(number, column, message, expected, value):
    return RowProblem(
        row=number, column=HEADERS[column], message=message, expected=expected, value=str(value)
    )


@functools.lru_cache(maxsize=4096)
def _date(text):
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return False


def _quantity(text, decimals):
    """(quantity, None) or (None, (what was wrong, what was expected))."""
    return _parse_quantity(text, decimals, translation.get_language())


@functools.lru_cache(maxsize=4096)
def _parse_quantity(text, decimals, _language):
    """Files repeat the same few quantities, so parsing is cached by (text, places); the
    language is in the key because the refusal's words are."""
    try:
        quantity = parse_quantity(
            text, decimals=decimals, field="quantity", label=HEADERS[4], column=QUANTITY_COLUMN
        )
    except ParseError as refused:
        return None, (refused.problem, refused.expected)
    return quantity, None


def _post(actor, rows):
    opening = standard_location(OPENING_CODE)
    wanted = {(item.pk, number): expiry for item, _loc, number, expiry, _q in rows if number}
    batch_ids = batches.ensure_batches(wanted, received_on=timezone.localdate()) if wanted else {}
    moves = [
        (
            item.pk,
            batch_ids[(item.pk, batch_number)] if batch_number else None,
            quantity,
            opening.pk,
            location.pk,
        )
        for item, location, batch_number, _expiry, quantity in rows
    ]
    ledger.load_moves(actor=actor, rows=moves)
