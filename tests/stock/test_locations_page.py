"""The locations page: every location with its kind, owner, the negative and active
flags and its items on hand; filters, pinyin search, xlsx export, pages, a query-count
ceiling, links to each location's stock; and stock on hand that leaves out the
locations outside our stock."""

import io

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gendan.stock.models import Location
from tests.factories import SiteFactory, UserFactory, WarehouseFactory, WorkshopFactory, grant
from tests.stock.factories import (
    ItemFactory,
    LocationFactory,
    SupplierLocationFactory,
    WarehouseLocationFactory,
    receive,
)

pytestmark = pytest.mark.django_db

URL = "/stock/locations/"


@pytest.fixture
def store(db):
    return WarehouseFactory(code="WH1", name="一号库")


@pytest.fixture
def machining(db):
    return WorkshopFactory(code="JJ", name="机加车间")


@pytest.fixture
def places(store, machining):
    """A shelf, a station, a supplier and a customer outside our stock, a retired shelf."""
    return {
        "shelf": WarehouseLocationFactory(code="WH1-A01", name="一号库A01", warehouse=store),
        "station": LocationFactory(code="ST-JJ", name="机加工位", workshop=machining),
        "supplier": SupplierLocationFactory(
            code="SUP-GT", name="钢铁供应商", site=SiteFactory(code="GT", name="钢铁公司")
        ),
        "customer": LocationFactory(code="OUT-FT", name="丰田经销部", kind=Location.Kind.CUSTOMER),
        "retired": WarehouseLocationFactory(
            code="WH1-Z99", name="旧货架", warehouse=store, is_active=False
        ),
    }


@pytest.fixture
def keeper(store):
    """A storekeeper granted for one warehouse, not everywhere."""
    keeper = UserFactory(username="liuqiang", first_name="刘强")
    grant(keeper, "storekeeper", warehouse=store)
    return keeper


@pytest.fixture
def chief(store):
    """The chief storekeeper (总保管), granted everywhere: outside places are hers to see."""
    chief = UserFactory(username="zhengmin", first_name="郑敏")
    grant(chief, "chief_storekeeper")
    return chief


def _client(user):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def _codes(response):
    return [location.code for location in response.context["page"]]


def test_lists_every_location_with_its_owner_flags_and_items_on_hand(keeper, places):
    for code in ("BZ-01", "BZ-02"):
        receive(keeper, ItemFactory(code=code), places["shelf"], 5)

    response = _client(keeper).get(URL)

    assert response.status_code == 200
    assert _codes(response) == ["OUT-FT", "ST-JJ", "SUP-GT", "SUP-TEST", "WH1-A01", "WH1-Z99"]
    rows = {location.code: location for location in response.context["page"]}
    assert rows["WH1-A01"].items_on_hand == 2
    assert rows["SUP-GT"].items_on_hand == 0  # a supplier holds no stock of ours
    assert rows["SUP-TEST"].items_on_hand == 0  # its balances are negative
    assert "一号库" in response.text and "机加车间" in response.text and "钢铁公司" in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=supplier", ["SUP-GT"]),
        ("kind=warehouse&active=yes", ["WH1-A01"]),
        ("active=no", ["WH1-Z99"]),
        ("workshop={machining}", ["ST-JJ"]),
        ("warehouse={store}", ["WH1-A01", "WH1-Z99"]),
        ("kind=nonsense&warehouse=abc", ["OUT-FT", "ST-JJ", "SUP-GT", "WH1-A01", "WH1-Z99"]),
    ],
)
def test_filters_by_kind_warehouse_workshop_and_active(
    keeper, places, store, machining, query, expected
):
    url = f"{URL}?{query.format(store=store.pk, machining=machining.pk)}"

    assert _codes(_client(keeper).get(url)) == expected


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("yhk", ["WH1-A01"]),  # 一号库A01 by pinyin initials
        ("jiagong", ["ST-JJ"]),  # 机加工位 by full pinyin
        ("wh1-a", ["WH1-A01"]),  # by code, any case
        ("经销", ["OUT-FT"]),  # by name
        ("nothing-like-it", []),
    ],
)
def test_search_finds_locations_by_code_name_and_pinyin(keeper, places, term, expected):
    assert _codes(_client(keeper).get(URL, {"q": term})) == expected


