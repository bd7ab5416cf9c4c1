"""The stock ledger API (invariant 1): append moves, keep balances, refuse overdrafts.

Every write to stock goes through `post_moves` or `reverse_moves`. Moves are appended
(never changed); each (item, location, batch) balance changes by ONE atomic UPDATE per
call, so concurrent postings never lose an update. A decrement carries its own guard
(`quantity >= x`), so two issues racing for the last pieces cannot both succeed.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.catalog.models import Item, Unit
from gendan.core import audit
from gendan.core.errors import DomainError, InvalidTransition
from gendan.stock.models import Batch, Location, StockBalance, StockMove


@dataclass(frozen=True)
class Move:
    item: object
    quantity: Decimal
    from_location: object
    to_location: object
    batch: object = None


class InsufficientStock(DomainError):
    status_code = 409


class ManagedStockLeavesOnlyByIssue(DomainError):
    """D1-3.9: stock that entered warehouse management leaves only by an issue slip."""

    status_code = 409


_issue_slip_types = set()


def register_issue_slip_type(slip_type):
    """Declare a slip type whose documents may take stock out of warehouse management."""
    _issue_slip_types.add(slip_type)


def issue_slip_types():
    return frozenset(_issue_slip_types)


# ---------------------------------------------------------------- validation
def _validate(moves, document):
    may_issue = document is not None and document.slip_type in _issue_slip_types
    units = Unit.objects.in_bulk({move.item.unit_id for move in moves})
    for index, move in enumerate(moves, start=1):
        _validate_quantity(index, move, units[move.item.unit_id])
        if move.from_location.pk == move.to_location.pk:
            raise DomainError(
                _("Line %(line)s: %(item)s moves from %(loc)s to the same place.")
                % {"line": index, "item": move.item, "loc": move.from_location},
                field="to_location",
            )
        if move.batch is not None and move.batch.item_id != move.item.pk:
            raise DomainError(
                _("Line %(line)s: batch %(batch)s belongs to another item than %(item)s.")
                % {"line": index, "batch": move.batch, "item": move.item},
                field="batch",
            )
        if (
            move.from_location.is_warehouse_managed
            and not move.to_location.is_warehouse_managed
            and not may_issue
        ):
            raise ManagedStockLeavesOnlyByIssue(
                _(
                    "Line %(line)s: %(item)s is under warehouse management at %(loc)s and may "
                    "leave it only through an issue slip (D1-3.9)."
                )
                % {"line": index, "item": move.item, "loc": move.from_location}
            )


def _validate_quantity(index, move, unit):
    quantity = move.quantity
    decimals = unit.decimals
    if not isinstance(quantity, Decimal) or not quantity.is_finite() or quantity <= 0:
        raise DomainError(
            _("Line %(line)s: the quantity of %(item)s must be a positive number, not %(q)s.")
            % {"line": index, "item": move.item, "q": quantity},
            field="quantity",
        )
    if quantity != quantity.quantize(Decimal(1).scaleb(-decimals)):
        raise DomainError(
            _(
                "Line %(line)s: %(item)s is counted in %(unit)s with %(decimals)s decimal "
                "places; %(q)s has more."
            )
            % {
                "line": index,
                "item": move.item,
                "unit": unit,
                "decimals": decimals,
                "q": quantity,
            },
            field="quantity",
        )


# ---------------------------------------------------------------- posting
def post_moves(*, actor, moves, document=None, order=None, at=None):
    """Append `moves` and change the balances in one transaction; refuse the whole
    posting if a location that may not go negative would fall below zero (invariant 1)."""
    moves = list(moves)
    if not moves:
        return []
    _validate(moves, document)
    at = at or timezone.now()
    rows = [
        StockMove(
            item_id=move.item.pk,
            batch_id=move.batch.pk if move.batch is not None else None,
            quantity=move.quantity,
            from_location_id=move.from_location.pk,
            to_location_id=move.to_location.pk,
            document=document,
            order=order,
            at=at,
            actor=actor,
        )
        for move in moves
    ]
    return _append(actor=actor, rows=rows, document=document, action="stock.post")


def _append(*, actor, rows, document, action):
    locations = {}
    for row in rows:
        locations[row.from_location_id] = None
        locations[row.to_location_id] = None
    with transaction.atomic():
        negative_ok = set(
            Location.objects.filter(pk__in=locations, allows_negative=True).values_list(
                "pk", flat=True
            )
        )
        created = StockMove.objects.bulk_create(rows, batch_size=2000)
        _apply(_deltas(rows), negative_ok)
        audit.record(
            actor=actor,
            action=action,
            obj=document,
            after={"moves": len(rows), "quantity": str(sum(r.quantity for r in rows))},
        )
    return created


def _deltas(rows):
    """The net change per (item, location, batch_key) of a set of moves."""
    deltas = defaultdict(Decimal)
    for row in rows:
        batch_key = row.batch_id or 0
        deltas[(row.item_id, row.from_location_id, batch_key)] -= row.quantity
        deltas[(row.item_id, row.to_location_id, batch_key)] += row.quantity
    return {key: delta for key, delta in deltas.items() if delta != 0}


def _apply(deltas, negative_ok):
    """Guarded decrements first, then the rest as upserts, each in key order (a fixed lock
    order, so two postings never deadlock). A guarded key needs an existing row with
    enough on hand; every other key is created on first use by the upsert."""
    guarded, unguarded = {}, {}
    for key, delta in sorted(deltas.items()):
        is_guarded = delta < 0 and key[1] not in negative_ok
        (guarded if is_guarded else unguarded)[key] = delta
    if guarded:
        _decrement_guarded(list(guarded.items()))
    if unguarded:
        _upsert(unguarded)


_KEY = "item_id = %s AND location_id = %s AND batch_key = %s"


def _table():
    return connection.ops.quote_name(StockBalance._meta.db_table)


def _decrement_guarded(guarded):
    """`quantity >= wanted` in the WHERE makes check and decrement one atomic statement;
    a key that updated no row had too little on hand. When the batch falls short, redo it
    key by key to name the first shortage."""
    sql = f"UPDATE {_table()} SET quantity = quantity - %s WHERE {_KEY} AND quantity >= %s"
    params = [(-delta, *key, -delta) for key, delta in guarded]
    savepoint = transaction.savepoint()
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
        updated = cursor.rowcount
    if updated == len(guarded):
        transaction.savepoint_commit(savepoint)
        return
    transaction.savepoint_rollback(savepoint)
    with connection.cursor() as cursor:
        for (key, delta), row in zip(guarded, params, strict=True):
            cursor.execute(sql, row)
            if cursor.rowcount == 0:
                raise _insufficient(*key, -delta)


def _insufficient(item_id, location_id, batch_key, wanted):
    item = Item.objects.get(pk=item_id)
    location = Location.objects.get(pk=location_id)
    batch = Batch.objects.filter(pk=batch_key).first() if batch_key else None
    on_hand = balance(item, location, batch)
    return InsufficientStock(
        _(
            "Not enough %(item)s at %(location)s%(batch)s: %(on_hand)s on hand, "
            "%(wanted)s wanted, %(short)s short."
        )
        % {
            "item": f"{item.code} {item.name}",
            "location": location,
            "batch": _(" (batch %(batch)s)") % {"batch": batch.number} if batch else "",
            "on_hand": _figure(on_hand, item),
            "wanted": _figure(wanted, item),
            "short": _figure(wanted - on_hand, item),
        },
        field="quantity",
    )


def _figure(quantity, item):
    return f"{quantity.quantize(Decimal(1).scaleb(-item.unit.decimals))} {item.unit}"


# ---------------------------------------------------------------- reversal
def reverse_moves(*, actor, original_document, reversing_document):
    """Append the opposite of every move of `original_document`, each pointing at the
    move it reverses. A document is reversed once only; balances follow the same rules."""
    with transaction.atomic():
        originals = list(
            StockMove.objects.select_for_update(of=("self",))
            .filter(document=original_document, reverses__isnull=True)
            .order_by("pk")
        )
        if not originals:
            raise InvalidTransition(
                _("%(number)s moved no stock; there is nothing to reverse.")
                % {"number": original_document.number}
            )
        if StockMove.objects.filter(reverses__in=originals).exists():
            raise InvalidTransition(
                _("%(number)s has already been reversed.") % {"number": original_document.number}
            )
        at = timezone.now()
        rows = [
            StockMove(
                item_id=move.item_id,
                batch_id=move.batch_id,
                quantity=move.quantity,
                from_location_id=move.to_location_id,
                to_location_id=move.from_location_id,
                document=reversing_document,
                order_id=move.order_id,
                reverses=move,
                at=at,
                actor=actor,
            )
            for move in originals
        ]
        return _append(actor=actor, rows=rows, document=reversing_document, action="stock.reverse")


# ---------------------------------------------------------------- reading
def balance(item, location, batch=None):
    """On hand of one item, location and batch: one indexed lookup."""
    quantity = (
        StockBalance.objects.filter(
            item_id=_pk(item), location_id=_pk(location), batch_key=_pk(batch) or 0
        )
        .values_list("quantity", flat=True)
        .first()
    )
    return quantity if quantity is not None else Decimal(0)


def on_hand(item, location):
    """On hand of one item at one location, over all batches."""
    total = StockBalance.objects.filter(item_id=_pk(item), location_id=_pk(location)).aggregate(
        total=Sum("quantity")
    )["total"]
    return total if total is not None else Decimal(0)


def _pk(obj):
    return getattr(obj, "pk", obj)


# ---------------------------------------------------------------- bulk loading
def load_moves(*, actor, rows, at=None, document=None):
    """Append many already-validated moves whose source may go negative (opening stock):
    rows are (item_id, batch_id or None, quantity, from_location_id, to_location_id).
    Moves go in with executemany; each balance changes by one atomic upsert
    (`quantity = quantity + excluded.quantity`), so nothing is read and rewritten."""
    at = at or timezone.now()
    moves_table = connection.ops.quote_name(StockMove._meta.db_table)
    columns = (
        "item_id, batch_id, quantity, from_location_id, to_location_id, document_id, at, actor_id"
    )
    at_value = connection.ops.adapt_datetimefield_value(at)
    document_id = document.pk if document is not None else None
    with transaction.atomic():
        negative_ok = set(
            Location.objects.filter(allows_negative=True).values_list("pk", flat=True)
        )
        if any(row[3] not in negative_ok for row in rows):
            raise DomainError(
                _("Bulk loading takes stock only from a location that may go negative.")
            )
        with connection.cursor() as cursor:
            for start in range(0, len(rows), 20_000):
                cursor.executemany(
                    f"INSERT INTO {moves_table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                    [
                        (*row, document_id, at_value, actor.pk)
                        for row in rows[start : start + 20_000]
                    ],
                )
        deltas = defaultdict(Decimal)
        for item_id, batch_id, quantity, from_id, to_id in rows:
            deltas[(item_id, from_id, batch_id or 0)] -= quantity
            deltas[(item_id, to_id, batch_id or 0)] += quantity
        _upsert(deltas)
        audit.record(actor=actor, action="stock.load", obj=document, after={"moves": len(rows)})
    return len(rows)


def _upsert(deltas):
    sql = (
        f"INSERT INTO {_table()} (item_id, location_id, batch_id, batch_key, quantity) "
        "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (item_id, location_id, batch_key) "
        "DO UPDATE SET quantity = " + _table() + ".quantity + excluded.quantity"
    )
    params = [
        (item_id, location_id, batch_key or None, batch_key, delta)
        for (item_id, location_id, batch_key), delta in sorted(deltas.items())
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(params), 20_000):
            cursor.executemany(sql, params[start : start + 20_000])
