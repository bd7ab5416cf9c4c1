"""Delivery notes move stock (D2-5, D5-3.5; invariant 1): the goods a delivery note
(送货单) ships leave the warehouse that manages them for the customer through the
stock ledger, and a customer return (退货) brings them back.

Sales sits below stock and never imports it: `connect()` (StockConfig.ready) registers
`ship` and `take_back` with the delivery-note service, which runs them inside the
transaction that writes or voids the note, so a refusal here changes nothing.

The rule:
  - an item that no warehouse manages is not stock we keep (a garment shipped straight
    from the contracted factory, D5-7): its line moves nothing;
  - otherwise the line's quantity leaves the storage places of the warehouses that
    manage the item (the finished-goods warehouse 成品库), the batch named on the line,
    or first-expiry-first-out over every batch and place (D5-2.1); too little on hand
    is refused with the figures: item, place, on hand, wanted;
  - a customer return comes back to the place (and batch) the order's last shipment of
    the item left from, or the named batch; into the first storage place when none;
  - voiding the note appends the opposite of each of its moves (`ledger.reverse_moves`).
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import F, Sum
from django.utils.translation import gettext as _

from gendan.core.errors import DomainError
from gendan.core.models import Document
from gendan.sales.models import DeliveryNote, DeliveryNoteLine
from gendan.sales.services import deliveries
from gendan.stock import ledger
from gendan.stock.locations import standard_location
from gendan.stock.models import Batch, Location, StockBalance, StockMove, WarehouseItem

CUSTOMER_CODE = "CUSTOMER-OUT"


def connect():
    """Register the shipping handlers and the check (once per process)."""
    from gendan.core import integrity

    deliveries.register_stock_handlers(
        ship=ship_delivery_note,
        take_back=take_back_delivery_note,
        batches_on_hand=batches_on_hand,
    )
    integrity.register("delivery notes equal their stock moves", delivery_notes_match_ledger)


def ship_delivery_note(*, delivery_note, actor):
    """Append the moves of `delivery_note` (or of a customer return); see the module rule."""
    customer = standard_location(CUSTOMER_CODE)
    is_return = delivery_note.kind == DeliveryNote.Kind.RETURN
    moves = []
    for line in delivery_note.lines.select_related("order_line__item__unit"):
        places = warehouse_places(line.order_line.item)
        if not places:
            continue
        if is_return:
            moves.append(_return_move(delivery_note, line, places, customer))
        else:
            moves += _issue_moves(line, places, customer)
    if moves:
        ledger.post_moves(
            actor=actor, moves=moves, document=delivery_note.document, order=delivery_note.order
        )


def take_back_delivery_note(*, delivery_note, actor):
    """A voided note's goods go back where they came from (a voided return: out again)."""
    document = delivery_note.document
    if StockMove.objects.filter(document=document, reverses__isnull=True).exists():
        ledger.reverse_moves(actor=actor, original_document=document, reversing_document=document)


def warehouse_places(item):
    """The active storage places of the warehouses that manage `item`, by code."""
    warehouses = WarehouseItem.objects.filter(item=item).values("warehouse_id")
    return list(
        Location.objects.filter(
            kind=Location.Kind.WAREHOUSE, is_active=True, warehouse_id__in=warehouses
        ).order_by("code")
    )


def batches_on_hand(item_ids):
    """{item id: [(batch number, expiry date, quantity)]} of each item's batches in the
    warehouses that manage it, soonest expiry first (what a delivery line may choose)."""
    managed = WarehouseItem.objects.filter(item_id__in=item_ids).values("warehouse_id")
    rows = (
        StockBalance.objects.filter(
            item_id__in=item_ids,
            quantity__gt=0,
            batch__isnull=False,
            location__kind=Location.Kind.WAREHOUSE,
            location__warehouse_id__in=managed,
        )
        .values_list("item_id", "batch__number", "batch__expires_on")
        .annotate(total=Sum("quantity"))
        .order_by("item_id", F("batch__expires_on").asc(nulls_last=True), "batch__number")
    )
    found = defaultdict(list)
    for item_id, number, expires_on, total in rows:
        found[item_id].append((number, expires_on, total))
    return dict(found)


def _issue_moves(line, places, customer):
    item = line.order_line.item
    batch = _named_batch(line, item)
    balances = StockBalance.objects.filter(item=item, location__in=places, quantity__gt=0)
    if batch is not None:
        balances = balances.filter(batch=batch)
    balances = balances.select_related("batch", "location").order_by(
        F("batch__expires_on").asc(nulls_last=True), "batch__number", "batch_key", "location__code"
    )
    wanted, moves = line.quantity, []
    for row in balances:
        if wanted <= 0:
            break
        take = min(wanted, row.quantity)
        moves.append(ledger.Move(item, take, row.location, customer, row.batch))
        wanted -= take
    if wanted > 0:
        raise _short(line, item, places, batch, line.quantity - wanted)
    return moves


