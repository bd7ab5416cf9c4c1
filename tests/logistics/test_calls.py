"""The call log (D3-1: "a call log") and the day handed to the auditor (D3-5: "hand the
auditor the raw sheet and the followed-up data daily")."""

import io

import time_machine
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gendan.core.models import NotificationMessage, Policy
from gendan.logistics import services, tasks
from gendan.logistics.models import DeskDispatch, TrackingImport, Waybill
from tests.logistics.conftest import DAY
from tests.logistics.more import at, channel, imported_and_handed_out

MORNING = "2026-03-10 10:00 +0800"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _calls_of_the_day(lead, zhang, liu, order_of_zhang):
    """张伟 finds his customer's parcel refused; 唐伟 finds 李四's in transit."""
    with time_machine.travel(MORNING, tick=False):
        mine = imported_and_handed_out(lead, order_of_zhang.number)
        services.record_followup(actor=zhang, waybill=mine, status="refused", note="客户说买重了")
        other = Waybill.objects.get(tracking_number="YT1234567890124")
        services.record_followup(actor=lead, waybill=other, status="in_transit", note="已催")
    return mine, other


def test_d3_1_the_lead_reads_the_days_calls_filters_them_and_exports_them(
    lead, zhang, liu, order_of_zhang
):
    mine, other = _calls_of_the_day(lead, zhang, liu, order_of_zhang)
    client = _client(lead)
    day = f"?date_from={DAY}&date_to={DAY}"
    page = client.get(reverse("logistics:calls") + day)
    assert page.status_code == 200
    assert [call.waybill for call in page.context["calls"]] == [other, mine]
    assert "客户说买重了" in page.content.decode()
    refused = client.get(reverse("logistics:calls") + day + "&status=refused")
    assert [call.waybill for call in refused.context["calls"]] == [mine]
    by_zhang = client.get(reverse("logistics:calls") + day + f"&person={zhang.pk}")
    assert [call.actor for call in by_zhang.context["calls"]] == [zhang]
    export = client.get(reverse("logistics:call-export") + day + "&status=refused")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0)
    body = rows.to_python()[1:]
    assert [(row[2], row[7]) for row in body] == [("SF1234567890123", "客户说买重了")]


def test_d3_1_without_a_day_the_log_is_todays(lead, zhang, liu, order_of_zhang):
    _calls_of_the_day(lead, zhang, liu, order_of_zhang)
    with time_machine.travel("2026-03-11 09:00 +0800", tick=False):
        page = _client(lead).get(reverse("logistics:calls"))
    assert page.context["chosen"]["date_from"] == "2026-03-11"
    assert list(page.context["calls"]) == []


def test_d3_1_a_follow_up_person_sees_only_his_own_calls(lead, zhang, liu, order_of_zhang):
    _calls_of_the_day(lead, zhang, liu, order_of_zhang)
    day = f"?date_from={DAY}&date_to={DAY}&person={lead.pk}"
    page = _client(zhang).get(reverse("logistics:calls") + day)
    assert {call.actor for call in page.context["calls"]} <= {zhang}
    assert page.context["people"] == []
    export = _client(zhang).get(reverse("logistics:call-export") + day)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0)
    assert {row[1] for row in rows.to_python()[1:]} <= {zhang.get_full_name()}


def test_d3_5_the_auditor_gets_the_days_sheet_and_calls_once_from_the_policys_hour(
    lead, zhang, liu, order_of_zhang
):
    """At 17:50 nothing; at 18:00 one message on the auditor's channel naming the raw
    sheet's address, the two calls (one found a problem) and the call log of the day;
    a retried task and the rest of the evening send nothing more."""
    channel("稽核群", "logistics.auditor_channel")
    _calls_of_the_day(lead, zhang, liu, order_of_zhang)
    assert tasks.send_due_messages(at(DAY, 17, 50))["auditor"] is None
    sent = tasks.send_due_messages(at(DAY, 18))["auditor"]
    assert (sent.kind, sent.period, sent.channels) == ("auditor_day", "2026-03-10", "稽核群")
    body = NotificationMessage.objects.get(channel__name="稽核群").body
    sheet = TrackingImport.objects.get()
    assert reverse("logistics:sheet-raw", args=[sheet.pk]) in body
    assert f"{reverse('logistics:call-export')}?date_from=2026-03-10&date_to=2026-03-10" in body
    assert sheet.file_name in body
    assert "2" in body.splitlines()[-2] and "1" in body.splitlines()[-2]
    assert tasks.send_due_messages(at(DAY, 21))["auditor"] is None
    assert NotificationMessage.objects.filter(channel__name="稽核群").count() == 1
    assert DeskDispatch.objects.filter(kind="auditor_day").count() == 1


def test_d3_5_the_hour_is_the_companys_and_a_quiet_day_sends_nothing(lead):
    channel("稽核群", "logistics.auditor_channel")
    Policy.objects.create(key="logistics.auditor_send_hour", value="9")
    assert tasks.send_due_messages(at(DAY, 9))["auditor"] is None  # no sheet, no call
    assert not NotificationMessage.objects.exists()
