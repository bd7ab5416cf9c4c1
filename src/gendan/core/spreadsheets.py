"""Reading uploaded xlsx/xls/ods and csv files into rows of text, and finding the header.

Every cell becomes text: calamine returns floats for whole numbers (a code typed as
1001 must stay "1001", never "1001.0"), dates as `date` and empty cells as ''. Ids
(order, tracking, phone numbers) are text and never pass through a float here. Numbers
are parsed later, per column, so a bad cell is reported with its row.

csv files come as UTF-8, UTF-8 with a BOM (抖音), or GBK/GB18030 (淘宝, 京东, and
Excel on Chinese Windows when it saves "CSV"); `detect_encoding` tells which.
"""

import csv
import datetime
import io
import itertools
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from gendan.core import policies
from gendan.core.errors import DomainError

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
HEADER_SCAN_ROWS = 30  # ERPs put up to ~20 title rows above the header
BOM = b"\xef\xbb\xbf"
FLOAT_EXACT_LIMIT = 2**53


@dataclass(frozen=True)
class Table:
    """The header row and the data rows of one sheet; `first_row` is the spreadsheet
    row number of `rows[0]` (the header is row 1)."""

    header: list
    rows: list
    first_row: int = 2


@dataclass(frozen=True)
class Sheet:
    """Every row of the first sheet as text, unstripped; `encoding` for csv files
    (`utf-8`, `utf-8-sig`, `gbk`, `gb18030`), None for spreadsheets."""

    rows: list
    encoding: str | None = None


@dataclass(frozen=True)
class HeaderMatch:
    """The header found: its 0-based index in the rows, the position of each field
    found and the header cell as the file writes it."""

    index: int
    positions: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)

    @property
    def row_number(self):
        return self.index + 1


def read_table(file_bytes, filename, **limits):
    """The first sheet of a spreadsheet, or a csv file, as stripped text cells; the first
    row is the header. `limits` as for `read_sheet` (uploads: `**upload_limits()`)."""
    sheet = read_sheet(file_bytes, filename, **limits)
    rows = sheet.rows
    for number, row in enumerate(rows, start=1):  # in place: the file is not held twice
        row[:] = [cell.strip() for cell in row]
        if any("\x00" in cell for cell in row):  # PostgreSQL stores no NUL in text
            raise DomainError(
                _(
                    "Nothing was imported: row %(row)d holds a NUL control character."
                    " Open the file in Excel and save it again."
                )
                % {"row": number},
                field="file",
            )
    if not rows or not any(rows[0]):
        raise DomainError(
            _("The file is empty: the first row must name the columns."), field="file"
        )
    return Table(header=rows[0], rows=rows[1:])


def upload_limits():
    """The company's limits on an uploaded file (policies), for `read_sheet`."""
    return {
        "max_megabytes": policies.get(policies.UPLOAD_MAX_MEGABYTES),
        "max_rows": policies.get(policies.UPLOAD_MAX_ROWS),
    }


def read_sheet(
    file_bytes,
    filename,
    *,
    max_megabytes=policies.UPLOAD_MAX_MEGABYTES.default,
    max_rows=policies.UPLOAD_MAX_ROWS.default,
):
    """Every row of the first sheet (or of a csv file) as text cells, within limits on
    file size and rows: a larger file is refused before it is read, and reading stops one
    row past the limit, so memory stays bounded (issue 9). Pure: uploads pass the
    company's limits (`upload_limits()`)."""
    _refuse_if_too_large(file_bytes, max_megabytes)
    name = (filename or "").lower()
    if name.endswith(".csv"):
        encoding = detect_encoding(file_bytes)
        # Decoded as it is read: the whole text is never held beside the rows.
        text = io.TextIOWrapper(io.BytesIO(file_bytes), encoding=encoding, newline="")
        return Sheet(rows=_within(_csv_rows(text, max_rows + 1), max_rows), encoding=encoding)
    if name.endswith(SPREADSHEET_SUFFIXES):
        rows = _within(_spreadsheet_rows(file_bytes, max_rows + 1), max_rows)
        for row in rows:  # in place: a 100,000-row sheet is not held twice
            row[:] = [cell_text(cell, strip=False) for cell in row]
        return Sheet(rows=rows)
    raise DomainError(
        _("Upload an Excel file (.xlsx, .xls, .ods) or a .csv file, not %(name)s.")
        % {"name": filename},
        field="file",
    )


def _refuse_if_too_large(file_bytes, limit):
    size = len(file_bytes)
    if size > limit * 1024 * 1024:
        raise DomainError(
            _("The file is %(size).1f MB; files up to %(limit)s MB are read. Split it.")
            % {"size": size / 1024 / 1024, "limit": limit},
            field="file",
        )


def _within(rows, max_rows):
    if len(rows) > max_rows:
        raise DomainError(
            _("The file has more than %(limit)s rows; up to %(limit)s are read. Split it.")
            % {"limit": max_rows},
            field="file",
        )
    return rows


SHARED_CELL_LENGTH = 40  # cells up to this long are looked up for an equal earlier cell
SHARED_CELLS = 50_000  # how many distinct cells are remembered for that


