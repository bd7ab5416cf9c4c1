"""The order summary: D4-12 (a problem found later — a failed final — traced back to
the earlier inspections of the same order, product and factory that could have caught
it) and D4-9 (flagged when the order cannot reach its minimum of signed mid-production
reports before the final inspection, one inspection every 3 working days at most)."""

import datetime
import re
from types import SimpleNamespace

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gendan.quality import inspection_trace, services
from tests.quality.conftest import TODAY
from tests.quality.test_qa_chain import to_the_factory

EIGHT_MAJOR_WORKMANSHIP = [{"defect_class": "major", "category": "workmanship",
                            "description": "袖口跳线", "count": 8}]  # fmt: skip
D = datetime.date


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def record(actor, factory_order, stage, on, defects=(), **extra):
    return services.record_inspection(
        actor=actor, factory_order=factory_order, stage=stage, inspected_on=on,
        lot_size=extra.pop("lot_size", 400), defects=defects, **extra,
    )  # fmt: skip


def _outcomes(page):
    section = page.split('data-testid="responsibility"')[1]
    return section


def test_d4_12_a_failed_final_is_traced_to_the_steps_that_could_have_caught_it(
    qc, merchandiser, factory_order
):
    """Workmanship defects in the final: the mid inspection found the same kind (not
    followed until closed), the first piece was inspected without finding it (missed),
    the pre-production sample, early production and shipping sample were not inspected;
    the fabric check does not check workmanship and is not listed."""
    record(merchandiser, factory_order, "fabric", TODAY - datetime.timedelta(days=20))
    first = record(merchandiser, factory_order, "first_piece", TODAY - datetime.timedelta(days=15),
                   lot_size=20)  # fmt: skip
    mid = record(merchandiser, factory_order, "mid_production", TODAY - datetime.timedelta(days=8),
                 [{**EIGHT_MAJOR_WORKMANSHIP[0], "count": 2}])  # fmt: skip
    record(qc, factory_order, "final", TODAY, EIGHT_MAJOR_WORKMANSHIP, lot_size=3200,
           packed_quantity=2600)  # fmt: skip
    page = client_for(qc).get(f"/quality/orders/{factory_order.order_id}/").content.decode()
    section = _outcomes(page)
    assert "袖口跳线" in section
    outcomes = re.findall(r'data-outcome="(\w+)"', section)
    # pre-production sample, early production, first piece, mid-production, shipping sample
    assert outcomes == ["not_inspected", "not_inspected", "missed", "found", "not_inspected"]
    assert mid.document.number in section and first.document.number in section


def test_d4_12_the_trace_by_category_and_step(qc, merchandiser, factory_order):
    fabric = record(merchandiser, factory_order, "fabric", TODAY - datetime.timedelta(days=20),
                    [{"defect_class": "minor", "category": "material", "description": "色差",
                      "count": 1}])  # fmt: skip
    final = record(qc, factory_order, "final", TODAY,
                   [{"defect_class": "major", "category": "material", "description": "色差",
                     "count": 9}], lot_size=3200, packed_quantity=2600)  # fmt: skip
    rows = list(services.Inspection.objects.filter(order=factory_order.order)
                .prefetch_related("defects"))  # fmt: skip
    [problem] = inspection_trace.responsibility(rows)
    assert problem["inspection"] == final
    assert [check["step"] for check in problem["checks"]] == [
        "fabric",
        "pre_production_sample",
        "first_piece",
        "mid_production",
        "shipping_sample",
    ]  # fmt: skip: material is checked at these steps (D4-1, D4-3, D4-7, D4-8, D4-10)
    found = [check for check in problem["checks"] if check["outcome"] == "found"]
    assert [check["inspections"] for check in found] == [[fabric]]


def test_d4_12_passed_finals_and_other_factories_are_not_traced(qc, merchandiser, factory_order):
    record(qc, factory_order, "final", TODAY, lot_size=3200, packed_quantity=2600)
    rows = list(services.Inspection.objects.prefetch_related("defects"))
    assert inspection_trace.responsibility(rows) == []


def test_d4_12_d4_9_the_order_summary_answers_in_a_fixed_number_of_queries(
    qc, merchandiser, factory_order
):
    record(merchandiser, factory_order, "mid_production", TODAY - datetime.timedelta(days=3))
    record(qc, factory_order, "final", TODAY, EIGHT_MAJOR_WORKMANSHIP, lot_size=3200,
           packed_quantity=2600)  # fmt: skip
    client = client_for(qc)
    url = f"/quality/orders/{factory_order.order_id}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for days in (4, 6, 9, 12):
        record(merchandiser, factory_order, "mid_production", TODAY - datetime.timedelta(days=days),
               [{**EIGHT_MAJOR_WORKMANSHIP[0], "count": 1}])  # fmt: skip
    record(qc, factory_order, "final", TODAY, EIGHT_MAJOR_WORKMANSHIP, lot_size=3200,
           packed_quantity=2600)  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert page.count('data-outcome="found"') >= 2
    assert len(many) == len(few)


def test_d4_12_another_factory_and_an_outsider_do_not_see_the_order(
    qc, outsider, other_factory_user, factory_order
):
    record(qc, factory_order, "final", TODAY, EIGHT_MAJOR_WORKMANSHIP, lot_size=3200,
           packed_quantity=2600)  # fmt: skip
    for user in (outsider, other_factory_user):
        assert client_for(user).get(f"/quality/orders/{factory_order.order_id}/").status_code == 404


