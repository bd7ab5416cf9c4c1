"""The garment order at 宜兴华美服装厂 that the quality browser tests start from: 张伟's
order of 男式夹克, placed at the contracted factory, with 韩雪 (QC) and 邓芳, the
factory's own login, granted for that factory."""

import datetime
from decimal import Decimal

from gendan.org.models import RoleGrant, Site
from gendan.sales import services as sales
from gendan.sales.models import Order
from tests.factories import UserFactory, grant, seed_role
from tests.sales.factories import CustomerFactory, item, merchandiser_user


def garment_order_at_huamei(quantity, *, factory_due_in=30, delivery_in=40):
    factory = Site.objects.create(
        code="F-YX", name="宜兴华美服装厂", kind=Site.Kind.CONTRACTED_FACTORY
    )
    merchandiser = merchandiser_user("zhangwei", "张伟")
    today = datetime.date.today()
    order = sales.create_order(
        actor=merchandiser,
        customer=CustomerFactory(merchandiser=merchandiser),
        channel=Order.Channel.PHONE,
        order_type=Order.OrderType.GARMENT,
        order_date=today - datetime.timedelta(days=10),
        delivery_date=today + datetime.timedelta(days=delivery_in),
        lines=[
            {
                "item": item("JK-M01", "男式夹克"),
                "quantity": Decimal(quantity),
                "unit_price": Decimal(168),
            }
        ],
    )
    sales.place_factory_order(
        actor=merchandiser,
        order=order,
        factory=factory,
        due_date=today + datetime.timedelta(days=factory_due_in),
    )
    grant(UserFactory(username="hanxue", first_name="韩雪"), "qc")
    RoleGrant.objects.create(
        user=UserFactory(username="dengfang", first_name="邓芳"),
        role=seed_role("factory"),
        scope_key=f"supplier:{factory.pk}",
    )
    return order
