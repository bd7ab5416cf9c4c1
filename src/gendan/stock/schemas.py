"""API schemas of the stock router: balances, moves, opening stock and counts. Inputs
are bounded by their columns (`core.schemas`); names are unique across the API."""

from datetime import datetime
from decimal import Decimal

from ninja import Schema

from gendan.catalog.models import Item
from gendan.core.schemas import column_decimal, column_text, linked, text
from gendan.stock import queries
from gendan.stock.models import Batch, CountLine, Location


class BalanceFilter(Schema):
    q: text(200) = ""
    location: column_text(Location, "code") = ""
    batch: column_text(Batch, "number") = ""


class MoveFilter(Schema):
    item: column_text(Item, "code") = ""
    location: column_text(Location, "code") = ""
    document: text(80) = ""


class BalanceOut(Schema):
    item: str
    item_name: str
    location: str
    batch: str | None
    expires_on: str | None
    quantity: Decimal

    @staticmethod
    def resolve_item(row):
        return row.item.code

    @staticmethod
    def resolve_item_name(row):
        return row.item.name

    @staticmethod
    def resolve_location(row):
        return row.location.code

    @staticmethod
    def resolve_batch(row):
        return linked(row, "batch", "number")

    @staticmethod
    def resolve_expires_on(row):
        return str(row.batch.expires_on) if row.batch_id and row.batch.expires_on else None


class MoveOut(Schema):
    id: int
    item: str
    batch: str | None
    quantity: Decimal
    from_location: str
    to_location: str
    document: str | None
    reverses: int | None
    at: datetime

    @staticmethod
    def resolve_item(move):
        return move.item.code

    @staticmethod
    def resolve_batch(move):
        return linked(move, "batch", "number")

    @staticmethod
    def resolve_from_location(move):
        return move.from_location.code

    @staticmethod
    def resolve_to_location(move):
        return move.to_location.code

    @staticmethod
    def resolve_document(move):
        return linked(move, "document", "number")

    @staticmethod
    def resolve_reverses(move):
        return move.reverses_id


class OpeningImportOut(Schema):
    id: int
    rows: int
    created: bool


class CountOpenIn(Schema):
    location: column_text(Location, "code")


class CountLineOut(Schema):
    id: int
    item: str
    batch: str | None
    expected: Decimal
    counted: Decimal | None
    is_found_stock: bool

    @staticmethod
    def resolve_item(line):
        return line.item.code

    @staticmethod
    def resolve_batch(line):
        return linked(line, "batch", "number")


class CountOut(Schema):
    id: int
    number: str
    location: str
    status: str
    lines: list[CountLineOut]

    @staticmethod
    def resolve_number(sheet):
        return sheet.document.number

    @staticmethod
    def resolve_location(sheet):
        return sheet.location.code

    @staticmethod
    def resolve_status(sheet):
        return sheet.document.status

    @staticmethod
    def resolve_lines(sheet):
        return list(queries.count_lines(sheet))


class CountedIn(Schema):
    item: column_text(Item, "code")
    batch: column_text(Batch, "number") | None = None
    counted: column_decimal(CountLine, "counted")
    is_found_stock: bool = False
