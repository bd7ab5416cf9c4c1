"""Timeliness (D1-1.1, D1-4.1): how long each signature step and each operation waited,
in working hours, with weekly medians and 90th percentiles, on a constructed week."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gendan.shopfloor import services, timeliness
from tests.shopfloor.test_archive_helpers import (  # noqa: F401  (fixtures)
    FRIDAY,
    NEXT_MONDAY,
    TUESDAY,
    at,
    media,
    register_at,
    sign_at,
    travel,
    write_at,
)

WEDNESDAY = TUESDAY + datetime.timedelta(days=1)
INSPECTOR_STEP = "检查员签质量"
OPERATOR_STEP = "上道工序操作者签字"


def _lot(statistician, item, day, hour=8, minute=0):
    with travel(at(day, hour, minute)):
        return services.start_lot(actor=statistician, item=item, quantity=Decimal(5))


@pytest.fixture
def week(clerk, signers, statistician, half_shaft):
    """Tuesday: slips A, B, C written at 09:00 (lots started 08:00), the inspector signs
    them at 10:00, 11:00 and 13:30; D written 16:00, signed Wednesday 09:30. A goes on and
    is registered Tuesday 12:00; its next transfer (from 热处理) is written Wednesday 10:00.
    E: lot started Friday 08:00, written 16:30, signed by the inspector next Monday 08:30."""
    inspector = signers["inspector"]
    slips = {}
    for name, signed in (
        ("A", (TUESDAY, 10, 0)),
        ("B", (TUESDAY, 11, 0)),
        ("C", (TUESDAY, 13, 30)),
    ):
        lot = _lot(statistician, half_shaft, TUESDAY)
        slip = write_at(at(TUESDAY, 9, 0), clerk, lot, 5, 10)
        slips[name] = sign_at(at(*signed), inspector, slip, lines=[])
    lot = _lot(statistician, half_shaft, TUESDAY)
    slips["D"] = sign_at(
        at(WEDNESDAY, 9, 30), inspector, write_at(at(TUESDAY, 16, 0), clerk, lot, 5, 10), lines=[]
    )
    a = sign_at(at(TUESDAY, 12, 0), signers["operator"], slips["A"], lines=[])
    a = sign_at(at(TUESDAY, 12, 0), signers["receiver"], a, lines=[], place="热处理炉旁")
    a = sign_at(at(TUESDAY, 12, 0), signers["statistician"], a)
    slips["A2"] = write_at(at(WEDNESDAY, 10, 0), clerk, a.lines.get().lot, 5, 20)
    lot = _lot(statistician, half_shaft, FRIDAY)
    slips["E"] = sign_at(
        at(NEXT_MONDAY, 8, 30), inspector, write_at(at(FRIDAY, 16, 30), clerk, lot, 5, 10), lines=[]
    )
    return slips


def test_working_hours_count_only_the_working_day_on_working_days(db):
    """D1-4.1: Friday 16:30 → Monday 08:30 is one working hour; Tuesday 16:00 →
    Wednesday 09:30 two and a half."""
    clock = timeliness.WorkingClock()
    assert clock.hours(at(FRIDAY, 16, 30), at(NEXT_MONDAY, 8, 30)) == 1.0
    assert clock.hours(at(TUESDAY, 16, 0), at(WEDNESDAY, 9, 30)) == 2.5
    assert clock.hours(at(TUESDAY, 18, 0), at(TUESDAY, 20, 0)) == 0.0


def test_median_and_90th_percentile_by_nearest_rank():
    assert timeliness.median([1, 2, 4.5, 2.5]) == 2.25
    assert timeliness.percentile_90([1, 2, 4.5, 2.5]) == 4.5
    assert timeliness.percentile_90(list(range(1, 11))) == 9
    assert timeliness.median([]) is None and timeliness.percentile_90([]) is None


def test_each_signature_step_waited_from_the_signature_before_it(machining, week):
    """D1-1.1, D1-4.1: the inspector's waits in the week of 9 June are 1, 2, 4.5 and 2.5
    working hours: median 2.25, 90th percentile 4.5; E's (one hour) is the next week's."""
    waits = timeliness.signature_waits(machining, at(TUESDAY, 0), at(NEXT_MONDAY, 23))
    rows = {(row["week"].isoformat(), row["step"]): row for row in timeliness.weekly_by_step(waits)}
    inspector = rows[("2025-06-09", INSPECTOR_STEP)]
    assert (inspector["count"], inspector["median"], inspector["p90"]) == (4, 2.25, 4.5)
    following = rows[("2025-06-16", INSPECTOR_STEP)]
    assert (following["count"], following["median"], following["p90"]) == (1, 1.0, 1.0)
    operator = rows[("2025-06-09", OPERATOR_STEP)]
    assert (operator["count"], operator["median"], operator["p90"]) == (1, 2.0, 2.0)


def test_parts_waited_from_their_arrival_to_their_next_transfer(machining, week):
    """D1-4.1: at 车 the lots waited 1, 1, 1, 8 (D) and 8.5 (E) working hours; at 热处理
    lot A waited from its registration (Tuesday 12:00) to Wednesday 10:00: 7 hours."""
    waits = timeliness.operation_waits(machining, at(TUESDAY, 0), at(NEXT_MONDAY, 23))
    rows = {row["operation"]: row for row in timeliness.weekly_by_operation(waits)}
    assert (rows["车"]["count"], rows["车"]["median"], rows["车"]["p90"]) == (5, 1.0, 8.5)
    assert (rows["热处理"]["count"], rows["热处理"]["median"], rows["热处理"]["p90"]) == (
        1,
        7.0,
        7.0,
    )


def test_the_slips_waiting_now_per_signer_with_their_age(machining, week):
    """D1-1.1: on Wednesday at noon A2 waits for the inspector (2 h); B, C and D for the
    operator, oldest first: 10, 7.5 and 2.5 working hours."""
    groups = timeliness.waiting_now(machining, at(WEDNESDAY, 12, 0))
    by_step = {group["step"]: group["rows"] for group in groups}
    assert [(row["slip"].pk, row["hours"]) for row in by_step[INSPECTOR_STEP]] == [
        (week["A2"].pk, 2.0)
    ]
    assert [(row["slip"].pk, row["hours"]) for row in by_step[OPERATOR_STEP]] == [
        (week["B"].pk, 10.0),
        (week["C"].pk, 7.5),
        (week["D"].pk, 2.5),
    ]


def test_the_workshop_page_and_its_export(client, machining, week, receiver):
    """孙丽 (team leader, 机加车间) sees the slips waiting and the weekly figures."""
    client.force_login(receiver)
    with travel(at(WEDNESDAY, 12, 0)):
        page = client.get(reverse("shopfloor:timeliness-of", args=[machining.pk]))
        export = client.get(reverse("shopfloor:timeliness-export", args=[machining.pk]))
    text = page.content.decode()
    assert week["B"].document.number in text
    assert 'id="timeliness-steps"' in text
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_an_outsider_gets_no_timeliness_page(client, machining, outsider):
    client.force_login(outsider)
    assert client.get(reverse("shopfloor:timeliness")).status_code == 404
    assert client.get("/api/v1/shopfloor/timeliness").status_code == 404


def test_the_api_gives_the_same_figures(client, machining, week, director):
    client.force_login(director)
    with travel(at(NEXT_MONDAY, 9, 0)):
        found = client.get("/api/v1/shopfloor/timeliness", {"workshop": machining.pk}).json()
    weeks = {(row["week"], row["step"]): row for row in found["steps"]}
    assert weeks[("2025-06-09", INSPECTOR_STEP)]["median"] == 2.25
    assert weeks[("2025-06-09", INSPECTOR_STEP)]["p90"] == 4.5


def test_the_page_reads_a_constant_number_of_queries(
    client, machining, clerk, signers, statistician, half_shaft, receiver
):
    client.force_login(receiver)
    counts = []
    for slips in (1, 5):
        for _ in range(slips):
            lot = _lot(statistician, half_shaft, TUESDAY)
            slip = write_at(at(TUESDAY, 9, 0), clerk, lot, 5, 10)
            register_at(at(TUESDAY, 11, 0), slip, signers)
            write_at(at(TUESDAY, 15, 0), clerk, lot, 5, 20)
        with travel(at(WEDNESDAY, 12, 0)), CaptureQueriesContext(connection) as queries:
            client.get(reverse("shopfloor:timeliness-of", args=[machining.pk]))
        counts.append(len(queries))
    assert counts[0] == counts[1]
