"""Setting up a warehouse without the admin: which items it manages (D1-6.2) and its
storage places (库位), each with the stock location slips post to.

Who may: a role granted everywhere or for this warehouse that carries the model
permission, or a workshop role that carries it (the statistician is granted for her
workshop, yet declares what the finished-goods warehouse takes in). The pages ask the
same `may_set_up` the services enforce, so a form is never shown to someone refused.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from gendan.catalog.bulk_writes import record_many
from gendan.catalog.models import ConfusionGroup, Item
from gendan.core import audit, tabular
from gendan.core.errors import DomainError, PermissionDenied
from gendan.core.import_errors import ImportRejected
from gendan.core.spreadsheets import read_table, upload_limits
from gendan.core.tabular import CellError, Column, ImportResult, problem_at
from gendan.org.models import RoleGrant, StoragePlace, Warehouse
from gendan.stock.locations import location_for_storage_place
from gendan.stock.models import Location, WarehouseItem

ADD_ITEMS = "stock.add_warehouseitem"
REMOVE_ITEMS = "stock.delete_warehouseitem"
ADD_PLACES = "org.add_storageplace"
CHANGE_PLACES = "org.change_storageplace"
BATCH = 500


def may_set_up(user, warehouse, permission):
    """Whether `user` may do what `permission` allows on `warehouse`'s setup."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.has_perm(permission, warehouse):
        return True
    app_label, codename = permission.split(".")
    return RoleGrant.objects.filter(
        user=user,
        workshop__isnull=False,
        role__permissions__content_type__app_label=app_label,
        role__permissions__codename=codename,
    ).exists()


def may_set_up_any(user):
    """Whether the warehouse setup pages are of any use to `user` (menu, list)."""
    permissions = (ADD_ITEMS, REMOVE_ITEMS, ADD_PLACES, CHANGE_PLACES)
    if not user.is_authenticated:
        return False
    if any(user.has_perm(permission) for permission in permissions):
        return True
    return RoleGrant.objects.filter(
        user=user,
        user__is_active=True,
        role__permissions__codename__in=[p.split(".")[1] for p in permissions],
        role__permissions__content_type__app_label__in=["stock", "org"],
    ).exists()


def _require(actor, warehouse, permission):
    if not may_set_up(actor, warehouse, permission):
        raise PermissionDenied(
            _("You may not change the setup of warehouse %(warehouse)s.") % {"warehouse": warehouse}
        )


# ---------------------------------------------------------------------- managed items
def assign_items(*, actor, warehouse, items, origin=None):
    """Declare that `warehouse` manages each of `items` (D1-6.2). Items it manages already
    are left as they are; returns how many were added."""
    _require(actor, warehouse, ADD_ITEMS)
    wanted = {item.pk: item for item in items}
    with transaction.atomic():
        held = set(
            WarehouseItem.objects.filter(warehouse=warehouse, item_id__in=wanted).values_list(
                "item_id", flat=True
            )
        )
        new = [
            WarehouseItem(warehouse=warehouse, item=wanted[pk]) for pk in wanted if pk not in held
        ]
        WarehouseItem.objects.bulk_create(new, batch_size=BATCH)
        # one audit row per item on the warehouse's timeline, written in bulk: all 成品
        # of a large catalog are assigned in one go
        record_many(
            actor=actor,
            action="stock.warehouse_item.add",
            model=Warehouse,
            entries=[
                (warehouse.pk, warehouse, None, {"item": f"{row.item.code} {row.item.name}"})
                for row in new
            ],
            origin=origin,
        )
    return len(new)


def assign_kind(*, actor, warehouse, kind, origin=None):
    """Every active item of `kind` at once (all 成品 to 成品库)."""
    if kind not in Item.Kind.values:
        raise DomainError(_("Choose a kind of item from the list."), field="kind")
    items = list(Item.objects.filter(kind=kind, is_active=True))
    if not items:
        raise DomainError(
            _("There is no active item of the kind %(kind)s.") % {"kind": Item.Kind(kind).label},
            field="kind",
        )
    return assign_items(actor=actor, warehouse=warehouse, items=items, origin=origin)


def assign_group(*, actor, warehouse, group, origin=None):
    """Every active item of a group of easily confused items (D1-3.3) at once."""
    items = list(Item.objects.filter(confusion_group=group, is_active=True))
    if not items:
        raise DomainError(
            _("The group %(group)s has no active item.") % {"group": group}, field="group"
        )
    return assign_items(actor=actor, warehouse=warehouse, items=items, origin=origin)


