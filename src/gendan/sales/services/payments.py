"""Payments received against an order (D2-0, D5-6)."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import audit, events
from gendan.core.errors import DomainError, InvalidTransition, PermissionDenied
from gendan.core.parsing import column_of, parse_date, parse_money
from gendan.sales.models import Order, Payment
from gendan.sales.services._common import CENT, lock_order


def _require_payment_actor(actor, order):
    if not (actor.has_perm("sales.add_payment") or order.merchandiser_id == actor.pk):
        raise PermissionDenied(_("Only finance or the order's merchandiser may record payments."))


def _clean_amount(amount):
    column = column_of(Payment, "amount")
    return parse_money(amount, field="amount", label=_("Amount"), column=column)


def _clean_date(received_on):
    received_on = parse_date(received_on, field="received_on", label=_("Date received"))
    if received_on > timezone.localdate():
        raise DomainError(_("The date received cannot be in the future."), field="received_on")
    return received_on


def record_payment(
    *, actor, order, amount, received_on, method, reference="", note="", origin=None
):
    """Record money received against an order. The amount is positive and at most the
    balance due; `payment.recorded` is published, and `order.paid` once nothing is due."""
    _require_payment_actor(actor, order)
    amount = _clean_amount(amount)
    received_on = _clean_date(received_on)
    if method not in Payment.Method.values:
        raise DomainError(_("Choose how the money was paid."), field="method")
    with transaction.atomic():
        order = lock_order(order)
        if order.status == Order.Status.CANCELLED:
            raise InvalidTransition(_("Order %(number)s is cancelled.") % {"number": order.number})
        if amount > order.balance_due:
            raise DomainError(
                _(
                    "%(amount)s is more than the balance due of order %(number)s "
                    "(total %(total)s, received %(paid)s, due %(due)s)."
                )
                % {
                    "amount": amount,
                    "number": order.number,
                    "total": order.total_amount,
                    "paid": order.paid_amount,
                    "due": order.balance_due,
                },
                field="amount",
            )
        payment = Payment.objects.create(
            order=order,
            amount=amount,
            received_on=received_on,
            method=method,
            reference=(reference or "").strip()[:80],
            note=(note or "").strip()[:200],
            recorded_by=actor,
        )
        Order.objects.filter(pk=order.pk).update(paid_amount=F("paid_amount") + amount)
        order.refresh_from_db(fields=["paid_amount"])
        audit.record(
            actor=actor,
            action="payment.record",
            obj=order,
            origin=origin,
            after={
                "payment_id": payment.pk,
                "amount": str(amount),
                "received_on": str(received_on),
                "method": method,
                "reference": payment.reference,
                "balance_due": str(order.balance_due),
            },
        )
        events.publish(
            events.PaymentRecorded(
                order_id=order.pk,
                payment_id=payment.pk,
                amount=str(payment.amount.quantize(CENT)),
            ),
            actor=actor,
        )
        if order.balance_due <= 0:
            events.publish(events.OrderPaid(order_id=order.pk), actor=actor)
    return payment
