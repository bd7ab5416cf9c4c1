"""Reads of the counts of work in progress (D1-1.5): the gate, the list, a sheet's lines.

`access_wip_count(user, pk)` is the one gate: the sheet if the permission matrix's
`wip_count.view` reaches its workshop (or it is the user's own, or they may see its
paper), else NotFound — missing and forbidden look the same.
"""

from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Sum

from gendan.core import permissions, scopes
from gendan.core.access import can_see_document
from gendan.core.errors import NotFound
from gendan.core.scopes import Scope
from gendan.shopfloor.models import LotStep, TransferLine, TransferSlip, WorkPlace
from gendan.shopfloor.wip_models import WipCount, WipCountLine
from gendan.stock.models import StockBalance


def _visible(user):
    sheets = WipCount.objects.select_related("document", "workshop")
    found = permissions.reach(user, "wip_count", "view")
    if found.everywhere:
        return sheets
    workshops = [
        scope.pk
        for scope in (Scope.parse(key) for key in found.scopes)
        if scope.kind == scopes.WORKSHOP
    ]
    return sheets.filter(Q(workshop__in=workshops) | Q(document__author=user))


def wip_count_list(user, *, status="", workshop=None, search=""):
    """The sheets `user` may see, newest first, with how many lines differ."""
    sheets = _visible(user).annotate(
        line_count=Count("lines"),
        counted_count=Count("lines", filter=Q(lines__counted__isnull=False)),
    )
    if status:
        sheets = sheets.filter(document__status=status)
    if workshop:
        sheets = sheets.filter(workshop=workshop)
    if search:
        sheets = sheets.filter(
            Q(document__number__icontains=search)
            | Q(lines__lot__document__number__icontains=search)
            | Q(lines__lot__item__name__icontains=search)
            | Q(lines__lot__item__code__icontains=search)
        ).distinct()
    return sheets.order_by("-id")


def access_wip_count(user, pk):
    sheet = WipCount.objects.select_related("document__chain", "workshop").filter(pk=pk).first()
    if sheet is None:
        raise NotFound()
    is_own = sheet.document.author_id == user.pk
    if permissions.allows(
        user, "wip_count", "view", scope=(sheet.workshop.scope_key,), is_own=is_own
    ) or can_see_document(user, sheet.document):
        return sheet
    raise NotFound()


def _lines_query():
    return WipCountLine.objects.select_related(
        "lot__document", "lot__item__unit", "place__work_place"
    ).order_by("place__code", "lot_id", "pk")


def lines(sheet):
    """The sheet's lines by place, then lot, with everything a page shows."""
    return _lines_query().filter(sheet=sheet)


def sheet_of_document(document):
    """The sheet of a document with its lines loaded (the sign page's partial)."""
    return (
        WipCount.objects.select_related("workshop", "document")
        .prefetch_related(Prefetch("lines", queryset=_lines_query()))
        .filter(document=document)
        .first()
    )


def summaries(documents):
    """{document pk: one line} for the inbox: the workshop and how many lots and places."""
    sheets = WipCount.objects.filter(document__in=documents).select_related("workshop")
    counts = sheets.annotate(line_count=Count("lines"))
    return {sheet.document_id: f"{sheet.workshop.name} · {sheet.line_count}" for sheet in counts}


def sheet_data(sheet):
    return {
        "workshop": sheet.workshop.name,
        "lines": [line_data(line) for line in lines(sheet)],
    }


def line_data(line):
    return {
        "id": line.pk,
        "lot": line.lot.document.number,
        "lot_id": line.lot_id,
        "item": str(line.lot.item),
        "place": line.place.name,
        "place_id": line.place_id,
        "expected": str(line.expected),
        "counted": None if line.counted is None else str(line.counted),
        "difference": None if line.difference is None else str(line.difference),
        "scrapped": None if line.scrapped is None else str(line.scrapped),
        "found_elsewhere": str(line.found_elsewhere),
        "note": line.note,
        "is_found": line.is_found,
    }


# ---------------------------------------------------------------- work in progress now
def work_in_progress(workshop):
    """What a WIP count of `workshop` would find now, per place (its operations, waiting
    area, rework area): how many lots and parts — ONE grouped query, whatever the lots."""
    from gendan.shopfloor import wip_services

    rows = (
        StockBalance.objects.filter(
            location__in=wip_services.counted_places(workshop),
            batch__lot__isnull=False,
            quantity__gt=0,
        )
        .values("location_id", "location__name", "location__code", "location__work_place__kind")
        .annotate(lots=Count("batch_id"), quantity=Sum("quantity"))
        .order_by("location__code")
    )
    return list(rows)