def remove_items(*, actor, warehouse, items, origin=None):
    """`warehouse` no longer manages `items`: it receives them no more. Stock already
    there stays in the ledger and leaves by an issue slip (D1-3.9)."""
    _require(actor, warehouse, REMOVE_ITEMS)
    removed = 0
    with transaction.atomic():
        for item in items:
            deleted, _rows = WarehouseItem.objects.filter(warehouse=warehouse, item=item).delete()
            if deleted:
                removed += 1
                audit.record(
                    actor=actor,
                    action="stock.warehouse_item.remove",
                    obj=warehouse,
                    before={"item": f"{item.code} {item.name}"},
                    origin=origin,
                )
    return removed


ITEM_COLUMNS = [
    Column(
        "item",
        ("物料编码", "编码", "item code", "item", "code"),
        tabular.text(40, is_required=True),
        True,
    ),
    Column("name", ("名称", "物料名称", "name"), tabular.text(120)),
]


def import_warehouse_items(*, actor, warehouse, file_bytes, filename, origin=None):
    """A list of item codes the warehouse manages, from xlsx or csv. All or nothing: an
    unknown code names its row and nothing is added; the same file twice adds nothing."""
    _require(actor, warehouse, ADD_ITEMS)
    table = read_table(file_bytes, filename, **upload_limits())
    rows, problems = tabular.parse_rows(table, ITEM_COLUMNS)
    items = _items_by_code({row.values.get("item") for row in rows} - {None})
    for row in rows:
        code = row.values.get("item")
        if code is not None and code not in items:
            error = CellError(
                _("unknown item: %(code)s") % {"code": code},
                _("the code of an item already in the catalog"),
            )
            problems.append(problem_at(row, "item", error, code))
    if problems:
        raise ImportRejected(problems)
    wanted = list({code: items[code] for code in (row.values["item"] for row in rows)}.values())
    with transaction.atomic():
        created = assign_items(actor=actor, warehouse=warehouse, items=wanted, origin=origin)
    return ImportResult(created=created, unchanged=len(wanted) - created)


def _items_by_code(codes):
    codes, found = list(codes), {}
    for start in range(0, len(codes), BATCH):
        chunk = Item.objects.filter(code__in=codes[start : start + BATCH])
        found |= {item.code: item for item in chunk}
    return found


def group_by_pk(pk):
    group = ConfusionGroup.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if group is None:
        raise DomainError(_("Choose a group from the list."), field="group")
    return group


# ---------------------------------------------------------------------- storage places
def add_storage_place(*, actor, warehouse, code, name="", origin=None):
    """A new storage place (库位) with its stock location, so slips can post into the
    warehouse at once (a warehouse without an active place refuses every signature)."""
    _require(actor, warehouse, ADD_PLACES)
    code, name = (code or "").strip(), (name or "").strip()
    if not code or len(code) > 30:
        raise DomainError(_("A storage place needs a code of at most 30 characters."), field="code")
    if len(name) > 60:
        raise DomainError(_("The name is at most 60 characters."), field="name")
    if StoragePlace.objects.filter(warehouse=warehouse, code=code).exists():
        raise DomainError(
            _("Warehouse %(warehouse)s already has a storage place %(code)s.")
            % {"warehouse": warehouse, "code": code},
            field="code",
        )
    with transaction.atomic():
        place = StoragePlace.objects.create(warehouse=warehouse, code=code, name=name)
        location_for_storage_place(actor=actor, storage_place=place)
    return place


def rename_storage_place(*, actor, place, name, origin=None):
    """A new name for the place and its location; the code stays (labels carry it)."""
    _require(actor, place.warehouse, CHANGE_PLACES)
    name = (name or "").strip()
    if len(name) > 60:
        raise DomainError(_("The name is at most 60 characters."), field="name")
    with transaction.atomic():
        before = place.name
        place.name = name
        place.save(update_fields=["name"])
        location = location_for_storage_place(actor=actor, storage_place=place)
        location.name = f"{place.warehouse.name} {name or place.code}"
        location.save(update_fields=["name"])
        audit.record(
            actor=actor,
            action="stock.location.change",
            obj=location,
            before={"name": before},
            after={"name": name},
            origin=origin,
        )
    return place


def set_storage_place_active(*, actor, place, is_active, origin=None):
    """Stop using a place (or use it again). A place still holding stock stays in use:
    its stock must move out by a slip first (every quantity is accounted for)."""
    _require(actor, place.warehouse, CHANGE_PLACES)
    with transaction.atomic():
        location = location_for_storage_place(actor=actor, storage_place=place)
        location = Location.objects.select_for_update().get(pk=location.pk)
        if not is_active and location.balances.filter(quantity__gt=0).exists():
            raise DomainError(
                _(
                    "Storage place %(place)s still holds stock; move it out before you stop using it."
                )
                % {"place": place.code},
                field="place",
            )
        if location.is_active != is_active:
            location.is_active = is_active
            location.save(update_fields=["is_active"])
            audit.record(
                actor=actor,
                action="stock.location.change",
                obj=location,
                before={"is_active": not is_active},
                after={"is_active": is_active},
                origin=origin,
            )
    return place
