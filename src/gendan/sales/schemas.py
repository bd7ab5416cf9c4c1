"""API schemas of the sales router. Fields that are business secrets (D2-6) are
nullable: they are null for a caller without the permission to see them."""

import datetime
from decimal import Decimal

from ninja import Schema


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


class LineIn(Schema):
    item: int | None = None
    variant: int | None = None
    model_series: str = ""
    colour: str = ""
    size_spec: str = ""
    quantity: str
    unit_price: str = "0"


class OrderIn(Schema):
    customer: int
    channel: str
    order_type: str
    order_date: datetime.date
    delivery_date: datetime.date
    lines: list[LineIn]
    payment_terms: str = ""
    payment_days_after_delivery: int | None = None
    payment_due_date: datetime.date | None = None
    note: str = ""


class LineOut(Schema):
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
    merchandiser: str
    order_date: datetime.date
    delivery_date: datetime.date
    payment_terms: str | None
    payment_due_date: datetime.date | None
    total_amount: Decimal | None
    paid_amount: Decimal | None
    balance_due: Decimal | None


class OrderDetailOut(OrderOut):
    lines: list[LineOut]


class OrderPage(Schema):
    count: int
    items: list[OrderOut]


class LinePage(Schema):
    count: int
    items: list[LineOut]


class ConfirmIn(Schema):
    called_person: str
    confirmed_text: str
    called_at: datetime.datetime | None = None


class AmendIn(Schema):
    field: str
    value: str | LineIn | None = None
    reason: str = ""
    line: int | None = None


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
    amount: str
    received_on: datetime.date
    method: str
    reference: str = ""
    note: str = ""


class PaymentOut(Schema):
    id: int
    order_id: int
    amount: Decimal
    received_on: datetime.date
    method: str
    reference: str
    balance_due: Decimal


class DeliveryLineIn(Schema):
    order_line: int
    quantity: str


class DeliveryNoteIn(Schema):
    lines: list[DeliveryLineIn]
    shipped_on: datetime.date | None = None
    note: str = ""


class DeliveryLineOut(Schema):
    order_line: int
    position: int
    quantity: Decimal


class DeliveryNoteOut(Schema):
    id: int
    number: str
    order_id: int
    order_status: str
    shipped_on: datetime.date
    lines: list[DeliveryLineOut]


class CommunicationIn(Schema):
    customer: int
    kind: str
    summary: str
    occurred_at: datetime.datetime | None = None
    contact: int | None = None
    order: int | None = None
    feedback_promised: str = ""
    feedback_due_date: datetime.date | None = None


class FeedbackIn(Schema):
    feedback: str


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
