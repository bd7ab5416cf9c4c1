"""API schemas of the sales router. Fields that are business secrets (D2-6) are
nullable: they are null for a caller without the permission to see them."""

import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field

from gendan.core.schemas import Day, Id, Moment, PageNumber, PageSize, column_text, text
from gendan.sales.models import (
    Amendment,
    Communication,
    ConfirmationCall,
    DeliveryNote,
    DeliveryNoteLine,
    Order,
    OrderLine,
    Payment,
)

# Quantities and money arrive as text and are parsed by the services in the unit's
# precision; 40 characters hold any number the columns can store.
NumberText = text(40)
MAX_LINES = 5000


class PageIn(Schema):
    page: PageNumber = 1
    page_size: PageSize = 50


class CustomerFilter(PageIn):
    q: text(200) | None = None
    merchandiser: Id | None = None


class OrderFilter(PageIn):
    q: text(200) | None = None
    customer: Id | None = None
    merchandiser: Id | None = None
    status: column_text(Order, "status") | None = None
    channel: column_text(Order, "channel") | None = None
    date_from: Day | None = None
    date_to: Day | None = None


class OrderLineFilter(PageIn):
    order: Id | None = None
    item: Id | None = None


class CommunicationFilter(PageIn):
    customer: Id | None = None
    owner: Id | None = None
    order: Id | None = None
    is_open: bool | None = None


class CustomerOut(Schema):
    id: int
    code: str
    name: str
    merchandiser: str | None
    phone: str | None
    address: str | None


class CustomerPage(Schema):
    count: int
    items: list[CustomerOut]


class OrderLineIn(Schema):
    """One line of a new order: an item or a colour/size variant, the quantity and the
    unit price as text in the unit's precision (the service parses them)."""

    item: Id | None = None
    variant: Id | None = None
    model_series: column_text(OrderLine, "model_series") = ""
    colour: column_text(OrderLine, "colour") = ""
    size_spec: column_text(OrderLine, "size_spec") = ""
    quantity: NumberText
    unit_price: NumberText = "0"


class OrderIn(Schema):
    customer: Id
    channel: column_text(Order, "channel")
    order_type: column_text(Order, "order_type")
    order_date: Day
    delivery_date: Day
    lines: list[OrderLineIn] = Field(max_length=MAX_LINES)
    payment_terms: column_text(Order, "payment_terms") = ""
    payment_days_after_delivery: Annotated[int, Field(ge=0, le=3650)] | None = None
    payment_due_date: Day | None = None
    note: text() = ""


class OrderLineOut(Schema):
    id: int
    order_id: int
    order_number: str
    position: int
    item_code: str
    item_name: str
    variant_id: int | None
    model_series: str
    colour: str
    size_spec: str
    quantity: Decimal
    delivered_quantity: Decimal
    unit_price: Decimal | None
    amount: Decimal | None


class OrderOut(Schema):
    id: int
    number: str
    customer_id: int
    customer_name: str
    channel: str
    order_type: str
    status: str
    status_label: str
    merchandiser: str
    order_date: datetime.date
    delivery_date: datetime.date
    payment_terms: str | None
    payment_due_date: datetime.date | None
    total_amount: Decimal | None
    paid_amount: Decimal | None
    balance_due: Decimal | None


class OrderDetailOut(OrderOut):
    lines: list[OrderLineOut]


class OrderPage(Schema):
    count: int
    items: list[OrderOut]


class OrderLinePage(Schema):
    count: int
    items: list[OrderLineOut]


class OrderConfirmIn(Schema):
    called_person: column_text(ConfirmationCall, "called_person")
    confirmed_text: text()
    called_at: Moment | None = None


class OrderTransitionIn(Schema):
    """Cancel, close or reopen an order: the reason (required to cancel and reopen, and
    to close an order not yet fully delivered and paid)."""

    reason: text() = ""


class OrderAmendIn(Schema):
    field: column_text(Amendment, "field")
    value: text(200) | OrderLineIn | None = None
    reason: text() = ""
    line: Id | None = None


class AmendmentOut(Schema):
    id: int
    order_id: int
    field: str
    line_position: int | None
    before: object | None
    after: object | None
    reason: str
    amended_by: str
    amended_at: datetime.datetime


class PaymentIn(Schema):
    amount: NumberText
    received_on: Day
    method: column_text(Payment, "method")
    reference: column_text(Payment, "reference") = ""
    note: column_text(Payment, "note") = ""


class PaymentOut(Schema):
    id: int
    order_id: int
    amount: Decimal
    received_on: datetime.date
    method: str
    reference: str
    balance_due: Decimal


class DeliveryLineIn(Schema):
    """A line of a delivery note or a customer return; `batch_number` chooses the batch
    (empty: first-expiry-first-out when shipping, as shipped when taken back)."""

    order_line: Id
    quantity: NumberText
    batch_number: column_text(DeliveryNoteLine, "batch_number") = ""


class DeliveryNoteIn(Schema):
    lines: list[DeliveryLineIn] = Field(max_length=MAX_LINES)
    shipped_on: Day | None = None
    note: column_text(DeliveryNote, "note") = ""


class CustomerReturnIn(Schema):
    lines: list[DeliveryLineIn] = Field(max_length=MAX_LINES)
    explanation: text()
    returned_on: Day | None = None
    note: column_text(DeliveryNote, "note") = ""


class DeliveryLineOut(Schema):
    order_line: int
    position: int
    quantity: Decimal
    colour: str = ""
    size_spec: str = ""
    batch_number: str = ""


class DeliveryNoteOut(Schema):
    id: int
    number: str
    kind: str = "delivery"
    explanation: str = ""
    order_id: int
    order_status: str
    shipped_on: datetime.date
    lines: list[DeliveryLineOut]


class CommunicationIn(Schema):
    customer: Id
    kind: column_text(Communication, "kind")
    summary: text()
    occurred_at: Moment | None = None
    contact: Id | None = None
    order: Id | None = None
    feedback_promised: column_text(Communication, "feedback_promised") = ""
    feedback_due_date: Day | None = None


class FeedbackIn(Schema):
    feedback: text()


class CommunicationOut(Schema):
    id: int
    customer_id: int
    customer_name: str
    order_id: int | None
    kind: str
    occurred_at: datetime.datetime
    summary: str
    owner: str
    feedback_promised: str
    feedback_due_date: datetime.date | None
    feedback_given_at: datetime.datetime | None
    feedback_given: str


class CommunicationPage(Schema):
    count: int
    items: list[CommunicationOut]
