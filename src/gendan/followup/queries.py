"""Reads of the board and the order page. The board reads only OrderProgress rows, so
its page is one indexed query and a count whatever the number of orders."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, F, Sum
from django.utils import timezone

from gendan.core.calendar import provisional_years
from gendan.core.models import EventRecord
from gendan.core.queries import visible_documents
from gendan.followup import planning
from gendan.followup.access import followed_order_ids, sees_all_orders
from gendan.followup.models import (
    Expense,
    ExpenseClaim,
    Milestone,
    OrderProgress,
    TemplateStep,
)
from gendan.sales.models import Order
from gendan.stock.slips.models import StockSlip
from gendan.stock.slips.queries import visible_slips

SORTS = {
    "next": ["next_planned_date", "order_id"],
    "-next": ["-next_planned_date", "-order_id"],
    "delivery": ["delivery_date", "order_id"],
    "-delivery": ["-delivery_date", "-order_id"],
    "number": ["order_number"],
    "-number": ["-order_number"],
    "customer": ["customer_name", "order_id"],
    "stage": ["current_stage", "next_planned_date"],
}
DEFAULT_SORT = "next"
FINISHED_STATUSES = (Order.Status.CLOSED, Order.Status.CANCELLED)
KANBAN_CARDS = 20
MERCHANDISER_ROLE = "merchandiser"  # owns the steps a template gives to no other role


@dataclass(frozen=True)
class BoardFilters:
    customer: int | None = None
    merchandiser: int | None = None
    stage: str = ""
    late_only: bool = False
    due_this_week: bool = False
    search: str = ""
    sort: str = DEFAULT_SORT
    status: str = ""  # "": open orders; or one of FINISHED_STATUSES

    @classmethod
    def from_params(cls, params):
        return cls(
            customer=_int(params.get("customer")),
            merchandiser=_int(params.get("merchandiser")),
            stage=(params.get("stage") or "").strip(),
            late_only=params.get("late") in ("1", "true", "on"),
            due_this_week=params.get("week") in ("1", "true", "on"),
            search=(params.get("q") or "").strip().lower(),
            sort=params.get("sort") if params.get("sort") in SORTS else DEFAULT_SORT,
            status=params.get("status") if params.get("status") in FINISHED_STATUSES else "",
        )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def this_week(today):
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def finished_status_choices():
    """(code, Chinese label) of the statuses the board's status filter offers."""
    return [(status, Order.Status(status).label) for status in FINISHED_STATUSES]


def board(user, filters):
    """The open orders `user` may follow (or their closed or cancelled ones, with the
    status filter), filtered and sorted; no joins."""
    if filters.status:
        rows = OrderProgress.objects.filter(order_status=filters.status)
    else:
        rows = OrderProgress.objects.filter(is_open=True)
    if not sees_all_orders(user):
        rows = rows.filter(order_id__in=followed_order_ids(user))
    return _filtered(rows, filters).order_by(*SORTS[filters.sort])


def _filtered(rows, filters):
    today = timezone.localdate()
    if filters.customer:
        rows = rows.filter(customer_id=filters.customer)
    if filters.merchandiser:
        rows = rows.filter(merchandiser_id=filters.merchandiser)
    if filters.stage:
        rows = rows.filter(current_stage=filters.stage)
    if filters.late_only:
        rows = rows.filter(next_planned_date__lt=today)
    if filters.due_this_week:
        rows = rows.filter(delivery_date__range=this_week(today))
    if filters.search:
        rows = rows.filter(search_text__contains=filters.search)
    return rows


def kanban(user, filters):
    """Columns by stage: the count of each (one grouped query) and its first cards (one
    small indexed query per stage, so the cost follows the number of stages, not of
    orders)."""
    rows = board(user, filters)
    counts = dict(
        rows.order_by()
        .values_list("current_stage")
        .annotate(n=Count("pk"))
        .values_list("current_stage", "n")
    )
    order = stage_names()
    stages = sorted(counts, key=lambda s: (order.index(s) if s in order else len(order), s))
    return [(stage, counts[stage], list(_first_cards(rows, stage))) for stage in stages]


def _first_cards(rows, stage):
    return rows.filter(current_stage=stage).order_by(
        F("next_planned_date").asc(nulls_last=True), "order_id"
    )[:KANBAN_CARDS]


def stage_names():
    """Every stage the board can show, in template order, for the stage filter."""
    names = [planning.STAGE_UNCONFIRMED, planning.STAGE_NO_PLAN]
    for name in TemplateStep.objects.order_by("position", "template").values_list(
        "name", flat=True
    ):
        if name not in names:
            names.append(name)
    return names


# ---------------------------------------------------------------- the order page
def order_lines(order):
    return order.lines.select_related("item", "variant").order_by("position")


def milestones(order):
    return list(
        Milestone.objects.filter(order=order)
        .select_related("owner", "completed_by")
        .order_by("position")
    )


def _years_between(first, second):
    return range(min(first, second).year, max(first, second).year + 1)


def mark_provisional(milestones, delivery_date):
    """Set `is_provisional` on each open milestone whose date was counted over a year the
    calendar has only computed (not statutory, not confirmed); returns those years."""
    spans = {
        m.pk: _years_between(m.planned_date, delivery_date)
        for m in milestones
        if m.planned_date and not m.is_done
    }
    years = provisional_years({year for span in spans.values() for year in span})
    for milestone in milestones:
        milestone.is_provisional = any(year in years for year in spans.get(milestone.pk, ()))
    return sorted(years)


