"""Thin views: parse, call a service or a query, render."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.catalog.models import Item
from gendan.core import filters as filters_
from gendan.core import papers as core_papers
from gendan.core.actions import act, chain_outcome
from gendan.core.audit import Origin
from gendan.core.errors import DomainError, NotFound
from gendan.core.exports import xlsx_response
from gendan.core.filters import cleaned as filter_values
from gendan.core.models import Document, DocumentBook
from gendan.org.models import Role, Site, Warehouse, Workshop
from gendan.stock.access import can_read_stock
from gendan.stock.models import WarehouseItem
from gendan.stock.slips import forms, queries, services
from gendan.stock.slips.kinds import KINDS, RECEIPT, rules_for
from gendan.stock.slips.models import SlipKind

PAPERS = {"a4": "A4", "a5": "A5 landscape", "continuous": "241mm 140mm"}
FILTERS = ("book", "status", "kind", "workshop", "order", "item", "next_role", "q")
FILTERS += ("date_from", "date_to")
FILTER_KINDS = {
    "book": filters_.ID,
    "status": Document.Status.values,
    "kind": SlipKind.values,
    "workshop": filters_.ID,
    "order": filters_.TEXT,
    "item": filters_.TEXT,
    "next_role": filters_.TEXT,
    "q": filters_.TEXT,
    "date_from": filters_.DATE,
    "date_to": filters_.DATE,
}


def _template(request, name):
    return f"slips/partials/_{name}.html" if request.htmx else f"slips/{name}.html"


def _slip_or_404(request, pk):
    try:
        return queries.slip_detail(request.user, pk)
    except NotFound:
        raise Http404(_("Not found, or you may not see it.")) from None


@login_required
def slip_list(request):
    filters = filter_values(request, FILTER_KINDS)
    slips = queries.slip_list(request.user, filters=filters)
    if request.GET.get("format") == "xlsx":
        return _xlsx(slips)
    page = Paginator(slips, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "kinds": SlipKind.choices,
        "statuses": Document.Status.choices,
        "workshops": Workshop.objects.order_by("code"),
        "books": DocumentBook.objects.filter(slip_type__startswith="slips.").order_by("code"),
        "roles": _signing_roles(),
    }
    return render(request, _template(request, "slip_list"), context)


def _signing_roles():
    """(code, name) of every role that signs a slip, named in one query."""
    codes = {role for rules in KINDS.values() for _name, role in rules.chain}
    return [(role.code, role.display_name) for role in Role.objects.filter(code__in=codes)]


def _xlsx(slips):
    headers = [_("Number"), _("Kind"), _("Status"), _("Warehouse"), _("Workshop")]
    headers += [_("Supplier or outsourcer"), _("Order"), _("Title"), _("Created at")]
    rows = (
        [
            s.document.number,
            s.get_kind_display(),
            s.document.get_status_display(),
            str(s.warehouse),
            str(s.workshop or ""),
            str(s.partner or ""),
            s.order.number if s.order_id else "",
            s.document.title,
            s.document.created_at,
        ]
        for s in slips
    )
    return xlsx_response(_("slips") + ".xlsx", headers, rows)


def _form_context(kind, header=None, rows=None, slip=None):
    return {
        "kind": kind,
        "rules": rules_for(kind),
        "kind_label": SlipKind(kind).label,
        "warehouses": Warehouse.objects.order_by("code"),
        "workshops": Workshop.objects.order_by("code"),
        "partners": Site.objects.exclude(kind=Site.Kind.OWN_PLANT).order_by("code"),
        "items": Item.objects.filter(
            pk__in=WarehouseItem.objects.values("item_id"), is_active=True
        ).select_related("unit"),
        "batch_choices": queries.batch_choices() if rules_for(kind).direction != RECEIPT else [],
        "header": header or {},
        "rows": rows or [{}],
        "slip": slip,
    }


@login_required
def slip_create(request, kind):
    if kind not in KINDS:
        raise Http404(_("No such slip kind."))
    if request.method != "POST":
        return render(request, "slips/slip_form.html", _form_context(kind))
    try:
        header = forms.parse_header(request.POST)
        rows = forms.parse_lines(request.POST)
        slip = services.write_slip(
            actor=request.user, kind=kind, lines=rows, origin=Origin.from_request(request), **header
        )
        if request.POST.get("submit"):
            services.submit_slip(actor=request.user, slip=slip, origin=Origin.from_request(request))
    except DomainError as error:
        messages.error(request, str(error))
        rows = forms.parse_lines(request.POST)
        return render(
            request,
            "slips/slip_form.html",
            _form_context(kind, request.POST, rows) | {"error_field": error.field},
            status=400,
        )
    return redirect("slips:slip-detail", pk=slip.pk)


@login_required
def slip_edit(request, pk):
    slip = _slip_or_404(request, pk)
    if request.method != "POST":
        context = _form_context(slip.kind, {"explanation": slip.explanation}, forms.line_rows(slip))
        return render(request, "slips/slip_form.html", context | {"slip": slip})
    return act(
        request,
        lambda origin: services.update_slip(
            actor=request.user,
            slip=slip,
            lines=forms.parse_lines(request.POST),
            explanation=request.POST.get("explanation"),
            origin=origin,
        ),
        success=_("Saved."),
        back=reverse("slips:slip-detail", args=[slip.pk]),
    )


@login_required
def line_form(request, kind):
    """HTMX: one blank line row for the slip form."""
    if kind not in KINDS:
        raise Http404(_("No such slip kind."))
    return render(request, "slips/partials/_line.html", _form_context(kind) | {"row": {}})


@login_required
def slip_detail(request, pk):
    slip = queries.mark_on_hand(_slip_or_404(request, pk))
    return render(
        request,
        "slips/slip_detail.html",
        {
            "slip": slip,
            "document": slip.document,
            "rules": rules_for(slip.kind),
            "reversal": queries.reversal_of(slip),
            "consumption": queries.outsourcer_consumption(slip),
            "papers": PAPERS,
            "related": core_papers.related_of(slip.document),
        },
    )


def slip_qr_url(request, slip):
    return request.build_absolute_uri(reverse("slips:slip-detail", args=[slip.pk]))


@login_required
def slip_print(request, pk):
    slip = _slip_or_404(request, pk)
    paper = request.GET.get("paper", "a4")
    if paper not in PAPERS:
        paper = "a4"
    url = slip_qr_url(request, slip)
    return render(
        request,
        "slips/slip_print.html",
        {
            "slip": slip,
            "document": slip.document,
            "copies": rules_for(slip.kind).copies,
            "paper": paper,
            "page_size": PAPERS[paper],
            "qr_url": url,
            "qr_svg": segno.make(url, error="m").svg_inline(scale=3),
        },
    )


def _act_on_slip(request, pk, service, success=None):
    """Run one action on a slip the person may see; go to the slip it leaves."""
    slip = _slip_or_404(request, pk)
    return act(
        request,
        lambda origin: service(slip, origin),
        success=success or (lambda result: chain_outcome(result.document)),
        back=lambda result: reverse("slips:slip-detail", args=[(result or slip).pk]),
    )


@login_required
@require_POST
def slip_submit(request, pk):
    return _act_on_slip(
        request, pk, lambda s, o: services.submit_slip(actor=request.user, slip=s, origin=o)
    )


@login_required
@require_POST
def slip_sign(request, pk):
    note = request.POST.get("note", "")
    return _act_on_slip(
        request,
        pk,
        lambda s, o: services.sign_slip(actor=request.user, slip=s, note=note, origin=o),
    )


@login_required
@require_POST
def slip_reverse(request, pk):
    reason = request.POST.get("reason", "")
    return _act_on_slip(
        request,
        pk,
        lambda s, o: services.reverse_slip(actor=request.user, slip=s, reason=reason, origin=o),
        success=lambda reversal: (
            _("Reversing slip %(number)s written; it goes through the same signatures.")
            % {"number": reversal.document.number}
        ),
    )


@login_required
def outsourcer_report(request):
    if not can_read_stock(request.user):  # holdings are stock figures (issue 9)
        raise PermissionDenied
    return render(
        request, "slips/outsourcer_report.html", {"holdings": queries.outsourcer_holdings()}
    )
