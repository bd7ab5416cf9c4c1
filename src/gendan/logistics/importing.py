"""Importing a day's tracking sheet (D3-1): all or nothing, and idempotent.

A sheet with a bad row (a number Excel mangled, a row split by a stray comma, a row
with no number) is refused whole, every bad row named; 总计 rows and blank rows are
not parcels and are passed over. A waybill is known by its tracking number (its order
number when the sheet has none yet): a row already known updates it only when
something changed, and a new tracking event is written only when the status changed.
So the same file again changes nothing (its digest is known), the same rows in
another file change nothing, and a later sheet moves statuses on. Everything is one
transaction: a process killed half-way leaves nothing, and the re-run finishes it.
"""

import hashlib
import itertools
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import audit
from gendan.core.errors import DomainError
from gendan.core.spreadsheets import upload_limits
from gendan.logistics import access, carriers, lookups, matching
from gendan.logistics.models import SheetDisagreement, TrackingEvent, TrackingImport, Waybill
from gendan.logistics.sheets.reader import read_tracking_sheet
from gendan.logistics.statuses import TrackingStatus

NOT_PARCELS = frozenset({"total_row"})
SHOWN_BAD_ROWS = 20
BATCH = 2000
SELF_PICKUP_WORDS = ("自提", "自取")
DATA_FIELDS = (
    "tracking_number", "order_number", "carrier", "consignee", "phone", "phone_kind",
    "address", "status", "status_text", "shipped_at",
)  # fmt: skip


class SheetRefused(DomainError):
    """The sheet has rows that cannot be used; nothing was stored."""

    def __init__(self, message, *, bad_rows):
        super().__init__(message, field="file")
        self.bad_rows = bad_rows


@dataclass(frozen=True)
class ImportResult:
    tracking_import: TrackingImport
    created: int
    updated: int
    unchanged: int
    is_repeat: bool = False


def waybill_key(row):
    return f"T:{row.tracking_number}" if row.tracking_number else f"O:{row.order_number}"


def file_digest(file_bytes):
    return hashlib.sha256(file_bytes).hexdigest()


def import_sheet(*, actor, file_bytes, file_name, sheet_date=None, origin=None, limits=None):
    """Import the sheet; the same file a second time returns the first import unchanged."""
    access.require_import(actor)
    digest = file_digest(file_bytes)
    known = TrackingImport.objects.filter(digest=digest).first()
    if known is not None:
        return ImportResult(known, 0, 0, known.rows_read, is_repeat=True)
    sheet = read_tracking_sheet(file_bytes, **(limits or upload_limits()))
    refuse_bad_rows(sheet.skipped)
    rows = _last_row_per_key(sheet.rows)
    with transaction.atomic():
        record = TrackingImport.objects.create(
            file_name=file_name[:200], digest=digest, raw_file=file_bytes,
            encoding=sheet.encoding or "", header_row=sheet.header_row, rows_read=sheet.read,
            rows_skipped=len(sheet.skipped), imported_by=actor,
            sheet_date=sheet_date or timezone.localdate(),
        )  # fmt: skip
        created, updated, disagreed = _store(record, rows)
        record.created_count, record.updated_count = created, updated
        record.save(update_fields=["created_count", "updated_count"])
        audit.record(
            actor=actor, action="tracking.import", obj=record, origin=origin,
            after={"rows": sheet.read, "created": created, "updated": updated,
                   "disagreements": disagreed},
        )  # fmt: skip
    return ImportResult(record, created, updated, len(rows) - created - updated)


def refuse_bad_rows(skipped):
    bad = [entry for entry in skipped if entry["code"] not in NOT_PARCELS]
    if not bad:
        return
    lines = [
        _("row %(row)d: %(reason)s") % {"row": entry["row"], "reason": entry["reason"]}
        for entry in bad[:SHOWN_BAD_ROWS]
    ]
    more = len(bad) - SHOWN_BAD_ROWS
    if more > 0:
        lines.append(_("and %(count)d more rows") % {"count": more})
    raise SheetRefused(
        _("Nothing was imported: %(count)d rows cannot be used. %(rows)s")
        % {"count": len(bad), "rows": "; ".join(lines)},
        bad_rows=bad,
    )


def _last_row_per_key(rows):
    """One row per waybill: when a sheet lists a parcel twice, the later row wins."""
    return {waybill_key(row): row for row in rows}


