"""The order's "发货" milestone completes from the delivery note that ships its goods
(D2-5, D5-3.4): the delivery posting publishes DeliveryShipped, follow-up subscribes
(followup/handlers.py). Persona: 刘洋 the merchandiser."""

import datetime
from decimal import Decimal

import time_machine
from django.utils import timezone

from gendan.followup.models import Milestone
from gendan.sales import services
from gendan.stock import ledger
from gendan.stock.locations import standard_location
from gendan.stock.models import Batch, StockMove
from tests.sales.factories import item
from tests.slips import factories as slips


def test_d2_5_shipping_completes_the_orders_shipping_milestone(
    merchandiser, customer, django_capture_on_commit_callbacks
):
    machine = item("1GQN-200", "旋耕机")
    shelf = slips.warehouse(items=[machine]).locations.get()
    batch = Batch.objects.create(item=machine, number="CP-2508", expires_on=None)
    ledger.post_moves(
        actor=merchandiser,
        moves=[ledger.Move(machine, Decimal(5), standard_location("OPENING"), shelf, batch)],
    )
    with time_machine.travel(
        datetime.datetime(2025, 8, 1, 9, tzinfo=timezone.get_current_timezone()), tick=False
    ):
        with django_capture_on_commit_callbacks(execute=True):
            order = services.create_order(
                actor=merchandiser,
                customer=customer,
                channel="phone",
                order_type="machinery",
                order_date=datetime.date(2025, 8, 1),
                delivery_date=datetime.date(2025, 10, 10),
                lines=[{"item": machine, "quantity": 5, "unit_price": "18000"}],
            )
        assert Milestone.objects.get(order=order, name="发货").status != Milestone.Status.DONE

        with django_capture_on_commit_callbacks(execute=True):
            note = services.create_delivery_note(
                actor=merchandiser,
                order=order,
                lines=[{"order_line": order.lines.get().pk, "quantity": "5"}],
            )

    shipped = Milestone.objects.get(order=order, name="发货")
    assert shipped.status == Milestone.Status.DONE
    assert StockMove.objects.filter(document=note.document).count() == 1
    assert ledger.balance(machine, shelf, batch) == 0
