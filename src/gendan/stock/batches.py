"""Batches and expiry (D5-2.1): batch numbers on receipt, first-expiry-first-out, near expiry."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core.errors import DomainError
from gendan.stock.models import Batch, StockBalance


def ensure_batches(wanted, received_on):
    """Batch ids by (item id, number) for `wanted` ({(item id, number): expiry}), the
    missing ones created in bulk (an existing batch keeps its expiry). One set-based
    INSERT … ON CONFLICT DO NOTHING, so a batch created meanwhile is not an error."""
    table = connection.ops.quote_name(Batch._meta.db_table)
    columns = "item_id, number, expires_on, received_on"
    conflict = " ON CONFLICT (item_id, number) DO NOTHING"
    entries = sorted(wanted.items())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # the rows travel once, by COPY
            cursor.execute(
                "CREATE TEMPORARY TABLE gendan_batch_load (item_id bigint, number text, "
                "expires_on date) ON COMMIT DROP"
            )
            with cursor.cursor.copy("COPY gendan_batch_load FROM STDIN") as copy:
                for (item_id, number), expiry in entries:
                    copy.write_row((item_id, number, expiry))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT item_id, number, expires_on, %s "
                f"FROM gendan_batch_load ORDER BY item_id, number{conflict}",
                [received_on],
            )
            cursor.execute("DROP TABLE gendan_batch_load")
        else:
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s){conflict}",
                [
                    (item_id, number, _date_value(expiry), _date_value(received_on))
                    for (item_id, number), expiry in entries
                ],
            )
    item_ids = sorted({item_id for item_id, _number in wanted})
    found = {}
    for first in range(0, len(item_ids), 900):  # under SQLite's bound-parameter limit
        rows = Batch.objects.filter(item_id__in=item_ids[first : first + 900]).values_list(
            "item_id", "number", "pk"
        )
        found.update({(item_id, number): pk for item_id, number, pk in rows})
    return {key: found[key] for key in wanted}


def _date_value(value):
    return connection.ops.adapt_datefield_value(value)


def batches_of_lines(entries, *, create):
    """The batch of each slip line at once, by position: entries are (position, item,
    batch number, expiry). With `create` (a receipt), batches not yet known are created
    in bulk and a known batch must keep its expiry date; without (an issue), every
    named batch must exist. A few queries for any number of lines."""
    wanted = {}
    for _position, item, number, expires_on in entries:
        wanted.setdefault((item.pk, number), expires_on)
    known = _known_batches(wanted)
    for position, item, number, expires_on in entries:
        batch = known.get((item.pk, number))
        if batch is None and not create:
            raise DomainError(
                _("Line %(line)s: %(item)s has no batch %(batch)s.")
                % {"line": position, "item": item, "batch": number},
                field=f"lines[{position}].batch_number",
            )
        if (
            batch is not None
            and expires_on is not None
            and batch.expires_on
            not in (
                None,
                expires_on,
            )
        ):
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
    missing = {key: expiry for key, expiry in wanted.items() if key not in known}
    if missing:
        ensure_batches(missing, received_on=timezone.localdate())
        known = _known_batches(wanted)
    return {position: known[(item.pk, number)] for position, item, number, _e in entries}


def _known_batches(wanted):
    numbers = sorted({number for _item_id, number in wanted})
    found = {}
    for first in range(0, len(numbers), 900):  # under SQLite's bound-parameter limit
        for batch in Batch.objects.filter(number__in=numbers[first : first + 900]):
            if (batch.item_id, batch.number) in wanted:
                found[(batch.item_id, batch.number)] = batch
    return found


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


def near_expiry_days():
    return getattr(settings, "STOCK_NEAR_EXPIRY_DAYS", 30)


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
