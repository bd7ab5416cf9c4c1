"""Order pages: the create form, the list's query ceiling, the contract print (大写)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gendan.sales.amounts import amount_in_words
from gendan.sales.models import Order
from tests.sales.factories import CustomerFactory, item, make_order


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("12300", "壹万贰仟叁佰元整"),
        ("12345.67", "壹万贰仟叁佰肆拾伍元陆角柒分"),
        ("10005", "壹万零伍元整"),
    ],
)
def test_amount_in_capital_numerals(value, words):
    assert amount_in_words(value) == words


def test_contract_print_shows_the_book_number_and_the_total_in_capitals(merchandiser, customer):
    order = make_order(merchandiser, customer=customer)
    page = _client(merchandiser).get(f"/sales/orders/{order.pk}/print/").content.decode()
    assert "壹万贰仟叁佰元整" in page
    assert order.document.number in page


def test_d5_3_5_delivery_note_print_shows_its_number_and_quantities(merchandiser, customer):
    from gendan.sales import services

    order = make_order(merchandiser, customer=customer)
    note = services.create_delivery_note(
        actor=merchandiser,
        order=order,
        lines=[{"order_line": order.lines.get().pk, "quantity": "30"}],
    )
    page = _client(merchandiser).get(f"/sales/delivery-notes/{note.pk}/print/").content.decode()
    assert note.number in page and "30" in page and "半轴" in page


def _list_queries(client, count, merchandiser):
    customer = CustomerFactory(merchandiser=merchandiser)
    while Order.objects.count() < count:
        make_order(merchandiser, customer=customer)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/sales/orders/?q=ht")
    assert response.status_code == 200
    return len(captured)


def test_order_list_query_count_does_not_grow_with_orders(merchandiser):
    client = _client(merchandiser)
    client.get("/sales/orders/")
    assert _list_queries(client, 5, merchandiser) == _list_queries(client, 30, merchandiser)


def test_d2_2_order_is_taken_through_the_form(merchandiser, customer):
    response = _client(merchandiser).post(
        "/sales/orders/new/",
        {
            "customer": customer.pk,
            "channel": "fax",
            "order_type": "machinery",
            "order_date": "2026-03-02",
            "delivery_date": "2026-04-30",
            "line-item": [item().pk],
            "line-variant": [""],
            "line-quantity": ["40"],
            "line-unit_price": ["12.5"],
        },
    )
    order = Order.objects.get()
    assert response.status_code == 302
    assert order.status == Order.Status.UNCONFIRMED
    assert order.lines.get().quantity == 40


def test_d2_2_bad_form_input_is_shown_and_nothing_is_saved(merchandiser, customer):
    response = _client(merchandiser).post(
        "/sales/orders/new/",
        {
            "customer": customer.pk,
            "channel": "phone",
            "order_type": "machinery",
            "order_date": "2026-03-02",
            "delivery_date": "2026-04-30",
            "line-item": [item().pk],
            "line-quantity": ["0"],
        },
    )
    assert response.status_code == 400
    assert "lines[1].quantity" in response.content.decode()
    assert Order.objects.count() == 0


def test_add_line_returns_one_more_row_for_htmx(merchandiser):
    response = _client(merchandiser).get("/sales/orders/new/line/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'name="line-quantity"' in response.content.decode()


def test_d5_3_3_confirmation_call_through_the_order_page(merchandiser, customer):
    order = make_order(merchandiser, customer=customer, channel="fax")
    client = _client(merchandiser)
    client.post(
        f"/sales/orders/{order.pk}/confirm/", {"called_person": "张经理", "confirmed_text": "确认"}
    )
    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED
    assert "张经理" in client.get(f"/sales/orders/{order.pk}/").content.decode()


def test_global_search_finds_an_order_by_customer_pinyin_initials(merchandiser, customer):
    order = make_order(merchandiser, customer=customer)
    page = _client(merchandiser).get("/search/?q=hbnj").content.decode()
    assert order.number in page
