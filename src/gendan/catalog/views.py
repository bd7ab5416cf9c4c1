"""Thin views: parse, call a service or a query, render."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from gendan.catalog import access, queries, services
from gendan.catalog.exports import TABLES
from gendan.catalog.forms import (
    BomLineForm,
    ImportForm,
    ItemForm,
    ProcessStepFormSet,
    VariantGridForm,
)
from gendan.catalog.models import ConfusionGroup, Item, ItemVariant
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


def keeps_catalog(permission):
    """A page for those who may do the catalog write `permission` names (catalog.access,
    the permission matrix's master data rows); anyone else gets 403."""

    def decorate(view):
        @login_required
        @wraps(view)
        def gated(request, *args, **kwargs):
            if not access.may(request.user, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return gated

    return decorate


def _may_keep(user):
    """What the catalog pages offer this person (buttons and forms), by catalog.access."""
    return {
        "create": access.may(user, "catalog.add_item"),
        "change": access.may(user, "catalog.change_item"),
        "variants": access.may(user, "catalog.add_itemvariant"),
        "sheet": access.may(user, "catalog.add_processsheet"),
        "bom": access.may(user, "catalog.add_bomline"),
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
        "may_keep": _may_keep(request.user),
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
        "variant_form": VariantGridForm(),
        "sheet": getattr(item, "process_sheet", None),
        "confused_with": queries.confused_with(item),
        "events": audit.timeline_for(item),
        "may_keep": _may_keep(request.user),
    }
    return render(request, "catalog/item_detail.html", context)


@login_required
def item_export(request):
    what = request.GET.get("what", "items")
    if what not in TABLES:
        raise Http404(_("Not found, or you may not see it."))
    return _export(what, _filtered_items(request))


@keeps_catalog("catalog.add_item")
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


# ---------------------------------------------------------------------- editing
def _item_or_404(pk):
    item = Item.objects.select_related("unit", "confusion_group").filter(pk=pk).first()
    if item is None:
        raise Http404(_("Not found, or you may not see it."))
    return item


def _apply_error(form, error):
    """A refusal from a service, shown at the field it names (or above the form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))


@keeps_catalog("catalog.add_item")
def item_create(request):
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        values.pop("is_active")
        try:
            item = services.create_item(
                actor=request.user, origin=audit.Origin.from_request(request), **values
            )
        except DomainError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("Item %(item)s was created.") % {"item": item})
            return redirect("catalog:item-detail", item.pk)
    return render(request, "catalog/item_form.html", {"form": form}, status=_status(request, form))


@keeps_catalog("catalog.change_item")
def item_edit(request, pk):
    item = _item_or_404(pk)
    form = ItemForm(request.POST or None, initial=ItemForm.initial_of(item))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(
                actor=request.user,
                item=item,
                origin=audit.Origin.from_request(request),
                **form.cleaned_data,
            )
        except DomainError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("Item %(item)s was saved.") % {"item": item.code})
            return redirect("catalog:item-detail", item.pk)
    context = {"form": form, "item": item}
    return render(request, "catalog/item_form.html", context, status=_status(request, form))


def _status(request, form):
    return 400 if request.method == "POST" and form.errors else 200


@require_POST
@keeps_catalog("catalog.add_itemvariant")
def variant_grid_add(request, pk):
    """Every colour × size typed, in one go (D5-3.2)."""
    item = _item_or_404(pk)
    form = VariantGridForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Colours and sizes are at most 1000 characters."))
        return redirect("catalog:item-detail", item.pk)
    try:
        created = services.create_variants(
            actor=request.user,
            item=item,
            colours=form.split(form.cleaned_data["colours"]),
            sizes=form.split(form.cleaned_data["sizes"]),
            origin=audit.Origin.from_request(request),
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        count = len(created)
        messages.success(
            request,
            ngettext("%(count)d variant was added.", "%(count)d variants were added.", count)
            % {"count": count},
        )
    return redirect("catalog:item-detail", item.pk)


@require_POST
@keeps_catalog("catalog.add_itemvariant")
def variant_change(request, pk):
    """Correct one variant's colour or size, or remove one added by mistake."""
    variant = get_object_or_404(ItemVariant.objects.select_related("item"), pk=pk)
    origin = audit.Origin.from_request(request)
    try:
        if "remove" in request.POST:
            services.remove_variant(actor=request.user, variant=variant, origin=origin)
            messages.success(request, _("%(code)s was removed.") % {"code": variant.code})
        else:
            services.change_variant(
                actor=request.user,
                variant=variant,
                colour=request.POST.get("colour", ""),
                size=request.POST.get("size", ""),
                origin=origin,
            )
            messages.success(request, _("%(code)s was saved.") % {"code": variant.code})
    except DomainError as error:
        messages.error(request, str(error))
    return redirect(reverse("catalog:item-detail", args=[variant.item_id]) + "#variants")


def _bom_context(item, form):
    return {
        "item": item,
        "form": form,
        "lines": item.bom_lines.select_related("component__unit").order_by("id"),
        "suggestions": queries.item_suggestions(exclude=item),
    }


@keeps_catalog("catalog.add_bomline")
def bom_edit(request, pk):
    """The bill of materials of one item: add a component with its quantity per unit."""
    item = _item_or_404(pk)
    form = BomLineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            component = queries.item_by_code(form.cleaned_data["component"])
            lines = [(line.component, line.quantity) for line in item.bom_lines.all()]
            lines = [line for line in lines if line[0].pk != component.pk]
            services.set_bom_lines(
                actor=request.user,
                parent=item,
                lines=[*lines, (component, form.cleaned_data["quantity"])],
                origin=audit.Origin.from_request(request),
            )
        except DomainError as error:
            form.add_error("component" if error.field in ("item", "lines") else None, str(error))
        else:
            messages.success(request, _("The bill of materials was saved."))
            return redirect("catalog:bom-edit", item.pk)
    return render(
        request, "catalog/bom_edit.html", _bom_context(item, form), status=_status(request, form)
    )


@require_POST
@keeps_catalog("catalog.add_bomline")
def bom_line_remove(request, pk, line_pk):
    item = _item_or_404(pk)
    lines = [(line.component, line.quantity) for line in item.bom_lines.exclude(pk=line_pk)]
    try:
        services.set_bom_lines(
            actor=request.user,
            parent=item,
            lines=lines,
            origin=audit.Origin.from_request(request),
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The component was removed."))
    return redirect("catalog:bom-edit", item.pk)


def _steps_initial(item):
    sheet = getattr(item, "process_sheet", None)
    if sheet is None:
        return []
    return [
        {
            "sequence": step.sequence,
            "name": step.name,
            "workshop": step.workshop,
            "is_outside": step.is_outside,
            "is_skippable": step.is_skippable,
        }
        for step in sheet.steps.select_related("workshop").order_by("sequence")
    ]


@keeps_catalog("catalog.add_processsheet")
def process_sheet_edit(request, pk):
    """工艺状态明细表: the ordered processes, each with its workshop, whether it is done
    outside and whether it may be skipped (D1-4.2, D1-6). Saving replaces the sheet."""
    item = _item_or_404(pk)
    formset = ProcessStepFormSet(request.POST or None, initial=_steps_initial(item))
    error = None
    if request.method == "POST" and formset.is_valid():
        steps = [
            {key: value for key, value in form.cleaned_data.items() if key != "DELETE"}
            for form in formset
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        try:
            services.define_process_sheet(
                actor=request.user,
                item=item,
                steps=steps,
                origin=audit.Origin.from_request(request),
            )
        except DomainError as refused:
            error = refused
        else:
            messages.success(request, _("The process sheet was saved."))
            return redirect("catalog:item-detail", item.pk)
    status = 400 if request.method == "POST" else 200
    context = {"item": item, "formset": formset, "error": error}
    return render(request, "catalog/process_sheet_edit.html", context, status=status)
