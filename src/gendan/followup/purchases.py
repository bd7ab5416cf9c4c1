"""When are an order's bought parts all in? The rule behind the "外购外协件到齐" milestone.

Bought lines of an order: each order line is exploded through the bills of materials
(catalog.BomLine, any depth) down to items that are bought as a whole — purchased
parts, outsourced parts and standard parts (BOUGHT_KINDS). An order line whose item is
itself of such a kind is bought as it is. The quantity needed of an item is the order
line's quantity times the BOM quantities on the way, summed over all lines.

They are all in when, for every bought item, the posted purchased receipts (外购入库单)
written for this order — not reversed, and not themselves reversing slips — hold at
least the quantity needed. An order whose items have no bought component at all is
served by its first purchased receipt: that receipt is then what was bought for it.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum

from gendan.catalog.models import BomLine, Item
from gendan.core.models import Document
from gendan.sales.models import OrderLine
from gendan.stock.slips.models import SlipKind, SlipLine

BOUGHT_KINDS = {Item.Kind.PURCHASED_PART, Item.Kind.OUTSOURCED_PART, Item.Kind.STANDARD_PART}
MAX_BOM_DEPTH = 12


def bought_quantities(order_id):
    """{item_id: quantity needed} of everything bought for the order."""
    needed = defaultdict(Decimal)
    level = defaultdict(Decimal)
    for item_id, kind, quantity in OrderLine.objects.filter(order_id=order_id).values_list(
        "item_id", "item__kind", "quantity"
    ):
        _route(item_id, kind, quantity, needed, level)
    for _depth in range(MAX_BOM_DEPTH):
        if not level:
            break
        parents, level = level, defaultdict(Decimal)
        for parent_id, component_id, kind, per_unit in BomLine.objects.filter(
            parent_id__in=parents
        ).values_list("parent_id", "component_id", "component__kind", "quantity"):
            _route(component_id, kind, parents[parent_id] * per_unit, needed, level)
    return dict(needed)


def _route(item_id, kind, quantity, needed, level):
    if kind in BOUGHT_KINDS:
        needed[item_id] += quantity
    else:
        level[item_id] += quantity


def received_quantities(order_id):
    """{item_id: quantity} on posted, unreversed purchased receipts for the order."""
    rows = (
        SlipLine.objects.filter(
            slip__order_id=order_id,
            slip__kind=SlipKind.PURCHASED_RECEIPT,
            slip__document__status=Document.Status.POSTED,
            slip__reverses__isnull=True,
            slip__reversed_by__isnull=True,
        )
        .values("item_id")
        .annotate(total=Sum("quantity"))
    )
    return {row["item_id"]: row["total"] for row in rows}


def all_bought_in(order_id):
    needed = bought_quantities(order_id)
    if not needed:
        return True
    received = received_quantities(order_id)
    return all(received.get(item_id, 0) >= quantity for item_id, quantity in needed.items())
