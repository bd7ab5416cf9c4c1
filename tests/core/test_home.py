"""我的一天, the home page per role (issue 10; JOURNEYS.md 跟单员 1): each card only for
the roles it concerns and only when it has something to say; a fixed number of queries
whatever the number of rows.

Personas: 刘洋 the merchandiser (D2-4, D5-3.4), 王芳 the transfer clerk (D1-3.2), 吴强
the storekeeper, 路人 who holds no role."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gendan.core import home
from gendan.followup.models import Milestone
from gendan.sales.models import Communication
from tests.factories import UserFactory, grant
from tests.followup.factories import take_order

SHANGHAI = ZoneInfo("Asia/Shanghai")
HOME = reverse("core:home")


def _at(day):
    return datetime.combine(day, datetime.min.time().replace(hour=9), tzinfo=SHANGHAI)


@pytest.fixture
def merchandiser(db):
    user = UserFactory(username="liuyang", first_name="刘洋")
    grant(user, "merchandiser")
    return user


def _orders(merchandiser, count, capture):
    """`count` garment orders taken on 2025-08-01, each confirmed with its plan."""
    with time_machine.travel(_at(date(2025, 8, 1)), tick=False), capture(execute=True):
        return [take_order(merchandiser) for _n in range(count)]


def _keys(response):
    return [card.key for card, _rows, _total in response.context["cards"]]


def test_d5_3_4_the_merchandiser_sees_late_and_this_week_milestones_and_overdue_feedback(
    client, merchandiser, django_capture_on_commit_callbacks
):
    (order,) = _orders(merchandiser, 1, django_capture_on_commit_callbacks)
    Communication.objects.create(
        customer=order.customer,
        order=order,
        kind=Communication.Kind.values[0],
        occurred_at=_at(date(2025, 8, 2)),
        summary="客户问交期",
        owner=merchandiser,
        feedback_promised="回复能否提前",
        feedback_due_date=date(2025, 8, 5),
    )
    mine = Milestone.objects.filter(order=order, status="open", owner=merchandiser)
    dates = sorted(mine.values_list("planned_date", flat=True))
    today = dates[len(dates) // 2]  # some of mine are late, today's is due this week
    sunday = today + timedelta(days=6 - today.weekday())
    late = mine.filter(planned_date__lt=today)
    week = mine.filter(planned_date__range=(today, sunday))
    assert late.exists() and week.exists()
    client.force_login(merchandiser)
    with time_machine.travel(_at(today), tick=False):
        response = client.get(HOME)
    assert _keys(response) == ["late-milestones", "milestones-this-week", "overdue-feedback"]
    cards = {card.key: (rows, total) for card, rows, total in response.context["cards"]}
    assert cards["late-milestones"][1] == late.count()
    assert cards["milestones-this-week"][1] == week.count()
    body = response.content.decode()
    assert "回复能否提前" in body and order.number in body
    assert reverse("sales:order-detail", args=[order.pk]) in body


def test_d1_3_2_the_clerk_sees_what_waits_for_her_signature_and_her_paper_waiting(
    client, submitted, clerk
):
    client.force_login(clerk)
    response = client.get(HOME)
    assert "awaiting-signature" in _keys(response)
    assert "waiting-for-others" in _keys(response)
    assert "late-milestones" not in _keys(response)
    assert "overdue-feedback" not in _keys(response)
    body = response.content.decode()
    assert submitted.number in body


def test_the_clerk_is_not_shown_the_sales_and_follow_up_cards(
    client, merchandiser, clerk, django_capture_on_commit_callbacks
):
    """The cards are for the roles they concern, even when rows would exist: 王芳 the
    transfer clerk owns no milestone and promises no customer feedback by her job."""
    (order,) = _orders(merchandiser, 1, django_capture_on_commit_callbacks)
    Milestone.objects.filter(order=order).update(owner=clerk)
    Communication.objects.create(
        customer=order.customer,
        kind=Communication.Kind.values[0],
        occurred_at=_at(date(2025, 8, 2)),
        summary="问价",
        owner=clerk,
        feedback_promised="回电",
        feedback_due_date=date(2025, 8, 5),
    )
    client.force_login(clerk)
    with time_machine.travel(_at(date(2025, 9, 17)), tick=False):
        response = client.get(HOME)
    assert not {"late-milestones", "milestones-this-week", "overdue-feedback"} & set(
        _keys(response)
    )


def test_someone_with_nothing_to_do_is_told_so(client, outsider):
    client.force_login(outsider)
    response = client.get(HOME)
    assert response.status_code == 200 and _keys(response) == []
    assert 'data-testid="home-empty"' in response.content.decode()


def test_the_home_page_costs_the_same_queries_with_one_or_many_late_milestones(
    client, merchandiser, django_capture_on_commit_callbacks
):
    other = UserFactory(username="zhangwei", first_name="张伟")
    grant(other, "merchandiser")
    _orders(merchandiser, 1, django_capture_on_commit_callbacks)
    _orders(other, 4, django_capture_on_commit_callbacks)

    def queries_of(user):
        client.force_login(user)
        client.get(HOME)  # warm the caches a first page fills (content types, sessions)
        with (
            time_machine.travel(_at(date(2025, 9, 17)), tick=False),
            CaptureQueriesContext(connection) as captured,
        ):
            response = client.get(HOME)
        return len(captured), response

    few, small = queries_of(merchandiser)
    many, large = queries_of(other)
    cards = {card.key: total for card, _rows, total in large.context["cards"]}
    assert cards["late-milestones"] > home.CARD_ROWS  # the card shows a page, counts all
    assert many == few
