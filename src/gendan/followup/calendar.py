"""Chinese working days: statutory holidays and make-up working days (调休) from
chinese-calendar, overridden by the company's own calendar days.

A date that neither the company calendar nor the library knows raises
UnknownCalendarYear: a plan is never built on a guessed day.
"""

from datetime import date, timedelta

import chinese_calendar
from django.utils.translation import gettext as _

from gendan.core.errors import DomainError
from gendan.followup.models import CalendarDay, CalendarYear

MAX_STEPS = 3660  # ten years of days: a runaway count is a bug, not a plan


class UnknownCalendarYear(DomainError):
    """Neither chinese-calendar nor the company calendar knows this year."""

    def __init__(self, year, *, field=None):
        self.year = year
        super().__init__(
            _(
                "The working-day calendar does not know the year %(year)s yet: an administrator "
                "must enter its holidays and make-up working days (Follow-up → calendar days, "
                "then mark the year as entered)."
            )
            % {"year": year},
            field=field,
        )


class WorkingCalendar:
    """Answers for many dates with one query per year touched."""

    def __init__(self):
        self._years = {}

    def _year(self, year):
        if year not in self._years:
            overrides = dict(
                CalendarDay.objects.filter(date__year=year).values_list("date", "is_workday")
            )
            entered = CalendarYear.objects.filter(year=year).exists()
            self._years[year] = (overrides, entered)
        return self._years[year]

    def is_working_day(self, day):
        overrides, entered = self._year(day.year)
        if day in overrides:
            return overrides[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            if entered:
                return day.weekday() < 5
            raise UnknownCalendarYear(day.year) from None

    def add_working_days(self, day, count):
        """The date `count` working days after `day` (before it when negative). Even for
        zero the calendar must know the day's year."""
        self.is_working_day(day)
        step = timedelta(days=1 if count >= 0 else -1)
        remaining = abs(count)
        for _guard in range(MAX_STEPS):
            if remaining == 0:
                return day
            day += step
            if self.is_working_day(day):
                remaining -= 1
        raise DomainError(_("%(count)s working days is too far to plan.") % {"count": count})

    def working_days_between(self, start, end):
        """Working days in (start, end]; negative when `end` is before `start`."""
        if end < start:
            return -self.working_days_between(end, start)
        if (end - start).days > MAX_STEPS:
            raise DomainError(_("The dates are too far apart to count working days."))
        days = (start + timedelta(days=offset) for offset in range(1, (end - start).days + 1))
        return sum(1 for day in days if self.is_working_day(day))


def is_working_day(day: date) -> bool:
    return WorkingCalendar().is_working_day(day)


def add_working_days(day: date, count: int) -> date:
    return WorkingCalendar().add_working_days(day, count)


def working_days_between(start: date, end: date) -> int:
    return WorkingCalendar().working_days_between(start, end)
