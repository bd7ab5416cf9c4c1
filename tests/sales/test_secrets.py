"""Business secrets (D2-6): a workshop director sees items, quantities and dates, never
prices or the customer's phone — on pages, in xlsx exports and over the API."""

import io

import pytest
from django.test import Client
from python_calamine import CalamineWorkbook

from gendan.api.services import create_token
from tests.sales.factories import make_order

PHONE = "0311-88886666"


@pytest.fixture
def order(merchandiser, customer):
    return make_order(merchandiser, customer=customer)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_d2_6_director_sees_items_and_quantities_but_no_prices_or_phone_on_the_order_page(
    order, workshop_director
):
    page = _client(workshop_director).get(f"/sales/orders/{order.pk}/").content.decode()
    assert "半轴" in page and "100" in page and "2026-04-30" in page
    assert "12300" not in page
    assert PHONE not in page
    assert 'id="order-total"' not in page


def test_d2_6_merchandiser_sees_prices_and_phone_on_the_order_page(order, merchandiser):
    page = _client(merchandiser).get(f"/sales/orders/{order.pk}/").content.decode()
    assert "12300.00" in page and PHONE in page


def test_d2_6_director_print_view_has_no_prices(order, workshop_director):
    page = _client(workshop_director).get(f"/sales/orders/{order.pk}/print/").content.decode()
    assert "壹万贰仟叁佰元整" not in page and "12300" not in page


def _sheet(response):
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return workbook.get_sheet_by_index(0).to_python()


def test_d2_6_order_export_omits_money_columns_for_the_director(
    order, workshop_director, merchandiser
):
    director_rows = _sheet(_client(workshop_director).get("/sales/orders/?format=xlsx"))
    merchandiser_rows = _sheet(_client(merchandiser).get("/sales/orders/?format=xlsx"))
    assert len(director_rows[0]) == 7 and 12300 not in director_rows[1]
    assert len(merchandiser_rows[0]) == 10 and 12300 in merchandiser_rows[1]


def test_d2_6_customer_export_omits_phone_for_the_director(order, workshop_director):
    rows = _sheet(_client(workshop_director).get("/sales/customers/?format=xlsx"))
    assert PHONE not in [cell for row in rows for cell in row]


def test_d2_6_api_nulls_prices_and_phone_for_the_director(order, workshop_director):
    token = create_token(actor=workshop_director, name="车间平板")[1]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    detail = Client().get(f"/api/v1/sales/orders/{order.pk}", **headers).json()
    assert detail["total_amount"] is None and detail["lines"][0]["unit_price"] is None
    assert detail["lines"][0]["quantity"] == "100.000"
    customers = Client().get("/api/v1/sales/customers", **headers).json()
    assert customers["items"][0]["phone"] is None
    lines = Client().get("/api/v1/sales/order-lines", **headers).json()
    assert lines["items"][0]["amount"] is None


def test_d2_6_an_outsider_cannot_see_the_order_at_all(order, outsider):
    assert _client(outsider).get(f"/sales/orders/{order.pk}/").status_code == 404
