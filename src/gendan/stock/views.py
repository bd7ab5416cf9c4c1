"""Thin stock views: parse, call a service or a query, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.catalog.models import Item
from gendan.core import permissions
from gendan.core.errors import DomainError
from gendan.core.exports import xlsx_response
from gendan.core.import_errors import ImportRejected
from gendan.org.models import Warehouse, Workshop
from gendan.stock import access, batches, count_sheets, counts, queries
from gendan.stock.forms import OpeningImportForm
from gendan.stock.models import Location
from gendan.stock.opening import HEADERS, import_opening_stock

PAGE_SIZE = 50
ACTIVE_FILTER = {"yes": True, "no": False}


def _template(request, name):
    """The partial `_name` for an HTMX request, the full page otherwise."""
    return f"stock/partials/_{name}.html" if request.htmx else f"stock/{name}.html"


def _nav(request):
    """What the stock pages' navigation links to for this user."""
    return {
        "can_view_locations": access.holds_anywhere(request.user, "stock.view_location"),
        "can_view_counts": permissions.allows(request.user, "count", "view"),
    }


@login_required
@access.stock_reader_required
def balance_list(request):
    query = queries.balances(
        search=request.GET.get("q"),
        location=request.GET.get("location") or None,
        kind=request.GET.get("kind") or None,
        batch=request.GET.get("batch") or None,
    )
    query = access.scoped_balances(request.user, query)
    if request.GET.get("format") == "xlsx":
        return xlsx_response("stock-on-hand.xlsx", *queries.balance_rows(query))
    context = {
        "page": Paginator(query, PAGE_SIZE).get_page(request.GET.get("page")),
        "filters": request.GET,
        "kinds": Location.Kind.choices,
        **_nav(request),
    }
    return render(request, _template(request, "balance_list"), context)


@login_required
@access.stock_reader_required
def item_history(request, pk):
    item = get_object_or_404(Item.objects.select_related("unit"), pk=pk)
    moves = access.scoped_moves(request.user, queries.item_moves(item))
    page = Paginator(moves, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "stock/item_history.html", {"item": item, "page": page})


@login_required
@access.stock_reader_required
def near_expiry_list(request):
    days = request.GET.get("days", "")
    days = int(days) if days.isdigit() else batches.near_expiry_days()
    balances = access.scoped_balances(request.user, batches.near_expiry(days))
    page = Paginator(balances, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "days": days, **_nav(request)}
    return render(request, "stock/near_expiry.html", context)


def _location_filters(params):
    kind, warehouse, workshop = (params.get(key, "") for key in ("kind", "warehouse", "workshop"))
    return {
        "search": params.get("q"),
        "kind": kind if kind in Location.Kind.values else None,
        "warehouse": int(warehouse) if warehouse.isdigit() else None,
        "workshop": int(workshop) if workshop.isdigit() else None,
        "is_active": ACTIVE_FILTER.get(params.get("active", "")),
    }


@login_required
def location_list(request):
    """Every location with its owner and items on hand; each links to its stock."""
    if not access.holds_anywhere(request.user, "stock.view_location"):
        raise PermissionDenied
    query = queries.locations(**_location_filters(request.GET))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_("locations") + ".xlsx", *queries.location_rows(query))
    context = {
        "page": Paginator(query, PAGE_SIZE).get_page(request.GET.get("page")),
        "filters": request.GET,
        "kinds": Location.Kind.choices,
        "warehouses": Warehouse.objects.order_by("code"),
        "workshops": Workshop.objects.order_by("code"),
        "can_view_locations": True,
    }
    return render(request, _template(request, "location_list"), context)


@login_required
@permission_required("stock.add_openingimport", raise_exception=True)
def opening_import(request):
    """Upload opening stock (期初库存): all rows or none; the same file twice imports once."""
    form = OpeningImportForm(request.POST or None, request.FILES or None)
    context, status = {"form": form}, 200
    if request.method == "POST":
        context, status = _run_opening_import(request, form)
    earlier = Paginator(queries.opening_imports(), PAGE_SIZE).get_page(request.GET.get("page"))
    context |= {"page": earlier, "headers": HEADERS, **_nav(request)}
    return render(request, _template(request, "opening_import"), context, status=status)


