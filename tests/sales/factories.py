"""Sales test factories: customers, catalog rows made with the ORM, orders through the
service (so numbers come from the book and events are published)."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Permission

from gendan.catalog.models import Item, Unit
from gendan.core.pinyin import search_key
from gendan.org.models import Site
from gendan.sales import services
from gendan.sales.models import Customer, Order
from tests.factories import UserFactory, grant, seed_role

ORDER_DATE = datetime.date(2026, 3, 2)
DELIVERY_DATE = datetime.date(2026, 4, 30)


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    code = factory.Sequence(lambda n: f"C{n:04d}")
    name = factory.Sequence(lambda n: f"华北农机{n}")
    phone = "0311-88886666"
    address = "石家庄市裕华路 8 号"
    search_text = factory.LazyAttribute(lambda c: search_key(c.code, c.name))


def unit():
    return Unit.objects.get_or_create(code="pcs", defaults={"name": "件", "decimals": 0})[0]


def item(code="BZ-120", name="半轴"):
    return Item.objects.get_or_create(
        code=code, defaults={"name": name, "kind": "product", "unit": unit(), "spec": "Φ40"}
    )[0]


def contracted_factory():
    return Site.objects.get_or_create(
        code="F-NT",
        defaults={"name": "南通制衣厂", "kind": Site.Kind.CONTRACTED_FACTORY, "contact": "钱厂长"},
    )[0]


def give_role(user, role_code, *codenames):
    role = seed_role(role_code)
    role.permissions.add(
        *Permission.objects.filter(content_type__app_label="sales", codename__in=codenames)
    )
    grant(user, role_code)
    return user


MERCHANDISER_PERMS = (
    "view_order",
    "add_order",
    "change_order",
    "view_customer",
    "add_customer",
    "change_customer",
    "add_payment",
    "view_customer_contact",
    "view_prices",
)


def merchandiser_user(username="liuyang", name="刘洋"):
    return give_role(
        UserFactory(username=username, first_name=name), "merchandiser", *MERCHANDISER_PERMS
    )


def director_user(username="zhaogang2", name="赵刚"):
    """A workshop director: sees orders and customers, not prices or phone numbers (D2-6)."""
    return give_role(
        UserFactory(username=username, first_name=name),
        "workshop_director",
        "view_order",
        "view_customer",
    )


def make_order(actor, *, customer=None, channel=Order.Channel.PHONE, lines=None, **extra):
    lines = lines or [
        {"item": item(), "quantity": Decimal("100"), "unit_price": Decimal("123")},
    ]
    return services.create_order(
        actor=actor,
        customer=customer or CustomerFactory(merchandiser=actor),
        channel=channel,
        order_type=Order.OrderType.MACHINERY,
        order_date=extra.pop("order_date", ORDER_DATE),
        delivery_date=extra.pop("delivery_date", DELIVERY_DATE),
        lines=lines,
        **extra,
    )
