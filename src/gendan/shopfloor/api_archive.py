"""/api/v1/shopfloor: the daily archive (D1-4.6) and the timeliness figures (D1-1.1,
D1-4.1). The same gates and reads as the pages."""

import datetime

from django.urls import reverse
from django.utils import timezone
from ninja import Router, Schema

from gendan.core.errors import NotFound
from gendan.shopfloor import archive_access, timeliness

router = Router(tags=["shopfloor"])
WEEKS = 8


class ArchiveOut(Schema):
    id: int
    day: datetime.date
    workshop_id: int
    workshop: str
    made_at: datetime.datetime
    registered: int
    registered_late: int
    in_chain: int
    xlsx_url: str
    xlsx_sha256: str
    pdf_url: str
    pdf_sha256: str


class WaitingSlipOut(Schema):
    id: int
    number: str
    since: datetime.datetime
    hours: float


class WaitingStepOut(Schema):
    position: int | None
    step: str
    slips: list[WaitingSlipOut]


class StepWeekOut(Schema):
    week: datetime.date
    position: int | None
    step: str
    count: int
    median: float | None
    p90: float | None


class OperationWeekOut(Schema):
    week: datetime.date
    operation: str
    count: int
    median: float | None
    p90: float | None


class TimelinessOut(Schema):
    workshop_id: int
    workshop: str
    waiting: list[WaitingStepOut]
    steps: list[StepWeekOut]
    operations: list[OperationWeekOut]


def _archive_out(archive):
    return {
        "id": archive.pk,
        "day": archive.day,
        "workshop_id": archive.workshop_id,
        "workshop": archive.workshop.name,
        "made_at": archive.made_at,
        "registered": archive.registered_count,
        "registered_late": archive.late_count,
        "in_chain": archive.in_chain_count,
        "xlsx_url": reverse("shopfloor:archive-xlsx", args=[archive.pk]),
        "xlsx_sha256": archive.xlsx_sha256,
        "pdf_url": reverse("shopfloor:archive-pdf", args=[archive.pk]),
        "pdf_sha256": archive.pdf_sha256,
    }


@router.get("/archives", response=list[ArchiveOut])
def list_archives(request, day: datetime.date | None = None, workshop: int | None = None):
    workshops = archive_access.archive_workshops(request.user)
    chosen = next((w for w in workshops if w.pk == workshop), None) if workshop else None
    if workshop and chosen is None:
        return []
    found = archive_access.archives_for(request.user, day=day, workshop=chosen)
    return [_archive_out(archive) for archive in found[:500]]


@router.get("/archives/{archive_id}", response=ArchiveOut)
def archive_detail(request, archive_id: int):
    return _archive_out(archive_access.access_archive(request.user, archive_id))


@router.get("/timeliness", response=TimelinessOut)
def timeliness_figures(request, workshop: int | None = None):
    workshops = timeliness.workshops_for(request.user)
    chosen = next((w for w in workshops if w.pk == workshop), None) if workshop else None
    if chosen is None and (workshop or not workshops):
        raise NotFound()
    chosen = chosen or workshops[0]
    now = timezone.now()
    start = now - datetime.timedelta(weeks=WEEKS)
    clock = timeliness.WorkingClock()
    waiting = timeliness.waiting_now(chosen, now, clock)
    return {
        "workshop_id": chosen.pk,
        "workshop": chosen.name,
        "waiting": [
            {
                "position": group["position"],
                "step": group["step"],
                "slips": [
                    {
                        "id": row["slip"].pk,
                        "number": row["slip"].document.number,
                        "since": row["since"],
                        "hours": row["hours"],
                    }
                    for row in group["rows"]
                ],
            }
            for group in waiting
        ],
        "steps": timeliness.weekly_by_step(timeliness.signature_waits(chosen, start, now, clock)),
        "operations": timeliness.weekly_by_operation(
            timeliness.operation_waits(chosen, start, now, clock)
        ),
    }
