"""Warehouse setup without the admin: which items a warehouse manages (D1-6.2) and its
storage places. Thin: parse, ask the gate, call `stock.warehouse_items`, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from gendan.catalog import queries as catalog_queries
from gendan.catalog.models import ConfusionGroup, Item
from gendan.core import audit
from gendan.core.errors import DomainError
from gendan.core.exports import xlsx_response
from gendan.core.import_errors import ImportRejected
from gendan.org.models import StoragePlace, Warehouse
from gendan.stock import setup_queries, warehouse_items
from gendan.stock.setup_forms import (
    AssignGroupForm,
    AssignItemForm,
    AssignKindForm,
    ItemListImportForm,
    RenamePlaceForm,
    StoragePlaceForm,
)
from gendan.stock.warehouse_items import ADD_ITEMS, ADD_PLACES, CHANGE_PLACES, REMOVE_ITEMS

PAGE_SIZE = 50
SETUP_PERMISSIONS = (ADD_ITEMS, REMOVE_ITEMS, ADD_PLACES, CHANGE_PLACES)


def _abilities(user, warehouse):
    """What `user` may do on this warehouse's setup; the page shows only those forms."""
    may = {perm: warehouse_items.may_set_up(user, warehouse, perm) for perm in SETUP_PERMISSIONS}
    return {
        "can_add_items": may[ADD_ITEMS],
        "can_remove_items": may[REMOVE_ITEMS],
        "can_add_places": may[ADD_PLACES],
        "can_change_places": may[CHANGE_PLACES],
    }


def _warehouse_for(user, pk):
    """The warehouse, only for someone who may set some of it up (else 404)."""
    warehouse = Warehouse.objects.filter(pk=pk).first()
    if warehouse is None or not any(_abilities(user, warehouse).values()):
        raise Http404(_("Not found, or you may not see it."))
    return warehouse


def _origin(request):
    return audit.Origin.from_request(request)


@login_required
def warehouse_list(request):
    if not warehouse_items.may_set_up_any(request.user):
        raise Http404(_("Not found, or you may not see it."))
    visible = [
        warehouse
        for warehouse in setup_queries.warehouses()
        if any(_abilities(request.user, warehouse).values())
    ]
    return render(request, "stock/setup/warehouse_list.html", {"warehouses": visible})


# ---------------------------------------------------------------------- managed items
@login_required
def warehouse_items_page(request, pk, *, import_context=None, status=200):
    warehouse = _warehouse_for(request.user, pk)
    kind = request.GET.get("kind", "")
    query = setup_queries.managed_items(
        warehouse,
        search=request.GET.get("q"),
        kind=kind if kind in Item.Kind.values else None,
    )
    if request.GET.get("format") == "xlsx":
        filename = _("items of %(warehouse)s") % {"warehouse": warehouse.name}
        return xlsx_response(f"{filename}.xlsx", *setup_queries.managed_item_rows(query))
    context = {
        "warehouse": warehouse,
        "page": Paginator(query, PAGE_SIZE).get_page(request.GET.get("page")),
        "filters": request.GET,
        "kinds": Item.Kind.choices,
        "item_form": AssignItemForm(),
        "kind_form": AssignKindForm(),
        "group_form": AssignGroupForm(),
        "has_groups": ConfusionGroup.objects.exists(),
        "import_form": ItemListImportForm(),
        "suggestions": catalog_queries.item_suggestions(),
        **_abilities(request.user, warehouse),
        **(import_context or {}),
    }
    return render(request, "stock/setup/warehouse_items.html", context, status=status)


def _assigned(request, warehouse, added):
    if added:
        messages.success(
            request,
            ngettext(
                "%(count)d item was added to %(warehouse)s.",
                "%(count)d items were added to %(warehouse)s.",
                added,
            )
            % {"count": added, "warehouse": warehouse.name},
        )
    else:
        messages.info(
            request, _("%(warehouse)s manages them already.") % {"warehouse": warehouse.name}
        )
    return redirect("stock:setup-items", warehouse.pk)


