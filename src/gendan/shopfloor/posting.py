"""Registering a transfer slip moves its parts in the stock ledger (D1-5.4, invariant 1).

Runs inside the transaction that posts the slip (the statistician's signature, the last
step of its chain). For each line, out of the place its parts were taken from:

- what the receiver received → the destination: the next operation or the waiting area;
  for a transfer into the warehouse (入库, D1-3.4) the workshop's place awaiting receipt
  (待入库), and the production receipt is written in the same transaction; for outside
  processing the workshop's place awaiting dispatch, and the outsourcing issue slip is
  written (`shopfloor.warehouse_slips`). Those slips, when they post, move the parts on:
  the parts are counted in the warehouse (or at the outsourcer) once, and only then;
- the inspector's rework → the sending workshop's rework area; the inspector's scrap →
  its scrap place;
- what passed but was not handed over (the operator's difference) and what was handed
  over but not received (the receiver's difference) → where the explanation says: still
  at the operation (nothing moves), the waiting area, or scrap. What is not explained is
  booked as scrap, and the line says so (`unexplained_scrap`).

Nothing else moves: a lot's parts are always somewhere, and the ledger proves it.

The registration publishes `TransferRegistered` for each order its lots serve, and the
order's production stages it completes (`shopfloor.events`).
"""

from decimal import Decimal

from gendan.stock import ledger


def post_transfer(*, document, actor):
    from gendan.shopfloor import places, services, stages, warehouse_slips
    from gendan.shopfloor.models import TransferLine, TransferSlip

    slip = (
        TransferSlip.objects.filter(document=document)
        .select_related("warehouse", "outsourcer")
        .first()
    )
    if slip is None:  # a title-only transfer slip written before slips had lines
        return
    moves, orders = [], set()
    lines = list(
        slip.lines.select_related(
            "lot__item",
            "lot__batch",
            "lot__document",
            "lot__order",
            "from_step__workshop",
            "from_step__location",
            "to_step__workshop",
            "to_step__location",
        )
    )
    before = stages.completed_stages({line.lot.order_id for line in lines} - {None})
    found = {}  # (kind of place, workshop id) -> its ledger location, once per registration

    def place(kind, workshop):
        key = (kind, workshop.pk)
        if key not in found:
            found[key] = getattr(places, kind)(workshop)
        return found[key]

    for line in lines:
        _fill_defaults(line)
        if line.source == TransferLine.Source.OPERATION:
            origin = line.from_step.location
        else:
            origin = services.source_location(
                line.from_step, line.to_step, line.source, slip.outsourcer
            )
        targets = {
            "received": _received_place(slip, line, services, place),
            TransferLine.Reason.WAITING: (
                place("waiting_area", line.to_step.workshop) if line.to_step_id else None
            ),
            "rework": place("rework_area", line.from_step.workshop),
            "scrap": place("scrap_place", line.from_step.workshop),
        }
        shares, unexplained = _shares(line)
        for target, quantity in shares:
            if quantity:
                moves.append(
                    ledger.Move(
                        item=line.lot.item,
                        quantity=Decimal(quantity),
                        from_location=origin,
                        to_location=targets[target],
                        batch=line.lot.batch,
                    )
                )
        line.unexplained_scrap = unexplained
        orders.add(line.lot.order)
    TransferLine.objects.bulk_update(
        lines, ["passed", "rework", "scrap", "handed_over", "received", "unexplained_scrap"]
    )
    order = orders.pop() if len(orders) == 1 else None
    ledger.post_moves(actor=actor, moves=moves, document=document, order=order)
    warehouse_slips.write_for_transfer(slip=slip, lines=lines, order=order, actor=actor)
    stages.publish_registered(slip=slip, lines=lines, before=before, actor=actor)


def _shares(line):
    """[(target, quantity)] the line's parts go to, and how much of it is unexplained
    scrap: what was received, the inspector's rework and scrap, and each difference
    where its explanation says (still at the operation: nothing moves)."""
    from gendan.shopfloor.models import TransferLine

    unexplained = Decimal(0)
    shares = [("received", line.received), ("rework", line.rework), ("scrap", line.scrap)]
    for reason, gap in (
        (line.handover_reason, (line.passed or 0) - (line.handed_over or 0)),
        (line.receipt_reason, (line.handed_over or 0) - (line.received or 0)),
    ):
        if gap <= 0 or reason == TransferLine.Reason.STILL_THERE:
            continue
        if reason == TransferLine.Reason.WAITING:
            shares.append((TransferLine.Reason.WAITING, gap))
        else:
            shares.append(("scrap", gap))
            if not reason:
                unexplained += gap
    return shares, unexplained


def _received_place(slip, line, services, place):
    """What was received waits for the warehouse's receipt or the outsourcing issue slip
    (D1-3.4); otherwise it is at its destination now."""
    from gendan.shopfloor.models import TransferSlip

    if slip.destination == TransferSlip.Destination.WAREHOUSE:
        return place("receiving_place", slip.workshop)
    if slip.destination == TransferSlip.Destination.OUTSIDE:
        return place("dispatch_place", slip.workshop)
    if slip.destination == TransferSlip.Destination.WAITING:
        return place("waiting_area", line.to_step.workshop)
    return services.destination_location(slip, line)


def _fill_defaults(line):
    """A slip signed through the generic document page (no step data) posts as if every
    signer confirmed the previous figure: all passed, all handed over, all received."""
    if line.passed is None:
        line.passed, line.rework, line.scrap = line.quantity, Decimal(0), Decimal(0)
    if line.handed_over is None:
        line.handed_over = line.passed
    if line.received is None:
        line.received = line.handed_over
