"""D3-9: "register the interested ones and forward them to the order taker". A call
marked 「想再订」 opens a retention lead for the customer's merchandiser (the order taker;
the team lead when there is none), who is told once through the order takers' channel,
sees the lead on 「复购意向客户」 and closes it with an outcome; an order taken in a call
closes the customer's open lead. Personas: 唐伟 the team lead, 张伟 the merchandiser of
陈小红 (her order taker), 刘敏 who follows up other parcels."""

import datetime
import io

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from python_calamine import CalamineWorkbook

from gendan.core.errors import DomainError, PermissionDenied
from gendan.core.models import AuditEvent, NotificationMessage
from gendan.logistics import leads, retention, services
from gendan.logistics.models import DeskDispatch, RetentionLead, Waybill
from gendan.org.models import Role
from tests.logistics.conftest import DAY
from tests.logistics.more import at, channel, imported_and_handed_out
from tests.sales.factories import CustomerFactory, item, make_order

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def chen_wants_more(lead, zhang, order_of_zhang):
    """唐伟 calls 陈小红 (张伟's customer): signed, and she wants to order again."""
    waybill = imported_and_handed_out(lead, order_of_zhang.number)
    services.record_followup(actor=lead, waybill=waybill, status="signed",
                             note="想再订两台", is_interested=True)  # fmt: skip
    return RetentionLead.objects.get()


def _closed_audits():
    return AuditEvent.objects.filter(action="retention_lead.closed").count()


# ------------------------------------------------------------------ forwarding
def test_d3_9_an_interested_call_forwards_a_lead_to_the_customers_merchandiser(
    chen_wants_more, lead, zhang, order_of_zhang
):
    lead_row = chen_wants_more
    assert (lead_row.customer, lead_row.order_taker, lead_row.state, lead_row.outcome) == (
        order_of_zhang.customer,
        zhang,
        "open",
        "",
    )
    assert (lead_row.call.actor, lead_row.call.note) == (lead, "想再订两台")
    assert AuditEvent.objects.filter(action="retention_lead.forwarded").count() == 1


def test_d3_9_a_call_not_marked_interested_forwards_nothing(lead, zhang, order_of_zhang):
    waybill = imported_and_handed_out(lead, order_of_zhang.number)
    services.record_followup(actor=zhang, waybill=waybill, status="signed", note="已签收")
    assert not RetentionLead.objects.exists()


def test_d3_9_the_order_taker_is_told_once_per_lead(lead, zhang, order_of_zhang):
    """D3-9: the order takers' channel is told of 陈小红's lead, naming 张伟; a second
    interested call while her lead is open opens no lead and sends nothing; telling
    again sends nothing."""
    channel("下单员群", "logistics.order_taker_channel")
    waybill = imported_and_handed_out(lead, order_of_zhang.number)
    services.record_followup(actor=lead, waybill=waybill, status="signed", is_interested=True)
    opened = RetentionLead.objects.get()
    message = NotificationMessage.objects.get()
    assert "陈小红" in message.subject and "张伟" in message.body and "5%" in message.body
    assert "139" not in message.body  # no phone number in a channel message
    dispatch = DeskDispatch.objects.get(kind="lead_forwarded")
    assert (dispatch.period, dispatch.channels) == (str(opened.pk), "下单员群")
    services.record_followup(actor=zhang, waybill=waybill, status="signed", is_interested=True)
    assert leads.tell_order_taker(opened) is None
    assert RetentionLead.objects.count() == 1 and NotificationMessage.objects.count() == 1


def test_d3_9_a_parcel_of_no_known_customer_goes_to_the_team_lead(lead, order_of_zhang):
    """D3-9: 王五's parcel is matched to no customer: the lead is the team lead's, and
    the team lead's channel is told."""
    channel("核单组长", "logistics.lead_channel")
    imported_and_handed_out(lead, order_of_zhang.number)
    waybill = Waybill.objects.get(tracking_number="773012345678")
    services.record_followup(actor=lead, waybill=waybill, status="signed", is_interested=True)
    opened = RetentionLead.objects.get()
    assert (opened.customer, opened.order_taker) == (None, None)
    assert DeskDispatch.objects.get(kind="lead_forwarded").channels == "核单组长"
    assert leads.taker_name(opened) == gettext("the team lead")


