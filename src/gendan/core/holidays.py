"""A provisional working-day calendar for a year chinese-calendar does not know yet, and
the parser of the State Council's holiday notice. Pure functions: no database.

A provisional year has weekends off and the statutory holidays off, without make-up
working days (调休: only the State Council's notice names them):

- 元旦 1 January; 劳动节 1–5 May; 国庆节 1–7 October (fixed dates);
- 春节 lunar new year's eve through the 7th day of the first lunar month (正月初七), the
  span of the 2025 and 2026 notices (除夕 to 初七): the four statutory days and the days
  the notice adds through 调休;
- 清明节 the day of the solar term 清明 (chinese-calendar's solar-term formula);
- 端午节 the 5th of the 5th lunar month; 中秋节 the 15th of the 8th lunar month;
- a one-day holiday on a Saturday or Sunday is made up on the next Monday (补休, as the
  statutory rules require); 中秋 inside the National Day week adds 8 October.

Lunar dates come from `lunardate`, which covers 1900–2099.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass

import chinese_calendar
from django.utils.translation import gettext as _
from lunardate import LunarDate

from gendan.core.errors import DomainError
from gendan.core.parsing import ParseError, parse_date

FIRST_LUNAR_YEAR, LAST_LUNAR_YEAR = 1901, 2099  # 1900's eve falls before lunardate's range
SPRING_FESTIVAL_LAST_LUNAR_DAY = 7  # through 正月初七


def statutory_year_known(year):
    """Whether chinese-calendar knows `year`'s holidays and make-up days."""
    try:
        chinese_calendar.is_workday(datetime.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def can_compute(year):
    """Whether a provisional calendar can be computed for `year` (lunardate's range)."""
    return FIRST_LUNAR_YEAR <= year <= LAST_LUNAR_YEAR


def _span(first, days):
    return [first + datetime.timedelta(days=offset) for offset in range(days)]


def _qingming(year):
    terms = chinese_calendar.get_solar_terms(datetime.date(year, 4, 1), datetime.date(year, 4, 30))
    return next(day for day, name in terms if name == "清明")


def _next_weekday(day):
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _single_days(year):
    """(name, day) of the one-day holidays; one falling on a weekend is made up on the
    next Monday (补休: 全国年节及纪念日放假办法 art. 6), named with 补休."""
    singles = [
        ("元旦", datetime.date(year, 1, 1)),
        ("清明节", _qingming(year)),
        ("端午节", LunarDate(year, 5, 5).to_solar_date()),
        ("中秋节", LunarDate(year, 8, 15).to_solar_date()),
    ]
    days = []
    for name, day in singles:
        days.append((name, day))
        if day.weekday() >= 5:
            days.append((f"{name}（补休）", _next_weekday(day)))
    return days


def provisional_holidays(year):
    """{date: holiday name} of `year`'s provisional days off besides weekends, named as
    the statutory holidays. 中秋 inside the National Day week adds 8 October, as in 2025.
    ValueError outside 1901–2099."""
    if not can_compute(year):
        raise ValueError(f"no provisional calendar for {year}")
    eve = LunarDate(year, 1, 1).to_solar_date() - datetime.timedelta(days=1)
    national_day = _span(datetime.date(year, 10, 1), 7)
    mid_autumn = LunarDate(year, 8, 15).to_solar_date()
    if mid_autumn in national_day:
        national_day.append(datetime.date(year, 10, 8))
    days = {}
    for name, day in [
        *_single_days(year),
        *(("春节", day) for day in _span(eve, SPRING_FESTIVAL_LAST_LUNAR_DAY + 1)),
        *(("劳动节", day) for day in _span(datetime.date(year, 5, 1), 5)),
        *(("国庆节", day) for day in national_day),
    ]:
        if day.year == year:
            days.setdefault(day, name)
    return days


def is_provisional_working_day(day, holidays=None):
    """Whether `day` is a working day in its year's provisional calendar."""
    holidays = provisional_holidays(day.year) if holidays is None else holidays
    return day.weekday() < 5 and day not in holidays


def is_weekday_rule_working_day(day):
    return day.weekday() < 5


# ---------------------------------------------------------------- the notice as text
OFF_WORDS = ("休息", "放假", "休")
WORK_WORDS = ("上班", "补班", "班")
_DATE = r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*[日号]?"
_LINE = re.compile(
    rf"^(?P<first>{_DATE})(?:\s*(?:至|到|~|～|—|–|－)\s*(?P<last>{_DATE}))?"
    rf"\s*(?P<word>{'|'.join(OFF_WORDS + WORK_WORDS)})(?:\s+(?P<note>.*))?$"
)
LONGEST_SPAN_DAYS = 31


class NoticeError(DomainError):
    """Lines of a pasted notice that could not be read; `problems` has one per line."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems), field="notice")


@dataclass(frozen=True)
class NoticeLine:
    number: int
    first: datetime.date
    last: datetime.date
    is_workday: bool
    note: str

    def days(self):
        return _span(self.first, (self.last - self.first).days + 1)


def parse_notice(text, year):
    """The lines of a holiday notice for `year`, e.g. "2027-02-05 至 2027-02-13 休息" or
    "2027-02-14 上班 补春节". Blank lines and lines starting with # are skipped. Raises
    NoticeError naming every bad line; nothing is returned half-read."""
    lines, problems = [], []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = unicodedata.normalize("NFKC", raw).strip()
        if not line or line.startswith("#"):
            continue
        try:
            lines.append(_notice_line(number, line, year))
        except ParseError as error:
            problems.append(str(error))
    if problems:
        raise NoticeError(problems)
    if not lines:
        raise NoticeError([_("The notice is empty: paste one line per holiday or working day.")])
    return lines


def _notice_line(number, line, year):
    label = _("Line %(number)s “%(line)s”") % {"number": number, "line": line[:60]}
    match = _LINE.match(line)
    if match is None:
        raise _line_error(
            label,
            _(
                "write a date or a span and 休息 or 上班, such as "
                "“2027-02-05 至 2027-02-13 休息” or “2027-02-14 上班”"
            ),
        )
    first = parse_date(match["first"], field="notice", label=label)
    last = parse_date(match["last"], field="notice", label=label) if match["last"] else first
    if last < first:
        raise _line_error(label, _("the span ends before it starts"))
    if first.year != year or last.year != year:
        raise _line_error(label, _("the dates are not in %(year)s") % {"year": year})
    if (last - first).days >= LONGEST_SPAN_DAYS:
        raise _line_error(label, _("a span of more than 31 days is not a holiday"))
    is_workday = match["word"] in WORK_WORDS
    return NoticeLine(number, first, last, is_workday, (match["note"] or "").strip()[:80])


def _line_error(label, problem):
    return ParseError(
        _("%(label)s: %(problem)s.") % {"label": label, "problem": problem},
        field="notice",
        problem=problem,
    )


def notice_days(lines):
    """{date: (is_workday, note)} of parsed lines; a later line wins over an earlier one."""
    days = {}
    for line in lines:
        for day in line.days():
            days[day] = (line.is_workday, line.note)
    return days
