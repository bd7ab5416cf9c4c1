"""One parser for what people type: quantities, money and dates, with one set of messages.

Every function takes the caller's `field` (the form or payload key, e.g.
`lines[2].quantity`) and `label` (what a person reads, e.g. "第2行：数量"), and raises
`ParseError` — a DomainError naming the field and what was expected. Importers that
report rows read its short `problem` and `expected` parts.

Numbers are bounded to their database column (`max_digits`, `decimal_places`), so a
value that passes here is stored as typed, never cut or refused by the database.
"""

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from gendan.core.errors import DomainError

# Columns the apps use for quantities and money (digits in all, digits after the point).
QUANTITY_COLUMN = (16, 4)
MONEY_COLUMN = (16, 2)
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200

_GROUPING = re.compile(r"(?<=\d)[,，](?=\d{3}(\D|$))")
_CHINESE_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
_SEPARATED_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def column_of(model, field_name):
    """(max_digits, decimal_places) of a model's DecimalField: bound a parse to its column."""
    field = model._meta.get_field(field_name)
    return field.max_digits, field.decimal_places


class ParseError(DomainError):
    """Bad input. `problem` and `expected` are the short parts an import report shows."""

    def __init__(self, message, *, field, problem, expected=""):
        super().__init__(message, field=field)
        self.problem = problem
        self.expected = expected


def parse_quantity(
    value, *, unit=None, decimals=None, field, label, column=QUANTITY_COLUMN, allow_zero=False
):
    """A quantity greater than zero (or zero when `allow_zero`) in its unit's precision.

    `unit` is anything with `decimals` (catalog's Unit: 件 0, 米 2, 千克 3) whose str() is
    its name; or pass `decimals` alone. The column bounds the size and the places.
    """
    if unit is not None:
        decimals = unit.decimals
    places = column[1] if decimals is None else min(decimals, column[1])
    number = _number(value, field=field, label=label)
    _check_sign(number, value, field=field, label=label, allow_zero=allow_zero)
    _check_size(number, field=field, label=label, column=column)  # before quantize: 1e300
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise ParseError(
            _("%(label)s: %(unit)s allows %(decimals)s decimal places (got %(value)s).")
            % {"label": label, "unit": unit or _("this unit"), "decimals": places, "value": value},
            field=field,
            problem=_("too many decimal places"),
            expected=_("%(decimals)s decimal places at most") % {"decimals": places},
        )
    _check_size(number, field=field, label=label, column=column)
    return number


def parse_money(value, *, field, label, column=MONEY_COLUMN, allow_zero=False):
    """An amount in yuan greater than zero (or zero when `allow_zero`), to the fen (分)."""
    number = _number(value, field=field, label=label)
    _check_sign(number, value, field=field, label=label, allow_zero=allow_zero)
    _check_size(number, field=field, label=label, column=column)  # before quantize: 1e300
    if number != number.quantize(Decimal(1).scaleb(-column[1])):
        raise ParseError(
            _("%(label)s: at most %(decimals)s decimal places (got %(value)s).")
            % {"label": label, "decimals": column[1], "value": value},
            field=field,
            problem=_("too many decimal places"),
            expected=_("%(decimals)s decimal places at most") % {"decimals": column[1]},
        )
    _check_size(number, field=field, label=label, column=column)
    return number


def parse_decimal(value, *, field, label, column, allow_zero=True):
    """A number of zero or more (more than zero unless `allow_zero`) that fits the column:
    prices with four places, weights and the like."""
    return parse_money(value, field=field, label=label, column=column, allow_zero=allow_zero)


def parse_date(value, *, field, label, required=True):
    """A date from a date, or text as 2025-03-31, 2025/3/31, 2025.3.31, 20250331 or
    2025年3月31日, between 1900 and 2200. Blank gives None when not `required`."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        parsed = value
    else:
        text = unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()
        if not text:
            if required:
                raise ParseError(
                    _("%(label)s: give a date such as 2025-03-31.") % {"label": label},
                    field=field,
                    problem=_("missing"),
                    expected=_("a date such as 2025-03-31"),
                )
            return None
        parsed = _date_from_text(text, field=field, label=label)
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        raise ParseError(
            _("%(label)s: %(value)s is not a plausible date (years %(first)s to %(last)s).")
            % {"label": label, "value": parsed, "first": EARLIEST_YEAR, "last": LATEST_YEAR},
            field=field,
            problem=_("implausible date"),
            expected=_("a year from %(first)s to %(last)s")
            % {"first": EARLIEST_YEAR, "last": LATEST_YEAR},
        )
    return parsed


# ---------------------------------------------------------------- the parts
def _number(value, *, field, label):
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, bool):
        number = None
    else:
        number = _decimal_from_text(value)
    if number is None or not number.is_finite():
        raise ParseError(
            _("%(label)s must be a number, not “%(value)s”.")
            % {"label": label, "value": "" if value is None else value},
            field=field,
            problem=_("not a number"),
            expected=_("a number"),
        )
    return number


def _decimal_from_text(value):
    text = unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()
    text = _GROUPING.sub("", text)
    try:
        return Decimal(text) if text else None
    except (InvalidOperation, ValueError):
        return None


def _check_sign(number, value, *, field, label, allow_zero):
    if number > 0 or (allow_zero and number == 0):
        return
    if allow_zero:
        message = _("%(label)s cannot be negative (got %(value)s).")
        expected = _("zero or more")
    else:
        message = _("%(label)s must be greater than zero (got %(value)s).")
        expected = _("more than zero")
    raise ParseError(
        message % {"label": label, "value": value},
        field=field,
        problem=_("out of range"),
        expected=expected,
    )


def _check_size(number, *, field, label, column):
    max_digits, decimal_places = column
    limit = Decimal(10) ** (max_digits - decimal_places)
    if abs(number) >= limit:
        raise ParseError(
            _("%(label)s: %(value)s is too large; the most that can be kept is %(limit)s.")
            % {"label": label, "value": number, "limit": _largest(column)},
            field=field,
            problem=_("too large"),
            expected=_("at most %(limit)s") % {"limit": _largest(column)},
        )


def _largest(column):
    max_digits, decimal_places = column
    whole = "9" * (max_digits - decimal_places)
    return f"{whole}.{'9' * decimal_places}" if decimal_places else whole


def _date_from_text(text, *, field, label):
    for pattern in (_SEPARATED_DATE, _CHINESE_DATE, _COMPACT_DATE):
        match = pattern.match(text)
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                break
    raise ParseError(
        _("%(label)s must be a date such as 2025-03-31 or 2025年3月31日, not “%(value)s”.")
        % {"label": label, "value": text},
        field=field,
        problem=_("not a date"),
        expected=_("a date such as 2025-03-31"),
    )
