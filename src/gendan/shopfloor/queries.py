"""Reads of the shop floor: where a lot's parts are, the waiting areas, transfer slips.

A lot's quantities are read from the stock ledger's balances of its batch, one query
for any number of lots: one key per operation (the operation's name, its code on the
process sheet), and `waiting`, `awaiting_dispatch` (transferred to an outsourcer, its
outsourcing issue slip not posted yet), `outsourced`, `rework`, `scrap`,
`awaiting_receipt` (待入库: transferred into the warehouse, its production receipt not
posted yet, D1-3.4) and `warehouse`. They always
add up to the quantity started (`gendan check` proves it: `lot_problems`).
"""

from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils import timezone

from gendan.core import permissions, scopes
from gendan.core.access import can_see_document
from gendan.core.errors import NotFound
from gendan.core.roles import directory
from gendan.core.scopes import Scope
from gendan.shopfloor.models import Lot, LotStep, TransferLine, TransferSlip, WorkPlace
from gendan.stock.models import Location, StockBalance

Kind = WorkPlace.Kind
PLACE_KEYS = {
    Kind.WAITING: "waiting",
    Kind.OUTSIDE: "outsourced",
    Kind.REWORK: "rework",
    Kind.SCRAP: "scrap",
    Kind.WAREHOUSE: "warehouse",
    Kind.RECEIVING: "awaiting_receipt",
    Kind.DISPATCH: "awaiting_dispatch",
}
LOCATION_KEYS = {
    Location.Kind.WAREHOUSE: "warehouse",
    Location.Kind.OUTSOURCER: "outsourced",
}
FIXED_KEYS = (
    "waiting",
    "awaiting_dispatch",
    "outsourced",
    "rework",
    "scrap",
    "awaiting_receipt",
    "warehouse",
)


def lot_list(user=None):
    """Lots, newest first; for `user`, those passing through a workshop they hold a role
    in (all of them for a role granted everywhere)."""
    steps = Prefetch("steps", queryset=LotStep.objects.order_by("sequence"))
    lots = (
        Lot.objects.select_related("document", "item__unit", "order", "workshop")
        .prefetch_related(steps)
        .order_by("-id")
    )
    workshops = _workshop_keys(user) if user is not None else None
    if workshops is not None:
        ids = LotStep.objects.filter(workshop__in=workshops).values("lot_id")
        lots = lots.filter(Q(pk__in=ids) | Q(started_by=user))  # and their own
    return lots


def _workshop_keys(user):
    """The workshops whose lots `user` sees, or None when they see every workshop's: the
    permission matrix's `lot.view` (core.permissions) — in the workshops of their grants,
    everywhere for a shop-floor role granted everywhere; another role granted everywhere
    (the merchandiser, the purchaser) reaches only their own lots."""
    found = permissions.reach(user, "lot", "view")
    if found.everywhere:
        return None
    held = [Scope.parse(key) for key in found.scopes]
    return [scope.pk for scope in held if scope.kind == scopes.WORKSHOP]


def quantities(lots):
    """{lot id: {key: quantity}} for `lots` (each with its steps prefetched)."""
    lots = list(lots)
    by_batch = {lot.batch_id: lot for lot in lots}
    result = {}
    for lot in lots:
        result[lot.pk] = {step.name: Decimal(0) for step in lot.steps.all()}
        result[lot.pk].update({key: Decimal(0) for key in FIXED_KEYS})
    balances = (
        StockBalance.objects.filter(batch_id__in=list(by_batch))
        .exclude(quantity=0)
        .exclude(location__work_place__kind=Kind.SOURCE)
        .values_list(
            "batch_id",
            "quantity",
            "location__code",
            "location__work_place__kind",
            "location__work_place__operation",
            "location__kind",
        )
    )
    for batch_id, quantity, code, kind, operation, location_kind in balances:
        if kind == Kind.OPERATION:
            key = operation
        else:  # a warehouse or outsourcer a stock slip moved the parts to is one too
            key = PLACE_KEYS.get(kind) or LOCATION_KEYS.get(location_kind, code)
        lot_quantities = result[by_batch[batch_id].pk]
        lot_quantities[key] = lot_quantities.get(key, Decimal(0)) + quantity
    return result


def lot_detail(user, pk):
    """The lot if `user` may see it (its numbered paper's gate), else NotFound."""
    lot = (
        Lot.objects.select_related("document", "item__unit", "order", "workshop", "batch")
        .prefetch_related(Prefetch("steps", queryset=LotStep.objects.order_by("sequence")))
        .filter(pk=pk)
        .first()
    )
    if lot is None or not _may_see_lot(user, lot):
        raise NotFound()
    return lot


def _may_see_lot(user, lot):
    if can_see_document(user, lot.document):
        return True
    workshops = _workshop_keys(user)
    return workshops is None or any(step.workshop_id in workshops for step in lot.steps.all())


def lot_route(lot):
    """The lot's transfer lines, oldest first, with their slips."""
    return (
        TransferLine.objects.filter(lot=lot)
        .select_related("slip__document", "from_step", "to_step")
        .order_by("slip__document__created_at", "position")
    )


def transfer_detail(user, pk):
    slip = (
        TransferSlip.objects.select_related(
            "document__chain",
            "workshop",
            "to_workshop",
            "warehouse",
            "outsourcer",
            "stock_slip__document",
        )
        .filter(pk=pk)
        .first()
    )
    if slip is None or not can_see_document(user, slip.document):
        raise NotFound()
    return slip


def transfer_lines(slip):
    return slip.lines.select_related(
        "lot__document", "lot__item__unit", "from_step", "to_step"
    ).order_by("position")


def transfer_list(user, *, limit=100):
    slips = TransferSlip.objects.select_related(
        "document", "workshop", "to_workshop", "warehouse", "outsourcer"
    ).order_by("-id")
    if not user.is_superuser:
        keys = _scope_keys(user)
        slips = slips.filter(document__scope_key__in=keys) | slips.filter(
            document__co_scope_key__in=keys
        )
    return slips[:limit]


def _scope_keys(user):
    grants = directory().grants_of(user, timezone.localdate())
    if any(not grant.scope_key for grant in grants):
        from gendan.org.models import Workshop

        return [w.scope_key for w in Workshop.objects.all()]
    return [grant.scope_key for grant in grants]


def waiting_area(workshop):
    """What waits in `workshop`'s waiting area (待料区, D1-3.3): per lot, how many, since
    when and why (the slip that put it there) — in a fixed number of queries, the longest
    waiting first (`wip_queries.waiting_rows`)."""
    from gendan.shopfloor import wip_queries

    return wip_queries.waiting_rows(workshop)


def lot_problems():
    """`gendan check`: every lot's parts add up to what was started (D1-5.4)."""
    lots = Lot.objects.prefetch_related("steps").select_related("document")
    for start in range(0, lots.count(), 2000):
        chunk = list(lots.order_by("pk")[start : start + 2000])
        found = quantities(chunk)
        for lot in chunk:
            total = sum(found[lot.pk].values(), Decimal(0))
            if total != lot.quantity:
                yield (
                    f"lot {lot.document.number}: {lot.quantity} started, "
                    f"{total} accounted for ({dict(found[lot.pk])})"
                )


def group_by_place(quantities_of_lot):
    """(key, quantity) pairs with a quantity, in the order a person reads them."""
    return [(key, value) for key, value in quantities_of_lot.items() if value]
