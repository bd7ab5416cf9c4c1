"""One view per action on an order (STYLE.md: no switchboard views)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.core.actions import act
from gendan.sales import queries, services
from gendan.sales.models import FactoryOrder
from gendan.sales.views import deliveries
from gendan.sales.views._shared import order_or_404, post_date, secrets


def _back(order):
    return reverse("sales:order-detail", args=[order.pk])


@login_required
@require_POST
def order_confirm(request, pk):
    order = order_or_404(request, pk)
    return act(
        request,
        lambda origin: services.confirm_order(
            actor=request.user,
            order=order,
            called_person=request.POST.get("called_person", ""),
            confirmed_text=request.POST.get("confirmed_text", ""),
            origin=origin,
        ),
        success=_("Confirmation call recorded."),
        back=_back(order),
    )


def _amend_value(request, field):
    if field == "add_line":
        names = ("item", "variant", "quantity", "unit_price", "colour", "size_spec", "model_series")
        return {name: request.POST.get(name, "") for name in names}
    return request.POST.get("value", "")


@login_required
@require_POST
def order_amend(request, pk):
    order = order_or_404(request, pk)
    field = request.POST.get("field", "")
    return act(
        request,
        lambda origin: services.amend_order(
            actor=request.user,
            order=order,
            field=field,
            line=request.POST.get("line") or None,
            value=_amend_value(request, field),
            reason=request.POST.get("reason", ""),
            origin=origin,
        ),
        success=_("Amendment recorded."),
        back=_back(order),
    )


@login_required
@require_POST
def payment_create(request, pk):
    order = order_or_404(request, pk)
    return act(
        request,
        lambda origin: services.record_payment(
            actor=request.user,
            order=order,
            amount=request.POST.get("amount", ""),
            received_on=post_date(request, "received_on"),
            method=request.POST.get("method", ""),
            reference=request.POST.get("reference", ""),
            origin=origin,
        ),
        success=_("Payment recorded."),
        back=_back(order),
    )


def _quantities(request, prefix):
    """{order line id: quantity} from inputs named `<prefix>-<line id>`, blanks skipped."""
    lines = []
    for key, value in request.POST.items():
        if key.startswith(prefix) and value.strip():
            lines.append({"order_line": key.removeprefix(prefix), "quantity": value.strip()})
    return lines


def _delivery_back(request, order):
    """Back to the delivery form when the note was written there, else to the order."""
    if request.POST.get("back") == "form":
        return reverse("sales:delivery-note-new", args=[order.pk])
    return _back(order)


@login_required
@require_POST
def delivery_note_create(request, pk):
    order = order_or_404(request, pk)
    return act(
        request,
        lambda origin: services.create_delivery_note(
            actor=request.user,
            order=order,
            lines=deliveries.line_entries(request, "ship"),
            shipped_on=post_date(request, "shipped_on"),
            note=request.POST.get("note", ""),
            origin=origin,
        ),
        success=lambda note: (
            _("Delivery note %(number)s written; the goods have left the warehouse.")
            % {"number": note.number}
        ),
        back=_delivery_back(request, order),
    )


@login_required
@require_POST
def factory_order_create(request, pk):
    order = order_or_404(request, pk)
    return act(
        request,
        lambda origin: services.place_factory_order(
            actor=request.user,
            order=order,
            factory=request.POST.get("factory", ""),
            due_date=post_date(request, "due_date"),
            contact_name=request.POST.get("contact_name", ""),
            contact_phone=request.POST.get("contact_phone", ""),
            lines=_quantities(request, "place-") or None,
            origin=origin,
        ),
        success=_("Factory order placed."),
        back=_back(order),
    )


@login_required
@require_POST
def factory_order_check(request, pk):
    factory_order = FactoryOrder.objects.select_related("order").filter(pk=pk).first()
    if factory_order is None:
        raise Http404(_("Not found, or you may not see it."))
    order = order_or_404(request, factory_order.order_id)
    return act(
        request,
        lambda origin: services.check_factory_order(
            actor=request.user,
            factory_order=factory_order,
            is_on_time=request.POST.get("is_on_time") == "yes",
            note=request.POST.get("note", ""),
            origin=origin,
        ),
        success=_("On-time check recorded."),
        back=_back(order),
    )


@login_required
def delivery_note_print(request, pk):
    note = queries.delivery_note_detail(request.user, pk)
    if note is None:
        raise Http404(_("Not found, or you may not see it."))
    return render(
        request, "sales/delivery_note_print.html", {"note": note, **secrets(request.user)}
    )


def _transition_view(request, pk, service, success):
    order = order_or_404(request, pk)
    return act(
        request,
        lambda origin: service(
            actor=request.user,
            order=order,
            reason=request.POST.get("reason", ""),
            origin=origin,
        ),
        success=lambda changed: success % {"number": changed.number},
        back=_back(order),
    )


@login_required
@require_POST
def order_cancel(request, pk):
    return _transition_view(request, pk, services.cancel_order, _("Order %(number)s cancelled."))


@login_required
@require_POST
def order_close(request, pk):
    return _transition_view(request, pk, services.close_order, _("Order %(number)s closed."))


@login_required
@require_POST
def order_reopen(request, pk):
    return _transition_view(request, pk, services.reopen_order, _("Order %(number)s reopened."))
