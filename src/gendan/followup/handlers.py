"""Reactions to what happened below: orders taken, confirmed, amended, and the events
that prove milestones (receipts, inspections, deliveries, payments)."""

from django.urls import reverse

from gendan.core import chains, events
from gendan.followup import expenses, services
from gendan.followup.models import COMPLETION_EVENTS

PROGRESS_EVENTS = ["order.created", "order.cancelled", "order.closed"]


def on_order_changed(order_id=None, **_payload):
    if order_id is not None:
        services.sync_progress(order_id=order_id)


def on_order_confirmed(order_id=None, **_payload):
    """D5-3.4: a confirmed order gets its plan; the confirmation completes its first step."""
    if order_id is None:
        return
    services.create_plan(actor=None, order_id=order_id)
    services.complete_by_event(event_name="order.confirmed", order_id=order_id)


def on_order_amended(order_id=None, **_payload):
    if order_id is not None:
        services.replan_order(actor=None, order_id=order_id)


def completion_handler(event_name):
    def handle(order_id=None, document_id=None, **_payload):
        if order_id is None:
            return
        evidence = reverse("core:document-detail", args=[document_id]) if document_id else ""
        services.complete_by_event(event_name=event_name, order_id=order_id, evidence_url=evidence)

    handle.__name__ = f"complete_on_{event_name.replace('.', '_')}"
    return handle


_handlers = {}


def connect():
    """Subscribe once per process (AppConfig.ready)."""
    if _handlers:
        return
    for name in PROGRESS_EVENTS:
        _handlers[name] = on_order_changed
    for name, _label in COMPLETION_EVENTS:
        _handlers.setdefault(name, completion_handler(name))
    _handlers["order.confirmed"] = on_order_confirmed
    _handlers["order.amended"] = on_order_amended
    for name, handler in _handlers.items():
        events.subscribe(name, handler)
    chains.on_posting(expenses.CLAIM_SLIP_TYPE, expenses.approve_posted_claim)
