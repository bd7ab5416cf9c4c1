"""Row locks taken in one fixed order (STYLE.md: concurrency is explicit).

Every write that changes a row others may change at the same time locks it first,
inside its transaction. Rows are always locked in primary-key order, so two
transactions that lock the same rows can never wait for each other in a circle.
`of=("self",)` keeps PostgreSQL from also locking the rows of joined tables
(select_related); SQLite ignores the lock and serialises writers instead.
"""

from django.db import models

from gendan.core.errors import NotFound


def _queryset(source):
    if isinstance(source, models.QuerySet):
        return source
    return source._default_manager.all()


def lock_rows(source, pks=None):
    """The rows of `source` (a model or a queryset, e.g. an order's open milestones with
    select_related) — only those whose primary keys are `pks` when given — locked in pk
    order and returned in that order. Missing rows are simply absent."""
    rows = _queryset(source)
    if pks is not None:
        wanted = sorted({pk for pk in pks if pk is not None})
        if not wanted:
            return []
        rows = rows.filter(pk__in=wanted)
    return list(rows.select_for_update(of=("self",)).order_by("pk"))


def lock_row(source, pk):
    """One row locked, or NotFound: missing and forbidden look the same to the caller."""
    rows = lock_rows(source, [pk])
    if not rows:
        raise NotFound()
    return rows[0]
