"""Factory orders (D5-7): an order, or some of its lines, placed at a contracted factory
with its own due date and contact, and the check ahead of that date."""

import datetime

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from gendan.core import audit, events
from gendan.core.errors import DomainError
from gendan.org.models import Site
from gendan.sales.access import require_order_actor
from gendan.sales.models import FactoryOrder, FactoryOrderCheck, FactoryOrderLine
from gendan.sales.services import lifecycle
from gendan.sales.services._common import lock_order, plain, refuse_if_finished, required_text
from gendan.sales.services.orders import clean_quantity, require_confirmed


def _clean_factory(factory):
    if not isinstance(factory, Site):
        factory = Site.objects.filter(pk=factory).first() if str(factory).isdigit() else None
    if factory is None or factory.kind != Site.Kind.CONTRACTED_FACTORY:
        raise DomainError(_("Choose a contracted factory."), field="factory")
    return factory


def _clean_due_date(due_date):
    if not isinstance(due_date, datetime.date):
        due_date = parse_date(str(due_date or ""))
    if due_date is None:
        raise DomainError(_("Give the factory's due date."), field="due_date")
    return due_date


def _placed_so_far(order):
    rows = FactoryOrderLine.objects.filter(factory_order__order=order).values("order_line_id")
    return {row["order_line_id"]: row["placed"] for row in rows.annotate(placed=Sum("quantity"))}


def _clean_lines(order, lines):
    """[(order line, quantity)]: the whole order when no lines are given; never more of a
    line than is not yet placed at some factory."""
    order_lines = {line.pk: line for line in order.lines.select_related("item__unit")}
    placed = _placed_so_far(order)
    if not lines:
        lines = [
            {"order_line": pk, "quantity": line.quantity - placed.get(pk, 0)}
            for pk, line in order_lines.items()
        ]
        lines = [spec for spec in lines if spec["quantity"] > 0]
        if not lines:
            raise DomainError(
                _("Every line of this order is already placed at a factory."), field="lines"
            )
    wanted = []
    for index, spec in enumerate(lines, start=1):
        line = order_lines.get(_int(spec.get("order_line")))
        if line is None:
            raise DomainError(
                _("Row %(index)s: not a line of order %(number)s.")
                % {"index": index, "number": order.number},
                field=f"lines[{index}].order_line",
            )
        quantity = clean_quantity(line.position, spec.get("quantity", ""), line.item)
        free = line.quantity - placed.get(line.pk, 0)
        if quantity > free:
            raise DomainError(
                _(
                    "Line %(row)s: ordered %(ordered)s, already placed %(placed)s — cannot place %(quantity)s more."
                )
                % {
                    "row": line.position,
                    "ordered": plain(line.quantity),
                    "placed": line.quantity - free,
                    "quantity": plain(quantity),
                },
                field=f"lines[{index}].quantity",
            )
        wanted.append((line, quantity))
    return wanted


def _int(value):
    value = getattr(value, "pk", value)
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def place_factory_order(
    *,
    actor,
    order,
    factory,
    due_date,
    contact_name="",
    contact_phone="",
    note="",
    lines=None,
    origin=None,
):
    """Place an order, or some of its lines (`lines` = [{"order_line", "quantity"}]), at a
    contracted factory (D5-7). The order must be confirmed (D5-3.3)."""
    require_order_actor(actor, order)
    factory = _clean_factory(factory)
    due_date = _clean_due_date(due_date)
    with transaction.atomic():
        order = lock_order(order)
        refuse_if_finished(order)
        require_confirmed(order)
        wanted = _clean_lines(order, lines)
        factory_order = FactoryOrder.objects.create(
            order=order,
            factory=factory,
            due_date=due_date,
            contact_name=(contact_name or factory.contact or "").strip()[:60],
            contact_phone=(contact_phone or factory.phone or "").strip()[:40],
            note=(note or "").strip()[:200],
            created_by=actor,
        )
        FactoryOrderLine.objects.bulk_create(
            FactoryOrderLine(factory_order=factory_order, order_line=line, quantity=quantity)
            for line, quantity in wanted
        )
        lifecycle.start_production(actor=actor, order=order, origin=origin)
        audit.record(
            actor=actor,
            action="factory_order.place",
            obj=order,
            origin=origin,
            after={
                "factory_order_id": factory_order.pk,
                "factory": factory.code,
                "due_date": str(due_date),
                "lines": {str(line.position): str(quantity) for line, quantity in wanted},
            },
        )
        events.publish(
            events.FactoryOrderPlaced(order_id=order.pk, factory_order_id=factory_order.pk),
            actor=actor,
        )
    return factory_order


def check_factory_order(*, actor, factory_order, is_on_time, note="", checked_at=None, origin=None):
    """Record, ahead of the due date, whether the factory will deliver on time (D5-7).
    A "no" needs a note saying why and what is done about it."""
    require_order_actor(actor, factory_order.order)
    note = (note or "").strip()
    if not is_on_time:
        note = required_text(
            note,
            field="note",
            message=_("Say why the factory will be late and what is being done."),
        )
    with transaction.atomic():
        check = FactoryOrderCheck.objects.create(
            factory_order=factory_order,
            checked_by=actor,
            checked_at=checked_at or timezone.now(),
            is_on_time=bool(is_on_time),
            note=note[:300],
        )
        audit.record(
            actor=actor,
            action="factory_order.check",
            obj=factory_order.order,
            origin=origin,
            after={
                "factory_order_id": factory_order.pk,
                "is_on_time": check.is_on_time,
                "note": note,
            },
        )
        events.publish(
            events.FactoryOrderChecked(
                order_id=factory_order.order_id,
                factory_order_id=factory_order.pk,
                is_on_time=check.is_on_time,
            ),
            actor=actor,
        )
    return check
