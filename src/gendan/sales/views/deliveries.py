"""The delivery-note form (D2-5) and the customer return (退货, D2-0): one page per
order, `orders/<pk>/delivery-notes/new/`, whose partial `_delivery_note_form.html`
another page may include. Writes go to `delivery_note_create` (actions.py) and
`customer_return_create`; the services ship and take back through the stock ledger."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.core.actions import act
from gendan.sales import services
from gendan.sales.access import can_act_on_order
from gendan.sales.models import Order
from gendan.sales.services import deliveries
from gendan.sales.views._shared import order_or_404, post_date

SHIPPABLE = (Order.Status.CONFIRMED, Order.Status.IN_PRODUCTION)


def delivery_form_context(user, order):
    """What the delivery and return forms show for `order`: each line still to ship with
    the batches on hand to choose from, the lines that can be taken back, and whether
    this person may write either (a form is never shown to someone who will be refused)."""
    lines = list(order.lines.select_related("item__unit").order_by("position"))
    choices = deliveries.batches_on_hand([line.item_id for line in lines])
    can_act = can_act_on_order(user, order)
    return {
        "order": order,
        "today": timezone.localdate(),
        "ship_lines": [
            {"line": line, "batches": choices.get(line.item_id, [])}
            for line in lines
            if line.remaining_quantity > 0
        ],
        "return_lines": [line for line in lines if line.delivered_quantity > 0],
        "can_ship": can_act and order.status in SHIPPABLE,
        "can_take_back": can_act
        and order.status not in (Order.Status.CLOSED, Order.Status.CANCELLED),
    }


@login_required
def delivery_note_new(request, pk):
    order = order_or_404(request, pk)
    if not can_act_on_order(request.user, order):  # the form only for who may write it
        raise PermissionDenied
    name = "partials/_delivery_note_form" if request.htmx else "delivery_note_form"
    return render(request, f"sales/{name}.html", delivery_form_context(request.user, order))


def line_entries(request, prefix):
    """[{order_line, quantity, batch_number}] from inputs `<prefix>-<line id>` (blank
    quantities skipped) and their batch choices `<prefix>-batch-<line id>`."""
    lines = []
    for key, value in request.POST.items():
        line_id = key.removeprefix(f"{prefix}-")
        if key == line_id or line_id.startswith("batch-") or not value.strip():
            continue
        batch_number = request.POST.get(f"{prefix}-batch-{line_id}", "")
        lines.append(
            {"order_line": line_id, "quantity": value.strip()} | {"batch_number": batch_number}
        )
    return lines


@login_required
@require_POST
def customer_return_create(request, pk):
    order = order_or_404(request, pk)
    return act(
        request,
        lambda origin: services.record_customer_return(
            actor=request.user,
            order=order,
            lines=line_entries(request, "back"),
            explanation=request.POST.get("explanation", ""),
            returned_on=post_date(request, "returned_on"),
            note=request.POST.get("note", ""),
            origin=origin,
        ),
        success=lambda note: (
            _("Customer return %(number)s recorded; the goods are back in stock.")
            % {"number": note.number}
        ),
        back=reverse("sales:delivery-note-new", args=[order.pk]),
    )
