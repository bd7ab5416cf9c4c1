"""The working-calendar page: a year as a grid of days an administrator turns between 上班
and 休息, the State Council's notice pasted as lines, and the year confirmed. Thin: the
rules and the audit rows are in gendan.core.working_calendar."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.core import holidays, working_calendar
from gendan.core.actions import act
from gendan.core.audit import Origin
from gendan.core.calendar import PROVISIONAL
from gendan.core.errors import DomainError
from gendan.core.holidays import NoticeError


def _require_editor(user):
    if not working_calendar.can_edit_calendar(user):
        raise PermissionDenied(_("Only an administrator may change the working calendar."))


def _year_or_404(year):
    if not holidays.FIRST_LUNAR_YEAR <= year <= holidays.LAST_LUNAR_YEAR:
        raise Http404
    return year


def _year_url(year, month=None):
    url = reverse("core:calendar-year", args=[year])
    return f"{url}#month-{month}" if month else url


@login_required
def calendar_index(request):
    """The first year still provisional (this year or the next), else this year."""
    _require_editor(request.user)
    this_year = timezone.localdate().year
    for year in (this_year, this_year + 1):
        if working_calendar.load_year(year).basis == PROVISIONAL:
            return redirect("core:calendar-year", year)
    return redirect("core:calendar-year", this_year)


def _render_year(request, year, *, notice="", notice_errors=(), status=200):
    context = {
        **working_calendar.year_grid(year),
        "notice": notice,
        "notice_errors": notice_errors,
        "previous_year": year - 1 if year > holidays.FIRST_LUNAR_YEAR else None,
        "next_year": year + 1 if year < holidays.LAST_LUNAR_YEAR else None,
    }
    return render(request, "core/calendar_year.html", context, status=status)


@login_required
def calendar_year(request, year):
    _require_editor(request.user)
    return _render_year(request, _year_or_404(year))


@login_required
@require_POST
def calendar_day_toggle(request, day):
    _require_editor(request.user)
    try:
        day = datetime.date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    _year_or_404(day.year)
    if not request.htmx:
        return act(
            request,
            lambda origin: working_calendar.toggle_day(actor=request.user, day=day, origin=origin),
            success=_toggled_message,
            back=_year_url(day.year, day.month),
        )
    try:
        shown = working_calendar.toggle_day(
            actor=request.user, day=day, origin=Origin.from_request(request)
        )
    except DomainError as error:
        return render(request, "core/partials/_calendar_day.html", {"error": error}, status=400)
    return render(request, "core/partials/_calendar_day.html", {"day": shown})


def _toggled_message(shown):
    values = {"date": shown.date.isoformat()}
    if shown.is_workday:
        return _("%(date)s is now a working day.") % values
    return _("%(date)s is now a day off.") % values


@login_required
@require_POST
def calendar_notice(request, year):
    _require_editor(request.user)
    _year_or_404(year)
    text = request.POST.get("notice", "")
    try:
        changed = working_calendar.apply_notice(
            actor=request.user, year=year, text=text, origin=Origin.from_request(request)
        )
    except NoticeError as error:
        return _render_year(request, year, notice=text, notice_errors=error.problems, status=400)
    messages.success(
        request, _("The notice was applied: %(count)s days changed.") % {"count": changed}
    )
    return redirect(_year_url(year))


@login_required
@require_POST
def calendar_confirm(request, year):
    _require_editor(request.user)
    _year_or_404(year)
    return act(
        request,
        lambda origin: working_calendar.confirm_year(
            actor=request.user, year=year, note=request.POST.get("note", ""), origin=origin
        ),
        success=_(
            "%(year)s is confirmed; the open orders whose plans cross it are being re-planned."
        )
        % {"year": year},
        back=_year_url(year),
    )
