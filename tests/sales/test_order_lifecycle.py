"""The order lifecycle as a transition table (issue 8, item 5).

Personas: 刘洋 the merchandiser (his orders), 周敏 the order taker (takes orders, may not
change them), 马晓玲 the sales manager (reopens), and an outsider who sees nothing.
"""

from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from gendan.api.services import create_token
from gendan.core.errors import DomainError, InvalidTransition, NotFound, PermissionDenied
from gendan.core.locks import lock_row, lock_rows
from gendan.core.models import AuditEvent, EventRecord
from gendan.core.transitions import transition
from gendan.followup.models import Milestone, OrderProgress
from gendan.sales import services
from gendan.sales.models import Order
from gendan.sales.services.lifecycle import ORDER_TRANSITIONS
from tests.factories import UserFactory
from tests.sales.factories import MERCHANDISER_PERMS, give_role, item, make_order

S = Order.Status
REASON = "客户撤单"


@pytest.fixture
def order_taker(db):
    return give_role(
        UserFactory(username="zhoumin", first_name="周敏"),
        "order_taker",
        "view_order",
        "add_order",
        "view_customer",
        "view_prices",
    )


@pytest.fixture
def sales_manager(db):
    return give_role(
        UserFactory(username="maxiaoling", first_name="马晓玲"),
        "sales_manager",
        *MERCHANDISER_PERMS,
    )


@pytest.fixture
def outsider(db):
    return UserFactory(username="luren", first_name="路人")


@pytest.fixture
def order(merchandiser, customer):
    """A phone order of 100 半轴 at 123: confirmed at once, nothing delivered or paid."""
    return make_order(merchandiser, customer=customer)


def _put(order, status, previous=""):
    """Place the order in a state for a test (the table is what is under test)."""
    Order.objects.filter(pk=order.pk).update(status=status, previous_status=previous)
    order.refresh_from_db()
    return order


def _audit_rows(order):
    return AuditEvent.objects.filter(
        object_type=ContentType.objects.get_for_model(Order), object_id=str(order.pk)
    )


def _counts(order):
    return _audit_rows(order).count(), EventRecord.objects.count()


def _deliver_everything(order):
    Order.objects.filter(pk=order.pk).update(paid_amount=order.total_amount)
    order.lines.update(delivered_quantity=order.lines.get().quantity)
    order.refresh_from_db()


ALLOWED = [
    (S.DRAFT, "submit", S.UNCONFIRMED, ""),
    (S.UNCONFIRMED, "confirm", S.CONFIRMED, ""),
    (S.CONFIRMED, "start_production", S.IN_PRODUCTION, ""),
    (S.CONFIRMED, "ship", S.SHIPPED, ""),
    (S.IN_PRODUCTION, "ship", S.SHIPPED, ""),
    (S.SHIPPED, "resume_shipping", S.IN_PRODUCTION, S.IN_PRODUCTION),
    (S.CONFIRMED, "close", S.CLOSED, ""),
    (S.IN_PRODUCTION, "close", S.CLOSED, ""),
    (S.SHIPPED, "close", S.CLOSED, ""),
    (S.DRAFT, "cancel", S.CANCELLED, ""),
    (S.UNCONFIRMED, "cancel", S.CANCELLED, ""),
    (S.CONFIRMED, "cancel", S.CANCELLED, ""),
    (S.IN_PRODUCTION, "cancel", S.CANCELLED, ""),
    (S.CLOSED, "reopen", S.SHIPPED, S.SHIPPED),
    (S.CANCELLED, "reopen", S.IN_PRODUCTION, S.IN_PRODUCTION),
]
PUBLISHES = {
    "cancel": ["order.cancelled"],
    "close": ["order.closed"],
    "reopen": ["order.reopened"],
}
ACTIONS = list(ORDER_TRANSITIONS.actions)
REFUSED = [
    (state, action)
    for state in S.values
    for action in ACTIONS
    if not any(state == a and action == b for a, b, _to, _prev in ALLOWED)
]


