"""Reading uploaded xlsx/xls/ods and csv files into rows of text.

Every cell becomes stripped text: calamine returns floats for whole numbers (a code
typed as 1001 must stay "1001", never "1001.0"), dates as `date` and empty cells as
''. Numbers are parsed later, per column, so a bad cell is reported with its row.
"""

import csv
import datetime
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from gendan.core.errors import DomainError

CSV_ENCODINGS = ("utf-8-sig", "gb18030")  # gb18030 is a superset of GBK and GB2312
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


@dataclass(frozen=True)
class Table:
    """The header row and the data rows of one sheet; `first_row` is the spreadsheet
    row number of `rows[0]` (the header is row 1)."""

    header: list
    rows: list
    first_row: int = 2


def read_table(file_bytes, filename):
    """The first sheet of a spreadsheet, or a csv file, as text cells."""
    name = (filename or "").lower()
    if name.endswith(".csv"):  # csv cells are text already
        rows = [[cell.strip() for cell in row] for row in _csv_rows(file_bytes)]
        return _table(rows)
    if name.endswith(SPREADSHEET_SUFFIXES):
        raw_rows = _spreadsheet_rows(file_bytes)
    else:
        raise DomainError(
            _("Upload an Excel file (.xlsx, .xls, .ods) or a .csv file, not %(name)s.")
            % {"name": filename},
            field="file",
        )
    return _table([[cell_text(cell) for cell in row] for row in raw_rows])


def _table(rows):
    if not rows or not any(rows[0]):
        raise DomainError(
            _("The file is empty: the first row must name the columns."), field="file"
        )
    return Table(header=rows[0], rows=rows[1:])


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).strip()


def _spreadsheet_rows(file_bytes):
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(file_bytes))
        return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError) as error:
        raise DomainError(
            _("The file could not be read as a spreadsheet (%(reason)s).") % {"reason": error},
            field="file",
        ) from None


def _csv_rows(file_bytes):
    return list(csv.reader(io.StringIO(decode_text(file_bytes))))


def decode_text(file_bytes):
    """UTF-8 (with or without BOM) first, then GB18030, which Excel on Chinese Windows
    writes when it saves "CSV"."""
    for encoding in CSV_ENCODINGS:
        try:
            return file_bytes.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError(
        _("The csv file is neither UTF-8 nor GBK/GB18030 text; save it again as CSV UTF-8."),
        field="file",
    )
