"""The stock ledger API (invariant 1): append moves, keep balances, refuse overdrafts.

Every write to stock goes through `post_moves` or `reverse_moves`. Moves are appended
(never changed); each (item, location, batch) balance changes by ONE atomic UPDATE per
call, so concurrent postings never lose an update. A decrement carries its own guard
(`quantity >= x`), so two issues racing for the last pieces cannot both succeed.
"""

import weakref
from collections import defaultdict
from dataclasses import dataclass
from decimal import Context, Decimal
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.catalog.models import Item, Unit
from gendan.core import audit, papers
from gendan.core.errors import DomainError, InvalidTransition
from gendan.core.parsing import column_of, parse_quantity
from gendan.stock.models import Batch, Location, StockBalance, StockMove

QUANTITY_COLUMN = column_of(StockMove, "quantity")


@dataclass(frozen=True)
class Move:
    item: object
    quantity: Decimal
    from_location: object
    to_location: object
    batch: object = None


class MoveRow(NamedTuple):
    """One move as it is written: ids only, so thousands are appended without building
    a model instance each."""

    item_id: int
    batch_id: int | None
    quantity: Decimal
    from_location_id: int
    to_location_id: int
    document_id: int | None = None
    order_id: int | None = None
    reverses_id: int | None = None


class InsufficientStock(DomainError):
    status_code = 409


class ManagedStockLeavesOnlyByIssue(DomainError):
    """D1-3.9: stock that entered warehouse management leaves only by an issue slip."""

    status_code = 409


# ---------------------------------------------------------------- validation
def _validate(moves, document):
    may_issue = document is not None and papers.issues_stock(document.slip_type)
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
    # Only Decimals reach the ledger: anything else is refused as "not a number".
    quantity = move.quantity if isinstance(move.quantity, Decimal) else None
    parse_quantity(
        quantity,
        unit=unit,
        field="quantity",
        label=_LineLabel(index, move.item),
        column=QUANTITY_COLUMN,
    )


class _LineLabel:
    """The label "Line n: quantity of <item>", put into words only when a refusal quotes
    it (not for each of the thousands of moves that pass)."""

    __slots__ = ("index", "item")

    def __init__(self, index, item):
        self.index, self.item = index, item

    def __str__(self):
        return _("Line %(line)s: quantity of %(item)s") % {"line": self.index, "item": self.item}


# ---------------------------------------------------------------- posting
def post_moves(*, actor, moves, document=None, order=None, at=None):
    """Append `moves` and change the balances in one transaction; refuse the whole
    posting if a location that may not go negative would fall below zero (invariant 1).
    Returns how many moves were appended."""
    moves = list(moves)
    if not moves:
        return 0
    _validate(moves, document)
    at = at or timezone.now()
    document_id = document.pk if document is not None else None
    order_id = order.pk if order is not None else None
    rows = [
        MoveRow(
            item_id=move.item.pk,
            batch_id=move.batch.pk if move.batch is not None else None,
            quantity=move.quantity,
            from_location_id=move.from_location.pk,
            to_location_id=move.to_location.pk,
            document_id=document_id,
            order_id=order_id,
        )
        for move in moves
    ]
    return _append(actor=actor, rows=rows, document=document, at=at, action="stock.post")


def _append(*, actor, rows, document, at, action):
    """Insert the moves and apply their net change to the balances; return how many."""
    locations = {row.from_location_id for row in rows} | {row.to_location_id for row in rows}
    with transaction.atomic():
        negative_ok = set(
            Location.objects.filter(pk__in=locations, allows_negative=True).values_list(
                "pk", flat=True
            )
        )
        _insert_moves(rows, at=at, actor=actor)
        _apply(_deltas(rows), negative_ok)
        audit.record(
            actor=actor,
            action=action,
            obj=document,
            after={"moves": len(rows), "quantity": str(sum(r.quantity for r in rows))},
        )
    return len(rows)


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


def _is_postgresql():
    return connection.vendor == "postgresql"


# On PostgreSQL a whole posting's balance changes travel as four arrays and are applied
# by one set-based statement; on SQLite (in-process, no round trips) executemany of a
# prepared statement is as fast.
_PG_DELTAS = "unnest(%s::bigint[], %s::bigint[], %s::bigint[], %s::numeric[]) AS d(i, l, b, q)"


def _as_arrays(pairs):
    """[(key, amount)] → four parallel lists, as _PG_DELTAS takes them."""
    return [
        [key[0] for key, _amount in pairs],
        [key[1] for key, _amount in pairs],
        [key[2] for key, _amount in pairs],
        [amount for _key, amount in pairs],
    ]


