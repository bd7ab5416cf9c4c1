"""The API ships through the ledger too (D2-5, D2-0): a batch chosen per line, 409 with
the figures when short and nothing changed, a customer return with its explanation.
Persona: 刘洋 the merchandiser, calling from a phone app with a token."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from gendan.api.services import create_token
from gendan.sales.models import DeliveryNote
from gendan.stock import ledger
from gendan.stock.locations import standard_location
from gendan.stock.models import Batch
from tests.sales.factories import item, make_order
from tests.slips import factories as slips


@pytest.fixture
def api(merchandiser):
    token = create_token(actor=merchandiser, name="手机")[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def post(path, payload):
        return client.post(f"/api/v1/sales{path}", payload, content_type="application/json")

    return post


@pytest.fixture
def stocked_order(merchandiser, customer):
    machine = item("1GQN-200", "旋耕机")
    shelf = slips.warehouse(items=[machine]).locations.get()
    batch = Batch.objects.create(
        item=machine, number="CP-2510", expires_on=datetime.date(2027, 1, 1)
    )
    ledger.post_moves(
        actor=merchandiser,
        moves=[ledger.Move(machine, Decimal(8), standard_location("OPENING"), shelf, batch)],
    )
    order = make_order(
        merchandiser,
        customer=customer,
        lines=[{"item": machine, "quantity": Decimal(12), "unit_price": Decimal(1)}],
    )
    return order, machine, shelf


def test_d2_5_the_api_ships_the_batch_chosen(api, stocked_order):
    order, machine, shelf = stocked_order
    line = order.lines.get()

    response = api(
        f"/orders/{order.pk}/delivery-notes",
        {"lines": [{"order_line": line.pk, "quantity": "3", "batch_number": "CP-2510"}]},
    )

    assert response.status_code == 201, response.content
    assert response.json()["lines"][0]["batch_number"] == "CP-2510"
    assert ledger.on_hand(machine, shelf) == 5


def test_d2_5_the_api_refuses_a_shortfall_with_409_and_the_figures(api, stocked_order):
    order, machine, shelf = stocked_order
    line = order.lines.get()

    response = api(
        f"/orders/{order.pk}/delivery-notes", {"lines": [{"order_line": line.pk, "quantity": "9"}]}
    )

    assert response.status_code == 409
    assert "现存 8 件" in response.json()["detail"]
    assert response.json()["field"] == "lines[1].quantity"
    assert DeliveryNote.objects.count() == 0 and ledger.on_hand(machine, shelf) == 8


def test_d2_0_the_api_takes_goods_back_with_an_explanation(api, stocked_order):
    order, machine, shelf = stocked_order
    line = order.lines.get()
    api(f"/orders/{order.pk}/delivery-notes", {"lines": [{"order_line": line.pk, "quantity": "4"}]})

    refused = api(
        f"/orders/{order.pk}/customer-returns",
        {"lines": [{"order_line": line.pk, "quantity": "1"}], "explanation": " "},
    )
    taken = api(
        f"/orders/{order.pk}/customer-returns",
        {"lines": [{"order_line": line.pk, "quantity": "1"}], "explanation": "护罩变形"},
    )

    assert refused.status_code == 400 and refused.json()["field"] == "explanation"
    assert taken.status_code == 201 and taken.json()["kind"] == "return"
    assert ledger.on_hand(machine, shelf) == 5
