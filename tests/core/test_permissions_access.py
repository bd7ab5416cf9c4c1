"""Access that fits the job (issue 10 §9, issue 9), read from the permission matrix
(gendan.core.permissions): the contracted factory sees its own factory orders only; a
statistician sees the order whose milestone she owns; the order desk logs a customer's
fax; the storekeeper opens and records counts in the UI and the API, of her own
warehouse only; a storekeeper of one warehouse reads that warehouse's stock only; no
form is shown to someone who would be refused (D2-6, D1-1.5, D5-7)."""

from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from gendan.core import permissions
from gendan.followup.models import Milestone
from gendan.org.roles import permission_markdown
from gendan.sales.models import Communication, Order
from gendan.sales.services import place_factory_order
from gendan.stock.models import CountLine, CountSheet
from tests.factories import EmployeeFactory, UserFactory, WarehouseFactory, grant
from tests.followup.factories import CustomerFactory, take_order
from tests.sales.factories import contracted_factory
from tests.stock.factories import ItemFactory, WarehouseLocationFactory, receive

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


# ---------------------------------------------------------------- personas
@pytest.fixture
def merchandiser(db):
    user = UserFactory(username="zhangwei", first_name="张伟")
    grant(user, "merchandiser")
    return user


@pytest.fixture
def garment_order(merchandiser, django_capture_on_commit_callbacks):
    """A confirmed garment order with its plan, placed at the contracted factory."""
    with django_capture_on_commit_callbacks(execute=True):
        order = take_order(
            merchandiser, order_date=date(2026, 11, 1), delivery_date=date(2027, 1, 20)
        )
    place_factory_order(
        actor=merchandiser, order=order, factory=contracted_factory(), due_date=date(2027, 1, 5)
    )
    return order


@pytest.fixture
def other_order(merchandiser):
    return take_order(merchandiser, customer=CustomerFactory(code="C-OTHER", name="另一客户"))


@pytest.fixture
def dengfang(db):
    """邓芳 of the contracted factory: her login works at that factory."""
    user = UserFactory(username="dengfang", first_name="邓芳")
    EmployeeFactory(user=user, name="邓芳", site=contracted_factory())
    grant(user, "factory")
    return user


@pytest.fixture
def chenjing(db):
    """陈静, statistician of 机加车间."""
    from tests.factories import WorkshopFactory

    user = UserFactory(username="chenjing", first_name="陈静")
    grant(user, "statistician", workshop=WorkshopFactory(code="JJ", name="机加车间"))
    return user


@pytest.fixture
def luoxin(db):
    """罗欣 of the order desk (下单员)."""
    user = UserFactory(username="luoxin", first_name="罗欣")
    grant(user, "order_taker")
    return user


@pytest.fixture
def finished_goods(db):
    return WarehouseFactory(code="CP", name="成品库")


@pytest.fixture
def steel_store(db):
    return WarehouseFactory(code="GC", name="钢材库")


@pytest.fixture
def shelf(finished_goods):
    return WarehouseLocationFactory(code="CP-A01", name="成品库A01", warehouse=finished_goods)


@pytest.fixture
def steel_rack(steel_store):
    return WarehouseLocationFactory(code="GC-A01", name="钢材库A01", warehouse=steel_store)


@pytest.fixture
def wuqiang(finished_goods):
    """吴强, storekeeper of 成品库 only."""
    user = UserFactory(username="wuqiang", first_name="吴强")
    grant(user, "storekeeper", warehouse=finished_goods)
    return user


@pytest.fixture
def stocked(wuqiang, shelf, steel_rack, steel_store):
    steel_keeper = UserFactory(username="sunhao", first_name="孙浩")
    grant(steel_keeper, "storekeeper", warehouse=steel_store)
    receive(wuqiang, ItemFactory(code="1GQN-200"), shelf, 12)
    receive(steel_keeper, ItemFactory(code="GB-Q235"), steel_rack, 1413)