@pytest.mark.parametrize(("start", "action", "end", "previous"), ALLOWED)
def test_every_allowed_move_changes_the_state_and_leaves_one_audit_row(
    sales_manager, order, start, action, end, previous
):
    _put(order, start, previous)
    audit_rows, event_rows = _counts(order)
    transition(
        actor=sales_manager, obj=order, action=action, reason=REASON, table=ORDER_TRANSITIONS
    )
    order.refresh_from_db()
    assert (order.status, order.previous_status) == (end, start)
    published = list(EventRecord.objects.order_by("id").values_list("code", flat=True))
    assert published[event_rows:] == PUBLISHES.get(action, [])
    row = _audit_rows(order).latest("id")
    assert _audit_rows(order).count() == audit_rows + 1
    assert row.action == f"order.{action}"
    assert row.before == {"status": start}
    assert row.after["status"] == end and row.after["reason"] == REASON


@pytest.mark.parametrize(("state", "action"), REFUSED)
def test_every_refused_move_names_the_state_and_changes_nothing(
    sales_manager, order, state, action
):
    _put(order, state, S.CONFIRMED)
    before = _counts(order)
    with pytest.raises(InvalidTransition) as refused:
        transition(
            actor=sales_manager, obj=order, action=action, reason=REASON, table=ORDER_TRANSITIONS
        )
    label = str(S(state).label)
    assert refused.value.status_code == 409
    assert str(refused.value).startswith(f"Order {order.number} is {label}: you cannot ")
    order.refresh_from_db()
    assert (order.status, order.previous_status) == (state, S.CONFIRMED)
    assert _counts(order) == before


def test_confirming_a_cancelled_order_is_refused_naming_the_state(merchandiser, order):
    _put(order, S.CANCELLED, S.UNCONFIRMED)
    before = _counts(order)
    with pytest.raises(InvalidTransition) as refused:
        services.confirm_order(
            actor=merchandiser, order=order, called_person="张经理", confirmed_text="确认"
        )
    assert str(refused.value) == f"Order {order.number} is cancelled: you cannot confirm it"
    assert order.confirmation_calls.count() == 0 and _counts(order) == before


