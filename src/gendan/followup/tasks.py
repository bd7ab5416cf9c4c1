"""Nightly work of the follow-up desk (Huey periodic tasks)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gendan.followup.models import Milestone, OrderProgress
from gendan.followup.services import replan_order, sync_progress


def refresh_open_orders():
    """Recompute every open order's board row (forecast, at risk), since time alone
    moves an order towards lateness; an order with a milestone still undated (planned
    before its year could be computed) is re-planned. Returns how many were refreshed."""
    undated = set(
        Milestone.objects.filter(status=Milestone.Status.OPEN)
        .exclude(planning_problem="")
        .values_list("order_id", flat=True)
    )
    count = 0
    for order_id in (
        OrderProgress.objects.filter(is_open=True).values_list("order_id", flat=True).iterator()
    ):
        if order_id in undated:
            replan_order(actor=None, order_id=order_id)
        else:
            sync_progress(order_id=order_id)
        count += 1
    return count


@db_periodic_task(crontab(hour="2", minute="10"))
def nightly_refresh_of_open_orders():
    return refresh_open_orders()
