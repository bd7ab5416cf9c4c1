"""Stock reads for pages, exports and the API: joined up front, no N+1."""

from functools import lru_cache

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from gendan.core.pinyin import search_key
from gendan.stock.locations import OUTSIDE_STOCK_KINDS
from gendan.stock.models import CountLine, Location, OpeningImport, StockBalance, StockMove

OUTSIDE_STOCK = Q(location__kind__in=OUTSIDE_STOCK_KINDS) | Q(location__allows_negative=True)


def balances(*, search=None, location=None, kind=None, batch=None, include_zero=False):
    """Stock on hand by item, location and batch; `search` matches code, name, spec and
    pinyin initials through the item's search_text. Balances at outside locations
    (suppliers, customers, adjustments, production) are not stock we hold: they are
    left out unless a location or a kind is asked for by name."""
    query = StockBalance.objects.select_related("item__unit", "location", "batch")
    if not include_zero:
        query = query.exclude(quantity=0)
    if search:
        term = search.strip().lower()
        query = query.filter(Q(item__search_text__icontains=term) | Q(item__code__icontains=term))
    if location:
        query = query.filter(location__code=location)
    if kind:
        query = query.filter(location__kind=kind)
    if not (location or kind):
        query = query.exclude(OUTSIDE_STOCK)
    if batch:
        query = query.filter(batch__number__icontains=batch.strip())
    return query.order_by("item__code", "location__code", "batch_key")


def item_moves(item):
    """One item's movement history, newest first."""
    return (
        StockMove.objects.filter(item=item)
        .select_related("batch", "from_location", "to_location", "document", "actor")
        .order_by("-id")
    )


def moves(*, item_code=None, location=None, document=None):
    query = StockMove.objects.select_related(
        "item__unit", "batch", "from_location", "to_location", "document", "actor"
    )
    if item_code:
        query = query.filter(item__code=item_code)
    if location:
        query = query.filter(Q(from_location__code=location) | Q(to_location__code=location))
    if document:
        query = query.filter(document__number=document)
    return query.order_by("-id")


def count_lines(sheet):
    return (
        CountLine.objects.filter(sheet=sheet)
        .select_related("item__unit", "batch")
        .order_by("item__code", "batch_key")
    )


def active_locations():
    return Location.objects.filter(is_active=True).order_by("code")


def balance_rows(query):
    """Headers and rows for the xlsx export of stock on hand."""
    headers = ["物料编码", "名称", "规格", "库位", "批号", "有效期", "数量", "单位"]
    rows = (
        (
            row.item.code,
            row.item.name,
            row.item.spec,
            row.location.code,
            row.batch.number if row.batch else "",
            str(row.batch.expires_on or "") if row.batch else "",
            float(row.quantity),
            row.item.unit.name,
        )
        for row in query.iterator(chunk_size=2000)
    )
    return headers, rows


def locations(*, search=None, kind=None, warehouse=None, workshop=None, is_active=None):
    """Locations with their warehouse, workshop and outside party, and how many items
    each has on hand; `search` matches code and name, in pinyin too (`yhk` finds 一号库)."""
    query = Location.objects.all()
    if kind:
        query = query.filter(kind=kind)
    if warehouse:
        query = query.filter(warehouse_id=warehouse)
    if workshop:
        query = query.filter(workshop_id=workshop)
    if is_active is not None:
        query = query.filter(is_active=is_active)
    if search and search.strip():
        query = query.filter(pk__in=_locations_matching(query, search.strip().lower()))
    return (
        query.select_related("warehouse", "workshop", "site")
        .annotate(items_on_hand=_items_on_hand())
        .order_by("code")
    )


def _locations_matching(query, term):
    """Locations are master data, a few hundred rows: their pinyin keys are matched in
    Python (cached per name) rather than kept in a column every creator must fill."""
    return [
        pk
        for pk, code, name in query.values_list("pk", "code", "name")
        if term in code.lower() or term in _name_key(name)
    ]


@lru_cache(maxsize=20_000)
def _name_key(name):
    return name.lower() if name.isascii() else search_key(name)


def _items_on_hand():
    """How many items have stock above zero at the location: one indexed subquery per
    row shown, on the (location, item) index."""
    counted = (
        StockBalance.objects.filter(location=OuterRef("pk"), quantity__gt=0)
        .order_by()
        .values("location")
        .annotate(count=Count("item", distinct=True))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def location_rows(query):
    """Headers and rows for the xlsx export of the locations list."""
    names = ("code", "name", "kind", "warehouse", "workshop", "site", "allows_negative")
    headers = [capfirst(Location._meta.get_field(name).verbose_name) for name in names]
    headers += [capfirst(Location._meta.get_field("is_active").verbose_name), _("Items on hand")]
    rows = (
        (
            location.code,
            location.name,
            location.get_kind_display(),
            str(location.warehouse or ""),
            str(location.workshop or ""),
            str(location.site or ""),
            _("yes") if location.allows_negative else _("no"),
            _("yes") if location.is_active else _("no"),
            location.items_on_hand,
        )
        for location in query
    )
    return headers, rows


def opening_imports():
    """Earlier opening stock imports, newest first, with who imported each."""
    return OpeningImport.objects.select_related("actor").order_by("-imported_at", "-id")
