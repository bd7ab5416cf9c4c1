"""The one order page from the sales desk and the small items of issue 10 §10: search
finds an order once, the 跟单员 filter lists merchandisers only, the page lays its lines
out for a phone and keeps the secrets (D2-6).

Personas: 刘洋 the merchandiser, 赵刚 the workshop director (no prices), 吴强 a
storekeeper."""

from django.test import Client
from django.urls import reverse

from gendan.core.search import search
from gendan.sales import services
from tests.factories import UserFactory, grant
from tests.sales.factories import director_user, make_order


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_search_lists_a_confirmed_order_once_as_the_order(merchandiser, customer):
    order = make_order(merchandiser, customer=customer)
    services.confirm_order(
        actor=merchandiser, order=order, called_person="张经理", confirmed_text="10 台"
    )
    results = [r for r in search(order.number.lower(), merchandiser) if r.label == order.number]
    assert len(results) == 1
    assert results[0].url == reverse("sales:order-detail", args=[order.pk])


def test_the_merchandiser_filter_lists_only_holders_of_the_role(merchandiser, customer):
    make_order(merchandiser, customer=customer)
    storekeeper = UserFactory(username="wuqiang", first_name="吴强")
    grant(storekeeper, "storekeeper")
    body = _client(merchandiser).get(reverse("sales:order-list")).content.decode()
    options = body.split('name="merchandiser"')[1].split("</select>")[0]
    assert "刘洋" in options and "吴强" not in options


def test_d5_3_1_the_page_names_variant_colour_and_size_and_stacks_lines_on_a_phone(
    merchandiser, customer
):
    order = make_order(merchandiser, customer=customer)
    body = _client(merchandiser).get(reverse("sales:order-detail", args=[order.pk])).content
    body = body.decode()
    lines = body.split('id="order-lines"')[1].split("</table>")[0]
    assert 'class="table table-sm align-middle order-lines"' in body  # stacks at 375 px
    assert lines.count('data-testid="order-line"') == 1
    assert lines.count("data-label=") == 10  # every cell names its column (prices shown)
    assert 'id="order-total"' in body
    assert 'id="delivery-note-form"' in body  # the place of the delivery-note form


def test_d2_6_the_page_keeps_prices_from_a_role_without_them(merchandiser, customer):
    order = make_order(merchandiser, customer=customer)
    services.record_payment(
        actor=merchandiser, order=order, amount="100", received_on=order.order_date, method="cash"
    )
    director = director_user()
    body = _client(director).get(reverse("sales:order-detail", args=[order.pk])).content
    body = body.decode()
    lines = body.split('id="order-lines"')[1].split("</table>")[0]
    assert 'id="order-total"' not in body and lines.count("data-label=") == 8
    timeline = body.split('data-testid="timeline"')[1].split("</ul>")[0]
    assert "100" not in timeline


def test_the_page_costs_the_same_queries_with_more_lines_and_papers(merchandiser, customer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.sales.factories import item

    small = make_order(merchandiser, customer=customer)
    large = make_order(
        merchandiser,
        customer=customer,
        lines=[
            {"item": item(f"P{n}", f"零件{n}"), "quantity": 5, "unit_price": 2} for n in range(6)
        ],
    )
    for order in (small, large):
        services.record_payment(
            actor=merchandiser, order=order, amount="1", received_on=order.order_date, method="cash"
        )
    services.record_payment(
        actor=merchandiser, order=large, amount="1", received_on=large.order_date, method="cash"
    )
    client = _client(merchandiser)

    def count(order):
        client.get(reverse("sales:order-detail", args=[order.pk]))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("sales:order-detail", args=[order.pk])).status_code == 200
        return len(captured)

    small_count, large_count = count(small), count(large)
    if small_count != large_count:  # say which queries differ
        client.get(reverse("sales:order-detail", args=[large.pk]))
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("sales:order-detail", args=[large.pk]))
        print("\n".join(q["sql"][:300] for q in captured.captured_queries))
    assert large_count == small_count
