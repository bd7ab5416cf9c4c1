"""Stock reads for pages, exports and the API: joined up front, no N+1."""

from django.db.models import Q

from gendan.stock.models import CountLine, Location, StockBalance, StockMove


def balances(*, search=None, location=None, kind=None, batch=None, include_zero=False):
    """Stock on hand by item, location and batch; `search` matches code, name, spec and
    pinyin initials through the item's search_text."""
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
    else:  # outside parties (suppliers, customers, adjustments) hold no stock of ours
        query = query.exclude(location__allows_negative=True)
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
