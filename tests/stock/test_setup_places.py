"""Storage places (库位) kept on the warehouse setup page: the chief storekeeper adds,
renames and stops using them; each place in use is a stock location, so a slip's
storekeeper signature no longer fails with "no storage place" (issue 10)."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from gendan.core.errors import DomainError
from gendan.org.models import StoragePlace
from gendan.stock import warehouse_items
from gendan.stock.models import Location
from gendan.stock.slips.locations import warehouse_location
from tests.factories import UserFactory, WarehouseFactory, grant
from tests.stock.factories import ItemFactory, receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished_goods(db):
    return WarehouseFactory(code="CP", name="成品库")


@pytest.fixture
def chief_storekeeper(db):
    """郑敏, chief storekeeper, granted everywhere."""
    user = UserFactory(username="zhengmin", first_name="郑敏")
    grant(user, "chief_storekeeper")
    return user


@pytest.fixture
def storekeeper(finished_goods):
    user = UserFactory(username="wuqiang", first_name="吴强")
    grant(user, "storekeeper", warehouse=finished_goods)
    return user


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_chief_storekeeper_adds_a_storage_place_and_slips_can_post_there(
    chief_storekeeper, finished_goods
):
    """The warehouse had no place, so every signature was refused; one added on the
    page is the location slips post into."""
    with pytest.raises(DomainError):
        warehouse_location(finished_goods)
    response = _client(chief_storekeeper).post(
        reverse("stock:setup-place-add", args=[finished_goods.pk]),
        {"code": "A-01", "name": "一号货架"},
    )
    assert response.status_code == 302
    place = StoragePlace.objects.get(warehouse=finished_goods, code="A-01")
    location = warehouse_location(finished_goods)
    assert location.storage_place == place
    assert location.kind == Location.Kind.WAREHOUSE and location.is_active
    page = _client(chief_storekeeper).get(reverse("stock:setup-places", args=[finished_goods.pk]))
    assert "一号货架" in page.content.decode()


def test_a_place_code_is_used_once_per_warehouse(chief_storekeeper, finished_goods):
    client = _client(chief_storekeeper)
    url = reverse("stock:setup-place-add", args=[finished_goods.pk])
    client.post(url, {"code": "A-01"})
    response = client.post(url, {"code": "A-01", "name": "重复"})
    assert response.status_code == 400
    assert "A-01" in response.content.decode()
    assert StoragePlace.objects.filter(warehouse=finished_goods).count() == 1


def test_renaming_a_place_renames_its_location(chief_storekeeper, finished_goods):
    place = warehouse_items.add_storage_place(
        actor=chief_storekeeper, warehouse=finished_goods, code="A-01"
    )
    _client(chief_storekeeper).post(
        reverse("stock:setup-place-rename", args=[place.pk]), {"name": "南墙货架"}
    )
    place.refresh_from_db()
    assert place.name == "南墙货架"
    assert place.location.name == "成品库 南墙货架"


def test_a_place_that_holds_stock_cannot_be_stopped(chief_storekeeper, finished_goods):
    """Every quantity is accounted for: stock moves out by a slip before the place closes."""
    place = warehouse_items.add_storage_place(
        actor=chief_storekeeper, warehouse=finished_goods, code="A-01"
    )
    receive(chief_storekeeper, ItemFactory(), place.location, Decimal("5"))
    _client(chief_storekeeper).post(reverse("stock:setup-place-deactivate", args=[place.pk]))
    assert Location.objects.get(pk=place.location.pk).is_active


def test_an_empty_place_is_stopped_and_used_again(chief_storekeeper, finished_goods):
    place = warehouse_items.add_storage_place(
        actor=chief_storekeeper, warehouse=finished_goods, code="A-01"
    )
    client = _client(chief_storekeeper)
    client.post(reverse("stock:setup-place-deactivate", args=[place.pk]))
    assert not Location.objects.get(storage_place=place).is_active
    with pytest.raises(DomainError):
        warehouse_location(finished_goods)
    client.post(reverse("stock:setup-place-activate", args=[place.pk]))
    assert warehouse_location(finished_goods).storage_place == place


def test_a_place_made_before_its_location_is_put_in_use(chief_storekeeper, finished_goods):
    """Places that exist without a location (an older demo) get one when put in use."""
    place = StoragePlace.objects.create(warehouse=finished_goods, code="B-01")
    _client(chief_storekeeper).post(reverse("stock:setup-place-activate", args=[place.pk]))
    assert warehouse_location(finished_goods).storage_place == place


def test_a_storekeeper_sees_no_place_form_and_is_refused(storekeeper, finished_goods):
    client = _client(storekeeper)
    response = client.post(
        reverse("stock:setup-place-add", args=[finished_goods.pk]), {"code": "X-1"}
    )
    assert response.status_code == 404
    assert not StoragePlace.objects.filter(warehouse=finished_goods).exists()


def test_the_places_are_exported_to_excel(chief_storekeeper, finished_goods):
    import io

    from python_calamine import CalamineWorkbook

    warehouse_items.add_storage_place(
        actor=chief_storekeeper, warehouse=finished_goods, code="A-01", name="整机区"
    )
    response = _client(chief_storekeeper).get(
        reverse("stock:setup-places", args=[finished_goods.pk]), {"format": "xlsx"}
    )
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    assert sheet.to_python()[1][:2] == ["A-01", "整机区"]
