"""Matching (D3-1), handing out around absences (D3-2), follow-up, audit (D3-1, D3-5),
urging (D3-4), self-pickup (D3-6) and the figures (D3-7, D3-8)."""

import datetime

import pytest

from gendan.core.errors import DomainError, PermissionDenied
from gendan.logistics import distribution, importing, matching, queries, reports, services
from gendan.logistics.models import AuditError, Handover, Waybill
from gendan.org.models import Leave
from tests.logistics.conftest import DAY
from tests.logistics.desk import day_rows, sheet
from tests.sales.factories import CustomerFactory, make_order


def _import(lead, rows):
    return importing.import_sheet(actor=lead, file_bytes=sheet(rows), file_name="day.csv",
                                  sheet_date=DAY)  # fmt: skip


def test_rows_match_by_order_number_then_full_phone_and_the_rest_wait(lead, zhang, order_of_zhang):
    """D3-1: row 1 by its order number, row 2 by the customer's full mobile number; the
    masked phone of row 3 matches nothing and waits in the unmatched list."""
    other = make_order(zhang, customer=CustomerFactory(phone="137-0000-0002", merchandiser=zhang))
    _import(lead, day_rows(order_of_zhang.number))
    by_number = Waybill.objects.get(tracking_number="SF1234567890123")
    by_phone = Waybill.objects.get(tracking_number="YT1234567890124")
    assert (by_number.order, by_number.matched_by) == (order_of_zhang, "order_number")
    assert (by_phone.order, by_phone.matched_by) == (other, "phone")
    assert [w.tracking_number for w in queries.unmatched(lead)] == ["773012345678"]


def test_last_four_name_and_address_only_suggest_a_candidate_to_confirm(lead, zhang):
    """D3-1: 王五's masked phone, name and address point at an order, but only a person
    ties them (match_by_hand)."""
    customer = CustomerFactory(name="王五", phone="13700000003", address="上海市浦东新区世纪大道 3 号",
                               merchandiser=zhang)  # fmt: skip
    order = make_order(zhang, customer=customer)
    _import(lead, day_rows())
    waybill = Waybill.objects.get(tracking_number="773012345678")
    assert (waybill.matched_by, waybill.candidate_order) == ("", order)
    matching.match_by_hand(actor=lead, waybill=waybill, order=order)
    waybill.refresh_from_db()
    assert (waybill.order, waybill.matched_by, waybill.candidate_order) == (order, "by_hand", None)


def test_waybills_go_to_the_owner_and_the_rest_balanced_around_a_leave(lead, zhang, liu,
                                                                       order_of_zhang):  # fmt: skip
    """D3-2: 张伟 is on leave: his customer's waybill goes to 刘敏 with the others."""
    Leave.objects.create(employee=zhang.employee, starts_on=DAY, ends_on=DAY)
    _import(lead, day_rows(order_of_zhang.number))
    assert distribution.distribute(actor=lead, day=DAY) == 3
    assert set(Waybill.objects.values_list("assignee", flat=True)) == {liu.pk}
    assert distribution.distribute(actor=lead, day=DAY) == 0  # again: nothing moves


def test_the_owner_gets_his_customer_and_an_absent_holders_rows_move_with_a_record(
    lead, zhang, liu, order_of_zhang
):
    """D3-2: 张伟 gets his own customer's parcel; the next day he is on leave and it moves
    to 刘敏, the handover saying who had it and why."""
    _import(lead, day_rows(order_of_zhang.number))
    distribution.distribute(actor=lead, day=DAY)
    mine = Waybill.objects.get(tracking_number="SF1234567890123")
    assert mine.assignee == zhang
    counts = sorted(Waybill.objects.values_list("assignee", flat=True))
    assert counts.count(zhang.pk) in (1, 2) and liu.pk in counts  # balanced by count
    next_day = DAY + datetime.timedelta(days=1)
    Leave.objects.create(employee=zhang.employee, starts_on=next_day, ends_on=next_day)
    distribution.distribute(actor=lead, day=next_day)
    mine.refresh_from_db()
    assert mine.assignee == liu
    last = Handover.objects.filter(waybill=mine).last()
    assert (last.from_user, last.to_user, last.reason) == (zhang, liu, "absent")


def test_a_leavers_rows_move_and_only_the_lead_hands_out(lead, zhang, liu, order_of_zhang):
    _import(lead, day_rows(order_of_zhang.number))
    with pytest.raises(PermissionDenied):
        distribution.distribute(actor=zhang, day=DAY)
    assert not Waybill.objects.filter(assignee__isnull=False).exists()
    distribution.distribute(actor=lead, day=DAY)
    zhang.employee.left_on = DAY
    zhang.employee.save()
    distribution.distribute(actor=lead, day=DAY + datetime.timedelta(days=1))
    assert set(Waybill.objects.values_list("assignee", flat=True)) == {liu.pk}
    assert Handover.objects.filter(reason="left", from_user=zhang).exists()


