"""Matching waybills to orders and customers (D3-1).

In this order: the order number; the tracking number (a number an earlier sheet
already tied to an order keeps its order: a carrier's sheet without order numbers
updates that same waybill); the consignee's full phone number against customers and
their contacts. A masked phone's last four digits with the consignee's name and the
address only give a *candidate* that a person confirms (`match_by_hand`); everything
else waits in the unmatched list.
"""

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from gendan.core import audit
from gendan.core.errors import DomainError
from gendan.logistics import access, lookups
from gendan.logistics.models import Waybill
from gendan.logistics.sheets.cells import MASKED, classify_phone
from gendan.sales.models import Contact, Customer, Order

LOOKUP_CHUNK = 900
CLOSED_ORDERS = (Order.Status.CANCELLED,)
ADDRESS_PREFIX = 6  # 省市 at least


def match_rows(rows):
    """Match sheet rows (anything with `order_number`, `phone`, `phone_kind`,
    `consignee`, `address`): {position: (order_id, customer_id, matched_by,
    candidate_order_id)} for the rows matched or given a candidate; the others are
    left out. A few queries per 900 rows, whatever the size of the sheet."""
    found = _by_order_number(rows)
    rest = [index for index in range(len(rows)) if index not in found]
    found.update(_by_phone(rows, rest))
    rest = [index for index in rest if index not in found]
    found.update(_candidates(rows, rest))
    return found


def _chunks(values):
    values = list(values)
    for start in range(0, len(values), LOOKUP_CHUNK):
        yield values[start : start + LOOKUP_CHUNK]


def _by_order_number(rows):
    numbers = {row.order_number for row in rows if row.order_number}
    orders = {
        number: (pk, customer_id)
        for number, pk, customer_id in lookups.select_in(
            Order, ("number", "id", "customer_id"), "number", numbers
        )
    }
    matched = {}
    by_number = Waybill.MatchedBy.ORDER_NUMBER
    for index, row in enumerate(rows):
        if row.order_number and (order := orders.get(row.order_number)):
            matched[index] = (order[0], order[1], by_number, None)
    return matched


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


WHOLE_KINDS = frozenset({"mobile", "landline", "virtual"})


def _by_phone(rows, positions):
    with_phone = [index for index in positions if rows[index].phone_kind in WHOLE_KINDS]
    if not with_phone:
        return {}
    index = _whole_phone_index()
    customers = {index.get(rows[position].phone) for position in with_phone} - {None}
    latest = _latest_order_ids(customers)
    by_phone = Waybill.MatchedBy.PHONE
    matched = {}
    for position in with_phone:
        customer_id = index.get(rows[position].phone)
        if customer_id is not None:
            matched[position] = (latest.get(customer_id), customer_id, by_phone, None)
    return matched


def _latest_order_ids(customer_ids):
    """Each customer's latest order that is not cancelled (by order date, then id):
    one query per 900 customers."""
    latest = (
        Order.objects.filter(customer_id=OuterRef("pk"))
        .exclude(status__in=CLOSED_ORDERS)
        .order_by("-order_date", "-id")
        .values("id")[:1]
    )
    found = {}
    for chunk in _chunks(customer_ids):
        found.update(
            Customer.objects.filter(pk__in=chunk)
            .annotate(latest=Subquery(latest))
            .values_list("pk", "latest")
        )
    return found


def _candidates(rows, positions):
    """Last four digits + name + address: a candidate to confirm, never a match."""
    masked = [
        position
        for position in positions
        if rows[position].phone_kind == MASKED
        and rows[position].consignee
        and rows[position].phone[-4:].isdigit()
    ]
    if not masked:
        return {}
    index = _last_four_index({rows[position].consignee for position in masked})
    chosen = {}
    for position in masked:
        row = rows[position]
        prefix = row.address[:ADDRESS_PREFIX]
        for customer_id, address in index.get((row.phone[-4:], row.consignee), ()):
            if prefix and address.startswith(prefix):
                chosen[position] = customer_id
                break
    latest = _latest_order_ids(set(chosen.values()))
    return {
        position: (None, None, "", latest[customer_id])
        for position, customer_id in chosen.items()
        if latest.get(customer_id) is not None
    }


def _last_four_index(names):
    """(last four digits, name) → [(customer, address)] for customers and contacts
    bearing one of `names`: one query each, whatever the number of rows."""
    index = {}
    rows = []
    for chunk in _chunks(names):
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
