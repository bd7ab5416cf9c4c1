"""Working hours between two moments on the Chinese working-day calendar (D1-2.1).

A working day (core's calendar: statutory holidays, make-up days, the company's own
days) has working hours from the policy's start hour to its end hour, local time; the
hours between two moments are the parts of those windows that lie between them. A
receipt registered on Friday 16:00 and signed on Monday 09:00 took 2 working hours
(8:00–17:00 days), not 65 hours."""

import datetime
from decimal import Decimal

from django.utils import timezone

from gendan.core import policies
from gendan.core.calendar import WorkingCalendar
from gendan.shopfloor.assessment_policies import WORKDAY_ENDS_AT, WORKDAY_STARTS_AT

MAX_DAYS = 400


def working_hours_between(start, end, *, calendar=None):
    """Working hours from `start` to `end` (aware datetimes), one decimal; 0 when `end`
    is not after `start`."""
    if end <= start:
        return Decimal("0.0")
    calendar = calendar or WorkingCalendar()
    opens, closes = _window()
    start, end = timezone.localtime(start), timezone.localtime(end)
    seconds = 0.0
    day = start.date()
    for _offset in range((end.date() - start.date()).days + 1):
        if calendar.is_working_day(day):
            seconds += _overlap(day, opens, closes, start, end)
        day += datetime.timedelta(days=1)
        if (day - start.date()).days > MAX_DAYS:
            break
    return (Decimal(seconds) / 3600).quantize(Decimal("0.1"))


def _window():
    opens = policies.get(WORKDAY_STARTS_AT)
    closes = max(policies.get(WORKDAY_ENDS_AT), opens)
    return opens, closes


def _overlap(day, opens, closes, start, end):
    zone = start.tzinfo
    midnight = datetime.datetime.combine(day, datetime.time(0), tzinfo=zone)
    window_start = midnight + datetime.timedelta(hours=opens)
    window_end = midnight + datetime.timedelta(hours=closes)
    first, last = max(start, window_start), min(end, window_end)
    return max((last - first).total_seconds(), 0.0)
