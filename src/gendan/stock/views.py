"""Thin stock views: parse, call a service or a query, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.catalog.errors import ImportRejected
from gendan.catalog.models import Item
from gendan.core.errors import DomainError
from gendan.core.exports import xlsx_response
from gendan.stock import batches, count_sheets, counts, queries
from gendan.stock.models import CountSheet, Location

PAGE_SIZE = 50


def _template(request, name):
    """The partial `_name` for an HTMX request, the full page otherwise."""
    return f"stock/partials/_{name}.html" if request.htmx else f"stock/{name}.html"


@login_required
def balance_list(request):
    query = queries.balances(
        search=request.GET.get("q"),
        location=request.GET.get("location") or None,
        kind=request.GET.get("kind") or None,
        batch=request.GET.get("batch") or None,
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response("stock-on-hand.xlsx", *queries.balance_rows(query))
    context = {
        "page": Paginator(query, PAGE_SIZE).get_page(request.GET.get("page")),
        "filters": request.GET,
        "kinds": Location.Kind.choices,
    }
    return render(request, _template(request, "balance_list"), context)


@login_required
def item_history(request, pk):
    item = get_object_or_404(Item.objects.select_related("unit"), pk=pk)
    page = Paginator(queries.item_moves(item), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "stock/item_history.html", {"item": item, "page": page})


@login_required
def near_expiry_list(request):
    days = request.GET.get("days", "")
    days = int(days) if days.isdigit() else batches.near_expiry_days()
    page = Paginator(batches.near_expiry(days), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "stock/near_expiry.html", {"page": page, "days": days})


def _sheet(pk):
    return get_object_or_404(CountSheet.objects.select_related("document", "location"), pk=pk)


@login_required
def count_sheet(request, pk):
    sheet = _sheet(pk)
    context = {"sheet": sheet, "lines": queries.count_lines(sheet)}
    return render(request, "stock/count_sheet.html", context)


@login_required
def count_sheet_export(request, pk):
    sheet = _sheet(pk)
    return xlsx_response(f"{sheet.document.number}.xlsx", *count_sheets.export_rows(sheet))


@login_required
def count_phone(request, pk):
    sheet = _sheet(pk)
    context = {"sheet": sheet, "lines": queries.count_lines(sheet)}
    return render(request, "stock/count_phone.html", context)


@require_POST
@login_required
def count_record(request, pk):
    """The phone page posts counted quantities as `line-<id>` fields."""
    sheet = _sheet(pk)
    lines = {f"line-{line.pk}": line for line in queries.count_lines(sheet)}
    entries = [
        (line.item, line.batch, request.POST[key], line.is_found_stock)
        for key, line in lines.items()
        if request.POST.get(key, "").strip()
    ]
    try:
        counts.record_counted(actor=request.user, sheet=sheet, entries=entries)
        messages.success(request, _("Counted quantities saved."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("stock:count-phone", pk=sheet.pk)


@require_POST
@login_required
def count_import(request, pk):
    sheet = _sheet(pk)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise DomainError(_("Choose a file to import."), field="file")
        count_sheets.import_counted(
            actor=request.user, sheet=sheet, file_bytes=upload.read(), filename=upload.name
        )
        messages.success(request, _("Counted quantities saved."))
    except ImportRejected as error:
        for problem in error.problems[:50]:
            messages.error(request, f"{problem.row} {problem.column}: {problem.message}")
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("stock:count-sheet", pk=sheet.pk)
