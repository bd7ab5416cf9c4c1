"""`GET /api/v1/shopfloor/lots` by scope (issue 11; the matrix's `lot.view`, issue 9): a
person sees the lots of the workshops they hold a shop-floor role in; such a role granted
everywhere sees every lot; another role granted everywhere sees only its own.

Personas: 王芳 the clerk of 机加车间, 曹磊 the inspector of 焊接车间, 陈静 the
statistician; 何平 the inspector granted everywhere; 刘洋 the merchandiser granted
everywhere; 路人 with no role.
"""

from decimal import Decimal

import pytest

from gendan.catalog import services as catalog
from gendan.shopfloor import services
from tests.factories import UserFactory, grant
from tests.slips import factories


@pytest.fixture
def welded(admin_user, welding):
    """A lot of 焊接架 in 焊接车间, started by its director."""
    frame = factories.item("HJ-10", "焊接架", kind="part")
    catalog.define_process_sheet(
        actor=admin_user, item=frame, steps=[{"sequence": 10, "name": "焊", "workshop": welding}]
    )
    director = UserFactory(username="hj-director", first_name="焊接主任")
    grant(director, "workshop_director", workshop=welding)
    return services.start_lot(actor=director, item=frame, quantity=Decimal(12))


def _numbers(client, user):
    client.force_login(user)
    response = client.get("/api/v1/shopfloor/lots")
    assert response.status_code == 200
    return sorted(row["number"] for row in response.json())


def test_a_clerk_sees_the_lots_of_her_workshop_only(client, lot, welded, clerk):
    assert _numbers(client, clerk) == [lot.document.number]


def test_the_welding_inspector_sees_the_welding_lots_only(client, lot, welded, welding_inspector):
    assert _numbers(client, welding_inspector) == [welded.document.number]


def test_a_shop_floor_role_granted_everywhere_sees_every_lot(client, lot, welded):
    everywhere = UserFactory(username="heping", first_name="何平")
    grant(everywhere, "inspector")
    assert _numbers(client, everywhere) == sorted([lot.document.number, welded.document.number])


def test_a_role_granted_everywhere_that_is_not_for_the_shop_floor_sees_no_lot(client, lot, welded):
    merchandiser = UserFactory(username="liuyang", first_name="刘洋")
    grant(merchandiser, "merchandiser")
    assert _numbers(client, merchandiser) == []
    client.force_login(merchandiser)
    assert client.get(f"/api/v1/shopfloor/lots/{lot.pk}").status_code == 404


def test_an_outsider_sees_no_lot_in_the_list(client, lot, welded, outsider):
    client.force_login(outsider)
    response = client.get("/api/v1/shopfloor/lots")
    assert response.status_code in (200, 403)
    if response.status_code == 200:
        assert response.json() == []
