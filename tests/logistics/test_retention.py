"""D3-9: a follow-up call that finds the parcel signed tags the customer a regular
customer with the policy's reorder discount, and the call records it. D3-11: the
follow-up staff and lead take an order from a call through sales' order service."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gendan.core.errors import DomainError, PermissionDenied
from gendan.core.models import Policy
from gendan.logistics import retention, services
from gendan.logistics.models import FollowUpCall, RegularCustomer, Waybill
from gendan.sales.models import Order
from tests.logistics.conftest import DAY
from tests.logistics.more import at, imported_and_handed_out
from tests.sales.factories import item


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_d3_9_a_signed_customer_is_tagged_regular_with_the_policys_discount(lead, zhang,
                                                                           order_of_zhang):  # fmt: skip
    """D3-9: policy 8 %; 张伟 finds 陈小红's parcel signed: she is a regular customer at
    8 %, the call says 8 % was told; a second signed call keeps the first tag."""
    Policy.objects.create(key="logistics.retention_discount_percent", value="8")
    waybill = imported_and_handed_out(lead, order_of_zhang.number)
    services.record_followup(actor=zhang, waybill=waybill, status="signed", note="已告知老客户优惠")
    tag = RegularCustomer.objects.get()
    call = FollowUpCall.objects.get()
    assert (tag.customer, tag.discount_percent, tag.call) == (order_of_zhang.customer, 8, call)
    assert call.discount_told == 8
    services.record_followup(actor=zhang, waybill=waybill, status="signed")
    assert RegularCustomer.objects.get().call == call


def test_d3_9_an_unsigned_or_unmatched_parcel_tags_nobody(lead, zhang, liu, order_of_zhang):
    waybill = imported_and_handed_out(lead, order_of_zhang.number)
    services.record_followup(actor=zhang, waybill=waybill, status="in_transit")
    unmatched = Waybill.objects.get(tracking_number="773012345678")
    services.record_followup(actor=lead, waybill=unmatched, status="signed")
    assert not RegularCustomer.objects.exists()
    assert set(FollowUpCall.objects.values_list("discount_told", flat=True)) == {None}


@time_machine.travel(at(DAY, 10), tick=False)
def test_d3_11_a_follow_up_person_takes_an_order_from_the_call(lead, zhang, order_of_zhang):
    """D3-11: the form is prefilled with 陈小红; posting it writes a confirmed phone
    order for her through sales, her merchandiser in charge, and logs the call."""
    waybill = imported_and_handed_out(lead, order_of_zhang.number)
    client = _client(zhang)
    url = reverse("logistics:waybill-order", args=[waybill.pk])
    page = client.get(url)
    assert page.status_code == 200 and "陈小红" in page.content.decode()
    response = client.post(url, {"item": item().pk, "quantity": "2", "unit_price": "99",
                                 "delivery_date": "2026-03-20", "note": "回访下单"})  # fmt: skip
    assert response.status_code == 302
    order = Order.objects.exclude(pk=order_of_zhang.pk).get()
    assert (order.customer, order.channel, order.merchandiser, order.status) == (
        order_of_zhang.customer,
        "phone",
        zhang,
        "confirmed",
    )
    assert order.delivery_date == datetime.date(2026, 3, 20)
    call = FollowUpCall.objects.get(taken_order=order)
    assert (call.actor, call.is_interested) == (zhang, True)


@time_machine.travel(at(DAY, 10), tick=False)
def test_d3_11_refused_on_anothers_waybill_and_nothing_is_written(lead, zhang, liu, order_of_zhang):
    """D3-11: 刘敏 does not hold the waybill (张伟 does) and is not the lead: refused, on
    the page too, and nothing is written."""
    waybill = imported_and_handed_out(lead, order_of_zhang.number)
    orders = Order.objects.count()
    spec = {"item": item(), "quantity": "1", "unit_price": "10",
            "delivery_date": datetime.date(2026, 3, 20)}  # fmt: skip
    with pytest.raises(PermissionDenied):
        retention.take_order(actor=liu, waybill=waybill, **spec)
    assert _client(liu).post(reverse("logistics:waybill-order", args=[waybill.pk]),
                             {**spec, "item": spec["item"].pk}).status_code in (403, 404)  # fmt: skip
    assert Order.objects.count() == orders and not FollowUpCall.objects.exists()


@time_machine.travel(at(DAY, 10), tick=False)
def test_d3_11_the_team_lead_takes_an_order_from_a_call_too(lead, zhang, order_of_zhang):
    """D3-11: "the follow-up team lead and staff can take an order from a call" — 唐伟
    the lead takes one on 张伟's waybill (the role carries sales.add_order)."""
    waybill = imported_and_handed_out(lead, order_of_zhang.number)
    order = retention.take_order(actor=lead, waybill=waybill, item=item(), quantity="1",
                                 unit_price="10", delivery_date=datetime.date(2026, 3, 20))  # fmt: skip
    assert order.customer == order_of_zhang.customer
    assert FollowUpCall.objects.get(taken_order=order).actor == lead


@time_machine.travel(at(DAY, 10), tick=False)
def test_d3_11_a_bad_line_writes_no_order_and_no_call(lead, zhang, order_of_zhang):
    waybill = imported_and_handed_out(lead, order_of_zhang.number)
    with pytest.raises(DomainError):
        retention.take_order(actor=zhang, waybill=waybill, item=item(), quantity="0",
                             unit_price="1", delivery_date=datetime.date(2026, 3, 20))  # fmt: skip
    assert Order.objects.count() == 1 and not FollowUpCall.objects.exists()
