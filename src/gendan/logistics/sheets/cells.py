"""Cells of a tracking sheet as they really come, made into clean values (D3-1).

Ids are text, never numbers. Back offices wrap them so Excel leaves them alone
(`="35153131473293579"`, a leading tab, a leading '), carriers print `No:YT…`; all of
that is taken off. A number Excel already turned into `6.91793E+18` has lost its
digits: it is flagged, never guessed. Phones come whole, masked (`138****1234`),
encrypted (`$$…`) or as virtual numbers with an extension (`12345678901-1234`); each
is classified so that only whole numbers are ever used to match an order.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

NULL_WORDS = frozenset({"null", "none", "nil", "(null)", "nan", "n/a", "#n/a", "-", "--", "/"})
NULL_LENGTH = max(map(len, NULL_WORDS))
TOTAL_WORDS = ("总计", "合计", "小计", "汇总", "total")
ZERO_WIDTH = "\ufeff\u200b\u200c\u200d\u2060"
WRAPPER_STARTS = "='\"“‘"
MAX_ID_LENGTH = 64
EXACT_DIGITS = 15  # Excel keeps 15 significant digits; a longer number lost the rest

_FORMULA = re.compile(r'=\s*"(.*)"', re.DOTALL)
_QUOTED = re.compile(r'"(.*)"|“(.*)”|‘(.*)’', re.DOTALL)
_ID_PREFIX = re.compile(r"^(no|编号|单号)\s*[.:：]\s*", re.IGNORECASE)
_EXCEL_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?[eE][+-]?\d+")
_FLOAT_ZERO = re.compile(r"(\d+)\.0+")
_ID_SHAPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]*")


class BadCell(Exception):
    """A cell that cannot be used; `code` for programs, `message` for a person."""

    def __init__(self, code, message):
        self.code = code
        self.message = message
        super().__init__(message)


def unwrap(raw):
    """The text without the wrappers that keep Excel off ids: `="…"`, a leading
    tab or ', surrounding quotes, invisible spaces."""
    text = _strip(raw)
    if not text or text[0] not in WRAPPER_STARTS:  # most cells: nothing to take off
        return text
    for _round in range(3):  # wrappers nest: '="…" , "\t…"
        before = text
        formula = _FORMULA.fullmatch(text)
        if formula:
            text = formula.group(1)
        elif text.startswith("'"):
            text = text[1:]
        elif quoted := _QUOTED.fullmatch(text):
            text = next(group for group in quoted.groups() if group is not None)
        text = _strip(text)
        if text == before:
            break
    return text


def _strip(value):
    text = (value if value.__class__ is str else str(value)).strip()  # also \u3000, \xa0
    if text and (text[0] in ZERO_WIDTH or text[-1] in ZERO_WIDTH):
        text = text.strip(ZERO_WIDTH).strip()
    return text


def is_null(text):
    return not text or (len(text) <= NULL_LENGTH and text.lower() in NULL_WORDS)


def normalise_id(raw, *, upper=False):
    """An order or tracking number as clean text, '' when the cell is empty or null;
    BadCell when Excel mangled it or it is not made of letters and digits."""
    text = unwrap(raw)
    if is_null(text):
        return ""
    text = "".join(unwrap(_ID_PREFIX.sub("", text)).split())
    if is_null(text):
        return ""
    whole = _FLOAT_ZERO.fullmatch(text)
    if _EXCEL_NUMBER.fullmatch(text) or (whole and len(whole.group(1)) > EXACT_DIGITS):
        raise BadCell(
            "excel_number",
            _(
                "%(value)s was turned into a number by Excel and its digits are lost; "
                "export the column as text"
            )
            % {"value": text},
        )
    if whole:
        text = whole.group(1)
    if len(text) > MAX_ID_LENGTH or not _ID_SHAPE.fullmatch(text):
        raise BadCell(
            "not_an_id",
            _("%(value)s is not a number made of letters and digits") % {"value": text[:80]},
        )
    return text.upper() if upper else text


