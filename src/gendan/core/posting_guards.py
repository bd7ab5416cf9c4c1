"""Guards a module above may put on the posting of a lower module's paper.

A lower layer (stock) cannot import the modules above it (quality), and events run
after commit, too late to refuse. So the lower module asks here, inside the transaction
that posts, before anything moves: `check(...)` calls every registered guard, and a guard
refuses by raising a `DomainError` (usually `InvalidTransition`) whose message names the
rule; the posting — and the signature that triggered it — rolls back, nothing changes.

A guard is `guard(posting)` with `posting` a `Posting` (what is being posted). It must
only read. Example: quality refuses a production receipt for an order whose
finished-goods second inspection has not passed, when its policy says so (D5-5).
"""

from dataclasses import dataclass

_GUARDS = []


@dataclass(frozen=True)
class Posting:
    """What is about to post: the document, its paper type code, the kind of slip
    (`production_receipt`, …; "" when the paper has none) and the order it serves."""

    document: object
    paper_type: str
    kind: str = ""
    order_id: int | None = None
    actor: object = None


def register(guard):
    """Add `guard(posting)`; registering the same function twice keeps one."""
    if guard not in _GUARDS:
        _GUARDS.append(guard)


def unregister(guard):
    if guard in _GUARDS:
        _GUARDS.remove(guard)


def guards():
    return list(_GUARDS)


def check(*, document, paper_type, kind="", order_id=None, actor=None):
    """Ask every guard whether this posting may go ahead; the first refusal raises."""
    posting = Posting(
        document=document, paper_type=paper_type, kind=kind, order_id=order_id, actor=actor
    )
    for guard in list(_GUARDS):
        guard(posting)
