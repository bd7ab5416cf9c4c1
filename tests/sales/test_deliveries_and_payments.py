"""Delivery notes (D2-5, D5-3.5), payments and receivables (D2-0, D5-6), factory
orders (D5-7)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail

from gendan.core import events
from gendan.core.errors import DomainError
from gendan.core.models import NotificationChannel, NotificationMessage, Policy
from gendan.sales import queries, services
from gendan.sales.models import DeliveryNote, FactoryOrder, FactoryOrderCheck, Order, Payment
from tests.sales.factories import contracted_factory, make_order


def _ship(actor, order, quantity, **extra):
    line = order.lines.get()
    return services.create_delivery_note(
        actor=actor, order=order, lines=[{"order_line": line.pk, "quantity": quantity}], **extra
    )


def test_d2_5_delivery_note_is_numbered_from_its_own_book_and_tracks_partial_deliveries(
    merchandiser, customer, django_capture_on_commit_callbacks, events_seen
):
    order = make_order(merchandiser, customer=customer)
    with django_capture_on_commit_callbacks(execute=True):
        first = _ship(merchandiser, order, "60", shipped_on=datetime.date(2026, 4, 1))
    assert first.number == "SH-2026-000001"
    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED
    assert order.lines.get().delivered_quantity == 60
    assert (
        events.DeliveryShipped(order_id=order.pk, delivery_note_id=first.pk, number=first.number)
        in events_seen
    )
    with django_capture_on_commit_callbacks(execute=True):
        second = _ship(merchandiser, order, "40", shipped_on=datetime.date(2026, 4, 2))
    assert second.number == "SH-2026-000002"
    order.refresh_from_db()
    assert order.status == Order.Status.SHIPPED
    assert events_seen[-1] == events.OrderDelivered(order_id=order.pk)


def test_d5_3_5_over_delivery_is_refused_with_the_figures_and_nothing_ships(merchandiser, customer):
    order = make_order(merchandiser, customer=customer)
    _ship(merchandiser, order, "60")
    with pytest.raises(DomainError) as refused:
        _ship(merchandiser, order, "50")
    message = str(refused.value)
    assert refused.value.field == "lines[1].quantity"
    assert (
        "ordered 100" in message
        and "already delivered 60" in message
        and "cannot ship 50" in message
    )
    assert order.lines.get().delivered_quantity == 60
    assert DeliveryNote.objects.count() == 1


def test_d2_5_the_finished_goods_warehouse_is_notified_when_its_channel_exists(
    merchandiser, customer, django_capture_on_commit_callbacks
):
    Policy.objects.create(key="sales.warehouse_channel", value="成品库")
    NotificationChannel.objects.create(name="成品库", kind="email", recipients="store@example.com")
    order = make_order(merchandiser, customer=customer)
    with django_capture_on_commit_callbacks(execute=True):
        note = _ship(merchandiser, order, "10")
    message = NotificationMessage.objects.get()
    assert note.number in message.subject
    assert "半轴" in message.body and "10" in message.body
    assert len(mail.outbox) == 1


def test_d2_5_without_a_warehouse_channel_the_note_is_still_written(merchandiser, customer):
    Policy.objects.create(key="sales.warehouse_channel", value="nobody")
    order = make_order(merchandiser, customer=customer)
    _ship(merchandiser, order, "10")
    assert NotificationMessage.objects.count() == 0


def test_d5_6_payments_reduce_the_balance_and_full_payment_publishes_order_paid(
    merchandiser, customer, django_capture_on_commit_callbacks, events_seen
):
    order = make_order(merchandiser, customer=customer)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_payment(
            actor=merchandiser,
            order=order,
            amount="10000",
            received_on=datetime.date(2026, 3, 5),
            method="bank_transfer",
        )
    order.refresh_from_db()
    assert order.balance_due == Decimal("2300.00")
    with django_capture_on_commit_callbacks(execute=True):
        payment = services.record_payment(
            actor=merchandiser,
            order=order,
            amount="2300",
            received_on=datetime.date(2026, 3, 6),
            method="cash",
        )
    assert events_seen[-2] == events.PaymentRecorded(
        order_id=order.pk, payment_id=payment.pk, amount="2300.00"
    )
    assert events_seen[-1] == events.OrderPaid(order_id=order.pk)


@pytest.mark.parametrize(
    ("amount", "words"),
    [("0", "greater than zero"), ("-5", "greater than zero"), ("20000", "balance due")],
)
def test_d5_6_a_bad_payment_amount_is_refused_and_changes_nothing(
    merchandiser, customer, amount, words
):
    order = make_order(merchandiser, customer=customer)
    with pytest.raises(DomainError) as refused:
        services.record_payment(
            actor=merchandiser,
            order=order,
            amount=amount,
            received_on=datetime.date(2026, 3, 5),
            method="cash",
        )
    assert refused.value.field == "amount" and words in str(refused.value)
    order.refresh_from_db()
    assert order.paid_amount == 0 and Payment.objects.count() == 0


@time_machine.travel(datetime.datetime(2026, 4, 1, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_d5_6_delivered_order_unpaid_past_its_due_date_is_an_overdue_receivable(
    merchandiser, customer
):
    order = make_order(merchandiser, customer=customer, payment_days_after_delivery=30)
    _ship(merchandiser, order, "100")
    order.refresh_from_db()
    assert order.payment_due_date == datetime.date(2026, 5, 1)
    assert list(queries.overdue_receivables(merchandiser, today=datetime.date(2026, 5, 1))) == []
    assert list(queries.overdue_receivables(merchandiser, today=datetime.date(2026, 5, 2))) == [
        order
    ]
    services.record_payment(
        actor=merchandiser,
        order=order,
        amount="12300",
        received_on=datetime.date(2026, 4, 1),
        method="cash",
    )
    assert list(queries.overdue_receivables(merchandiser, today=datetime.date(2026, 5, 2))) == []


def test_d5_7_part_of_an_order_is_placed_at_a_contracted_factory_and_checked_ahead(
    merchandiser, customer, django_capture_on_commit_callbacks, events_seen
):
    order = make_order(merchandiser, customer=customer)
    line = order.lines.get()
    with django_capture_on_commit_callbacks(execute=True):
        placed = services.place_factory_order(
            actor=merchandiser,
            order=order,
            factory=contracted_factory(),
            due_date=datetime.date(2026, 4, 20),
            lines=[{"order_line": line.pk, "quantity": "70"}],
        )
        check = services.check_factory_order(
            actor=merchandiser, factory_order=placed, is_on_time=False, note="面料晚到 3 天"
        )
    assert placed.contact_name == "钱厂长"
    assert list(placed.lines.values_list("quantity", flat=True)) == [70]
    assert (check.checked_by, check.is_on_time) == (merchandiser, False)
    assert (
        events.FactoryOrderChecked(order_id=order.pk, factory_order_id=placed.pk, is_on_time=False)
        in events_seen
    )
    with pytest.raises(DomainError) as refused:
        services.place_factory_order(
            actor=merchandiser,
            order=order,
            factory=contracted_factory(),
            due_date=datetime.date(2026, 4, 20),
            lines=[{"order_line": line.pk, "quantity": "40"}],
        )
    assert "already placed 70" in str(refused.value)
    assert FactoryOrder.objects.count() == 1


def test_d5_7_a_late_answer_needs_a_note(merchandiser, customer):
    order = make_order(merchandiser, customer=customer)
    placed = services.place_factory_order(
        actor=merchandiser,
        order=order,
        factory=contracted_factory(),
        due_date=datetime.date(2026, 4, 20),
    )
    with pytest.raises(DomainError) as refused:
        services.check_factory_order(actor=merchandiser, factory_order=placed, is_on_time=False)
    assert refused.value.field == "note"
    assert FactoryOrderCheck.objects.count() == 0
