"""Sign what you see (issue 10; D1-3.5, D1-3.6, D1-5.2, D1-5.3, D4-X): a signer opens a
paper from 待我签字 and sees the whole paper — lines, quantities, units, batches,
explanations, amounts — with the chain (who signed when, local time) and a link to the
paper's own page; the API detail carries the same paper as data; the inbox lists each
paper's kind, number, summary and age in a fixed number of queries; prints name every
role in Chinese with a signature and a date line per step."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gendan.core import queries
from gendan.followup import expenses
from gendan.stock.slips import services
from gendan.stock.slips.models import SlipKind
from tests.factories import SiteFactory, UserFactory, grant
from tests.sales.factories import give_role, make_order, merchandiser_user
from tests.slips import factories as slip_factories
from tests.slips.factories import line, put_stock, through_chain, write

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def chains_seeded(db):
    slip_factories.seed_chains()


@pytest.fixture
def half_shaft(db):
    return slip_factories.item()


@pytest.fixture
def round_steel(db):
    return slip_factories.steel()


@pytest.fixture
def store(db, half_shaft, round_steel, site):
    return slip_factories.warehouse(items=[half_shaft, round_steel])


@pytest.fixture
def storekeeper(store):
    user = UserFactory(username="chenmin", first_name="陈敏")
    grant(user, "storekeeper", warehouse=store)
    return user


@pytest.fixture
def quality_inspector(db):
    """郭静, inspector for the whole plant: she signs purchased receipts for quality."""
    user = UserFactory(username="guojing", first_name="郭静")
    grant(user, "inspector")
    return user


@pytest.fixture
def purchased_receipt(chains_seeded, storekeeper, store, half_shaft):
    """陈敏 writes a purchased receipt of 100 half shafts in batch B2603, submitted."""
    slip = write(
        storekeeper,
        SlipKind.PURCHASED_RECEIPT,
        store,
        [line(half_shaft, 100, batch_number="B2603", expires_on="2027-03-01", note="外观良好")],
        partner=slip_factories.supplier(),
    )
    return through_chain(slip)


def _detail(client, user, document):
    client.force_login(user)
    response = client.get(reverse("core:document-detail", args=[document.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_d1_5_2_inspector_opens_a_receipt_from_the_inbox_and_sees_its_lines_and_batches(
    client, purchased_receipt, quality_inspector
):
    client.force_login(quality_inspector)
    inbox = client.get(reverse("core:inbox")).content.decode()
    document = purchased_receipt.document
    assert document.number in inbox
    assert "外购件/外协件入库单" in inbox or "入库单" in inbox  # the paper's kind, in Chinese
    assert "半轴 × 100 件" in inbox  # its summary

    page = _detail(client, quality_inspector, document)
    assert 'id="paper-lines"' in page
    assert "BZ-120 半轴" in page
    assert "100 件" in page
    assert "B2603" in page and "2027-03-01" in page
    assert "外观良好" in page
    assert "邢台轴承厂" in page
    assert reverse("slips:slip-detail", args=[purchased_receipt.pk]) in page
    assert "检查员" in page  # the step's role, named in Chinese


def test_d1_5_2_the_chain_shows_who_signed_when_in_local_time(
    client, purchased_receipt, quality_inspector, storekeeper
):
    with time_machine.travel(datetime.datetime(2026, 11, 30, 6, 2, tzinfo=datetime.UTC)):
        signed = services.sign_slip(actor=quality_inspector, slip=purchased_receipt)
    page = _detail(client, storekeeper, signed.document)
    assert "郭静" in page
    assert "2026-11-30 14:02" in page  # 06:02 UTC is 14:02 in Shanghai


def test_d1_5_3_a_return_shows_its_explanation_to_the_storekeeper(
    client, chains_seeded, machining, store, half_shaft, storekeeper
):
    director = UserFactory(username="zhaogang", first_name="赵刚")
    grant(director, "workshop_director", workshop=machining)
    slip = write(
        director,
        SlipKind.RETURN,
        store,
        [line(half_shaft, 3)],
        workshop=machining,
        explanation="多领了 3 件，原样退回",
    )
    slip = through_chain(slip, director)
    page = _detail(client, storekeeper, slip.document)
    assert "多领了 3 件，原样退回" in page
    assert "3 件" in page


@pytest.fixture
def merchandiser(db):
    user = UserFactory(username="liuyang", first_name="刘洋")
    grant(user, "merchandiser")
    return user


@pytest.fixture
def sales_manager(db):
    user = UserFactory(username="wangqiang", first_name="王强")
    grant(user, "sales_manager")
    return user


@pytest.fixture
def meal_claim(merchandiser, settings, tmp_path):
    """刘洋 claims ¥188 of meals at 华鑫制衣厂, one with a receipt photo."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    factory = SiteFactory(code="HX", name="华鑫制衣厂", kind="contracted_factory")
    for category, amount in (("breakfast", "18.00"), ("lunch", "70.00"), ("dinner", "100.00")):
        photo = None
        if category == "dinner":
            photo = SimpleUploadedFile("fapiao.jpg", b"\xff\xd8\xff receipt", "image/jpeg")
        expenses.record_expense(
            actor=merchandiser,
            spent_on=datetime.date(2026, 11, 28),
            category=category,
            amount=amount,
            factory=factory,
            receipt_photo=photo,
            note="去华鑫看中期检验" if category == "lunch" else "",
        )
    return expenses.submit_claim(actor=merchandiser)


