"""The inspection plan listens to core events (connected from plan_papers.py at
start-up): D4-14, when an order closes, its written summary is drafted for the
merchandiser to edit and send."""

from django.utils.translation import gettext_lazy as _

from gendan.core import events


@events.labelled(_("quality: draft the order summary"))
def on_order_closed(event):
    from gendan.quality import plan_services

    plan_services.draft_summary_when_closed(order_id=event.order_id)


def connect():
    events.subscribe(events.OrderClosed, on_order_closed)


connect()
