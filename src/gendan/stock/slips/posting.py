"""Posting handlers: run inside the transaction that signs a slip's last required step
(core.chains.on_posting). They resolve each line's places and append its moves through
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

from decimal import Decimal

from django.utils.translation import gettext as _

from gendan.core import chains
from gendan.core.errors import InvalidTransition
from gendan.stock import batches, ledger
from gendan.stock.models import Location, StockMove
from gendan.stock.slips import locations, outsourcing
from gendan.stock.slips.kinds import ISSUE, KINDS, rules_for
from gendan.stock.slips.models import SlipKind, SlipLine, StockSlip


def register():
    """Called once from SlipsConfig.ready."""
    for rules in KINDS.values():
        if rules.is_issue:
            ledger.register_issue_slip_type(rules.slip_type)
        chains.on_posting(rules.slip_type, post_slip_stock)


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
    _post_lines(slip, document, actor)


def _post_lines(slip, document, actor):
    rules = rules_for(slip.kind)
    source, target = places(slip)
    lines = list(slip.lines.select_related("item__unit").order_by("position"))
    named = batches.batches_of_lines(
        [
            (line.position, line.item, line.batch_number, line.expires_on)
            for line in lines
            if line.batch_number
        ],
        create=rules.direction != ISSUE,  # a receipt creates its batches; an issue names them
    )
    for line in lines:
        line.from_location, line.to_location = source, target
        line.batch = named.get(line.position)
    back = outsourcing.plan_return(slip, lines)  # D1-3.8: from an outsourcer holding ours
    _record_places(slip, lines, source, target, back)
    moves = [
        move for line in lines if line.position not in back.returned for move in _moves(rules, line)
    ]
    ledger.post_moves(actor=actor, moves=moves + back.moves, document=document, order=slip.order)


def _record_places(slip, lines, source, target, back):
    """Write where each line's stock moved: one UPDATE for the common places, one for
    the lines taken back from the outsourcer, and the batches of the lines that name one."""
    slip.lines.update(from_location=source, to_location=target)
    if back.returned:
        slip.lines.filter(position__in=back.returned).update(from_location=back.outsourcer)
        for line in lines:
            if line.position in back.returned:
                line.from_location = back.outsourcer
    with_batch = [line for line in lines if line.batch is not None]
    if with_batch:
        SlipLine.objects.bulk_update(with_batch, ["batch"], batch_size=500)


def _moves(rules, line):
    """An issue line without a batch number is taken first-expiry-first-out (D5-2.1); what
    the batches cannot cover is asked of the unbatched stock, so a shortfall is refused
    by the ledger with the figures."""
    if line.batch is not None or rules.direction != ISSUE:
        return [_move(line, line.quantity, line.batch)]
    parts = batches.fefo_suggestion(line.item, line.from_location, line.quantity)
    rest = line.quantity - sum((quantity for _batch, quantity in parts), Decimal(0))
    moves = [_move(line, quantity, batch) for batch, quantity in parts]
    return moves + ([_move(line, rest, None)] if rest > 0 else [])


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
