"""The WIP count's pages, xlsx and API (D1-1.5): the list with its filters and a constant
number of queries, the sheet page with differences highlighted, the phone page at which
the clerk counts, the xlsx round trip (all or nothing, the bad row named), the API."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gendan.core.import_errors import ImportRejected
from gendan.core.spreadsheets import read_table
from gendan.shopfloor import places, queries, services, wip_queries, wip_services, wip_sheets
from gendan.shopfloor.wip_models import WipCount, WipCountLine
from tests.catalog.factories import xlsx_bytes
from tests.shopfloor.conftest import line, sign_through


@pytest.fixture
def turned(lot, clerk, signers):
    slip = services.write_transfer(actor=clerk, destination="operation", lines=[line(lot, 30)])
    sign_through(slip, **signers)
    return lot


@pytest.fixture
def sheet(turned, statistician):
    return wip_services.open_wip_count(actor=statistician, workshop=turned.workshop)


def _line_at(sheet, operation):
    return WipCountLine.objects.get(sheet=sheet, place__work_place__operation=operation)


def _xlsx(rows):
    return xlsx_bytes([wip_sheets.HEADERS, *rows])


def _read(content):
    return read_table(content, "exported.xlsx")


def _row(sheet, operation, counted, scrapped=""):
    found = _line_at(sheet, operation)
    return [
        found.lot.document.number,
        found.lot.item.code,
        found.lot.item.name,
        found.place.code,
        found.place.name,
        float(found.expected),
        counted,
        scrapped,
        "",
    ]


def test_the_statistician_opens_a_count_from_the_list_page_D1_1_5(client, statistician, turned):
    client.force_login(statistician)
    response = client.post(reverse("shopfloor:wip-count-open"), {"workshop": turned.workshop.pk})
    sheet = WipCount.objects.get()
    assert response.url == reverse("shopfloor:wip-count-detail", args=[sheet.pk])
    page = client.get(reverse("shopfloor:wip-count-list")).content.decode()
    assert sheet.document.number in page


def test_the_clerk_counts_on_the_phone_page_and_the_sheet_shows_the_difference_D1_1_5(
    client, clerk, sheet
):
    client.force_login(clerk)
    phone = client.get(reverse("shopfloor:wip-count-phone", args=[sheet.pk]))
    assert phone.status_code == 200
    at_lathe, at_heat = _line_at(sheet, "车"), _line_at(sheet, "热处理")
    assert f'name="counted-{at_lathe.pk}"' in phone.content.decode()
    client.post(
        reverse("shopfloor:wip-count-record", args=[sheet.pk]),
        {
            f"counted-{at_lathe.pk}": "9",
            f"explanation-{at_lathe.pk}": "scrap",
            f"note-{at_lathe.pk}": "锈蚀",
            f"counted-{at_heat.pk}": "30",
        },
    )
    at_lathe.refresh_from_db()
    assert (at_lathe.counted, at_lathe.scrapped, at_lathe.note) == (9, 1, "锈蚀")
    page = client.get(reverse("shopfloor:wip-count-detail", args=[sheet.pk])).content.decode()
    assert 'class="table-danger" data-lot' in page  # the shortfall highlighted
    client.post(reverse("shopfloor:wip-count-sign", args=[sheet.pk]))
    sheet.document.refresh_from_db()
    assert sheet.document.current_step == 2


def test_the_phone_page_adds_parts_found_at_a_place_not_listed_D1_1_5(client, clerk, sheet):
    client.force_login(clerk)
    at_lathe, at_heat = _line_at(sheet, "车"), _line_at(sheet, "热处理")
    waiting = places.waiting_area(sheet.workshop)
    client.post(
        reverse("shopfloor:wip-count-record", args=[sheet.pk]),
        {
            f"counted-{at_lathe.pk}": "6",
            f"explanation-{at_lathe.pk}": "found",
            f"counted-{at_heat.pk}": "30",
            "found-lot": str(at_lathe.lot_id),
            "found-place": str(waiting.pk),
            "found-counted": "4",
        },
    )
    assert WipCountLine.objects.get(sheet=sheet, place=waiting).counted == 4
    assert wip_services.problems(sheet.lines.all()) == []


def test_the_xlsx_round_trip_records_the_counts_D1_1_5(client, clerk, sheet):
    client.force_login(clerk)
    exported = client.get(reverse("shopfloor:wip-count-export", args=[sheet.pk]))
    table = _read(exported.content)
    assert table.header == wip_sheets.HEADERS and len(table.rows) == 2
    content = _xlsx([_row(sheet, "车", 8, 2), _row(sheet, "热处理", 30)])
    client.post(
        reverse("shopfloor:wip-count-import", args=[sheet.pk]),
        {"file": SimpleUploadedFile("counted.xlsx", content)},
    )
    at_lathe = _line_at(sheet, "车")
    assert (at_lathe.counted, at_lathe.scrapped) == (8, 2)


def test_an_xlsx_with_one_bad_row_records_nothing_and_names_the_row_D1_1_5(clerk, sheet):
    content = _xlsx([_row(sheet, "车", 8, 2), _row(sheet, "热处理", "三十")])
    with pytest.raises(ImportRejected) as refused:
        wip_sheets.import_counted(
            actor=clerk, sheet=sheet, file_bytes=content, filename="counted.xlsx"
        )
    assert [(problem.row, problem.column) for problem in refused.value.problems] == [(3, "实盘数")]
    assert not sheet.lines.filter(counted__isnull=False).exists()


def test_an_xlsx_counting_parts_from_nowhere_names_the_row_and_records_nothing_D1_1_5(clerk, sheet):
    content = _xlsx([_row(sheet, "车", 10), _row(sheet, "热处理", 35)])
    with pytest.raises(ImportRejected) as refused:
        wip_sheets.import_counted(
            actor=clerk, sheet=sheet, file_bytes=content, filename="counted.xlsx"
        )
    assert refused.value.problems[0].row == 2
    assert "nowhere" in refused.value.problems[0].message
    assert not sheet.lines.filter(counted__isnull=False).exists()


def test_who_sees_the_pages_follows_the_matrix_D1_1_5(client, sheet, outsider, operator):
    client.force_login(outsider)  # the matrix: only their own sheets, and they have none
    listed = client.get(reverse("shopfloor:wip-count-list")).content.decode()
    assert sheet.document.number not in listed
    assert client.get(reverse("shopfloor:wip-count-detail", args=[sheet.pk])).status_code == 404
    client.force_login(operator)  # sees, may not count
    page = client.get(reverse("shopfloor:wip-count-detail", args=[sheet.pk])).content.decode()
    assert "wip-count-on-phone" not in page
    response = client.post(
        reverse("shopfloor:wip-count-record", args=[sheet.pk]),
        {f"counted-{_line_at(sheet, '车').pk}": "10"},
    )
    assert response.status_code == 302
    assert not sheet.lines.filter(counted__isnull=False).exists()


def test_the_list_asks_a_constant_number_of_queries_D1_1_5(
    client, statistician, turned, half_shaft
):
    client.force_login(statistician)
    wip_services.open_wip_count(actor=statistician, workshop=turned.workshop)
    url = reverse("shopfloor:wip-count-list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        services.start_lot(actor=statistician, item=half_shaft, quantity=Decimal(5))
        wip_services.open_wip_count(actor=statistician, workshop=turned.workshop)
    with CaptureQueriesContext(connection) as five:
        page = client.get(url)
    assert all(
        sheet.document.number in page.content.decode()
        for sheet in WipCount.objects.select_related("document")
    )
    assert len(five) == len(one)
    sheet = WipCount.objects.first()
    with CaptureQueriesContext(connection) as sheet_page:
        client.get(reverse("shopfloor:wip-count-detail", args=[sheet.pk]))
    assert len(sheet_page) < 40


def test_the_list_filters_and_exports_D1_1_5(client, statistician, sheet):
    client.force_login(statistician)
    url = reverse("shopfloor:wip-count-list")
    number = sheet.document.number
    assert number in client.get(url, {"q": number}).content.decode()
    assert number in client.get(url, {"q": "BZ-120"}).content.decode()
    assert number not in client.get(url, {"status": "posted"}).content.decode()
    exported = client.get(url, {"format": "xlsx"})
    assert _read(exported.content).rows[0][0] == number


def test_the_api_opens_counts_signs_and_posts_D1_1_5(client, statistician, clerk, director, turned):
    client.force_login(statistician)
    opened = client.post(
        "/api/v1/shopfloor/wip-counts",
        {"workshop": turned.workshop.pk},
        content_type="application/json",
    )
    assert opened.status_code == 201, opened.content
    body = opened.json()
    count_id = body["id"]
    lines = {row["place"].split()[-1]: row for row in body["lines"]}
    client.force_login(clerk)
    counted = client.post(
        f"/api/v1/shopfloor/wip-counts/{count_id}/counts",
        {
            "lines": [
                {"line": lines["车"]["id"], "counted": "7", "explanation": "scrap"},
                {"line": lines["热处理"]["id"], "counted": "30"},
            ]
        },
        content_type="application/json",
    )
    assert counted.status_code == 200, counted.content
    assert counted.json()["problems"] == []
    signed = client.post(
        f"/api/v1/shopfloor/wip-counts/{count_id}/sign", {}, content_type="application/json"
    )
    assert signed.json()["next_role"] == "workshop_director"
    client.force_login(director)
    posted = client.post(
        f"/api/v1/shopfloor/wip-counts/{count_id}/sign", {}, content_type="application/json"
    )
    assert posted.json()["status"] == "posted"
    found = queries.quantities([turned])[turned.pk]
    assert (found["车"], found["scrap"], sum(found.values())) == (7, 3, 40)


def test_the_api_refuses_a_surplus_from_nowhere_with_the_rule_D1_1_5(client, clerk, sheet):
    client.force_login(clerk)
    line_id = _line_at(sheet, "车").pk
    refused = client.post(
        f"/api/v1/shopfloor/wip-counts/{sheet.pk}/counts",
        {"lines": [{"line": line_id, "counted": "41"}]},
        content_type="application/json",
    )
    assert refused.status_code == 409  # SurplusFromNowhere: the figures, in any language
    assert "41" in refused.json()["detail"] and "40" in refused.json()["detail"]
    assert not sheet.lines.filter(counted__isnull=False).exists()


def test_work_in_progress_now_shows_each_place_and_what_waits_D1_1_5(
    client, statistician, turned, clerk, signers
):
    slip = services.write_transfer(
        actor=clerk,
        destination="waiting",
        lines=[line(turned, 4)],
        waiting_reason="热处理炉检修",
    )
    sign_through(slip, **signers, place="待料区 1 号架")
    client.force_login(statistician)
    page = client.get(
        reverse("shopfloor:wip-summary"), {"workshop": turned.workshop.pk}
    ).content.decode()
    assert "热处理炉检修" in page and turned.document.number in page
    rows = {
        row["location__code"]: row["quantity"]
        for row in wip_queries.work_in_progress(turned.workshop)
    }
    assert sum(rows.values()) == 40


def test_the_waiting_area_reads_every_waiting_lot_in_fixed_queries_D1_3_3(
    turned, clerk, signers, statistician, half_shaft
):
    """The waiting area (`queries.waiting_area`): per lot how many, why and from which
    slip, the longest waiting first, in the same number of queries for one lot or three."""

    def wait(lot, quantity):
        slip = services.write_transfer(
            actor=clerk, destination="waiting", lines=[line(lot, quantity)], waiting_reason="等料"
        )
        sign_through(slip, **signers, place="待料区")

    wait(turned, 2)
    with CaptureQueriesContext(connection) as one:
        wip_queries.waiting_rows(turned.workshop)
    others = []
    for _ in range(2):
        others.append(services.start_lot(actor=statistician, item=half_shaft, quantity=Decimal(6)))
        wait(others[-1], 3)
    with CaptureQueriesContext(connection) as three:
        rows = wip_queries.waiting_rows(turned.workshop)
    assert len(three) == len(one)

    assert [(row["lot"], row["quantity"], row["reason"]) for row in rows] == [
        (turned, Decimal(2), "等料"),
        *[(lot, Decimal(3), "等料") for lot in others],
    ]
    assert all(row["slip"].destination == "waiting" and row["since"] for row in rows)
    assert [row["lot"] for row in queries.waiting_area(turned.workshop)] == [turned, *others]
    assert len(wip_queries.waiting_rows(turned.workshop, limit=2)) == 2


def test_the_lighter_lot_rows_match_the_lot_list_in_fixed_queries_D1_1_5(
    turned, statistician, half_shaft, clerk, signers
):
    """The proposed read for `/shopfloor/lots/`: the same lots, numbers and places as
    `queries.lot_list` + `quantities` + `group_by_place`, in a fixed number of queries."""
    with CaptureQueriesContext(connection) as one:
        wip_queries.lot_rows(statistician)
    for _ in range(3):
        services.start_lot(actor=statistician, item=half_shaft, quantity=Decimal(7))
    slip = services.write_transfer(
        actor=clerk, destination="waiting", lines=[line(turned, 3)], waiting_reason="等料"
    )
    sign_through(slip, **signers, place="待料区")
    with CaptureQueriesContext(connection) as four:
        rows = wip_queries.lot_rows(statistician)
    assert len(four) == len(one)
    lots = list(queries.lot_list(statistician)[:200])
    found = queries.quantities(lots)
    expected = [
        (lot.pk, lot.document.number, lot.quantity, queries.group_by_place(found[lot.pk]))
        for lot in lots
    ]
    assert [(r["id"], r["number"], r["started"], r["places"]) for r in rows] == expected
