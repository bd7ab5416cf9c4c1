"""The order's lifecycle as a transition table, and every write of an order's status.

draft → unconfirmed → confirmed → in production → shipped → closed. Cancelling (with a
reason) is possible from any state before shipping; closing needs everything
delivered and paid, or a reason; the sales manager reopens a closed or cancelled order
(with a reason) to the state it had. No other code sets `Order.status`: the other
services call the functions below, which go through `core.transitions.transition`.
"""

import datetime

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gendan.core import events
from gendan.core.transitions import PREVIOUS, Move, TransitionTable, Who, transition
from gendan.sales.access import can_act_on_order
from gendan.sales.models import Order

Status = Order.Status
OPEN_BEFORE_SHIPPING = (Status.DRAFT, Status.UNCONFIRMED, Status.CONFIRMED, Status.IN_PRODUCTION)
RELEASED = (Status.CONFIRMED, Status.IN_PRODUCTION)
FINISHED = (Status.CLOSED, Status.CANCELLED)

ORDER_DESK = Who(
    label=gettext_lazy("the order's merchandiser or the sales office"),
    permission="sales.change_order",
    test=can_act_on_order,
)
SALES_MANAGER = Who(label=gettext_lazy("the sales manager"), role="sales_manager")


def _undelivered(order):
    return order.lines.filter(delivered_quantity__lt=F("quantity")).exists()


def why_close_needs_reason(order):
    """Why closing `order` needs a reason; empty when everything is delivered and paid."""
    undelivered, unpaid = _undelivered(order), order.balance_due > 0
    if not (undelivered or unpaid):
        return ""
    if undelivered and unpaid:
        problem = _("not everything is delivered and %(due)s is still due") % {
            "due": order.balance_due
        }
    elif undelivered:
        problem = _("not everything is delivered")
    else:
        problem = _("%(due)s is still due") % {"due": order.balance_due}
    return _("Order %(number)s: %(problem)s — give a reason to close it anyway.") % {
        "number": order.number,
        "problem": problem,
    }


def _back_from_shipped(order):
    """More to deliver on a shipped order: back to where it was before shipping."""
    return order.previous_status if order.previous_status in RELEASED else Status.CONFIRMED


def _event(event_class):
    """Build the move's event from (order, reason)."""
    return lambda order, reason: event_class(order_id=order.pk, reason=reason)


ORDER_TRANSITIONS = TransitionTable(
    name="order",
    states=dict(Status.choices),
    actions={
        "submit": gettext_lazy("submit"),
        "confirm": gettext_lazy("confirm"),
        "start_production": gettext_lazy("start production of"),
        "ship": gettext_lazy("mark as shipped"),
        "resume_shipping": gettext_lazy("resume shipping of"),
        "close": gettext_lazy("close"),
        "cancel": gettext_lazy("cancel"),
        "reopen": gettext_lazy("reopen"),
    },
    describe=lambda order: _("Order %(number)s") % {"number": order.number},
    previous_field="previous_status",
    moves=(
        Move("submit", (Status.DRAFT,), Status.UNCONFIRMED, who=ORDER_DESK),
        Move("confirm", (Status.UNCONFIRMED,), Status.CONFIRMED, who=ORDER_DESK),
        Move("start_production", (Status.CONFIRMED,), Status.IN_PRODUCTION),
        Move("ship", RELEASED, Status.SHIPPED),
        Move("resume_shipping", (Status.SHIPPED,), _back_from_shipped),
        Move(
            "close",
            (*RELEASED, Status.SHIPPED),
            Status.CLOSED,
            who=ORDER_DESK,
            reason=why_close_needs_reason,
            event=_event(events.OrderClosed),
        ),
        Move(
            "cancel",
            OPEN_BEFORE_SHIPPING,
            Status.CANCELLED,
            who=ORDER_DESK,
            reason=True,
            event=_event(events.OrderCancelled),
        ),
        Move(
            "reopen",
            FINISHED,
            PREVIOUS,
            who=SALES_MANAGER,
            reason=True,
            event=_event(events.OrderReopened),
        ),
    ),
)


def may(actor, order, action):
    """Whether `actor` may make `action` on `order` now (the page shows the button)."""
    return ORDER_TRANSITIONS.may(actor, order, action)


def page_actions(actor, order):
    """What the order page offers `actor`: {"cancel", "close", "reopen"} they may do now,
    and why closing needs a reason ("" when it does not)."""
    allowed = {action for action in ("cancel", "close", "reopen") if may(actor, order, action)}
    return {
        "allowed": allowed,
        "close_needs_reason": why_close_needs_reason(order) if "close" in allowed else "",
    }


def cancel_order(*, actor, order, reason, origin=None):
    """Cancel an order that has not shipped yet, with a reason; its plan's open
    milestones are cancelled (followup reacts to OrderCancelled)."""
    return _move(actor, order, "cancel", reason, origin)


def close_order(*, actor, order, reason="", origin=None):
    """Close an order: without a reason only when everything is delivered and paid."""
    return _move(actor, order, "close", reason, origin)


def reopen_order(*, actor, order, reason, origin=None):
    """The sales manager reopens a closed or cancelled order, with a reason, to the
    status it had; followup re-plans it (OrderReopened)."""
    return _move(actor, order, "reopen", reason, origin)


def submit_order(*, actor, order, origin=None):
    return _move(actor, order, "submit", "", origin)


def _move(actor, order, action, reason, origin):
    return transition(
        actor=actor, obj=order, action=action, reason=reason, table=ORDER_TRANSITIONS, origin=origin
    )


def confirm(*, actor, order, origin=None):
    """The confirmation call confirmed a 待确认 order (D5-3.3)."""
    return transition(
        actor=actor,
        obj=order,
        action="confirm",
        table=ORDER_TRANSITIONS,
        origin=origin,
        changes={"confirmed_at": timezone.now()},
    )


def start_production(*, actor, order, origin=None):
    """Production (in our plant or at a contracted factory) started on a confirmed
    order; an order already in production or further along stays where it is."""
    if order.status != Status.CONFIRMED:
        return order
    return transition(
        actor=actor, obj=order, action="start_production", table=ORDER_TRANSITIONS, origin=origin
    )


def ship_if_fully_delivered(*, actor, order, origin=None):
    """Mark a released order shipped once nothing is left to deliver (D5-3.5), and
    start its payment clock. Returns True when it moved."""
    if order.status not in RELEASED or _undelivered(order):
        return False
    changes = {"delivered_at": timezone.now()}
    if order.payment_due_date is None and order.payment_days_after_delivery is not None:
        changes["payment_due_date"] = timezone.localdate() + datetime.timedelta(
            days=order.payment_days_after_delivery
        )
    transition(
        actor=actor,
        obj=order,
        action="ship",
        table=ORDER_TRANSITIONS,
        origin=origin,
        changes=changes,
    )
    return True


def resume_shipping_if_undelivered(*, actor, order, origin=None):
    """A shipped order that has something to deliver again (a raised quantity, a new
    line) goes back to the state it shipped from."""
    if order.status != Status.SHIPPED or not _undelivered(order):
        return order
    return transition(
        actor=actor, obj=order, action="resume_shipping", table=ORDER_TRANSITIONS, origin=origin
    )
