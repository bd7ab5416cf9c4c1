# ruff: noqa: F811  (the fixtures imported from test_archive_helpers are named as arguments)
"""The statistician's daily list (D1-1.7): the transfers registered on a day, per
workshop, with quantities, scrap explained and unexplained, and rework."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gendan.shopfloor import archive_daily
from tests.shopfloor.test_archive_helpers import (  # noqa: F401  (fixtures)
    MONDAY,
    at,
    media,
    monday,
    monday_lot,
    register_at,
    sheet_rows,
    write_at,
)


@pytest.fixture
def registered_monday(monday, signers):
    """The slip waiting on Monday is registered at 17:00: 9 passed, 1 scrapped by the
    inspector."""
    register_at(
        at(MONDAY, 17, 0),
        monday["waiting"],
        signers,
        quality=[{"position": 1, "passed": 9, "scrap": 1}],
    )
    return monday


def test_the_daily_list_totals_quantities_scrap_and_rework(machining, registered_monday):
    """D1-1.7: Monday in 机加车间: 70 sent, 67 passed, 2 rework, 1 scrap explained (the
    inspector's), 1 unexplained (booked as scrap), 66 received."""
    groups = archive_daily.daily_list([machining], MONDAY)
    assert [group["workshop"] for group in groups] == [machining]
    totals = groups[0]["totals"]
    assert totals == {
        "quantity": Decimal(70),
        "passed": Decimal(67),
        "rework": Decimal(2),
        "explained": Decimal(1),
        "unexplained": Decimal(1),
        "received": Decimal(66),
    }
    numbers = [row["slip"].document.number for row in groups[0]["rows"]]
    assert numbers == [
        registered_monday["first"].document.number,
        registered_monday["second"].document.number,
        registered_monday["waiting"].document.number,
    ]


def test_the_statistician_opens_the_list_prints_it_and_downloads_it(
    client, machining, registered_monday, statistician
):
    """D1-1.7: 陈静 picks Monday; the page, the print view and the xlsx show the slips."""
    client.force_login(statistician)
    number = registered_monday["second"].document.number
    page = client.get(reverse("shopfloor:daily-list"), {"day": "2025-06-09"})
    assert number in page.content.decode()
    printed = client.get(reverse("shopfloor:daily-print"), {"day": "2025-06-09"})
    assert "data-print" in printed.content.decode() and number in printed.content.decode()
    export = client.get(reverse("shopfloor:daily-export"), {"day": "2025-06-09"})
    rows = sheet_rows(export.content)
    assert [row[1] for row in rows[1:]] == [
        registered_monday["first"].document.number,
        number,
        registered_monday["waiting"].document.number,
    ]
    assert [row[11] for row in rows[1:]] == [0, 1, 0]  # unexplained, booked as scrap


def test_another_day_shows_nothing(client, machining, registered_monday, statistician):
    client.force_login(statistician)
    page = client.get(reverse("shopfloor:daily-list"), {"day": "2025-06-10"})
    assert 'id="daily-empty"' in page.content.decode()


def test_an_outsider_gets_no_daily_list(client, machining, registered_monday, outsider):
    client.force_login(outsider)
    assert client.get(reverse("shopfloor:daily-list")).status_code == 404


def test_the_daily_list_reads_a_constant_number_of_queries(
    client, machining, clerk, signers, statistician, half_shaft
):
    from gendan.shopfloor import services
    from tests.shopfloor.test_archive_helpers import travel

    client.force_login(statistician)
    counts = []
    for slips in (1, 5):
        for _ in range(slips):
            with travel(at(MONDAY, 8, 0)):
                lot = services.start_lot(actor=statistician, item=half_shaft, quantity=Decimal(5))
            register_at(at(MONDAY, 11, 0), write_at(at(MONDAY, 9, 0), clerk, lot, 5, 10), signers)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("shopfloor:daily-list"), {"day": "2025-06-09"})
        counts.append(len(queries))
    assert counts[0] == counts[1]
