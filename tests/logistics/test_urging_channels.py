"""D3-4: the day's urging list goes to logistics through the channels, same-day
deliveries first, from the policy's hour, exactly once a day, the send logged;
logistics' answer goes to the order takers' channel naming the order taker, once."""

import datetime

import pytest

from gendan.core.errors import DomainError, PermissionDenied
from gendan.core.models import AuditEvent, NotificationMessage, Policy
from gendan.logistics import services, tasks
from gendan.logistics.models import DeskDispatch, UrgeRequest, Waybill
from tests.logistics.conftest import DAY
from tests.logistics.more import at, channel, imported_and_handed_out


@pytest.fixture
def urged(lead, zhang, order_of_zhang):
    """张伟 urges his customer's parcel (not same-day); the lead urges 李四's, same-day."""
    mine = imported_and_handed_out(lead, order_of_zhang.number)
    other = Waybill.objects.get(tracking_number="YT1234567890124")
    services.request_urge(actor=zhang, waybill=mine, note="客户催")
    services.request_urge(actor=lead, waybill=other, note="今天要", is_same_day=True)
    return mine, other


def test_d3_4_the_days_list_goes_to_logistics_same_day_first_exactly_once(urged):
    """D3-4: at 09:50 (policy hour 10) nothing; at 10:00 one message, 李四's same-day
    parcel first; the rest of the day and a retried task send nothing more."""
    channel("物流部群", "logistics.logistics_channel")
    assert tasks.send_due_messages(at(DAY, 9, 50))["urging"] is None
    sent = tasks.send_due_messages(at(DAY, 10))["urging"]
    assert (sent.kind, sent.period, sent.item_count, sent.channels) == (
        "urging_list",
        "2026-03-10",
        2,
        "物流部群",
    )
    message = NotificationMessage.objects.get()
    lines = message.body.splitlines()
    assert "YT1234567890124" in lines[0] and "SF1234567890123" in lines[1]
    assert AuditEvent.objects.filter(action="waybill.message_sent").count() == 1
    for moment in (at(DAY, 10, 10), at(DAY, 17)):
        assert tasks.send_due_messages(moment)["urging"] is None
    assert NotificationMessage.objects.count() == 1
    assert tasks.send_due_messages(at(DAY + datetime.timedelta(days=1), 10))["urging"]
    assert NotificationMessage.objects.count() == 2


def test_d3_4_the_send_hour_is_the_companys_policy(urged):
    channel("物流部群", "logistics.logistics_channel")
    Policy.objects.create(key="logistics.urging_send_hour", value="15")
    assert tasks.send_due_messages(at(DAY, 14, 50))["urging"] is None
    assert tasks.send_due_messages(at(DAY, 15))["urging"] is not None


def test_d3_4_logistics_answer_is_sent_to_the_order_taker_once(urged, logistics_clerk, zhang):
    """D3-4: 梁晨 answers; the order takers' channel is told, naming 张伟 (the order's
    merchandiser); the answer cannot be given twice, so nothing more is sent."""
    channel("下单员群", "logistics.order_taker_channel")
    mine, _other = urged
    urge = UrgeRequest.objects.get(waybill=mine)
    services.answer_urge(actor=logistics_clerk, urge=urge, answer="已联系网点，今天派送")
    message = NotificationMessage.objects.get()
    assert "张伟" in message.body and "已联系网点，今天派送" in message.body
    assert DeskDispatch.objects.get().period == str(urge.pk)
    with pytest.raises(DomainError):
        services.answer_urge(actor=logistics_clerk, urge=urge, answer="再答一次")
    assert NotificationMessage.objects.count() == 1


def test_d3_4_a_follow_up_person_may_not_answer_and_nothing_is_sent(urged, zhang):
    channel("下单员群", "logistics.order_taker_channel")
    urge = UrgeRequest.objects.get(waybill=urged[0])
    with pytest.raises(PermissionDenied):
        services.answer_urge(actor=zhang, urge=urge, answer="我来答")
    urge.refresh_from_db()
    assert urge.answered_at is None and not NotificationMessage.objects.exists()
