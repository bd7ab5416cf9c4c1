"""Reads of slips: the filtered list, one slip with its lines, and what outsourcers hold."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import F, Prefetch, Q
from django.utils import timezone

from gendan.core.access import can_see_document
from gendan.core.errors import NotFound
from gendan.core.queries import visible_documents
from gendan.stock.models import Batch, Location, StockBalance, StockMove
from gendan.stock.slips.models import SlipLine, StockSlip


def visible_slips(user):
    """Slips the user wrote, signed, or may see by a role for the slip's scope or its
    second scope (the warehouse of a workshop's slip)."""
    slips = StockSlip.objects.all()
    if user.is_superuser:
        return slips
    return slips.filter(document__in=visible_documents(user))


def slip_list(user, *, filters=None):
    """The list: by book, status, kind, date, item, order, workshop, who signs next, and
    a search of number, title, items and partner (pinyin initials too)."""
    filters = filters or {}
    slips = visible_slips(user).select_related(
        "document__book", "document__author", "warehouse", "workshop", "partner", "order"
    )
    exact = {
        "book": "document__book_id",
        "status": "document__status",
        "kind": "kind",
        "workshop": "workshop_id",
        "order": "order__number",
        "warehouse": "warehouse_id",
    }
    for name, lookup in exact.items():
        if filters.get(name):
            slips = slips.filter(**{lookup: filters[name]})
    if filters.get("date_from"):
        slips = slips.filter(document__created_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        slips = slips.filter(document__created_at__date__lte=filters["date_to"])
    if filters.get("item"):
        slips = slips.filter(
            pk__in=SlipLine.objects.filter(
                Q(item__code__iexact=filters["item"])
                | Q(item__search_text__icontains=filters["item"].lower())
            ).values("slip_id")
        )
    if filters.get("next_role"):
        slips = slips.filter(document__current_role_code__contains=f",{filters['next_role']},")
    if filters.get("q"):
        slips = slips.filter(document__search_text__icontains=filters["q"].strip().lower())
    return slips.order_by("-document__created_at", "-id")


def slip_detail(user, pk):
    """The slip with its lines, only if the user may see its document."""
    try:
        slip = (
            StockSlip.objects.select_related(
                "document__book",
                "document__author",
                "document__chain",
                "warehouse",
                "workshop",
                "partner",
                "order",
                "reverses__document",
            )
            .prefetch_related(
                Prefetch(
                    "lines",
                    queryset=SlipLine.objects.select_related(
                        "item__unit", "batch", "from_location", "to_location"
                    ).order_by("position"),
                ),
                "document__signatures",
            )
            .get(pk=pk)
        )
    except (StockSlip.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not can_see_document(user, slip.document):
        raise NotFound()
    return slip


def mark_on_hand(slip):
    """Set `on_hand_now` on each posted line: what its destination holds of its item now
    (one query for all lines)."""
    lines = [line for line in slip.lines.all() if line.to_location_id]
    if not lines:
        return slip
    totals = {}
    rows = StockBalance.objects.filter(
        item_id__in={line.item_id for line in lines},
        location_id__in={line.to_location_id for line in lines},
    ).values_list("item_id", "location_id", "quantity")
    for item_id, location_id, quantity in rows:
        totals[item_id, location_id] = totals.get((item_id, location_id), Decimal(0)) + quantity
    for line in lines:
        line.on_hand_now = totals.get((line.item_id, line.to_location_id), Decimal(0))
    return slip


def reversal_of(slip):
    return StockSlip.objects.filter(reverses=slip).select_related("document").first()


@dataclass
class Holding:
    site: object
    location: object
    item: object
    quantity: Decimal
    since: datetime | None

    @property
    def days(self):
        return (timezone.now() - self.since).days if self.since else None


def outsourcer_holdings():
    """What each outsourcer holds of our material (D1-3.8), item by item over its batches,
    and since when. Goods coming back and material used up there (D1-3.8) bring it down.
    Two queries, however many rows."""
    balances = (
        StockBalance.objects.filter(location__kind=Location.Kind.OUTSOURCER, quantity__gt=0)
        .select_related("location__site", "item__unit")
        .order_by("location__code", "item__code")
    )
    rows = {}
    for balance in balances:
        key = (balance.location_id, balance.item_id)
        if key in rows:
            rows[key].quantity += balance.quantity
            continue
        rows[key] = Holding(
            site=balance.location.site,
            location=balance.location,
            item=balance.item,
            quantity=balance.quantity,
            since=None,
        )
    for key, since in _held_since(rows).items():
        rows[key].since = since
    return list(rows.values())


def _held_since(keys):
    """{(location id, item id): when the oldest delivery still held there arrived}, first
    in first out: what left the place (came back, or was used up) covers the oldest
    deliveries first. A reversed move and its reversal count for neither."""
    if not keys:
        return {}
    moves = (
        StockMove.objects.filter(
            Q(to_location_id__in={location_id for location_id, _item_id in keys})
            | Q(from_location_id__in={location_id for location_id, _item_id in keys}),
            item_id__in={item_id for _location_id, item_id in keys},
            reverses__isnull=True,
            reversed_by__isnull=True,
        )
        .order_by("at", "pk")
        .values_list("item_id", "quantity", "from_location_id", "to_location_id", "at")
    )
    left, deliveries = {}, {}
    for item_id, quantity, from_id, to_id, at in moves:
        if (from_id, item_id) in keys:
            left[from_id, item_id] = left.get((from_id, item_id), Decimal(0)) + quantity
        if (to_id, item_id) in keys:
            deliveries.setdefault((to_id, item_id), []).append((at, quantity))
    return {
        key: _first_uncovered(deliveries.get(key, []), left.get(key, Decimal(0))) for key in keys
    }


def _first_uncovered(deliveries, covered):
    for at, quantity in deliveries:
        if covered < quantity:
            return at
        covered -= quantity
    return None


def outsourcer_consumption(slip):
    """The moves of a slip beyond its lines (D1-3.8): material used up at an outsourcer
    (outsourcer → production), or given back there by a reversal."""
    outsourcer, production = Location.Kind.OUTSOURCER, Location.Kind.PRODUCTION
    return list(
        StockMove.objects.filter(document_id=slip.document_id)
        .filter(
            Q(from_location__kind=outsourcer, to_location__kind=production)
            | Q(from_location__kind=production, to_location__kind=outsourcer)
        )
        .select_related("item__unit", "batch", "from_location", "to_location")
        .order_by("pk")
    )


def batch_choices(limit=300):
    """The batches that still lie somewhere in our stock (warehouses, stations, waiting
    areas), soonest expiry first: what an issue or a return line may name."""
    held = StockBalance.objects.filter(
        quantity__gt=0,
        batch__isnull=False,
        location__kind__in=(
            Location.Kind.WAREHOUSE,
            Location.Kind.STATION,
            Location.Kind.WAITING_AREA,
        ),
    ).values("batch_id")
    return list(
        Batch.objects.filter(pk__in=held)
        .select_related("item")
        .order_by(F("expires_on").asc(nulls_last=True), "number")[:limit]
    )
