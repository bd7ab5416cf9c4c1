"""The warehouse slips a registered transfer slip writes, and where their parts are.

- **Into the warehouse (入库, D1-3.4)**: registering a transfer marked 入库 puts what was
  received in the sending workshop's place *awaiting receipt* (待入库) and writes, in the
  same transaction, the production receipt (生产入库单) for the warehouse, submitted to
  its chain (inspector → workshop director → storekeeper). When that receipt posts, its
  lines take the lot's parts from the place awaiting receipt — not from the workshop's
  production output — into the warehouse: the parts are counted in the warehouse once,
  and only then.
- **Outside processing (外协)**: registering a transfer to an outsourcer puts what was
  received in the workshop's place *awaiting dispatch* and writes the outsourcing issue
  slip (带料外协出库单) to that outsourcer, submitted to its chain (outsourcing
  coordinator → storekeeper). When it posts, the parts leave for the outsourcer. When the
  outsourcer's receipt (外购外协入库单) posts, what came back of a lot goes on to the
  operation after the outsourced one (or, after the lot's last operation, to the waiting
  area) instead of into the warehouse: the lot continues (the outsourced-return rule of
  `stock.slips.outsourcing` takes it from the outsourcer).

The places are set through the stock posting's place hook (`stock.slips.posting.
register_place_hook`), registered in `ShopfloorConfig.ready`.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import audit, chains, numbering, papers
from gendan.core.errors import DomainError
from gendan.core.pinyin import search_key
from gendan.core.scopes import Scope
from gendan.shopfloor import places
from gendan.shopfloor.models import Lot, TransferLine, TransferSlip
from gendan.stock.models import StockBalance, WarehouseItem
from gendan.stock.slips import outsourcing, validation
from gendan.stock.slips import services as slip_services
from gendan.stock.slips.kinds import rules_for
from gendan.stock.slips.models import SlipKind, SlipLine, StockSlip

Destination = TransferSlip.Destination


# ---------------------------------------------------------------- writing
def warehouse_for_outside(item, warehouse=None):
    """The warehouse whose storekeeper sends the lot's parts out (the outsourcing issue
    slip is a warehouse slip): the one named, else the first that manages the item."""
    if warehouse is not None:
        return warehouse
    managed = (
        WarehouseItem.objects.filter(item=item)
        .select_related("warehouse")
        .order_by("warehouse__code")
        .first()
    )
    if managed is None:
        raise DomainError(
            _(
                "No warehouse manages %(item)s, so no outsourcing issue slip can send it out; "
                "an administrator must let a warehouse manage it."
            )
            % {"item": item},
            field="warehouse",
        )
    return managed.warehouse


def write_for_transfer(*, slip, lines, order, actor):
    """Inside the registration's posting: write and submit the production receipt (入库)
    or the outsourcing issue slip (外协) for what `lines` received; link it to `slip`.
    Nothing is written when nothing was received."""
    if slip.destination not in (Destination.WAREHOUSE, Destination.OUTSIDE):
        return None
    rows = [
        {
            "item": line.lot.item,
            "quantity": line.received,
            "batch_number": line.lot.batch.number,
            "note": _("lot %(lot)s, transfer slip %(number)s")
            % {"lot": line.lot.document.number, "number": slip.document.number},
        }
        for line in lines
        if line.received
    ]
    if not rows:
        return None
    if slip.destination == Destination.WAREHOUSE:
        stock_slip = slip_services.write_slip(
            actor=actor,
            kind=SlipKind.PRODUCTION_RECEIPT,
            warehouse=slip.warehouse,
            workshop=slip.workshop,
            order=order,
            lines=rows,
            explanation=_written_for(slip),
        )
    else:
        stock_slip = _write_outsourcing_issue(slip, rows, order, actor)
    slip.stock_slip = stock_slip
    slip.save(update_fields=["stock_slip"])
    chains.submit(actor=actor, document=stock_slip.document)
    return stock_slip


def _written_for(slip):
    """What the warehouse slip's page shows of the transfer slip it was written for."""
    return _("Written when transfer slip %(number)s was registered.") % {
        "number": slip.document.number
    }