def test_merchandiser_cancels_with_a_reason_and_order_cancelled_is_published(
    merchandiser, order, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_order(actor=merchandiser, order=order, reason=REASON)
    order.refresh_from_db()
    assert (order.status, order.previous_status) == (S.CANCELLED, S.CONFIRMED)
    event = EventRecord.objects.filter(code="order.cancelled").get()
    assert event.payload == {"order_id": order.pk, "reason": REASON}
    assert event.actor == merchandiser


def test_cancelling_without_a_reason_is_refused_on_the_reason_field(merchandiser, order):
    before = _counts(order)
    with pytest.raises(DomainError) as refused:
        services.cancel_order(actor=merchandiser, order=order, reason="   ")
    assert refused.value.field == "reason" and refused.value.status_code == 400
    order.refresh_from_db()
    assert order.status == S.CONFIRMED and _counts(order) == before


def test_order_taker_may_not_cancel_an_order_of_another_merchandiser(order_taker, order):
    before = _counts(order)
    with pytest.raises(PermissionDenied) as refused:
        services.cancel_order(actor=order_taker, order=order, reason=REASON)
    assert str(refused.value) == (
        f"Only the order's merchandiser or the sales office may cancel Order {order.number}."
    )
    order.refresh_from_db()
    assert order.status == S.CONFIRMED and _counts(order) == before


def test_closing_an_undelivered_unpaid_order_needs_a_reason(merchandiser, order):
    before = _counts(order)
    with pytest.raises(DomainError) as refused:
        services.close_order(actor=merchandiser, order=order)
    assert refused.value.field == "reason"
    assert str(refused.value) == (
        f"Order {order.number}: not everything is delivered and 12300.00 is still due — "
        "give a reason to close it anyway."
    )
    order.refresh_from_db()
    assert order.status == S.CONFIRMED and _counts(order) == before
    services.close_order(actor=merchandiser, order=order, reason="客户放弃余量，尾款另议")
    order.refresh_from_db()
    assert (order.status, order.previous_status) == (S.CLOSED, S.CONFIRMED)


def test_closing_a_delivered_but_unpaid_order_names_what_is_due(merchandiser, order):
    _deliver_everything(order)
    Order.objects.filter(pk=order.pk).update(paid_amount=Decimal("12000"))
    order.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        services.close_order(actor=merchandiser, order=order)
    assert "300.00 is still due" in str(refused.value)


def test_an_order_delivered_and_paid_closes_without_a_reason(
    merchandiser, order, django_capture_on_commit_callbacks
):
    services.create_delivery_note(
        actor=merchandiser,
        order=order,
        lines=[{"order_line": order.lines.get().pk, "quantity": "100"}],
    )
    order.refresh_from_db()
    assert order.status == S.SHIPPED and order.delivered_at is not None
    Order.objects.filter(pk=order.pk).update(paid_amount=order.total_amount)
    with django_capture_on_commit_callbacks(execute=True):
        services.close_order(actor=merchandiser, order=order)
    order.refresh_from_db()
    assert (order.status, order.previous_status) == (S.CLOSED, S.SHIPPED)
    assert EventRecord.objects.filter(code="order.closed").get().payload == {
        "order_id": order.pk,
        "reason": "",
    }


def test_only_the_sales_manager_reopens_and_the_order_returns_to_its_state(
    merchandiser, sales_manager, order
):
    services.cancel_order(actor=merchandiser, order=order, reason=REASON)
    order.refresh_from_db()
    before = _counts(order)
    with pytest.raises(PermissionDenied) as refused:
        services.reopen_order(actor=merchandiser, order=order, reason="客户恢复订单")
    assert str(refused.value) == f"Only the sales manager may reopen Order {order.number}."
    order.refresh_from_db()
    assert order.status == S.CANCELLED and _counts(order) == before
    with pytest.raises(DomainError) as no_reason:
        services.reopen_order(actor=sales_manager, order=order, reason="")
    assert no_reason.value.field == "reason"
    services.reopen_order(actor=sales_manager, order=order, reason="客户恢复订单")
    order.refresh_from_db()
    assert (order.status, order.previous_status) == (S.CONFIRMED, S.CANCELLED)
    assert EventRecord.objects.filter(code="order.reopened").get().payload == {
        "order_id": order.pk,
        "reason": "客户恢复订单",
    }


def test_placing_a_factory_order_starts_production(merchandiser, order):
    from tests.sales.factories import contracted_factory

    services.place_factory_order(
        actor=merchandiser, order=order, factory=contracted_factory(), due_date="2026-04-20"
    )
    order.refresh_from_db()
    assert (order.status, order.previous_status) == (S.IN_PRODUCTION, S.CONFIRMED)


def test_a_line_added_to_a_shipped_order_resumes_shipping(merchandiser, order):
    _put(order, S.SHIPPED, S.IN_PRODUCTION)
    order.lines.update(delivered_quantity=100)
    services.amend_order(
        actor=merchandiser,
        order=order,
        field="add_line",
        value={"item": item().pk, "quantity": "5", "unit_price": "1"},
        reason="客户追加",
    )
    order.refresh_from_db()
    assert order.status == S.IN_PRODUCTION


def test_one_lock_helper_locks_rows_in_pk_order_and_missing_is_not_found(merchandiser, customer):
    first, second = (make_order(merchandiser, customer=customer) for _ in range(2))
    assert lock_rows(Order, [second.pk, None, first.pk, 999999]) == [first, second]
    assert lock_rows(Order.objects.filter(pk=second.pk)) == [second]
    assert services.lock_order(first.pk) == first
    with pytest.raises(NotFound):
        lock_row(Order, 999999)


# ---------------------------------------------------------------- milestones (followup)
@pytest.fixture
def planned(merchandiser, customer, django_capture_on_commit_callbacks):
    """A confirmed machinery order with its plan; the confirmation completed step 1."""
    with django_capture_on_commit_callbacks(execute=True):
        order = make_order(merchandiser, customer=customer)
    milestones = list(order.milestones.order_by("position"))
    assert milestones and milestones[0].status == Milestone.Status.DONE
    return order


def test_cancelling_cancels_the_open_milestones_and_done_ones_stay_done(
    merchandiser, planned, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_order(actor=merchandiser, order=planned, reason=REASON)
    statuses = list(planned.milestones.order_by("position").values_list("status", flat=True))
    assert statuses[0] == Milestone.Status.DONE
    assert set(statuses[1:]) == {Milestone.Status.CANCELLED}
    progress = OrderProgress.objects.get(pk=planned.pk)
    assert (progress.is_open, progress.order_status, progress.current_stage) == (
        False,
        S.CANCELLED,
        "已取消",
    )


def test_reopening_re_plans_the_cancelled_milestones(
    merchandiser, sales_manager, planned, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_order(actor=merchandiser, order=planned, reason=REASON)
    with django_capture_on_commit_callbacks(execute=True):
        services.reopen_order(actor=sales_manager, order=planned, reason="客户恢复订单")
    milestones = list(planned.milestones.order_by("position"))
    assert milestones[0].status == Milestone.Status.DONE
    assert {m.status for m in milestones[1:]} == {Milestone.Status.OPEN}
    assert all(m.planned_date or m.planning_problem for m in milestones[1:])
    assert OrderProgress.objects.get(pk=planned.pk).is_open


# ---------------------------------------------------------------- the API
@pytest.fixture
def api_as():
    """An API client of `user`, in English unless `language` says otherwise."""

    def client_for(user, language="en"):
        token = create_token(actor=user, name="手机")[1]
        client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

        def post(path, payload):
            return client.post(f"/api/v1/sales{path}", payload, content_type="application/json")

        return post

    return client_for


def test_api_cancel_then_confirm_gets_409_naming_the_state(api_as, merchandiser, customer):
    order = make_order(merchandiser, customer=customer, channel=Order.Channel.FAX)
    post = api_as(merchandiser)
    cancelled = post(f"/orders/{order.pk}/cancel", {"reason": REASON})
    assert cancelled.status_code == 200, cancelled.json()
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["status_label"] == "cancelled"
    refused = post(
        f"/orders/{order.pk}/confirm", {"called_person": "张经理", "confirmed_text": "确认"}
    )
    assert refused.status_code == 409
    assert refused.json() == {"detail": f"Order {order.number} is cancelled: you cannot confirm it"}


def test_api_refusal_in_chinese_names_the_state_by_its_chinese_label(api_as, merchandiser, order):
    post = api_as(merchandiser, language="zh-hans")
    assert post(f"/orders/{order.pk}/cancel", {"reason": REASON}).json()["status_label"] == "已取消"
    refused = post(f"/orders/{order.pk}/close", {"reason": "尾款另议"})
    assert refused.status_code == 409
    assert order.number in refused.json()["detail"] and "已取消" in refused.json()["detail"]


def test_api_missing_reason_is_400_naming_the_field(api_as, merchandiser, order):
    response = api_as(merchandiser)(f"/orders/{order.pk}/cancel", {})
    assert response.status_code == 400
    assert response.json()["field"] == "reason"
    order.refresh_from_db()
    assert order.status == S.CONFIRMED


def test_api_reopen_is_403_for_the_merchandiser_and_200_for_the_sales_manager(
    api_as, merchandiser, sales_manager, order
):
    assert (
        api_as(merchandiser)(f"/orders/{order.pk}/close", {"reason": "尾款另议"}).status_code == 200
    )
    refused = api_as(merchandiser)(f"/orders/{order.pk}/reopen", {"reason": "客户恢复"})
    assert refused.status_code == 403
    reopened = api_as(sales_manager)(f"/orders/{order.pk}/reopen", {"reason": "客户恢复"})
    assert reopened.status_code == 200 and reopened.json()["status"] == "confirmed"


def test_api_outsider_gets_404_and_nothing_changes(api_as, outsider, order):
    before = _counts(order)
    response = api_as(outsider)(f"/orders/{order.pk}/cancel", {"reason": REASON})
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == S.CONFIRMED and _counts(order) == before


# ---------------------------------------------------------------- the order page
def _page_client(user):
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_order_page_shows_each_button_only_to_who_may_use_it(
    merchandiser, order_taker, sales_manager, order
):
    merchandiser_page = _page_client(merchandiser).get(f"/sales/orders/{order.pk}/")
    taker_page = _page_client(order_taker).get(f"/sales/orders/{order.pk}/").content.decode()
    assert 'id="cancel-form"' in merchandiser_page.content.decode()
    assert 'id="close-form"' in merchandiser_page.content.decode()
    assert 'id="reopen-form"' not in merchandiser_page.content.decode()
    assert 'id="order-lifecycle"' not in taker_page
    _put(order, S.CANCELLED, S.CONFIRMED)
    manager_page = _page_client(sales_manager).get(f"/sales/orders/{order.pk}/").content.decode()
    assert 'id="reopen-form"' in manager_page and 'id="cancel-form"' not in manager_page


def test_cancelling_on_the_page_reports_the_outcome_and_a_refusal_as_a_message(merchandiser, order):
    client = _page_client(merchandiser)
    refused = client.post(f"/sales/orders/{order.pk}/cancel/", {"reason": ""}, follow=True)
    assert "Give the reason (it is required)." in refused.content.decode()
    order.refresh_from_db()
    assert order.status == S.CONFIRMED
    done = client.post(f"/sales/orders/{order.pk}/cancel/", {"reason": REASON}, follow=True)
    assert f"Order {order.number} cancelled." in done.content.decode()
    order.refresh_from_db()
    assert order.status == S.CANCELLED
    again = client.post(f"/sales/orders/{order.pk}/cancel/", {"reason": REASON}, follow=True)
    assert f"Order {order.number} is cancelled: you cannot cancel it" in again.content.decode()


def test_order_list_filters_cancelled_and_closed_orders_by_their_status(merchandiser, customer):
    cancelled = _put(make_order(merchandiser, customer=customer), S.CANCELLED)
    closed = _put(make_order(merchandiser, customer=customer), S.CLOSED)
    page = _page_client(merchandiser).get("/sales/orders/", {"status": "cancelled"})
    html = page.content.decode()
    assert cancelled.number in html and closed.number not in html


def test_board_hides_cancelled_orders_unless_filtered_and_shows_their_chinese_status(
    merchandiser, planned, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_order(actor=merchandiser, order=planned, reason=REASON)
    client = _page_client(merchandiser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    open_board = client.get("/followup/").content.decode()
    cancelled_board = client.get("/followup/", {"status": "cancelled"}).content.decode()
    assert planned.number not in open_board
    assert planned.number in cancelled_board and "<td>已取消</td>" in cancelled_board


# ---------------------------------------------------------------- the migration
@pytest.mark.django_db(transaction=True)
def test_migration_turns_a_delivered_order_into_a_shipped_one_and_back(merchandiser, customer):
    """An order DELIVERED (everything delivered) before 0004 is shipped after it, and
    reopening it later returns it to confirmed; going back restores "delivered"."""
    order = _put(make_order(merchandiser, customer=customer), S.SHIPPED, S.CONFIRMED)
    executor = MigrationExecutor(connection)
    executor.migrate([("sales", "0003_role_default_permissions")])
    with connection.cursor() as cursor:
        cursor.execute("SELECT status FROM sales_order WHERE id = %s", [order.pk])
        assert cursor.fetchone()[0] == "delivered"
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    order.refresh_from_db()
    assert (order.status, order.previous_status) == (S.SHIPPED, S.CONFIRMED)
