"""Which items a warehouse manages (D1-6.2), kept on the warehouse setup page without the
admin: by item code, by kind, by group of easily confused items, and by import; removal;
who may and who may not; the statistician's item list afterwards."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gendan.catalog.models import Item
from gendan.core.models import AuditEvent
from gendan.stock import warehouse_items
from gendan.stock.models import WarehouseItem
from tests.catalog.factories import ConfusionGroupFactory, ItemFactory, csv_bytes, xlsx_bytes
from tests.factories import UserFactory, WarehouseFactory, WorkshopFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished_goods(db):
    return WarehouseFactory(code="CP", name="成品库")


@pytest.fixture
def steel_store(db):
    return WarehouseFactory(code="GC", name="钢材库")


@pytest.fixture
def statistician(db):
    """陈静, statistician of 机加车间: granted for her workshop, not for the warehouse."""
    user = UserFactory(username="chenjing", first_name="陈静")
    grant(user, "statistician", workshop=WorkshopFactory(code="JJ", name="机加车间"))
    return user


@pytest.fixture
def storekeeper(steel_store):
    """吴强, storekeeper of 钢材库: reads the warehouse, does not set it up."""
    user = UserFactory(username="wuqiang", first_name="吴强")
    grant(user, "storekeeper", warehouse=steel_store)
    return user


@pytest.fixture
def finished_parts(db):
    return [
        ItemFactory(code="BZ-120", name="半轴", kind=Item.Kind.FINISHED_PART),
        ItemFactory(code="DZ-80", name="刀轴", kind=Item.Kind.FINISHED_PART),
    ]


@pytest.fixture
def steel(db):
    return ItemFactory(code="GB-Q235", name="钢板", kind=Item.Kind.RAW_MATERIAL)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _managed(warehouse):
    return set(
        WarehouseItem.objects.filter(warehouse=warehouse).values_list("item__code", flat=True)
    )


def test_statistician_assigns_finished_parts_to_the_finished_goods_store_by_kind(
    statistician, finished_goods, finished_parts, steel
):
    """D1-6.2: 陈静 adds every 成品零件 to 成品库 at once; the list there shows them."""
    client = _client(statistician)
    response = client.post(
        reverse("stock:setup-kind-add", args=[finished_goods.pk]),
        {"kind": Item.Kind.FINISHED_PART},
    )
    assert response.status_code == 302
    assert _managed(finished_goods) == {"BZ-120", "DZ-80"}
    page = client.get(reverse("stock:setup-items", args=[finished_goods.pk]))
    listed = page.content.decode().split('id="managed-items"')[1].split("</table>")[0]
    assert "BZ-120" in listed and "DZ-80" in listed and "GB-Q235" not in listed
    assert [item.code for item in page.context["page"]] == ["BZ-120", "DZ-80"]
    assert AuditEvent.objects.filter(action="stock.warehouse_item.add").count() == 2


def test_assigning_the_same_kind_twice_changes_nothing(
    statistician, finished_goods, finished_parts
):
    for _ in range(2):
        warehouse_items.assign_kind(
            actor=statistician, warehouse=finished_goods, kind=Item.Kind.FINISHED_PART
        )
    assert WarehouseItem.objects.filter(warehouse=finished_goods).count() == 2
    assert AuditEvent.objects.filter(action="stock.warehouse_item.add").count() == 2


def test_an_item_is_assigned_by_its_code_or_its_suggestion_text(
    statistician, finished_goods, finished_parts
):
    client = _client(statistician)
    url = reverse("stock:setup-item-add", args=[finished_goods.pk])
    client.post(url, {"item": "BZ-120 半轴"})
    assert _managed(finished_goods) == {"BZ-120"}
    response = client.post(url, {"item": "NOPE-1"}, follow=True)
    assert "NOPE-1" in str(list(response.context["messages"])[-1])
    assert _managed(finished_goods) == {"BZ-120"}


def test_a_group_of_easily_confused_items_is_assigned_at_once(statistician, finished_goods):
    """D1-3.3 groups: all of the group go to the warehouse together."""
    group = ConfusionGroupFactory(name="半轴类易混件")
    ItemFactory(code="BZ-1", confusion_group=group)
    ItemFactory(code="BZ-2", confusion_group=group)
    _client(statistician).post(
        reverse("stock:setup-group-add", args=[finished_goods.pk]), {"group": group.pk}
    )
    assert _managed(finished_goods) == {"BZ-1", "BZ-2"}


def test_removing_an_item_stops_the_warehouse_managing_it(
    statistician, finished_goods, finished_parts
):
    warehouse_items.assign_items(actor=statistician, warehouse=finished_goods, items=finished_parts)
    _client(statistician).post(
        reverse("stock:setup-item-remove", args=[finished_goods.pk, finished_parts[0].pk])
    )
    assert _managed(finished_goods) == {"DZ-80"}
    assert AuditEvent.objects.filter(action="stock.warehouse_item.remove").count() == 1


def test_import_adds_the_listed_items_and_twice_adds_nothing(
    statistician, finished_goods, finished_parts
):
    client = _client(statistician)
    url = reverse("stock:setup-item-import", args=[finished_goods.pk])
    content = xlsx_bytes([["物料编码", "名称"], ["BZ-120", "半轴"], ["DZ-80", "刀轴"]])
    for _ in range(2):
        upload = io.BytesIO(content)
        upload.name = "成品库物料.xlsx"
        assert client.post(url, {"file": upload}).status_code == 302
    assert _managed(finished_goods) == {"BZ-120", "DZ-80"}
    assert AuditEvent.objects.filter(action="stock.warehouse_item.add").count() == 2


def test_bad_import_rows_are_named_and_nothing_changes(
    statistician, finished_goods, finished_parts
):
    """All or nothing: one unknown code on row 3 refuses the whole file."""
    client = _client(statistician)
    upload = io.BytesIO(csv_bytes([["物料编码"], ["BZ-120"], ["XX-999"], [""], ["DZ-80"]]))
    upload.name = "list.csv"
    response = client.post(
        reverse("stock:setup-item-import", args=[finished_goods.pk]), {"file": upload}
    )
    assert response.status_code == 400
    problems = response.context["problems"]
    assert [(problem.row, problem.value) for problem in problems] == [(3, "XX-999")]
    assert "XX-999" in response.content.decode()
    assert _managed(finished_goods) == set()
    assert not AuditEvent.objects.filter(action="stock.warehouse_item.add").exists()


def test_an_import_without_the_code_column_is_refused(statistician, finished_goods):
    upload = io.BytesIO(csv_bytes([["名称"], ["半轴"]]))
    upload.name = "list.csv"
    response = _client(statistician).post(
        reverse("stock:setup-item-import", args=[finished_goods.pk]), {"file": upload}
    )
    assert response.status_code == 400
    assert response.context["problems"][0].row == 1
    assert _managed(finished_goods) == set()


def test_a_storekeeper_may_not_assign_items_and_is_shown_no_form(storekeeper, steel_store, steel):
    client = _client(storekeeper)
    response = client.post(
        reverse("stock:setup-item-add", args=[steel_store.pk]), {"item": "GB-Q235"}
    )
    assert response.status_code == 404
    assert _managed(steel_store) == set()
    assert client.get(reverse("stock:setup-items", args=[steel_store.pk])).status_code == 404
    assert client.get(reverse("stock:setup-warehouse-list")).status_code == 404


def test_an_outsider_is_refused_by_the_service_too(finished_goods, finished_parts):
    outsider = UserFactory(username="outsider", first_name="路人")
    with pytest.raises(warehouse_items.PermissionDenied):
        warehouse_items.assign_items(actor=outsider, warehouse=finished_goods, items=finished_parts)
    assert _managed(finished_goods) == set()


def test_the_list_is_searched_filtered_and_exported(
    statistician, finished_goods, finished_parts, steel
):
    warehouse_items.assign_items(
        actor=statistician, warehouse=finished_goods, items=[*finished_parts, steel]
    )
    client = _client(statistician)
    url = reverse("stock:setup-items", args=[finished_goods.pk])
    page = client.get(url, {"kind": Item.Kind.RAW_MATERIAL})
    assert [item.code for item in page.context["page"]] == ["GB-Q235"]
    page = client.get(url, {"q": "bz"})
    assert [item.code for item in page.context["page"]] == ["BZ-120"]
    export = client.get(url, {"format": "xlsx"})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0)
    assert [row[0] for row in rows.to_python()[1:]] == ["BZ-120", "DZ-80", "GB-Q235"]


def test_the_list_page_reads_in_a_fixed_number_of_queries(statistician, finished_goods):
    """The page's queries do not grow with the items listed (no N+1)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(statistician)
    url = reverse("stock:setup-items", args=[finished_goods.pk])
    counts = []
    for how_many in (2, 40):
        items = [ItemFactory() for _ in range(how_many)]
        warehouse_items.assign_items(actor=statistician, warehouse=finished_goods, items=items)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 45