def test_d4_x_manager_sees_the_amounts_of_a_claim_before_approving(
    client, meal_claim, sales_manager
):
    client.force_login(sales_manager)
    inbox = client.get(reverse("core:inbox")).content.decode()
    assert meal_claim.document.number in inbox
    assert "¥188.00" in inbox

    page = _detail(client, sales_manager, meal_claim.document)
    for amount in ("¥18.00", "¥70.00", "¥100.00", "¥188.00"):
        assert amount in page
    assert "华鑫制衣厂" in page and "去华鑫看中期检验" in page
    receipt = meal_claim.expenses.get(category="dinner")
    receipt_url = reverse("core:upload-file", args=["expense-receipt", receipt.pk])
    assert f'<img src="{receipt_url}"' in page
    assert client.get(receipt_url).status_code == 200


def test_api_detail_carries_the_whole_paper(client, purchased_receipt, quality_inspector):
    client.force_login(quality_inspector)
    data = client.get(f"/api/v1/documents/{purchased_receipt.document.pk}").json()
    assert data["paper_name"]
    assert data["page_url"] == reverse("slips:slip-detail", args=[purchased_receipt.pk])
    [first] = data["content"]["lines"]
    assert first["item_name"] == "半轴"
    assert first["quantity"] == "100"
    assert first["unit"] == "件"
    assert first["batch"] == "B2603"


def test_d2_6_order_paper_shows_amounts_only_to_who_may_see_prices(client, db):
    seller = merchandiser_user()
    desk = give_role(
        UserFactory(username="zhoumin", first_name="周敏"), "followup_lead", "view_order"
    )
    order = make_order(seller)
    shown = _detail(client, seller, order.document)
    assert "¥123" in shown and "¥12300" in shown
    hidden = _detail(client, desk, order.document)
    assert "BZ-120 半轴" in hidden
    assert "¥" not in hidden
    client.force_login(desk)
    data = client.get(f"/api/v1/documents/{order.document.pk}").json()
    assert "unit_price" not in data["content"]["lines"][0]
    assert "total_amount" not in data["content"]


def _receipts(storekeeper, store, item, count):
    for number in range(count):
        slip = write(
            storekeeper,
            SlipKind.PURCHASED_RECEIPT,
            store,
            [line(item, 10 + number, batch_number=f"B{number}"), line(item, 1)],
            partner=slip_factories.supplier(),
        )
        through_chain(slip)