def mark_provisional_rows(rows):
    """The same for board rows (their next planned date); returns the rows as a list."""
    rows = list(rows)
    spans = {
        row.pk: _years_between(row.next_planned_date, row.delivery_date)
        for row in rows
        if row.next_planned_date
    }
    years = provisional_years({year for span in spans.values() for year in span})
    for row in rows:
        row.is_provisional = any(year in years for year in spans.get(row.pk, ()))
    return rows


def order_timeline(order):
    """Everything that happened to the order — its events (gendan.core.events): orders
    taken and confirmed, slips, delivery notes, payments, calls, milestones — newest
    first: one query on the order_id index (and one count for the pages)."""
    return EventRecord.objects.filter(order_id=order.pk).select_related("actor").order_by("-id")


@dataclass(frozen=True)
class GanttBar:
    milestone: Milestone
    planned_left: float
    planned_width: float
    actual_left: float | None


def gantt(order, rows):
    """Planned bars (start = planned date minus duration) against actual markers, as
    percentages of the span from the order date to the last date on the plan."""
    dates = [order.order_date, order.delivery_date, timezone.localdate()]
    dates += [m.planned_date for m in rows if m.planned_date]
    dates += [m.actual_date for m in rows if m.actual_date]
    start, end = min(dates), max(dates)
    span = max((end - start).days, 1)

    def percent(day):
        return round((day - start).days * 100 / span, 2)

    bars = []
    for milestone in rows:
        left = width = 0.0
        if milestone.planned_date:
            begin = max(milestone.planned_date - timedelta(days=milestone.duration_days), start)
            left, width = percent(begin), max(percent(milestone.planned_date) - percent(begin), 1)
        actual = percent(milestone.actual_date) if milestone.actual_date else None
        bars.append(GanttBar(milestone, left, width, actual))
    return {"bars": bars, "start": start, "end": end, "today": percent(timezone.localdate())}


# ---------------------------------------------------------------- on the one order page
def order_slips(user, order):
    """Every warehouse slip written for the order, newest first, each with `is_visible`:
    whether `user` may open it (the order page lists the papers behind the order to
    whoever follows it, and links only those they may open)."""
    slips = list(
        StockSlip.objects.filter(order_id=order.pk)
        .select_related("document__author", "warehouse")
        .order_by("-id")
    )
    visible = set(visible_slips(user).filter(order_id=order.pk).values_list("pk", flat=True))
    for slip in slips:
        slip.is_visible = slip.pk in visible
    return slips


def order_expense_claims(user, order):
    """The expense claims holding an expense of the order, the order's share summed,
    each with `is_visible` as for slips."""
    claims = list(
        ExpenseClaim.objects.filter(expenses__order_id=order.pk)
        .annotate(order_amount=Sum("expenses__amount"))
        .select_related("document__author", "claimant")
        .order_by("-id")
    )
    ids = [claim.document_id for claim in claims]
    visible = set(visible_documents(user).filter(pk__in=ids).values_list("pk", flat=True))
    for claim in claims:
        claim.is_visible = claim.document_id in visible
    return claims


def milestone_notes(order):
    """The milestones of the order that carry a note, in plan order."""
    return (
        Milestone.objects.filter(order_id=order.pk)
        .exclude(note="")
        .select_related("completed_by")
        .order_by("position")
    )


# ---------------------------------------------------------------- on the home page
def milestone_owner_roles():
    """The roles milestone templates give their steps to; "" (the merchandiser's)."""
    codes = set(TemplateStep.objects.values_list("owner_role_code", flat=True).distinct())
    return frozenset((codes - {""}) | {MERCHANDISER_ROLE})


def _my_open_milestones(user):
    return (
        Milestone.objects.filter(owner=user, status=Milestone.Status.OPEN)
        .exclude(order__status__in=FINISHED_STATUSES)
        .select_related("order__customer")
    )


def my_late_milestones(user, today):
    """Open milestones `user` owns whose planned date has passed, the oldest first."""
    return _my_open_milestones(user).filter(planned_date__lt=today).order_by("planned_date", "pk")


def my_milestones_this_week(user, today):
    """Open milestones `user` owns planned from today to the end of this week."""
    monday, sunday = this_week(today)
    return (
        _my_open_milestones(user)
        .filter(planned_date__range=(today, sunday))
        .order_by("planned_date", "pk")
    )


# ---------------------------------------------------------------- trip expenses (D4-X)
def expenses_seen(user, *, every=False):
    """The trip expenses the expense page and API list: one's own, or every
    merchandiser's for the sales manager and the auditor (`every`, from the matrix)."""
    rows = Expense.objects.all() if every else Expense.objects.filter(merchandiser=user)
    return rows.select_related("order", "factory", "claim__document", "merchandiser").order_by(
        "spent_on", "id"
    )


def expense_claims_seen(user, *, every=False, limit=20):
    """The latest claims: one's own, or every claim (`every`)."""
    rows = ExpenseClaim.objects.all() if every else ExpenseClaim.objects.filter(claimant=user)
    return rows.select_related("document", "claimant").order_by("-id")[:limit]
