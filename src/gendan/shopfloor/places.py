"""The ledger places of the shop floor, created on first use: one per operation of a
workshop, and per workshop a waiting area (待料区, in the clerk's custody), a rework area
and a scrap place; outsourcers and warehouses are the stock module's own locations."""

from django.utils.translation import gettext as _

from gendan.shopfloor.models import WorkPlace
from gendan.stock.models import Location
from gendan.stock.slips import locations as stock_places

Kind = WorkPlace.Kind


def _place(kind, location_kind, code, name, workshop=None, operation="", negative=False):
    existing = WorkPlace.objects.filter(location__code=code).select_related("location").first()
    if existing is not None:
        return existing.location
    location, _created = Location.objects.get_or_create(
        code=code[:40],
        defaults={
            "name": name[:80],
            "kind": location_kind,
            "workshop": workshop,
            "allows_negative": negative,
        },
    )
    WorkPlace.objects.get_or_create(
        location=location,
        defaults={"kind": kind, "workshop": workshop, "operation": operation},
    )
    return location


def operation_place(workshop, operation):
    return _place(
        Kind.OPERATION,
        Location.Kind.STATION,
        f"OP-{workshop.code}-{operation}",
        f"{workshop.name} {operation}",
        workshop,
        operation,
    )


def waiting_area(workshop):
    name = _("%(workshop)s waiting area") % {"workshop": workshop.name}
    return _place(Kind.WAITING, Location.Kind.WAITING_AREA, f"WA-{workshop.code}", name, workshop)


def rework_area(workshop):
    name = _("%(workshop)s rework") % {"workshop": workshop.name}
    return _place(Kind.REWORK, Location.Kind.STATION, f"RW-{workshop.code}", name, workshop)


def scrap_place(workshop):
    name = _("%(workshop)s scrap") % {"workshop": workshop.name}
    return _place(Kind.SCRAP, Location.Kind.SCRAP, f"SC-{workshop.code}", name, workshop)


def start_place(workshop):
    """Where a lot's parts come from when it starts (production output: may go negative)."""
    location = stock_places.production_location(workshop)
    WorkPlace.objects.get_or_create(
        location=location, defaults={"kind": Kind.SOURCE, "workshop": workshop}
    )
    return location


def outsourcer_place(site):
    location = stock_places.partner_location(site, Location.Kind.OUTSOURCER)
    WorkPlace.objects.get_or_create(location=location, defaults={"kind": Kind.OUTSIDE})
    return location


def warehouse_place(warehouse):
    location = stock_places.warehouse_location(warehouse)
    WorkPlace.objects.get_or_create(location=location, defaults={"kind": Kind.WAREHOUSE})
    return location


def receiving_place(workshop):
    """Parts past their last operation, transferred into the warehouse (入库, D1-3.4) and
    awaiting the warehouse's production receipt: the lot shows them as 待入库 until that
    receipt posts and takes them from here into the warehouse."""
    name = _("%(workshop)s awaiting receipt") % {"workshop": workshop.name}
    return _place(Kind.RECEIVING, Location.Kind.TRANSIT, f"IN-{workshop.code}", name, workshop)


def dispatch_place(workshop):
    """Parts transferred to outside processing and awaiting the outsourcing issue slip
    that sends them to the outsourcer: when it posts, they leave from here."""
    name = _("%(workshop)s awaiting dispatch") % {"workshop": workshop.name}
    return _place(Kind.DISPATCH, Location.Kind.TRANSIT, f"XO-{workshop.code}", name, workshop)
