"""Batches and expiry (D5-2.1): batch numbers on receipt, first-expiry-first-out, near expiry."""

import datetime
import json
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import policies
from gendan.core.errors import DomainError
from gendan.stock.ledger import InsufficientStock, on_hand
from gendan.stock.models import Batch, StockBalance
from gendan.stock.policies import NEAR_EXPIRY_DAYS


def ensure_batches(wanted, received_on):
    """Batch ids by (item id, number) for `wanted` ({(item id, number): expiry}), the
    missing ones created (an existing batch keeps its expiry); see find_or_create_batches."""
    rows = _find_or_create_rows(wanted, create=True, received_on=received_on)
    ids = {(item_id, number): pk for pk, item_id, number, *_rest in rows}
    for key in wanted.keys() - ids.keys():  # created by a concurrent receipt meanwhile
        ids[key] = Batch.objects.get(item_id=key[0], number=key[1]).pk
    return {key: ids[key] for key in wanted}


def _date_value(value):
    return connection.ops.adapt_datefield_value(value)


def batches_of_lines(entries, *, create):
    """The batch of each slip line at once, by position: entries are (position, item,
    batch number, expiry). With `create` (a receipt), batches not yet known are created
    and a known batch must keep its expiry date; without (an issue), every named batch
    must exist. The batches are found and created by one set-based statement."""
    wanted = {}
    for _position, item, number, expires_on in entries:
        wanted.setdefault((item.pk, number), expires_on)
    if not wanted:
        return {}
    known, created = find_or_create_batches(wanted, create=create)
    for position, item, number, expires_on in entries:
        batch = known.get((item.pk, number))
        if batch is None:
            raise DomainError(
                _("Line %(line)s: %(item)s has no batch %(batch)s.")
                % {"line": position, "item": item, "batch": number},
                field=f"lines[{position}].batch_number",
            )
        if (item.pk, number) not in created and _expiry_differs(batch, expires_on):
            raise DomainError(
                _("Batch %(batch)s of %(item)s expires on %(stored)s, not %(given)s.")
                % {
                    "batch": number,
                    "item": item.code,
                    "stored": batch.expires_on,
                    "given": expires_on,
                },
                field=f"lines[{position}].expires_on",
            )
    return {position: known[(item.pk, number)] for position, item, number, _e in entries}


def _expiry_differs(batch, expires_on):
    return expires_on is not None and batch.expires_on not in (None, expires_on)


def find_or_create_batches(wanted, *, create, received_on=None):
    """({(item id, number): Batch}, {keys created now}) for `wanted` ({(item id, number):
    expiry}). With `create`, the missing batches are inserted (received today, with the
    expiry given) by the same statement that finds the known ones; a batch another
    receipt created meanwhile is looked up again."""
    known, created = {}, set()
    for *values, is_new in _find_or_create_rows(wanted, create=create, received_on=received_on):
        batch = Batch.from_db(
            connection.alias, _BATCH_FIELDS, [*values[:3], *map(_as_date, values[3:])]
        )
        known[(batch.item_id, batch.number)] = batch
        if is_new:
            created.add((batch.item_id, batch.number))
    for key in [key for key in wanted if key not in known] if create else ():
        # created by a concurrent receipt after this statement began (then committed)
        known[key] = Batch.objects.get(item_id=key[0], number=key[1])
    return known, created


def _find_or_create_rows(wanted, *, create, received_on):
    """(id, item id, number, expires on, received on, is new) of each wanted batch found
    or (with `create`) created."""
    received_on = received_on or timezone.localdate()
    entries = sorted(wanted.items())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return _find_or_create_pg(cursor, entries, create, received_on)
        return _find_or_create_sqlite(cursor, entries, create, received_on)


_BATCH_TABLE = Batch._meta.db_table
_BATCH_FIELDS = ["id", "item_id", "number", "expires_on", "received_on"]

# PostgreSQL: one statement. The INSERT's RETURNING gives the batches created now; the
# SELECT (which sees the table as the statement began) gives those known before.
_PG_WANTED = "unnest(%s::bigint[], %s::text[], %s::date[]) AS w(item_id, number, expires_on)"
_PG_FOUND = (
    f"SELECT b.id, b.item_id, b.number, b.expires_on, b.received_on, false FROM {_BATCH_TABLE} b "
    "JOIN wanted w ON b.item_id = w.item_id AND b.number = w.number"
)
_PG_FIND_OR_CREATE = (
    f"WITH wanted AS (SELECT * FROM {_PG_WANTED}), created AS ("
    f"INSERT INTO {_BATCH_TABLE} (item_id, number, expires_on, received_on) "
    "SELECT item_id, number, expires_on, %s FROM wanted ORDER BY item_id, number "
    "ON CONFLICT (item_id, number) DO NOTHING "
    "RETURNING id, item_id, number, expires_on, received_on) "
    f"SELECT *, true FROM created UNION ALL {_PG_FOUND}"
)