# ------------------------------------------------------------------ the page
def _no_whole_phones(role_code="merchandiser"):
    """The administrator takes whole phone numbers (D2-6) from the role."""
    role = Role.objects.get(code=role_code)
    role.permissions.remove(Permission.objects.get(codename="view_customer_contact"))


def test_d3_9_zhang_sees_his_open_lead_on_his_phone_page(chen_wants_more, zhang):
    """D3-9: 张伟 sees 陈小红, her phone masked (跟单员 may not see whole numbers here),
    the call's note, who called, the regular customer's discount, her page and 「下单」:
    sales' order form opened for her, by phone."""
    _no_whole_phones()
    page = _client(zhang).get(reverse("logistics:leads"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "陈小红" in text and "139****5678" in text and "13912345678" not in text
    assert "想再订两台" in text and "唐伟" in text and "9.5" in text
    customer_page = reverse("sales:customer-detail", args=[chen_wants_more.customer_id])
    assert customer_page in text
    assert reverse("logistics:lead-close", args=[chen_wants_more.pk]) in text
    order_form = f"{reverse('sales:order-create')}?customer={chen_wants_more.customer_id}"
    assert f"{order_form}&amp;channel=phone" in text
    form = _client(zhang).get(f"{order_form}&channel=phone").content.decode()
    assert f'<option value="{chen_wants_more.customer_id}" selected>' in form
    assert '<option value="phone" selected>' in form


def test_d3_9_the_team_lead_sees_the_whole_phone_and_every_lead(chen_wants_more, lead, liu):
    text = _client(lead).get(reverse("logistics:leads")).content.decode()
    assert "13912345678" in text and "张伟" in text


def test_d3_9_liu_sees_none_of_zhangs_leads_and_may_not_close_one(chen_wants_more, liu):
    """D3-9: 刘敏 is neither 陈小红's order taker nor the team lead: the page lists
    nothing for her, her POST is a 404, the service refuses; the lead stays open and no
    audit row is written."""
    client = _client(liu)
    text = client.get(reverse("logistics:leads")).content.decode()
    assert "陈小红" not in text
    url = reverse("logistics:lead-close", args=[chen_wants_more.pk])
    assert client.post(url, {"outcome": "unreachable"}).status_code == 404
    with pytest.raises(PermissionDenied):
        leads.close_lead(actor=liu, lead=chen_wants_more, outcome="unreachable")
    chen_wants_more.refresh_from_db()
    assert (chen_wants_more.state, chen_wants_more.outcome, _closed_audits()) == ("open", "", 0)


def test_d3_9_the_menu_shows_leads_to_the_order_taker_and_the_lead_only(chen_wants_more, lead,
                                                                        zhang, liu):  # fmt: skip
    assert leads.has_leads(zhang) and leads.has_leads(lead)
    assert not leads.has_leads(liu)


def test_d3_9_the_list_filters_by_state_and_searches_by_name_and_phone(chen_wants_more, lead,
                                                                       zhang):  # fmt: skip
    client = _client(lead)
    url = reverse("logistics:leads")
    assert "陈小红" in client.get(url, {"state": "open", "q": "小红"}).content.decode()
    assert "陈小红" not in client.get(url, {"state": "closed"}).content.decode()
    assert "陈小红" in client.get(url, {"q": "5678"}).content.decode()
    # 张伟 may not see whole numbers: a phone search does not find by phone for him
    _no_whole_phones()
    assert "陈小红" not in _client(zhang).get(url, {"q": "13912345678"}).content.decode()


def test_d3_9_the_list_export_is_an_xlsx_of_the_leads(chen_wants_more, lead):
    response = _client(lead).get(reverse("logistics:lead-export"), {"state": "open"})
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    header, line = rows.to_python()[:2]
    assert len(header) == 14 and line[0] == "陈小红" and line[1] == "13912345678"
    assert (line[3], line[4], line[6], line[7]) == ("想再订两台", "唐伟", 5, "张伟")
    assert line[8] == gettext("to handle")


def test_d3_9_the_lead_page_asks_the_same_queries_for_one_lead_or_three(chen_wants_more, lead):
    client, url = _client(lead), reverse("logistics:leads")
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for number in ("YT1234567890124", "773012345678"):
        waybill = Waybill.objects.get(tracking_number=number)
        services.record_followup(actor=lead, waybill=waybill, status="signed", is_interested=True)
    with CaptureQueriesContext(connection) as three:
        assert client.get(url).content.decode().count('data-testid="lead"') == 3
    assert len(three) == len(one) <= 16


# ------------------------------------------------------------------ closing
def test_d3_9_zhang_closes_a_lead_as_ordered_with_his_customers_order(chen_wants_more, zhang,
                                                                      order_of_zhang):  # fmt: skip
    """D3-9: 「已处理」 — ordered, order number given: the lead is closed with the order,
    audited with its before and after; it cannot be closed twice."""
    url = reverse("logistics:lead-close", args=[chen_wants_more.pk])
    response = _client(zhang).post(url, {"outcome": "ordered", "note": "电话下单",
                                         "order_number": order_of_zhang.number})  # fmt: skip
    assert response.status_code == 302
    chen_wants_more.refresh_from_db()
    assert (chen_wants_more.state, chen_wants_more.outcome, chen_wants_more.order) == (
        "closed",
        "ordered",
        order_of_zhang,
    )
    assert (chen_wants_more.closed_by, chen_wants_more.closing_note) == (zhang, "电话下单")
    event = AuditEvent.objects.get(action="retention_lead.closed")
    assert (event.before, event.after["outcome"], event.after["order"]) == (
        {"state": "open"},
        "ordered",
        order_of_zhang.number,
    )
    with pytest.raises(DomainError, match=gettext("This lead was already handled.")):
        leads.close_lead(actor=zhang, lead=chen_wants_more, outcome="unreachable")
    assert _closed_audits() == 1


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("", "Write the number of the order taken."),
        ("NO-SUCH-1", "No order numbered %(number)s that you can see."),
        ("other", "Order %(number)s is for another customer."),
    ],  # fmt: skip
)
def test_d3_9_ordered_needs_an_order_of_the_leads_customer(chen_wants_more, zhang, number,
                                                           message):  # fmt: skip
    """D3-9: no number, an unknown one or an order of another customer: refused, the
    lead stays open, nothing is audited."""
    if number == "other":
        number = make_order(zhang, customer=CustomerFactory(merchandiser=zhang)).number
    with pytest.raises(DomainError) as refused:
        leads.close_lead(actor=zhang, lead=chen_wants_more, outcome="ordered", order_number=number)
    assert refused.value.message == gettext(message) % {"number": number}
    chen_wants_more.refresh_from_db()
    assert (chen_wants_more.state, _closed_audits()) == ("open", 0)


