"""The desk's pages and API: upload → inspection → import, queue, team, errors,
urging, report (D3-1 … D3-8), and who may see what."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gendan.logistics.models import TrackingImport, Waybill
from tests.factories import UserFactory
from tests.logistics.desk import day_rows, sheet


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
