"""Reads of the board and the order page. The board reads only OrderProgress rows, so
its page is one indexed query and a count whatever the number of orders."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q
from django.utils import timezone

from gendan.core.models import AuditEvent, Document
from gendan.followup import planning
from gendan.followup.access import sees_all_orders
from gendan.followup.models import Milestone, OrderProgress, TemplateStep
from gendan.sales.models import Order

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
KANBAN_CARDS = 20


@dataclass(frozen=True)
class BoardFilters:
    customer: int | None = None
    merchandiser: int | None = None
    stage: str = ""
    late_only: bool = False
    due_this_week: bool = False
    search: str = ""
    sort: str = DEFAULT_SORT

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
        )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def this_week(today):
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def board(user, filters):
    """The open orders `user` may follow, filtered and sorted; no joins."""
    rows = OrderProgress.objects.filter(is_open=True)
    if not sees_all_orders(user):
        rows = rows.filter(merchandiser=user)
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


def order_timeline(order, milestone_ids):
    """Every audit row of the order, its book document and its milestones, newest
    first: one query on the (object_type, object_id, id) index."""
    types = ContentType.objects.get_for_models(Milestone, Order, Document)
    condition = (
        Q(object_type=types[Order], object_id=str(order.pk))
        | Q(object_type=types[Document], object_id=str(order.document_id))
        | Q(object_type=types[Milestone], object_id__in=[str(pk) for pk in milestone_ids])
    )
    return AuditEvent.objects.filter(condition).select_related("actor").order_by("-id")


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
