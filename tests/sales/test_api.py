"""/api/v1/sales: lists and one endpoint per action, errors as {"detail", "field"}."""

import pytest
from django.test import Client

from gendan.api.services import create_token
from gendan.sales.models import Amendment, DeliveryNote, Order
from tests.sales.factories import item, make_order


@pytest.fixture
def api(merchandiser):
    token = create_token(actor=merchandiser, name="手机")[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def call(method, path, payload=None):
        if method == "get":
            return client.get(f"/api/v1/sales{path}", payload or {})
        return client.post(f"/api/v1/sales{path}", payload or {}, content_type="application/json")

    return call


def _order_payload(customer, **extra):
    return {
        "customer": customer.pk,
        "channel": "fax",
        "order_type": "garment",
        "order_date": "2026-03-02",
        "delivery_date": "2026-04-30",
        "lines": [{"item": item().pk, "quantity": "100", "unit_price": "123"}],
        **extra,
    }


def test_d5_3_3_api_flow_create_confirm_ship_and_pay(api, customer):
    created = api("post", "/orders", _order_payload(customer))
    assert created.status_code == 201, created.json()
    order = created.json()
    assert order["status"] == "unconfirmed" and order["total_amount"] == "12300.00"
    line_id = order["lines"][0]["id"]
    refused = api(
        "post",
        f"/orders/{order['id']}/delivery-notes",
        {"lines": [{"order_line": line_id, "quantity": "10"}]},
    )
    assert refused.status_code == 409 and DeliveryNote.objects.count() == 0
    confirmed = api(
        "post",
        f"/orders/{order['id']}/confirm",
        {"called_person": "张经理", "confirmed_text": "确认"},
    )
    assert confirmed.json()["status"] == "confirmed"
    note = api(
        "post",
        f"/orders/{order['id']}/delivery-notes",
        {"lines": [{"order_line": line_id, "quantity": "100"}]},
    )
    assert note.status_code == 201 and note.json()["order_status"] == "shipped"
    paid = api(
        "post",
        f"/orders/{order['id']}/payments",
        {"amount": "12300", "received_on": "2026-03-05", "method": "cash"},
    )
    assert paid.status_code == 201 and paid.json()["balance_due"] == "0.00"


def test_d2_2_api_bad_quantity_names_the_field(api, customer):
    payload = _order_payload(customer)
    payload["lines"][0]["quantity"] = "-1"
    response = api("post", "/orders", payload)
    assert response.status_code == 400
    assert response.json()["field"] == "lines[1].quantity"
    assert Order.objects.count() == 0


def test_d5_3_5_api_over_delivery_names_the_figures(api, merchandiser, customer):
    order = make_order(merchandiser, customer=customer)
    line = order.lines.get()
    response = api(
        "post",
        f"/orders/{order.pk}/delivery-notes",
        {"lines": [{"order_line": line.pk, "quantity": "101"}]},
    )
    assert response.status_code == 400
    assert "100" in response.json()["detail"] and "101" in response.json()["detail"]


def test_api_amendment_without_reason_is_refused(api, merchandiser, customer):
    order = make_order(merchandiser, customer=customer)
    response = api(
        "post", f"/orders/{order.pk}/amend", {"field": "delivery_date", "value": "2026-05-10"}
    )
    assert response.status_code == 400 and response.json()["field"] == "reason"
    ok = api(
        "post",
        f"/orders/{order.pk}/amend",
        {"field": "delivery_date", "value": "2026-05-10", "reason": "客户推迟"},
    )
    assert ok.status_code == 201 and ok.json()["after"] == "2026-05-10"
    assert Amendment.objects.count() == 1


def test_d2_1_api_logs_communication_and_gives_feedback(api, customer):
    logged = api(
        "post",
        "/communications",
        {
            "customer": customer.pk,
            "kind": "call",
            "summary": "询问交期",
            "feedback_promised": "明天回复",
            "feedback_due_date": "2026-12-31",
        },
    )
    assert logged.status_code == 201
    entry = logged.json()
    listed = api("get", "/communications", {"customer": customer.pk, "is_open": "true"}).json()
    assert listed["count"] == 1
    given = api("post", f"/communications/{entry['id']}/feedback", {"feedback": "已回复"})
    assert given.json()["feedback_given"] == "已回复"


def test_api_lists_are_paginated_and_filtered(api, merchandiser, customer):
    for _ in range(3):
        make_order(merchandiser, customer=customer)
    make_order(merchandiser, customer=customer, channel="fax")
    page = api("get", "/orders", {"page_size": 2}).json()
    assert page["count"] == 4 and len(page["items"]) == 2
    assert api("get", "/orders", {"channel": "fax"}).json()["count"] == 1
    assert api("get", "/orders", {"q": "hbnj"}).json()["count"] == 4
    assert api("get", "/customers", {"q": "hbnj"}).json()["items"][0]["phone"] == "0311-88886666"
