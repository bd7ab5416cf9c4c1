"""Reads of the inspection follow-ups: the open problems per factory and order with
their ages (D4-6), the customer complaints of an order traced back (D4-12)."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from gendan.quality import access, inspection_trace, queries
from gendan.quality.followup_models import CustomerComplaint, ProblemState, ProductionProblem

NOT_CLOSED = "not_closed"
STATE_FILTERS = (NOT_CLOSED, *ProblemState.values)


@dataclass
class ProblemRow:
    problem: ProductionProblem
    age_days: int
    is_overdue: bool


def problems(user, *, factory=None, order=None, state=NOT_CLOSED, text=""):
    """The problems `user` may see, filtered; not closed ones by default."""
    rows = access.visible_problems(
        user,
        ProductionProblem.objects.select_related("order", "factory", "inspection__document"),
    )
    if factory:
        rows = rows.filter(factory_id=factory)
    if order:
        rows = rows.filter(order_id=order)
    if state == NOT_CLOSED:
        rows = rows.exclude(state=ProblemState.CLOSED)
    elif state in ProblemState.values:
        rows = rows.filter(state=state)
    if text:
        rows = rows.filter(
            Q(search_text__icontains=text.lower())
            | Q(order__number__icontains=text)
            | Q(description__icontains=text)
        )
    return rows.order_by("factory__name", "order__number", "opened_at", "id")


def with_ages(rows, today=None):
    """Each problem with its age in days (since it was opened; until closed) and
    whether it is past its date."""
    today = today or timezone.localdate()
    result = []
    for problem in rows:
        end = timezone.localdate(problem.closed_at) if problem.closed_at else today
        age = (end - timezone.localdate(problem.opened_at)).days
        overdue = not problem.is_closed and problem.due_on < today
        result.append(ProblemRow(problem=problem, age_days=age, is_overdue=overdue))
    return result


def per_factory(rows):
    """Per factory: problems not closed, of them overdue, the oldest age."""
    summary = {}
    for row in rows:
        if row.problem.is_closed:
            continue
        entry = summary.setdefault(
            row.problem.factory_id,
            {"factory": row.problem.factory, "count": 0, "overdue": 0, "oldest": 0},
        )
        entry["count"] += 1
        entry["overdue"] += int(row.is_overdue)
        entry["oldest"] = max(entry["oldest"], row.age_days)
    return sorted(summary.values(), key=lambda entry: entry["factory"].name)


def complaints_of(order_id):
    return list(
        CustomerComplaint.objects.filter(order_id=order_id).select_related(
            "recorded_by", "factory_order__factory"
        )
    )


def complaint_traces(order_id, inspections):
    """D4-12: every complaint of the order traced back over `inspections` (the order's,
    loaded with their defects)."""
    return [
        inspection_trace.complaint_trace(inspections, complaint)
        for complaint in complaints_of(order_id)
    ]


def traces_reaching(inspection, user):
    """The complaints whose trace names `inspection` (shown on the inspection page)."""
    if not access.can_read_all(user):
        return []
    rows = queries.order_summary(
        inspection.order_id, access.visible_inspections(user, queries.inspections())
    )["inspections"]
    found = []
    for trace in complaint_traces(inspection.order_id, rows):
        for check in trace["checks"]:
            if any(row.pk == inspection.pk for row in check["inspections"]):
                found.append({"complaint": trace["complaint"], "check": check})
    return found
