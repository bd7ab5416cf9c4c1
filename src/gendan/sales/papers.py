"""The sales papers (D2-2, D2-5): orders/contracts and delivery notes, one book a year
each, numbered HT-2026-000123 and SH-2026-000001. Neither is signed along a chain."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gendan.core import events
from gendan.core.papers import PER_YEAR, PaperType, declare
from gendan.sales.models import DeliveryNote, DeliveryNoteLine, Order, OrderLine
from gendan.sales.services import voiding
from gendan.sales.services.deliveries import DELIVERY_NOTE_SLIP_TYPE
from gendan.sales.services.orders import ORDER_SLIP_TYPE

# The order desk and the merchandisers read the sales papers wherever they are granted.
SALES_DESK = ("order_taker", "merchandiser", "sales_manager", "followup_lead")


# ---------------------------------------------------------------- what a signer sees
def _quantity(value):
    return f"{value.normalize():f}"


def _orders():
    lines = OrderLine.objects.select_related("item__unit", "variant").order_by("position")
    return Order.objects.select_related("customer", "merchandiser").prefetch_related(
        Prefetch("lines", queryset=lines)
    )


def order_of(document):
    return _orders().filter(document=document).first()


def order_summaries(documents):
    return {
        order.document_id: "{}：{}".format(
            order.customer.name,
            "；".join(
                f"{line.item.name} × {_quantity(line.quantity)} {line.item.unit}"
                for line in order.lines.all()[:2]
            ),
        )
        for order in _orders().filter(document__in=documents)
    }


def order_page(order):
    return reverse("sales:order-detail", args=[order.pk])


def order_data(order, *, user):
    shows_prices = user.has_perm("sales.view_prices")
    lines = []
    for line in order.lines.all():
        row = {
            "position": line.position,
            "item_code": line.item.code,
            "item_name": line.item.name,
            "model_series": line.model_series,
            "colour": line.colour,
            "size_spec": line.size_spec,
            "quantity": _quantity(line.quantity),
            "unit": str(line.item.unit),
            "delivered_quantity": _quantity(line.delivered_quantity),
        }
        if shows_prices:
            row |= {"unit_price": str(line.unit_price), "amount": str(line.amount)}
        lines.append(row)
    data = {
        "customer": order.customer.name,
        "order_date": str(order.order_date),
        "delivery_date": str(order.delivery_date),
        "status": str(order.get_status_display()),
        "note": order.note,
        "lines": lines,
    }
    if shows_prices:
        data["total_amount"] = str(order.total_amount)
    return data


def _notes():
    lines = DeliveryNoteLine.objects.select_related("order_line__item__unit")
    return DeliveryNote.objects.select_related("order__customer", "created_by").prefetch_related(
        Prefetch("lines", queryset=lines)
    )


def delivery_note_of(document):
    return _notes().filter(document=document).first()


def delivery_note_summaries(documents):
    return {
        note.document_id: "{} {}：{}".format(
            note.order.customer.name,
            note.order.number,
            "；".join(
                f"{line.order_line.item.name} × {_quantity(line.quantity)} "
                f"{line.order_line.item.unit}"
                for line in note.lines.all()[:2]
            ),
        )
        for note in _notes().filter(document__in=documents)
    }


def delivery_note_page(note):
    return reverse("sales:order-detail", args=[note.order_id])


def delivery_note_data(note, *, user):
    return {
        "order": note.order.number,
        "customer": note.order.customer.name,
        "shipped_on": str(note.shipped_on),
        "note": note.note,
        "explanation": getattr(note, "explanation", ""),
        "lines": [
            {
                "position": line.order_line.position,
                "item_code": line.order_line.item.code,
                "item_name": line.order_line.item.name,
                "colour": getattr(line, "colour", "") or line.order_line.colour,
                "size_spec": getattr(line, "size_spec", "") or line.order_line.size_spec,
                "batch": getattr(line, "batch_number", ""),
                "quantity": _quantity(line.quantity),
                "unit": str(line.order_line.item.unit),
            }
            for line in note.lines.all()
        ],
    }


ORDER = declare(
    PaperType(
        code=ORDER_SLIP_TYPE,
        name=_("order or contract"),
        prefix="HT",
        book_rule=PER_YEAR,
        readers=SALES_DESK,
        voiding=voiding.void_order_paper,
        publishes=(
            events.OrderCreated,
            events.OrderConfirmed,
            events.OrderAmended,
            events.OrderCancelled,
            events.OrderClosed,
            events.OrderReopened,
        ),
        detail_template="sales/paper/_order.html",
        content=order_of,
        summaries=order_summaries,
        page_url=order_page,
        content_data=order_data,
    )
)

DELIVERY_NOTE = declare(
    PaperType(
        code=DELIVERY_NOTE_SLIP_TYPE,
        name=_("delivery note"),
        prefix="SH",
        book_rule=PER_YEAR,
        readers=(*SALES_DESK, "logistics", "storekeeper", "chief_storekeeper"),
        voiding=voiding.void_delivery_note,
        issues_stock=True,  # its goods leave the finished-goods warehouse (gendan.stock.shipping)
        publishes=(events.DeliveryShipped, events.CustomerReturned, events.OrderDelivered),
        detail_template="sales/paper/_delivery_note.html",
        content=delivery_note_of,
        summaries=delivery_note_summaries,
        page_url=delivery_note_page,
        content_data=delivery_note_data,
    )
)