def _decrement_guarded(guarded):
    """`quantity >= wanted` in the WHERE makes check and decrement one atomic statement;
    a key that updated no row had too little on hand. When the batch falls short, redo it
    key by key to name the first shortage."""
    sql = f"UPDATE {_table()} SET quantity = quantity - %s WHERE {_KEY} AND quantity >= %s"
    params = [(-delta, *key, -delta) for key, delta in guarded]
    savepoint = transaction.savepoint()
    with connection.cursor() as cursor:
        if _is_postgresql():
            updated = _decrement_guarded_pg(cursor, guarded)
        else:
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


def _decrement_guarded_pg(cursor, guarded):
    """Lock the rows in key order first (so concurrent postings queue instead of
    deadlocking), then decrement them all with the guard in one UPDATE."""
    table = _table()
    arrays = _as_arrays([(key, -delta) for key, delta in guarded])
    match = "t.item_id = d.i AND t.location_id = d.l AND t.batch_key = d.b"
    cursor.execute(
        f"SELECT t.id FROM {table} t JOIN {_PG_DELTAS} ON {match} "
        "ORDER BY t.item_id, t.location_id, t.batch_key FOR UPDATE OF t",
        arrays,
    )
    cursor.execute(
        f"UPDATE {table} t SET quantity = t.quantity - d.q FROM {_PG_DELTAS} "
        f"WHERE {match} AND t.quantity >= d.q",
        arrays,
    )
    return cursor.rowcount


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
        rows = [
            MoveRow(
                item_id=move.item_id,
                batch_id=move.batch_id,
                quantity=move.quantity,
                from_location_id=move.to_location_id,
                to_location_id=move.from_location_id,
                document_id=reversing_document.pk,
                order_id=move.order_id,
                reverses_id=move.pk,
            )
            for move in originals
        ]
        return _append(
            actor=actor,
            rows=rows,
            document=reversing_document,
            at=timezone.now(),
            action="stock.reverse",
        )


# ---------------------------------------------------------------- reading
def balance(item, location, batch=None):
    """On hand of one item, location and batch: one indexed lookup by a prepared
    statement on the database connection (no ORM query is built: at a few tenths of a
    millisecond per lookup, building one would cost more than the lookup itself)."""
    params = (_pk(item), _pk(location), _pk(batch) or 0)
    connection.ensure_connection()
    if _is_postgresql():
        quantity = _balance_pg(connection.connection, params)
    else:
        quantity = _balance_sqlite(connection.connection, params)
    return quantity if quantity is not None else Decimal(0)


_BALANCE_SQL = (
    f"SELECT quantity FROM {StockBalance._meta.db_table} "
    "WHERE item_id = {0} AND location_id = {1} AND batch_key = {2}"
)
_PG_BALANCE = "gendan_stock_balance"
_prepared_on = weakref.WeakSet()  # the PostgreSQL connections that hold _PG_BALANCE


def _balance_pg(raw_connection, params):
    """PREPAREd once per database session, then EXECUTEd with the three numbers: the
    server neither parses nor plans the lookup again. (Django's psycopg connections do
    not prepare statements themselves; a PREPARE outlives a rolled-back transaction.)"""
    with raw_connection.cursor() as cursor:
        if raw_connection not in _prepared_on:
            cursor.execute(
                f"PREPARE {_PG_BALANCE} (bigint, bigint, bigint) AS "
                + _BALANCE_SQL.format("$1", "$2", "$3")
            )
            _prepared_on.add(raw_connection)
        cursor.execute(f"EXECUTE {_PG_BALANCE} (%s, %s, %s)", params)
        row = cursor.fetchone()
    return row[0] if row else None


_DECIMAL_PLACES = Decimal(1).scaleb(-StockBalance._meta.get_field("quantity").decimal_places)
_FROM_FLOAT = Context(prec=15).create_decimal_from_float
_SQLITE_BALANCE = _BALANCE_SQL.format("?", "?", "?")