def plain_id(text, *, upper=False):
    """What `normalise_id` gives for a cell that is already plain — ASCII letters and
    digits, not a null word, not an Excel number — and None for any other cell, which
    takes the full path. The fast path of the bulk reader (issue 13). The 淘宝 wrapper
    `="…"` around a plain id is taken off here too (every row of such a sheet has it)."""
    if not text:
        return ""
    if text[0] == "=" and len(text) > FORMULA_FRAME and text[1] == '"' and text[-1] == '"':
        text = text[2:-1]  # `="35153131473293579"`: unwrap gives the same
    if len(text) > MAX_ID_LENGTH or not (text.isascii() and text.isalnum()):
        return None
    if text.isdigit():
        return text
    if len(text) <= NULL_LENGTH and text.lower() in NULL_WORDS:
        return None
    if text[0].isdigit() and _EXCEL_NUMBER.fullmatch(text):
        return None
    return text.upper() if upper else text


FORMULA_FRAME = 3  # `="` and `"`


_SPECIAL_ENDS = frozenset(WRAPPER_STARTS + ZERO_WIDTH)


def plain_texts(values):
    """{cell: plain_text(cell)} for each distinct cell of a column, quickly: a cell
    with nothing to unwrap is only made one line (issue 13)."""
    result = {}
    for value in set(values):
        text = " ".join(value.split())
        if text and (
            text[0] in _SPECIAL_ENDS or text[-1] in _SPECIAL_ENDS or len(text) <= NULL_LENGTH
        ):
            text = plain_text(value)
        result[value] = text
    return result


def plain_text(raw):
    """A name, address, carrier or status cell: unwrapped, inner line breaks and runs
    of spaces made one space, '' for null."""
    text = " ".join(unwrap(raw).split())
    return "" if is_null(text) else text


# ---------------------------------------------------------------------- phones
MOBILE, LANDLINE, MASKED, ENCRYPTED, VIRTUAL, MISSING, UNKNOWN = (
    "mobile",
    "landline",
    "masked",
    "encrypted",
    "virtual",
    "missing",
    "unknown",
)
_COUNTRY = re.compile(r"^(\+86|0086|86(?=1\d{10}))[-\s]?")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_VIRTUAL = re.compile(r"(1\d{10})\s*(?:-|_|转|,|，|#)\s*(\d{1,6})")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?")
_MASKED = re.compile(r"[\d*]*\*[\d*]*")


@dataclass(frozen=True)
class Phone:
    """`number` as usable text and its `kind`; only mobile, landline and virtual numbers
    are whole (a masked one keeps its visible digits, an encrypted one its token)."""

    number: str
    kind: str

    @property
    def is_whole(self):
        return self.kind in (MOBILE, LANDLINE, VIRTUAL)


def classify_phone(raw):
    text = unwrap(raw)
    if is_null(text):
        return Phone("", MISSING)
    if text.startswith(("$$", "~")):
        return Phone(text, ENCRYPTED)
    compact = _COUNTRY.sub("", re.sub(r"[\s()（）]", "", text))
    if virtual := _VIRTUAL.fullmatch(compact):
        return Phone(f"{virtual.group(1)}-{virtual.group(2)}", VIRTUAL)
    if _MOBILE.fullmatch(digits := compact.replace("-", "")):  # 138-0000-0001
        return Phone(digits, MOBILE)
    if _LANDLINE.fullmatch(compact):
        return Phone(compact, LANDLINE)
    if _MASKED.fullmatch(compact) and any(char.isdigit() for char in compact):
        return Phone(compact, MASKED)
    return Phone(text, UNKNOWN)


# ---------------------------------------------------------------------- rows
def is_total_row(cells):
    """A 总计/合计 row at the end of a sheet: its first filled cell starts with one."""
    first = next((cell for cell in cells if cell and not cell.isspace()), "")
    return unwrap(first).lower().startswith(TOTAL_WORDS)


def is_blank(cells):
    return not any(unwrap(cell) for cell in cells if cell and not cell.isspace())
