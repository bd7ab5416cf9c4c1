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
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import audit
from gendan.core.errors import DomainError
from gendan.core.spreadsheets import upload_limits
from gendan.logistics import access, matching
from gendan.logistics.models import TrackingEvent, TrackingImport, Waybill
from gendan.logistics.sheets.reader import read_tracking_sheet
from gendan.logistics.statuses import TrackingStatus

NOT_PARCELS = frozenset({"total_row"})
SHOWN_BAD_ROWS = 20
LOOKUP_CHUNK = 900  # under SQLite's 999 variables in one IN (...)
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
        created, updated = _store(record, rows)
        record.created_count, record.updated_count = len(created), len(updated)
        record.save(update_fields=["created_count", "updated_count"])
        audit.record(
            actor=actor, action="tracking.import", obj=record, origin=origin,
            after={"rows": sheet.read, "created": len(created), "updated": len(updated)},
        )  # fmt: skip
    unchanged = len(rows) - len(created) - len(updated)
    return ImportResult(record, len(created), len(updated), unchanged)


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
    existing = _existing(list(rows))
    now = timezone.now()
    new, changed = [], []
    for key, row in rows.items():
        known = existing.get(key)
        if known is None:
            new.append(_new_waybill(key, row, record, now))
        elif (values := _changes(known, row)) is not None:
            changed.append((known, values))
    updated = _apply_changes(changed, record, now)
    matching.match_new(new + [waybill for waybill, _moved in updated])
    created = Waybill.objects.bulk_create(new, batch_size=BATCH)
    _update_rows(
        [waybill for waybill, _moved in updated],
        [*DATA_FIELDS, "last_import", "status_changed_at", "is_self_pickup", *MATCH_FIELDS],
    )
    events = [_event(waybill, record, now) for waybill in created if waybill.status_text]
    events += [
        _event(waybill, record, now) for waybill, moved in updated if moved and waybill.status_text
    ]
    TrackingEvent.objects.bulk_create(events, batch_size=BATCH)
    return created, [waybill for waybill, _moved in updated]


def _existing(keys):
    found = {}
    for start in range(0, len(keys), LOOKUP_CHUNK):
        chunk = keys[start : start + LOOKUP_CHUNK]
        found.update((waybill.key, waybill) for waybill in Waybill.objects.filter(key__in=chunk))
    return found


def _is_self_pickup(row):
    return any(word in row.status_text or word in row.address for word in SELF_PICKUP_WORDS)


def _new_waybill(key, row, record, now):
    return Waybill(
        key=key, tracking_number=row.tracking_number, order_number=row.order_number,
        carrier=row.carrier, consignee=row.consignee[:120], phone=row.phone[:80],
        phone_kind=row.phone_kind, address=row.address[:300], status=row.status or "",
        status_text=row.status_text[:300], shipped_at=row.shipped_at[:40],
        status_changed_at=now if row.status_text else None,
        is_self_pickup=_is_self_pickup(row), first_import=record, last_import=record,
    )  # fmt: skip


def _changes(known, row):
    """The fields this row changes, or None. A blank cell never erases what an earlier
    sheet said: a carrier's sheet without order numbers keeps the order's match."""
    values = {}
    for name in DATA_FIELDS:
        value = getattr(row, name) or ""
        if (name == "carrier" and value == "unknown") or (name == "phone_kind" and not row.phone):
            continue
        if value and value != getattr(known, name):
            values[name] = value
    return values or None


def _apply_changes(changed, record, now):
    updated = []
    for waybill, values in changed:
        moved = "status_text" in values or "status" in values
        for name, value in values.items():
            setattr(waybill, name, value)
        waybill.last_import = record
        if moved:
            waybill.status_changed_at = now
        if waybill.status == TrackingStatus.AWAITING_PICKUP:
            waybill.is_self_pickup = True
        updated.append((waybill, moved))
    return updated


MATCH_FIELDS = ("order", "customer", "matched_by", "candidate_order")


def _update_rows(waybills, names):
    """One UPDATE … WHERE id = %s per row by executemany: bulk_update's CASE WHEN
    statements grow with the batch and are quadratic on SQLite."""
    if not waybills:
        return
    fields = [Waybill._meta.get_field(name) for name in names]
    columns = ", ".join(f"{connection.ops.quote_name(field.column)} = %s" for field in fields)
    sql = f"UPDATE {Waybill._meta.db_table} SET {columns} WHERE id = %s"
    rows = [
        [field.get_db_prep_save(getattr(waybill, field.attname), connection) for field in fields]
        + [waybill.pk]
        for waybill in waybills
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def _event(waybill, record, now):
    return TrackingEvent(
        waybill=waybill,
        tracking_import=record,
        status=waybill.status,
        status_text=waybill.status_text,
        at=now,
    )
