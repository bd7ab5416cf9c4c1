"""The daily archive (D1-4.6): at the end of each working day (policy
`shopfloor.daily_archive_hour`, default 18:00 local), every workshop's transfer slips of
the day are written as an xlsx and a PDF, kept unchanged, with the SHA-256 of each file.

A day's archive holds the workshop's slips registered up to the end of that day that no
earlier archive holds — those registered on an earlier day (after that day's archive
was made) are marked late — and the slips written that day still in their chain,
marked so. A day is archived once: archiving it again returns the archive made, and
nothing is rewritten. `archive_problems` (`gendan check`) recomputes every file's hash.
"""

import contextlib
import hashlib
import io
import os
from datetime import timedelta

import xlsxwriter
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gendan.core import audit, policies
from gendan.core.calendar import WorkingCalendar
from gendan.org.models import Workshop
from gendan.shopfloor import archive_pdf, archive_rows
from gendan.shopfloor.archive_models import ArchivedSlip, DailyArchive
from gendan.shopfloor.archive_policies import ARCHIVE_HOUR
from gendan.shopfloor.models import TransferSlip

Kind = ArchivedSlip.Kind
CATCH_UP_DAYS = 62  # a worker stopped longer than two months catches up from there


def sha256_of(data):
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- one day
def archive_day(*, workshop, day, actor=None, now=None):
    """The archive of `workshop`'s `day`, made now if it does not exist yet."""
    found = DailyArchive.objects.filter(workshop=workshop, day=day).first()
    if found is not None:
        return found
    with transaction.atomic():
        list(Workshop.objects.select_for_update().filter(pk=workshop.pk))
        found = DailyArchive.objects.filter(workshop=workshop, day=day).first()
        if found is not None:  # made meanwhile by another worker
            return found
        # the archive is a record in the company's language, whoever's request made it
        with translation.override(settings.LANGUAGE_CODE):
            return _make(workshop, day, actor, now or timezone.now())


def _entries(workshop, day):
    start, end = archive_rows.day_bounds(day)
    already = ArchivedSlip.objects.filter(kind__in=(Kind.REGISTERED, Kind.LATE)).values("slip_id")
    registered = (
        archive_rows.slips_with_lines()
        .filter(workshop=workshop, document__status="posted", document__posted_at__lt=end)
        .exclude(pk__in=already)
        .order_by("document__posted_at", "pk")
    )
    entries = [
        (Kind.LATE if slip.document.posted_at < start else Kind.REGISTERED, slip)
        for slip in registered
    ]
    entries += [
        (Kind.IN_CHAIN, slip) for slip in archive_rows.written_in_chain(workshop, start, end)
    ]
    return entries


def _make(workshop, day, actor, now):
    entries = _entries(workshop, day)
    table = archive_table(entries)
    title = _("%(workshop)s · transfer slips of %(day)s") % {
        "workshop": workshop.name,
        "day": day.isoformat(),
    }
    counts = {kind: sum(1 for found, _slip in entries if found == kind) for kind in Kind}
    subtitle = _(
        "Registered %(registered)s, registered late %(late)s, still in their chain "
        "%(in_chain)s · archived %(at)s"
    ) % {
        "registered": counts[Kind.REGISTERED],
        "late": counts[Kind.LATE],
        "in_chain": counts[Kind.IN_CHAIN],
        "at": timezone.localtime(now).strftime("%Y-%m-%d %H:%M"),
    }
    xlsx = _xlsx(title, subtitle, table)
    pdf = archive_pdf.render(
        title=title, subtitle=subtitle, header=table.header, rows=table.pdf_rows, widths=PDF_WIDTHS
    )
    base = f"shopfloor/archive/{day:%Y/%m}/{workshop.code}-{day.isoformat()}"
    stored = [_store(f"{base}.xlsx", xlsx), _store(f"{base}.pdf", pdf)]
    try:
        archive = DailyArchive.objects.create(
            workshop=workshop,
            day=day,
            made_at=now,
            made_by=actor if getattr(actor, "pk", None) else None,
            xlsx=stored[0],
            xlsx_sha256=sha256_of(xlsx),
            pdf=stored[1],
            pdf_sha256=sha256_of(pdf),
            registered_count=counts[Kind.REGISTERED],
            late_count=counts[Kind.LATE],
            in_chain_count=counts[Kind.IN_CHAIN],
        )
        ArchivedSlip.objects.bulk_create(
            ArchivedSlip(archive=archive, slip=slip, kind=kind) for kind, slip in entries
        )
        audit.record(
            actor=actor if getattr(actor, "pk", None) else None,
            action="shopfloor.archive.made",
            obj=archive,
            after={
                "workshop": workshop.name,
                "day": day.isoformat(),
                "slips": len(entries),
                "xlsx_sha256": archive.xlsx_sha256,
                "pdf_sha256": archive.pdf_sha256,
            },
        )
    except BaseException:
        for name in stored:
            _remove(name)
        raise
    return archive


def _store(name, data):
    """Save `data` under `name` (the storage picks a free name) and make it read-only."""
    saved = default_storage.save(name, ContentFile(data))
    # a storage without local paths keeps its own rules
    with contextlib.suppress(NotImplementedError):
        os.chmod(default_storage.path(saved), 0o444)
    return saved


def _remove(name):
    with contextlib.suppress(NotImplementedError, FileNotFoundError):
        os.chmod(default_storage.path(name), 0o644)
    default_storage.delete(name)


