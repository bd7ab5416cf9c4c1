"""Bad input is refused where it enters the API (issue 9, "Bad input breaks it"): a 400
naming the field and the limit, and nothing is written. Each case was a 500 — or a
stored value that turned later pages into 500s — before the schemas were bounded."""

import pytest
from django.test import Client

from gendan.catalog.models import Item
from gendan.followup.models import Expense
from gendan.stock.slips.models import StockSlip
from tests.catalog.factories import UnitFactory


@pytest.fixture
def call(admin_user):
    client = Client()
    client.force_login(admin_user)

    def send(method, path, payload=None):
        url = f"/api/v1{path}"
        if method == "get":
            return client.get(url, payload or {})
        return client.post(url, payload or {}, content_type="application/json")

    return send


@pytest.fixture
def pieces(db):
    return UnitFactory(code="pcs", name="件", decimals=0)


def _item(**overrides):
    return {"code": "BZ-120", "name": "半轴", "kind": "part", "unit": "pcs", **overrides}


def _refused(response, field, *words):
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["field"] == field
    for word in words:
        assert word in body["detail"]
    return body


def test_a_weight_of_1e300_is_refused_with_the_columns_digits_and_not_stored(call, pieces):
    response = call("post", "/catalog/items", _item(weight_per_unit="1e300"))
    _refused(response, "weight_per_unit", "12")
    assert not Item.objects.exists()


def test_text_longer_than_its_column_is_refused_naming_the_length(call, pieces):
    response = call("post", "/catalog/items", _item(code="X" * 41))
    _refused(response, "code", "40")
    assert not Item.objects.exists()


def test_a_nul_character_is_refused(call, pieces):
    response = call("post", "/catalog/items", _item(name="半\x00轴"))
    _refused(response, "name", "NUL")
    assert not Item.objects.exists()


def test_a_slip_weight_of_1e30_is_refused_naming_the_line(call, pieces):
    line = {"item": 1, "quantity": "1", "weight": "1e30"}
    response = call(
        "post", "/slips/", {"kind": "purchased_receipt", "warehouse": 1, "lines": [line]}
    )
    _refused(response, "lines[0].weight", "14")
    assert not StockSlip.objects.exists()


def test_a_date_outside_1900_to_2200_is_refused(admin_user):
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        "/api/v1/followup/expenses",
        {"spent_on": "2300-01-01", "category": "lunch", "amount": "10"},
    )
    _refused(response, "spent_on", "1900-01-01", "2200-12-31")
    assert not Expense.objects.exists()


def test_an_amount_beyond_the_columns_digits_is_refused(admin_user):
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        "/api/v1/followup/expenses",
        {"spent_on": "2026-03-01", "category": "lunch", "amount": "7.8e104"},
    )
    _refused(response, "amount", "10")
    assert not Expense.objects.exists()


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/slips/", {"workshop": "abc"}, "workshop"),
        ("/slips/", {"date_from": "2026-13-45"}, "date_from"),
        ("/slips/", {"page": "2624928672381575512448693174272"}, "page"),
        ("/sales/orders", {"date_to": "yesterday"}, "date_to"),
        ("/sales/customers", {"page": "571297638003631872"}, "page"),
        ("/followup/board", {"offset": "3613885930519693099008"}, "offset"),
        ("/catalog/items", {"page": "31181187795643576320"}, "page"),
        ("/stock/balances", {"page": "31181187795643576320"}, "page"),
        ("/slips/", {"q": "半\x00轴"}, "q"),
    ],
)
def test_a_malformed_or_overflowing_filter_is_a_400_not_a_500(call, path, query, field):
    _refused(call("get", path, query), field)