def _sharing_repeats(rows):
    """The rows as a list, each repeated short cell (a unit, a kind, a grade, a colour)
    one shared string instead of a copy per row: a 200,000-row file of items holds its
    few hundred distinct units and kinds once (issue 9: bounded memory)."""
    seen = {}
    result = []
    for row in rows:
        for index, cell in enumerate(row):
            if len(cell) <= SHARED_CELL_LENGTH:
                shared = seen.get(cell)
                if shared is not None:
                    row[index] = shared
                elif len(seen) < SHARED_CELLS:
                    seen[cell] = cell
        result.append(row)
    return result


def _csv_rows(text, max_rows):
    """Up to `max_rows` rows of `text`, a str or a text stream opened with newline=''."""
    stream = io.StringIO(text, newline="") if isinstance(text, str) else text
    reader = csv.reader(stream)  # the reader handles \r\n itself
    try:
        return _sharing_repeats(itertools.islice(reader, max_rows))
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            message = _(
                "Line %(line)d of the csv file has a cell longer than %(limit)d characters;"
                " no column takes that much."
            ) % {"line": reader.line_num, "limit": csv.field_size_limit()}
        else:
            message = _(
                'Line %(line)d of the csv file could not be read: a quote (") is not closed'
                " or the line is broken. Open the file in Excel and save it as CSV again."
            ) % {"line": reader.line_num}
        raise DomainError(message, field="file") from None


def cell_text(value, *, strip=True):
    """One calamine cell as text: 1001.0 → "1001", a date → ISO, None → ''."""
    if value.__class__ is str:  # most cells; checked first for speed
        return value.strip() if strip else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        # Past 2**53 a float has lost digits: an id stored as a number is shown as the
        # e-notation Excel shows (6.917926768823644e+18), never as made-up digits.
        exact = value.is_integer() and abs(value) < FLOAT_EXACT_LIMIT
        return str(int(value)) if exact else repr(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).strip() if strip else str(value)


def _spreadsheet_rows(file_bytes, max_rows):
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(file_bytes))
        sheet = workbook.get_sheet_by_index(0)
        if sheet.height <= max_rows:
            return sheet.to_python(skip_empty_area=False)
        return [list(row) for row in itertools.islice(sheet.iter_rows(), max_rows)]
    except (CalamineError, ValueError, OSError, IndexError):
        raise DomainError(
            _(
                "The file could not be read as a spreadsheet: it is damaged or not an Excel"
                " file. Open it in Excel and save it as .xlsx or .csv again."
            ),
            field="file",
        ) from None


# ---------------------------------------------------------------------- encodings
def detect_encoding(file_bytes):
    """`utf-8-sig` (a BOM), `utf-8`, `gbk` or `gb18030` — the first that decodes the
    whole file; GB18030 is a superset of GBK, which is a superset of GB2312."""
    candidates = ("utf-8-sig",) if file_bytes.startswith(BOM) else ("utf-8", "gbk", "gb18030")
    for encoding in candidates:
        try:
            file_bytes.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    raise DomainError(
        _("The csv file is neither UTF-8 nor GBK/GB18030 text; save it again as CSV UTF-8."),
        field="file",
    )


def decode_with_encoding(file_bytes):
    encoding = detect_encoding(file_bytes)
    return file_bytes.decode(encoding), encoding


def decode_text(file_bytes):
    """The text of a csv file in whichever of the accepted encodings it is written."""
    return decode_with_encoding(file_bytes)[0]


# ---------------------------------------------------------------------- headers
_REQUIRED_MARK = re.compile(r"[(（]\s*(必填|必需|required)\s*[)）]$", re.IGNORECASE)
_QUOTES = "'\"‘’“”`"


def header_key(text):
    """The comparable form of a header cell: no spaces or line breaks anywhere, no
    leading ' or quotes, no (必填)/（必填） suffix, half-width brackets, lower case,
    no underscores. `物流单号 `, `'物流单号`, `"物流单号"` and `物流单号（必填）` are one key."""
    key = "".join(str(text).split()).strip(_QUOTES).lstrip("=").strip(_QUOTES)
    key = _REQUIRED_MARK.sub("", key)
    return key.replace("（", "(").replace("）", ")").replace("_", "").lower()


def find_header(rows, synonyms, *, scan=HEADER_SCAN_ROWS, minimum=2):
    """The row among the first `scan` rows that names the most fields.

    `synonyms` maps a field to the header names it accepts, the preferred name first.
    A row scores one point per field it names (whole cells only, so a description row
    that merely mentions a name scores nothing). The best row wins, the earliest on a
    tie; None when no row names at least `minimum` fields. When two cells name the
    same field, the one with the earlier synonym is taken."""
    keys = {}
    for name_field, names in synonyms.items():
        for rank, name in enumerate(names):
            keys.setdefault(header_key(name), (name_field, rank))
    best = None
    for index, row in enumerate(rows[:scan]):
        match = _match_row(index, row, keys)
        if len(match.positions) >= minimum and (
            best is None or len(match.positions) > len(best.positions)
        ):
            best = match
    return best


def _match_row(index, row, keys):
    ranked = {}
    for position, cell in enumerate(row):
        found = keys.get(header_key(cell)) if str(cell).strip() else None
        if found is not None and found[1] < ranked.get(found[0], (None, len(keys)))[1]:
            ranked[found[0]] = (position, found[1])
    positions = {name_field: position for name_field, (position, _rank) in ranked.items()}
    labels = {name_field: str(row[position]) for name_field, position in positions.items()}
    return HeaderMatch(index=index, positions=positions, labels=labels)
