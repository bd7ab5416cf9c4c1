"""The sales papers (D2-2, D2-5): orders/contracts and delivery notes, one book a year
each, numbered HT-2026-000123 and SH-2026-000001. Neither is signed along a chain."""

from django.utils.translation import gettext_lazy as _

from gendan.core import events
from gendan.core.papers import PER_YEAR, PaperType, declare
from gendan.sales.services import voiding
from gendan.sales.services.deliveries import DELIVERY_NOTE_SLIP_TYPE
from gendan.sales.services.orders import ORDER_SLIP_TYPE

# The order desk and the merchandisers read the sales papers wherever they are granted.
SALES_DESK = ("order_taker", "merchandiser", "sales_manager", "followup_lead")

ORDER = declare(
    PaperType(
        code=ORDER_SLIP_TYPE,
        name=_("order or contract"),
        prefix="HT",
        book_rule=PER_YEAR,
        readers=SALES_DESK,
        voiding=voiding.void_order_paper,
        publishes=(
            events.OrderCreated,
            events.OrderConfirmed,
            events.OrderAmended,
            events.OrderCancelled,
            events.OrderClosed,
            events.OrderReopened,
        ),
    )
)

DELIVERY_NOTE = declare(
    PaperType(
        code=DELIVERY_NOTE_SLIP_TYPE,
        name=_("delivery note"),
        prefix="SH",
        book_rule=PER_YEAR,
        readers=(*SALES_DESK, "logistics", "storekeeper", "chief_storekeeper"),
        voiding=voiding.void_delivery_note,
        publishes=(events.DeliveryShipped, events.OrderDelivered),
    )
)
