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

Re-keying (`gendan audit rekey --old-key-file F`, after SECRET_KEY was changed): seals
are append-only (PostgreSQL refuses UPDATE and DELETE of them), so the chain is not
rewritten. `rekey` verifies every link under the old key and appends one *checkpoint*
seal (a negative `event_id`, -1, -2, … for each re-keying) whose chain is
HMAC(new key, "rekey" ‖ previous link ‖ running hash of every seal and row digest before
it). From then on links continue from the checkpoint under the new key; `verify` checks
the links after the last checkpoint one by one and everything before it through the
checkpoint's running hash (a row changed, deleted or reordered before it still shows,
by the checkpoint no longer matching). Nothing is written if the old key does not
verify the chain.
"""

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from gendan.core.models import AuditEvent, AuditSeal

SETTLE = timedelta(minutes=2)
BATCH = 2000
GENESIS = "0" * 64


def _key(secret=None):
    secret = settings.SECRET_KEY if secret is None else secret
    return hashlib.sha256(b"gendan-audit-chain:" + secret.encode()).digest()


def link(previous, event_id, digest, key=None):
    message = f"{previous}:{event_id}:{digest}".encode()
    return hmac.new(key or _key(), message, hashlib.sha256).hexdigest()


def checkpoint(previous, running, key=None):
    """The chain value of a re-keying checkpoint seal (see the module docstring)."""
    message = f"rekey:{previous}:{running}".encode()
    return hmac.new(key or _key(), message, hashlib.sha256).hexdigest()


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
        last_event = _last_sealed_event()
        rows = (
            AuditEvent.objects.filter(id__gt=last_event, at__lte=before)
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


def _last_sealed_event():
    """The id of the last audit row sealed (checkpoint seals carry no row)."""
    last = (
        AuditSeal.objects.filter(event_id__gt=0)
        .order_by("-sequence")
        .values_list("event_id", flat=True)
        .first()
    )
    return last or 0


@dataclass
class _Walk:
    """What walking the chain found: its problems and where it ends."""

    keys: tuple
    problems: list = field(default_factory=list)
    previous: str = GENESIS
    sequence: int = 0
    last_event: int = 0
    seals: int = 0
    key_index: int = 0
    first_key: int = None  # the index in `keys` of the key the first checked link used
    running: object = field(default_factory=hashlib.sha256)

    def matches(self, chain, compute):
        """Whether `chain` is `compute(key)` for the current key or a later one."""
        for index in range(self.key_index, len(self.keys)):
            if compute(self.keys[index]) == chain:
                self.key_index = index
                if self.first_key is None:
                    self.first_key = index
                return True
        return False


def _walk(keys):
    """Walk every seal in order, checking the links after the last checkpoint under
    `keys` (tried in order; once a later key is used the earlier ones are not tried again)
    and the last checkpoint against the running hash of everything before it."""
    walk = _Walk(keys=keys)
    last_mark = (
        AuditSeal.objects.filter(event_id__lt=0)
        .order_by("-sequence")
        .values_list("sequence", flat=True)
        .first()
    ) or 0
    seals = AuditSeal.objects.order_by("sequence").values_list("sequence", "event_id", "chain")
    for batch in _batches(seals.iterator(chunk_size=BATCH)):
        wanted = [event_id for _s, event_id, _c in batch if event_id > 0]
        digests = dict(AuditEvent.objects.filter(id__in=wanted).values_list("id", "digest"))
        for sequence, event_id, chain in batch:
            _step(walk, last_mark, sequence, event_id, chain, digests)
    return walk


def _step(walk, last_mark, sequence, event_id, chain, digests):
    problems = walk.problems
    if sequence != walk.sequence + 1:
        problems.append(f"audit seal {walk.sequence + 1} is missing (the chain was cut)")
    walk.sequence, walk.seals = sequence, walk.seals + 1
    digest = digests.get(event_id, "-")
    if event_id < 0:  # a re-keying checkpoint
        running = walk.running.hexdigest()
        if sequence == last_mark and not walk.matches(
            chain, lambda key: checkpoint(walk.previous, running, key)
        ):
            problems.append(
                f"audit chain broken before the re-keying at seal {sequence}: "
                "a row or a seal before it was changed"
            )
    elif event_id not in digests:
        problems.append(f"audit row {event_id} was deleted (its seal {sequence} remains)")
    else:
        if event_id <= walk.last_event:
            problems.append(f"audit row {event_id} is out of order at seal {sequence}")
        walk.last_event = event_id
        if sequence > last_mark and not walk.matches(
            chain, lambda key: link(walk.previous, event_id, digest, key)
        ):
            problems.append(
                f"audit chain broken at row {event_id}: the row or the chain was changed"
            )
    walk.running.update(f"{sequence}:{event_id}:{digest}:{chain}\n".encode())
    walk.previous = chain


def verify():
    """Every problem with the chain, as sentences for `gendan check`."""
    walk = _walk((_key(),))
    yield from walk.problems
    yield from _inserted_behind(walk.last_event)


class RekeyRefused(Exception):
    """The chain was not re-keyed; `problems` say why (nothing was written)."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


def rekey(old_secret):
    """Re-key the chain after SECRET_KEY changed: verify every seal under the key of
    `old_secret` (links sealed since under the current key are accepted after them),
    then append a checkpoint seal under the current key, in one transaction. Returns
    the number of seals verified; raises RekeyRefused, writing nothing, otherwise."""
    old_secret = (old_secret or "").strip()
    if not old_secret:
        raise RekeyRefused(["the old key file is empty"])
    if old_secret == settings.SECRET_KEY:
        raise RekeyRefused(["the old key is the current SECRET_KEY: nothing to re-key"])
    try:
        with transaction.atomic():
            walk = _walk((_key(old_secret), _key()))
            problems = walk.problems + list(_inserted_behind(walk.last_event))
            if not walk.seals:
                problems.append("the audit chain has no seals yet: nothing to re-key")
            elif walk.first_key != 0 and not problems:
                problems.append("the old key does not verify the chain")
            if problems:
                raise RekeyRefused(problems)
            marks = AuditSeal.objects.filter(event_id__lt=0).count()
            AuditSeal.objects.create(
                sequence=walk.sequence + 1,
                event_id=-(marks + 1),
                chain=checkpoint(walk.previous, walk.running.hexdigest()),
                sealed_at=timezone.now(),
            )
    except IntegrityError:
        raise RekeyRefused(["the chain grew while re-keying: run it again"]) from None
    return walk.seals


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