# ---------------------------------------------------------------- the table
class ArchiveTable:
    def __init__(self, header, rows, pdf_rows):
        self.header, self.rows, self.pdf_rows = header, rows, pdf_rows


PDF_WIDTHS = (9, 4, 8, 5, 9, 8, 4, 5, 3, 3, 3, 3, 3, 3, 3, 2, 27)


def _header():
    return [
        _("Number"),
        _("In the archive as"),
        _("Registered at"),
        _("Destination"),
        _("Lot"),
        _("Item"),
        _("From operation"),
        _("Transferred to"),
        _("Sent"),
        _("Passed"),
        _("Rework"),
        _("Scrap (explained)"),
        _("Handed over"),
        _("Received"),
        _("Unexplained, booked as scrap"),
        _("Line"),
        _("Signatures"),
    ]


def archive_table(entries):
    """The archive's rows: one per line of each slip (a slip with no line: one row)."""
    roles = archive_rows.role_names()
    labels = dict(Kind.choices)
    rows, pdf_rows = [], []
    for kind, slip in entries:
        short = archive_rows.short_signature_text(slip)  # the PDF's column is narrow
        for line in list(slip.lines.all()) or [None]:
            row = _row(labels[kind], slip, line, roles)
            rows.append(row)
            pdf_rows.append([_text(value) for value in row[:-1]] + [short])
    return ArchiveTable(_header(), rows, pdf_rows)


def _row(label, slip, line, roles):
    document = slip.document
    registered = timezone.localtime(document.posted_at) if document.posted_at else None
    head = [document.number, str(label), registered, slip.get_destination_display()]
    signatures = archive_rows.signature_text(slip, roles)
    if line is None:
        return [*head, "", "", "", "", *([None] * 7), None, signatures]
    explained, unexplained = archive_rows.scrap_of(line)
    return [
        *head,
        line.lot.document.number,
        f"{line.lot.item.code} {line.lot.item.name}",
        line.from_step.name,
        archive_rows.destination_text(slip, line),
        line.quantity,
        line.passed,
        line.rework,
        explained,
        line.handed_over,
        line.received,
        unexplained,
        line.position,
        signatures,
    ]


def _text(value):
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d %H:%M")
    if hasattr(value, "normalize"):
        return f"{value.normalize():f}"
    return str(value)


def _xlsx(title, subtitle, table):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    book.set_properties({"title": title, "created": timezone.localtime().replace(tzinfo=None)})
    sheet = book.add_worksheet(_("Transfer slips"))
    bold = book.add_format({"bold": True})
    sheet.write_string(0, 0, title, bold)
    sheet.write_string(1, 0, subtitle)
    for column, text in enumerate(table.header):
        sheet.write_string(2, column, str(text), bold)
    for number, row in enumerate(table.rows, start=3):
        for column, value in enumerate(row):
            if value is None:
                continue
            if hasattr(value, "normalize"):
                sheet.write_number(number, column, float(value))
            elif isinstance(value, int):
                sheet.write_number(number, column, value)
            else:
                sheet.write_string(number, column, _text(value))
    book.close()
    return buffer.getvalue()


# ---------------------------------------------------------------- the days due
def due_days(workshop, now=None, calendar=None):
    """The working days of `workshop` not archived yet whose end has come: up to
    yesterday, and today once the policy hour has passed."""
    now = timezone.localtime(now or timezone.now())
    calendar = calendar or WorkingCalendar()
    last = (
        DailyArchive.objects.filter(workshop=workshop)
        .order_by("-day")
        .values_list("day", flat=True)
    ).first()
    if last is None:
        first = (
            TransferSlip.objects.filter(workshop=workshop)
            .order_by("document__created_at")
            .values_list("document__created_at", flat=True)
            .first()
        )
        if first is None:
            return []
        day = max(timezone.localtime(first).date(), now.date() - timedelta(days=CATCH_UP_DAYS))
    else:
        day = last + timedelta(days=1)
    last_due = now.date() if now.hour >= policies.get(ARCHIVE_HOUR) else now.date() - timedelta(1)
    days = []
    while day <= last_due:
        if calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def archive_due(*, now=None, actor=None):
    """Archive every workshop's days due (catching up missed days); the archives made."""
    calendar = WorkingCalendar()
    made = []
    workshops = Workshop.objects.filter(pk__in=TransferSlip.objects.values("workshop_id")).order_by(
        "pk"
    )
    for workshop in workshops:
        for day in due_days(workshop, now, calendar):
            made.append(archive_day(workshop=workshop, day=day, actor=actor, now=now))
    return made


# ---------------------------------------------------------------- gendan check
def archive_problems():
    """`gendan check`: every archive file is there and has the SHA-256 recorded when it
    was written."""
    for archive in DailyArchive.objects.select_related("workshop").order_by("pk").iterator():
        for field, recorded in (
            (archive.xlsx, archive.xlsx_sha256),
            (archive.pdf, archive.pdf_sha256),
        ):
            try:
                with default_storage.open(field.name, "rb") as handle:
                    digest = hashlib.sha256(handle.read()).hexdigest()
            except FileNotFoundError:
                yield f"archive {archive.workshop.name} {archive.day}: {field.name} is missing"
                continue
            if digest != recorded:
                yield (
                    f"archive {archive.workshop.name} {archive.day}: {field.name} was altered "
                    f"(SHA-256 {digest}, recorded {recorded})"
                )
