"""Retention (D3-9) and orders taken from a call (D3-11).

A follow-up call that finds the parcel signed, for a matched customer, tells the
customer they are now a regular customer (老客户) with the policy's reorder discount:
the customer is tagged once (`RegularCustomer`) and the call records the discount told.
The follow-up staff and the team lead can take an order in a call: the order is written
by sales' own service (`gendan.sales.services.create_order`), by phone, for the
waybill's customer, and the call that took it joins the call log.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.catalog.models import Item
from gendan.core import audit
from gendan.core import policies as core_policies
from gendan.core.errors import DomainError, PermissionDenied
from gendan.logistics import access, policies
from gendan.logistics.models import FollowUpCall, RegularCustomer
from gendan.logistics.statuses import TrackingStatus
from gendan.sales import services as sales
from gendan.sales.models import Order


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


def take_order(*, actor, waybill, item, quantity, unit_price, delivery_date, note="",
               origin=None):  # fmt: skip
    """D3-11: an order taken in a call about `waybill`, for its customer, through sales'
    order service; the customer's merchandiser (the order taker) stays in charge."""
    if waybill.assignee_id != actor.pk and not access.holds_role(actor, *access.LEAD_ROLES):
        raise PermissionDenied(_("Only the person holding this waybill or the team lead may."))
    if not can_take_orders(actor):
        raise PermissionDenied(_("You do not hold a role that takes orders."))
    customer = waybill.customer
    if customer is None:
        raise DomainError(_("Match the waybill to a customer first."))
    with transaction.atomic():
        order = sales.create_order(
            actor=actor, customer=customer, channel=Order.Channel.PHONE,
            order_type=Order.OrderType.ECOMMERCE, order_date=timezone.localdate(),
            delivery_date=delivery_date, merchandiser=customer.merchandiser or actor,
            lines=[{"item": item, "quantity": quantity, "unit_price": unit_price}],
            note=(note or "").strip(), origin=origin,
        )  # fmt: skip
        FollowUpCall.objects.create(
            waybill=waybill, actor=actor, is_interested=True, taken_order=order,
            status=waybill.followup_status or waybill.status or TrackingStatus.SIGNED,
            note=_("Order %(number)s taken in the call.") % {"number": order.number},
        )  # fmt: skip
        audit.record(actor=actor, action="waybill.order_taken", obj=waybill, origin=origin,
                     after={"order": order.number})  # fmt: skip
    return order
