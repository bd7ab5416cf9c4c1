"""Building blocks of the API's schemas: every input bounded where it enters.

Text is limited to its column's length and may not hold a NUL character (PostgreSQL
refuses it); decimals to their column's digits; ids, counts and page numbers to what
the database stores; dates to 1900–2200. The limits are read from the model columns,
so a schema cannot drift from its table. A value outside them is refused with 400 and
a message naming the field and the limit (`gendan.api.validation`), before any service
or query sees it.

Also the answers every operation may give besides its own: `ErrorOut` for a refusal
(400/401/403/404/409) and the rows of a rejected import.
"""

import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from ninja.pagination import PageNumberPagination
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

MAX_ID = 2**63 - 1  # BigAutoField
MAX_COUNT = 2**31 - 1
MAX_PAGE_SIZE = 200
FREE_TEXT_LENGTH = 10_000  # a TextField has no length of its own
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2200, 12, 31)


def _without_nul(value):
    if "\x00" in value:
        raise PydanticCustomError("nul_character", "must not contain a NUL character")
    return value


def _within_years(value):
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise PydanticCustomError(
            "date_out_of_range",
            "must be between {earliest} and {latest}",
            {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )
    return value


def _moment_within_years(value):
    _within_years(value.date())
    return value


def text(max_length=FREE_TEXT_LENGTH):
    """A string of at most `max_length` characters, with no NUL character."""
    return Annotated[str, Field(max_length=max_length), AfterValidator(_without_nul)]


def column_text(model, name):
    """A string that fits the model's column `name`."""
    return text(model._meta.get_field(name).max_length or FREE_TEXT_LENGTH)


def column_decimal(model, name, *, ge=None):
    """A decimal with no more digits, in total and after the point, than the column."""
    column = model._meta.get_field(name)
    return Annotated[
        Decimal,
        Field(
            max_digits=column.max_digits,
            decimal_places=column.decimal_places,
            allow_inf_nan=False,
            ge=ge,
        ),
    ]


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Position = Annotated[int, Field(ge=1, le=32767)]
PageNumber = Annotated[int, Field(ge=1, le=MAX_COUNT)]
PageSize = Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE)]
Day = Annotated[datetime.date, AfterValidator(_within_years)]
Moment = Annotated[datetime.datetime, AfterValidator(_moment_within_years)]


class ErrorOut(Schema):
    """A refusal: what was wrong, and the field it concerns when there is one."""

    detail: str
    field: str | None = None
    errors: list["FieldErrorOut"] | None = None


class FieldErrorOut(Schema):
    field: str
    message: str


ErrorOut.model_rebuild()


class ImportProblemOut(Schema):
    row: int
    column: str
    message: str
    expected: str
    value: str


class ImportRejectedOut(Schema):
    detail: str
    problems: list[ImportProblemOut]


class PageQuery(Schema):
    page: PageNumber = 1
    page_size: PageSize | None = None


class Paging(PageNumberPagination):
    """ninja's page-number pagination with the page number and size bounded: an
    unbounded page number overflowed the query's OFFSET (a 500 on both databases)."""

    Input = PageQuery


def linked(obj, field, attribute=None):
    """What an API answer shows of an optional link: the linked row's `attribute` (its
    str() when none is named), or None when the link is empty — without loading it."""
    if getattr(obj, f"{field}_id") is None:
        return None
    target = getattr(obj, field)
    return str(target) if attribute is None else getattr(target, attribute)
