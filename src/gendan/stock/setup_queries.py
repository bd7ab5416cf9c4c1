"""Reads of the warehouse setup pages: the items a warehouse manages and its places."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from gendan.catalog.models import Item
from gendan.org.models import StoragePlace, Warehouse
from gendan.stock.models import Location, StockBalance, WarehouseItem


def warehouses():
    """Every warehouse with how many items it manages and how many places are in use."""
    return Warehouse.objects.annotate(
        item_count=Count("managed_items", distinct=True),
        place_count=Count(
            "locations",
            filter=Q(locations__kind=Location.Kind.WAREHOUSE, locations__is_active=True),
            distinct=True,
        ),
    ).order_by("code")


def managed_items(warehouse, *, search=None, kind=None):
    """The items `warehouse` manages (D1-6.2), searchable by code, name, spec, pinyin."""
    managed = WarehouseItem.objects.filter(warehouse=warehouse, item=OuterRef("pk"))
    query = Item.objects.filter(Exists(managed)).select_related("unit", "confusion_group")
    if search and search.strip():
        query = query.filter(search_text__icontains=search.strip().lower())
    if kind:
        query = query.filter(kind=kind)
    return query.order_by("code")


def managed_item_rows(query):
    headers = [_("Item code"), _("Name"), _("Kind"), _("Spec"), _("Unit")]
    rows = (
        [item.code, item.name, item.get_kind_display(), item.spec, item.unit.name] for item in query
    )
    return headers, rows


def storage_places(warehouse):
    """The warehouse's places, each with its location (None until first used) and
    whether stock is on hand there."""
    places = list(StoragePlace.objects.filter(warehouse=warehouse).order_by("code"))
    locations = {
        location.storage_place_id: location
        for location in Location.objects.filter(storage_place__in=places).annotate(
            has_stock=Exists(StockBalance.objects.filter(location=OuterRef("pk"), quantity__gt=0))
        )
    }
    for place in places:
        place.stock_location = locations.get(place.pk)
        place.is_in_use = bool(place.stock_location and place.stock_location.is_active)
    return places


def storage_place_rows(places):
    headers = [_("Place code"), _("Name"), _("State")]
    rows = (
        [place.code, place.name, _("in use") if place.is_in_use else _("not in use")]
        for place in places
    )
    return headers, rows
