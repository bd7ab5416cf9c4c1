"""/api/v1/logistics, the desk's later operations (issue 13's rest): the week's meeting
notes (D3-10), ruling on sheet disagreements and merging two stored waybills (D3-1,
D3-2), an order taken from a call at the regular customer's price (D3-9, D3-11). The
same services as the pages; a refused call answers 4xx naming the field and changes
nothing."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.test import Client

from gendan.core.models import AuditEvent, Policy
from gendan.logistics import distribution, importing, services
from gendan.logistics.models import FollowUpCall, SheetDisagreement, TeamMeeting, Waybill
from gendan.sales.models import Order
from tests.logistics.conftest import DAY
from tests.logistics.desk import day_rows, sheet
from tests.logistics.more import at, imported_and_handed_out
from tests.sales.factories import CustomerFactory, item, make_order

API = "/api/v1/logistics"
ADDRESS = "浙江省杭州市西湖区文三路 1 号"


def _client(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def _post(user, path, payload=None):
    return _client(user).post(f"{API}{path}", payload or {}, content_type="application/json")


def _audit_count():
    return AuditEvent.objects.count()


# ------------------------------------------------------------------ meetings (D3-10)
@time_machine.travel(at(DAY, 10), tick=False)
def test_d3_10_the_lead_writes_the_weeks_meeting_and_reads_it_back(lead, zhang, liu, auditor):
    """D3-10: 唐伟 writes Tuesday's meeting (张伟 and 刘敏 came); the week 2026-W11 shows
    it, the week before has none; 宋雨 the auditor reads it too; written again, the same
    record changes."""
    payload = {"held_on": "2026-03-10", "attendees": [zhang.pk, liu.pk], "notes": "问题件 2 单",
               "decisions": "自提件每天提醒"}  # fmt: skip
    response = _post(lead, "/meetings", payload)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["week"], body["attendees"], body["written_by"]) == (
        "2026-W11",
        ["liumin", "zhangwei"],
        "tangwei",
    )
    shown = _client(auditor).get(f"{API}/meetings/week", {"week": "2026-W11"}).json()
    assert shown["meeting"]["notes"] == "问题件 2 单"
    before = _client(lead).get(f"{API}/meetings/week", {"day": "2026-03-03"}).json()
    assert (before["week"], before["meeting"]) == ("2026-W10", None)
    _post(lead, "/meetings", {**payload, "attendees": [zhang.pk], "held_on": "2026-03-12"})
    meeting = TeamMeeting.objects.get()
    assert (meeting.held_on, list(meeting.attendees.all())) == (datetime.date(2026, 3, 12), [zhang])


@time_machine.travel(at(DAY, 10), tick=False)
def test_d3_10_a_follow_up_person_may_not_write_or_read_the_meeting_and_nothing_is_written(
    lead, zhang
):
    audits = _audit_count()
    response = _post(zhang, "/meetings", {"held_on": "2026-03-10", "attendees": [zhang.pk],
                                          "notes": "我来写"})  # fmt: skip
    assert response.status_code == 403
    assert _client(zhang).get(f"{API}/meetings/week").status_code == 403
    assert not TeamMeeting.objects.exists() and _audit_count() == audits


def test_d3_10_a_meeting_without_attendees_or_with_an_unknown_person_is_refused_by_field(lead):
    """The refusal is in Chinese and names the field; nothing is written."""
    response = _post(lead, "/meetings", {"held_on": "2026-03-10", "attendees": [], "notes": "x"})
    assert response.status_code == 400
    assert response.json() == {"detail": "请勾选参会人员。", "field": "attendees"}
    unknown = _post(lead, "/meetings", {"held_on": "2026-03-10", "attendees": [lead.pk, 999999],
                                        "notes": "x"})  # fmt: skip
    assert (unknown.status_code, unknown.json()["field"]) == (400, "attendees")
    assert "999999" in unknown.json()["detail"]
    bad_week = _client(lead).get(f"{API}/meetings/week", {"week": "W11"})
    assert (bad_week.status_code, bad_week.json()["field"]) == (400, "week")
    assert not TeamMeeting.objects.exists()


# ------------------------------------------------------------------ sheet disagreements
@pytest.fixture
def disputed(lead, zhang, order_of_zhang):
    """The carrier's sheet names order B and 中通 for 陈小红's SF parcel (张伟 holds it)."""
    importing.import_sheet(actor=lead, file_bytes=sheet(day_rows(order_of_zhang.number)),
                           file_name="tb.csv", sheet_date=DAY)  # fmt: skip
    distribution.distribute(actor=lead, day=DAY)
    other = make_order(zhang, customer=CustomerFactory(name="赵六", merchandiser=zhang))
    rows = [(other.number, "陈小红", "13912345678", ADDRESS, "SF1234567890123", "中通快递",
             "派送中")]  # fmt: skip
    importing.import_sheet(actor=lead, file_bytes=sheet(rows), file_name="zt.csv", sheet_date=DAY)
    return other


def test_the_lead_lists_open_disagreements_with_waybill_field_kept_and_sheet_values(
    lead, logistics_clerk, order_of_zhang, disputed
):
    """D3-1: the open disagreements, newest first: the waybill's number, the column's
    label, the stored value and the sheet's (carriers by name); 梁晨 of logistics sees
    them too."""
    rows = _client(lead).get(f"{API}/disagreements").json()
    by_field = {row["field"]: row for row in rows}
    assert set(by_field) == {"order_number", "carrier"}
    carrier = by_field["carrier"]
    assert (carrier["waybill"], carrier["kept"], carrier["sheet_value"], carrier["sheet"]) == (
        "SF1234567890123",
        "顺丰速运",
        "中通快递",
        "zt.csv",
    )
    assert carrier["field_label"] == "快递公司" and carrier["state"] == "open"
    assert by_field["order_number"]["kept"] == order_of_zhang.number
    assert len(_client(logistics_clerk).get(f"{API}/disagreements").json()) == 2


def test_the_lead_takes_the_sheets_order_number_over_the_api_and_it_rematches(lead, disputed):
    found = SheetDisagreement.objects.get(field="order_number")
    response = _post(lead, f"/disagreements/{found.pk}/take")
    assert response.status_code == 200, response.content
    assert (response.json()["state"], response.json()["decided_by"]) == ("taken", "tangwei")
    waybill = Waybill.objects.get(tracking_number="SF1234567890123")
    assert (waybill.order, waybill.customer) == (disputed, disputed.customer)
    assert _client(lead).get(f"{API}/disagreements").json()[0]["field"] == "carrier"
    taken = _client(lead).get(f"{API}/disagreements", {"state": "taken"}).json()
    assert [row["id"] for row in taken] == [found.pk]


def test_the_lead_dismisses_over_the_api_and_a_second_ruling_is_refused(lead, disputed):
    found = SheetDisagreement.objects.get(field="carrier")
    assert _post(lead, f"/disagreements/{found.pk}/dismiss").json()["state"] == "dismissed"
    assert Waybill.objects.get(tracking_number="SF1234567890123").carrier == "shunfeng"
    audits = _audit_count()
    again = _post(lead, f"/disagreements/{found.pk}/take")
    assert again.status_code == 400 and again.json()["detail"] == "这条不一致已处理过。"
    assert Waybill.objects.get(tracking_number="SF1234567890123").carrier == "shunfeng"
    assert _audit_count() == audits


def test_a_follow_up_person_may_not_list_or_rule_disagreements_and_nothing_changes(
    zhang, liu, disputed
):
    """张伟 holds the waybill but is not the lead: 403; 刘敏 does not see it: 404."""
    found = SheetDisagreement.objects.get(field="carrier")
    audits = _audit_count()
    assert _client(zhang).get(f"{API}/disagreements").status_code == 403
    assert _post(zhang, f"/disagreements/{found.pk}/take").status_code == 403
    assert _post(zhang, f"/disagreements/{found.pk}/dismiss").status_code == 403
    assert _post(liu, f"/disagreements/{found.pk}/dismiss").status_code == 404
    found.refresh_from_db()
    assert (found.state, found.decided_by) == ("open", None)
    assert Waybill.objects.get(tracking_number="SF1234567890123").carrier == "shunfeng"
    assert _audit_count() == audits


# ------------------------------------------------------------------ merging (D3-1, D3-2)
@pytest.fixture
def tied(lead, zhang, order_of_zhang):
    """陈小红's order without a tracking number (张伟 holds and follows it), the carrier's
    SF parcel without the order number, then a sheet naming both."""
    number = order_of_zhang.number
    rows = [(number, "陈小红", "13912345678", ADDRESS, "", "顺丰速运", "已揽收")]
    importing.import_sheet(actor=lead, file_bytes=sheet(rows), file_name="1.csv", sheet_date=DAY)
    distribution.distribute(actor=lead, day=DAY)
    waiting = Waybill.objects.get(key=f"O:{number}")
    services.record_followup(actor=zhang, waybill=waiting, status="in_transit", note="已联系")
    rows = [("", "陈小红", "", ADDRESS, "SF1234567890123", "顺丰速运", "运输中")]
    importing.import_sheet(actor=lead, file_bytes=sheet(rows), file_name="2.csv", sheet_date=DAY)
    rows = [(number, "陈小红", "", ADDRESS, "SF1234567890123", "顺丰速运", "派送中")]
    importing.import_sheet(actor=lead, file_bytes=sheet(rows), file_name="3.csv", sheet_date=DAY)
    return waiting, Waybill.objects.get(key="T:SF1234567890123")


def test_the_lead_lists_the_pairs_and_merges_one_over_the_api(lead, zhang, tied):
    """D3-1, D3-2: 唐伟 sees the pair and merges the order-number waybill into the
    tracking-number one: it takes 张伟 as holder and the call; the first is deleted."""
    waiting, numbered = tied
    pairs = _client(lead).get(f"{API}/merge-pairs").json()
    assert [(p["waybill_id"], p["into"]) for p in pairs] == [(waiting.pk, numbered.pk)]
    response = _post(lead, f"/waybills/{waiting.pk}/merge", {"into": numbered.pk})
    assert response.status_code == 200, response.content
    assert (response.json()["key"], response.json()["merged"], response.json()["assignee"]) == (
        "T:SF1234567890123",
        waiting.key,
        "zhangwei",
    )
    assert not Waybill.objects.filter(pk=waiting.pk).exists()
    assert FollowUpCall.objects.get().waybill_id == numbered.pk
    assert _client(lead).get(f"{API}/merge-pairs").json() == []


def test_a_follow_up_person_may_not_merge_and_nothing_moves(zhang, tied):
    waiting, numbered = tied
    audits = _audit_count()
    assert _client(zhang).get(f"{API}/merge-pairs").status_code == 403
    response = _post(zhang, f"/waybills/{waiting.pk}/merge", {"into": numbered.pk})
    assert response.status_code in (403, 404)
    assert Waybill.objects.filter(pk=waiting.pk).exists()
    assert FollowUpCall.objects.get().waybill_id == waiting.pk and _audit_count() == audits


def test_merging_the_wrong_way_round_or_into_nothing_is_refused_and_changes_nothing(lead, tied):
    waiting, numbered = tied
    audits = _audit_count()
    wrong = _post(lead, f"/waybills/{numbered.pk}/merge", {"into": waiting.pk})
    assert wrong.status_code == 400
    missing = _post(lead, f"/waybills/{waiting.pk}/merge", {"into": 999999})
    assert (missing.status_code, missing.json()["field"]) == (400, "into")
    assert _post(lead, f"/waybills/{waiting.pk}/merge", {}).status_code == 400
    assert Waybill.objects.count() == 2 and _audit_count() == audits


# ------------------------------------------------------------------ order from a call (D3-11)
def _order_payload(**overrides):
    return {"item": item().pk, "quantity": "2", "unit_price": "99", "delivery_date": "2026-03-20",
            "note": "回访下单", **overrides}  # fmt: skip


@time_machine.travel(at(DAY, 10), tick=False)
def test_d3_11_a_follow_up_person_takes_an_order_over_the_api_and_gets_its_number(
    lead, zhang, order_of_zhang
):
    """D3-11: 张伟 holds 陈小红's waybill: the answer is 201 with the order number; a
    confirmed phone order for her, her merchandiser in charge, at the typed price."""
    waybill = imported_and_handed_out(lead, order_of_zhang.number)
    response = _post(zhang, f"/waybills/{waybill.pk}/order", _order_payload())
    assert response.status_code == 201, response.content
    body = response.json()
    order = Order.objects.get(number=body["number"])
    assert (order.customer, order.channel, order.merchandiser, order.status) == (
        order_of_zhang.customer,
        "phone",
        zhang,
        "confirmed",
    )
    assert (body["discount_percent"], Decimal(body["unit_price"])) == (None, Decimal("99"))
    assert FollowUpCall.objects.get(taken_order=order).actor == zhang


@time_machine.travel(at(DAY, 10), tick=False)
def test_d3_9_an_order_over_the_api_charges_a_regular_customer_her_discount(
    lead, zhang, order_of_zhang
):
    """D3-9: policy 10 %, 陈小红 signed, so she is a regular customer: 99 typed is charged
    89.10; the answer names the list price, the discount and the price."""
    Policy.objects.create(key="logistics.retention_discount_percent", value="10")
    waybill = imported_and_handed_out(lead, order_of_zhang.number)
    services.record_followup(actor=zhang, waybill=waybill, status="signed")
    body = _post(zhang, f"/waybills/{waybill.pk}/order", _order_payload()).json()
    assert (Decimal(body["list_price"]), body["discount_percent"], Decimal(body["unit_price"]),
            Decimal(body["total_amount"])) == (Decimal("99"), 10, Decimal("89.10"),
                                               Decimal("178.20"))  # fmt: skip
    assert Order.objects.get(number=body["number"]).lines.get().unit_price == Decimal("89.10")


@time_machine.travel(at(DAY, 10), tick=False)
def test_d3_11_refused_orders_over_the_api_write_nothing(lead, zhang, liu, logistics_clerk,
                                                         order_of_zhang):  # fmt: skip
    """刘敏 does not see 张伟's waybill (404); 梁晨 of logistics sees it but takes no
    orders (403); a bad quantity or price is refused naming the field (400)."""
    waybill = imported_and_handed_out(lead, order_of_zhang.number)
    orders, audits = Order.objects.count(), _audit_count()
    path = f"/waybills/{waybill.pk}/order"
    assert _post(liu, path, _order_payload()).status_code == 404
    assert _post(logistics_clerk, path, _order_payload()).status_code == 403
    bad_quantity = _post(zhang, path, _order_payload(quantity="0"))
    assert bad_quantity.status_code == 400 and "quantity" in bad_quantity.json()["field"]
    bad_price = _post(zhang, path, _order_payload(unit_price="九十九"))
    assert (bad_price.status_code, bad_price.json()["field"]) == (400, "unit_price")
    assert Order.objects.count() == orders and not FollowUpCall.objects.exists()
    assert _audit_count() == audits
