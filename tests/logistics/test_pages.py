"""The desk's pages and API: upload → inspection → import, queue, team, errors,
urging, report (D3-1 … D3-8), and who may see what."""

import datetime
import io
from urllib.parse import unquote

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from gendan.logistics import services
from gendan.logistics.models import TrackingImport, Waybill
from tests.factories import UserFactory
from tests.logistics.desk import day_rows, sheet
from tests.logistics.more import imported_and_handed_out


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _upload(client, data, name="淘宝.csv"):
    return client.post(reverse("logistics:sheet-inspect"),
                       {"file": SimpleUploadedFile(name, data)})  # fmt: skip


def test_the_lead_inspects_then_imports_and_nothing_is_stored_before(lead, order_of_zhang):
    """D3-1: the inspection shows the header row and rows read; only the import stores."""
    client = _client(lead)
    response = _upload(client, sheet(day_rows(order_of_zhang.number)))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="rows-read">3<' in body
    assert not Waybill.objects.exists()
    token = response.context["upload"].token
    response = client.post(reverse("logistics:sheet-import"), {"token": token, "name": "淘宝.csv"})
    assert response.status_code == 302
    assert Waybill.objects.count() == 3


def test_a_bad_sheet_shows_the_row_in_the_inspection_and_the_import_stores_nothing(lead):
    rows = day_rows()
    rows[1] = ("", "李四", "13700000002", "南京", "6.91793E+18", "圆通速递", "已揽收")
    client = _client(lead)
    response = _upload(client, sheet(rows))
    assert "6.91793E+18" in response.content.decode()
    token = response.context["upload"].token
    response = client.post(reverse("logistics:sheet-import"), {"token": token, "name": "x.csv"},
                           follow=True)  # fmt: skip
    assert "3" in response.content.decode()
    assert not Waybill.objects.exists() and not TrackingImport.objects.exists()


def test_a_follow_up_person_sees_only_the_queue_and_records_a_status(lead, zhang, liu,
                                                                     order_of_zhang):  # fmt: skip
    client = _client(lead)
    token = _upload(client, sheet(day_rows(order_of_zhang.number))).context["upload"].token
    client.post(reverse("logistics:sheet-import"), {"token": token, "name": "a.csv"})
    client.post(reverse("logistics:team-distribute"))
    mine = Waybill.objects.get(tracking_number="SF1234567890123")
    staff = _client(zhang)
    page = staff.get(reverse("logistics:queue"))
    assert page.status_code == 200 and "SF1234567890123" in page.content.decode()
    assert "13912345678" in page.content.decode()  # 跟单员 may see customers' phones
    assert staff.get(reverse("logistics:team")).status_code == 403
    staff.post(reverse("logistics:waybill-follow-up", args=[mine.pk]),
               {"status": "in_transit", "note": "已通知"})  # fmt: skip
    mine.refresh_from_db()
    assert mine.followup_status == "in_transit"
    other = Waybill.objects.exclude(assignee=zhang).first()
    response = staff.post(reverse("logistics:waybill-follow-up", args=[other.pk]),
                          {"status": "signed"})  # fmt: skip
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["queue", "sheets", "team", "errors", "urging", "report"])
def test_every_page_opens_for_the_lead_and_not_for_an_outsider(lead, name):
    assert _client(lead).get(reverse(f"logistics:{name}")).status_code == 200
    outsider = UserFactory(username="lu", first_name="路人")
    assert _client(outsider).get(reverse(f"logistics:{name}")).status_code == 403


