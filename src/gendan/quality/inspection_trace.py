"""Reads for the order summary: who could have caught a problem found later (D4-12),
and whether the order can still reach its minimum of mid-production reports before the
final inspection (D4-9). Pure reads over the order's inspections (loaded once, with
their defects) and the core working-day calendar.

D4-12 "the merchandiser answers for losses caused by problems not found, reported,
followed and handled": a problem found later is a failed final or finished-goods
inspection. Each of its defect categories is traced back to the earlier inspection
steps of the same order, product and factory that check that category (D4-1 … D4-10):
the step found the same category (found but not followed to closure), inspected
without finding it (missed), or was not inspected at all. Customer complaints are not
traced the same way (`complaint_trace`), with the final and finished-goods inspections
among the steps that could have caught them.
"""

from datetime import timedelta

from gendan.core import calendar
from gendan.core.errors import DomainError
from gendan.quality.models import DefectCategory, Stage, Verdict

LATER_STAGES = (Stage.FINAL, Stage.FINISHED_GOODS)
STEP_ORDER = {stage: position for position, stage in enumerate(Stage.values)}
EVERY_EARLIER = (
    Stage.FABRIC,
    Stage.PRE_PRODUCTION_SAMPLE,
    Stage.EARLY_PRODUCTION,
    Stage.FIRST_PIECE,
    Stage.MID_PRODUCTION,
    Stage.SHIPPING_SAMPLE,
)
# Which earlier steps check a defect category (D4-1 fabric; D4-3 the sample's pattern,
# measurements, fabrics and workmanship; D4-6 semi-finished goods at every process;
# D4-7 measurements, workmanship, materials; D4-8 materials, workmanship,
# measurements, pressing, packing; D4-10 measurements, workmanship, materials).
CAUGHT_AT = {
    DefectCategory.MEASUREMENT: (
        Stage.PRE_PRODUCTION_SAMPLE, Stage.FIRST_PIECE, Stage.MID_PRODUCTION,
        Stage.SHIPPING_SAMPLE,
    ),
    DefectCategory.WORKMANSHIP: (
        Stage.PRE_PRODUCTION_SAMPLE, Stage.EARLY_PRODUCTION, Stage.FIRST_PIECE,
        Stage.MID_PRODUCTION, Stage.SHIPPING_SAMPLE,
    ),
    DefectCategory.MATERIAL: (
        Stage.FABRIC, Stage.PRE_PRODUCTION_SAMPLE, Stage.FIRST_PIECE, Stage.MID_PRODUCTION,
        Stage.SHIPPING_SAMPLE,
    ),
    DefectCategory.PRESSING: (Stage.MID_PRODUCTION, Stage.SHIPPING_SAMPLE),
    DefectCategory.PACKING: (Stage.MID_PRODUCTION,),
    DefectCategory.SOILING: (Stage.EARLY_PRODUCTION, Stage.MID_PRODUCTION, Stage.SHIPPING_SAMPLE),
    DefectCategory.OTHER: EVERY_EARLIER,
}  # fmt: skip

FOUND, MISSED, NOT_INSPECTED = "found", "missed", "not_inspected"


def _earlier(rows, late):
    return [
        row
        for row in rows
        if row.pk != late.pk
        and row.factory_id == late.factory_id
        and row.item_id == late.item_id
        and STEP_ORDER[row.stage] < STEP_ORDER[late.stage]
        and row.inspected_on <= late.inspected_on
    ]


def _checks(earlier, category, stages):
    """For each step of `stages`: what the earlier inspections at it did about defects
    of `category` — found (not followed until closed), missed, or not inspected."""
    checks = []
    for stage in stages:
        at_step = [row for row in earlier if row.stage == stage]
        found = [row for row in at_step if any(d.category == category for d in row.defects.all())]
        if found:
            outcome, shown = FOUND, found
        elif at_step:
            outcome, shown = MISSED, at_step
        else:
            outcome, shown = NOT_INSPECTED, []
        checks.append(
            {"step": stage, "stage": Stage(stage).label, "outcome": outcome, "inspections": shown}
        )
    return checks


def responsibility(rows):
    """D4-12: one entry per defect of every failed later inspection, with the earlier
    steps that could have caught it and what each did. `rows` are the order's
    inspections with their defects prefetched (no query per row)."""
    problems = []
    for late in rows:
        if late.verdict != Verdict.FAILED or late.stage not in LATER_STAGES:
            continue
        earlier = _earlier(rows, late)
        for defect in late.defects.all():
            stages = [
                stage
                for stage in CAUGHT_AT.get(defect.category, EVERY_EARLIER)
                if STEP_ORDER[stage] < STEP_ORDER[late.stage]
            ]
            checks = _checks(earlier, defect.category, stages)
            problems.append({"inspection": late, "defect": defect, "checks": checks})
    return problems


def complaint_trace(rows, complaint):
    """D4-12 for a customer complaint: the steps that check its category — and the final
    and finished-goods inspections, which every shipped lot passes — with what each
    inspection of the order (of the complaint's factory order, when it names one)
    inspected on or before the complaint did. `rows` as for `responsibility`."""
    earlier = [
        row
        for row in rows
        if row.order_id == complaint.order_id
        and (
            complaint.factory_order_id is None or row.factory_order_id == complaint.factory_order_id
        )
        and row.inspected_on <= complaint.received_on
    ]
    stages = list(CAUGHT_AT.get(complaint.category, EVERY_EARLIER)) + list(LATER_STAGES)
    return {"complaint": complaint, "checks": _checks(earlier, complaint.category, stages)}


# ---------------------------------------------------------------- D4-9
MID_SPACING = 3  # working days: one mid-production inspection every 3 working days at most


def mid_reachability(rows, *, minimum, signed, final_due, today, not_before=None, working=None):
    """D4-9: can the order still reach `minimum` signed mid-production reports before its
    final inspection? The one computation of the flag, for the order summary and the
    inspection plan. Reports recorded and waiting for signatures count as on the way;
    further inspections fit one every 3 working days from today (or 3 working days after
    the last mid inspection, or `not_before` — the plan's first mid-production date —
    when later) up to the day before the final inspection — the day of the final
    inspection recorded, else `final_due` (the plan's final date, or the factory order's
    due date when there is no plan).
    Returns a dict; `cannot_reach` is the flag; `unknown` when the calendar cannot
    compute the days."""
    working = working or calendar.WorkingCalendar()
    finals = [row.inspected_on for row in rows if row.stage == Stage.FINAL]
    final_on = min(finals) if finals else final_due
    waiting = sum(
        1 for row in rows if row.stage == Stage.MID_PRODUCTION and row.document.status == "pending"
    )
    mids = [row.inspected_on for row in rows if row.stage == Stage.MID_PRODUCTION]
    result = {"final_on": final_on, "waiting": waiting, "possible": 0, "unknown": False,
              "is_final_done": bool(finals)}  # fmt: skip
    if signed >= minimum:
        result["cannot_reach"] = False
        return result
    try:
        earliest = max(today, not_before or today)
        if mids:
            earliest = max(earliest, working.add_working_days(max(mids), MID_SPACING))
        if final_on is None or finals and final_on <= today or earliest >= final_on:
            possible = 0
        else:
            days = working.working_days_between(
                earliest - timedelta(days=1), final_on - timedelta(days=1)
            )
            possible = (days + MID_SPACING - 1) // MID_SPACING
    except DomainError:
        result.update(unknown=True, cannot_reach=False)
        return result
    result["possible"] = possible
    result["cannot_reach"] = signed + waiting + possible < minimum
    return result