def waiting_rows(workshop, *, limit=None):
    """The waiting area (待料区, D1-3.3) of `workshop` in a fixed number of queries (the
    same rows as `queries.waiting_area`, which asks one query per lot): per lot, how
    many, since when and why — from the last posted transfer that put it there — the
    longest waiting first; `limit` cuts the list in the database."""
    last = TransferLine.objects.filter(
        lot=OuterRef("batch__lot"),
        slip__document__status="posted",
        slip__destination=TransferSlip.Destination.WAITING,
    ).order_by("-slip__document__posted_at")
    balances = (
        StockBalance.objects.filter(
            location__work_place__kind=WorkPlace.Kind.WAITING,
            location__work_place__workshop=workshop,
            quantity__gt=0,
            batch__lot__isnull=False,
        )
        .annotate(last_line=Subquery(last.values("pk")[:1]))
        .annotate(since=Subquery(last.values("slip__document__posted_at")[:1]))
        .select_related("batch__lot__document", "batch__lot__item__unit")
        .order_by(F("since").asc(nulls_last=True), "pk")
    )
    balances = list(balances[:limit] if limit else balances)
    lines = TransferLine.objects.select_related("slip__document", "to_step").in_bulk(
        [balance.last_line for balance in balances if balance.last_line]
    )
    return [_waiting_row(balance, lines.get(balance.last_line)) for balance in balances]


def waiting_count(workshop):
    return StockBalance.objects.filter(
        location__work_place__kind=WorkPlace.Kind.WAITING,
        location__work_place__workshop=workshop,
        quantity__gt=0,
        batch__lot__isnull=False,
    ).count()


def _waiting_row(balance, last):
    return {
        "lot": balance.batch.lot,
        "quantity": balance.quantity,
        "since": last.slip.document.posted_at if last else None,
        "reason": last.slip.waiting_reason if last else "",
        "slip": last.slip if last else None,
        "next_step": last.to_step if last else None,
    }


# ---------------------------------------------------------------- the lot list, lighter
def lot_rows(user, *, limit=200):
    """The lot list's rows (newest first, as `queries.lot_list` filters them for `user`)
    as plain dicts in four queries, however many lots there are: the lots, their
    operations, their balances — no model instance per lot or per operation. Each row:
    id, number, order, item code and name, unit, started, and `places` [(key, quantity)]
    with a quantity, in route order then the fixed keys (as `queries.group_by_place`)."""
    from gendan.shopfloor import queries

    lots = list(
        queries.lot_list(user)
        .order_by("-id")
        .values(
            "id",
            "batch_id",
            "quantity",
            "document__number",
            "order__number",
            "item__code",
            "item__name",
            "item__unit__name",
        )[:limit]
    )
    ids = [lot["id"] for lot in lots]
    steps = {}
    for lot_id, name in (
        LotStep.objects.filter(lot_id__in=ids)
        .order_by("lot_id", "sequence")
        .values_list("lot_id", "name")
    ):
        steps.setdefault(lot_id, []).append(name)
    found = _balances(lots)
    return [_lot_row(lot, steps.get(lot["id"], []), found.get(lot["batch_id"], {})) for lot in lots]


def _balances(lots):
    from gendan.shopfloor import queries

    found = {}
    rows = (
        StockBalance.objects.filter(batch_id__in=[lot["batch_id"] for lot in lots])
        .exclude(quantity=0)
        .exclude(location__work_place__kind=WorkPlace.Kind.SOURCE)
        .values_list(
            "batch_id",
            "quantity",
            "location__code",
            "location__work_place__kind",
            "location__work_place__operation",
            "location__kind",
        )
    )
    for batch_id, quantity, code, kind, operation, location_kind in rows:
        if kind == WorkPlace.Kind.OPERATION:
            key = operation
        else:
            key = queries.PLACE_KEYS.get(kind) or queries.LOCATION_KEYS.get(location_kind, code)
        held = found.setdefault(batch_id, {})
        held[key] = held.get(key, 0) + quantity
    return found


def _lot_row(lot, steps, held):
    from gendan.shopfloor import queries

    order = [*steps, *queries.FIXED_KEYS]
    order += [key for key in held if key not in order]
    return {
        "id": lot["id"],
        "number": lot["document__number"],
        "order": lot["order__number"],
        "item_code": lot["item__code"],
        "item_name": lot["item__name"],
        "unit": lot["item__unit__name"],
        "started": lot["quantity"],
        "places": [(key, held[key]) for key in order if held.get(key)],
    }