def test_d3_9_not_interested_or_not_reached_closes_without_an_order(chen_wants_more, lead):
    """The team lead may close any lead; an outcome off the list is refused."""
    with pytest.raises(DomainError):
        leads.close_lead(actor=lead, lead=chen_wants_more, outcome="open")
    closed = leads.close_lead(actor=lead, lead=chen_wants_more, outcome="not_interested",
                              note="下个月再说")  # fmt: skip
    assert (closed.state, closed.outcome, closed.order) == ("closed", "not_interested", None)
    text = _client(lead).get(reverse("logistics:leads")).content.decode()
    assert gettext("not interested for now") in text and "下个月再说" in text


@time_machine.travel(at(DAY, 10), tick=False)
def test_d3_9_an_order_taken_in_a_call_closes_the_customers_open_lead(chen_wants_more, zhang):
    """D3-9 with D3-11: 张伟 takes 陈小红's order in a call: her open lead is closed as
    ordered with that order."""
    waybill = chen_wants_more.call.waybill
    order = retention.take_order(actor=zhang, waybill=waybill, item=item().pk, quantity="2",
                                 unit_price="100", delivery_date=DAY + datetime.timedelta(days=7))  # fmt: skip
    chen_wants_more.refresh_from_db()
    assert (chen_wants_more.state, chen_wants_more.outcome, chen_wants_more.order) == (
        "closed",
        "ordered",
        order,
    )
    assert chen_wants_more.closed_by == zhang


def test_d3_9_the_monthly_leads_figure_still_counts_interested_calls(chen_wants_more):
    from gendan.logistics import reports

    today = timezone.localdate()
    assert reports.figures(today, today)["leads"] == 1
