"""A menu with only what the role uses (issue 10 §10, JOURNEYS.md): every demo person's
menu lists only pages of their job, and every one of them opens (200) for that person.

Personas are the demo's (gendan.demo.PEOPLE): 王芳 the transfer clerk, 吴强 the
storekeeper of 成品库, 邓芳 of the contracted factory, 张伟 the merchandiser …"""

import pytest
from django.urls import reverse

from gendan.core import menu
from gendan.demo import PEOPLE
from tests.factories import UserFactory, WarehouseFactory, WorkshopFactory, grant

WAREHOUSES = {"CP"}


def _person(username, name, role_code, place):
    user = UserFactory(username=username, first_name=name)
    if place in WAREHOUSES:
        grant(user, role_code, warehouse=WarehouseFactory(code=place, name="成品库"))
    elif place:
        grant(user, role_code, workshop=WorkshopFactory(code=place, name="机加车间"))
    else:
        grant(user, role_code)
    return user


def _menu_keys(client, user):
    client.force_login(user)
    response = client.get(reverse("core:home"))
    return [entry.key for entry in response.context["menu_entries"]()]


@pytest.mark.parametrize("person", PEOPLE, ids=[person[2] for person in PEOPLE])
def test_each_demo_persons_menu_lists_only_pages_that_open_for_them(client, db, person):
    user = _person(*person)
    keys = _menu_keys(client, user)
    assert keys, f"{person[1]} has an empty menu"
    entries = {entry.key: entry for entry in menu.entries()}
    for key in keys:
        status = client.get(entries[key].url).status_code
        assert status == 200, f"{person[1]} ({person[2]}): {key} answers {status}"


def test_the_contracted_factory_sees_its_orders_and_inspections_not_the_warehouse(client, db):
    factory = _person("dengfang", "邓芳", "factory", None)
    keys = _menu_keys(client, factory)
    assert "order-board" in keys and "sampling-calculator" in keys
    assert not {"stock-on-hand", "warehouse-slips", "documents", "books"} & set(keys)


def test_the_storekeeper_sees_the_warehouse_not_the_order_desk(client, db):
    storekeeper = _person("wuqiang", "吴强", "storekeeper", "CP")
    keys = _menu_keys(client, storekeeper)
    assert {"stock-on-hand", "warehouse-slips"} <= set(keys)
    assert not {"order-board", "orders", "customers", "sales-todo", "trip-expenses"} & set(keys)


def test_the_order_taker_sees_the_order_desk_not_the_warehouse(client, db):
    order_taker = _person("luoxin", "罗欣", "order_taker", None)
    keys = _menu_keys(client, order_taker)
    assert {"orders", "customers", "order-board", "sales-todo"} <= set(keys)
    assert not {"stock-on-hand", "warehouse-slips", "sampling-calculator"} & set(keys)


def test_someone_without_a_role_sees_no_page_of_a_job(client, outsider):
    keys = _menu_keys(client, outsider)
    mine = {"orders", "customers", "order-board", "stock-on-hand", "warehouse-slips", "documents"}
    assert not mine & set(keys)
