"""A day's tracking sheet read as it really comes, without storing anything (D3-1).

`read_tracking_sheet` finds the header (below description, group or ERP title rows),
maps its columns to the canonical fields, cleans every cell and sets aside — with its
row number and the reason — every row that cannot be used: 总计 rows, numbers Excel
mangled, rows split by a stray comma, rows with no number at all. `inspect` is the
same reading as one JSON-ready object for `gendan tracking inspect`.
"""

import itertools
import operator
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.utils.translation import gettext as _

from gendan.core.spreadsheets import read_sheet
from gendan.logistics import carriers
from gendan.logistics.sheets import cells
from gendan.logistics.sheets.headers import FIELDS, locate_header
from gendan.logistics.statuses import normalise_status

PREVIEW_ROWS = 5
WIDTH_SAMPLE_ROWS = 200
ZIP_MAGIC = b"PK\x03\x04"  # xlsx, ods
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # xls


class TrackingRow(NamedTuple):
    """One usable row: canonical fields with clean values; `status` is the controlled
    status (None when the text says nothing known), `status_text` the original. A
    tuple, not a dataclass: a 100,000-row sheet makes 100,000 of them (issue 13)."""

    row: int
    order_number: str = ""
    tracking_number: str = ""
    carrier: str = carriers.UNKNOWN
    consignee: str = ""
    phone: str = ""
    phone_kind: str = cells.MISSING
    address: str = ""
    status: str | None = None
    status_text: str = ""
    shipped_at: str = ""

    @property
    def candidates(self):
        """The carriers the tracking number's format allows (none without a number)."""
        return carriers.from_number(self.tracking_number).candidates if self.tracking_number else ()

    def as_dict(self):
        return self._asdict() | {"candidates": list(self.candidates)}


@dataclass
class TrackingSheet:
    encoding: str | None
    header_row: int
    columns: dict
    read: int = 0
    rows: list = field(default_factory=list)
    skipped: list = field(default_factory=list)

    def carrier_counts(self):
        return dict(Counter(row.carrier for row in self.rows).most_common())

    def inspection(self):
        return {
            "encoding": self.encoding,
            "header_row": self.header_row,
            "columns": self.columns,
            "rows": self.read,
            "accepted": len(self.rows),
            "skipped": self.skipped,
            "carriers": self.carrier_counts(),
            "preview": [row.as_dict() for row in self.rows[:PREVIEW_ROWS]],
        }


def inspect(source):
    """What `gendan tracking inspect FILE --json` prints: nothing is stored."""
    return read_tracking_sheet(source).inspection()


def read_tracking_sheet(source, **limits):
    """`source` is a path or the file's bytes; the format is told by the content (a
    `.xls` download that is really csv text is read as csv). `limits` as for
    `core.spreadsheets.read_sheet` (uploads pass `upload_limits()`)."""
    file_bytes = _load(source)
    sheet = read_sheet(file_bytes, _format_name(file_bytes), **limits)
    match = locate_header(sheet.rows)
    result = TrackingSheet(
        encoding=sheet.encoding,
        header_row=match.row_number,
        columns={name: match.labels[name] for name in FIELDS if name in match.labels},
    )
    width = _data_width(sheet.rows[match.index], sheet.rows[match.index + 1 :])
    _take_rows(result, sheet.rows, match.index + 1, match.positions, width)
    return result


