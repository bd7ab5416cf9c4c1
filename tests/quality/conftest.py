"""Personas of the quality module: 韩雪 (QC, the inspector), 张伟 (merchandiser), 邓芳
(工厂, the login of 宜兴华美服装厂), 钱厂长 (工厂 of another factory), and a garment
order of 3,200 pieces placed at 宜兴华美."""

import datetime
from decimal import Decimal

import pytest

from gendan.org.models import RoleGrant, Site
from gendan.sales import services as sales
from gendan.sales.models import Order
from tests.factories import UserFactory, grant, seed_role
from tests.sales.factories import CustomerFactory, item, merchandiser_user

TODAY = datetime.date(2026, 3, 10)  # a Tuesday


def factory_login(username, name, factory):
    user = UserFactory(username=username, first_name=name)
    RoleGrant.objects.create(
        user=user, role=seed_role("factory"), scope_key=f"supplier:{factory.pk}"
    )
    return user


@pytest.fixture
def huamei(db):
    return Site.objects.get_or_create(
        code="F-YX",
        defaults={
            "name": "宜兴华美服装厂",
            "kind": Site.Kind.CONTRACTED_FACTORY,
            "contact": "邓芳",
        },
    )[0]


@pytest.fixture
def nantong(db):
    return Site.objects.get_or_create(
        code="F-NT", defaults={"name": "南通制衣厂", "kind": Site.Kind.CONTRACTED_FACTORY}
    )[0]


@pytest.fixture
def qc(db):
    user = UserFactory(username="hanxue", first_name="韩雪")
    grant(user, "qc")
    return user


@pytest.fixture
def merchandiser(db):
    return merchandiser_user("zhangwei", "张伟")


@pytest.fixture
def factory_user(huamei):
    return factory_login("dengfang", "邓芳", huamei)


@pytest.fixture
def other_factory_user(nantong):
    return factory_login("qianchang", "钱厂长", nantong)


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider", first_name="路人")


def make_factory_order(merchandiser, factory, quantity=3200):
    order = sales.create_order(
        actor=merchandiser,
        customer=CustomerFactory(merchandiser=merchandiser),
        channel=Order.Channel.PHONE,
        order_type=Order.OrderType.GARMENT,
        order_date=TODAY - datetime.timedelta(days=20),
        delivery_date=TODAY + datetime.timedelta(days=40),
        lines=[{"item": item("JK-M01", "男式夹克"), "quantity": Decimal(quantity),
                "unit_price": Decimal("168")}],
    )  # fmt: skip
    return sales.place_factory_order(
        actor=merchandiser,
        order=order,
        factory=factory,
        due_date=TODAY + datetime.timedelta(days=30),
    )


@pytest.fixture
def factory_order(merchandiser, huamei):
    return make_factory_order(merchandiser, huamei)
