"""Thin views: parse, call a service or a query, render."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gendan.catalog import queries, services
from gendan.catalog.exports import TABLES
from gendan.catalog.forms import ImportForm
from gendan.catalog.models import ConfusionGroup, Item
from gendan.core import audit
from gendan.core.errors import DomainError
from gendan.core.exports import xlsx_response
from gendan.core.import_errors import ImportRejected

IMPORTERS = {
    "items": services.import_items,
    "variants": services.import_variants,
    "process_sheets": services.import_process_sheets,
}
EXPORT_NAMES = {
    "items": gettext_lazy("items"),
    "variants": gettext_lazy("variants"),
    "process_sheets": gettext_lazy("process sheets"),
}


def _template(request, name):
    """The partial `_name` for an HTMX request, the full page otherwise."""
    return f"catalog/partials/_{name}.html" if request.htmx else f"catalog/{name}.html"


def _filtered_items(request):
    group = request.GET.get("group", "")
    return queries.items(
        search=request.GET.get("q"),
        kind=request.GET.get("kind") or None,
        confusion_group=int(group) if group.isdigit() else None,
    )


def _export(what, item_query):
    headers, rows = TABLES[what](item_query)
    return xlsx_response(f"{EXPORT_NAMES[what]}.xlsx", headers, rows)


@login_required
def item_list(request):
    item_query = _filtered_items(request)
    if request.GET.get("format") == "xlsx":
        return _export("items", item_query)
    page = Paginator(item_query, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "kinds": Item.Kind.choices,
        "groups": ConfusionGroup.objects.all(),
        "filters": request.GET,
    }
    return render(request, _template(request, "item_list"), context)


@login_required
def item_detail(request, pk):
    try:
        item = queries.item_with_details(pk)
    except Item.DoesNotExist:
        raise Http404(_("Not found, or you may not see it.")) from None
    context = {
        "item": item,
        "sheet": getattr(item, "process_sheet", None),
        "confused_with": queries.confused_with(item),
        "events": audit.timeline_for(item),
    }
    return render(request, "catalog/item_detail.html", context)


@login_required
def item_export(request):
    what = request.GET.get("what", "items")
    if what not in TABLES:
        raise Http404(_("Not found, or you may not see it."))
    return _export(what, _filtered_items(request))


@permission_required("catalog.add_item", raise_exception=True)
def item_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    context, status = {"form": form}, 200
    if request.method == "POST" and form.is_valid():
        context, status = _run_import(request, form)
    return render(request, _template(request, "item_import"), context, status=status)


def _run_import(request, form):
    upload = form.cleaned_data["file"]
    importer = IMPORTERS[form.cleaned_data["what"]]
    context = {"form": form}
    try:
        result = importer(
            actor=request.user,
            file_bytes=upload.read(),
            filename=upload.name,
            origin=audit.Origin.from_request(request),
        )
    except ImportRejected as error:
        return context | {"error": error, "problems": error.problems}, 400
    except DomainError as error:
        return context | {"error": error}, 400
    return context | {"result": result}, 200
