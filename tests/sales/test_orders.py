"""Orders: bad input (issue 3), confirmation calls (D5-3.3) and amendments."""

import datetime
from decimal import Decimal

import pytest

from gendan.core import events
from gendan.core.errors import DomainError, InvalidTransition, PermissionDenied
from gendan.core.models import AuditEvent, Document
from gendan.sales import services
from gendan.sales.models import Amendment, ConfirmationCall, DeliveryNote, Order, OrderLine
from tests.sales.factories import DELIVERY_DATE, ORDER_DATE, item, make_order


def _counts():
    return (Order.objects.count(), OrderLine.objects.count(), Document.objects.count())


@pytest.mark.parametrize(
    ("lines", "field", "words"),
    [
        ([{"quantity": "0"}], "lines[1].quantity", "greater than zero"),
        ([{"quantity": "-5"}], "lines[1].quantity", "greater than zero"),
        ([{"quantity": "abc"}], "lines[1].quantity", "must be a number"),
        ([{"quantity": "1.5"}], "lines[1].quantity", "decimal places"),
    ],
)
def test_d2_2_bad_order_lines_are_refused_naming_the_line_and_nothing_is_saved(
    merchandiser, customer, lines, field, words
):
    specs = [{"item": item(), "unit_price": "10", **line} for line in lines]
    before = _counts()
    with pytest.raises(DomainError) as refused:
        make_order(merchandiser, customer=customer, lines=specs or [])
    assert refused.value.field == field
    assert words in str(refused.value)
    assert _counts() == before


def test_d2_2_second_bad_line_is_named_and_the_first_good_one_is_not_saved(merchandiser, customer):
    lines = [{"item": item(), "quantity": "5"}, {"item": item(), "quantity": "0"}]
    with pytest.raises(DomainError) as refused:
        make_order(merchandiser, customer=customer, lines=lines)
    assert refused.value.field == "lines[2].quantity"
    assert "Line 2" in str(refused.value)
    assert OrderLine.objects.count() == 0


def test_d2_2_an_order_with_no_lines_is_refused(merchandiser, customer):
    with pytest.raises(DomainError) as refused:
        services.create_order(
            actor=merchandiser,
            customer=customer,
            channel="phone",
            order_type="machinery",
            order_date=ORDER_DATE,
            delivery_date=DELIVERY_DATE,
            lines=[],
        )
    assert refused.value.field == "lines"
    assert Order.objects.count() == 0


def test_d2_3_delivery_date_before_order_date_is_refused(merchandiser, customer):
    with pytest.raises(DomainError) as refused:
        make_order(
            merchandiser, customer=customer, delivery_date=ORDER_DATE - datetime.timedelta(days=1)
        )
    assert refused.value.field == "delivery_date"
    assert "2026-03-01" in str(refused.value)
    assert _counts() == (0, 0, 0)


def test_d5_3_1_an_unknown_variant_is_refused_naming_it(merchandiser, customer):
    with pytest.raises(DomainError) as refused:
        make_order(merchandiser, customer=customer, lines=[{"variant": 999999, "quantity": "3"}])
    assert refused.value.field == "lines[1].variant"
    assert "999999" in str(refused.value)
    assert _counts() == (0, 0, 0)


def test_d2_2_phone_order_is_confirmed_at_once_with_a_book_number_and_total(merchandiser, customer):
    order = make_order(merchandiser, customer=customer)
    assert order.number.startswith("HT-2026-")
    assert order.status == Order.Status.CONFIRMED
    assert order.total_amount == Decimal("12300.00")


