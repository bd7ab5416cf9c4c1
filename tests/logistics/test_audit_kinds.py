"""The day's audit (D3-1: "check for missed follow-ups, unfilled sheets and non-standard
status entries"): each kind becomes a 差错考核 record for the holder, once."""

from gendan.logistics import distribution, importing, services
from gendan.logistics.models import AuditError, Waybill
from tests.logistics.conftest import DAY
from tests.logistics.desk import day_rows, sheet


def _handed_out(lead, order_number, status="运输中"):
    importing.import_sheet(actor=lead, file_bytes=sheet(day_rows(order_number, status=status)),
                           file_name="day.csv", sheet_date=DAY)  # fmt: skip
    distribution.distribute(actor=lead, day=DAY)
    return Waybill.objects.get(tracking_number="SF1234567890123")


def _carrier_says(lead, order_number, status):
    """A later sheet of the day moves the carrier's status on."""
    importing.import_sheet(actor=lead, file_bytes=sheet(day_rows(order_number, status=status)),
                           file_name="later.csv", sheet_date=DAY)  # fmt: skip


def _errors(waybill):
    return sorted(AuditError.objects.filter(waybill=waybill).values_list("kind", flat=True))


def _day_of(waybill):
    waybill.refresh_from_db()
    return waybill.followed_at.astimezone().date()


def test_d3_1_a_refusal_recorded_without_a_note_is_an_unfilled_entry(
    lead, zhang, auditor, order_of_zhang
):
    """张伟 records 拒收 and writes nothing about why: the audit records it as unfilled
    against him; a note would have been enough, and a second run adds nothing."""
    mine = _handed_out(lead, order_of_zhang.number)
    assert mine.assignee == zhang
    services.record_followup(actor=zhang, waybill=mine, status="refused", note="")
    day = _day_of(mine)
    services.run_audit(actor=auditor, day=day)
    assert _errors(mine) == ["unfilled"]
    error = AuditError.objects.get(waybill=mine)
    assert (error.person, error.get_kind_display()) == (
        zhang, "followed up without the note its status needs")  # fmt: skip
    assert services.run_audit(actor=auditor, day=day) == 0
    assert _errors(mine) == ["unfilled"]


def test_d3_1_a_refusal_with_its_reason_is_no_error(lead, zhang, auditor, order_of_zhang):
    mine = _handed_out(lead, order_of_zhang.number)
    services.record_followup(actor=zhang, waybill=mine, status="refused", note="客户说买重了")
    services.run_audit(actor=auditor, day=_day_of(mine))
    assert _errors(mine) == []


def test_d3_1_a_status_against_the_carriers_final_one_is_a_non_standard_entry(
    lead, zhang, auditor, order_of_zhang
):
    """The carrier's later sheet says 已签收; 张伟 enters 运输中: non-standard, against him."""
    mine = _handed_out(lead, order_of_zhang.number)
    _carrier_says(lead, order_of_zhang.number, "已签收，签收人：本人")
    mine.refresh_from_db()
    assert mine.status == "signed"
    services.record_followup(actor=zhang, waybill=mine, status="in_transit", note="客户未接")
    services.run_audit(actor=auditor, day=_day_of(mine))
    assert _errors(mine) == ["stale"]
    assert AuditError.objects.get(waybill=mine).person == zhang


def test_d3_1_the_same_status_as_the_carrier_is_no_error(lead, zhang, auditor, order_of_zhang):
    mine = _handed_out(lead, order_of_zhang.number)
    _carrier_says(lead, order_of_zhang.number, "已签收，签收人：本人")
    services.record_followup(actor=zhang, waybill=mine, status="signed", note="客户确认收到")
    services.run_audit(actor=auditor, day=_day_of(mine))
    assert _errors(mine) == []