# ---------------------------------------------------------------- orders
def test_the_contracted_factory_sees_its_own_factory_order_and_no_other(
    client, dengfang, garment_order, other_order
):
    """D5-7, issue 10 §9: 工厂 saw every customer's order on the board; now only the
    orders placed at her factory — on the board, in the API and on the order pages."""
    client.force_login(dengfang)
    board = client.get("/api/v1/followup/board").json()["items"]
    assert [row["order_number"] for row in board] == [garment_order.number]
    orders = client.get("/api/v1/sales/orders").json()["items"]
    assert [row["number"] for row in orders] == [garment_order.number]
    assert client.get(reverse("sales:order-detail", args=[garment_order.pk])).status_code == 200
    plan = client.get(reverse("followup:order-detail", args=[garment_order.pk]))
    assert plan.status_code in (200, 302)  # the plan is a section of the one order page
    assert client.get(reverse("sales:order-detail", args=[other_order.pk])).status_code == 404
    assert client.get(f"/api/v1/sales/orders/{other_order.pk}").status_code == 404


def test_the_contracted_factory_completes_no_milestone_of_its_own_order(
    client, dengfang, garment_order
):
    milestone = garment_order.milestones.filter(status=Milestone.Status.OPEN).last()
    client.force_login(dengfang)
    refused = client.post(
        f"/api/v1/followup/milestones/{milestone.pk}/complete", {"evidence_url": "/x/"}
    )
    assert refused.status_code == 404
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.OPEN


def test_a_statistician_opens_the_sales_order_whose_milestone_she_owns(
    client, chenjing, garment_order, other_order
):
    """Issue 10 §9: 陈静 got a 404 on the order whose 成品入库 milestone she owns."""
    client.force_login(chenjing)
    page = reverse("sales:order-detail", args=[garment_order.pk])
    assert client.get(page).status_code == 404
    Milestone.objects.filter(pk=garment_order.milestones.first().pk).update(owner=chenjing)
    assert client.get(page).status_code == 200
    assert client.get(reverse("sales:order-detail", args=[other_order.pk])).status_code == 404
    listed = [row["number"] for row in client.get("/api/v1/sales/orders").json()["items"]]
    assert listed == [garment_order.number]


# ---------------------------------------------------------------- the order desk
def test_the_order_desk_logs_a_customers_fax(client, luoxin, garment_order):
    """D2-1, issue 10 §9: 罗欣 was shown the form to log a fax and then refused."""
    customer = garment_order.customer
    client.force_login(luoxin)
    page = client.get(reverse("sales:customer-detail", args=[customer.pk]))
    assert reverse("sales:communication-create", args=[customer.pk]) in page.content.decode()
    client.post(
        reverse("sales:communication-create", args=[customer.pk]),
        {"kind": "fax", "summary": "传真：改交期到一月底"},
    )
    created = client.post(
        "/api/v1/sales/communications",
        {"customer": customer.pk, "kind": "call", "summary": "电话确认 1200 件"},
        content_type="application/json",
    )
    assert created.status_code == 201
    logged = Communication.objects.filter(customer=customer, owner=luoxin)
    assert sorted(logged.values_list("summary", flat=True)) == [
        "传真：改交期到一月底",
        "电话确认 1200 件",
    ]


