"""Locations (warehouse storage places, stations, waiting areas, outside parties) and the
items each warehouse manages (D1-6.2)."""

from django.db import transaction
from django.utils.translation import gettext as _

from gendan.core import audit
from gendan.core.errors import DomainError
from gendan.stock.models import Location, WarehouseItem

Kind = Location.Kind

# code, name, kind, may go negative. Outside parties may go negative: they are where
# stock comes from and goes to, not stock we hold. Scrap and transit hold real stock.
STANDARD_LOCATIONS = [
    ("SUPPLIER-IN", "供应商来料", Kind.SUPPLIER, True),
    ("CUSTOMER-OUT", "客户发货", Kind.CUSTOMER, True),
    ("ADJUSTMENT", "盘点调整", Kind.ADJUSTMENT, True),
    ("OPENING", "期初库存", Kind.ADJUSTMENT, True),
    ("SCRAP", "废品", Kind.SCRAP, False),
    ("TRANSIT", "在途", Kind.TRANSIT, False),
    ("PRODUCTION", "生产耗用与产出", Kind.PRODUCTION, True),
]
# Kinds of location that are where stock comes from and goes to, never stock we hold:
# their balances are not stock on hand, whether or not they may go negative.
OUTSIDE_STOCK_KINDS = (Kind.SUPPLIER, Kind.CUSTOMER, Kind.ADJUSTMENT, Kind.PRODUCTION)
ADJUSTMENT_CODE = "ADJUSTMENT"
OPENING_CODE = "OPENING"
PRODUCTION_CODE = "PRODUCTION"


class ItemNotManaged(DomainError):
    """D1-6.2: a warehouse receives only the items it manages."""


def ensure_standard_locations():
    """Create the standard outside locations once; return them by code."""
    with transaction.atomic():
        for code, name, kind, allows_negative in STANDARD_LOCATIONS:
            Location.objects.get_or_create(
                code=code,
                defaults={"name": name, "kind": kind, "allows_negative": allows_negative},
            )
    return Location.objects.in_bulk([row[0] for row in STANDARD_LOCATIONS], field_name="code")


def standard_location(code):
    return ensure_standard_locations()[code]


def create_location(*, actor, code, name, kind, allows_negative=False, **places):
    """A new location. A storage place belongs to a warehouse; stations and waiting areas
    to a workshop; outsourcers and customers to an outside party (site)."""
    code = (code or "").strip()
    if not code:
        raise DomainError(_("A location needs a code."), field="code")
    if Location.objects.filter(code=code).exists():
        raise DomainError(_("Location code %(code)s is taken.") % {"code": code}, field="code")
    _require_owner(kind, places)
    if allows_negative and kind in (Kind.WAREHOUSE, Kind.STATION, Kind.WAITING_AREA):
        raise DomainError(
            _("Stock we hold can never go negative; only outside locations may."),
            field="allows_negative",
        )
    with transaction.atomic():
        location = Location.objects.create(
            code=code, name=name, kind=kind, allows_negative=allows_negative, **places
        )
        audit.record(
            actor=actor, action="stock.location.create", obj=location, after={"kind": kind}
        )
    return location


_OWNER = {
    Kind.WAREHOUSE: "warehouse",
    Kind.STATION: "workshop",
    Kind.WAITING_AREA: "workshop",
    Kind.OUTSOURCER: "site",
    Kind.CUSTOMER: "site",
}


def _require_owner(kind, places):
    owner = _OWNER.get(kind)
    if owner and places.get(owner) is None:
        raise DomainError(
            _("A location of kind %(kind)s must name its %(owner)s.")
            % {"kind": Kind(kind).label, "owner": Location._meta.get_field(owner).verbose_name},
            field=owner,
        )


def location_for_storage_place(*, actor, storage_place):
    """The location of a warehouse storage place, created on first use."""
    existing = Location.objects.filter(storage_place=storage_place).first()
    if existing:
        return existing
    warehouse = storage_place.warehouse
    return create_location(
        actor=actor,
        code=f"{warehouse.code}-{storage_place.code}",
        name=f"{warehouse.name} {storage_place.name or storage_place.code}",
        kind=Kind.WAREHOUSE,
        warehouse=warehouse,
        storage_place=storage_place,
    )


def manage_item(*, actor, warehouse, item):
    """Declare that `warehouse` manages `item` (D1-6.2)."""
    with transaction.atomic():
        row, created = WarehouseItem.objects.get_or_create(warehouse=warehouse, item=item)
        if created:
            audit.record(
                actor=actor, action="stock.warehouse_item.add", obj=row, after={"item": item.code}
            )
    return row


def stop_managing(*, actor, warehouse, item):
    with transaction.atomic():
        deleted, _rows = WarehouseItem.objects.filter(warehouse=warehouse, item=item).delete()
        if deleted:
            audit.record(
                actor=actor,
                action="stock.warehouse_item.remove",
                obj=warehouse,
                before={"item": item.code},
            )


def require_managed(warehouse, item):
    """Refuse to receive `item` into `warehouse` unless the warehouse manages it (D1-6.2)."""
    if not WarehouseItem.objects.filter(warehouse=warehouse, item=item).exists():
        raise ItemNotManaged(
            _(
                "Warehouse %(warehouse)s does not manage %(item)s; ask an administrator to add "
                "it to the warehouse's items, or receive it into the warehouse that manages it."
            )
            % {"warehouse": warehouse, "item": f"{item.code} {item.name}"},
            field="item",
        )