def test_the_lead_moves_a_waybill_by_hand(lead, zhang, liu, order_of_zhang):
    _import(lead, day_rows(order_of_zhang.number))
    distribution.distribute(actor=lead, day=DAY)
    waybill = Waybill.objects.get(tracking_number="SF1234567890123")
    distribution.move_waybills(actor=lead, waybills=[waybill], to_user=liu, day=DAY)
    waybill.refresh_from_db()
    assert waybill.assignee == liu
    assert Handover.objects.filter(waybill=waybill, reason="by_hand").count() == 1


def test_followup_takes_a_listed_status_and_the_audit_finds_the_missed_ones(
    lead, zhang, liu, auditor, order_of_zhang
):
    """D3-1: 张伟 records a status from the list; a free-text status is refused; the
    day's audit records an error for each waybill nobody followed up, once."""
    _import(lead, day_rows(order_of_zhang.number))
    distribution.distribute(actor=lead, day=DAY)
    mine = Waybill.objects.get(tracking_number="SF1234567890123")
    with pytest.raises(DomainError):
        services.record_followup(actor=zhang, waybill=mine, status="快到了")
    with pytest.raises(PermissionDenied):
        services.record_followup(actor=liu, waybill=mine, status="in_transit")
    services.record_followup(actor=zhang, waybill=mine, status="in_transit", note="客户知悉")
    mine.refresh_from_db()
    today = mine.followed_at.astimezone().date()
    found = services.run_audit(actor=auditor, day=today)
    assert found == 2
    assert not AuditError.objects.filter(waybill=mine).exists()
    assert services.run_audit(actor=auditor, day=today) == 0
    error = AuditError.objects.first()
    services.decide_error(actor=lead, error=error, confirm=False)
    error.refresh_from_db()
    assert error.state == "waived"


def test_urging_puts_same_day_first_and_logistics_answers(lead, logistics_clerk, zhang,
                                                          order_of_zhang):  # fmt: skip
    """D3-4: urging requests, same-day first; logistics' answer is kept for the order taker."""
    _import(lead, day_rows(order_of_zhang.number))
    first, second = Waybill.objects.order_by("pk")[:2]
    services.request_urge(actor=lead, waybill=first, note="客户催")
    services.request_urge(actor=lead, waybill=second, note="今天要", is_same_day=True)
    with pytest.raises(DomainError):
        services.request_urge(actor=lead, waybill=second)
    assert [u.waybill for u in queries.urging_list(lead)] == [second, first]
    urge = queries.urging_list(logistics_clerk)[0]
    services.answer_urge(actor=logistics_clerk, urge=urge, answer="已联系网点，今日派送")
    assert [u.waybill for u in queries.urging_list(lead)] == [first]


def test_a_parcel_at_a_station_is_on_the_self_pickup_list(lead):
    """D3-6: 已由驿站代收 → waiting for pickup, listed until signed."""
    rows = day_rows(status="已由菜鸟驿站代收，请凭取件码取件")
    _import(lead, rows)
    assert Waybill.objects.get(tracking_number="SF1234567890123") in queries.self_pickup(lead)


def test_the_months_compare_and_a_big_change_is_an_anomaly(lead):
    """D3-8: last month 10 sheets' worth of waybills, this month more than double."""
    from gendan.logistics.models import DailySnapshot

    last_month = DAY.replace(day=1) - datetime.timedelta(days=3)
    DailySnapshot.objects.create(day=last_month, figures={"received": 10, "signed": 5})
    DailySnapshot.objects.create(day=DAY, figures={"received": 30, "signed": 5})
    rows = {row.key: row for row in reports.compare_months(DAY)}
    assert (rows["received"].this_month, rows["received"].last_month) == (30, 10)
    assert rows["received"].is_anomaly and not rows["signed"].is_anomaly


def test_the_days_figures_are_stored_and_taking_them_again_replaces_the_day(lead):
    """D3-7: the nightly snapshot stores the day's figures once per day."""
    from django.utils import timezone

    _import(lead, day_rows())
    today = timezone.localdate()
    snapshot = services.take_snapshot(day=today)
    assert snapshot.figures["followed"] == 0
    again = services.take_snapshot(day=today)
    assert again.pk == snapshot.pk
