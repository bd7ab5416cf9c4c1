"""A workshop's own station is found by its code: the shop floor keeps stations of its
own in the same workshop (one per operation, a rework place), and a material issue or a
return must never land at one of those (D1-5.3: a return is booked from where the
material was issued to)."""

import pytest

from gendan.stock.models import Location
from gendan.stock.slips.locations import production_location, station_location

pytestmark = pytest.mark.django_db


def test_d1_5_3_the_workshops_station_is_its_own_even_beside_operation_stations(machining):
    for code in ("OP-JJ-热处理", "OP-JJ-车", "RW-JJ"):  # sort before ST-JJ
        Location.objects.create(
            code=code, name=code, kind=Location.Kind.STATION, workshop=machining
        )
    station = station_location(machining)
    assert station.code == "ST-JJ"
    assert station_location(machining) == station  # found again, not created twice
    assert production_location(machining).code == "PR-JJ"
