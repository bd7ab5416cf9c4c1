"""D3-9: a regular customer (老客户) is charged the typed list price less the reorder
discount the tag records — list price × (100 − discount) / 100, half up to the fen —
on an order taken from a call (D3-11); the call's note records the list price, the
discount and the price charged; the take-order page shows the discount (9 折) and the
price that will be charged. A customer without the tag pays the typed price."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gendan.core.models import AuditEvent, Policy
from gendan.logistics import retention, services
from gendan.logistics.models import FollowUpCall, RegularCustomer
from gendan.sales.models import Order
from tests.logistics.conftest import DAY
from tests.logistics.more import at, imported_and_handed_out
from tests.sales.factories import item

DELIVERY = datetime.date(2026, 3, 20)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def regular_waybill(lead, zhang, order_of_zhang):
    """Policy 10 %: 张伟 finds 陈小红's parcel signed, so she is a regular customer (9 折)."""
    Policy.objects.create(key="logistics.retention_discount_percent", value="10")
    waybill = imported_and_handed_out(lead, order_of_zhang.number)
    services.record_followup(actor=zhang, waybill=waybill, status="signed", note="已告知优惠")
    assert RegularCustomer.objects.get().discount_percent == 10
    return waybill


def _taken(zhang, waybill, price, quantity="2"):
    before = set(Order.objects.values_list("pk", flat=True))
    retention.take_order(actor=zhang, waybill=waybill, item=item(), quantity=quantity,
                         unit_price=price, delivery_date=DELIVERY, note="回访下单")  # fmt: skip
    return Order.objects.exclude(pk__in=before).get()


@time_machine.travel(at(DAY, 10), tick=False)
def test_d3_9_a_regular_customer_is_charged_the_list_price_less_her_discount(zhang,
                                                                            regular_waybill):  # fmt: skip
    """D3-9: 99.00 typed for 陈小红 at 10 % is charged 89.10 a piece; the call's note and
    the audit row name the list price, the discount and the price charged."""
    order = _taken(zhang, regular_waybill, "99")
    line = order.lines.get()
    assert (line.unit_price, line.amount, order.total_amount) == (
        Decimal("89.10"),
        Decimal("178.20"),
        Decimal("178.20"),
    )
    note = FollowUpCall.objects.get(taken_order=order).note
    assert order.number in note and "99" in note and "10" in note and "89.10" in note
    after = AuditEvent.objects.get(action="waybill.order_taken").after
    assert (after["list_price"], after["discount_percent"], after["price"]) == ("99", 10, "89.10")


@time_machine.travel(at(DAY, 10), tick=False)
def test_d3_9_the_discounted_price_is_rounded_half_up_to_the_fen(lead, zhang, order_of_zhang):
    """D3-9: 5 % off 0.30 is 0.285: charged 0.29 (half up), not 0.28 (half to even)."""
    Policy.objects.create(key="logistics.retention_discount_percent", value="5")
    waybill = imported_and_handed_out(lead, order_of_zhang.number)
    services.record_followup(actor=zhang, waybill=waybill, status="signed")
    assert _taken(zhang, waybill, "0.30", quantity="1").lines.get().unit_price == Decimal("0.29")
    assert retention.Discount(5).price(Decimal("10.01")) == Decimal("9.51")


def test_d3_9_the_discount_reads_as_a_chinese_shop_writes_it():
    assert [retention.Discount(p).zhe for p in (10, 5, 15, 8, 20)] == ["9", "9.5", "8.5", "9.2",
                                                                        "8"]  # fmt: skip


@time_machine.travel(at(DAY, 10), tick=False)
def test_d3_9_a_customer_without_the_tag_pays_the_typed_price(lead, zhang, order_of_zhang):
    """D3-9: 陈小红 has not been told of any discount: 99 typed is 99 charged, and the
    call's note says only that the order was taken."""
    waybill = imported_and_handed_out(lead, order_of_zhang.number)
    order = _taken(zhang, waybill, "99")
    assert order.lines.get().unit_price == Decimal("99")
    assert "89.10" not in FollowUpCall.objects.get(taken_order=order).note
    assert "list_price" not in AuditEvent.objects.get(action="waybill.order_taken").after


@time_machine.travel(at(DAY, 10), tick=False)
def test_d3_9_the_take_order_page_shows_the_discount_and_the_price_charged(zhang,
                                                                          regular_waybill):  # fmt: skip
    """D3-9: 张伟's take-order page for 陈小红 says 老客户 9 折 and, for the 99 typed (a
    post missing its item comes back), the 89.10 that will be charged; the order
    posted is written at 89.10."""
    client = _client(zhang)
    url = reverse("logistics:waybill-order", args=[regular_waybill.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    box = re.search(r'data-testid="order-discount">(.*?)</div>\s*</div>', page, re.S).group(1)
    assert "9" in box and "10" in box and 'data-discount-percent="10"' in page
    spec = {"quantity": "1", "unit_price": "99", "delivery_date": "2026-03-20"}
    orders = set(Order.objects.values_list("pk", flat=True))
    again = client.post(url, spec)
    assert again.status_code == 400 and set(Order.objects.values_list("pk", flat=True)) == orders
    charged = re.search(r'data-testid="order-charged">([^<]*)<', again.content.decode()).group(1)
    assert charged == "89.10"
    assert client.post(url, {**spec, "item": item().pk}).status_code == 302
    taken = Order.objects.exclude(pk__in=orders).get()
    assert taken.lines.get().unit_price == Decimal("89.10")


@time_machine.travel(at(DAY, 10), tick=False)
def test_d3_9_the_page_shows_no_discount_for_a_customer_without_the_tag(lead, zhang,
                                                                       order_of_zhang):  # fmt: skip
    waybill = imported_and_handed_out(lead, order_of_zhang.number)
    page = _client(zhang).get(reverse("logistics:waybill-order", args=[waybill.pk]))
    assert page.status_code == 200 and 'data-testid="order-discount"' not in page.content.decode()