def test_the_report_exports_to_excel(lead):
    response = _client(lead).get(reverse("logistics:report-export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_api_imports_and_lists_waybills(lead):
    client = _client(lead)
    upload = SimpleUploadedFile("a.csv", sheet(day_rows()))
    response = client.post("/api/v1/logistics/sheets", {"file": upload})
    assert response.status_code == 201 and response.json()["created"] == 3
    listed = client.get("/api/v1/logistics/waybills?unmatched=true").json()
    assert len(listed) == 3
    assert (
        client.post(
            "/api/v1/logistics/assignment/distribute", {}, content_type="application/json"
        ).status_code
        == 400
    )  # nobody follows up


def test_a_phone_is_masked_for_whoever_may_not_see_customers_contacts(db):
    """D2-6: without the right to customers' contacts only 139****5678 is shown."""
    from gendan.logistics.access import shown_phone

    assert shown_phone(UserFactory(username="lu2"), "13912345678") == "139****5678"


# ------------------------------------------------------------------ the month chooser (D3-7, D3-8)
@pytest.fixture
def three_months(db):
    """Snapshots: January 2026 received 5, February 6, March (to the 9th) 20."""
    from gendan.logistics.models import DailySnapshot

    for day, received in (("2026-01-15", 5), ("2026-02-20", 6), ("2026-03-09", 20)):
        DailySnapshot.objects.create(day=datetime.date.fromisoformat(day),
                                     figures={"received": received})  # fmt: skip


def _received(response):
    row = next(row for row in response.context["rows"] if row.key == "received")
    return row.this_month, row.last_month


@time_machine.travel("2026-03-10 10:00 +0800", tick=False)
def test_d3_8_the_lead_chooses_a_month_and_its_page_and_exports_follow(lead, three_months):
    """唐伟 picks February 2026: the page compares February (6) with January (5), links
    the xlsx and the PDF of February, and steps to January and March."""
    client = _client(lead)
    response = client.get(reverse("logistics:report") + "?month=2026-02")
    assert _received(response) == (6, 5)
    body = response.content.decode()
    assert 'data-testid="report-month">2026-02<' in body
    assert 'type="month" name="month" value="2026-02"' in body
    assert f"{reverse('logistics:report-export')}?month=2026-02" in body
    assert f"{reverse('logistics:report-pdf')}?month=2026-02" in body
    assert 'href="?month=2026-01" data-testid="previous-month"' in body
    assert 'href="?month=2026-03" data-testid="next-month"' in body
    export = client.get(reverse("logistics:report-export") + "?month=2026-02")
    assert "2026-02" in unquote(export["Content-Disposition"])
    table = CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0)
    assert [6, 5] in [[int(value) for value in row[1:3]] for row in table.to_python()[1:]]


@time_machine.travel("2026-03-10 10:00 +0800", tick=False)
def test_d3_8_without_a_month_the_page_is_this_months(lead, three_months):
    response = _client(lead).get(reverse("logistics:report"))
    assert _received(response) == (20, 6)
    assert 'href="?month=2026-02" data-testid="previous-month"' in response.content.decode()


@pytest.mark.parametrize("bad", ["2026-13", "March", "2026-02-01", "1999-12", "<b>"])
@time_machine.travel("2026-03-10 10:00 +0800", tick=False)
def test_d3_8_a_bad_month_falls_back_to_this_month_and_says_so(lead, three_months, bad):
    response = _client(lead).get(reverse("logistics:report"), {"month": bad})
    assert response.status_code == 200 and _received(response) == (20, 6)
    shown = [str(message) for message in response.context["messages"]]
    assert shown == [_("The month was ignored: write it like 2026-10.")]
    export = _client(lead).get(reverse("logistics:report-export"), {"month": bad})
    assert "2026-03" in unquote(export["Content-Disposition"])


def test_d3_8_the_demos_last_two_months_show_figures(db):
    """The demo keeps three months of snapshots: last month and the one before both
    have figures, each compared with a month that has figures too."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from gendan import demo

    demo.load()
    lead = get_user_model().objects.get(username="tangwei")
    first = timezone.localdate().replace(day=1)
    last_month = first - datetime.timedelta(days=1)
    before = last_month.replace(day=1) - datetime.timedelta(days=1)
    client = _client(lead)
    for month in (last_month, before):
        response = client.get(reverse("logistics:report"), {"month": f"{month:%Y-%m}"})
        this, previous = _received(response)
        assert this > 0 and previous > 0, month


@time_machine.travel("2026-03-10 10:00 +0800", tick=False)
def test_d3_9_a_months_report_lists_the_leads_of_that_month_only(lead, zhang, order_of_zhang,
                                                                 three_months):  # fmt: skip
    """唐伟's call of 10 March finds 张伟's customer wanting more: March's report lists the
    lead, February's does not."""
    waybill = imported_and_handed_out(lead, order_of_zhang.number)
    services.record_followup(actor=lead, waybill=waybill, status="signed", note="想再订两台",
                             is_interested=True)  # fmt: skip
    client = _client(lead)
    assert "想再订两台" in client.get(reverse("logistics:report")).content.decode()
    february = client.get(reverse("logistics:report") + "?month=2026-02").content.decode()
    assert "想再订两台" not in february
