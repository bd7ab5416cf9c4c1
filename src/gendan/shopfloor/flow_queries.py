"""The process flow (工艺流程, D1-6): for an order or a product, each made part's chain of
operations with the parts at each one now — summed over its lots, from
`queries.quantities` — and beside the chain what waits, is in rework, outside, scrapped,
awaiting the warehouse's receipt or in the warehouse; per lot its route (the operations
passed, where its parts are now, the next one).

The numbers of a chain add up to the quantity its lots started. A fixed number of
queries for any number of lots.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from gendan.catalog.models import BomLine, Item, ProcessStep
from gendan.core.models import Document
from gendan.org.models import Workshop
from gendan.shopfloor import queries
from gendan.shopfloor.models import TransferLine, TransferSlip

# beside the chain (the places a part leaves the route for), and at its end; parts sent
# outside show at the operation done outside when the slip that sent them names it
SIDE_KEYS = ("waiting", "rework", "awaiting_dispatch", "outsourced", "scrap")
OUTSIDE_KEYS = ("awaiting_dispatch", "outsourced")
END_KEYS = ("awaiting_receipt", "warehouse")
MAX_LOTS = 300
MAX_BOM_DEPTH = 12
PASSED, CURRENT, NEXT, LATER = "passed", "current", "next", "later"


@dataclass
class Box:
    """One operation of a part's chain."""

    sequence: int
    name: str
    workshop: object  # its id, then its name
    is_outside: bool = False
    quantity: Decimal = Decimal(0)  # at the operation's own place
    outside_quantity: Decimal = Decimal(0)  # sent to the outsourcer for it

    @property
    def total(self):
        return self.quantity + self.outside_quantity


@dataclass
class History:
    passed: set = field(default_factory=set)
    outside: int | None = None  # the operation done outside that parts were sent for


@dataclass
class LotRoute:
    lot: object
    steps: list  # [(LotStep, quantity, state)]
    others: list  # [(key, quantity)] off the route or past it

    @property
    def next_step(self):
        return next((step for step, _q, state in self.steps if state == NEXT), None)


@dataclass
class Chain:
    """A made part's operations with the parts at each, and its lots' routes."""

    item: Item
    boxes: list = field(default_factory=list)
    ends: list = field(default_factory=list)  # [(key, quantity)]
    sides: list = field(default_factory=list)  # [(key, quantity)]
    started: Decimal = Decimal(0)
    routes: list = field(default_factory=list)

    @property
    def accounted(self):
        places = [box.total for box in self.boxes]
        places += [quantity for _key, quantity in self.ends + self.sides]
        return sum(places, Decimal(0))


def order_flow(lots):
    """The chains of the made parts of an order's `lots` (`flow_access.order_lots`)."""
    return _chains(list(lots[:MAX_LOTS]), items=None)


def item_flow(user, item):
    """The chains of `item` and the made parts in its bill of materials, with all their
    lots `user` may see (a part without lots shows its process sheet)."""
    items = made_parts(item)
    lots = queries.lot_list(user).filter(item__in=items)
    return _chains(list(lots[:MAX_LOTS]), items=items)


def made_parts(item):
    """`item` and every item below it in the bills of materials that has a process
    sheet, in the order they are reached (an assembly without a sheet is only
    exploded)."""
    found, level = [item.pk], [item.pk]
    for _depth in range(MAX_BOM_DEPTH):
        below = BomLine.objects.filter(parent_id__in=level).order_by("parent_id", "id")
        level = [pk for pk in below.values_list("component_id", flat=True) if pk not in found]
        if not level:
            break
        found += list(dict.fromkeys(level))
    with_sheet = set(
        Item.objects.filter(pk__in=found, process_sheet__steps__isnull=False).values_list(
            "pk", flat=True
        )
    )
    alone = len(found) == 1  # a part with no components shows even without a sheet
    return [pk for pk in found if pk in with_sheet or (alone and pk == item.pk)]


def _chains(lots, items):
    found = queries.quantities(lots)
    passed = _passed_steps(lots)
    by_item = defaultdict(list)
    for lot in sorted(lots, key=lambda lot: lot.pk):
        by_item[lot.item_id].append(lot)
    item_ids = items if items is not None else list(by_item)
    catalog = Item.objects.select_related("unit").in_bulk(item_ids)
    sheets = _sheet_steps([pk for pk in item_ids if pk not in by_item])
    chains = []
    for item_id in item_ids:
        chain = Chain(item=catalog[item_id])
        item_lots = by_item.get(item_id, [])
        chain.boxes = _boxes(item_lots, sheets.get(item_id, []))
        _fill(chain, item_lots, found, passed)
        chains.append(chain)
    _name_workshops(chains)
    return chains


