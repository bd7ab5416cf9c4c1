"""The working-calendar page's reads and writes: a year as a grid of days, a day turned
between 上班 and 休息, the State Council's notice applied, and a year confirmed.

A day's setting is a CalendarDay row only where it differs from the year's basis
(chinese-calendar, the provisional calendar, or Monday-to-Friday once confirmed), so a
row is always a decision someone made. Confirming a provisional year writes a row for
every day that differs from Monday-to-Friday, marks the year (CalendarYear) and
publishes WorkingCalendarChanged: follow-up re-plans every open order that crosses it.
Changes to a year already settled (statutory or confirmed) publish it at once.
"""

import calendar as month_tables
import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from gendan.core import audit, events, holidays
from gendan.core.calendar import (
    CONFIRMED,
    PROVISIONAL,
    STATUTORY,
    base_is_working_day,
    year_basis,
)
from gendan.core.errors import DomainError, InvalidTransition, PermissionDenied
from gendan.core.models import AuditEvent, CalendarDay, CalendarYear

CHANGE_PERMISSION = "core.change_calendarday"
NOTICE_NOTE = "国务院通知"


def can_edit_calendar(user):
    return bool(user and user.is_active and user.has_perm(CHANGE_PERMISSION))


def _require_editor(actor):
    if not can_edit_calendar(actor):
        raise PermissionDenied(_("Only an administrator may change the working calendar."))


# ---------------------------------------------------------------- reading a year
@dataclass(frozen=True)
class GridDay:
    date: datetime.date
    is_workday: bool
    is_provisional: bool  # follows the computed calendar, nobody decided it
    note: str


@dataclass(frozen=True)
class YearBasis:
    year: int
    basis: str
    overrides: dict  # date → CalendarDay
    provisional: dict  # date → holiday name (provisional years only)

    def day(self, day):
        row = self.overrides.get(day)
        if row is not None:
            return GridDay(day, row.is_workday, False, row.note)
        is_workday = base_is_working_day(day, self.basis, self.provisional)
        note = self.provisional.get(day, "")
        return GridDay(day, is_workday, self.basis == PROVISIONAL, note)

    def base(self, day):
        return base_is_working_day(day, self.basis, self.provisional)


def _check_year(year):
    if not holidays.FIRST_LUNAR_YEAR <= year <= holidays.LAST_LUNAR_YEAR:
        raise DomainError(
            _("The working calendar covers the years %(first)s to %(last)s.")
            % {"first": holidays.FIRST_LUNAR_YEAR, "last": holidays.LAST_LUNAR_YEAR},
            field="year",
        )


def load_year(year, *, lock=False):
    _check_year(year)
    rows = CalendarDay.objects.filter(date__year=year)
    if lock:
        list(CalendarYear.objects.select_for_update().filter(year=year))
        rows = rows.select_for_update()
    basis = year_basis(year, is_confirmed=CalendarYear.objects.filter(year=year).exists())
    provisional = holidays.provisional_holidays(year) if basis == PROVISIONAL else {}
    return YearBasis(year, basis, {row.date: row for row in rows}, provisional)


def year_grid(year):
    """The year as months of Monday-first weeks of GridDay (None outside the month)."""
    loaded = load_year(year)
    months = []
    for month in range(1, 13):
        weeks = [
            [loaded.day(datetime.date(year, month, day)) if day else None for day in week]
            for week in month_tables.monthcalendar(year, month)
        ]
        months.append((month, weeks))
    return {"year": year, "basis": loaded.basis, "months": months, "confirmed": _confirmed(year)}


def _confirmed(year):
    return (
        AuditEvent.objects.filter(action="calendar.confirm", after__year=year)
        .select_related("actor")
        .order_by("-pk")
        .first()
    )


