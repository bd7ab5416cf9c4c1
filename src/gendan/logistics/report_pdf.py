"""The desk's monthly and weekly reports to the team lead as PDF (D3-7, D3-8, D3-10):
the figures of this period against the last, anomalies shaded and marked, a bar chart
of the headline figures, and the audit errors per person — what the report pages show,
from what gendan.logistics.reports computes.

Written with gendan.core.pdf (STSong-Light): the marks are GB 2312 characters
(↑ ↓ and 「异常」), which every reader's Song face holds.
"""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gendan.core import pdf
from gendan.core import policies as core_policies
from gendan.logistics import meetings, policies, reports
from gendan.logistics.models import RegularCustomer

TITLE_SIZE, HEADING_SIZE, TEXT_SIZE, TABLE_SIZE = 15, 11, 9, 9
ANOMALY_FILL = (1, 0.87, 0.6)  # the page's warning yellow, a little deeper
THIS_FILL, LAST_FILL = (0.2, 0.42, 0.75), 0.75
HEADLINE = ("received", "matched", "followed", "signed", "refused", "returned", "errors",
            "problems")  # fmt: skip
LABEL_MM, BAR_MM, BAR_GAP_MM, VALUE_MM = 48, 3.2, 2.4, 14


def month_pdf(day):
    """The month of `day` against the month before."""
    first, last = reports.month_bounds(day)
    before = first - datetime.timedelta(days=1)
    title = _("%(team)s monthly report, %(month)s") % {
        "team": _("Express follow-up"),
        "month": date_format(first, "YEAR_MONTH_FORMAT"),
    }
    period = _("%(first)s to %(last)s, against %(before)s") % {
        "first": _day(first), "last": _day(last),
        "before": date_format(before, "YEAR_MONTH_FORMAT"),
    }  # fmt: skip
    return _render(
        title=title, period=period, rows=reports.compare_months(day),
        columns=(_("This month"), _("Last month")),
        errors=reports.errors_per_person(first, last),
        errors_heading=_("Audit errors per person this month"),
    )  # fmt: skip


def week_pdf(monday):
    """The ISO week starting `monday` against the week before, then what the week's page
    shows besides: the new regular customers (D3-9) and the team meeting's notes (D3-10)."""
    sunday = monday + datetime.timedelta(days=6)
    year, number, _weekday = monday.isocalendar()
    title = _("%(team)s weekly report, week %(number)s of %(year)s") % {
        "team": _("Express follow-up"), "number": number, "year": year,
    }  # fmt: skip
    period = _("%(first)s to %(last)s, against the week before") % {
        "first": _day(monday), "last": _day(sunday),
    }  # fmt: skip
    return _render(
        title=title, period=period, rows=reports.compare_weeks(monday),
        columns=(_("This week"), _("Last week")),
        errors=reports.errors_per_person(monday, sunday),
        errors_heading=_("Audit errors per person this week"),
        after=lambda document: (_regulars(document, monday, sunday),
                                _meeting(document, meetings.meeting_of(monday))),
    )  # fmt: skip


def _day(day):
    return date_format(day, "DATE_FORMAT")


def _render(*, title, period, rows, columns, errors, errors_heading, after=None):
    document = pdf.Document(orientation=pdf.PORTRAIT, margin_mm=15, title=title,
                            page_label=_("Page %(page)s of %(pages)s"))  # fmt: skip
    document.text_line(title, size=TITLE_SIZE, after_mm=1)
    made = date_format(timezone.localtime(), "DATETIME_FORMAT")
    document.text_line(period, size=TEXT_SIZE, after_mm=0.5)
    document.text_line(_("Made %(when)s") % {"when": made}, size=TEXT_SIZE, after_mm=4)
    _figures(document, rows, columns)
    _chart(document, [row for row in rows if row.key in HEADLINE], columns)
    _errors(document, errors, errors_heading)
    if after is not None:
        after(document)
    return document.output()


def _heading(document, text, *, keep_mm=15):
    """A section's heading, on a new page unless `keep_mm` of what follows fits under it."""
    document.need(10 + keep_mm)
    document.text_line(text, size=HEADING_SIZE, after_mm=1.5)


def _figures(document, rows, columns):
    _heading(document, _("Figures"))
    header = [_("Figure"), *columns, _("Change"), _("Anomaly")]
    document.table(header, [_figure_row(row) for row in rows], widths=(10, 4, 4, 4, 4),
                   size=TABLE_SIZE, row_mm=6, wrap=True,
                   align=("left", "right", "right", "right", "left"))  # fmt: skip
    threshold = core_policies.get(policies.ANOMALY_PERCENT)
    document.space(1.5)
    document.text_line(
        _("Marked as an anomaly (shaded): a change of %(percent)s%% or more.")
        % {"percent": threshold},
        size=TEXT_SIZE - 1, after_mm=5,
    )  # fmt: skip