def _run_opening_import(request, form):
    context = {"form": form}
    if not form.is_valid():
        return context, 400
    upload = form.cleaned_data["file"]
    try:
        record, created = import_opening_stock(
            actor=request.user, file_bytes=upload.read(), filename=upload.name
        )
    except ImportRejected as error:
        return context | {"error": error, "problems": error.problems}, 400
    except DomainError as error:
        return context | {"error": error}, 400
    return context | {"record": record, "created": created}, 200


@login_required
@permission_required("stock.add_openingimport", raise_exception=True)
def opening_import_template(request):
    """An empty workbook with the columns the import reads, in order."""
    return xlsx_response(_("opening stock") + ".xlsx", HEADERS, [])


def _sheet(request, pk):
    return access.access_count_sheet(request.user, pk)


def _countable_locations(user):
    """The places `user` may open a count at: their warehouses' (or workshops') own
    storage places, as the permission matrix's `count.create` reaches."""
    found = permissions.reach(user, "count", "create")
    if not found:
        return Location.objects.none()
    query = Location.objects.filter(is_active=True, kind__in=COUNTABLE_KINDS)
    if not found.everywhere:
        query = query.filter(pk__in=access.visible_locations(user, "count").values("pk"))
    return query.order_by("code")


COUNTABLE_KINDS = (Location.Kind.WAREHOUSE, Location.Kind.STATION, Location.Kind.WAITING_AREA)


@login_required
def count_list(request):
    """Stock counts (盘点) of the places this user may see, and — for the storekeepers —
    a form to open a count of one of their places (D1-1.5)."""
    if not permissions.allows(request.user, "count", "view"):
        raise PermissionDenied
    page = Paginator(access.visible_count_sheets(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "locations": _countable_locations(request.user),
        "can_open": access.can_count(request.user),
        **_nav(request),
    }
    return render(request, "stock/count_list.html", context)


@require_POST
@login_required
def count_open(request):
    """Open a count of one place; refused unless the user counts that place."""
    location = _countable_locations(request.user).filter(pk=request.POST.get("location") or 0)
    location = location.first()
    if location is None:
        messages.error(request, _("Choose one of your places to count."))
        return redirect("stock:count-list")
    try:
        sheet = counts.open_count(actor=request.user, location=location)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("stock:count-list")
    messages.success(request, _("Count %(number)s opened.") % {"number": sheet.document.number})
    return redirect("stock:count-phone", pk=sheet.pk)


def _count_context(request, sheet):
    return {
        "sheet": sheet,
        "lines": queries.count_lines(sheet),
        "can_count": sheet.document.status == "draft" and access.can_count(request.user, sheet),
    }


@login_required
def count_sheet(request, pk):
    sheet = _sheet(request, pk)
    return render(request, "stock/count_sheet.html", _count_context(request, sheet))


@login_required
def count_sheet_export(request, pk):
    sheet = _sheet(request, pk)
    return xlsx_response(f"{sheet.document.number}.xlsx", *count_sheets.export_rows(sheet))


@login_required
def count_phone(request, pk):
    sheet = _sheet(request, pk)
    return render(request, "stock/count_phone.html", _count_context(request, sheet))


@require_POST
@login_required
def count_record(request, pk):
    """The phone page posts counted quantities as `line-<id>` fields."""
    sheet = _sheet(request, pk)
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
def count_submit(request, pk):
    """Hand the counted sheet in for signatures (the chief storekeeper approves)."""
    sheet = _sheet(request, pk)
    try:
        counts.require_counter(request.user, sheet.document.scope_keys)
        counts.submit_count(actor=request.user, sheet=sheet)
        messages.success(request, _("Handed in for signatures."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("stock:count-sheet", pk=sheet.pk)


@require_POST
@login_required
def count_import(request, pk):
    sheet = _sheet(request, pk)
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
