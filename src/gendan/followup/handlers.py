"""Reactions to what happened below: orders taken, confirmed, amended, cancelled, and the
events that prove milestones (receipts, inspections, deliveries, payments).

Each handler receives the declared event (gendan.core.events) and runs in its own
transaction through the outbox: if it raises, it is retried, never lost.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gendan.core import events
from gendan.followup import purchases, services
from gendan.shopfloor import events as shopfloor_events
from gendan.stock.slips.kinds import KINDS
from gendan.stock.slips.models import SlipKind

PRODUCTION_RECEIPT = KINDS[SlipKind.PRODUCTION_RECEIPT].slip_type
PURCHASED_RECEIPT = KINDS[SlipKind.PURCHASED_RECEIPT].slip_type


@events.labelled(_("follow-up board: refresh the order's progress"))
def on_order_changed(event):
    services.sync_progress(order_id=event.order_id)


@events.labelled(_("follow-up: make the order's plan"))
def on_order_confirmed(event):
    """D5-3.4: a confirmed order gets its plan; the confirmation completes its first step."""
    services.create_plan(actor=None, order_id=event.order_id)
    services.complete_by_event(event=event, order_id=event.order_id)


@events.labelled(_("follow-up: re-plan the order"))
def on_order_amended(event):
    services.replan_order(actor=None, order_id=event.order_id)


@events.labelled(_("follow-up: cancel the order's open milestones"))
def on_order_cancelled(event):
    """Cancelling an order cancels its plan's open milestones."""
    services.cancel_open_milestones(order_id=event.order_id, reason=event.reason)
    services.sync_progress(order_id=event.order_id)


@events.labelled(_("follow-up: re-plan the reopened order"))
def on_order_reopened(event):
    """Reopening an order opens its cancelled milestones again and re-plans them."""
    services.replan_reopened_order(order_id=event.order_id, reason=event.reason)


@events.labelled(_("follow-up: re-plan the orders crossing the changed calendar year"))
def on_working_calendar_changed(event):
    """An administrator confirmed or changed the working days of a year: every open order
    whose plan crosses it is re-planned on the new days."""
    services.replan_for_calendar(year=event.year)


def _evidence(event):
    document_id = getattr(event, "document_id", None)
    return reverse("core:document-detail", args=[document_id]) if document_id else ""


@events.labelled(_("follow-up: complete the milestone this proves"))
def complete_milestone(event):
    """The event proves the first open milestone of its order waiting for it."""
    services.complete_by_event(event=event, order_id=event.order_id, evidence_url=_evidence(event))


@events.labelled(_("follow-up: complete the receipt milestones"))
def on_receipt_posted(event):
    """Two milestones of a plan can wait for a receipt (stored code `receipt.posted`):
    the bought parts arriving, early in the plan, and the finished goods going in, late.
    A production receipt for the order completes the last open one (成品入库); a
    purchased receipt completes the first open one (外购外协件到齐) once every bought
    line of the order is in (rule: followup/purchases.py)."""
    if event.order_id is None:
        return
    if event.paper_type == PRODUCTION_RECEIPT:
        last = True
    elif event.paper_type == PURCHASED_RECEIPT and purchases.all_bought_in(event.order_id):
        last = False
    else:
        return
    services.complete_by_event(
        event=event, order_id=event.order_id, evidence_url=_evidence(event), last=last
    )


# Event class → its handlers. ShipmentSigned can complete a milestone too but has no
# publisher until the logistics module signs shipments; it is subscribed then.
SUBSCRIPTIONS = {
    events.OrderCreated: [on_order_changed],
    events.OrderConfirmed: [on_order_confirmed],
    events.OrderAmended: [on_order_amended],
    events.OrderCancelled: [on_order_cancelled],
    events.OrderClosed: [on_order_changed],
    events.OrderReopened: [on_order_reopened],
    events.DeliveryShipped: [complete_milestone],
    events.OrderDelivered: [complete_milestone],
    events.PaymentRecorded: [complete_milestone],
    events.OrderPaid: [complete_milestone],
    events.InspectionPassed: [complete_milestone],
    shopfloor_events.CuttingCompleted: [complete_milestone],
    shopfloor_events.MachiningCompleted: [complete_milestone],
    shopfloor_events.AssemblyCompleted: [complete_milestone],
    events.ReceiptPosted: [on_receipt_posted],
    events.WorkingCalendarChanged: [on_working_calendar_changed],
}


_connected = []


def connect():
    """Subscribe once per process (AppConfig.ready)."""
    if _connected:
        return
    _connected.append(True)
    for event_class, handlers in SUBSCRIPTIONS.items():
        for handler in handlers:
            events.subscribe(event_class, handler)
