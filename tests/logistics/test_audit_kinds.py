"""The day's audit (D3-1: "check for missed follow-ups, unfilled sheets and non-standard
status entries"): each kind becomes a 差错考核 record for the holder, once."""

import io

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook

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
    assert AuditError.objects.get(waybill=mine).person == zhang
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


# ------------------------------------------------------------------ the errors page
def _page(user, query=""):
    client = Client()
    client.force_login(user)
    return client.get(reverse("logistics:errors") + query)


def test_d3_1_the_lead_filters_errors_by_kind_and_person_and_exports_them(
    lead, zhang, liu, auditor, order_of_zhang
):
    """唐伟 audits the day: 张伟's refusal without a note is unfilled, the others missed.
    He filters to unfilled, then to 刘敏; the xlsx holds the rows the filters show."""
    mine = _handed_out(lead, order_of_zhang.number)
    services.record_followup(actor=zhang, waybill=mine, status="refused", note="")
    services.run_audit(actor=auditor, day=_day_of(mine))
    unfilled = _page(lead, "?kind=unfilled")
    assert [error.waybill for error in unfilled.context["errors"]] == [mine]
    assert unfilled.context["total"] == 1
    everyone = _page(lead)
    kinds = dict(everyone.context["counts"])
    assert sum(kinds.values()) == AuditError.objects.count() == everyone.context["total"]
    assert {person.pk for person in everyone.context["people"]} == set(
        AuditError.objects.values_list("person", flat=True))  # fmt: skip
    liu_only = _page(lead, f"?person={liu.pk}")
    assert liu_only.context["errors"] and {e.person for e in liu_only.context["errors"]} == {liu}
    assert f'<option value="{liu.pk}" selected>' in liu_only.content.decode()
    client = Client()
    client.force_login(lead)
    export = client.get(reverse("logistics:error-export") + "?kind=unfilled")
    table = CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0)
    rows = table.to_python()[1:]
    assert [row[2] for row in rows] == ["SF1234567890123"]


def test_d3_1_a_follow_up_person_sees_and_exports_only_his_own_errors(
    lead, zhang, liu, auditor, order_of_zhang
):
    mine = _handed_out(lead, order_of_zhang.number)
    services.record_followup(actor=zhang, waybill=mine, status="refused", note="")
    services.run_audit(actor=auditor, day=_day_of(mine))
    page = _page(zhang, f"?person={liu.pk}")
    assert {error.person for error in page.context["errors"]} <= {zhang}
    assert page.context["people"] == []
    client = Client()
    client.force_login(zhang)
    export = client.get(reverse("logistics:error-export"))
    table = CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0)
    names = {row[1] for row in table.to_python()[1:]}
    assert names <= {zhang.get_full_name() or zhang.username}


def test_a_bad_filter_is_named_as_a_person_calls_it_not_by_its_code(lead):
    """?date_from=2026-13-45: the message names 「从」/From, never `date_from`."""
    response = _page(lead, "?date_from=2026-13-45&kind=nonsense")
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert len(shown) == 2
    assert not any("date_from" in text or "kind" in text for text in shown)
