"""Plans into a year chinese-calendar does not know (issue 10 point 6, D5-3.4): dated on
the provisional calendar and marked 暂定, re-planned when an administrator confirms the
year."""

import re
from datetime import date

import pytest
from django.contrib.auth.models import Permission

from gendan.core.models import AuditEvent
from gendan.core.working_calendar import confirm_year, toggle_day
from gendan.followup.models import Milestone, OrderProgress
from tests.factories import UserFactory
from tests.followup.conftest import at
from tests.followup.factories import take_order

DELIVERY = date(2027, 2, 26)  # a Friday, two weeks after the provisional 春节 (02-05 … 02-12)


@pytest.fixture
def order_into_2027(merchandiser, django_capture_on_commit_callbacks, time_machine):
    """On 2026-11-30 刘洋 takes a garment order delivering on 2027-02-26."""
    time_machine.move_to(at(2026, 11, 30), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        return take_order(merchandiser, order_date=date(2026, 11, 30), delivery_date=DELIVERY)


@pytest.fixture
def calendar_keeper(db):
    """刘敏 runs the office: she may change the working calendar."""
    user = UserFactory(username="liumin", first_name="刘敏")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="core", codename="change_calendarday")
    )
    return user


def _plan(order):
    return {m.name: m for m in Milestone.objects.filter(order=order)}


def test_d5_3_4_an_order_delivering_in_2027_gets_every_date_not_unknown(order_into_2027):
    plan = _plan(order_into_2027)
    assert all(m.planned_date is not None and m.planning_problem == "" for m in plan.values())
    assert plan["出货"].planned_date == DELIVERY
    assert plan["装箱80%"].planned_date == date(2027, 2, 19)
    # 14 working days back: 02-25 … 02-15 are nine, 春节 02-05 … 02-14 is skipped
    assert plan["中期检验"].planned_date == date(2027, 1, 29)
    assert OrderProgress.objects.get(pk=order_into_2027.pk).planning_problem == ""


def test_the_order_page_marks_the_2027_dates_provisional_without_the_red_message(
    client, order_into_2027, merchandiser
):
    client.force_login(merchandiser)
    page = client.get(f"/sales/orders/{order_into_2027.pk}/")
    html = page.content.decode()
    open_dated = Milestone.objects.filter(order=order_into_2027, status="open").count()
    assert html.count('data-testid="provisional"') == open_dated
    assert 'data-testid="provisional-note"' in html
    assert 'data-testid="planning-problem"' not in html
    assert "cannot compute" not in html and "does not know" not in html
    assert "/settings/calendar/2027/" not in html  # 刘洋 may not confirm the calendar
    assert page.context["part"]["provisional_years"] == [2027]  # the plan section


def test_someone_who_may_confirm_is_linked_to_the_calendar_page(
    client, order_into_2027, calendar_keeper, admin_user
):
    client.force_login(admin_user)
    html = client.get(f"/sales/orders/{order_into_2027.pk}/").content.decode()
    assert 'href="/settings/calendar/2027/"' in html


def test_the_board_marks_the_next_planned_date_provisional(client, order_into_2027, merchandiser):
    client.force_login(merchandiser)
    html = client.get("/followup/").content.decode()
    row = re.search(rf"{order_into_2027.number}.*?</tr>", html, re.S).group(0)
    assert 'data-testid="provisional"' in row


def test_turning_a_day_in_a_provisional_year_waits_for_the_confirmation(
    order_into_2027, calendar_keeper, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        toggle_day(actor=calendar_keeper, day=date(2027, 2, 12))  # 初七 becomes a working day
    assert _plan(order_into_2027)["中期检验"].planned_date == date(2027, 1, 29)


def test_confirming_the_year_re_plans_the_open_order_on_the_confirmed_days(
    client, order_into_2027, calendar_keeper, merchandiser, django_capture_on_commit_callbacks
):
    toggle_day(actor=calendar_keeper, day=date(2027, 2, 12))
    with django_capture_on_commit_callbacks(execute=True):
        confirm_year(actor=calendar_keeper, year=2027)
    plan = _plan(order_into_2027)
    # 02-12 now counts: 02-25 … 02-15 (9), 02-12 (10), 02-04 … 02-01 (14)
    assert plan["中期检验"].planned_date == date(2027, 2, 1)
    assert plan["装箱80%"].planned_date == date(2027, 2, 19)  # did not cross the change
    assert plan["订单确认"].is_done  # done milestones keep their dates
    replan = AuditEvent.objects.get(action="followup.replan", object_id=str(order_into_2027.pk))
    assert replan.after["calendar_year"] == 2027
    assert ["中期检验", "2027-01-29", "2027-02-01"] in replan.after["milestones"]
    client.force_login(merchandiser)
    html = client.get(f"/sales/orders/{order_into_2027.pk}/").content.decode()
    assert 'data-testid="provisional"' not in html and "provisional-note" not in html


def test_confirming_leaves_closed_orders_and_orders_before_the_year_alone(
    frozen, planned_order, order_into_2027, calendar_keeper, django_capture_on_commit_callbacks
):
    before = _plan(planned_order)
    with django_capture_on_commit_callbacks(execute=True):
        confirm_year(actor=calendar_keeper, year=2027)
    assert {m.name: m.planned_date for m in _plan(planned_order).values()} == {
        name: m.planned_date for name, m in before.items()
    }
    assert not AuditEvent.objects.filter(
        action="followup.replan", object_id=str(planned_order.pk)
    ).exists()


def test_a_plan_left_undated_before_the_provisional_calendar_is_dated_the_next_night(
    order_into_2027,
):
    """Orders planned before this release kept 未知 with the old reason; the nightly
    refresh re-plans them."""
    from gendan.followup.tasks import refresh_open_orders

    Milestone.objects.filter(order=order_into_2027, status="open").update(
        planned_date=None, planning_problem="日历不认识 2027 年"
    )
    refresh_open_orders()
    plan = _plan(order_into_2027)
    assert plan["中期检验"].planned_date == date(2027, 1, 29)
    assert all(m.planning_problem == "" for m in plan.values())
    assert OrderProgress.objects.get(pk=order_into_2027.pk).next_planned_date is not None
