"""/api/v1/shopfloor: lots from an order's BOM and the process flow (D1-6, D1-1.4).

- `POST /orders/{id}/explode` — `{"dry_run": true}` returns the proposal (one row per
  made part: needed, already started, to start, status `start` / `started` /
  `no_sheet`); without it the lots are started, all or nothing, and `started` lists them.
- `GET /flow/orders/{id}`, `GET /flow/items/{id}` — each made part's operations with the
  parts at each now, and where the rest are (`ends`, `sides`); they add up to `started`.
"""

from decimal import Decimal

from ninja import Router, Schema

from gendan.catalog.models import Item
from gendan.core.actions import perform
from gendan.core.errors import NotFound
from gendan.shopfloor import flow_access, flow_explode, flow_queries

router = Router(tags=["shopfloor"])


class ExplodeIn(Schema):
    dry_run: bool = False
    expected: str | None = None  # the proposal's `fingerprint` the caller confirmed


class ProposedOut(Schema):
    item_id: int
    item_code: str
    item_name: str
    needed: Decimal
    started: Decimal
    to_start: Decimal | None
    status: str
    lots: list[str]


class StartedOut(Schema):
    id: int
    number: str
    item_code: str
    quantity: Decimal


class ExplodeOut(Schema):
    order: str
    dry_run: bool
    proposal: list[ProposedOut]
    fingerprint: str
    started: list[StartedOut]


class BoxOut(Schema):
    sequence: int
    name: str
    workshop: str
    is_outside: bool
    quantity: Decimal
    outside_quantity: Decimal  # sent to the outsourcer for it (not in `sides` then)


class RouteOut(Schema):
    lot: str
    started: Decimal
    passed: list[str]
    current: list[str]
    next: str | None


class ChainOut(Schema):
    item_code: str
    item_name: str
    started: Decimal
    operations: list[BoxOut]
    ends: dict[str, Decimal]
    sides: dict[str, Decimal]
    lots: list[RouteOut]


def _proposed(row):
    return {
        "item_id": row.item.pk,
        "item_code": row.item.code,
        "item_name": row.item.name,
        "needed": row.needed,
        "started": row.started,
        "to_start": row.to_start,
        "status": row.status,
        "lots": [lot.document.number for lot in row.lots],
    }


@router.post("/orders/{order_id}/explode", response=ExplodeOut)
def explode_order(request, order_id: int, payload: ExplodeIn):
    order = flow_access.access_order_for_lots(request.user, order_id)
    started = []
    if not payload.dry_run:
        started = perform(
            request,
            lambda origin: flow_explode.start_lots_for_order(
                actor=request.user, order=order, expected=payload.expected, origin=origin
            ),
        )
    proposal = flow_explode.propose(order)
    return {
        "order": order.number,
        "dry_run": payload.dry_run,
        "proposal": [_proposed(row) for row in proposal],
        "fingerprint": flow_explode.fingerprint(proposal),
        "started": [
            {
                "id": lot.pk,
                "number": lot.document.number,
                "item_code": lot.item.code,
                "quantity": lot.quantity,
            }
            for lot in started
        ],
    }


def _chain(chain):
    return {
        "item_code": chain.item.code,
        "item_name": chain.item.name,
        "started": chain.started,
        "operations": [box.__dict__ for box in chain.boxes],
        "ends": dict(chain.ends),
        "sides": dict(chain.sides),
        "lots": [
            {
                "lot": route.lot.document.number,
                "started": route.lot.quantity,
                "passed": [s.name for s, _q, state in route.steps if state == flow_queries.PASSED],
                "current": [
                    s.name for s, _q, state in route.steps if state == flow_queries.CURRENT
                ],
                "next": route.next_step.name if route.next_step else None,
            }
            for route in chain.routes
        ],
    }


@router.get("/flow/orders/{order_id}", response=list[ChainOut])
def order_flow(request, order_id: int):
    order = flow_access.access_order_for_lots(request.user, order_id)
    lots = flow_access.order_lots(request.user, order)
    return [_chain(chain) for chain in flow_queries.order_flow(lots)]


@router.get("/flow/items/{item_id}", response=list[ChainOut])
def item_flow(request, item_id: int):
    item = Item.objects.filter(pk=item_id).first()
    if item is None:
        raise NotFound()
    return [_chain(chain) for chain in flow_queries.item_flow(request.user, item)]