def _passed_steps(lots):
    """{lot id: History}: the operations parts of each lot were transferred from on a
    registered slip, and the last operation it sent parts outside for."""
    rows = (
        TransferLine.objects.filter(
            lot__in=[lot.pk for lot in lots], slip__document__status=Document.Status.POSTED
        )
        .values_list("lot_id", "from_step__sequence", "to_step__sequence", "slip__destination")
        .distinct()
    )
    history = defaultdict(History)
    for lot_id, sequence, to_sequence, destination in rows:
        history[lot_id].passed.add(sequence)
        if destination == TransferSlip.Destination.OUTSIDE and to_sequence is not None:
            history[lot_id].outside = max(history[lot_id].outside or 0, to_sequence)
    return history


def _sheet_steps(item_ids):
    if not item_ids:
        return {}
    steps = ProcessStep.objects.filter(sheet__item_id__in=item_ids).select_related("sheet")
    found = defaultdict(list)
    for step in steps.order_by("sequence"):
        found[step.sheet.item_id].append(step)
    return found


def _boxes(lots, sheet_steps):
    """The chain's operations: those of its lots' routes (copied when each started),
    or the process sheet's for a part with no lot."""
    boxes = {}
    steps = [step for lot in lots for step in lot.steps.all()] or sheet_steps
    for step in steps:
        boxes.setdefault(
            (step.sequence, step.name),
            Box(step.sequence, step.name, step.workshop_id, step.is_outside),
        )
    return [boxes[key] for key in sorted(boxes)]


def _name_workshops(chains):
    """One query for the workshops of every box (a lot's steps come without them)."""
    boxes = [box for chain in chains for box in chain.boxes]
    names = dict(
        Workshop.objects.filter(pk__in={box.workshop for box in boxes}).values_list("pk", "name")
    )
    for box in boxes:
        box.workshop = names.get(box.workshop, "")


def _fill(chain, lots, found, passed):
    by_name = {box.name: box for box in chain.boxes}
    off_route = defaultdict(Decimal)
    for lot in lots:
        chain.started += lot.quantity
        history = passed.get(lot.pk) or History()
        chain.routes.append(_route(lot, found[lot.pk], history))
        outside = _outside_box(lot, history, by_name)
        for key, quantity in found[lot.pk].items():
            if key in by_name:
                by_name[key].quantity += quantity
            elif outside is not None and key in OUTSIDE_KEYS:
                outside.outside_quantity += quantity
            else:
                off_route[key] += quantity
    chain.ends = [(key, off_route.pop(key, Decimal(0))) for key in END_KEYS]
    chain.sides = [(key, off_route.pop(key, Decimal(0))) for key in SIDE_KEYS]
    chain.sides += sorted(off_route.items())  # a place the flow does not name, never lost


def _outside_box(lot, history, by_name):
    """The box of the operation the lot's parts outside were sent for, if any."""
    step = next((s for s in lot.steps.all() if s.sequence == history.outside), None)
    return by_name.get(step.name) if step is not None else None


def _route(lot, quantities, history):
    """Per operation of the lot: passed (parts went on from it or beyond it), current
    (parts are there — for an operation done outside, at the outsourcer or on their way
    there), next (the first after the last reached one) or later."""
    steps = list(lot.steps.all())
    away = sum((quantities.get(key, Decimal(0)) for key in OUTSIDE_KEYS), Decimal(0))
    outside = history.outside if away else None
    reached = [
        s.sequence
        for s in steps
        if quantities.get(s.name) or s.sequence in history.passed or s.sequence == outside
    ]
    last = max(reached, default=None)
    rows, next_found = [], False
    for step in steps:
        quantity = quantities.get(step.name, Decimal(0))
        if step.sequence == outside:
            quantity, state = quantity + away, CURRENT
        elif quantity:
            state = CURRENT
        elif step.sequence in history.passed or (last is not None and step.sequence < last):
            state = PASSED
        elif not next_found and (last is None or step.sequence > last) and _open(quantities):
            state, next_found = NEXT, True
        else:
            state = LATER
        rows.append((step, quantity, state))
    others = [(key, quantities[key]) for key in queries.FIXED_KEYS if quantities.get(key)]
    return LotRoute(lot=lot, steps=rows, others=others)


def _open(quantities):
    """Whether some of the lot's parts are still on the way (not all scrapped or in)."""
    done = sum((quantities.get(key, Decimal(0)) for key in ("scrap", *END_KEYS)), Decimal(0))
    return sum(quantities.values(), Decimal(0)) > done