def _balance_sqlite(raw_connection, params):
    """sqlite3 keeps the statement prepared in its statement cache. SQLite hands back an
    int or a float: rounded as Django rounds it (15 significant digits, 4 places)."""
    row = raw_connection.execute(_SQLITE_BALANCE, params).fetchone()
    return _FROM_FLOAT(row[0]).quantize(_DECIMAL_PLACES) if row else None


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
    Moves are appended in bulk (COPY on PostgreSQL); each balance changes by one atomic
    upsert (`quantity = quantity + excluded.quantity`), so nothing is read and rewritten."""
    at = at or timezone.now()
    document_id = document.pk if document is not None else None
    with transaction.atomic():
        negative_ok = set(
            Location.objects.filter(allows_negative=True).values_list("pk", flat=True)
        )
        if any(row[3] not in negative_ok for row in rows):
            raise DomainError(
                _("Bulk loading takes stock only from a location that may go negative.")
            )
        if _is_postgresql():
            _load_pg(rows, document_id=document_id, at=at, actor=actor)
        else:
            move_rows = [MoveRow(*row, document_id=document_id) for row in rows]
            _insert_moves(move_rows, at=at, actor=actor)
            _upsert(_deltas(move_rows))
        audit.record(actor=actor, action="stock.load", obj=document, after={"moves": len(rows)})
    return len(rows)


def _load_pg(rows, *, document_id, at, actor):
    """PostgreSQL: the rows travel once, by COPY, into a temporary table; the moves and
    the net balance changes are then written from it by two set-based statements."""
    moves = connection.ops.quote_name(StockMove._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE gendan_stock_load (item_id bigint, batch_id bigint, "
            "quantity numeric, from_location_id bigint, to_location_id bigint) ON COMMIT DROP"
        )
        with cursor.cursor.copy("COPY gendan_stock_load FROM STDIN") as copy:
            for first in range(0, len(rows), 10_000):
                copy.write("".join(_copy_line(row) for row in rows[first : first + 10_000]))
        cursor.execute(
            f"INSERT INTO {moves} ({_MOVE_COLUMNS}) SELECT item_id, batch_id, quantity, "
            "from_location_id, to_location_id, %s, NULL, NULL, %s, %s FROM gendan_stock_load",
            [document_id, at, actor.pk],
        )
        cursor.execute(
            f"INSERT INTO {_table()} (item_id, location_id, batch_id, batch_key, quantity) "
            "SELECT item_id, location_id, batch_id, COALESCE(batch_id, 0), SUM(quantity) FROM ("
            "SELECT item_id, to_location_id AS location_id, batch_id, quantity "
            "FROM gendan_stock_load UNION ALL "
            "SELECT item_id, from_location_id, batch_id, -quantity FROM gendan_stock_load"
            ") AS flows GROUP BY item_id, location_id, batch_id HAVING SUM(quantity) <> 0 "
            "ORDER BY item_id, location_id, COALESCE(batch_id, 0) "
            "ON CONFLICT (item_id, location_id, batch_key) "
            f"DO UPDATE SET quantity = {_table()}.quantity + excluded.quantity"
        )
        cursor.execute("DROP TABLE gendan_stock_load")


def _copy_line(row):
    """One row in COPY's text format; every value is a number (or NULL)."""
    item_id, batch_id, quantity, from_id, to_id = row
    batch = "\\N" if batch_id is None else batch_id
    return f"{item_id}\t{batch}\t{quantity}\t{from_id}\t{to_id}\n"


_MOVE_COLUMNS = (
    "item_id, batch_id, quantity, from_location_id, to_location_id, document_id, order_id, "
    "reverses_id, at, actor_id"
)


def _insert_moves(rows, *, at, actor):
    """Append the moves: COPY on PostgreSQL, a prepared executemany on SQLite."""
    table = connection.ops.quote_name(StockMove._meta.db_table)
    at_value = connection.ops.adapt_datetimefield_value(at)
    with connection.cursor() as cursor:
        if _is_postgresql():
            with cursor.cursor.copy(f"COPY {table} ({_MOVE_COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row, at_value, actor.pk))
            return
        sql = f"INSERT INTO {table} ({_MOVE_COLUMNS}) VALUES ({', '.join(['%s'] * 10)})"
        for first in range(0, len(rows), 20_000):
            cursor.executemany(
                sql, [(*row, at_value, actor.pk) for row in rows[first : first + 20_000]]
            )


def _upsert(deltas):
    table = _table()
    insert = f"INSERT INTO {table} (item_id, location_id, batch_id, batch_key, quantity) "
    conflict = (
        " ON CONFLICT (item_id, location_id, batch_key) "
        f"DO UPDATE SET quantity = {table}.quantity + excluded.quantity"
    )
    pairs = sorted(deltas.items())
    with connection.cursor() as cursor:
        if _is_postgresql():
            cursor.execute(
                f"{insert}SELECT d.i, d.l, NULLIF(d.b, 0), d.b, d.q FROM {_PG_DELTAS} "
                f"ORDER BY d.i, d.l, d.b{conflict}",
                _as_arrays(pairs),
            )
            return
        params = [
            (item, location, key or None, key, delta) for (item, location, key), delta in pairs
        ]
        for first in range(0, len(params), 20_000):
            cursor.executemany(
                f"{insert}VALUES (%s, %s, %s, %s, %s){conflict}", params[first : first + 20_000]
            )
