"""API schemas of the slips router. Inputs are bounded by their columns
(`core.schemas`); names are unique across the whole API — a slip's line is a
`SlipLineIn`, never confused with an order's `OrderLineIn`."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from gendan.core.models import Signature
from gendan.core.schemas import (
    Day,
    Id,
    PageNumber,
    PageSize,
    Position,
    column_decimal,
    column_text,
    text,
)
from gendan.sales.models import Order
from gendan.stock.slips.models import SlipKind, SlipLine, StockSlip

MAX_LINES = 5000


class SlipLineIn(Schema):
    item: Id
    quantity: column_decimal(SlipLine, "quantity")
    batch_number: column_text(SlipLine, "batch_number") = ""
    expires_on: Day | None = None
    product_model: column_text(SlipLine, "product_model") = ""
    part_name: column_text(SlipLine, "part_name") = ""
    material_spec: column_text(SlipLine, "material_spec") = ""
    grade: column_text(SlipLine, "grade") = ""
    weight: column_decimal(SlipLine, "weight") | None = None
    note: column_text(SlipLine, "note") = ""


class SlipIn(Schema):
    kind: SlipKind
    warehouse: Id
    workshop: Id | None = None
    partner: Id | None = None
    order: column_text(Order, "number") | None = None
    explanation: column_text(StockSlip, "explanation") = ""
    lines: list[SlipLineIn] = Field(max_length=MAX_LINES)
    submit: bool = False


class SlipLineOut(Schema):
    position: int
    item_code: str
    item_name: str
    quantity: Decimal
    unit: str
    batch_number: str
    expires_on: date | None
    product_model: str
    part_name: str
    material_spec: str
    grade: str
    weight: Decimal | None
    from_location: str | None
    to_location: str | None


class SlipOut(Schema):
    id: int
    document_id: int
    number: str
    kind: str
    status: str
    next_step: int | None
    next_roles: list[str]
    warehouse: str
    workshop: str | None
    partner: str | None
    order: str | None
    explanation: str
    reverses: int | None
    created_at: datetime
    lines: list[SlipLineOut] | None = None


class SlipPage(Schema):
    count: int
    items: list[SlipOut]


class SlipFilter(Schema):
    q: text(200) | None = None
    book: Id | None = None
    status: text(20) | None = None
    kind: column_text(StockSlip, "kind") | None = None
    workshop: Id | None = None
    order: column_text(Order, "number") | None = None
    item: text(60) | None = None
    next_role: text(40) | None = None
    date_from: Day | None = None
    date_to: Day | None = None
    page: PageNumber = 1
    page_size: PageSize = 50


class SlipNoteIn(Schema):
    note: column_text(Signature, "note") = ""


class SlipRejectIn(Schema):
    reason: column_text(Signature, "note")
    return_to_step: Position | None = None


class SlipReasonIn(Schema):
    reason: text(200)


class OutsourcerHoldingOut(Schema):
    outsourcer: str
    item_code: str
    item_name: str
    quantity: Decimal
    held_since: datetime | None
    days: int | None