def test_d5_3_3_fax_order_stays_unconfirmed_until_the_confirmation_call(
    merchandiser, customer, django_capture_on_commit_callbacks, events_seen
):
    with django_capture_on_commit_callbacks(execute=True):
        order = make_order(merchandiser, customer=customer, channel=Order.Channel.FAX)
    assert order.status == Order.Status.UNCONFIRMED
    assert events_seen == [events.OrderCreated(order_id=order.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_order(
            actor=merchandiser,
            order=order,
            called_person="张经理",
            confirmed_text="数量 100，4 月底交货",
        )
    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED
    call = ConfirmationCall.objects.get(order=order)
    assert (call.called_by, call.called_person) == (merchandiser, "张经理")
    assert events_seen[-1] == events.OrderConfirmed(order_id=order.pk)
    assert AuditEvent.objects.filter(
        action="order.confirmation_call", object_id=str(order.pk)
    ).exists()


def test_d5_3_3_confirmation_call_without_whom_or_what_is_refused(merchandiser, customer):
    order = make_order(merchandiser, customer=customer, channel=Order.Channel.FAX)
    with pytest.raises(DomainError) as refused:
        services.confirm_order(
            actor=merchandiser, order=order, called_person=" ", confirmed_text="ok"
        )
    assert refused.value.field == "called_person"
    order.refresh_from_db()
    assert order.status == Order.Status.UNCONFIRMED
    assert ConfirmationCall.objects.count() == 0


def test_d5_3_3_releasing_a_fax_order_without_its_confirmation_call_is_refused(
    merchandiser, customer
):
    order = make_order(merchandiser, customer=customer, channel=Order.Channel.FAX)
    line = order.lines.get()
    with pytest.raises(InvalidTransition) as refused:
        services.create_delivery_note(
            actor=merchandiser, order=order, lines=[{"order_line": line.pk, "quantity": "10"}]
        )
    assert "待确认" in str(refused.value) and order.number in str(refused.value)
    line.refresh_from_db()
    assert line.delivered_quantity == 0
    assert DeliveryNote.objects.count() == 0


def test_an_outsider_may_not_confirm_someone_elses_order(merchandiser, customer, outsider):
    order = make_order(merchandiser, customer=customer, channel=Order.Channel.VERBAL)
    with pytest.raises(PermissionDenied):
        services.confirm_order(actor=outsider, order=order, called_person="张", confirmed_text="ok")
    assert ConfirmationCall.objects.count() == 0


def test_amendment_without_a_reason_is_refused_and_changes_nothing(merchandiser, customer):
    order = make_order(merchandiser, customer=customer)
    line = order.lines.get()
    with pytest.raises(DomainError) as refused:
        services.amend_order(
            actor=merchandiser,
            order=order,
            field="quantity",
            line=line.pk,
            value="120",
            reason="  ",
        )
    assert refused.value.field == "reason"
    line.refresh_from_db()
    assert line.quantity == 100
    assert Amendment.objects.count() == 0


def test_amending_a_quantity_records_before_after_why_and_the_new_total(
    merchandiser, customer, django_capture_on_commit_callbacks, events_seen
):
    order = make_order(merchandiser, customer=customer)
    line = order.lines.get()
    with django_capture_on_commit_callbacks(execute=True):
        amendment = services.amend_order(
            actor=merchandiser,
            order=order,
            field="quantity",
            line=line.pk,
            value="120",
            reason="客户电话追加 20 件",
        )
    assert (amendment.before, amendment.after, amendment.amended_by) == ("100", "120", merchandiser)
    order.refresh_from_db()
    assert order.total_amount == Decimal("14760.00")
    assert events_seen[-1] == events.OrderAmended(
        order_id=order.pk, amendment_id=amendment.pk, field="quantity"
    )
    assert AuditEvent.objects.filter(action="order.amend", object_id=str(order.pk)).count() == 1


def test_amending_the_delivery_date_before_the_order_date_is_refused(merchandiser, customer):
    order = make_order(merchandiser, customer=customer)
    with pytest.raises(DomainError) as refused:
        services.amend_order(
            actor=merchandiser,
            order=order,
            field="delivery_date",
            value="2026-01-01",
            reason="客户要求",
        )
    assert refused.value.field == "delivery_date"
    order.refresh_from_db()
    assert order.delivery_date == DELIVERY_DATE


def test_amending_to_add_a_line_adds_it_with_the_next_position(merchandiser, customer):
    order = make_order(merchandiser, customer=customer)
    services.amend_order(
        actor=merchandiser,
        order=order,
        field="add_line",
        value={"item": item("DZ-9", "刀轴").pk, "quantity": "10", "unit_price": "50"},
        reason="补单",
    )
    assert list(order.lines.values_list("position", "quantity")) == [(1, 100), (2, 10)]
    order.refresh_from_db()
    assert order.total_amount == Decimal("12800.00")
