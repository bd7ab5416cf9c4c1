"""Posting handlers: run inside the transaction that signs a slip's last required step
(declared with the slip papers in slips/papers.py). They resolve each line's places and append its moves through
the ledger; a refusal there (not enough on hand, D1-3.9) rolls the signature back too.

Outsourced goods coming back (D1-3.8, rule in full in slips/outsourcing.py): when a
purchased receipt posts from a partner whose outsourcer location holds our material,
  - a line whose item the outsourcer holds came back as is: it moves from the outsourcer
    location (not the supplier's) into the warehouse, at most what the outsourcer holds
    of it — more is refused with the figures (item, outsourcer, held, received);
  - any other line comes from the supplier location, and the components of its bill of
    materials that the outsourcer holds are used up: received quantity × quantity per
    part moves from the outsourcer location to production, under the same document in
    the same posting; too little held there is refused with the figures.
A refusal changes nothing. A reversing slip mirrors every move of the document, so it
also gives the outsourcer back what the receipt took back or used up."""

import json
from decimal import Decimal

from django.db import connection
from django.utils.translation import gettext as _

from gendan.catalog.models import Item
from gendan.core import posting_guards
from gendan.core.errors import InvalidTransition
from gendan.stock import batches, ledger
from gendan.stock.models import Location, StockMove
from gendan.stock.slips import locations, outsourcing, publishing
from gendan.stock.slips.kinds import ISSUE, RECEIPT, rules_for
from gendan.stock.slips.models import SlipKind, SlipLine, StockSlip

# Places a module above may set (the shop floor: a production receipt or outsourcing issue
# written for a transfer slip takes the lot's parts from where the transfer left them, and
# a lot's parts back from the outsourcer go on to its next operation; D1-3.4). Each hook is
# `hook(slip, lines)`, called when the slip posts after every line has its batch and the
# kind's places; it may change a line's `from_location`, `to_location` or `batch`.
_PLACE_HOOKS = []


def register_place_hook(hook):
    if hook not in _PLACE_HOOKS:
        _PLACE_HOOKS.append(hook)


def post_slip_stock(*, document, actor):
    slip = StockSlip.objects.select_related(
        "warehouse", "workshop", "partner", "order", "reverses__document"
    ).get(document=document)
    if StockMove.objects.filter(document=document).exists():
        raise InvalidTransition(
            _("%(number)s has already moved its stock; a slip posts once.")
            % {"number": document.number}
        )
    if slip.reverses_id:
        ledger.reverse_moves(
            actor=actor,
            original_document=slip.reverses.document,
            reversing_document=document,
        )
        return
    posting_guards.check(
        document=document,
        paper_type=document.slip_type,
        kind=slip.kind,
        order_id=slip.order_id,
        actor=actor,
    )
    _post_lines(slip, document, actor)
    publishing.publish_posted(slip=slip, document=document, actor=actor)


def _post_lines(slip, document, actor):
    rules = rules_for(slip.kind)
    source, target = places(slip)
    lines = read_lines(slip)
    named = batches.batches_of_lines(
        [
            (line.position, line.item, line.batch_number, line.expires_on)
            for line in lines
            if line.batch_number
        ],
        create=rules.direction == RECEIPT,  # a receipt creates its batches; others name them
    )
    for line in lines:
        line.from_location, line.to_location = source, target
        line.batch = named.get(line.position)
    for hook in _PLACE_HOOKS:  # a module above that holds the parts says where they are
        hook(slip, lines)
    back = outsourcing.plan_return(slip, lines)  # D1-3.8: from an outsourcer holding ours
    for line in lines:
        if line.position in back.returned:
            line.from_location = back.outsourcer
    record_places(lines)
    moves = [
        move for line in lines if line.position not in back.returned for move in _moves(rules, line)
    ]
    ledger.post_moves(actor=actor, moves=moves + back.moves, document=document, order=slip.order)


class PostedLine:
    """A slip line as its posting needs it, read as one row rather than as a model
    instance with its item's (5,000 lines: a third of the time of the posting). The
    posting sets `batch`, `from_location` and `to_location`; record_places writes them."""

    __slots__ = ("pk", "position", "item", "quantity", "batch_number", "expires_on")
    __slots__ += ("batch", "from_location", "to_location")

    def __init__(self, pk, position, item, quantity, batch_number, expires_on):
        self.pk, self.position, self.item, self.quantity = pk, position, item, quantity
        self.batch_number, self.expires_on = batch_number, expires_on
        self.batch = self.from_location = self.to_location = None

    @property
    def item_id(self):
        return self.item.pk