# ---------------------------------------------------------------- writing
def _set_day(loaded, day, is_workday, note):
    """Make `day` a working day or not: a row where it differs from the basis, none
    where it agrees. Returns whether anything changed."""
    row = loaded.overrides.get(day)
    if is_workday == loaded.base(day):
        if row is None:
            return False
        row.delete()
        return True
    if row is not None and row.is_workday == is_workday and row.note == note:
        return False
    CalendarDay.objects.update_or_create(
        date=day, defaults={"is_workday": is_workday, "note": note[:120]}
    )
    return True


def _settled(loaded, actor):
    if loaded.basis in (STATUTORY, CONFIRMED):
        events.publish(events.WorkingCalendarChanged(year=loaded.year), actor=actor)


def toggle_day(*, actor, day, origin=None):
    """Turn `day` from 上班 to 休息 or back; returns its new GridDay."""
    _require_editor(actor)
    with transaction.atomic():
        loaded = load_year(day.year, lock=True)
        before = loaded.day(day)
        _set_day(loaded, day, not before.is_workday, "")
        audit.record(
            actor=actor,
            action="calendar.day",
            origin=origin,
            before={"date": str(day), "is_workday": before.is_workday},
            after={"date": str(day), "is_workday": not before.is_workday},
        )
        _settled(loaded, actor)
        return load_year(day.year).day(day)


def apply_notice(*, actor, year, text, origin=None):
    """Set the days the State Council's notice names (lines as in holidays.parse_notice).
    In a provisional year the notice replaces the computed holidays: a computed day off
    the notice does not name becomes a working day again. A bad line changes nothing."""
    _require_editor(actor)
    lines = holidays.parse_notice(text, year)
    with transaction.atomic():
        loaded = load_year(year, lock=True)
        wanted = {
            day: (is_workday, note or NOTICE_NOTE)
            for day, (is_workday, note) in holidays.notice_days(lines).items()
        }
        for day in loaded.provisional:
            wanted.setdefault(day, (holidays.is_weekday_rule_working_day(day), ""))
        changed = sum(
            _set_day(loaded, day, is_workday, note)
            for day, (is_workday, note) in sorted(wanted.items())
        )
        audit.record(
            actor=actor,
            action="calendar.notice",
            origin=origin,
            after={"year": year, "lines": [line.number for line in lines], "days": changed},
        )
        _settled(loaded, actor)
    return changed


def confirm_year(*, actor, year, note="", origin=None):
    """An administrator confirms a provisional year: every day that differs from
    Monday-to-Friday is stored, the year is marked confirmed, and the plans crossing it
    are re-planned (WorkingCalendarChanged)."""
    _require_editor(actor)
    with transaction.atomic():
        loaded = load_year(year, lock=True)
        if loaded.basis == STATUTORY:
            raise InvalidTransition(
                _("The statutory calendar already knows %(year)s; there is nothing to confirm.")
                % {"year": year}
            )
        if loaded.basis == CONFIRMED:
            raise InvalidTransition(_("%(year)s is already confirmed.") % {"year": year})
        stored = _store_year(loaded)
        confirmed = CalendarYear.objects.create(year=year, note=(note or "").strip()[:200])
        audit.record(
            actor=actor,
            action="calendar.confirm",
            obj=confirmed,
            origin=origin,
            after={"year": year, "days": stored, "note": confirmed.note},
        )
        events.publish(events.WorkingCalendarChanged(year=year), actor=actor)
    return confirmed


def _store_year(loaded):
    """Rows for every day whose setting differs from Monday-to-Friday (the basis of a
    confirmed year), none for the others; returns how many days differ."""
    stored = 0
    day = datetime.date(loaded.year, 1, 1)
    while day.year == loaded.year:
        shown, row = loaded.day(day), loaded.overrides.get(day)
        if shown.is_workday == holidays.is_weekday_rule_working_day(day):
            if row is not None:
                row.delete()
        else:
            if row is None:
                CalendarDay.objects.create(date=day, is_workday=shown.is_workday, note=shown.note)
            stored += 1
        day += datetime.timedelta(days=1)
    return stored
