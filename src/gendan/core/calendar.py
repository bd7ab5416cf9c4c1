"""Chinese working days: statutory holidays and make-up working days (调休) from
chinese-calendar, overridden by the company's own calendar days.

A year chinese-calendar does not know follows, in this order: the year an administrator
confirmed (its days off and make-up days are calendar days, every other day follows the
Monday-to-Friday rule); else a provisional calendar (gendan.core.holidays: weekends and
the statutory holidays computed, no make-up days), and the calendar remembers that it
answered from one, so a plan built on it is shown as provisional (暂定). Only a year no
rule can compute raises UnknownCalendarYear: a plan is never built on a guessed day.
"""

from datetime import date, timedelta

import chinese_calendar
from django.utils.translation import gettext as _

from gendan.core import holidays
from gendan.core.errors import DomainError
from gendan.core.models import CalendarDay, CalendarYear

MAX_STEPS = 3660  # ten years of days: a runaway count is a bug, not a plan


class UnknownCalendarYear(DomainError):
    """Neither chinese-calendar nor the company calendar knows this year."""

    def __init__(self, year, *, field=None):
        self.year = year
        super().__init__(
            _(
                "The working-day calendar cannot compute the year %(year)s: an administrator "
                "must set its days off and make-up working days on the working calendar page "
                "and confirm the year."
            )
            % {"year": year},
            field=field,
        )


STATUTORY = "statutory"  # chinese-calendar knows the year
CONFIRMED = "confirmed"  # an administrator confirmed it (CalendarYear)
PROVISIONAL = "provisional"  # computed, not confirmed: plans on it are 暂定
UNKNOWN = "unknown"  # nothing can compute it


def year_basis(year, *, is_confirmed):
    """What a year's working days rest on (one of the four constants above)."""
    if holidays.statutory_year_known(year):
        return STATUTORY
    if is_confirmed:
        return CONFIRMED
    return PROVISIONAL if holidays.can_compute(year) else UNKNOWN


def base_is_working_day(day, basis, provisional=None):
    """Whether `day` is a working day before the company's own calendar days."""
    if basis == STATUTORY:
        return chinese_calendar.is_workday(day)
    if basis == CONFIRMED:
        return holidays.is_weekday_rule_working_day(day)
    if basis == PROVISIONAL:
        return holidays.is_provisional_working_day(day, provisional)
    raise UnknownCalendarYear(day.year)


def provisional_years(years):
    """The years among `years` whose plans are provisional (one query)."""
    years = {year for year in years if not holidays.statutory_year_known(year)}
    confirmed = set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True))
    return {year for year in years - confirmed if holidays.can_compute(year)}


class WorkingCalendar:
    """Answers for many dates with one query per year touched. `provisional_years` are
    the years it answered from a provisional calendar."""

    def __init__(self):
        self._years = {}
        self.provisional_years = set()

    def _year(self, year):
        if year not in self._years:
            overrides = dict(
                CalendarDay.objects.filter(date__year=year).values_list("date", "is_workday")
            )
            confirmed = CalendarYear.objects.filter(year=year).exists()
            basis = year_basis(year, is_confirmed=confirmed)
            provisional = holidays.provisional_holidays(year) if basis == PROVISIONAL else None
            self._years[year] = (overrides, basis, provisional)
        return self._years[year]

    def is_working_day(self, day):
        overrides, basis, provisional = self._year(day.year)
        if basis == PROVISIONAL:
            self.provisional_years.add(day.year)
        if day in overrides:
            return overrides[day]
        return base_is_working_day(day, basis, provisional)

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
