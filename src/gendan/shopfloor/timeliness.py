"""Timeliness (D1-1.1, D1-4.1): how long each signature step of the transfer slips waited
(from the signature before it to its own — the core chain keeps every signature's time),
how long parts waited between operations (from a lot's arrival at an operation to its
next transfer), and the slips waiting now, per signer, with their age.

Waits are counted in working hours: the hours between the policy's start and end of a
working day (`shopfloor.workday_start_hour`, `shopfloor.workday_end_hour`, 8–17 by
default) on the working days of the Chinese working-day calendar. The weekly figures
are the median and the 90th percentile (nearest rank: the smallest wait that at least
90 % of the waits do not exceed).
"""

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Prefetch
from django.utils import timezone

from gendan.core import permissions, policies, scopes
from gendan.core.calendar import WorkingCalendar
from gendan.core.models import ChainStep, Document, Signature
from gendan.core.scopes import Scope
from gendan.org.models import Workshop
from gendan.shopfloor.archive_policies import WORKDAY_END_HOUR, WORKDAY_START_HOUR
from gendan.shopfloor.models import Lot, TransferLine, TransferSlip


# ---------------------------------------------------------------- working hours
class WorkingClock:
    """Working hours between two moments, one calendar query per year touched."""

    def __init__(self, calendar=None):
        self.calendar = calendar or WorkingCalendar()
        self.start_hour = policies.get(WORKDAY_START_HOUR)
        self.end_hour = max(policies.get(WORKDAY_END_HOUR), self.start_hour)

    def hours(self, start, end):
        """Working hours in [start, end), rounded to 0.01 h; 0 when end is not later."""
        if end <= start:
            return 0.0
        start, end = timezone.localtime(start), timezone.localtime(end)
        seconds, day = 0.0, start.date()
        while day <= end.date():
            if self.calendar.is_working_day(day):
                opens = self._at(day, self.start_hour)
                closes = self._at(day, self.end_hour)
                overlap = min(end, closes) - max(start, opens)
                seconds += max(overlap.total_seconds(), 0)
            day += timedelta(days=1)
        return round(seconds / 3600, 2)

    @staticmethod
    def _at(day, hour):
        moment = datetime.combine(day, time.min) + timedelta(hours=hour)
        return timezone.make_aware(moment)


def median(values):
    return round(statistics.median(values), 2) if values else None


def percentile_90(values):
    """Nearest rank: the ⌈0.9 n⌉-th smallest value."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def week_of(moment):
    """The Monday of the local week of `moment`."""
    day = timezone.localtime(moment).date()
    return day - timedelta(days=day.weekday())


# ---------------------------------------------------------------- who may see which workshop
def may_see_workshops(user):
    """Whether `user` reaches transfer slips beyond their own (a workshop, or everywhere):
    the gate of the workshop pages (timeliness, the daily list)."""
    found = permissions.reach(user, "transfer", "view")
    return found.everywhere or bool(found.scopes)


def workshops_for(user):
    """The workshops whose transfer slips `user` may view (matrix `transfer.view`)."""
    found = permissions.reach(user, "transfer", "view")
    workshops = Workshop.objects.order_by("code")
    if found.everywhere:
        return list(workshops)
    held = [Scope.parse(key) for key in found.scopes]
    return list(workshops.filter(pk__in=[s.pk for s in held if s.kind == scopes.WORKSHOP]))


# ---------------------------------------------------------------- signature steps
@dataclass(frozen=True)
class StepWait:
    slip: TransferSlip
    position: int
    step: str
    signer: str
    since: datetime
    signed_at: datetime
    hours: float


def _with_signatures(slips):
    steps = ChainStep.objects.order_by("position")
    signatures = Signature.objects.select_related("signer").order_by("id")
    return (
        slips.select_related("document__chain")
        .prefetch_related(
            Prefetch("document__chain__steps", queryset=steps),
            Prefetch("document__signatures", queryset=signatures),
        )
        .order_by("pk")
    )


def _slips(workshop, start, end):
    """`workshop`'s submitted slips that may have a signature in [start, end)."""
    return _with_signatures(
        TransferSlip.objects.filter(
            workshop=workshop, document__created_at__lt=end, document__submitted_at__isnull=False
        ).exclude(document__status=Document.Status.POSTED, document__posted_at__lt=start)
    )


