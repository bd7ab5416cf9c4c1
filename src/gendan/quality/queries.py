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

__all__ = ["Inspection", "inspections"]

# D4-9: the minimum number of mid-production reports signed by the factory, by order size
# (company policy defaults): < 1,000 pcs 2; 1,000–3,000 4; 3,000–5,000 6; 5,000–10,000 8.
MID_REPORTS_BY_QUANTITY = ((1000, 2), (3000, 4), (5000, 6), (10**12, 8))


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
    changes = SwitchingChange.objects.filter(state=state).select_related("inspection__document")
    return state, list(changes.order_by("-id")[:20])


def minimum_mid_reports(quantity):
    for limit, minimum in MID_REPORTS_BY_QUANTITY:
        if quantity < limit:
            return minimum
    return MID_REPORTS_BY_QUANTITY[-1][1]


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
