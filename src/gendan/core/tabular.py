"""Column definitions and per-cell checks shared by the imports (catalog, stock, …).

Every row is checked and every problem collected before anything is written, so a
person fixes the whole file at once rather than one error per upload.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from gendan.core.import_errors import Problems, RowProblem
from gendan.core.spreadsheets import header_key


class CellError(Exception):
    def __init__(self, message, expected=""):
        self.message = message
        self.expected = expected
        super().__init__(message)


def _as_is(value):
    return value


@dataclass(frozen=True)
class Column:
    """`headers[0]` is the Chinese header written on export; every alias is accepted."""

    field: str
    headers: tuple
    clean: Callable = _as_is
    is_required: bool = False


@dataclass(slots=True)
class ParsedRow:
    number: int
    values: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)


def text(max_length, *, is_required=False):
    def clean(value):
        if is_required and not value:
            raise CellError(_("the value is missing"), _("a value"))
        if "\x00" in value:
            raise CellError(_("holds a NUL character"), _("text without control characters"))
        if len(value) > max_length:
            raise CellError(
                _("too long (%(length)d characters)") % {"length": len(value)},
                _("at most %(max)d characters") % {"max": max_length},
            )
        return value

    return clean


def decimal_number(*, places, max_digits, is_required=False):
    """A number ≥ 0 with at most `places` decimals; '' is None unless required."""
    limit = Decimal(10) ** (max_digits - places)

    def clean(value):
        if not value:
            if is_required:
                raise CellError(_("the value is missing"), _("a number"))
            return None
        try:
            number = Decimal(value.replace(",", ""))
        except InvalidOperation:
            raise CellError(_("not a number"), _("a number such as 12.5")) from None
        if not number.is_finite() or number < 0 or number >= limit:
            raise CellError(_("out of range"), _("a number from 0 to %(limit)s") % {"limit": limit})
        if number != number.quantize(Decimal(1).scaleb(-places)):
            raise CellError(
                _("too many decimal places"), _("at most %(places)d decimals") % {"places": places}
            )
        return number.quantize(Decimal(1).scaleb(-places))

    return clean


def whole_number(*, minimum, maximum):
    def clean(value):
        if not value:
            raise CellError(_("the value is missing"), _("a whole number"))
        try:
            number = int(value)
        except ValueError:
            raise CellError(_("not a whole number"), _("a whole number such as 10")) from None
        if not minimum <= number <= maximum:
            raise CellError(
                _("out of range"),
                _("a whole number from %(minimum)d to %(maximum)d")
                % {"minimum": minimum, "maximum": maximum},
            )
        return number

    return clean


def choice(options, expected, *, is_required=True):
    """Look `value` up in `options` (keys lower-case); `expected` lists what is known."""

    def clean(value):
        if not value:
            if is_required:
                raise CellError(_("the value is missing"), expected)
            return None
        try:
            return options[value.lower()]
        except KeyError:
            raise CellError(_("unknown: %(value)s") % {"value": value}, expected) from None

    return clean


def known_values(names, limit=12):
    shown = sorted({str(name) for name in names if name})
    more = "…" if len(shown) > limit else ""
    return _("one of: %(values)s") % {"values": "、".join(shown[:limit]) + more}


# ---------------------------------------------------------------------- reading rows
def match_header(table, columns):
    """{field: index in the row}, {field: the header as the file writes it}, and a
    problem for each required column the file lacks."""
    positions, labels = {}, {}
    found = {header_key(cell): index for index, cell in enumerate(table.header) if cell}
    problems = []
    for column in columns:
        index = next((found[key] for key in map(header_key, column.headers) if key in found), None)
        if index is not None:
            positions[column.field], labels[column.field] = index, table.header[index]
        elif column.is_required:
            problems.append(_missing_column(column))
    return positions, labels, problems


def _missing_column(column):
    return RowProblem(
        row=1,
        column=column.headers[0],
        message=_("the column is missing"),
        expected=_("a column headed %(headers)s") % {"headers": " / ".join(column.headers[:2])},
    )


CLEANED_PER_COLUMN = 1000  # repeated cells (a unit, a weight) are cleaned once and shared


def parse_rows(table, columns):
    """Clean every cell of every non-blank row: (rows, problems). The problems are kept in
    bounded memory (`Problems`: the first 200 in row order, the rest counted), and each
    raw row of `table` is released once parsed, so a 200,000-row file is not held twice
    (issue 9): the table's rows are consumed."""
    positions, labels, header_problems = match_header(table, columns)
    if header_problems:
        return [], Problems(header_problems)
    problems = Problems()
    present = [
        (column, positions[column.field], {}) for column in columns if column.field in positions
    ]
    rows = []
    raw_rows = table.rows
    for offset, cells in enumerate(raw_rows):
        raw_rows[offset] = None
        if not any(cells):
            continue
        row = ParsedRow(number=table.first_row + offset, labels=labels)
        for column, index, cleaned in present:
            raw = cells[index] if index < len(cells) else ""
            try:
                value = cleaned[raw]
            except KeyError:
                try:
                    value = column.clean(raw)
                except CellError as error:
                    problems.append(problem_at(row, column.field, error, raw))
                    continue
                if len(cleaned) < CLEANED_PER_COLUMN:
                    cleaned[raw] = value
            row.values[column.field] = value
        rows.append(row)
    return rows, problems


def problem_at(row, field_name, error, value=""):
    return RowProblem(
        row=row.number,
        column=str(row.labels.get(field_name, field_name)),
        message=str(error.message),
        expected=str(error.expected),
        value=str(value),
    )


def duplicates(rows, key, field_name, describe):
    """A problem for each row whose `key(row)` an earlier row already has."""
    first_seen, problems = {}, []
    for row in rows:
        value = key(row)
        if value is None:
            continue
        if value in first_seen:
            error = CellError(_("duplicate of row %(row)d") % {"row": first_seen[value]}, describe)
            problems.append(problem_at(row, field_name, error, row.values.get(field_name, "")))
        else:
            first_seen[value] = row.number
    return problems


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self):
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}

    @property
    def has_changes(self):
        return bool(self.created or self.updated)