_ITEM_FIELDS = ["id", "code", "name", "unit_id"]  # what a move and its messages read


def read_lines(slip):
    """The slip's lines in order, each item built once from the same query (its other
    fields are loaded only if something asks for them)."""
    rows = slip.lines.order_by("position").values_list(
        "pk",
        "position",
        "quantity",
        "batch_number",
        "expires_on",
        "item_id",
        "item__code",
        "item__name",
        "item__unit_id",
    )
    items, lines = {}, []
    for pk, position, quantity, batch_number, expires_on, *item_row in rows:
        item = items.get(item_row[0])
        if item is None:
            item = items[item_row[0]] = Item.from_db(connection.alias, _ITEM_FIELDS, item_row)
        lines.append(PostedLine(pk, position, item, quantity, batch_number, expires_on))
    return lines


def record_places(lines):
    """Write each line's batch and places as the posting set them on `lines`: one
    set-based UPDATE, whatever the number of lines (the values travel as arrays on
    PostgreSQL, as one JSON parameter on SQLite)."""
    values = [
        (line.pk, line.batch and line.batch.pk, line.from_location.pk, line.to_location.pk)
        for line in lines
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_PLACES, [list(column) for column in zip(*values, strict=True)])
        else:
            cursor.execute(_SQLITE_PLACES, [json.dumps(values)])


_LINES = SlipLine._meta.db_table
_PG_PLACES = (
    f"UPDATE {_LINES} SET batch_id = d.b, from_location_id = d.f, to_location_id = d.t "
    "FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[], %s::bigint[]) AS d(id, b, f, t) "
    f"WHERE {_LINES}.id = d.id"
)
_SQLITE_PLACES = (  # the JSON rows lead the join, each finding its line by primary key
    f"UPDATE {_LINES} SET batch_id = d.b, from_location_id = d.f, to_location_id = d.t "
    "FROM (SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS b, "
    "json_extract(value, '$[2]') AS f, json_extract(value, '$[3]') AS t "
    f"FROM json_each(%s)) AS d WHERE {_LINES}.id = d.id"
)


def _moves(rules, line):
    """A line that names its batch moves that batch: the ledger refuses it only when that
    batch is short where it comes from. An issue, replenishment, replacement or return
    line without a batch number is taken first-expiry-first-out (D5-2.1) from what lies
    where it comes from (a return: the workshop's station), unbatched stock last; when
    everything there cannot cover it, it is refused with the figures (item, place, on
    hand, asked) — a return of batch-tracked steel is no longer asked of an unbatched
    balance that is always zero."""
    if line.batch is not None or rules.direction == RECEIPT:
        return [_move(line, line.quantity, line.batch)]
    parts = batches.fefo_suggestion(line.item, line.from_location, line.quantity)
    covered = sum((quantity for _batch, quantity in parts), Decimal(0))
    if covered < line.quantity and line.from_location.allows_negative:
        parts.append((None, line.quantity - covered))  # a place outside our stock
    elif covered < line.quantity:
        raise batches.short_at(line.position, line.item, line.from_location, line.quantity)
    return [_move(line, quantity, batch) for batch, quantity in parts]


def _move(line, quantity, batch):
    return ledger.Move(
        item=line.item,
        quantity=quantity,
        from_location=line.from_location,
        to_location=line.to_location,
        batch=batch,
    )


def places(slip):
    """(from, to) of a slip's moves, by its kind."""
    rules = rules_for(slip.kind)
    warehouse = locations.warehouse_location(slip.warehouse)
    if slip.kind == SlipKind.PURCHASED_RECEIPT:
        return locations.partner_location(slip.partner, Location.Kind.SUPPLIER), warehouse
    if slip.kind == SlipKind.OUTSOURCING_ISSUE:
        return warehouse, locations.partner_location(slip.partner, Location.Kind.OUTSOURCER)
    if slip.kind == SlipKind.PRODUCTION_RECEIPT:  # D1-3.4: what the workshop made
        return locations.production_location(slip.workshop), warehouse
    station = locations.station_location(slip.workshop)
    if rules.direction == ISSUE:
        return warehouse, station
    return station, warehouse  # a return: what was issued to the station comes back
