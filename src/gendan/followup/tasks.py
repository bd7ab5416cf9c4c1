"""Nightly work of the follow-up desk (Huey periodic tasks)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gendan.followup.models import OrderProgress
from gendan.followup.services import sync_progress


def refresh_open_orders():
    """Recompute every open order's board row (forecast, at risk), since time alone
    moves an order towards lateness. Returns how many rows were refreshed."""
    count = 0
    for order_id in (
        OrderProgress.objects.filter(is_open=True).values_list("order_id", flat=True).iterator()
    ):
        sync_progress(order_id=order_id)
        count += 1
    return count


@db_periodic_task(crontab(hour="2", minute="10"))
def nightly_refresh_of_open_orders():
    return refresh_open_orders()
