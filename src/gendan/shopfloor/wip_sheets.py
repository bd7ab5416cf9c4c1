"""WIP count sheets as xlsx: export the lines for counting on paper or in Excel, import the
counted quantities back — all or nothing: every bad row is named and nothing is
recorded unless all rows are good. A row for a lot at a place the sheet does not list
adds it (parts found there)."""

import re

from django.utils.translation import gettext as _

from gendan.core.errors import DomainError
from gendan.core.import_errors import ImportRejected, RowProblem
from gendan.core.parsing import ParseError, column_of, parse_quantity
from gendan.core.spreadsheets import read_table, upload_limits
from gendan.shopfloor import wip_queries, wip_services
from gendan.shopfloor.models import Lot
from gendan.shopfloor.wip_models import WipCountLine
from gendan.stock.models import Location

HEADERS = ["流转卡号", "物料编码", "名称", "位置编码", "位置", "账面数", "实盘数", "报废数", "备注"]
LOT, _ITEM, _NAME, PLACE, _PLACE_NAME, _EXPECTED, COUNTED, SCRAPPED, NOTE = range(9)
_ENTRY_FIELD = re.compile(r"^lines\[(\d+)\]")


def _number(value):
    return float(value) if value is not None else None


def export_rows(sheet):
    rows = (
        (
            line.lot.document.number,
            line.lot.item.code,
            line.lot.item.name,
            line.place.code,
            line.place.name,
            float(line.expected),
            _number(line.counted),
            _number(line.scrapped),
            line.note,
        )
        for line in wip_queries.lines(sheet)
    )
    return HEADERS, rows


def import_counted(*, actor, sheet, file_bytes, filename):
    """Record the counted quantities of a filled-in sheet, or refuse the whole file."""
    table = read_table(file_bytes, filename, **upload_limits())
    rows = [(number, (list(cells) + [""] * 9)[:9]) for number, cells in enumerate(table.rows, 2)]
    rows = [(number, cells) for number, cells in rows if any(cells) and cells[COUNTED] != ""]
    lots = {
        lot.document.number: lot
        for lot in Lot.objects.filter(
            document__number__in={cells[LOT] for _n, cells in rows}
        ).select_related("document", "item__unit")
    }
    places = {
        place.code: place
        for place in Location.objects.filter(code__in={cells[PLACE] for _n, cells in rows})
    }
    entries, numbers, problems = [], [], []
    for number, cells in rows:
        entry, problem = _entry(number, cells, lots, places)
        if problem:
            problems.append(problem)
        else:
            entries.append(entry)
            numbers.append(number)
    if problems:
        raise ImportRejected(problems)
    try:
        return wip_services.record_counts(actor=actor, sheet=sheet, entries=entries)
    except ImportRejected:
        raise
    except DomainError as refused:
        row = _row_of(refused, entries, numbers)
        if row is None:
            raise
        raise ImportRejected([RowProblem(row, HEADERS[COUNTED], str(refused))]) from None


def _row_of(refused, entries, numbers):
    """The spreadsheet row a service refusal is about: the entry its field names, or
    the first row of the lot it names."""
    match = _ENTRY_FIELD.match(refused.field or "")
    if match:
        return numbers[int(match.group(1)) - 1]
    lot_id = getattr(refused, "lot_id", None)
    for entry, number in zip(entries, numbers, strict=True):
        if entry["lot"].pk == lot_id:
            return number
    return None


def _entry(number, cells, lots, places):
    lot = lots.get(cells[LOT])
    if lot is None:
        return None, RowProblem(
            number, HEADERS[LOT], _("unknown lot"), _("a lot number"), cells[LOT]
        )
    place = places.get(cells[PLACE])
    if place is None:
        return None, RowProblem(
            number, HEADERS[PLACE], _("unknown place"), _("a place code"), cells[PLACE]
        )
    try:
        counted = _quantity(cells[COUNTED], lot, "counted", HEADERS[COUNTED])
        scrapped = (
            _quantity(cells[SCRAPPED], lot, "scrapped", HEADERS[SCRAPPED])
            if cells[SCRAPPED] != ""
            else None
        )
    except ParseError as refused:
        column = HEADERS[COUNTED] if refused.field == "counted" else HEADERS[SCRAPPED]
        value = cells[COUNTED] if refused.field == "counted" else cells[SCRAPPED]
        return None, RowProblem(number, column, refused.problem, refused.expected, value)
    entry = {"lot": lot, "place": place, "counted": counted, "scrapped": scrapped}
    return entry | {"note": cells[NOTE]}, None


def _quantity(value, lot, field, label):
    return parse_quantity(
        value,
        unit=lot.item.unit,
        field=field,
        label=label,
        column=column_of(WipCountLine, field),
        allow_zero=True,
    )