def _figure_row(row):
    change = _("none before") if row.change_percent is None else f"{row.change_percent:+d}%"
    mark = ""
    if row.is_anomaly:
        arrow = "↑ " if row.change_percent > 0 else "↓ " if row.change_percent < 0 else ""
        mark = arrow + _("anomaly")
    cells = [row.label, row.this_month, row.last_month, change, mark]
    fill = ANOMALY_FILL if row.is_anomaly else None
    return [pdf.Cell(cell, fill=fill) for cell in cells]


def _chart(document, rows, columns):
    """Two bars a figure, this period's and the last's, scaled to the largest."""
    _heading(document, _("Headline figures"), keep_mm=6 + len(rows) * (2 * BAR_MM + BAR_GAP_MM))
    _legend(document, columns)
    top = max([max(row.this_month, row.last_month) for row in rows] + [1])
    left = document.margin_mm + LABEL_MM
    room = document.usable_width_mm - LABEL_MM - VALUE_MM
    for row in rows:
        y = document.y
        label = pdf.fitted(row.label, LABEL_MM - 2, TEXT_SIZE - 1)
        document.text_at(document.margin_mm, y + BAR_MM + 1, label, size=TEXT_SIZE - 1)
        for value, fill in ((row.this_month, THIS_FILL), (row.last_month, LAST_FILL)):
            width = room * value / top
            if width > 0:
                document.rect(left, y, width, BAR_MM, fill=fill, stroke=False)
            document.text_at(left + width + 1, y + BAR_MM - 0.6, str(value), size=TEXT_SIZE - 2)
            y += BAR_MM
        document.y = y + BAR_GAP_MM
    document.space(4)


def _legend(document, columns):
    x = document.margin_mm + LABEL_MM
    for text, fill in zip(columns, (THIS_FILL, LAST_FILL), strict=True):
        document.rect(x, document.y, 4, 3, fill=fill, stroke=False)
        document.text_at(x + 5, document.y + 2.7, text, size=TEXT_SIZE - 1)
        x += 8 + pdf.text_width_mm(text, TEXT_SIZE - 1)
    document.space(6)


def _errors(document, errors, heading):
    _heading(document, heading)
    if not errors:
        document.text_line(_("No errors."), size=TEXT_SIZE)
        return
    document.table(
        [_("Person"), _("Errors")],
        [[row["person__first_name"] or row["person__username"], row["count"]] for row in errors],
        widths=(3, 1), size=TABLE_SIZE, row_mm=6, align=("left", "right"), width_mm=90,
    )  # fmt: skip


def _person(user):
    return user.get_full_name() or user.username


def _regulars(document, monday, sunday):
    """The customers tagged as regular customers in the week, with their discount."""
    tags = RegularCustomer.objects.filter(tagged_at__date__range=(monday, sunday)
                                          ).select_related("customer").order_by("tagged_at")  # fmt: skip
    document.space(4)
    _heading(document, _("New regular customers"))
    if not tags:
        document.text_line(_("None this week."), size=TEXT_SIZE)
        return
    document.table(
        [_("Customer"), _("Reorder discount"), _("Tagged on")],
        [[str(tag.customer), f"{tag.discount_percent}%",
          _day(timezone.localdate(tag.tagged_at))] for tag in tags],
        widths=(4, 2, 3), size=TABLE_SIZE, row_mm=6, wrap=True,
        align=("left", "right", "left"), width_mm=130,
    )  # fmt: skip


def _meeting(document, meeting):
    """The week's team meeting: its day, who came, what was reported and decided."""
    document.space(4)
    _heading(document, _("Team meeting"))
    if meeting is None:
        document.text_line(_("No notes for this week's meeting yet."), size=TEXT_SIZE)
        return
    people = "、".join(sorted(_person(user) for user in meeting.attendees.all()))
    for label, text in ((_("Held on"), _day(meeting.held_on)), (_("Attendees"), people),
                        (_("Work and problems reported"), meeting.notes or "—"),
                        (_("Decisions"), meeting.decisions or "—")):  # fmt: skip
        document.text_line(_("%(label)s:") % {"label": label}, size=TEXT_SIZE, after_mm=0.5)
        document.text_line(text, size=TEXT_SIZE, x_mm=document.margin_mm + 4, after_mm=2)
