"""Every role's master-data jobs are done in the product: walking the item, people and
warehouse setup pages a role's menu leads to, and every link on them, no page answers
an error and none links to `/admin/` for a person who is not staff (issue 10)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from gendan.catalog.models import Item
from gendan.core import menu
from gendan.org.models import StoragePlace
from gendan.org.roles import SEED_ROLES
from gendan.stock import warehouse_items
from tests.catalog.factories import ItemFactory
from tests.factories import EmployeeFactory, UserFactory, WarehouseFactory, grant

pytestmark = pytest.mark.django_db

MASTER_DATA = ("/catalog/", "/people/", "/stock/setup/")
WORKSHOP_ROLES = {"clerk", "inspector", "operator", "workshop_director", "statistician"}
WAREHOUSE_ROLES = {"storekeeper"}
HREF = re.compile(r'href="([^"#?]+)"')


@pytest.fixture
def setting(machining, admin_user):
    """成品库 with a place and an item it manages; an item with a person behind it."""
    store = WarehouseFactory(code="CP", name="成品库")
    item = ItemFactory(code="BZ-120", name="半轴", kind=Item.Kind.FINISHED_PART)
    warehouse_items.assign_items(actor=admin_user, warehouse=store, items=[item])
    StoragePlace.objects.create(warehouse=store, code="A-01")
    return {"store": store, "workshop": machining, "item": item}


def _persona(role_code, setting):
    user = UserFactory(username=f"p-{role_code}", first_name=f"{role_code}者")
    if role_code in WORKSHOP_ROLES:
        grant(user, role_code, workshop=setting["workshop"])
    elif role_code in WAREHOUSE_ROLES:
        grant(user, role_code, warehouse=setting["store"])
    else:
        grant(user, role_code)
    EmployeeFactory(user=user, name=user.first_name, site=setting["workshop"].site)
    return user


def _walk(client, start_urls):
    """GET each master-data page and every master-data link on it, once."""
    seen, pending, pages = set(), list(start_urls), {}
    while pending and len(seen) < 40:
        url = pending.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        pages[url] = response.status_code
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        assert "/admin/" not in body, url
        pending += [
            href for href in HREF.findall(body) if href.startswith(MASTER_DATA) and href not in seen
        ]
    return pages


@pytest.mark.parametrize("role_code", [code for code, _name, _english in SEED_ROLES])
def test_each_role_does_its_master_data_jobs_without_the_admin(role_code, setting):
    user = _persona(role_code, setting)
    client = Client()
    client.force_login(user)
    start = [entry.url for entry in menu.entries_for(user) if entry.url.startswith(MASTER_DATA)]
    start.append(reverse("catalog:item-detail", args=[setting["item"].pk]))
    pages = _walk(client, start)
    errors = {url: status for url, status in pages.items() if status >= 400}
    assert errors == {}, errors
    home = client.get("/").content.decode()
    assert "/admin/" not in home


def test_the_warehouse_setup_is_in_the_menu_of_who_keeps_it_only(setting):
    keys = {}
    for role_code in ("statistician", "chief_storekeeper", "storekeeper", "clerk"):
        user = _persona(role_code, setting)
        keys[role_code] = {entry.key for entry in menu.entries_for(user)}
    assert "warehouse-setup" in keys["statistician"]
    assert "warehouse-setup" in keys["chief_storekeeper"]
    assert "warehouse-setup" not in keys["storekeeper"]
    assert "warehouse-setup" not in keys["clerk"]
