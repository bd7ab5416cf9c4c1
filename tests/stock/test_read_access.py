"""Stock figures are for the roles that read stock (issue 9, "Read leaks"): balances,
movements, near-expiry batches and count sheets once needed only a login."""

import pytest
from django.urls import reverse

from gendan.stock import counts
from tests.factories import UserFactory, grant
from tests.stock.factories import ItemFactory, WarehouseLocationFactory, receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(db):
    return WarehouseLocationFactory(code="WH1-A01", name="一号库A01")


@pytest.fixture
def storekeeper(shelf):
    """刘强 keeps one warehouse: a grant for that warehouse only."""
    user = UserFactory(username="liuqiang", first_name="刘强")
    grant(user, "storekeeper", warehouse=shelf.warehouse)
    return user


@pytest.fixture
def outside_factory(db):
    user = UserFactory(username="dengfang", first_name="邓芳")
    grant(user, "factory")
    return user


@pytest.fixture
def sheet(storekeeper, shelf):
    receive(storekeeper, ItemFactory(code="BZ-01"), shelf, 10)
    return counts.open_count(actor=storekeeper, location=shelf)


PAGES = ["stock:balance-list", "stock:near-expiry"]


def test_the_outside_factory_reads_no_stock_figure(client, outside_factory, sheet):
    client.force_login(outside_factory)
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 404
    assert client.get(reverse("stock:count-sheet", args=[sheet.pk])).status_code == 404
    assert client.get(reverse("stock:count-export", args=[sheet.pk])).status_code == 404
    assert client.get("/api/v1/stock/balances").status_code == 403
    assert client.get("/api/v1/stock/moves").status_code == 403
    assert client.get(f"/api/v1/stock/counts/{sheet.pk}").status_code == 404


def test_a_storekeeper_granted_for_one_warehouse_reads_its_stock(client, storekeeper, sheet):
    client.force_login(storekeeper)
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("stock:count-sheet", args=[sheet.pk])).status_code == 200
    assert client.get("/api/v1/stock/balances").status_code == 200
    assert client.get(f"/api/v1/stock/counts/{sheet.pk}").status_code == 200