def _take_rows(result, sheet_rows, first, positions, width):
    """The data rows from `first` (0-based) on, column by column (issue 13: a
    100,000-row sheet). A row whose ids are plain letters and digits, whose first cell
    cannot start a total row and that fills no cell past the header is cleaned in bulk,
    each distinct name, address, carrier, status and phone once; any other row is taken
    by `_take_row` alone, as it always was. The result is the same either way (a test
    compares them on random rows)."""
    data = sheet_rows[first:]
    column = _columns(data, positions)
    plain = _plain_rows(data, column, width)
    text = cells.plain_texts(
        itertools.chain(column["consignee"], column["address"], column["shipped_at"])
    )
    carrier_names = {
        cell: carriers.from_name(cells.plain_text(cell)) for cell in set(column["carrier"])
    }
    statuses = {}
    for cell in set(column["status"]):
        status = normalise_status(cell)
        statuses[cell] = (status.status.value if status.status else None, status.original)
    phones = {}
    append, new, detect = result.rows.append, tuple.__new__, carriers.detect
    unknown, mobile = carriers.UNKNOWN, cells.MOBILE
    rows = zip(
        data, plain, column["order_number"], column["tracking_number"], column["carrier"],
        column["consignee"], column["phone"], column["address"], column["status"],
        column["shipped_at"], strict=True,
    )  # fmt: skip
    for number, (row_cells, is_plain, order, tracking, carrier, name, phone, address,
                 status_cell, shipped) in enumerate(rows, start=first + 1):  # fmt: skip
        if not is_plain:
            _take_row(result, number, row_cells, positions, width)
            continue
        result.read += 1
        digits = phone[1:] if phone[:1] in PHONE_WRAPPERS else phone  # `'138…`, a tab
        if (
            len(digits) == MOBILE_LENGTH and digits.isdigit() and digits.isascii()
            and digits[0] == "1" and digits[1] in MOBILE_SECOND
        ):  # fmt: skip
            found = (digits, mobile)
        elif (found := phones.get(phone)) is None:
            parsed = cells.classify_phone(phone)
            found = phones[phone] = (parsed.number, parsed.kind)
        status, status_text = statuses[status_cell]
        code = carrier_names[carrier] or (tracking and detect(tracking)[0]) or unknown
        append(new(TrackingRow, (
            number, order, tracking, code, text[name], found[0], found[1], text[address],
            status, status_text, text[shipped],
        )))  # fmt: skip


MOBILE_LENGTH = 11
MOBILE_SECOND = frozenset("3456789")
PHONE_WRAPPERS = ("'", "\t")
FIELD_COLUMNS = ("carrier", "consignee", "phone", "address", "status", "shipped_at")
TOTAL_STARTS = frozenset("总合小汇tT" + cells.WRAPPER_STARTS + cells.ZERO_WIDTH)


def _columns(data, positions):
    """Each field's cells as one list; the ids already through `cells.plain_id` (None
    where a cell is not plain), and the first cell of each row under 'first'."""
    names = [name for name in (*NUMBER_COLUMNS, *FIELD_COLUMNS) if positions.get(name) is not None]
    wanted = [0, *(positions[name] for name in names)]
    if data and min(map(len, data)) > max(wanted):  # a spreadsheet: every row is full
        lists = list(zip(*map(operator.itemgetter(*wanted), data), strict=True))
    else:
        lists = [[row[at] if len(row) > at else "" for row in data] for at in wanted]
    columns = dict(zip(["first", *names], lists, strict=True))
    blank = [""] * len(data)
    for name in (*NUMBER_COLUMNS, *FIELD_COLUMNS):
        columns.setdefault(name, blank)
    plain_id = cells.plain_id
    columns["order_number"] = [
        cell if cell.isdigit() and cell.isascii() and len(cell) <= cells.MAX_ID_LENGTH
        else plain_id(cell)
        for cell in columns["order_number"]
    ]  # fmt: skip
    columns["tracking_number"] = [
        cell if cell.isdigit() and cell.isascii() and len(cell) <= cells.MAX_ID_LENGTH
        else plain_id(cell, upper=True)
        for cell in columns["tracking_number"]
    ]  # fmt: skip
    return columns


NUMBER_COLUMNS = ("order_number", "tracking_number")


def _plain_rows(data, column, width):
    """True for each row the bulk path may take: plain ids, at least one of them, a
    first cell that cannot start a total row (a `="…"` one too, when what it wraps
    starts with a letter or digit other than t), no filled cell past the header."""
    plain = [
        order is not None and tracking is not None and bool(order or tracking)
        and bool(first) and (
            (first[0] not in TOTAL_STARTS and not first[0].isspace())
            or (first[:2] == '="' and first[2:3].isascii() and first[2:3].isalnum()
                and first[2] not in "tT")
        )
        for order, tracking, first in zip(
            column["order_number"], column["tracking_number"], column["first"], strict=True
        )
    ]  # fmt: skip
    if data and max(map(len, data)) > width:
        plain = [
            is_plain and not (len(row) > width and any(row[width:]))
            for is_plain, row in zip(plain, data, strict=True)
        ]
    return plain