def _write_outsourcing_issue(slip, rows, order, actor):
    """The outsourcing issue slip, written for the outsourcing coordinator by the
    statistician who registers the transfer (the stock service admits only the kind's
    writers, and the statistician is not one): the same checks, book, scope and lines."""
    rules = rules_for(SlipKind.OUTSOURCING_ISSUE)
    validation.validate_header(rules, slip.workshop, slip.outsourcer, "")
    cleaned = validation.validate_lines(rules, slip.warehouse, rows)
    scope_key, co_scope_key = slip_services.document_scope(slip.warehouse, slip.workshop)
    book = papers.book_for(
        rules.slip_type, Scope.supplier(slip.outsourcer), timezone.localdate(), actor=actor
    )
    first = cleaned[0]
    title = f"{first['item'].name} × {first['quantity'].normalize():f}"
    if len(cleaned) > 1:
        title += _(" and %(count)s more") % {"count": len(cleaned) - 1}
    document = numbering.open_document(
        actor=actor,
        book=book,
        title=title[:200],
        scope_key=scope_key,
        co_scope_key=co_scope_key,
    )
    stock_slip = StockSlip.objects.create(
        document=document,
        kind=rules.kind,
        warehouse=slip.warehouse,
        workshop=slip.workshop,
        partner=slip.outsourcer,
        order=order,
        explanation=_written_for(slip),
    )
    SlipLine.objects.bulk_create(
        SlipLine(slip=stock_slip, position=position, **row)
        for position, row in enumerate(cleaned, start=1)
    )
    texts = [document.number, title, slip.outsourcer.name, slip.document.number]
    texts += [row["batch_number"] for row in cleaned] + [row["item"].code for row in cleaned]
    document.search_text = search_key(*dict.fromkeys(texts))
    document.save(update_fields=["search_text"])
    audit.record(
        actor=actor,
        action="slip.write",
        obj=stock_slip,
        after={
            "kind": rules.kind,
            "transfer": slip.document.number,
            "lines": [
                {"item": row["item"].code, "quantity": str(row["quantity"])} for row in cleaned
            ],
        },
    )
    return stock_slip


# ---------------------------------------------------------------- where the parts are
def place_lines(slip, lines):
    """The stock posting's place hook (see the module docstring)."""
    transfer = TransferSlip.objects.filter(stock_slip=slip).select_related("workshop").first()
    if transfer is not None:
        if slip.kind == SlipKind.PRODUCTION_RECEIPT:
            held = places.receiving_place(transfer.workshop)
        elif slip.kind == SlipKind.OUTSOURCING_ISSUE:
            held = places.dispatch_place(transfer.workshop)
        else:
            return
        for line in lines:
            line.from_location = held
        return
    if slip.kind == SlipKind.PURCHASED_RECEIPT:
        _lots_come_back(slip, lines)


def _lots_come_back(slip, lines):
    """What comes back of a lot from its outsourcer goes on to its next operation."""
    outsourcer = outsourcing.outsourcer_location(slip)
    if outsourcer is None:
        return
    held = {}
    for balance in StockBalance.objects.filter(
        location=outsourcer, quantity__gt=0, batch__lot__isnull=False
    ).select_related("batch__lot__document"):
        held.setdefault(balance.item_id, []).append(balance.batch)
    for line in lines:
        batches = held.get(line.item_id)
        if not batches:
            continue
        if line.batch is None:
            if len(batches) > 1:
                raise DomainError(
                    _(
                        "Line %(line)s: %(outsourcer)s holds %(item)s of lots %(lots)s; give "
                        "the lot number as the batch number so the parts go on with their lot."
                    )
                    % {
                        "line": line.position,
                        "outsourcer": outsourcer,
                        "item": line.item.name,
                        "lots": "、".join(batch.number for batch in batches),
                    },
                    field=f"lines[{line.position}].batch_number",
                )
            line.batch = batches[0]
        lot = Lot.objects.filter(batch=line.batch).first()
        if lot is not None:
            line.to_location = return_place(lot, outsourcer) or line.to_location


def return_place(lot, outsourcer):
    """Where the lot's parts go when they come back from `outsourcer`: the operation after
    the one done outside, or the waiting area after the lot's last operation."""
    sent = (
        TransferLine.objects.filter(
            lot=lot,
            slip__destination=Destination.OUTSIDE,
            slip__document__status="posted",
            to_step__isnull=False,
        )
        .select_related("to_step__workshop", "slip__outsourcer")
        .order_by("-slip__document__posted_at", "-pk")
    )
    for line in sent:
        if places.outsourcer_place(line.slip.outsourcer) != outsourcer:
            continue
        after = lot.steps.filter(sequence__gt=line.to_step.sequence).order_by("sequence").first()
        if after is not None:
            return after.location
        return places.waiting_area(line.to_step.workshop)
    return None
