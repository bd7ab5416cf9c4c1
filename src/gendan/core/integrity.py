"""`gendan check`: the invariants, verified from the stored rows.

Apps register further checks (the stock ledger, later) with `register`; each check
yields human-readable problems and yields nothing when all holds.
"""

from django.db.models import Count, Max, Min, Prefetch

from gendan.core import audit_chain, outbox
from gendan.core.chains import replay
from gendan.core.models import AuditEvent, ChainStep, Document, DocumentBook, Signature

_checks = []


def register(name, check):
    if (name, check) not in _checks:
        _checks.append((name, check))


def run_all():
    """[(check name, [problems])] for every registered check."""
    return [(name, list(check())) for name, check in _checks]


def book_gaps():
    """Every book's documents carry exactly the numbers first..next-1: no gap, no extra."""
    usage = {
        row["book"]: row
        for row in Document.objects.values("book").annotate(
            count=Count("id"), low=Min("sequence"), high=Max("sequence")
        )
    }
    for book in DocumentBook.objects.order_by("code"):
        row = usage.get(book.pk, {"count": 0, "low": None, "high": None})
        expected = book.next_number - book.first_number
        if row["count"] == expected and (
            expected == 0
            or (row["low"] == book.first_number and row["high"] == book.next_number - 1)
        ):
            continue
        missing = _missing_numbers(book)
        yield (
            f"book {book.code}: numbers {book.first_number}..{book.next_number - 1} expected, "
            f"{row['count']} documents found; missing: {missing[:20]}"
        )


def _missing_numbers(book):
    present = set(book.documents.values_list("sequence", flat=True))
    return [n for n in range(book.first_number, book.next_number) if n not in present]


def chain_consistency():
    """The status and next step stored on each document equal the replay of its signatures."""
    documents = (
        Document.objects.exclude(status=Document.Status.DRAFT)
        .exclude(chain=None)
        .prefetch_related(
            Prefetch("chain__steps", queryset=ChainStep.objects.order_by("position")),
            Prefetch("signatures", queryset=Signature.objects.order_by("id")),
        )
    )
    for document in documents.iterator(chunk_size=500):
        state = replay(document, document.chain.steps.all(), document.signatures.all())
        if document.status == Document.Status.POSTED and not state.is_complete:
            yield f"document {document.number}: posted, but required steps are unsigned"
        if document.status == Document.Status.PENDING:
            signable = state.signable_indexes()
            expected = state.steps[signable[0]].position if signable else None
            if expected != document.current_step:
                yield (
                    f"document {document.number}: stored next step {document.current_step}, "
                    f"signatures say {expected}"
                )


def audit_intact():
    """Every audit row still carries the digest computed when it was written."""
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.compute_digest() != event.digest:
            yield f"audit row {event.pk} ({event.action} {event.object_repr}) was altered"


register("document books are gap-free", book_gaps)
register("signature chains are consistent", chain_consistency)
register("audit rows are intact", audit_intact)


def audit_chain_unbroken():
    """Seal what has settled, then verify the whole chain (core.audit_chain)."""
    audit_chain.seal()
    yield from audit_chain.verify()


register("audit chain is unbroken", audit_chain_unbroken)
register("events reach their subscribers", outbox.stuck_problems)
