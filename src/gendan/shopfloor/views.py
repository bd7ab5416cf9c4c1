"""Thin views: parse, call a service or a query, render. The clerk's pages are phone first."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.catalog.models import Item
from gendan.core import permissions
from gendan.core.actions import act, chain_outcome
from gendan.core.errors import DomainError, NotFound
from gendan.core.roles import directory
from gendan.org.models import Site, Warehouse, Workshop
from gendan.sales.models import Order
from gendan.shopfloor import queries, services
from gendan.shopfloor.models import Lot, TransferLine, TransferSlip

LINE_ROWS = 3


def _or_404(fetch, request, pk):
    try:
        return fetch(request.user, pk)
    except NotFound:
        raise Http404(_("Not found, or you may not see it.")) from None


def _pk(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------- lots
@login_required
def lot_list(request):
    lots = list(queries.lot_list(request.user)[:200])
    found = queries.quantities(lots)
    rows = [(lot, queries.group_by_place(found[lot.pk])) for lot in lots]
    items = Item.objects.filter(process_sheet__isnull=False).order_by("code")
    orders = Order.objects.order_by("-id")[:50]
    return render(
        request, "shopfloor/lot_list.html", {"rows": rows, "items": items, "orders": orders}
    )


@login_required
@require_POST
def lot_start(request):
    item = Item.objects.filter(pk=_pk(request.POST.get("item"))).first()
    order = Order.objects.filter(pk=_pk(request.POST.get("order"))).first()
    if item is None:
        messages.error(request, _("Choose the item of the lot."))
        return redirect("shopfloor:lot-list")
    return act(
        request,
        lambda origin: services.start_lot(
            actor=request.user,
            item=item,
            quantity=request.POST.get("quantity"),
            order=order,
            origin=origin,
        ),
        success=lambda lot: _("Lot %(number)s is started.") % {"number": lot},
        back=lambda lot: (
            reverse("shopfloor:lot-detail", args=[lot.pk]) if lot else reverse("shopfloor:lot-list")
        ),
    )


@login_required
def lot_detail(request, pk):
    lot = _or_404(queries.lot_detail, request, pk)
    found = queries.quantities([lot])[lot.pk]
    url = request.build_absolute_uri(reverse("shopfloor:lot-detail", args=[lot.pk]))
    context = {
        "lot": lot,
        "places": queries.group_by_place(found),
        "steps": [(step, found.get(step.name, 0)) for step in lot.steps.all()],
        "others": [(key, found[key]) for key in queries.FIXED_KEYS if found[key]],
        "route": queries.lot_route(lot),
        "qr": segno.make(url, error="m").svg_inline(scale=3),
        "url": url,
        "can_write_transfer": permissions.allows(request.user, "transfer", "create"),
        "can_refuse": permissions.allows(request.user, "assessment", "create"),
    }
    return render(request, "shopfloor/lot_detail.html", context)


# ---------------------------------------------------------------- transfers
@login_required
def transfer_list(request):
    slips = queries.transfer_list(request.user)
    context = {
        "slips": slips,
        "can_write_transfer": permissions.allows(request.user, "transfer", "create"),
    }
    return render(request, "shopfloor/transfer_list.html", context)


@login_required
def transfer_create(request):
    if not permissions.allows(request.user, "transfer", "create"):
        # the form only for who may write it (D1-3.2: the transfer clerk)
        raise PermissionDenied(_("Only the transfer clerk writes transfer slips."))
    if request.method == "POST":
        return _write(request)
    lots = list(queries.lot_list(request.user)[:200])
    found = queries.quantities(lots)
    chosen = _pk(request.GET.get("lot"))
    return render(
        request,
        "shopfloor/transfer_form.html",
        {
            "lots": [(lot, queries.group_by_place(found[lot.pk])) for lot in lots],
            "chosen": chosen,
            "rows": range(1, LINE_ROWS + 1),
            "destinations": TransferSlip.Destination.choices,
            "sources": [
                choice
                for choice in TransferLine.Source.choices
                if choice[0] != TransferLine.Source.OUTSIDE
            ],
            "warehouses": Warehouse.objects.order_by("code"),
            "outsourcers": Site.objects.filter(kind=Site.Kind.OUTSOURCER).order_by("code"),
        },
    )


def _lines(post):
    lots = Lot.objects.in_bulk([_pk(v) for v in post.getlist("line-lot") if _pk(v)])
    lines = []
    for lot_id, step, source, quantity in zip(
        post.getlist("line-lot"),
        post.getlist("line-step"),
        post.getlist("line-source"),
        post.getlist("line-quantity"),
        strict=False,
    ):
        if not _pk(lot_id) and not quantity.strip():
            continue
        lot = lots.get(_pk(lot_id))
        if lot is None:
            raise DomainError(_("Line %(line)s: choose a lot.") % {"line": len(lines) + 1})
        lines.append(
            {"lot": lot, "from_step": step or None, "source": source, "quantity": quantity}
        )
    return lines


def _write(request):
    post = request.POST

    def write(origin):
        return services.write_transfer(
            actor=request.user,
            destination=post.get("destination", ""),
            lines=_lines(post),
            warehouse=Warehouse.objects.filter(pk=_pk(post.get("warehouse"))).first(),
            outsourcer=Site.objects.filter(pk=_pk(post.get("outsourcer"))).first(),
            waiting_reason=post.get("waiting_reason", ""),
            origin=origin,
        )

    return act(
        request,
        write,
        success=lambda slip: chain_outcome(slip.document),
        back=lambda slip: (
            reverse("shopfloor:transfer-detail", args=[slip.pk])
            if slip
            else request.get_full_path()
        ),
    )


@login_required
def transfer_detail(request, pk):
    slip = _or_404(queries.transfer_detail, request, pk)
    role = services.current_role(slip)
    context = {
        "slip": slip,
        "document": slip.document,
        "lines": queries.transfer_lines(slip),
        "role": role,
        "reasons": TransferLine.Reason.choices,
        "can_sign": role is not None and _holds(request.user, role, slip.document),
        "is_receiver": role in services.RECEIVER_ROLES,
    }
    return render(request, "shopfloor/transfer_detail.html", context)


@login_required
@require_POST
def transfer_sign(request, pk):
    slip = _or_404(queries.transfer_detail, request, pk)
    post = request.POST
    rows = []
    for position in post.getlist("line-position"):
        row = {"position": position}
        for key in ("passed", "rework", "scrap", "handed_over", "received", "reason", "note"):
            value = post.get(f"{key}-{position}")
            if value not in (None, ""):
                row[key] = value
        rows.append(row)
    return act(
        request,
        lambda origin: services.sign_transfer(
            actor=request.user,
            slip=slip,
            lines=rows,
            place=post.get("place", ""),
            note=post.get("note", ""),
            origin=origin,
        ),
        success=lambda signed: chain_outcome(signed.document),
        back=reverse("shopfloor:transfer-detail", args=[slip.pk]),
    )


def _holds(user, role, document):
    """Whether `user` may sign the step waiting for `role` (the form is shown only then)."""
    if user.is_superuser:
        return True
    return bool(directory().authorities(user, role, document.scope_keys, timezone.localdate()))


# ---------------------------------------------------------------- waiting area
@login_required
def waiting_area(request, workshop_pk=None):
    workshops = Workshop.objects.order_by("code")
    workshop = get_object_or_404(Workshop, pk=workshop_pk) if workshop_pk else workshops.first()
    rows = queries.waiting_area(workshop) if workshop else []
    return render(
        request,
        "shopfloor/waiting_area.html",
        {"workshop": workshop, "workshops": workshops, "rows": rows},
    )


@login_required
def lot_label(request, pk):
    """标识卡 (D1-1.4, D1-4.5): a 100 × 70 mm label — item, spec, grade, lot, where its
    parts are and what comes next, order — with a QR code that opens the lot."""
    lot = _or_404(queries.lot_detail, request, pk)
    found = queries.quantities([lot])[lot.pk]
    steps = list(lot.steps.all())
    holding = [step for step in steps if found.get(step.name)]
    current = holding[0] if holding else None
    later = [step for step in steps if current and step.sequence > current.sequence]
    url = request.build_absolute_uri(reverse("shopfloor:lot-detail", args=[lot.pk]))
    context = {
        "lot": lot,
        "current": current,
        "current_quantity": found.get(current.name) if current else None,
        "next_step": later[0] if later else None,
        "qr": segno.make(url, error="m").svg_inline(scale=2, omitsize=True),
    }
    return render(request, "shopfloor/lot_label.html", context)
