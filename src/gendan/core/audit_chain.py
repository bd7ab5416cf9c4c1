"""The audit chain: tamper evidence across audit rows (issue 9, "Tamper-evident audit").

Each audit row carries a digest of its own content (`AuditEvent.digest`). The chain links
the rows: seal n = HMAC(key, seal n-1 ‖ row id ‖ row digest), kept in `AuditSeal`, one per
row, in id order. The key is derived from SECRET_KEY, so a person who can write to the
database but cannot read the key cannot recompute the chain after deleting, changing
or reordering a row.

Rows are sealed once they are `SETTLE` old, not as they are written: on PostgreSQL
transactions commit out of id order, and sealing at write time would need one lock
that every audited write in the company waits for. The worker seals every minute and
`gendan check` seals before verifying, so the unsealed tail is at most minutes long.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from gendan.core.models import AuditEvent, AuditSeal

SETTLE = timedelta(minutes=2)
BATCH = 2000
GENESIS = "0" * 64


def _key():
    return hashlib.sha256(b"gendan-audit-chain:" + settings.SECRET_KEY.encode()).digest()


def link(previous, event_id, digest):
    message = f"{previous}:{event_id}:{digest}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def seal(*, now=None, settle=SETTLE):
    """Seal the rows older than `settle` that are not sealed yet; returns how many.

    Two sealers at once (the worker and `gendan check`) cannot both add the same link:
    `sequence` and `event_id` are unique, and the loser's transaction is rolled back."""
    now = now or timezone.now()
    sealed = 0
    while True:
        try:
            count = _seal_batch(now - settle)
        except IntegrityError:
            return sealed
        sealed += count
        if count < BATCH:
            return sealed


def _seal_batch(before):
    with transaction.atomic():
        last = AuditSeal.objects.order_by("-sequence").first()
        sequence, previous = (last.sequence, last.chain) if last else (0, GENESIS)
        rows = (
            AuditEvent.objects.filter(id__gt=last.event_id if last else 0, at__lte=before)
            .order_by("id")
            .values_list("id", "digest")[:BATCH]
        )
        seals = []
        for event_id, digest in rows:
            sequence += 1
            previous = link(previous, event_id, digest)
            seals.append(
                AuditSeal(
                    sequence=sequence, event_id=event_id, chain=previous, sealed_at=timezone.now()
                )
            )
        AuditSeal.objects.bulk_create(seals)
    return len(seals)


def verify():
    """Every problem with the chain, as sentences for `gendan check`."""
    previous, expected_sequence, last_event = GENESIS, 1, 0
    seals = AuditSeal.objects.order_by("sequence").values_list("sequence", "event_id", "chain")
    for batch in _batches(seals.iterator(chunk_size=BATCH)):
        digests = dict(
            AuditEvent.objects.filter(id__in=[event_id for _s, event_id, _c in batch]).values_list(
                "id", "digest"
            )
        )
        for sequence, event_id, chain in batch:
            if sequence != expected_sequence:
                yield f"audit seal {expected_sequence} is missing (the chain was cut)"
            expected_sequence = sequence + 1
            if event_id not in digests:
                yield f"audit row {event_id} was deleted (its seal {sequence} remains)"
                previous = chain
                continue
            if event_id <= last_event:
                yield f"audit row {event_id} is out of order at seal {sequence}"
            last_event = event_id
            if link(previous, event_id, digests[event_id]) != chain:
                yield f"audit chain broken at row {event_id}: the row or the chain was changed"
            previous = chain
    yield from _inserted_behind(last_event)


def _inserted_behind(last_event):
    """A row with an id below the last sealed one and no seal of its own was added later."""
    sealed_ids = AuditSeal.objects.values("event_id")
    late = AuditEvent.objects.filter(id__lte=last_event).exclude(id__in=sealed_ids)
    for event_id in late.values_list("id", flat=True)[:20]:
        yield f"audit row {event_id} was inserted behind the sealed chain"


def _batches(iterable):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def allow_truncate(connection):
    """Let this database session TRUNCATE the audit tables (PostgreSQL refuses it
    otherwise): only for the test suite and the benchmarks, which flush their own
    databases."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET gendan.allow_truncate = 'on'")