def _load(source):
    if isinstance(source, bytes | bytearray):
        return bytes(source)
    return Path(source).read_bytes()


def _format_name(file_bytes):
    if file_bytes.startswith(ZIP_MAGIC):
        return "sheet.xlsx"
    if file_bytes.startswith(OLE_MAGIC):
        return "sheet.xls"
    return "sheet.csv"


def _data_width(header, data_rows):
    """How many cells a row may fill: up to the header's last named column, unless most
    rows fill cells beyond it — then that is a column without a header, not a row
    split by a stray comma, and it is ignored rather than refused."""
    filled = [position for position, cell in enumerate(header) if cells.unwrap(cell)]
    width = filled[-1] + 1 if filled else 0
    sample = [row for row in data_rows[:WIDTH_SAMPLE_ROWS] if not cells.is_blank(row)]
    beyond = [row for row in sample if any(cells.unwrap(cell) for cell in row[width:])]
    if len(beyond) * 2 > len(sample):
        return max(len(row) for row in data_rows)
    return width


def _take_row(result, number, row_cells, positions, width):
    if cells.is_blank(row_cells):
        return
    result.read += 1
    problems = _row_problems(row_cells, width)
    row = None
    if not problems:
        row, problems = _clean_row(number, row_cells, positions, result.columns)
    if problems:
        code, reasons = problems[0][0], "; ".join(reason for _code, reason in problems)
        result.skipped.append({"row": number, "code": code, "reason": reasons})
    else:
        result.rows.append(row)


def _row_problems(row_cells, width):
    if cells.is_total_row(row_cells):
        first = next(cells.unwrap(cell) for cell in row_cells if cells.unwrap(cell))
        return [("total_row", _("a total row (%(text)s), not a parcel") % {"text": first[:40]})]
    extra = [cell for cell in row_cells[width:] if cells.unwrap(cell)]
    if extra:
        return [
            (
                "extra_fields",
                _(
                    "%(count)d more filled cells than the header has columns; a comma or a "
                    "line break inside a cell may have split the row"
                )
                % {"count": len(extra)},
            )
        ]
    return []


def _clean_row(number, row_cells, positions, labels):
    raw = {name: _cell(row_cells, positions.get(name)) for name in FIELDS}
    values, problems = {}, []
    for name, upper in (("order_number", False), ("tracking_number", True)):
        try:
            values[name] = cells.normalise_id(raw[name], upper=upper)
        except cells.BadCell as error:
            problems.append((error.code, f"{labels[name].strip()}: {error.message}"))
    if problems:
        return None, problems
    if not values["order_number"] and not values["tracking_number"]:
        message = _("neither an order number nor a tracking number")
        return None, [("no_number", message)]
    return _row(number, raw, values), []


def _row(number, raw, values):
    phone = cells.classify_phone(raw["phone"])
    status = normalise_status(raw["status"])
    detection = carriers.from_number(values["tracking_number"])
    carrier_name = cells.plain_text(raw["carrier"])
    return TrackingRow(
        row=number,
        order_number=values["order_number"],
        tracking_number=values["tracking_number"],
        carrier=carriers.from_name(carrier_name) or detection.carrier or carriers.UNKNOWN,
        consignee=cells.plain_text(raw["consignee"]),
        phone=phone.number,
        phone_kind=phone.kind,
        address=cells.plain_text(raw["address"]),
        status=status.status.value if status.status else None,
        status_text=status.original,
        shipped_at=cells.plain_text(raw["shipped_at"]),
    )


def _cell(row_cells, position):
    if position is None or position >= len(row_cells):
        return ""
    return row_cells[position]