def signature_waits(workshop, start, end, clock=None):
    """Every signature on `workshop`'s transfer slips in [start, end), with how long its
    step waited since the signature (or submission) before it."""
    clock = clock or WorkingClock()
    waits = []
    for slip in _slips(workshop, start, end):
        names = {step.position: step.name for step in slip.document.chain.steps.all()}
        previous = None
        for signature in slip.document.signatures.all():
            if (
                previous is not None
                and signature.action == Signature.Action.SIGN
                and start <= signature.at < end
            ):
                waits.append(
                    StepWait(
                        slip=slip,
                        position=signature.step_position,
                        step=names.get(signature.step_position, ""),
                        signer=signature.signer.get_full_name() or signature.signer.username,
                        since=previous.at,
                        signed_at=signature.at,
                        hours=clock.hours(previous.at, signature.at),
                    )
                )
            previous = signature
    return waits


def weekly_by_step(waits):
    """[{week, position, step, count, median, p90}] by week, then step."""
    groups = defaultdict(list)
    for wait in waits:
        groups[(week_of(wait.signed_at), wait.position, wait.step)].append(wait.hours)
    return [
        {
            "week": week,
            "position": position,
            "step": step,
            "count": len(hours),
            "median": median(hours),
            "p90": percentile_90(hours),
        }
        for (week, position, step), hours in sorted(groups.items())
    ]


# ---------------------------------------------------------------- waiting now
def waiting_now(workshop, now=None, clock=None):
    """The slips of `workshop` waiting for a signature, per step: [(step, role, [rows])]
    with each slip's age in working hours since its last signature (oldest first)."""
    now = now or timezone.now()
    clock = clock or WorkingClock()
    slips = _with_signatures(
        TransferSlip.objects.filter(
            workshop=workshop,
            document__status=Document.Status.PENDING,
            document__created_at__lte=now,
        )
    )
    groups = defaultdict(list)
    for slip in slips:
        names = {step.position: step.name for step in slip.document.chain.steps.all()}
        signatures = list(slip.document.signatures.all())
        since = signatures[-1].at if signatures else slip.document.submitted_at
        step = slip.document.current_step
        groups[(step, names.get(step, ""), slip.document.current_role_code)].append(
            {"slip": slip, "since": since, "hours": clock.hours(since, now)}
        )
    return [
        {"position": key[0], "step": key[1], "role": key[2], "rows": sorted(rows, key=_by_since)}
        for key, rows in sorted(groups.items(), key=lambda item: item[0][0] or 0)
    ]


def _by_since(row):
    return row["since"]


# ---------------------------------------------------------------- parts between operations
@dataclass(frozen=True)
class OperationWait:
    lot: Lot
    operation: str
    arrived_at: datetime
    left_at: datetime
    hours: float


def operation_waits(workshop, start, end, clock=None):
    """For each lot and operation of `workshop`: from the parts' arrival (the lot's start
    for its first operation, else the registration of the transfer that brought them)
    to the next transfer written from that operation, when that falls in [start, end)."""
    clock = clock or WorkingClock()
    lines = list(
        TransferLine.objects.filter(from_step__workshop=workshop)
        .filter(slip__document__created_at__gte=start, slip__document__created_at__lt=end)
        .select_related("slip__document", "from_step", "lot__document", "lot__item")
        .order_by("slip__document__created_at", "pk")
    )
    arrivals = _arrivals({line.lot_id for line in lines})
    waits, seen = [], set()
    for line in lines:
        key = (line.lot_id, line.from_step_id)
        arrived = arrivals.get(key)
        left = line.slip.document.created_at
        if key in seen or arrived is None or arrived > left:
            continue
        seen.add(key)
        waits.append(
            OperationWait(line.lot, line.from_step.name, arrived, left, clock.hours(arrived, left))
        )
    return waits


def _arrivals(lot_ids):
    """{(lot id, step id): when parts first arrived there} for the lots (two queries)."""
    found = {}
    first_steps = Lot.objects.filter(pk__in=lot_ids).prefetch_related("steps")
    for lot in first_steps:
        steps = sorted(lot.steps.all(), key=lambda step: step.sequence)
        if steps:
            found[(lot.pk, steps[0].pk)] = lot.started_at
    posted = (
        TransferLine.objects.filter(lot_id__in=lot_ids, to_step__isnull=False)
        .filter(slip__document__status=Document.Status.POSTED)
        .values_list("lot_id", "to_step_id", "slip__document__posted_at")
    )
    for lot_id, step_id, posted_at in posted:
        key = (lot_id, step_id)
        if key not in found or posted_at < found[key]:
            found[key] = posted_at
    return found


def weekly_by_operation(waits):
    groups = defaultdict(list)
    for wait in waits:
        groups[(week_of(wait.left_at), wait.operation)].append(wait.hours)
    return [
        {
            "week": week,
            "operation": operation,
            "count": len(hours),
            "median": median(hours),
            "p90": percentile_90(hours),
        }
        for (week, operation), hours in sorted(groups.items())
    ]
