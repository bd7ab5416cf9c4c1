"""Paper types declared once (core.papers; invariant 2, D1-3.2, D1-3.5, D1-3.6).

The test database is built by the migrations alone — no demo — so these tests are what
a fresh install sees: every declared paper has its default chain and can be written
through /api/v1, numbered from the right book; books roll over at the new year, a
closed book is followed by its successor, and a count's number carries its year.
"""

import datetime
from datetime import date
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext as _

from gendan.catalog.models import ProcessSheet, ProcessStep
from gendan.core import numbering, papers
from gendan.core.errors import DomainError
from gendan.core.models import AuditEvent, ChainDefinition, Document, DocumentBook
from gendan.core.scopes import Scope
from gendan.org.models import Site
from gendan.sales.models import Order
from gendan.sales.services import place_factory_order
from gendan.stock.models import WarehouseItem
from gendan.stock.slips.models import SlipKind
from tests.factories import UserFactory, grant
from tests.sales.factories import CustomerFactory
from tests.slips import factories as slip_data

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year, month, day):
    return datetime.datetime(year, month, day, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def mid_2026():
    with time_machine.travel(at(2026, 6, 15), tick=False) as traveller:
        yield traveller


@pytest.fixture
def plant(db, machining, admin_user):
    """Master data a fresh install needs before its first papers: the 机加车间 (JJ), the
    finished-goods store (CP) managing a part and round steel, a supplier (SUP1), an
    outsourcer (ORC), a contracted factory and a customer (HBNJ)."""
    part, steel = slip_data.item(), slip_data.steel()
    return {
        "workshop": machining,
        "store": slip_data.warehouse(items=[part, steel]),
        "part": part,
        "steel": steel,
        "supplier": slip_data.supplier(),
        "outsourcer": slip_data.supplier("ORC", "城东热处理厂", Site.Kind.OUTSOURCER),
        "factory": slip_data.supplier("HX", "华鑫制衣厂", Site.Kind.CONTRACTED_FACTORY),
        "customer": CustomerFactory(code="HBNJ", name="华北农机", merchandiser=admin_user),
    }


def api(user):
    client = Client()
    client.force_login(user)

    def post(path, payload=None, **kwargs):
        response = client.post(
            f"/api/v1{path}", payload or {}, content_type="application/json", **kwargs
        )
        assert response.status_code in (200, 201), (path, response.content)
        return response.json()

    return post


# ---------------------------------------------------------------- one writer per paper
def _order(post, plant):
    return post(
        "/sales/orders",
        {
            "customer": plant["customer"].pk,
            "channel": "email",
            "order_type": "machinery",
            "order_date": "2026-06-15",
            "delivery_date": "2026-07-31",
            "lines": [{"item": plant["part"].pk, "quantity": "10", "unit_price": "50"}],
        },
    )


def write_order(post, plant):
    return _order(post, plant)["number"]


def write_delivery_note(post, plant):
    WarehouseItem.objects.filter(item=plant["part"]).delete()  # shipped from the workshop
    order = _order(post, plant)
    note = post(
        f"/sales/orders/{order['id']}/delivery-notes",
        {"lines": [{"order_line": order["lines"][0]["id"], "quantity": "4"}]},
    )
    return note["number"]


def write_expense_claim(post, plant):
    client = Client()
    client.force_login(plant["writer"])
    expense = client.post(
        "/api/v1/followup/expenses",
        {
            "spent_on": "2026-06-14",
            "category": "lunch",
            "amount": "22.5",
            "factory_id": plant["factory"].pk,
        },
    )
    assert expense.status_code == 201, expense.content
    return post("/followup/claims")["number"]


def write_count(post, plant):
    return post("/stock/counts", {"location": plant["store"].locations.get().code})["number"]


def slip_writer(kind, **header):
    def write(post, plant):
        line = {"item": plant["part"].pk, "quantity": "5"}
        if kind == SlipKind.STEEL_ISSUE:
            line = {
                "item": plant["steel"].pk,
                "quantity": "66.6",
                "product_model": "1GQN-200",
                "part_name": "半轴",
                "material_spec": "Φ60×3000",
                "grade": "45#",
                "weight": "66.6",
            }
        payload = {"kind": kind, "warehouse": plant["store"].pk, "lines": [line]}
        for field, key in header.items():
            payload[field] = plant[key].pk
        if kind in (SlipKind.RETURN, SlipKind.REPLENISHMENT, SlipKind.REPLACEMENT):
            payload["explanation"] = "加工报废，说明见附件"
        return post("/slips/", payload)["number"]

    return write


def _routed_lot(post, plant, quantity="40"):
    """A lot of the part following 车 → 热处理 in the workshop (issue 11)."""
    sheet = ProcessSheet.objects.create(item=plant["part"])
    for sequence, name in ((1, "车"), (2, "热处理")):
        ProcessStep.objects.create(
            sheet=sheet, sequence=sequence, name=name, workshop=plant["workshop"]
        )
    return post("/shopfloor/lots", {"item": plant["part"].pk, "quantity": quantity})


def write_transfer(post, plant):
    """A real transfer slip (not a title only: the transfer slip is not a plain paper)."""
    lot = _routed_lot(post, plant)
    clerk = UserFactory(username="wangfang", first_name="王芳")  # she signs its first step
    grant(clerk, "clerk", workshop=plant["workshop"])
    written = api(clerk)(
        "/shopfloor/transfers",
        {"destination": "operation", "lines": [{"lot": lot["id"], "quantity": "40"}]},
    )
    return written["number"]


def write_lot(post, plant):
    sheet = ProcessSheet.objects.create(item=plant["part"])
    ProcessStep.objects.create(sheet=sheet, sequence=1, name="车", workshop=plant["workshop"])
    return post("/shopfloor/lots", {"item": plant["part"].pk, "quantity": "10"})["number"]


def write_wip_count(post, plant):
    return post("/shopfloor/wip-counts", {"workshop": plant["workshop"].pk})["number"]


def write_inspection(post, plant):
    order = Order.objects.get(pk=_order(post, plant)["id"])
    factory_order = place_factory_order(
        actor=plant["writer"], order=order, factory=plant["factory"], due_date=date(2026, 7, 20)
    )
    payload = {"factory_order": factory_order.pk, "stage": "early_production", "lot_size": 200}
    return post("/quality/inspections", payload)["number"]


def write_minutes(post, plant):
    """D4-5: the pre-production meeting's minutes, written on the order's plan."""
    order = Order.objects.get(pk=_order(post, plant)["id"])
    factory_order = place_factory_order(
        actor=plant["writer"], order=order, factory=plant["factory"], due_date=date(2026, 7, 20)
    )
    plan = post(
        "/quality/plans", {"factory_order": factory_order.pk, "production_start": "2026-07-01"}
    )
    payload = {"held_on": "2026-06-29", "attendees": "张伟", "critical_points": "针距"}
    return post(f"/quality/plans/{plan['id']}/minutes", payload)["number"]


WRITERS = {
    "shopfloor.lot": (write_lot, "LZ-JJ-2026-000001", "workshop"),
    "shopfloor.wip_count": (write_wip_count, "ZP-JJ-2026-000001", "workshop"),
    "quality.meeting_minutes": (write_minutes, "HY-HX-2026-000001", "factory"),
    "quality.inspection": (write_inspection, "JY-HX-2026-000001", "factory"),
    "sales.order": (write_order, "HT-2026-000001", None),
    "sales.delivery_note": (write_delivery_note, "SH-2026-000001", None),
    "followup.expense_claim": (write_expense_claim, "BX-2026-000001", None),
    "stock.count": (write_count, "PD-CP-2026-000001", "store"),
    "slips.production_receipt": (
        slip_writer(SlipKind.PRODUCTION_RECEIPT, workshop="workshop"),
        "SR-JJ-2026-000001",
        "workshop",
    ),
    "slips.purchased_receipt": (
        slip_writer(SlipKind.PURCHASED_RECEIPT, partner="supplier"),
        "WG-SUP1-2026-000001",
        "supplier",
    ),
    "slips.production_issue": (
        slip_writer(SlipKind.PRODUCTION_ISSUE, workshop="workshop"),
        "LL-JJ-2026-000001",
        "workshop",
    ),
    "slips.steel_issue": (
        slip_writer(SlipKind.STEEL_ISSUE, workshop="workshop"),
        "GC-JJ-2026-000001",
        "workshop",
    ),
    "slips.outsourcing_issue": (
        slip_writer(SlipKind.OUTSOURCING_ISSUE, partner="outsourcer"),
        "WX-ORC-2026-000001",
        "outsourcer",
    ),
    "slips.return": (
        slip_writer(SlipKind.RETURN, workshop="workshop"),
        "TK-JJ-2026-000001",
        "workshop",
    ),
    "slips.replenishment": (
        slip_writer(SlipKind.REPLENISHMENT, workshop="workshop"),
        "BJ-JJ-2026-000001",
        "workshop",
    ),
    "slips.replacement": (
        slip_writer(SlipKind.REPLACEMENT, workshop="workshop"),
        "HJ-JJ-2026-000001",
        "workshop",
    ),
    "transfer": (write_transfer, "ZX-JJ-2026-000001", "workshop"),
}


def _scope_of(plant, key):
    if key is None:
        return ""
    thing = plant[key]
    if isinstance(thing, Site):
        return Scope.supplier(thing).key
    if key == "store":
        return Scope.warehouse(thing).key
    return Scope.workshop(thing).key


def test_every_declared_paper_type_has_a_writer_in_this_test():
    """A paper type declared later must be added here, so it is proven writable too."""
    assert {paper.code for paper in papers.all()} == set(WRITERS)


def test_a_fresh_install_has_the_default_chain_of_every_signed_paper_and_no_demo(db):
    signed = {paper.code for paper in papers.all() if paper.is_signed}
    assert not DocumentBook.objects.exists() and not Document.objects.exists()
    assert signed <= set(ChainDefinition.objects.values_list("slip_type", flat=True))
    transfer = ChainDefinition.objects.get(slip_type="transfer")
    assert [(step.role_code, step.is_required) for step in transfer.steps.order_by("position")] == [
        ("clerk", True),
        ("inspector", True),
        ("operator", True),
        ("team_leader", True),
        ("statistician", True),
    ]


@pytest.mark.parametrize("code", sorted(WRITERS))
def test_a_fresh_install_writes_every_declared_paper_through_the_api(
    code, mid_2026, plant, admin_user
):
    """Done-when of issue 8: without the demo, each paper type is written through
    /api/v1 and numbered from its own book — per year, per workshop, per warehouse or per
    supplier, as declared."""
    write, expected_number, scope = WRITERS[code]
    plant["writer"] = admin_user

    number = write(api(admin_user), plant)

    assert number == expected_number
    document = Document.objects.get(number=number)
    assert document.slip_type == code
    assert (document.book.slip_type, document.book.year) == (code, 2026)
    assert document.book.scope_key == _scope_of(plant, scope)
    signed = papers.get(code).is_signed
    assert (document.chain is not None) == signed


def test_the_first_paper_of_2027_opens_a_2027_book_by_itself(plant, admin_user):
    """A yearly book rolls over at the new year (Asia/Shanghai) with no hand step."""
    with time_machine.travel(at(2026, 12, 31), tick=False):
        last_of_2026 = write_count(api(admin_user), plant)
    with time_machine.travel(datetime.datetime(2027, 1, 1, 0, 5, tzinfo=SHANGHAI), tick=False):
        first_of_2027 = write_count(api(admin_user), plant)
        order_2027 = papers.book_for("sales.order", None, datetime.date(2027, 1, 1))

    assert (last_of_2026, first_of_2027) == ("PD-CP-2026-000001", "PD-CP-2027-000001")
    books = DocumentBook.objects.filter(slip_type="stock.count").order_by("year")
    assert [(book.code, book.year) for book in books] == [
        ("PD-CP-2026", 2026),
        ("PD-CP-2027", 2027),
    ]
    assert (order_2027.code, order_2027.format_number(1)) == ("HT-2027", "HT-2027-000001")


def test_a_count_number_carries_the_year_it_is_taken_in_not_the_year_of_its_first_book(
    plant, admin_user
):
    """The old count book kept the year it was opened in (PD-warehouse-1, year 2026) —
    now each year's counts are numbered in that year's book."""
    with time_machine.travel(at(2027, 3, 1), tick=False):
        number = write_count(api(admin_user), plant)
    assert number == "PD-CP-2027-000001"
    assert DocumentBook.objects.get(slip_type="stock.count").year == 2027


def test_a_closed_book_is_followed_by_a_successor_that_continues_its_numbers(
    mid_2026, plant, admin_user
):
    post = api(admin_user)
    first = write_order(post, plant)
    book = DocumentBook.objects.get(slip_type="sales.order")
    numbering.close_book(actor=admin_user, book=book)

    second = write_order(post, plant)
    third = write_order(post, plant)

    successor = DocumentBook.objects.get(slip_type="sales.order", is_closed=False)
    assert (first, second, third) == ("HT-2026-000001", "HT-2026-000002", "HT-2026-000003")
    assert successor.code == "HT-2026-2"
    assert successor.predecessor == book
    with translation.override("zh-hans"):
        assert successor.name == _("%(name)s (book %(count)s)") % {"name": book.name, "count": 2}
    assert AuditEvent.objects.filter(action="book.create", object_id=str(successor.pk)).exists()


def test_book_for_finds_the_open_book_again_and_opens_one_per_workshop(
    mid_2026, machining, welding
):
    today = datetime.date(2026, 6, 15)
    machining_book = papers.book_for("transfer", Scope.workshop(machining), today)
    assert papers.book_for("transfer", machining.scope_key, today) == machining_book
    welding_book = papers.book_for("transfer", Scope.workshop(welding), today)
    assert (machining_book.code, welding_book.code) == ("ZX-JJ-2026", "ZX-HJ-2026")
    with translation.override("zh-hans"):  # books are named in the site's language
        assert machining_book.name == f"机加车间{papers.get('transfer').name} 2026"
    assert DocumentBook.objects.count() == 2


def test_book_for_refuses_a_scope_its_rule_does_not_keep_books_for(db, machining):
    with pytest.raises(ValueError, match="sales.order"):
        papers.book_for("sales.order", Scope.workshop(machining), datetime.date(2026, 1, 1))
    with pytest.raises(ValueError, match="transfer"):
        papers.book_for("transfer", None, datetime.date(2026, 1, 1))
    assert not DocumentBook.objects.exists()


def test_the_title_only_writer_refuses_a_transfer_slip_and_nothing_changes(db, machining, clerk):
    """Issue 11: a transfer slip has lines (lots, quantities, destination); even its clerk
    cannot write one as a title only — the refusal names the paper and nothing is written."""
    with pytest.raises(DomainError, match=str(papers.get("transfer").name)) as refused:
        papers.write_paper(
            actor=clerk, paper_type="transfer", scope=Scope.workshop(machining), title="半轴"
        )
    assert refused.value.field == "paper_type"
    assert not DocumentBook.objects.exists() and not Document.objects.exists()


def test_the_clerk_writes_a_transfer_slip_and_it_goes_through_the_d1_3_2_chain_by_api(
    mid_2026, plant, clerk, inspector, operator, receiver
):
    """D1-3.2: clerk → inspector → upstream operator → receiver → statistician. 王芳
    writes the slip on the shop-floor API (written, submitted and signed by her at once);
    the others sign on the generic document API, and the last signature posts it."""
    machining = plant["workshop"]
    statistician = UserFactory(username="chenjing", first_name="陈静")
    grant(statistician, "statistician", workshop=machining)
    lot = _routed_lot(api(statistician), plant)
    written = api(clerk)(
        "/shopfloor/transfers",
        {"destination": "operation", "lines": [{"lot": lot["id"], "quantity": "40"}]},
    )
    assert (written["number"], written["status"]) == ("ZX-JJ-2026-000001", "pending")
    for person in (inspector, operator, receiver, statistician):
        signed = api(person)(f"/documents/{written['document_id']}/sign")
    assert signed["status"] == "posted"


def test_a_plain_document_cannot_stand_in_for_a_paper_with_its_own_api(mid_2026, admin_user):
    response = Client()
    response.force_login(admin_user)
    refused = response.post(
        "/api/v1/papers/sales.order/documents",
        {"title": "订单"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused.json()["field"] == "paper_type"
    assert not Document.objects.exists()


def test_an_administrators_edited_chain_is_never_replaced_after_migrate(db, admin_user):
    from gendan.core import chains

    chains.define_chain(
        actor=admin_user,
        slip_type="transfer",
        name="转序单（本厂）",
        steps=[{"name": "转序员签字", "role_code": "clerk"}],
    )
    papers.install_defaults_after_migrate(sender=None)
    chain = ChainDefinition.objects.get(slip_type="transfer")
    assert (chain.name, chain.steps.count()) == ("转序单（本厂）", 1)


def test_the_declared_paper_types_are_listed_over_the_api(db, admin_user):
    client = Client()
    client.force_login(admin_user)
    listed = {row["code"]: row for row in client.get("/api/v1/papers").json()}
    assert set(listed) == set(WRITERS)
    assert listed["transfer"]["book_per"] == ["workshop"]
    assert listed["sales.order"]["is_signed"] is False


def test_a_title_only_transfer_slip_is_refused_over_the_api_naming_the_field(
    mid_2026, admin_user, machining
):
    """Issue 11: POST /api/v1/papers/transfer/documents is refused (the transfer slip is
    written on its own page and API) — even for an administrator; nothing is written."""
    client = Client()
    client.force_login(admin_user)
    refused = client.post(
        "/api/v1/papers/transfer/documents",
        {"scope": machining.scope_key, "title": "半轴"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused.json()["field"] == "paper_type"
    assert "/shopfloor/transfers/new/" in refused.json()["detail"]
    assert not DocumentBook.objects.exists() and not Document.objects.exists()


def test_gendan_check_names_a_signed_paper_whose_chain_was_deleted(db):
    assert list(papers.missing_chains()) == []
    ChainDefinition.objects.filter(slip_type="transfer").delete()
    assert list(papers.missing_chains()) == [
        f"{papers.get('transfer').name} (transfer) has no signature chain; "
        "`gendan migrate` installs its default one"
    ]
