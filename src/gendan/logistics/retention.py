"""Retention (D3-9) and orders taken from a call (D3-11).

A follow-up call that finds the parcel signed, for a matched customer, tells the
customer they are now a regular customer (老客户) with the policy's reorder discount:
the customer is tagged once (`RegularCustomer`) and the call records the discount told.
The follow-up staff and the team lead can take an order in a call: the order is written
by sales' own service (`gendan.sales.services.create_order`), by phone, for the
waybill's customer, and the call that took it joins the call log. A regular customer
pays the typed list price less the tag's discount (rounded half up to the fen); the
call's note records the list price, the discount and the price charged.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.catalog.models import Item
from gendan.core import audit
from gendan.core import policies as core_policies
from gendan.core.errors import DomainError, PermissionDenied
from gendan.core.parsing import column_of, parse_decimal
from gendan.logistics import access, leads, policies
from gendan.logistics.models import FollowUpCall, RegularCustomer
from gendan.logistics.statuses import TrackingStatus
from gendan.sales import services as sales
from gendan.sales.models import Order, OrderLine

CENT = Decimal("0.01")
UNIT_PRICE_COLUMN = column_of(OrderLine, "unit_price")


def tag_if_signed(call):
    """Inside the call's transaction: tag the signed customer and note the discount
    told on the call. A customer already tagged keeps the first tag."""
    waybill = call.waybill
    if call.status != TrackingStatus.SIGNED or not waybill.customer_id:
        return None
    percent = core_policies.get(policies.RETENTION_DISCOUNT_PERCENT)
    call.discount_told = percent
    call.save(update_fields=["discount_told"])
    tag, _created = RegularCustomer.objects.get_or_create(
        customer_id=waybill.customer_id, defaults={"discount_percent": percent, "call": call}
    )
    return tag


def orderable_items():
    return Item.objects.filter(is_active=True).select_related("unit").order_by("code")


def can_take_orders(user):
    return user.is_authenticated and user.has_perm("sales.add_order")


@dataclass(frozen=True)
class Discount:
    """A regular customer's reorder discount (D3-9): `percent` off the list price."""

    percent: int

    @property
    def zhe(self):
        """The price as tenths of the list price, as a Chinese shop writes it (9 折, 9.5 折)."""
        tenths = Decimal(100 - self.percent) / 10
        return f"{tenths:f}" if tenths % 1 else str(int(tenths))

    def price(self, list_price):
        """The price charged: list price × (100 − percent) / 100, half up to the fen."""
        return (list_price * (100 - self.percent) / Decimal(100)).quantize(CENT, ROUND_HALF_UP)


def discount_of(customer):
    """The customer's reorder discount, or None for a customer who is not tagged regular."""
    if customer is None:
        return None
    percent = (
        RegularCustomer.objects.filter(customer=customer)
        .values_list("discount_percent", flat=True)
        .first()
    )
    return Discount(min(percent, 100)) if percent else None


def list_price(value):
    """The unit price as typed (the list price): zero or more, to the column's places."""
    return parse_decimal(value if value not in (None, "") else 0, field="unit_price",
                         label=_("Unit price"), column=UNIT_PRICE_COLUMN)  # fmt: skip


@dataclass(frozen=True)
class Quote:
    """What a call's order line costs: the list price typed, the discount, the price."""

    list_price: Decimal
    discount: Discount | None
    price: Decimal


def quote(customer, unit_price):
    """D3-9: a regular customer pays the list price less the discount; others the list price."""
    typed = list_price(unit_price)
    discount = discount_of(customer)
    return Quote(typed, discount, discount.price(typed) if discount else typed)


def _call_note(order, priced):
    if priced.discount is None:
        return _("Order %(number)s taken in the call.") % {"number": order.number}
    return _(
        "Order %(number)s taken in the call: list price %(list)s, regular customer's "
        "discount %(percent)s%%, price charged %(price)s."
    ) % {"number": order.number, "list": priced.list_price, "percent": priced.discount.percent,
         "price": priced.price}  # fmt: skip


def take_order(*, actor, waybill, item, quantity, unit_price, delivery_date, note="",
               origin=None):  # fmt: skip
    """D3-11: an order taken in a call about `waybill`, for its customer, through sales'
    order service; the customer's merchandiser (the order taker) stays in charge.
    D3-9: a regular customer is charged the typed list price less the tag's discount, and
    the customer's open retention lead is closed as ordered with this order."""
    if waybill.assignee_id != actor.pk and not access.holds_role(actor, *access.LEAD_ROLES):
        raise PermissionDenied(_("Only the person holding this waybill or the team lead may."))
    if not can_take_orders(actor):
        raise PermissionDenied(_("You do not hold a role that takes orders."))
    customer = waybill.customer
    if customer is None:
        raise DomainError(_("Match the waybill to a customer first."))
    priced = quote(customer, unit_price)
    with transaction.atomic():
        order = sales.create_order(
            actor=actor, customer=customer, channel=Order.Channel.PHONE,
            order_type=Order.OrderType.ECOMMERCE, order_date=timezone.localdate(),
            delivery_date=delivery_date, merchandiser=customer.merchandiser or actor,
            lines=[{"item": item, "quantity": quantity, "unit_price": priced.price}],
            note=(note or "").strip(), origin=origin,
        )  # fmt: skip
        FollowUpCall.objects.create(
            waybill=waybill, actor=actor, is_interested=True, taken_order=order,
            status=waybill.followup_status or waybill.status or TrackingStatus.SIGNED,
            note=_call_note(order, priced)[:300],
        )  # fmt: skip
        after = {"order": order.number}
        if priced.discount is not None:
            after.update(list_price=str(priced.list_price), price=str(priced.price),
                         discount_percent=priced.discount.percent)  # fmt: skip
        audit.record(actor=actor, action="waybill.order_taken", obj=waybill, origin=origin,
                     after=after)  # fmt: skip
        leads.close_by_order(actor=actor, order=order, origin=origin)
    return order