def _store(record, rows):
    """Write the sheet's waybills: plain rows in, never a model object per row (issue 13:
    a 100,000-row sheet). New waybills go in by one prepared INSERT run over all rows
    (COPY on PostgreSQL), changed ones by one prepared UPDATE, and the tracking events
    by one INSERT … SELECT of the waybills whose status this sheet set."""
    now = timezone.now()
    existing = _existing(list(rows))
    existing.update(_waiting_for_their_number(rows, existing))
    new_keys, new_rows, changed, disagreements = [], [], [], []
    for key, row in rows.items():
        known = existing.get(key)
        if known is None:
            new_keys.append(key)
            new_rows.append(row)
        elif (values := _changes(known, row, disagreements)) is not None:
            changed.append(_apply_changes(known, values, record, now))
    matches = matching.match_rows(new_rows)
    _insert_new(new_keys, new_rows, matches, record, now)
    pending = [waybill for waybill in changed if not waybill["matched_by"]]
    found = matching.match_rows([_Fields(waybill) for waybill in pending])
    for index, (order_id, customer_id, matched_by, candidate_id) in found.items():
        if matched_by:
            pending[index].update(order_id=order_id, customer_id=customer_id, matched_by=matched_by)
        else:
            pending[index]["candidate_order_id"] = candidate_id
    _update_rows(changed, [*DATA_FIELDS, *CHANGE_FIELDS, *MATCH_ATTNAMES])
    _insert_events(record, now)
    return len(new_rows), len(changed), _record_disagreements(disagreements, record, now)


MATCH_ATTNAMES = ("order_id", "customer_id", "matched_by", "candidate_order_id")
CHANGE_FIELDS = ("key", "last_import_id", "status_changed_at", "is_self_pickup")
KNOWN_FIELDS = ("id", "key", *DATA_FIELDS, "is_self_pickup", *MATCH_ATTNAMES)
KEY = KNOWN_FIELDS.index("key")
AT = {name: index for index, name in enumerate(KNOWN_FIELDS)}


def _waiting_for_their_number(rows, existing):
    """Waybills an earlier sheet knew by their order number only (`O:<order>`), now
    that a row brings their tracking number with that order number: {the row's key:
    that waybill, re-keyed}, so the row updates it rather than making a second
    waybill. The first such row of the sheet takes it (an order shipped in two parcels
    gets a new waybill for the second); a sheet that still lists the `O:` row itself
    keeps it as it is."""
    claims = {}
    for key, row in rows.items():
        if key not in existing and row.tracking_number and row.order_number:
            order_key = f"O:{row.order_number}"
            if order_key not in rows:
                claims.setdefault(order_key, key)
    if not claims:
        return {}
    found = {}
    for values in _existing(list(claims)).values():
        key = claims[values[KEY]]
        found[key] = (values[0], key, *values[KEY + 1 :])
    return found


def _existing(keys):
    """The waybills already known by these keys, each as a tuple of its KNOWN_FIELDS (a
    tuple, not a dict: tomorrow's sheet lists most of today's 100,000 parcels again)."""
    return {values[KEY]: values for values in lookups.select_in(Waybill, KNOWN_FIELDS, "key", keys)}


class _Fields:
    """A stored waybill's fields under the names matching reads."""

    __slots__ = ("order_number", "phone", "phone_kind", "consignee", "address")

    def __init__(self, values):
        for name in self.__slots__:
            setattr(self, name, values[name])


def _is_self_pickup(row):
    return any(word in row.status_text or word in row.address for word in SELF_PICKUP_WORDS)


NEW_COLUMNS = (
    "key", "tracking_number", "order_number", "carrier", "consignee", "phone", "phone_kind",
    "address", "status", "status_text", "shipped_at", "status_changed_at", "is_self_pickup",
    "first_import_id", "last_import_id", "order_id", "customer_id", "matched_by",
    "candidate_order_id", "followup_status", "followup_note", "created_at",
)  # fmt: skip
NO_MATCH = (None, None, "", None)


def _new_values(keys, rows, matches, record, now):
    """The INSERT parameters of each new waybill, in NEW_COLUMNS order."""
    stamp = connection.ops.adapt_datetimefield_value(now)
    pickup = SELF_PICKUP_WORDS
    for index, (key, row) in enumerate(zip(keys, rows, strict=True)):
        status_text = row.status_text
        address = row.address
        yield (
            key, row.tracking_number, row.order_number, row.carrier, row.consignee[:120],
            row.phone[:80], row.phone_kind, address[:300], row.status or "",
            status_text[:300], row.shipped_at[:40], stamp if status_text else None,
            any(word in status_text or word in address for word in pickup),
            record.pk, record.pk, *matches.get(index, NO_MATCH), "", "", stamp,
        )  # fmt: skip


