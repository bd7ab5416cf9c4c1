"""The sales desk's part of the demo (`gendan demo`, issue 10): the 旋耕机 order of
河北丰田农机经销部 ships part of its goods from 成品库 on a delivery note (送货单) —
the stock ledger takes them off the shelf (gendan.stock.shipping) — and the customer
sends one machine back (退货) with its explanation.

Runs after the warehouse demo (gendan.stock.demo), which puts the goods on the shelf.
Loading twice changes nothing: the notes are written only when the order has none.
"""

from django.contrib.auth import get_user_model

from gendan.sales import services
from gendan.sales.models import DeliveryNote, Order


def load(context):
    order = Order.objects.filter(customer__code="C001").order_by("pk").first()
    if order is None or DeliveryNote.objects.filter(order=order).exists():
        return
    merchandiser = get_user_model().objects.get(username="zhangwei")
    lines = {line.item.code: line for line in order.lines.select_related("item")}
    services.create_delivery_note(
        actor=merchandiser,
        order=order,
        lines=[
            {"order_line": lines["1GQN-200"].pk, "quantity": "4"},
            {"order_line": lines["BZ-120"].pk, "quantity": "10", "batch_number": "BZ-2510"},
        ],
        note="第一批：4 台整机、10 件半轴，物流自提",
    )
    services.record_customer_return(
        actor=merchandiser,
        order=order,
        lines=[{"order_line": lines["1GQN-200"].pk, "quantity": "1"}],
        explanation="到货验收发现一台旋耕机刀轴护罩变形，客户退回换货",
    )
