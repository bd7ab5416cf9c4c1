"""Every write of the sales desk. Each runs in one transaction and leaves an audit row;
other modules learn of the outcome through domain events published after commit."""

from gendan.sales.services._common import lock_order
from gendan.sales.services.amendments import amend_order
from gendan.sales.services.customers import (
    add_contact,
    create_customer,
    give_feedback,
    log_communication,
    update_customer,
)
from gendan.sales.services.deliveries import (
    DELIVERY_NOTE_SLIP_TYPE,
    complete_if_fully_delivered,
    create_delivery_note,
    record_customer_return,
)
from gendan.sales.services.factory_orders import check_factory_order, place_factory_order
from gendan.sales.services.lifecycle import (
    ORDER_TRANSITIONS,
    cancel_order,
    close_order,
    reopen_order,
    submit_order,
)
from gendan.sales.services.orders import (
    CONFIRMATION_NEEDED,
    ORDER_SLIP_TYPE,
    confirm_order,
    create_order,
    require_confirmed,
)
from gendan.sales.services.payments import record_payment

__all__ = [
    "CONFIRMATION_NEEDED",
    "DELIVERY_NOTE_SLIP_TYPE",
    "ORDER_SLIP_TYPE",
    "ORDER_TRANSITIONS",
    "add_contact",
    "amend_order",
    "cancel_order",
    "check_factory_order",
    "close_order",
    "complete_if_fully_delivered",
    "confirm_order",
    "create_customer",
    "create_delivery_note",
    "record_customer_return",
    "create_order",
    "give_feedback",
    "lock_order",
    "log_communication",
    "place_factory_order",
    "record_payment",
    "reopen_order",
    "require_confirmed",
    "submit_order",
    "update_customer",
]
