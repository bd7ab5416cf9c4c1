"""Personas of the express follow-up desk (D3): 唐伟 the team lead, 梁晨 of logistics,
张伟 and 刘敏 who follow up, 宋雨 the auditor, 罗欣 the order taker."""

import datetime

import pytest

from gendan.org.models import Employee
from tests.factories import SiteFactory, UserFactory
from tests.sales.factories import CustomerFactory, give_role, make_order

DAY = datetime.date(2026, 3, 10)


def _person(username, name, role_code, *perms):
    user = give_role(UserFactory(username=username, first_name=name), role_code, *perms)
    Employee.objects.create(user=user, code=f"E-{username}", name=name, site=SiteFactory())
    return user


@pytest.fixture
def lead(db):
    return _person("tangwei", "唐伟", "followup_lead", "view_customer_contact", "view_order")


@pytest.fixture
def logistics_clerk(db):
    return _person("liangchen", "梁晨", "logistics", "view_order")


@pytest.fixture
def zhang(db):
    return _person("zhangwei", "张伟", "merchandiser", "view_order", "add_order")


@pytest.fixture
def liu(db):
    return _person("liumin", "刘敏", "merchandiser", "view_order", "add_order")


@pytest.fixture
def auditor(db):
    return _person("songyu", "宋雨", "auditor", "view_order")


@pytest.fixture
def order_of_zhang(zhang):
    customer = CustomerFactory(
        name="陈小红",
        phone="13912345678",
        address="浙江省杭州市西湖区文三路 1 号",
        merchandiser=zhang,
    )
    return make_order(zhang, customer=customer)