def test_someone_who_only_reads_customers_logs_nothing(client, garment_order):
    """The auditor reads customers but logs no call: refused, and nothing is written."""
    auditor = UserFactory(username="songyu", first_name="宋雨")
    grant(auditor, "auditor")
    client.force_login(auditor)
    refused = client.post(
        "/api/v1/sales/communications",
        {"customer": garment_order.customer_id, "kind": "call", "summary": "试试"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert not Communication.objects.filter(owner=auditor).exists()


# ---------------------------------------------------------------- counts and stock
def test_the_storekeeper_opens_and_records_a_count_from_the_menu(client, wuqiang, shelf, stocked):
    """D1-1.5, issue 10 §9: counts could only be opened through the API, and the
    storekeeper got 403 even there."""
    client.force_login(wuqiang)
    home = client.get("/").content.decode()
    assert reverse("stock:count-list") in home
    page = client.get(reverse("stock:count-list"))
    assert page.status_code == 200 and 'id="count-open"' in page.content.decode()
    opened = client.post(reverse("stock:count-open"), {"location": shelf.pk})
    sheet = CountSheet.objects.get(location=shelf)
    assert opened.url == reverse("stock:count-phone", args=[sheet.pk])
    line = sheet.lines.get()
    client.post(reverse("stock:count-record", args=[sheet.pk]), {f"line-{line.pk}": "11"})
    assert CountLine.objects.get(pk=line.pk).counted == 11
    by_api = client.post(
        "/api/v1/stock/counts", {"location": shelf.code}, content_type="application/json"
    )
    assert by_api.status_code == 201


def test_the_storekeeper_counts_no_other_warehouse(client, wuqiang, steel_rack, stocked):
    client.force_login(wuqiang)
    refused = client.post(
        "/api/v1/stock/counts", {"location": steel_rack.code}, content_type="application/json"
    )
    assert refused.status_code == 403
    client.post(reverse("stock:count-open"), {"location": steel_rack.pk})
    assert not CountSheet.objects.exists()


def test_a_count_reader_is_shown_no_form_to_count(client, wuqiang, shelf, stocked):
    """A form is never shown to someone who would be refused: the material accountant
    reads counts but counts nothing."""
    from gendan.stock import counts

    sheet = counts.open_count(actor=wuqiang, location=shelf)
    accountant = UserFactory(username="xuhui", first_name="徐慧")
    grant(accountant, "material_accountant")
    client.force_login(accountant)
    listing = client.get(reverse("stock:count-list")).content.decode()
    assert 'id="count-open"' not in listing and sheet.document.number in listing
    phone = client.get(reverse("stock:count-phone", args=[sheet.pk])).content.decode()
    assert reverse("stock:count-record", args=[sheet.pk]) not in phone
    refused = client.post(
        reverse("stock:count-record", args=[sheet.pk]),
        {f"line-{sheet.lines.get().pk}": "0"},
    )
    assert refused.status_code == 302
    assert sheet.lines.get().counted is None


def test_a_storekeeper_of_one_warehouse_reads_only_its_stock(client, wuqiang, stocked):
    """Issue 9: stock balances and moves needed only a login; a storekeeper now reads
    her own warehouse's figures, the chief storekeeper every warehouse's."""
    client.force_login(wuqiang)
    balances = client.get("/api/v1/stock/balances").json()["items"]
    assert {row["location"] for row in balances} == {"CP-A01"}
    moves = client.get("/api/v1/stock/moves").json()["items"]
    assert moves and all(
        "GC-A01" not in (row["from_location"], row["to_location"]) for row in moves
    )
    page = client.get(reverse("stock:balance-list")).content.decode()
    assert "CP-A01" in page and "GC-A01" not in page

    chief = UserFactory(username="zhengmin", first_name="郑敏")
    grant(chief, "chief_storekeeper")
    client.force_login(chief)
    everything = client.get("/api/v1/stock/balances").json()["items"]
    assert {row["location"] for row in everything} == {"CP-A01", "GC-A01"}


# ---------------------------------------------------------------- the matrix itself
def test_a_grant_anywhere_is_not_a_grant_on_an_object_that_is_not_ones_own(wuqiang):
    """Whoever may log calls of their own customers may not log another's."""
    assert permissions.allows(wuqiang, "customer", "log")  # anywhere: their own
    assert not permissions.allows(wuqiang, "customer", "log", is_own=False)
    assert permissions.allows(wuqiang, "customer", "log", is_own=True)


def test_a_role_granted_for_one_warehouse_reaches_only_that_warehouse(wuqiang, finished_goods):
    reach = permissions.reach(wuqiang, "stock", "view")
    assert not reach.everywhere and reach.scopes == {finished_goods.scope_key}
    assert permissions.allows(wuqiang, "count", "count", scope=(finished_goods.scope_key,))
    assert not permissions.allows(wuqiang, "count", "count", scope=("warehouse:999",))
    assert not permissions.allows(wuqiang, "audit", "view")


def test_an_unknown_object_type_or_action_is_a_programming_error(wuqiang):
    with pytest.raises(ValueError, match="not in the permission matrix"):
        permissions.allows(wuqiang, "orders", "view")


def test_the_permission_document_is_generated_from_the_matrix():
    """docs/permissions.md is the matrix: regenerate it with
    `python -m gendan permissions --write docs/permissions.md`."""
    assert DOCS.read_text(encoding="utf-8") == permission_markdown(), (
        "docs/permissions.md is stale: run python -m gendan permissions --write docs/permissions.md"
    )


def test_the_permission_document_names_roles_in_chinese():
    text = permission_markdown()
    assert "| 保管员 | `storekeeper` |" in text and "| 工厂 |" not in text.split("## 订单")[0]
    for row in (line for line in text.splitlines() if line.startswith("| ")):
        assert not row.split("|")[1].strip().isascii(), row
    assert Order.objects.count() == 0  # the document needs no data