# ---------------------------------------------------------------- D4-9
def _row(stage, on, status="posted"):
    return SimpleNamespace(stage=stage, inspected_on=on, document=SimpleNamespace(status=status))


def test_d4_9_eight_working_days_leave_room_for_three_more_so_2_of_6_is_flagged(db):
    """3,200 pcs → at least 6 (D4-9). Tue 2026-03-10 to the final on Fri 03-20: 8 working
    days before it, one inspection every 3 → 3 more; 2 + 3 < 6."""
    rows = [_row("mid_production", D(2026, 3, 2)), _row("mid_production", D(2026, 3, 5))]
    reach = inspection_trace.mid_reachability(
        rows, minimum=6, signed=2, final_due=D(2026, 3, 20), today=D(2026, 3, 10)
    )
    assert (reach["possible"], reach["cannot_reach"]) == (3, True)


def test_d4_9_a_later_final_leaves_room_enough_and_is_not_flagged(db):
    rows = [_row("mid_production", D(2026, 3, 2)), _row("mid_production", D(2026, 3, 5))]
    reach = inspection_trace.mid_reachability(
        rows, minimum=6, signed=2, final_due=D(2026, 3, 27), today=D(2026, 3, 10)
    )
    assert reach["possible"] == 5 and not reach["cannot_reach"]


def test_d4_9_the_next_inspection_waits_3_working_days_after_the_last_one(db):
    """The last mid inspection on Mon 03-09: the next is Thu 03-12 at the earliest."""
    rows = [_row("mid_production", D(2026, 3, 9))]
    reach = inspection_trace.mid_reachability(
        rows, minimum=4, signed=1, final_due=D(2026, 3, 20), today=D(2026, 3, 10)
    )
    assert reach["possible"] == 2 and reach["cannot_reach"]  # 03-12 and 03-17; 1 + 2 < 4


def test_d4_9_reports_waiting_for_signatures_count_as_on_the_way(db):
    rows = [_row("mid_production", D(2026, 3, 2), "pending")]
    reach = inspection_trace.mid_reachability(
        rows, minimum=2, signed=0, final_due=D(2026, 3, 10), today=D(2026, 3, 10)
    )
    assert (reach["waiting"], reach["possible"], reach["cannot_reach"]) == (1, 0, True)
    reach = inspection_trace.mid_reachability(
        rows, minimum=2, signed=1, final_due=D(2026, 3, 10), today=D(2026, 3, 10)
    )
    assert not reach["cannot_reach"]


def test_d4_9_the_holiday_week_counts_no_working_days(db):
    """2026 National Day: 10-01 … 10-07 are days off (core calendar)."""
    reach = inspection_trace.mid_reachability(
        [], minimum=2, signed=0, final_due=D(2026, 10, 8), today=D(2026, 10, 1)
    )
    assert (reach["possible"], reach["cannot_reach"]) == (0, True)


def test_d4_9_the_order_summary_flags_an_order_that_cannot_reach_the_minimum(
    qc, merchandiser, factory_user, factory_order
):
    """3,200 pcs need 6 signed mid reports; one signed, the factory order due 30 days
    after 03-10: 14 working days are left before it… a final recorded today ends it."""
    mid = record(merchandiser, factory_order, "mid_production", TODAY - datetime.timedelta(days=1))
    services.sign_as_factory(actor=factory_user, inspection=to_the_factory(mid))
    with time_machine.travel(datetime.datetime(2026, 3, 10, 10, 0), tick=False):
        url = f"/quality/orders/{factory_order.order_id}/"
        page = client_for(qc).get(url).content.decode()
        assert 'data-testid="mid-flag"' not in page  # 1 + 7 possible ≥ 6
        record(qc, factory_order, "final", TODAY, lot_size=3200, packed_quantity=2600)
        page = client_for(qc).get(url).content.decode()
    assert 'data-testid="mid-flag"' in page


def test_d4_9_the_flag_is_gone_once_the_minimum_is_signed(qc, merchandiser, factory_user,
                                                          factory_order):  # fmt: skip
    for days in (2, 5):
        mid = record(merchandiser, factory_order, "mid_production",
                     TODAY - datetime.timedelta(days=days))  # fmt: skip
        services.sign_as_factory(actor=factory_user, inspection=to_the_factory(mid))
    reach = inspection_trace.mid_reachability(
        list(services.Inspection.objects.select_related("document")), minimum=2, signed=2,
        final_due=TODAY, today=TODAY,
    )  # fmt: skip
    assert not reach["cannot_reach"]


def test_d4_14_the_order_summary_links_the_plan_and_the_written_summary_when_they_exist(
    qc, factory_order
):
    from django.urls import NoReverseMatch, reverse

    record(qc, factory_order, "fabric", TODAY)
    page = client_for(qc).get(f"/quality/orders/{factory_order.order_id}/").content.decode()
    for name in ("quality:order-plan", "quality:order-summary-write"):
        try:
            url = reverse(name, args=[factory_order.order_id])
        except NoReverseMatch:
            continue  # not registered (yet): the page still answers
        assert f'href="{url}"' in page