def _insert_new(keys, rows, matches, record, now):
    if not rows:
        return
    table = connection.ops.quote_name(Waybill._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(Waybill._meta.get_field(name).column) for name in NEW_COLUMNS
    )
    values = _new_values(keys, rows, matches, record, now)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: the fastest way in
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
            return
        marks = ", ".join(["%s"] * len(NEW_COLUMNS))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        while batch := list(itertools.islice(values, BATCH)):
            cursor.executemany(sql, batch)


DISAGREEING = ("order_number", "carrier", "consignee")
LENGTHS = {"consignee": 120, "phone": 80, "address": 300, "status_text": 300, "shipped_at": 40}


def _changes(known, row, disagreements):
    """The fields this row changes, or None. A blank cell never erases what an earlier
    sheet said: a carrier's sheet without order numbers keeps the order's match. Another
    order number, carrier or consignee than the stored one is not taken either: it is
    added to `disagreements` for the team lead (the stored value stays)."""
    values = {}
    for name in DATA_FIELDS:
        value = getattr(row, name) or ""
        if (name == "carrier" and value == "unknown") or (name == "phone_kind" and not row.phone):
            continue
        if name in LENGTHS:
            value = value[: LENGTHS[name]]
        stored = known[AT[name]]
        if not value or value == stored:
            continue
        if name in DISAGREEING and stored and stored != carriers.UNKNOWN:
            disagreements.append((known[0], name, stored, value))
        else:
            values[name] = value
    return values or None


def _record_disagreements(disagreements, record, now):
    """One SheetDisagreement per waybill, column and value a sheet said, however often
    sheets say it again."""
    known = set(
        lookups.select_in(
            SheetDisagreement,
            ("waybill_id", "field", "sheet_value"),
            "waybill_id",
            {waybill_id for waybill_id, *_rest in disagreements},
        )
    )
    new = {}
    for waybill_id, name, stored, value in disagreements:
        if (waybill_id, name, value) not in known:
            new[waybill_id, name, value] = SheetDisagreement(
                waybill_id=waybill_id, tracking_import=record, field=name, kept=stored,
                sheet_value=value[:300], at=now,
            )  # fmt: skip
    SheetDisagreement.objects.bulk_create(new.values(), batch_size=BATCH)
    return len(new)


def _apply_changes(known, values, record, now):
    """The stored waybill (a tuple, as `_existing` gives) with this sheet's changes, as
    a dict of the fields to write."""
    moved = "status_text" in values or "status" in values
    known = dict(zip(KNOWN_FIELDS, known, strict=True))
    known.update(values)
    known["last_import_id"] = record.pk
    if moved:
        known["status_changed_at"] = now
    else:
        known["status_changed_at"] = _KEEP
    if known["status"] == TrackingStatus.AWAITING_PICKUP:
        known["is_self_pickup"] = True
    return known


_KEEP = object()  # the column keeps its stored value


def _update_rows(waybills, names):
    """One UPDATE … WHERE id = %s per row by executemany: bulk_update's CASE WHEN
    statements grow with the batch and are quadratic on SQLite. A status that did not
    move keeps its `status_changed_at` (two statements, one per shape)."""
    moved = [waybill for waybill in waybills if waybill["status_changed_at"] is not _KEEP]
    still = [waybill for waybill in waybills if waybill["status_changed_at"] is _KEEP]
    _run_update(moved, names)
    _run_update(still, [name for name in names if name != "status_changed_at"])


def _run_update(waybills, names):
    if not waybills:
        return
    fields = [Waybill._meta.get_field(name) for name in names]
    columns = ", ".join(f"{connection.ops.quote_name(field.column)} = %s" for field in fields)
    sql = f"UPDATE {connection.ops.quote_name(Waybill._meta.db_table)} SET {columns} WHERE id = %s"
    rows = [
        [
            field.get_db_prep_save(waybill[name], connection)
            for field, name in zip(fields, names, strict=True)
        ]
        + [waybill["id"]]
        for waybill in waybills
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def _insert_events(record, now):
    """One TrackingEvent per waybill whose status this sheet set (new with a status, or
    moved): exactly those this import stamped `status_changed_at = now`."""
    event = TrackingEvent._meta
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(event.db_table)} (waybill_id, tracking_import_id, status, "
        f"status_text, {quote('at')}) SELECT id, %s, status, status_text, %s "
        f"FROM {quote(Waybill._meta.db_table)} "
        "WHERE last_import_id = %s AND status_changed_at = %s AND status_text <> '' "
        "ORDER BY id"
    )
    stamp = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(sql, [record.pk, stamp, record.pk, stamp])
