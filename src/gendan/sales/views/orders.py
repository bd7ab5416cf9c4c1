from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.catalog.models import Item, ItemVariant
from gendan.core import filters, order_page
from gendan.core.audit import Origin
from gendan.core.errors import DomainError
from gendan.core.exports import xlsx_response
from gendan.org.models import Site
from gendan.sales import queries, services
from gendan.sales.access import can_act_on_order, visible_customers
from gendan.sales.amounts import amount_in_words
from gendan.sales.models import Amendment, Order, Payment
from gendan.sales.services import lifecycle
from gendan.sales.views._shared import (
    order_or_404,
    post_date,
    secrets,
    template,
)
from gendan.sales.views.deliveries import delivery_form_context

LINE_FIELDS = ("item", "variant", "model_series", "colour", "size_spec", "quantity", "unit_price")
FILTERS = ("customer", "merchandiser", "status", "channel", "date_from", "date_to")
FILTER_KINDS = {
    "customer": filters.ID,
    "merchandiser": filters.ID,
    "status": Order.Status.values,
    "channel": Order.Channel.values,
    "date_from": filters.DATE,
    "date_to": filters.DATE,
    "q": filters.TEXT,
}


@login_required
def order_list(request):
    values = filters.cleaned(request, FILTER_KINDS)
    orders = queries.order_list(
        request.user,
        search=values.pop("q", None),
        **{name: values.get(name) for name in FILTERS},
    )
    visible = secrets(request.user)
    if request.GET.get("format") == "xlsx":
        return _order_xlsx(orders, visible["show_prices"])
    page = Paginator(orders, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": request.GET,
        "statuses": Order.Status.choices,
        "channels": Order.Channel.choices,
        "customers": visible_customers(request.user).only("pk", "code", "name"),
        "merchandisers": queries.merchandisers(),
        **visible,
    }
    return render(request, template(request, "order_list"), context)


def _order_xlsx(orders, show_prices):
    headers = [
        _("Order number"),
        _("Customer"),
        _("Channel"),
        _("Status"),
        _("Merchandiser"),
        _("Order date"),
        _("Contract delivery date"),
    ]
    if show_prices:
        headers += [_("Total amount"), _("Amount received"), _("Balance due")]

    def row(order):
        values = [
            order.number,
            order.customer.name,
            order.get_channel_display(),
            order.get_status_display(),
            str(order.merchandiser),
            str(order.order_date),
            str(order.delivery_date),
        ]
        money = [order.total_amount, order.paid_amount, order.balance_due]
        return values + ([float(value) for value in money] if show_prices else [])

    return xlsx_response(_("orders") + ".xlsx", headers, (row(o) for o in orders.iterator()))


def _posted_lines(request):
    columns = {name: request.POST.getlist(f"line-{name}") for name in LINE_FIELDS}
    count = max((len(values) for values in columns.values()), default=0)
    lines = []
    for index in range(count):
        spec = {
            name: (values[index] if index < len(values) else "") for name, values in columns.items()
        }
        if any(str(value).strip() for value in spec.values()):
            lines.append(spec)
    return lines


def _form_context(request, error=None):
    return {
        "customers": visible_customers(request.user).only("pk", "code", "name"),
        "items": Item.objects.filter(is_active=True).only("pk", "code", "name"),
        "variants": ItemVariant.objects.select_related("item").only(
            "pk", "code", "colour", "size", "item__name"
        ),
        "channels": Order.Channel.choices,
        "order_types": Order.OrderType.choices,
        "form": request.POST if request.method == "POST" else _prefilled(request),
        "lines": _posted_lines(request) or [{}],
        "error": error,
        "today": timezone.localdate(),
        **secrets(request.user),
    }


PREFILLED = ("customer", "channel", "order_type")


def _prefilled(request):
    """A link may open the form for a customer and a channel (`?customer=12&channel=phone`:
    a retention lead's 「下单」); the order taker still checks and submits it."""
    return {name: request.GET[name] for name in PREFILLED if name in request.GET}


@login_required
def order_create(request):
    if not request.user.has_perm("sales.add_order"):
        raise PermissionDenied
    if request.method != "POST":
        return render(request, "sales/order_form.html", _form_context(request))
    customer = (
        visible_customers(request.user).filter(pk=request.POST.get("customer") or None).first()
    )
    try:
        order = _create_from_post(request, customer)
    except DomainError as error:
        messages.error(request, str(error))
        return render(request, "sales/order_form.html", _form_context(request, error), status=400)
    messages.success(request, _("Order %(number)s taken.") % {"number": order.number})
    return redirect("sales:order-detail", pk=order.pk)


def _create_from_post(request, customer):
    if customer is None:
        raise DomainError(_("Choose the customer."), field="customer")
    days = request.POST.get("payment_days_after_delivery", "").strip()
    return services.create_order(
        actor=request.user,
        customer=customer,
        channel=request.POST.get("channel", ""),
        order_type=request.POST.get("order_type", ""),
        order_date=post_date(request, "order_date"),
        delivery_date=post_date(request, "delivery_date"),
        lines=_posted_lines(request),
        payment_terms=request.POST.get("payment_terms", "").strip(),
        payment_days_after_delivery=int(days) if days.isdigit() else None,
        payment_due_date=post_date(request, "payment_due_date"),
        note=request.POST.get("note", "").strip(),
        origin=Origin.from_request(request),
    )


@login_required
def order_line_row(request):
    """HTMX: one more empty line for the order form."""
    if not request.user.has_perm("sales.add_order"):
        raise PermissionDenied
    context = {**_form_context(request), "line": {}}
    return render(request, "sales/partials/_order_line_row.html", context)


@login_required
def order_detail(request, pk):
    """The one order page: lines and amounts, the plan, every paper, the timeline and the
    notes. Modules above sales add their sections and papers (core.order_page)."""
    order = queries.order_page(order_or_404(request, pk).pk)
    visible = secrets(request.user)
    papers = order_page.papers(request.user, order)
    context = {
        **delivery_form_context(request.user, order),  # the delivery and return forms
        "order": order,
        "sections": order_page.sections(request, order),
        "papers": papers,
        "communications": queries.order_communications(request.user, order),
        "timeline": queries.order_story(order, show_prices=visible["show_prices"], papers=papers),
        "notes": order_page.notes(request.user, order),
        "can_act": can_act_on_order(request.user, order),
        "lifecycle": lifecycle.page_actions(request.user, order),
        "amendable": Amendment.Field.choices,
        "methods": Payment.Method.choices,
        "factories": Site.objects.filter(kind=Site.Kind.CONTRACTED_FACTORY),
        "today": timezone.localdate(),
        **visible,
    }
    return render(request, "sales/order_detail.html", context)


@login_required
def order_print(request, pk):
    """The contract on A4, with the total in capital numerals (大写) and the book number."""
    order_or_404(request, pk)
    order = queries.order_detail(request.user, pk)
    context = {"order": order, "total_in_words": amount_in_words(order.total_amount)}
    return render(request, "sales/order_print.html", {**context, **secrets(request.user)})


@login_required
def receivables(request):
    """Overdue receivables (D2-0, D5-6): delivered, due, not yet paid."""
    if not request.user.has_perm("sales.view_prices"):
        raise PermissionDenied
    rows = queries.overdue_receivables(request.user)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            _("overdue receivables") + ".xlsx",
            [_("Order number"), _("Customer"), _("Payment due date"), _("Balance due")],
            (
                [o.number, o.customer.name, str(o.payment_due_date), float(o.balance_due)]
                for o in rows
            ),
        )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "sales/receivables.html", {"page": page, **secrets(request.user)})