def _named_batch(line, item):
    if not line.batch_number:
        return None
    batch = Batch.objects.filter(item=item, number=line.batch_number).first()
    if batch is None:
        raise DomainError(
            _("Line %(row)s: %(item)s has no batch %(batch)s.")
            % {"row": line.order_line.position, "item": item, "batch": line.batch_number},
            field=f"lines[{line.order_line.position}].batch_number",
        )
    return batch


def _short(line, item, places, batch, on_hand):
    warehouses = list(dict.fromkeys(str(place.warehouse) for place in places))
    return ledger.InsufficientStock(
        _(
            "Line %(row)s: not enough %(item)s at %(place)s%(batch)s: %(on_hand)s on hand, "
            "%(wanted)s wanted, %(short)s short. Nothing was shipped."
        )
        % {
            "row": line.order_line.position,
            "item": f"{item.code} {item.name}",
            "place": "、".join(warehouses),
            "batch": _(" (batch %(batch)s)") % {"batch": batch.number} if batch else "",
            "on_hand": _figure(on_hand, item),
            "wanted": _figure(line.quantity, item),
            "short": _figure(line.quantity - on_hand, item),
        },
        field=f"lines[{line.order_line.position}].quantity",
    )


def _figure(quantity, item):
    return f"{quantity.quantize(Decimal(1).scaleb(-item.unit.decimals))} {item.unit}"


def _return_move(delivery_note, line, places, customer):
    """Back to where the order's last shipment of the item left from, in its batch
    (or the batch the return names)."""
    item = line.order_line.item
    batch = _named_batch(line, item)
    last = (
        StockMove.objects.filter(
            order=delivery_note.order,
            item=item,
            to_location=customer,
            from_location__in=[place.pk for place in places],
        )
        .exclude(document=delivery_note.document)
        .order_by("-pk")
        .first()
    )
    place = places[0]
    if last is not None:
        place = next((p for p in places if p.pk == last.from_location_id), place)
        if batch is None and last.batch_id:
            batch = Batch.objects.get(pk=last.batch_id)
    return ledger.Move(item, line.quantity, customer, place, batch)


# ---------------------------------------------------------------- gendan check
def delivery_notes_match_ledger():
    """Every delivery note that moved stock moved exactly its lines to the customer (a
    return: back from the customer), and a voided note's moves net to nothing."""
    moved = _net_to_customers()
    expected = _expected_by_notes(set(moved.keys()))
    for key in sorted(moved.keys() | expected.keys()):
        if moved.get(key, Decimal(0)) != expected.get(key, Decimal(0)):
            document_id, item_id = key
            yield (
                f"delivery note document {document_id} item {item_id}: the ledger ships "
                f"{moved.get(key, 0)}, its lines say {expected.get(key, 0)}"
            )


def _net_to_customers():
    """{(document id, item id): net quantity moved to customer places} of delivery notes."""
    net = defaultdict(Decimal)
    moves = StockMove.objects.filter(
        document__slip_type=deliveries.DELIVERY_NOTE_SLIP_TYPE
    ).order_by()
    for direction, sign in (("to_location__kind", 1), ("from_location__kind", -1)):
        rows = (
            moves.filter(**{direction: Location.Kind.CUSTOMER})
            .values_list("document_id", "item_id")
            .annotate(total=Sum("quantity"))
        )
        for document_id, item_id, total in rows:
            net[(document_id, item_id)] += sign * total
    return net


def _expected_by_notes(keys):
    """What the lines of the notes say should have moved, for the (document, item) keys
    that moved stock."""
    documents = {document_id for document_id, _item in keys}
    expected = defaultdict(Decimal)
    lines = DeliveryNoteLine.objects.filter(delivery_note__document_id__in=documents).values_list(
        "delivery_note__document_id",
        "delivery_note__document__status",
        "delivery_note__kind",
        "order_line__item_id",
        "quantity",
    )
    for document_id, status, kind, item_id, quantity in lines:
        if (document_id, item_id) not in keys or status == Document.Status.VOIDED:
            continue  # an item no warehouse kept moves nothing; a voided note nets to 0
        sign = -1 if kind == DeliveryNote.Kind.RETURN else 1
        expected[(document_id, item_id)] += sign * quantity
    return expected
