"""Outsourced goods coming back (D1-3.8): a purchased/outsourced receipt from a partner
that holds our material takes that material back, or uses it up.

The rule, applied when a purchased receipt posts from a site whose (active) outsourcer
location holds some of our material:

1. A line whose item the outsourcer holds came back as is (plating, heat treatment):
   it moves from the outsourcer location into the warehouse, not from the supplier
   location. It may bring back at most what the outsourcer holds of that item (all
   lines of the item together); more is refused with the figures, because a quantity
   beyond what we sent is far likelier a mistake than a purchase. Goods bought from the
   same partner besides go on their own receipt once ours are back. A line naming a
   batch takes that batch back; one without takes the outsourcer's batches
   first-expiry-first-out, then its unbatched stock.
2. Any other line comes from the supplier location as before, and uses up, per its bill
   of materials, each component the outsourcer holds (blanks sent, machined parts back):
   received quantity × quantity per part moves from the outsourcer location to
   production (`PRODUCTION`), in the same posting and under the same document. The
   totals per component are rounded to the component's unit precision (half up); a
   total that rounds to nothing moves nothing. If the outsourcer holds less than that,
   the posting is refused with the figures and nothing changes.
3. A component or item the outsourcer holds nothing of is not ours there: the parts
   were bought with the outsourcer's own material, and nothing is taken back or used up.

A reversing slip mirrors every move of the document (ledger.reverse_moves), so it gives
the outsourcer back what the receipt took back or used up.

The figures are read here to refuse with a message a person can act on; the ledger's
guarded decrement (the outsourcer location may not go negative) still refuses if
another posting took the same material in the meantime.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F
from django.utils.translation import gettext as _

from gendan.catalog.models import BomLine
from gendan.stock import ledger
from gendan.stock.locations import PRODUCTION_CODE, standard_location
from gendan.stock.models import Location, StockBalance
from gendan.stock.slips.models import SlipKind


class OutsourcerHoldsTooLittle(ledger.InsufficientStock):
    """D1-3.8: a receipt takes back or uses up more of our material than the outsourcer
    holds."""


@dataclass
class Return:
    """What a receipt takes back from its outsourcer: the positions of the lines that
    came back as is, and every move out of the outsourcer location (theirs and the
    components used up)."""

    outsourcer: Location | None = None
    returned: frozenset = frozenset()
    moves: list = field(default_factory=list)


def outsourcer_location(slip):
    """The outsourcer location at the receipt's partner, if one exists (never created
    here): the first active one by code, where an outsourcing issue sends material."""
    if slip.kind != SlipKind.PURCHASED_RECEIPT or slip.partner_id is None:
        return None
    return (
        Location.objects.filter(
            kind=Location.Kind.OUTSOURCER, site_id=slip.partner_id, is_active=True
        )
        .order_by("code")
        .first()
    )


def plan_return(slip, lines):
    """The Return of a purchased receipt whose lines have their batch and target set;
    an empty Return when the partner holds none of the material concerned."""
    outsourcer = outsourcer_location(slip)
    if outsourcer is None:
        return Return()
    bom = _bill_of_materials({line.item_id for line in lines})
    components = {row.component_id for rows in bom.values() for row in rows}
    stock = _Holding(outsourcer, {line.item_id for line in lines} | components)
    returned = [line for line in lines if stock.held(line.item_id) > 0]
    positions = frozenset(line.position for line in returned)
    _require_held(stock, returned)
    used = _used_up(stock, [line for line in lines if line.position not in positions], bom)
    moves = _return_moves(stock, returned) + _consumption_moves(stock, used)
    return Return(outsourcer, positions, moves)


def _bill_of_materials(item_ids):
    rows = BomLine.objects.filter(parent_id__in=item_ids).select_related("component__unit")
    bom = defaultdict(list)
    for row in rows.order_by("component__code"):
        bom[row.parent_id].append(row)
    return bom


def _require_held(stock, returned):
    received, items = defaultdict(Decimal), {}
    for line in returned:
        received[line.item_id] += line.quantity
        items[line.item_id] = line.item
    for item_id, quantity in received.items():
        held = stock.held(item_id)
        if quantity > held:
            item = items[item_id]
            raise OutsourcerHoldsTooLittle(
                _(
                    "%(outsourcer)s holds %(held)s of our %(item)s, but this receipt brings "
                    "back %(received)s (%(excess)s more). Receive only what came back of ours "
                    "(D1-3.8); anything bought from them besides goes on its own receipt once "
                    "ours are back."
                )
                % {
                    "outsourcer": stock.location,
                    "item": f"{item.code} {item.name}",
                    "held": _figure(held, item),
                    "received": _figure(quantity, item),
                    "excess": _figure(quantity - held, item),
                },
                field="quantity",
            )
        stock.reserve(item_id, quantity)


def _used_up(stock, lines, bom):
    """[(component, quantity)] the lines use up of what the outsourcer holds, refused
    when it holds too little."""
    needed, components, parts = defaultdict(Decimal), {}, defaultdict(list)
    for line in lines:
        for row in bom.get(line.item_id, ()):
            if stock.held(row.component_id) <= 0:
                continue
            needed[row.component_id] += line.quantity * row.quantity
            components[row.component_id] = row.component
            parts[row.component_id].append(line)
    used = []
    for component_id, quantity in needed.items():
        component = components[component_id]
        quantity = _rounded(quantity, component)
        if quantity > stock.available(component_id):
            raise _too_little(stock, component, quantity, parts[component_id])
        if quantity > 0:
            stock.reserve(component_id, quantity)
            used.append((component, quantity))
    return used


def _too_little(stock, component, quantity, lines):
    held = stock.available(component.pk)
    received = ", ".join(f"{_figure(line.quantity, line.item)} {line.item.code}" for line in lines)
    return OutsourcerHoldsTooLittle(
        _(
            "Receiving %(received)s uses %(needed)s of %(component)s by the bill of materials, "
            "but %(outsourcer)s holds only %(held)s of it (%(short)s short). Check the "
            "quantities received and the bill of materials (D1-3.8)."
        )
        % {
            "received": received,
            "needed": _figure(quantity, component),
            "component": f"{component.code} {component.name}",
            "outsourcer": stock.location,
            "held": _figure(held, component),
            "short": _figure(quantity - held, component),
        },
        field="quantity",
    )


def _return_moves(stock, returned):
    """Lines naming a batch first, so first-expiry-first-out never takes their batch."""
    moves = []
    for line in sorted(returned, key=lambda line: line.batch is None):
        parts = stock.take(line.item, line.quantity, line.batch)
        taken = sum((quantity for _batch, quantity in parts), Decimal(0))
        if taken < line.quantity:  # only a named batch can fall short: totals are checked
            raise _batch_short(stock.location, line, taken)
        moves += [
            ledger.Move(line.item, quantity, stock.location, line.to_location, batch)
            for batch, quantity in parts
        ]
    return moves


def _consumption_moves(stock, used):
    if not used:
        return []
    production = standard_location(PRODUCTION_CODE)
    return [
        ledger.Move(component, part, stock.location, production, batch)
        for component, quantity in used
        for batch, part in stock.take(component, quantity)
    ]


class _Holding:
    """What the outsourcer holds of some items, batch by batch first-expiry-first-out
    (as batches.fefo_suggestion orders them), drawn down as this posting takes it."""

    def __init__(self, location, item_ids):
        self.location = location
        self.rows = defaultdict(list)  # item id -> [[batch, quantity], ...]
        self.reserved = defaultdict(Decimal)
        balances = (
            StockBalance.objects.filter(location=location, item_id__in=item_ids, quantity__gt=0)
            .select_related("batch")
            .order_by(F("batch__expires_on").asc(nulls_last=True), "batch__number", "batch_key")
        )
        for row in balances:
            self.rows[row.item_id].append([row.batch, row.quantity])

    def held(self, item_id):
        return sum((quantity for _batch, quantity in self.rows[item_id]), Decimal(0))

    def available(self, item_id):
        return self.held(item_id) - self.reserved[item_id]

    def reserve(self, item_id, quantity):
        self.reserved[item_id] += quantity

    def take(self, item, quantity, batch=None):
        """[(batch, quantity)] drawn for `quantity` of `item`: from the named batch only,
        or from the batches in order; short when too little is left there."""
        parts = []
        for row in self.rows[item.pk]:
            if batch is not None and row[0] != batch:
                continue
            part = min(quantity, row[1])
            if part > 0:
                parts.append((row[0], part))
                row[1] -= part
                quantity -= part
        return parts


def _batch_short(location, line, held):
    return OutsourcerHoldsTooLittle(
        _(
            "Line %(line)s: %(outsourcer)s holds %(held)s of %(item)s in batch %(batch)s, not "
            "%(received)s. Leave the batch number empty to take back the batches it was sent "
            "with (D1-3.8)."
        )
        % {
            "line": line.position,
            "outsourcer": location,
            "held": _figure(held, line.item),
            "item": f"{line.item.code} {line.item.name}",
            "batch": line.batch.number,
            "received": _figure(line.quantity, line.item),
        },
        field=f"lines[{line.position}].batch_number",
    )


def _rounded(quantity, item):
    return quantity.quantize(Decimal(1).scaleb(-item.unit.decimals), rounding=ROUND_HALF_UP)


def _figure(quantity, item):
    return f"{_rounded(quantity, item)} {item.unit}"
