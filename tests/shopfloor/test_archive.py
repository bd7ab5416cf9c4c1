# ruff: noqa: F811  (the fixtures imported from test_archive_helpers are named as arguments)
"""The daily archive (D1-4.6): each working day's transfer slips of a workshop as an xlsx
and a PDF, immutable, with a recorded SHA-256 that `gendan check` verifies."""

import hashlib
from decimal import Decimal

from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gendan.core import integrity
from gendan.core.models import AuditEvent
from gendan.shopfloor import archive_command, archive_services
from gendan.shopfloor.archive_models import ArchivedSlip, DailyArchive
from tests.shopfloor.test_archive_helpers import (  # noqa: F401  (fixtures)
    FRIDAY,
    MONDAY,
    NEXT_MONDAY,
    SATURDAY,
    TUESDAY,
    at,
    media,
    monday,
    monday_lot,
    overwrite,
    read_file,
    register_at,
    sheet_rows,
    travel,
    write_at,
)


def _archive(machining, day, hour=18, minute=30):
    with travel(at(day, hour, minute)):
        return archive_services.archive_day(workshop=machining, day=day)


def test_the_archive_holds_every_slip_of_the_day_with_its_lines_and_quantities(machining, monday):
    """D1-4.6: Monday's archive lists both registered slips and the one still in its
    chain, each line with its quantities; the files' SHA-256 are recorded."""
    archive = _archive(machining, MONDAY)
    rows = sheet_rows(read_file(archive.xlsx))
    header, lines = rows[2], rows[3:]
    numbers = [row[0] for row in lines]
    assert numbers == [
        monday["first"].document.number,
        monday["second"].document.number,
        monday["waiting"].document.number,
    ]
    column = {name: index for index, name in enumerate(header)}
    second = lines[1]
    assert second[column["Sent"]] == 30
    assert second[column["Passed"]] == 28
    assert second[column["Rework"]] == 2
    assert second[column["Handed over"]] == 27
    assert second[column["Received"]] == 27
    assert second[column["Unexplained, booked as scrap"]] == 1
    assert second[column["From operation"]] == "热处理"
    assert lines[2][column["In the archive as"]] == "still in its chain"
    assert (archive.registered_count, archive.late_count, archive.in_chain_count) == (2, 0, 1)
    pdf = read_file(archive.pdf)
    assert pdf.startswith(b"%PDF-")
    assert archive.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert archive.xlsx_sha256 == hashlib.sha256(read_file(archive.xlsx)).hexdigest()
    kinds = dict(ArchivedSlip.objects.values_list("slip_id", "kind"))
    assert kinds == {
        monday["first"].pk: "registered",
        monday["second"].pk: "registered",
        monday["waiting"].pk: "in_chain",
    }


def test_archiving_the_same_day_again_changes_nothing(machining, monday):
    """D1-4.6: a day is archived once; archiving it again returns the same files."""
    archive = _archive(machining, MONDAY)
    before = (read_file(archive.xlsx), read_file(archive.pdf))
    again = _archive(machining, MONDAY, hour=20)
    assert again.pk == archive.pk
    assert (read_file(again.xlsx), read_file(again.pdf)) == before
    assert DailyArchive.objects.count() == 1
    assert ArchivedSlip.objects.count() == 3
    assert AuditEvent.objects.filter(action="shopfloor.archive.made").count() == 1


def test_a_registration_after_the_archive_goes_into_the_next_days_archive_as_late(
    machining, monday, signers
):
    """D1-4.6: the slip waiting on Monday is registered at 19:00, after Monday's archive;
    Tuesday's archive holds it, marked late; Monday's is unchanged."""
    archive = _archive(machining, MONDAY)
    before = read_file(archive.xlsx)
    late = register_at(at(MONDAY, 19, 0), monday["waiting"], signers)
    tuesday = _archive(machining, TUESDAY)
    assert read_file(DailyArchive.objects.get(day=MONDAY).xlsx) == before
    entries = list(tuesday.entries.values_list("slip_id", "kind"))
    assert entries == [(late.pk, "late")]
    rows = sheet_rows(read_file(tuesday.xlsx))
    assert rows[3][0] == late.document.number
    assert rows[3][1] == "registered late"


def test_gendan_check_reports_an_archive_file_changed_after_it_was_written(machining, monday):
    """D1-4.6: the integrity check recomputes each file's SHA-256."""
    archive = _archive(machining, MONDAY)
    checks = dict(integrity.run_all())
    name = "every daily transfer archive file has its recorded SHA-256"
    assert checks[name] == []
    overwrite(default_storage.path(archive.pdf.name), b"%PDF-1.4 forged")
    problems = dict(integrity.run_all())[name]
    assert len(problems) == 1
    assert archive.pdf.name in problems[0]
    assert "altered" in problems[0]


def test_archive_files_are_read_only_on_disk(machining, monday):
    archive = _archive(machining, MONDAY)
    import os
    import stat

    mode = os.stat(default_storage.path(archive.xlsx.name)).st_mode
    assert not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def test_the_task_archives_missed_working_days_after_the_policy_hour(
    machining, clerk, signers, monday_lot
):
    """D1-4.6: before 18:00 on Friday the days up to Thursday are archived; after it,
    Friday too; the weekend is skipped and the next Monday waits for its evening."""
    write_at(at(MONDAY, 9, 0), clerk, monday_lot, 40, 10)
    made = archive_services.archive_due(now=at(FRIDAY, 17, 0))
    assert [archive.day.isoformat() for archive in made] == [
        "2025-06-09",
        "2025-06-10",
        "2025-06-11",
        "2025-06-12",
    ]
    made = archive_services.archive_due(now=at(FRIDAY, 18, 5))
    assert [archive.day for archive in made] == [FRIDAY]
    made = archive_services.archive_due(now=at(NEXT_MONDAY, 10, 0))
    assert made == []
    assert not DailyArchive.objects.filter(day=SATURDAY).exists()
    made = archive_services.archive_due(now=at(NEXT_MONDAY, 18, 0))
    assert [archive.day for archive in made] == [NEXT_MONDAY]


