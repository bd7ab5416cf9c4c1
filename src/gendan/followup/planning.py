"""Planning arithmetic and the per-order progress row. Called by the services, inside
their transaction; nothing here opens one."""

import datetime

from django.db.models import Q
from django.utils import timezone

from gendan.core.calendar import UnknownCalendarYear, WorkingCalendar
from gendan.followup.models import Milestone, OrderProgress
from gendan.org.models import RoleGrant
from gendan.sales.models import Order

STAGE_UNCONFIRMED = "待确认"
STAGE_NO_PLAN = "未排计划"
STAGE_FINISHED = "全部完成"
STAGE_CLOSED = "已关闭"
STAGE_CANCELLED = "已取消"
CLOSED_STATUSES = {Order.Status.CLOSED, Order.Status.CANCELLED}


def display_name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.username


def planned_date(calendar, delivery_date, offset_days):
    """(date, "") counted back `offset_days` working days from delivery (D5-3.4), or
    (None, why) when the calendar does not know a year on the way."""
    try:
        return calendar.add_working_days(delivery_date, -offset_days), ""
    except UnknownCalendarYear as error:
        return None, str(error)[:300]


def orders_crossing_year(year):
    """Ids of the open orders with an open milestone whose span from its planned date
    to the delivery date touches `year` (or whose date is still unknown)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    reaches_start = Q(order__delivery_date__gte=start) | Q(planned_date__gte=start)
    reaches_end = Q(order__delivery_date__lte=end) | Q(planned_date__lte=end)
    return list(
        Milestone.objects.filter(status=Milestone.Status.OPEN)
        .exclude(order__status__in=CLOSED_STATUSES)
        .filter(Q(planned_date__isnull=True) | (reaches_start & reaches_end))
        .order_by("order_id")
        .values_list("order_id", flat=True)
        .distinct()
    )


def owners_by_role(role_codes):
    """One holder per role (the earliest grant), for steps a role owns."""
    owners = {}
    grants = (
        RoleGrant.objects.filter(role__code__in=set(role_codes) - {""}, user__is_active=True)
        .select_related("user", "role")
        .order_by("id")
    )
    for grant in grants:
        owners.setdefault(grant.role.code, grant.user)
    return owners


def build_milestones(order, steps, calendar):
    owners = owners_by_role(step.owner_role_code for step in steps)
    milestones = []
    for step in steps:
        date, problem = planned_date(calendar, order.delivery_date, step.offset_days)
        milestones.append(
            Milestone(
                order=order,
                position=step.position,
                name=step.name,
                offset_days=step.offset_days,
                duration_days=step.duration_days,
                completion_event=step.completion_event,
                is_delivery=step.is_delivery,
                owner=owners.get(step.owner_role_code) or order.merchandiser,
                planned_date=date,
                planning_problem=problem,
            )
        )
    return milestones


def forecast(milestones, calendar, today):
    """The expected finish of the delivery step: each open step starts when the one
    before it is expected to finish (today for the first) and lasts its duration, but
    never finishes before its planned date."""
    target = next((m for m in milestones if m.is_delivery), milestones[-1] if milestones else None)
    if target is None:
        return None
    if target.is_done:
        return target.actual_date
    cursor = today
    for milestone in milestones:
        if not milestone.is_done:
            finish = calendar.add_working_days(cursor, milestone.duration_days)
            cursor = max(finish, milestone.planned_date or finish)
        if milestone is target:
            break
    return cursor


def _stage_fields(order, milestones):
    next_open = next((m for m in milestones if m.status == Milestone.Status.OPEN), None)
    if order.status in CLOSED_STATUSES:
        stage = STAGE_CANCELLED if order.status == Order.Status.CANCELLED else STAGE_CLOSED
    elif order.status == Order.Status.UNCONFIRMED:
        stage = STAGE_UNCONFIRMED
    elif not milestones:
        stage = STAGE_NO_PLAN
    else:
        stage = next_open.name if next_open else STAGE_FINISHED
    owner = next_open.owner if next_open else order.merchandiser
    return {
        "current_stage": stage,
        "next_milestone": next_open,
        "next_milestone_name": next_open.name if next_open else "",
        "next_planned_date": next_open.planned_date if next_open else None,
        "owner": owner,
        "owner_name": display_name(owner),
        "is_open": order.status not in CLOSED_STATUSES and not (milestones and next_open is None),
    }


def _forecast_fields(order, milestones, calendar):
    problems = [m.planning_problem for m in milestones if m.planning_problem and not m.is_done]
    try:
        expected = forecast(milestones, calendar, timezone.localdate())
    except UnknownCalendarYear as error:
        expected, problems = None, [*problems, str(error)]
    return {
        "forecast_date": expected,
        "is_forecast_late": expected is not None and expected > order.delivery_date,
        "planning_problem": (problems[0] if problems else "")[:300],
    }


def progress_fields(order, milestones, calendar):
    return {
        "order_number": order.number,
        "order_type": order.order_type,
        "order_status": order.status,
        "customer_id": order.customer_id,
        "customer_name": order.customer.name[:120],
        "merchandiser_id": order.merchandiser_id,
        "merchandiser_name": display_name(order.merchandiser),
        "delivery_date": order.delivery_date,
        "milestones_done": sum(1 for m in milestones if m.is_done),
        "milestones_total": len(milestones),
        "search_text": order.search_text,
        "updated_at": timezone.now(),
        **_stage_fields(order, milestones),
        **_forecast_fields(order, milestones, calendar),
    }


def refresh_progress(order, calendar=None):
    """Recompute the order's board row from its milestones. Call inside the
    transaction that changed them; the merchandiser's outlook is kept."""
    milestones = list(order.milestones.select_related("owner").order_by("position"))
    fields = progress_fields(order, milestones, calendar or WorkingCalendar())
    updated = OrderProgress.objects.filter(pk=order.pk).update(**fields)
    if not updated:
        OrderProgress.objects.create(order=order, **fields)
    return OrderProgress.objects.get(pk=order.pk)
