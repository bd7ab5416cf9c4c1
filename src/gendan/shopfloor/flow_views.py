"""Pages of the order's lots from its BOM, the process flow and the label sheets: thin
views over `flow_explode`, `flow_queries` and `labels`."""

from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.catalog.models import Item
from gendan.core import permissions
from gendan.core.actions import act
from gendan.core.errors import DomainError, NotFound
from gendan.core.parsing import parse_quantity
from gendan.sales.models import Order
from gendan.shopfloor import flow_access, flow_explode, flow_queries, labels, queries

PAPERS = ("a4", "label")


def _order_or_404(user, pk):
    try:
        return flow_access.access_order_for_lots(user, pk)
    except NotFound:
        raise Http404(_("Not found, or you may not see it.")) from None


# ---------------------------------------------------------------- lots from the BOM
@login_required
def order_explode(request, pk):
    """按BOM开流转卡: the lots the order's BOM asks for, to confirm before starting."""
    order = _order_or_404(request.user, pk)
    rows = flow_explode.propose(order)
    context = {
        "order": order,
        "rows": rows,
        "to_start": [row for row in rows if row.status == flow_explode.START],
        "fingerprint": flow_explode.fingerprint(rows),
        "can_start": permissions.allows(request.user, "lot", "create"),
    }
    return render(request, "shopfloor/flow/explode.html", context)


@login_required
@require_POST
def order_explode_start(request, pk):
    order = _order_or_404(request.user, pk)
    return act(
        request,
        lambda origin: flow_explode.start_lots_for_order(
            actor=request.user,
            order=order,
            expected=request.POST.get("expected"),
            origin=origin,
        ),
        success=_started_message,
        back=lambda lots: (
            reverse("shopfloor:flow-order", args=[order.pk])
            if lots
            else reverse("shopfloor:order-explode", args=[order.pk])
        ),
    )


def _started_message(lots):
    if not lots:
        return _("Nothing new to start: every made part of the order is started.")
    return _("%(count)s lots started: %(numbers)s.") % {
        "count": len(lots),
        "numbers": "、".join(lot.document.number for lot in lots),
    }


# ---------------------------------------------------------------- the process flow
@login_required
def flow_index(request):
    """Choose an order with lots, or a product, to see its process flow."""
    lots = queries.lot_list(request.user)
    order_ids = lots.exclude(order=None).values("order_id")
    orders = Order.objects.filter(pk__in=order_ids).order_by("-id")[:50]
    products = (
        Item.objects.filter(Q(process_sheet__isnull=False) | Q(bom_lines__isnull=False))
        .exclude(kind__in=flow_explode.NOT_MADE_KINDS)
        .distinct()
        .order_by("code")[:200]
    )
    return render(request, "shopfloor/flow/index.html", {"orders": orders, "products": products})


@login_required
def order_flow(request, pk):
    order = _order_or_404(request.user, pk)
    chains = flow_queries.order_flow(flow_access.order_lots(request.user, order))
    return _flow_page(request, chains, order=order)


@login_required
def item_flow(request, pk):
    item = Item.objects.filter(pk=pk).select_related("unit").first()
    if item is None:
        raise Http404(_("Not found, or you may not see it."))
    chains = flow_queries.item_flow(request.user, item)
    return _flow_page(request, chains, item=item)


def _flow_page(request, chains, **subject):
    lots = [route.lot for chain in chains for route in chain.routes]
    openable = flow_access.openable(request.user, lots)
    query = [("lot", lot.pk) for lot in lots if lot.pk in openable]
    context = {
        "chains": chains,
        "openable": openable,
        "labels_query": urlencode(query[: labels.MAX_LABELS]),
        "started": sum((chain.started for chain in chains), Decimal(0)),
        "can_explode": permissions.allows(request.user, "lot", "create"),
        **subject,
    }
    return render(request, "shopfloor/flow/flow.html", context)


# ---------------------------------------------------------------- labels
@login_required
def labels_choose(request):
    """Tick lots, print their labels on A4."""
    lots = list(queries.lot_list(request.user)[:200])
    found = queries.quantities(lots)
    rows = [(lot, queries.group_by_place(found[lot.pk])) for lot in lots]
    return render(request, "shopfloor/flow/labels_choose.html", {"rows": rows})


@login_required
def labels_sheet(request):
    """A4 sheets of the ticked lots' labels (`?lot=1&lot=2`)."""
    ids = [pk for pk in (_pk(value) for value in request.GET.getlist("lot")) if pk]
    lots = queries.lot_list(request.user).filter(pk__in=ids[: labels.MAX_LABELS])
    found = labels.labels_for(request, lots.order_by("pk"))
    if not found:
        raise Http404(_("Tick at least one lot you may see."))
    return _sheet(request, found, title=_("Labels"))


@login_required
def container_labels(request, pk):
    """One label per container of a lot: `?containers=5` splits its quantity evenly,
    `?per_container=40` fills containers of 40 and one with the rest."""
    try:
        lot = queries.lot_detail(request.user, pk)
    except NotFound:
        raise Http404(_("Not found, or you may not see it.")) from None
    label = labels.labels_for(request, [lot])[0]
    if "containers" not in request.GET and "per_container" not in request.GET:
        return render(request, "shopfloor/flow/containers.html", {"lot": lot, "label": label})
    try:
        shares = _shares(request.GET, label, lot.item)
    except DomainError as error:
        return render(
            request,
            "shopfloor/flow/containers.html",
            {"lot": lot, "label": label, "error": str(error)},
            status=400,
        )
    return _sheet(request, labels.container_labels(label, shares), title=str(lot))


def _shares(get, label, item):
    if get.get("per_container"):
        capacity = parse_quantity(
            get["per_container"], unit=item.unit, field="per_container", label=_("Per container")
        )
        return labels.by_capacity(label.quantity, capacity)
    count = _pk(get.get("containers"))
    return labels.split(label.quantity, count or 0, item.unit.decimals)


def _sheet(request, found, *, title):
    paper = request.GET.get("paper", "a4")
    paper = paper if paper in PAPERS else "a4"
    pages = labels.pages(found) if paper == "a4" else [[label] for label in found]
    return render(
        request,
        "shopfloor/flow/label_sheet.html",
        {"pages": pages, "paper": paper, "title": title, "count": len(found)},
    )


def _pk(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
