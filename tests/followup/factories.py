"""Factories of the follow-up tests: customers, items and orders taken through the
sales service, so the domain events fire as they do in production."""

from datetime import date

import factory

from gendan.catalog.models import Item, Unit
from gendan.sales.models import Customer
from gendan.sales.services import create_order


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"C{n:04d}")
    name = factory.Sequence(lambda n: f"华联服饰{n}")


def piece_item(code="SHIRT-01", name="男式衬衫"):
    unit, _created = Unit.objects.get_or_create(code="pcs", defaults={"name": "件"})
    item, _created = Item.objects.get_or_create(
        code=code, defaults={"name": name, "kind": "product", "unit": unit}
    )
    return item


def take_order(
    actor,
    *,
    order_type="garment",
    order_date=date(2025, 8, 1),
    delivery_date=date(2025, 10, 10),
    channel="phone",
    customer=None,
    merchandiser=None,
    lines=1,
):
    return create_order(
        actor=actor,
        customer=customer or CustomerFactory(),
        channel=channel,
        order_type=order_type,
        order_date=order_date,
        delivery_date=delivery_date,
        merchandiser=merchandiser,
        lines=[
            {"item": piece_item(), "quantity": 100 + n, "unit_price": "12.50"} for n in range(lines)
        ],
    )
