"""The order board and the order page (D5-3.4): filters, export, kanban, saved views,
access, and query counts that do not grow with the data."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gendan.core import events
from gendan.followup import services
from gendan.followup.models import Milestone, SavedBoardView
from tests.factories import UserFactory
from tests.followup.factories import CustomerFactory, take_order

BOARD = reverse("followup:board")


def _orders(actor, count, capture, **kwargs):
    with capture(execute=True):
        return [take_order(actor, **kwargs) for _n in range(count)]


def _numbers(response):
    return {row.order_number for row in response.context["page"]}


def test_board_shows_each_open_order_with_stage_next_milestone_and_owner(
    client, planned_order, merchandiser
):
    client.force_login(merchandiser)
    response = client.get(BOARD)
    body = response.content.decode()
    assert planned_order.number in body and "面辅料到厂查验" in body and "刘洋" in body
    assert "viewport" in body  # the 375 px layout comes from base.html's viewport


def test_board_filters_by_late_merchandiser_stage_week_and_customer(
    client, frozen, merchandiser, other_merchandiser, django_capture_on_commit_callbacks, admin_user
):
    customer = CustomerFactory(code="YH", name="远航贸易")
    late = take_and_deliver(merchandiser, django_capture_on_commit_callbacks, customer=customer)
    soon = _orders(
        other_merchandiser,
        1,
        django_capture_on_commit_callbacks,
        delivery_date=date(2025, 8, 6),
        order_type="ecommerce",
    )[0]
    frozen.move_to("2025-08-05 09:00+08:00")
    services.sync_progress(order_id=late.pk)
    services.sync_progress(order_id=soon.pk)
    client.force_login(admin_user)
    assert _numbers(client.get(BOARD, {"merchandiser": other_merchandiser.pk})) == {soon.number}
    assert _numbers(client.get(BOARD, {"customer": customer.pk})) == {late.number}
    assert _numbers(client.get(BOARD, {"week": "1"})) == {soon.number}
    assert _numbers(client.get(BOARD, {"stage": "面辅料到厂查验"})) == {late.number}
    assert _numbers(client.get(BOARD, {"late": "1"})) == {soon.number}
    assert _numbers(client.get(BOARD, {"q": "yhmy"})) == {late.number}


def take_and_deliver(actor, capture, **kwargs):
    return _orders(actor, 1, capture, **kwargs)[0]


def test_merchandiser_without_a_company_wide_role_sees_only_their_orders(
    client, planned_order, frozen, django_capture_on_commit_callbacks
):
    newcomer = UserFactory(username="xiaozhao")
    own = _orders(newcomer, 1, django_capture_on_commit_callbacks)[0]
    client.force_login(newcomer)
    assert _numbers(client.get(BOARD)) == {own.number}
    assert client.get(reverse("sales:order-detail", args=[planned_order.pk])).status_code == 404


def test_board_exports_to_xlsx_that_opens_with_the_same_rows(client, planned_order, admin_user):
    client.force_login(admin_user)
    response = client.get(BOARD, {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    rows = sheet.to_python()
    assert rows[1][0] == planned_order.number and rows[1][3] == "面辅料到厂查验"
    assert len(rows) == 2


def test_kanban_groups_open_orders_by_stage(
    client, frozen, merchandiser, django_capture_on_commit_callbacks, admin_user
):
    _orders(merchandiser, 2, django_capture_on_commit_callbacks)
    _orders(merchandiser, 1, django_capture_on_commit_callbacks, channel="fax")
    client.force_login(admin_user)
    columns = {
        stage: count
        for stage, count, _c in client.get(BOARD, {"view": "kanban"}).context["columns"]
    }
    assert columns == {"待确认": 1, "面辅料到厂查验": 2}


def test_saved_views_belong_to_their_owner_and_reopen_the_filters(client, merchandiser, outsider):
    client.force_login(merchandiser)
    response = client.post(
        reverse("followup:board-view-save"),
        {"name": "我的逾期", "querystring": "late=1&sort=delivery"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?late=1&sort=delivery")
    view = SavedBoardView.objects.get(user=merchandiser)
    assert "我的逾期" in client.get(BOARD).content.decode()
    client.force_login(outsider)
    assert client.post(reverse("followup:board-view-delete", args=[view.pk])).status_code == 404
    assert SavedBoardView.objects.filter(pk=view.pk).exists()


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured.captured_queries)


def test_board_query_count_does_not_grow_with_orders(
    client, frozen, merchandiser, django_capture_on_commit_callbacks, admin_user
):
    _orders(merchandiser, 2, django_capture_on_commit_callbacks)
    client.force_login(admin_user)
    _queries(client, BOARD)  # warm the content-type and session caches
    few = _queries(client, BOARD)
    _orders(merchandiser, 12, django_capture_on_commit_callbacks)
    assert _queries(client, BOARD) == few
    assert few <= 14  # constant; the header's per-role menu and its gates take a few


def test_order_page_query_count_does_not_grow_with_lines_and_events(
    client, frozen, merchandiser, django_capture_on_commit_callbacks
):
    small = _orders(merchandiser, 1, django_capture_on_commit_callbacks, lines=1)[0]
    large = _orders(merchandiser, 1, django_capture_on_commit_callbacks, lines=30)[0]
    for milestone in Milestone.objects.filter(order=large):
        for _n in range(3):
            events.publish(
                events.MilestoneReopened(
                    order_id=large.pk, milestone_id=milestone.pk, name=milestone.name, reason="复核"
                ),
                actor=merchandiser,
            )
    events.publish(
        events.ReceiptPosted(
            document_id=1,
            paper_type="slips.purchased_receipt",
            order_id=large.pk,
            lines=((1, "2"),),
        )
    )
    client.force_login(merchandiser)
    _queries(client, reverse("sales:order-detail", args=[small.pk]))
    few = _queries(client, reverse("sales:order-detail", args=[small.pk]))
    assert _queries(client, reverse("sales:order-detail", args=[large.pk])) == few


def test_order_page_shows_the_gantt_and_the_timeline_newest_first(
    client, planned_order, merchandiser
):
    milestone = Milestone.objects.get(order=planned_order, name="面辅料到厂查验")
    services.complete_milestone(
        actor=merchandiser, milestone=milestone, evidence_url="/documents/5/"
    )
    client.force_login(merchandiser)
    response = client.get(reverse("sales:order-detail", args=[planned_order.pk]))
    body = response.content.decode()
    assert body.count('data-testid="milestone"') == 13
    assert "gantt-planned" in body and "gantt-actual" in body
    entries = response.context["timeline"]  # the one order page (sales:order-detail)
    completed = events.MilestoneCompleted(
        order_id=planned_order.pk, milestone_id=milestone.pk, name="面辅料到厂查验", by_hand=True
    )
    assert entries[0].sentence == completed.describe()
    assert entries[0].actor == merchandiser
    assert entries[0].sentence in body and "milestone.completed" not in body


def test_milestone_completed_from_the_order_page_without_evidence_shows_why(
    client, planned_order, merchandiser
):
    milestone = Milestone.objects.get(order=planned_order, name="面辅料到厂查验")
    client.force_login(merchandiser)
    response = client.post(
        reverse("followup:milestone-complete", args=[milestone.pk]), {"note": "x"}, follow=True
    )
    assert "alert-danger" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.status == "open"
    client.post(
        reverse("followup:milestone-complete", args=[milestone.pk]),
        {"evidence_url": "https://pan.example.com/fabric.jpg"},
    )
    milestone.refresh_from_db()
    assert milestone.is_done


@pytest.mark.parametrize("name", ["followup:order-detail", "followup:order-outlook"])
def test_outsider_gets_not_found_on_the_order_pages(client, planned_order, outsider, name):
    client.force_login(outsider)
    method = client.get if name.endswith("detail") else client.post
    assert method(reverse(name, args=[planned_order.pk])).status_code == 404
