"""Matching waybills to orders and customers (D3-1).

In this order: the order number; the tracking number (a number an earlier sheet
already tied to an order keeps its order: a carrier's sheet without order numbers
updates that same waybill); the consignee's full phone number against customers and
their contacts. A masked phone's last four digits with the consignee's name and the
address only give a *candidate* that a person confirms (`match_by_hand`); everything
else waits in the unmatched list.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from gendan.core import audit
from gendan.core.errors import DomainError
from gendan.logistics import access
from gendan.logistics.models import Waybill
from gendan.logistics.sheets.cells import MASKED, classify_phone
from gendan.sales.models import Contact, Customer, Order

LOOKUP_CHUNK = 900
CLOSED_ORDERS = (Order.Status.CANCELLED,)
ADDRESS_PREFIX = 6  # 省市 at least


def match_new(waybills):
    """Match the waybills an import creates or changes that are not matched yet; sets
    the fields on the objects, the caller writes them (with the rest of the row)."""
    pending = [waybill for waybill in waybills if not waybill.matched_by]
    if not pending:
        return 0
    matched = _by_order_number(pending)
    rest = [waybill for waybill in pending if not waybill.matched_by]
    matched += _by_phone(rest)
    rest = [waybill for waybill in rest if not waybill.matched_by]
    _candidates(rest)
    return matched


def _by_order_number(waybills):
    numbers = list({waybill.order_number for waybill in waybills if waybill.order_number})
    orders = {}
    for start in range(0, len(numbers), LOOKUP_CHUNK):
        chunk = numbers[start : start + LOOKUP_CHUNK]
        orders.update(
            (number, (pk, customer_id))
            for number, pk, customer_id in Order.objects.filter(number__in=chunk).values_list(
                "number", "id", "customer_id"
            )
        )
    count = 0
    for waybill in waybills:
        found = orders.get(waybill.order_number)
        if found:
            waybill.order_id, waybill.customer_id = found
            waybill.matched_by = Waybill.MatchedBy.ORDER_NUMBER
            count += 1
    return count


def _whole_phone_index():
    """Each customer's and contact's whole phone number (digits only) → customer."""
    index = {}
    rows = list(Customer.objects.exclude(phone="").values_list("phone", "id"))
    rows += list(Contact.objects.exclude(phone="").values_list("phone", "customer_id"))
    for phone, customer_id in rows:
        parsed = classify_phone(phone)
        if parsed.is_whole:
            index.setdefault(parsed.number, customer_id)
    return index


def _by_phone(waybills):
    with_phone = [waybill for waybill in waybills if waybill.phone_kind in WHOLE_KINDS]
    if not with_phone:
        return 0
    index = _whole_phone_index()
    latest = {}
    count = 0
    for waybill in with_phone:
        customer_id = index.get(waybill.phone)
        if customer_id is None:
            continue
        if customer_id not in latest:
            latest[customer_id] = _latest_order_id(customer_id)
        waybill.customer_id, waybill.order_id = customer_id, latest[customer_id]
        waybill.matched_by = Waybill.MatchedBy.PHONE
        count += 1
    return count


WHOLE_KINDS = ("mobile", "landline", "virtual")


def _latest_order_id(customer_id):
    return (
        Order.objects.filter(customer_id=customer_id)
        .exclude(status__in=CLOSED_ORDERS)
        .order_by("-order_date", "-id")
        .values_list("id", flat=True)
        .first()
    )


def _candidates(waybills):
    """Last four digits + name + address: a candidate to confirm, never a match."""
    masked = [
        waybill
        for waybill in waybills
        if waybill.phone_kind == MASKED and waybill.consignee and waybill.phone[-4:].isdigit()
    ]
    if not masked:
        return
    index = _last_four_index({waybill.consignee for waybill in masked})
    latest = {}
    for waybill in masked:
        prefix = waybill.address[:ADDRESS_PREFIX]
        for customer_id, address in index.get((waybill.phone[-4:], waybill.consignee), ()):
            if prefix and address.startswith(prefix):
                if customer_id not in latest:
                    latest[customer_id] = _latest_order_id(customer_id)
                waybill.candidate_order_id = latest[customer_id]
                break


def _last_four_index(names):
    """(last four digits, name) → [(customer, address)] for customers and contacts
    bearing one of `names`: one query each, whatever the number of rows."""
    index = {}
    names = list(names)
    rows = []
    for start in range(0, len(names), LOOKUP_CHUNK):
        chunk = names[start : start + LOOKUP_CHUNK]
        rows += (
            Customer.objects.filter(name__in=chunk)
            .exclude(phone="")
            .values_list("phone", "name", "id", "address")
        )
        rows += (
            Contact.objects.filter(name__in=chunk)
            .exclude(phone="")
            .values_list("phone", "name", "customer_id", "customer__address")
        )
    for phone, name, customer_id, address in rows:
        digits = "".join(char for char in phone if char.isdigit())
        index.setdefault((digits[-4:], name), []).append((customer_id, address))
    return index


def unmatched():
    return Waybill.objects.filter(matched_by="")


def match_by_hand(*, actor, waybill, order, origin=None):
    """A person ties a waybill to an order (confirming a candidate, or from the list)."""
    access.require_role(
        actor, access.IMPORT_ROLES, _("Only the follow-up team lead or logistics matches waybills.")
    )
    if order is None:
        raise DomainError(_("Choose the order this waybill belongs to."), field="order")
    with transaction.atomic():
        waybill = Waybill.objects.select_for_update().get(pk=waybill.pk)
        before = {"order": waybill.order.number if waybill.order_id else ""}
        waybill.order, waybill.customer_id = order, order.customer_id
        waybill.matched_by = Waybill.MatchedBy.BY_HAND
        waybill.candidate_order = None
        waybill.save(update_fields=["order", "customer", "matched_by", "candidate_order"])
        audit.record(
            actor=actor, action="waybill.match", obj=waybill, origin=origin,
            before=before, after={"order": order.number},
        )  # fmt: skip
    return waybill