def test_export_keeps_the_filters(keeper, places, store):
    receive(keeper, ItemFactory(code="BZ-01"), places["shelf"], 5)

    response = _client(keeper).get(URL, {"warehouse": store.pk, "active": "yes", "format": "xlsx"})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    header, *rows = sheet.to_python()
    assert header[0] == "Code" and header[-1] == "Items on hand"
    assert rows == [
        ["WH1-A01", "一号库A01", "warehouse storage place", "一号库", "", "", "no", "yes", 1]
    ]


def test_pages_hold_fifty_locations(keeper, store):
    for number in range(55):
        WarehouseLocationFactory(code=f"WH1-{number:03d}", warehouse=store)
    client = _client(keeper)

    first, second = client.get(URL), client.get(URL, {"page": 2})

    assert len(_codes(first)) == 50
    assert _codes(second) == [f"WH1-{number:03d}" for number in range(50, 55)]


def test_query_count_does_not_grow_with_the_locations_shown(
    keeper, store, machining, django_assert_max_num_queries
):
    client = _client(keeper)

    def shown_with_stock(count):
        for number in range(count):
            shelf = WarehouseLocationFactory(code=f"WH1-{count}-{number:02d}", warehouse=store)
            receive(keeper, ItemFactory(), shelf, 1)
            LocationFactory(code=f"ST-{count}-{number:02d}", workshop=machining)
        # session, user, permissions (3), the gate, the search keys, the count, the
        # shell's inbox (4), warehouses, workshops, the page of locations
        with django_assert_max_num_queries(28) as captured:
            response = client.get(URL, {"q": "-"})
        assert response.status_code == 200
        return len(captured)

    assert shown_with_stock(2) == shown_with_stock(20)


def test_each_location_links_to_its_stock_on_hand(keeper, chief, places):
    axle = ItemFactory(code="BZ-01", name="半轴")
    receive(keeper, axle, places["shelf"], 7, source=places["supplier"])
    client = _client(keeper)

    page = client.get(URL, {"q": "a01"})
    on_hand = client.get(reverse("stock:balance-list"), {"location": "WH1-A01"})
    at_supplier = _client(chief).get(reverse("stock:balance-list"), {"location": "SUP-GT"})

    assert f'href="{reverse("stock:balance-list")}?location=WH1-A01"' in page.text
    assert [(row.location.code, row.quantity) for row in on_hand.context["page"]] == [
        ("WH1-A01", 7)
    ]
    # asked for by name, an outside location shows its balance, negative as it is, to
    # whoever sees stock everywhere (a keeper of one warehouse sees that warehouse only)
    assert [(row.location.code, row.quantity) for row in at_supplier.context["page"]] == [
        ("SUP-GT", -7)
    ]


def test_stock_on_hand_leaves_out_locations_outside_our_stock_unless_asked_for(
    keeper, chief, places
):
    """Suppliers, customers, adjustments and production are where stock comes from and
    goes to: their balances are not on hand, even where they may not go negative."""
    axle = ItemFactory(code="BZ-01", name="半轴")
    receive(keeper, axle, places["shelf"], 4)
    receive(keeper, axle, places["customer"], 6)  # delivered to a customer
    production = LocationFactory(code="PR-JJ", kind=Location.Kind.PRODUCTION)
    receive(keeper, axle, production, 3)
    client = _client(chief)

    shown = client.get(reverse("stock:balance-list"))
    customers = client.get(reverse("stock:balance-list"), {"kind": "customer"})

    assert [(row.location.code, row.quantity) for row in shown.context["page"]] == [("WH1-A01", 4)]
    assert [(row.location.code, row.quantity) for row in customers.context["page"]] == [
        ("OUT-FT", 6)
    ]


def test_stock_navigation_links_to_the_locations_page(keeper, places):
    response = _client(keeper).get(reverse("stock:balance-list"))

    assert 'id="stock-nav"' in response.text
    assert f'href="{URL}"' in response.text


def test_people_without_a_role_that_sees_locations_are_refused(places):
    operator = UserFactory(username="zhoujie")
    grant(operator, "operator")
    outsider = UserFactory(username="outsider")

    assert _client(operator).get(URL).status_code == 403
    assert _client(outsider).get(URL, {"format": "xlsx"}).status_code == 403
    assert f'href="{URL}"' not in _client(outsider).get(reverse("stock:balance-list")).text