def _find_or_create_pg(cursor, entries, create, received_on):
    arrays = [
        [item_id for (item_id, _number), _expiry in entries],
        [number for (_item_id, number), _expiry in entries],
        [expiry for _key, expiry in entries],
    ]
    if create:
        cursor.execute(_PG_FIND_OR_CREATE, [*arrays, received_on])
    else:
        cursor.execute(f"WITH wanted AS (SELECT * FROM {_PG_WANTED}) {_PG_FOUND}", arrays)
    return cursor.fetchall()


# SQLite (in process, no round trips): the wanted keys travel as one JSON parameter;
# the known batches are read by one join, the missing ones inserted by one statement.
_SQLITE_WANTED = (
    "(SELECT json_extract(value, '$[0]') AS item_id, json_extract(value, '$[1]') AS number, "
    "json_extract(value, '$[2]') AS expires_on FROM json_each(%s))"
)


def _find_or_create_sqlite(cursor, entries, create, received_on):
    payload = json.dumps(
        [[item_id, number, expiry and expiry.isoformat()] for (item_id, number), expiry in entries]
    )
    cursor.execute(
        f"SELECT b.id, b.item_id, b.number, b.expires_on, b.received_on, 0 FROM {_BATCH_TABLE} b "
        f"JOIN {_SQLITE_WANTED} w ON b.item_id = w.item_id AND b.number = w.number",
        [payload],
    )
    rows = cursor.fetchall()
    if create and len(rows) < len(entries):
        cursor.execute(
            f"INSERT INTO {_BATCH_TABLE} (item_id, number, expires_on, received_on) "
            f"SELECT item_id, number, expires_on, %s FROM {_SQLITE_WANTED} WHERE true "
            "ON CONFLICT (item_id, number) DO NOTHING "
            "RETURNING id, item_id, number, expires_on, received_on, 1",
            [_date_value(received_on), payload],
        )
        rows += cursor.fetchall()
    return rows


def _as_date(value):
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def batch_for(item, number, expires_on=None, received_on=None):
    """The batch `number` of `item`, created on its first receipt. A batch keeps the expiry
    date it was first received with; a different date on a later receipt is refused."""
    number = (number or "").strip()
    if not number:
        raise DomainError(_("A batch number is required."), field="batch")
    batch = Batch.objects.filter(item=item, number=number).first()
    if batch is None:
        try:
            with transaction.atomic():
                batch = Batch.objects.create(
                    item=item,
                    number=number,
                    expires_on=expires_on,
                    received_on=received_on or timezone.localdate(),
                )
        except IntegrityError:  # created at the same moment by another receipt
            batch = Batch.objects.get(item=item, number=number)
    if expires_on is not None and batch.expires_on not in (None, expires_on):
        raise DomainError(
            _("Batch %(batch)s of %(item)s expires on %(stored)s, not %(given)s.")
            % {"batch": number, "item": item.code, "stored": batch.expires_on, "given": expires_on},
            field="expires_on",
        )
    return batch


def fefo_suggestion(item, location, quantity):
    """[(batch, quantity)] to issue `quantity` first-expiry-first-out: batches expiring soonest
    first, undated batches and unbatched stock last. Short when there is not enough."""
    wanted = Decimal(quantity)
    balances = (
        StockBalance.objects.filter(item=item, location=location, quantity__gt=0)
        .select_related("batch")
        .order_by(F("batch__expires_on").asc(nulls_last=True), "batch__number", "batch_key")
    )
    suggestion = []
    for row in balances:
        if wanted <= 0:
            break
        take = min(wanted, row.quantity)
        suggestion.append((row.batch, take))
        wanted -= take
    return suggestion


def short_at(position, item, location, wanted):
    """The refusal of a line that all the batches at `location` cannot cover, with the
    figures: item, place, on hand over every batch, wanted, short."""
    held = on_hand(item, location)
    decimals = Decimal(1).scaleb(-item.unit.decimals)
    return InsufficientStock(
        _(
            "Line %(line)s: not enough %(item)s at %(location)s: %(on_hand)s %(unit)s on hand "
            "over all batches, %(wanted)s %(unit)s wanted, %(short)s %(unit)s short."
        )
        % {
            "line": position,
            "item": f"{item.code} {item.name}",
            "location": location,
            "on_hand": held.quantize(decimals),
            "wanted": wanted.quantize(decimals),
            "short": (wanted - held).quantize(decimals),
            "unit": item.unit,
        },
        field=f"lines[{position}].quantity",
    )


def near_expiry_days():
    """The company policy `stock.near_expiry_days` (default 30)."""
    return policies.get(NEAR_EXPIRY_DAYS)


def near_expiry(days=None, today=None):
    """Balances on hand whose batch expires within `days` (already expired included)."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=near_expiry_days() if days is None else days)
    return (
        StockBalance.objects.filter(
            quantity__gt=0, batch__isnull=False, batch__expires_on__lte=horizon
        )
        .select_related("item__unit", "location", "batch")
        .order_by("batch__expires_on", "item__code", "location__code")
    )
