"""/api/v1/slips: list, detail, create and one endpoint per action."""

from decimal import Decimal

import pytest
from django.test import Client

from gendan.stock import ledger
from gendan.stock.models import Location, StockMove
from gendan.stock.slips.models import StockSlip
from tests.slips.factories import put_stock

pytestmark = pytest.mark.usefixtures("chains_seeded")


def as_user(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)

    def call(method, path, payload=None):
        url = f"/api/v1/slips{path}"
        if method == "get":
            return client.get(url, payload or {})
        return client.post(url, payload or {}, content_type="application/json")

    return call


@pytest.fixture
def station(machining):
    return Location.objects.create(
        code="ST-JJ", name="机加", kind=Location.Kind.STATION, workshop=machining
    )


def create_receipt(statistician, store, machining, half_shaft, **extra):
    return as_user(statistician)(
        "post",
        "/",
        {
            "kind": "production_receipt",
            "warehouse": store.pk,
            "workshop": machining.pk,
            "lines": [{"item": half_shaft.pk, "quantity": "40"}],
        }
        | extra,
    )


def test_a_receipt_goes_through_its_chain_by_api_and_posts(
    statistician, inspector, director, storekeeper, machining, store, half_shaft, station
):
    put_stock(statistician, half_shaft, station, 40)
    created = create_receipt(statistician, store, machining, half_shaft, submit=True)
    assert created.status_code == 201, created.content
    slip = created.json()
    assert slip["status"] == "pending"
    assert slip["next_roles"] == ["inspector"]
    path = f"/{slip['id']}"
    assert as_user(inspector)("post", f"{path}/sign").json()["next_roles"] == ["workshop_director"]
    early = as_user(director)("post", f"{path}/post")
    assert early.status_code == 409
    assert early.json()["detail"].startswith(slip["number"])
    as_user(director)("post", f"{path}/sign")
    posted = as_user(storekeeper)("post", f"{path}/post", {"note": "数量相符"})
    assert posted.json()["status"] == "posted"
    assert posted.json()["lines"][0]["to_location"].startswith("CP-A01")
    assert ledger.balance(half_shaft, store.locations.get()) == Decimal(40)
    again = as_user(storekeeper)("post", f"{path}/post")
    assert again.status_code == 409
    voided = as_user(statistician)("post", f"{path}/void", {"reason": "写错"})
    assert voided.status_code == 400
    assert slip["number"] in voided.json()["detail"]  # the core's refusal: reverse it instead
    reversed_ = as_user(statistician)("post", f"{path}/reverse", {"reason": "数量写错"})
    assert reversed_.status_code == 201
    assert reversed_.json()["reverses"] == slip["id"]
    listed = as_user(statistician)("get", "/", {"status": "posted"}).json()
    assert [row["number"] for row in listed["items"]] == [slip["number"]]


def test_bad_lines_come_back_with_the_field(
    statistician, accountant, machining, store, round_steel
):
    response = as_user(accountant)(
        "post",
        "/",
        {
            "kind": "steel_issue",
            "warehouse": store.pk,
            "workshop": machining.pk,
            "lines": [
                {
                    "item": round_steel.pk,
                    "quantity": "10",
                    "product_model": "1GQN-200",
                    "part_name": "半轴",
                    "material_spec": "Φ60",
                    "grade": "",
                    "weight": "10",
                }
            ],
        },
    )
    assert response.status_code == 400
    assert response.json()["field"] == "lines[1].grade"
    assert StockSlip.objects.count() == 0
    assert StockMove.objects.count() == 0


def test_reject_returns_the_slip_to_its_author(
    statistician, inspector, machining, store, half_shaft
):
    slip = create_receipt(statistician, store, machining, half_shaft, submit=True).json()
    rejected = as_user(inspector)("post", f"/{slip['id']}/reject", {"reason": "数量不对"})
    assert rejected.json()["status"] == "draft"


def test_outsider_gets_not_found(outsider, statistician, machining, store, half_shaft):
    slip = create_receipt(statistician, store, machining, half_shaft).json()
    assert as_user(outsider)("get", f"/{slip['id']}").status_code == 404
    assert as_user(outsider)("post", f"/{slip['id']}/sign").status_code == 404


def test_outsourcer_holdings_by_api(coordinator, storekeeper, store, store_location, round_steel):
    from gendan.stock.slips.models import SlipKind
    from tests.slips.factories import line, supplier, through_chain, write

    heat_treater = supplier("OUT1", "邯郸热处理厂", kind="outsourcer")
    put_stock(storekeeper, round_steel, store_location, "200")
    slip = write(
        coordinator,
        SlipKind.OUTSOURCING_ISSUE,
        store,
        [line(round_steel, "80")],
        partner=heat_treater,
    )
    through_chain(slip, coordinator, storekeeper)
    rows = as_user(coordinator)("get", "/outsourcer-holdings").json()
    assert [(r["outsourcer"], r["item_code"], r["quantity"], r["days"]) for r in rows] == [
        ("邯郸热处理厂", "45#-Φ60", "80.0000", 0)
    ]
