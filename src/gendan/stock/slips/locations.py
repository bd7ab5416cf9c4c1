"""The places a slip's stock moves between, resolved when the slip posts.

Outside parties and workshop stations get their location on first use; a warehouse's
stock goes to (and comes from) its first active storage place location.
"""

from django.utils.translation import gettext as _

from gendan.core.errors import DomainError
from gendan.stock.models import Location


def warehouse_location(warehouse):
    location = (
        Location.objects.filter(kind=Location.Kind.WAREHOUSE, warehouse=warehouse, is_active=True)
        .order_by("code")
        .first()
    )
    if location is None:
        raise DomainError(
            _("Warehouse %(warehouse)s has no storage place; an administrator must add one.")
            % {"warehouse": warehouse},
            field="warehouse",
        )
    return location


def station_location(workshop):
    return _workshop_location(workshop, Location.Kind.STATION, "ST", workshop.name)


def production_location(workshop):
    """Where a workshop's output comes from: what it makes enters our stock from here, so
    it may go negative (it is not stock we hold). Until the shop floor consumes issued
    material into production, the station keeps what was issued to it."""
    name = _("%(workshop)s output") % {"workshop": workshop.name}
    return _workshop_location(workshop, Location.Kind.PRODUCTION, "PR", name, negative=True)


def _workshop_location(workshop, kind, prefix, name, negative=False):
    """The workshop's own location of `kind` (code `<prefix>-<workshop code>`), created
    on first use. Found by its code, not as "the first station of the workshop": the shop
    floor keeps stations of its own there too (one per operation, rework), and a
    material issue or return must never land at one of those."""
    code = f"{prefix}-{workshop.code}"
    location = Location.objects.filter(code=code, workshop=workshop, kind=kind).first()
    if location is not None:
        return location
    return Location.objects.get_or_create(
        code=code,
        defaults={"name": name, "kind": kind, "workshop": workshop, "allows_negative": negative},
    )[0]


def partner_location(site, kind):
    """A supplier's location may go negative: it is outside our stock (D1-3.6)."""
    location = (
        Location.objects.filter(kind=kind, site=site, is_active=True).order_by("code").first()
    )
    if location is not None:
        return location
    prefix = "SUP" if kind == Location.Kind.SUPPLIER else "OUT"
    return Location.objects.get_or_create(
        code=f"{prefix}-{site.code}",
        defaults={
            "name": site.name,
            "kind": kind,
            "site": site,
            "allows_negative": kind == Location.Kind.SUPPLIER,
        },
    )[0]