def _assign(request, pk, form_class, assign):
    """POST one assignment form; `assign(warehouse, cleaned_data)` calls the service."""
    warehouse = _warehouse_for(request.user, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("stock:setup-items", warehouse.pk)
    try:
        added = assign(warehouse, form.cleaned_data)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("stock:setup-items", warehouse.pk)
    return _assigned(request, warehouse, added)


@require_POST
@login_required
def assign_item(request, pk):
    def assign(warehouse, data):
        item = catalog_queries.item_by_code(data["item"])
        return warehouse_items.assign_items(
            actor=request.user, warehouse=warehouse, items=[item], origin=_origin(request)
        )

    return _assign(request, pk, AssignItemForm, assign)


@require_POST
@login_required
def assign_kind(request, pk):
    def assign(warehouse, data):
        return warehouse_items.assign_kind(
            actor=request.user, warehouse=warehouse, kind=data["kind"], origin=_origin(request)
        )

    return _assign(request, pk, AssignKindForm, assign)


@require_POST
@login_required
def assign_group(request, pk):
    def assign(warehouse, data):
        return warehouse_items.assign_group(
            actor=request.user, warehouse=warehouse, group=data["group"], origin=_origin(request)
        )

    return _assign(request, pk, AssignGroupForm, assign)


@require_POST
@login_required
def remove_item(request, pk, item_pk):
    warehouse = _warehouse_for(request.user, pk)
    item = Item.objects.filter(pk=item_pk).first()
    if item is None:
        raise Http404(_("Not found, or you may not see it."))
    try:
        warehouse_items.remove_items(
            actor=request.user, warehouse=warehouse, items=[item], origin=_origin(request)
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(warehouse)s no longer manages %(item)s.")
            % {"warehouse": warehouse.name, "item": f"{item.code} {item.name}"},
        )
    return redirect("stock:setup-items", warehouse.pk)


@require_POST
@login_required
def import_items(request, pk):
    """A list of item codes: all rows or none; the same file twice adds nothing."""
    warehouse = _warehouse_for(request.user, pk)
    form = ItemListImportForm(request.POST, request.FILES)
    if not form.is_valid():
        context = {"import_form_errors": form.errors.get("file", [])}
        return warehouse_items_page(request, pk, import_context=context, status=400)
    upload = form.cleaned_data["file"]
    try:
        result = warehouse_items.import_warehouse_items(
            actor=request.user,
            warehouse=warehouse,
            file_bytes=upload.read(),
            filename=upload.name,
            origin=_origin(request),
        )
    except ImportRejected as error:
        context = {"import_error": error, "problems": error.problems}
        return warehouse_items_page(request, pk, import_context=context, status=400)
    except DomainError as error:
        return warehouse_items_page(request, pk, import_context={"import_error": error}, status=400)
    messages.success(
        request,
        _("Imported: %(created)d added, %(unchanged)d already managed.")
        % {"created": result.created, "unchanged": result.unchanged},
    )
    return redirect("stock:setup-items", warehouse.pk)


# ---------------------------------------------------------------------- storage places
@login_required
def places_page(request, pk, *, form=None, status=200):
    warehouse = _warehouse_for(request.user, pk)
    places = setup_queries.storage_places(warehouse)
    if request.GET.get("format") == "xlsx":
        filename = _("storage places of %(warehouse)s") % {"warehouse": warehouse.name}
        return xlsx_response(f"{filename}.xlsx", *setup_queries.storage_place_rows(places))
    context = {
        "warehouse": warehouse,
        "places": places,
        "form": form or StoragePlaceForm(),
        **_abilities(request.user, warehouse),
    }
    return render(request, "stock/setup/places.html", context, status=status)


@require_POST
@login_required
def place_add(request, pk):
    warehouse = _warehouse_for(request.user, pk)
    form = StoragePlaceForm(request.POST)
    if form.is_valid():
        try:
            place = warehouse_items.add_storage_place(
                actor=request.user,
                warehouse=warehouse,
                origin=_origin(request),
                **form.cleaned_data,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("Storage place %(code)s was added.") % {"code": place.code})
            return redirect("stock:setup-places", warehouse.pk)
    return places_page(request, pk, form=form, status=400)


def _place_for(user, pk):
    place = StoragePlace.objects.select_related("warehouse").filter(pk=pk).first()
    if place is None:
        raise Http404(_("Not found, or you may not see it."))
    _warehouse_for(user, place.warehouse_id)
    return place


@require_POST
@login_required
def place_rename(request, pk):
    place = _place_for(request.user, pk)
    form = RenamePlaceForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("The name is at most 60 characters."), field="name")
        warehouse_items.rename_storage_place(
            actor=request.user, place=place, name=form.cleaned_data["name"], origin=_origin(request)
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Storage place %(code)s was renamed.") % {"code": place.code})
    return redirect("stock:setup-places", place.warehouse_id)


def _set_active(request, pk, is_active):
    place = _place_for(request.user, pk)
    try:
        warehouse_items.set_storage_place_active(
            actor=request.user, place=place, is_active=is_active, origin=_origin(request)
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        message = (
            _("Storage place %(code)s is in use.")
            if is_active
            else _("Storage place %(code)s is no longer used.")
        )
        messages.success(request, message % {"code": place.code})
    return redirect("stock:setup-places", place.warehouse_id)


@require_POST
@login_required
def place_deactivate(request, pk):
    return _set_active(request, pk, False)


@require_POST
@login_required
def place_activate(request, pk):
    return _set_active(request, pk, True)
