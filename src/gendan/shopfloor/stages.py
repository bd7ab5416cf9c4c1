"""An order's production stages, read from where its lots' parts are (issue 11, order
integration; D5-3.4's machinery plan: 下料 → 机加工完成 → 装配完成).

For one lot:

- **cut** (下料): the lot's route has an operation named 下料, and no part is at it or at
  an operation before it;
- **machined** (机加工完成): no part is at an operation before 装配, in rework, awaiting
  dispatch or at an outsourcer (parts in the waiting area may be waiting for 装配 itself)
  — or, for a lot whose route has no 装配, at any operation, in the waiting area, in
  rework, awaiting dispatch or at an outsourcer: every part is scrapped, awaiting receipt
  or in the warehouse;
- **assembled** (装配完成): the route has 装配, and no part is at it or before it, in the
  waiting area, in rework, awaiting dispatch or at an outsourcer.

A stage of an order is complete when at least one of its lots has that stage and every
such lot has passed it (a lot entirely scrapped has passed everything). Registering a
transfer slip publishes the stages it completed (`posting.post_transfer`).
"""

from gendan.core import events
from gendan.shopfloor import queries
from gendan.shopfloor.events import (
    AssemblyCompleted,
    CuttingCompleted,
    MachiningCompleted,
    TransferRegistered,
)
from gendan.shopfloor.models import Lot

CUTTING, ASSEMBLY = "下料", "装配"
CUT, MACHINED, ASSEMBLED = "cut", "machined", "assembled"
STAGE_ORDER = (CUT, MACHINED, ASSEMBLED)
NOT_YET_MADE = ("waiting", "rework", "outsourced", "awaiting_dispatch")
# Parts in the waiting area may be waiting for 装配 itself: they do not hold 机加工完成 back
NOT_MACHINED = ("rework", "outsourced", "awaiting_dispatch")


def _first(steps, name):
    return next((step.sequence for step in steps if step.name == name), None)


def lot_stages(lot, found):
    """{stage: passed?} for the stages the lot's route has."""
    steps = list(lot.steps.all())
    at = {step.sequence: found.get(step.name, 0) for step in steps}

    def clear_up_to(limit):
        return all(not quantity for sequence, quantity in at.items() if sequence <= limit)

    result = {}
    cutting, assembly = _first(steps, CUTTING), _first(steps, ASSEMBLY)
    if cutting is not None:
        result[CUT] = clear_up_to(cutting)
    if assembly is not None:
        machined = clear_up_to(assembly - 1) if assembly > min(at) else True
        result[MACHINED] = machined and not any(found.get(key) for key in NOT_MACHINED)
        result[ASSEMBLED] = clear_up_to(assembly) and not any(
            found.get(key) for key in NOT_YET_MADE
        )
    else:
        result[MACHINED] = clear_up_to(max(at, default=0)) and not any(
            found.get(key) for key in NOT_YET_MADE
        )
    return result


def order_stages(order_ids):
    """{order id: {stage: complete?}} for the orders' lots."""
    lots = list(
        Lot.objects.filter(order_id__in=list(order_ids)).prefetch_related("steps").order_by("pk")
    )
    found = queries.quantities(lots)
    result = {}
    for lot in lots:
        stages = result.setdefault(lot.order_id, {})
        for stage, passed in lot_stages(lot, found[lot.pk]).items():
            stages[stage] = stages.get(stage, True) and passed
    return result


def completed_stages(order_ids):
    """{(order id, stage)} complete now."""
    if not order_ids:
        return set()
    return {
        (order_id, stage)
        for order_id, stages in order_stages(order_ids).items()
        for stage, complete in stages.items()
        if complete
    }


def publish_registered(*, slip, lines, before, actor):
    """Inside the registration: `TransferRegistered` per order of its lots, and the order
    stages this registration completed (complete now, not before)."""
    document = slip.document
    by_order = {}
    for line in lines:
        if line.lot.order_id:
            by_order.setdefault(line.lot.order_id, []).append(
                (line.lot.item_id, f"{(line.received or 0).normalize():f}")
            )
    for order_id, rows in by_order.items():
        events.publish(
            TransferRegistered(
                document_id=document.pk,
                order_id=order_id,
                number=document.number,
                lines=tuple(rows),
            ),
            actor=actor,
        )
    for order_id, stage in sorted(completed_stages(set(by_order)) - before):
        proof = {"order_id": order_id, "document_id": document.pk}
        if stage == CUT:
            events.publish(CuttingCompleted(**proof), actor=actor)
        elif stage == MACHINED:
            events.publish(MachiningCompleted(**proof), actor=actor)
        elif stage == ASSEMBLED:
            events.publish(AssemblyCompleted(**proof), actor=actor)
