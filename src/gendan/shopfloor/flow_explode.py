"""Starting an order's lots by exploding its bills of materials (D1-6, issue 11).

Each order line's item is exploded through the bills of materials (catalog.BomLine, any
depth): every item with a process sheet is a made part and gets one lot of the order,
quantity = order quantity × the BOM quantities on the way (summed when a part is reached
along several lines or paths, rounded up to its unit's decimals). A made sub-assembly gets
its lot and its own components are exploded further. An item without a process sheet
whose components are listed (the machine itself) is only exploded; one without
components is listed "cannot start: no process sheet" — unless it is bought or raw
material (purchased, outsourced, standard parts, steel, hardware…), which no lot makes.

What is already started for the order (the quantity of its lots of that item) is
subtracted, so exploding twice starts nothing new. Starting is all or nothing: every lot
through `services.start_lot` in one transaction; one refusal and none is started.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from gendan.catalog.models import BomLine, Item
from gendan.core import audit
from gendan.core.errors import DomainError, InvalidTransition
from gendan.sales.models import Order, OrderLine
from gendan.shopfloor import services
from gendan.shopfloor.models import Lot

MAX_BOM_DEPTH = 12
NOT_MADE_KINDS = {
    Item.Kind.RAW_MATERIAL,
    Item.Kind.PURCHASED_PART,
    Item.Kind.OUTSOURCED_PART,
    Item.Kind.STANDARD_PART,
    Item.Kind.AUXILIARY,
    Item.Kind.HARDWARE,
    Item.Kind.KIT,
}
START, STARTED, NO_SHEET = "start", "started", "no_sheet"


@dataclass
class ProposedLot:
    """One made part of the order: what it needs, what is started, what would start."""

    item: Item
    needed: Decimal
    started: Decimal = Decimal(0)
    status: str = START
    lots: list = field(default_factory=list)  # the order's lots of this item already

    @property
    def to_start(self):
        return max(self.needed - self.started, Decimal(0)) if self.status != NO_SHEET else None


def propose(order):
    """The order's made parts as `ProposedLot`s, in the order they were reached
    (a fixed number of queries per BOM level)."""
    needed, order_of = _needed(order)
    items = Item.objects.select_related("unit").annotate(steps=Count("process_sheet__steps"))
    items = items.in_bulk(list(needed))
    has_components = set(
        BomLine.objects.filter(parent_id__in=list(needed)).values_list("parent_id", flat=True)
    )
    existing = defaultdict(list)
    for lot in Lot.objects.filter(order=order).select_related("document").order_by("pk"):
        existing[lot.item_id].append(lot)
    rows = []
    for item_id in sorted(needed, key=order_of.get):
        item = items[item_id]
        if item.kind in NOT_MADE_KINDS or (not item.steps and item_id in has_components):
            continue
        row = ProposedLot(item=item, needed=_round_up(needed[item_id], item))
        row.lots = existing.get(item_id, [])
        row.started = sum((lot.quantity for lot in row.lots), Decimal(0))
        if not item.steps:
            row.status = NO_SHEET
        elif row.to_start == 0:
            row.status = STARTED
        rows.append(row)
    return rows


def _needed(order):
    """({item id: quantity needed}, {item id: the order it was first reached in})."""
    needed, order_of = defaultdict(Decimal), {}
    level = defaultdict(Decimal)
    lines = OrderLine.objects.filter(order=order).order_by("position")
    for item_id, quantity in lines.values_list("item_id", "quantity"):
        level[item_id] += quantity
    for _depth in range(MAX_BOM_DEPTH):
        if not level:
            break
        for item_id, quantity in level.items():
            needed[item_id] += quantity
            order_of.setdefault(item_id, len(order_of))
        parents, level = level, defaultdict(Decimal)
        bom = BomLine.objects.filter(parent_id__in=list(parents)).order_by("parent_id", "id")
        for parent_id, component_id, per_unit in bom.values_list(
            "parent_id", "component_id", "quantity"
        ):
            level[component_id] += parents[parent_id] * per_unit
    return needed, order_of


def _round_up(quantity, item):
    step = Decimal(1).scaleb(-item.unit.decimals)
    return quantity.quantize(step, rounding=ROUND_CEILING).normalize()


def fingerprint(rows):
    """What a person confirmed: the lots to start, as text ("BZ-120×24;DZ-80×12")."""
    return ";".join(f"{row.item.code}×{row.to_start:f}" for row in rows if row.status == START)


def start_lots_for_order(*, actor, order, expected=None, origin=None):
    """Start one lot per made part of `order` not yet started (all or nothing); returns
    the lots started — none when everything already is. With `expected` (the
    `fingerprint` of the proposal the person confirmed), refused when the proposal has
    changed since (another lot started, the BOM changed)."""
    with transaction.atomic():
        Order.objects.select_for_update(of=("self",)).filter(pk=order.pk).first()
        proposal = propose(order)
        if expected is not None and expected != fingerprint(proposal):
            raise InvalidTransition(
                _(
                    "The lots to start for %(order)s changed since the proposal was shown; "
                    "look at it again."
                )
                % {"order": order.number},
                field="expected",
            )
        rows = [row for row in proposal if row.status == START]
        lots = [_start(actor, order, row, origin) for row in rows]
        if lots:
            audit.record(
                actor=actor,
                action="shopfloor.order.explode",
                obj=order,
                after={
                    "lots": [
                        [lot.document.number, lot.item.code, str(lot.quantity)] for lot in lots
                    ]
                },
                origin=origin,
            )
    return lots


def _start(actor, order, row, origin):
    try:
        return services.start_lot(
            actor=actor, item=row.item, quantity=row.to_start, order=order, origin=origin
        )
    except DomainError as error:
        raise type(error)(
            _("%(item)s: %(reason)s Nothing was started.")
            % {"item": f"{row.item.name} {row.item.code}", "reason": error},
            field="lines",
        ) from error
