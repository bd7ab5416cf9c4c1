"""Reads of the quality module: inspections with what their pages and reports need."""

from django.db.models import Prefetch

from gendan.core.attachments import attachments_for
from gendan.quality.models import (
    DailyReport,
    Inspection,
    InspectionDefect,
    Stage,
    SwitchingChange,
    SwitchingState,
    Verdict,
)

__all__ = ["Inspection", "SwitchingState", "inspections", "switching_states"]

# D4-9: the minimum number of mid-production reports signed by the factory, by order size
# (company policy defaults): < 1,000 pcs 2; 1,000–3,000 4; 3,000–5,000 6; 5,000–10,000 8.


def inspections():
    return Inspection.objects.select_related(
        "document", "order", "factory", "item", "inspector", "factory_order"
    ).prefetch_related(Prefetch("defects", queryset=InspectionDefect.objects.order_by("id")))


def defects_with_photos(inspection):
    rows = []
    for defect in inspection.defects.all():
        rows.append({"defect": defect, "photos": list(attachments_for(defect))})
    return rows


def switching_history(inspection):
    state = SwitchingState.objects.filter(item=inspection.item, factory=inspection.factory).first()
    if state is None:
        return None, []
    changes = SwitchingChange.objects.filter(state=state).select_related(
        "inspection__document", "by"
    )
    return state, list(changes.order_by("-id")[:20])


def switching_states():
    return SwitchingState.objects.select_related("item", "factory").order_by(
        "factory__name", "item__code", "id"
    )


def switching_changes(state):
    """The history of a state, newest first, with the lot's number and QC's name."""
    return list(
        SwitchingChange.objects.filter(state=state)
        .select_related("inspection__document", "by")
        .order_by("-id")[:200]
    )


def minimum_mid_reports(quantity):
    """D4-9: the minimum of signed mid-production reports, as the company policies say
    (the same figure the inspection plan shows)."""
    from gendan.quality.plan_services import mid_minimum  # the plan reads these queries

    return mid_minimum(quantity)


def order_summary(order_id, visible):
    """D4-14: an order's inspections by step with their verdicts, and D4-9's count."""
    rows = list(visible.filter(order_id=order_id).order_by("inspected_on", "id"))
    mid_signed = sum(
        1 for row in rows if row.stage == Stage.MID_PRODUCTION and row.document.status == "posted"
    )
    return {
        "inspections": rows,
        "passed": sum(1 for row in rows if row.verdict == Verdict.PASSED),
        "failed": sum(1 for row in rows if row.verdict == Verdict.FAILED),
        "mid_signed": mid_signed,
    }


def daily_reports(user=None):
    reports = DailyReport.objects.select_related("author").order_by("-report_date", "author_id")
    return reports.filter(author=user) if user is not None else reports
