"""Locations, the items a warehouse manages (D1-6.2), batches and expiry (D5-2.1)."""

import datetime
from decimal import Decimal

import pytest

from gendan.core.errors import DomainError
from gendan.org.models import StoragePlace
from gendan.stock import batches
from gendan.stock.locations import (
    ItemNotManaged,
    create_location,
    ensure_standard_locations,
    location_for_storage_place,
    manage_item,
    require_managed,
    stop_managing,
)
from gendan.stock.models import Location
from tests.factories import WarehouseFactory
from tests.stock.factories import ItemFactory, WarehouseLocationFactory, receive

pytestmark = pytest.mark.django_db


def test_standard_locations_exist_once_and_only_outside_ones_may_go_negative():
    first = ensure_standard_locations()
    again = ensure_standard_locations()

    assert first.keys() == again.keys()
    assert first["ADJUSTMENT"].allows_negative and first["OPENING"].allows_negative
    assert not first["SCRAP"].allows_negative and not first["TRANSIT"].allows_negative
    assert Location.objects.filter(code="SCRAP").count() == 1


def test_a_station_needs_its_workshop_and_may_never_go_negative(admin_user, machining):
    with pytest.raises(DomainError, match="workshop"):
        create_location(actor=admin_user, code="JJ-01", name="工位", kind="station")
    with pytest.raises(DomainError, match="negative"):
        create_location(
            actor=admin_user,
            code="JJ-01",
            name="工位",
            kind="station",
            workshop=machining,
            allows_negative=True,
        )

    waiting = create_location(
        actor=admin_user, code="JJ-DL", name="待料区", kind="waiting_area", workshop=machining
    )
    assert waiting.scope_key == f"workshop:{machining.pk}"


def test_a_storage_place_gets_its_location_once(admin_user):
    warehouse = WarehouseFactory(code="WH1", name="一号库")
    place = StoragePlace.objects.create(warehouse=warehouse, code="A01", name="A区01")

    location = location_for_storage_place(actor=admin_user, storage_place=place)

    assert location.code == "WH1-A01" and location.is_warehouse_managed
    assert location_for_storage_place(actor=admin_user, storage_place=place) == location


def test_a_warehouse_receives_only_the_items_it_manages(admin_user):
    warehouse = WarehouseFactory(code="WH1", name="一号库")
    axle = ItemFactory(code="BZ-01", name="半轴")
    with pytest.raises(ItemNotManaged, match="does not manage BZ-01 半轴"):
        require_managed(warehouse, axle)

    manage_item(actor=admin_user, warehouse=warehouse, item=axle)
    require_managed(warehouse, axle)

    stop_managing(actor=admin_user, warehouse=warehouse, item=axle)
    with pytest.raises(ItemNotManaged):
        require_managed(warehouse, axle)


def test_a_batch_keeps_the_expiry_it_was_received_with():
    milk = ItemFactory(code="NF-01")
    lot = batches.batch_for(milk, "L1", datetime.date(2027, 1, 1))

    assert batches.batch_for(milk, " L1 ", None) == lot
    with pytest.raises(DomainError, match="expires on 2027-01-01"):
        batches.batch_for(milk, "L1", datetime.date(2027, 2, 1))


def test_first_expiry_first_out_suggests_the_soonest_batches_first(admin_user):
    shelf = WarehouseLocationFactory(code="WH1-A01")
    milk = ItemFactory(code="NF-01")
    late = batches.batch_for(milk, "LATE", datetime.date(2027, 6, 1))
    soon = batches.batch_for(milk, "SOON", datetime.date(2027, 1, 1))
    undated = batches.batch_for(milk, "OPEN")
    for lot, quantity in ((late, 10), (soon, 4), (undated, 5)):
        receive(admin_user, milk, shelf, quantity, batch=lot)

    assert batches.fefo_suggestion(milk, shelf, 12) == [(soon, 4), (late, 8)]
    assert batches.fefo_suggestion(milk, shelf, 30) == [(soon, 4), (late, 10), (undated, 5)]


def test_near_expiry_lists_stock_expiring_within_the_window(admin_user):
    shelf = WarehouseLocationFactory(code="WH1-A01")
    milk = ItemFactory(code="NF-01")
    today = datetime.date(2027, 1, 1)
    soon = batches.batch_for(milk, "SOON", today + datetime.timedelta(days=10))
    later = batches.batch_for(milk, "LATER", today + datetime.timedelta(days=90))
    receive(admin_user, milk, shelf, 3, batch=soon)
    receive(admin_user, milk, shelf, 3, batch=later)

    listed = list(batches.near_expiry(today=today))

    assert [(row.batch, row.quantity) for row in listed] == [(soon, Decimal(3))]
    assert len(batches.near_expiry(days=100, today=today)) == 2