def _inbox_queries(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("core:inbox"))
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_inbox_query_count_does_not_grow_with_the_papers(
    client, chains_seeded, storekeeper, store, half_shaft, quality_inspector
):
    _receipts(storekeeper, store, half_shaft, 2)
    few, body = _inbox_queries(client, quality_inspector)
    assert body.count('class="list-group-item inbox-row"') == 2
    _receipts(storekeeper, store, half_shaft, 6)
    many, body = _inbox_queries(client, quality_inspector)
    assert body.count('class="list-group-item inbox-row"') == 8
    assert many == few


def test_inbox_summaries_are_one_query_per_kind_of_paper(
    chains_seeded, storekeeper, store, half_shaft, quality_inspector, django_assert_num_queries
):
    _receipts(storekeeper, store, half_shaft, 3)
    documents = queries.inbox(quality_inspector)
    with django_assert_num_queries(2):  # the slips, then their lines
        queries.with_summaries(documents)
    assert all("半轴" in document.summary for document in documents)


def test_inbox_shows_the_age_of_each_paper(client, purchased_receipt, quality_inspector):
    with time_machine.travel(purchased_receipt.document.submitted_at + datetime.timedelta(hours=3)):
        client.cookies["django_language"] = "en"  # the Chinese (3 小时前) is the lead's catalogue
        _count, body = _inbox_queries(client, quality_inspector)
    assert "3 hours ago" in body


def test_d1_3_5_print_names_every_role_in_chinese_with_a_signature_and_date_line(
    client, chains_seeded, machining, store, half_shaft, storekeeper
):
    statistician = UserFactory(username="liuyan", first_name="刘燕")
    grant(statistician, "statistician", workshop=machining)
    inspector = UserFactory(username="lijun", first_name="李军")
    grant(inspector, "inspector", workshop=machining)
    slip = write(
        statistician, SlipKind.PRODUCTION_RECEIPT, store, [line(half_shaft, 40)], workshop=machining
    )
    with time_machine.travel(datetime.datetime(2026, 11, 30, 14, 2, tzinfo=SHANGHAI)):
        slip = through_chain(slip, inspector)
    client.force_login(statistician)
    body = client.get(reverse("slips:slip-print", args=[slip.pk]), {"paper": "continuous"})
    body = body.content.decode()
    copies = 4
    assert body.count('class="signature-line"') == 3 * copies
    for role in ("检查员", "车间主任", "保管员"):
        assert body.count(role) >= copies
    assert "李军" in body and "2026-11-30 14:02" in body
    assert "inspector:" not in body and "workshop_director" not in body
    detail = client.get(reverse("slips:slip-detail", args=[slip.pk])).content.decode()
    assert "CONTINUOUS" not in detail


def test_d2_2_contract_print_has_a_signature_and_a_date_line_per_party(client, db):
    seller = merchandiser_user()
    order = make_order(seller)
    client.force_login(seller)
    body = client.get(reverse("sales:order-print", args=[order.pk])).content.decode()
    assert body.count('class="signature-line"') == 2
    assert "日期" in body


@pytest.mark.parametrize("kind", list(SlipKind))
def test_every_slip_kind_declares_what_its_signers_see(kind):
    from gendan.core import papers
    from gendan.stock.slips.kinds import KINDS

    paper = papers.get(KINDS[kind].slip_type)
    assert paper.detail_template == "slips/paper/_stock_slip.html"
    assert paper.content and paper.summaries and paper.page_url and paper.content_data


def test_the_on_hand_stock_of_a_posted_receipt_is_where_its_lines_say(
    client, chains_seeded, storekeeper, store, half_shaft, quality_inspector
):
    """A posted slip's lines show the places the stock moved between."""
    put_stock(storekeeper, half_shaft, store.locations.get(), Decimal("5"))
    slip = write(
        storekeeper,
        SlipKind.PURCHASED_RECEIPT,
        store,
        [line(half_shaft, 7, batch_number="B9")],
        partner=slip_factories.supplier(),
    )
    purchaser = UserFactory(username="maqiang", first_name="马强")
    grant(purchaser, "purchaser")
    slip = through_chain(slip, quality_inspector, storekeeper, purchaser)
    assert slip.document.status == "posted"
    page = _detail(client, quality_inspector, slip.document)
    assert "成品库 A01" in page