def test_the_command_archives_a_given_day(machining, monday, capsys):
    """`gendan shopfloor archive --date 2025-06-09` (D1-4.6)."""
    with travel(at(MONDAY, 21, 0)):
        assert archive_command.main(["archive", "--date", "2025-06-09"]) == 0
    archive = DailyArchive.objects.get()
    assert archive.day == MONDAY
    assert archive.xlsx_sha256 in capsys.readouterr().out


# ---------------------------------------------------------------- the page and the API
def test_the_director_browses_by_day_and_downloads_with_the_hash_shown(
    client, machining, monday, director
):
    """D1-4.6: 赵刚 (workshop director) sees Monday's archive, its hashes and downloads."""
    archive = _archive(machining, MONDAY)
    client.force_login(director)
    page = client.get(reverse("shopfloor:archive-list"), {"day": "2025-06-09"})
    text = page.content.decode()
    assert archive.xlsx_sha256 in text and archive.pdf_sha256 in text
    download = client.get(reverse("shopfloor:archive-xlsx", args=[archive.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == read_file(archive.xlsx)
    other_day = client.get(reverse("shopfloor:archive-list"), {"day": "2025-06-10"})
    assert archive.xlsx_sha256 not in other_day.content.decode()


def test_an_outsider_sees_no_archive_and_cannot_download(client, machining, monday, outsider):
    archive = _archive(machining, MONDAY)
    client.force_login(outsider)
    assert client.get(reverse("shopfloor:archive-list")).status_code == 404
    assert client.get(reverse("shopfloor:archive-pdf", args=[archive.pk])).status_code == 404


def test_the_archive_list_reads_a_constant_number_of_queries(
    client, machining, clerk, signers, monday_lot, director
):
    write_at(at(MONDAY, 9, 0), clerk, monday_lot, 40, 10)
    client.force_login(director)
    archive_services.archive_due(now=at(MONDAY, 19, 0))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("shopfloor:archive-list"))
    archive_services.archive_due(now=at(FRIDAY, 19, 0))
    assert DailyArchive.objects.count() == 5
    with CaptureQueriesContext(connection) as five:
        client.get(reverse("shopfloor:archive-list"))
    assert len(five) == len(one)


def test_the_archive_reads_a_constant_number_of_queries(
    machining, clerk, signers, statistician, half_shaft
):
    """The archive of 1 slip and of 6 slips ask the database the same number of times."""
    from gendan.shopfloor import services

    counts = []
    for day, slips in ((MONDAY, 1), (TUESDAY, 6)):
        with travel(at(day, 8, 0)):
            lots = [
                services.start_lot(actor=statistician, item=half_shaft, quantity=Decimal(5))
                for _ in range(slips)
            ]
        for lot in lots:
            register_at(at(day, 10, 0), write_at(at(day, 9, 0), clerk, lot, 5, 10), signers)
        with CaptureQueriesContext(connection) as queries:
            _archive(machining, day)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_api_lists_archives_with_their_downloads(client, machining, monday, director):
    archive = _archive(machining, MONDAY)
    client.force_login(director)
    found = client.get("/api/v1/shopfloor/archives", {"day": "2025-06-09"}).json()
    assert found == [
        {
            "id": archive.pk,
            "day": "2025-06-09",
            "workshop_id": machining.pk,
            "workshop": machining.name,
            "made_at": found[0]["made_at"],
            "registered": 2,
            "registered_late": 0,
            "in_chain": 1,
            "xlsx_url": reverse("shopfloor:archive-xlsx", args=[archive.pk]),
            "xlsx_sha256": archive.xlsx_sha256,
            "pdf_url": reverse("shopfloor:archive-pdf", args=[archive.pk]),
            "pdf_sha256": archive.pdf_sha256,
        }
    ]
    detail = client.get(f"/api/v1/shopfloor/archives/{archive.pk}")
    assert detail.json()["pdf_sha256"] == archive.pdf_sha256


def test_the_api_hides_archives_from_an_outsider(client, machining, monday, outsider):
    archive = _archive(machining, MONDAY)
    client.force_login(outsider)
    assert client.get("/api/v1/shopfloor/archives").json() == []
    assert client.get(f"/api/v1/shopfloor/archives/{archive.pk}").status_code == 404


def test_the_demo_archives_its_days_once(machining, monday, admin_user):
    """The demo archives the days of its slips up to today; loading again changes nothing."""
    from types import SimpleNamespace

    from gendan.shopfloor import demo_archive

    with travel(at(TUESDAY, 9, 0)):
        made = demo_archive.load(SimpleNamespace(admin=admin_user))
        again = demo_archive.load(SimpleNamespace(admin=admin_user))
    assert [archive.day for archive in made] == [MONDAY, TUESDAY]
    assert [archive.pk for archive in again] == [archive.pk for archive in made]
    assert DailyArchive.objects.count() == 2
