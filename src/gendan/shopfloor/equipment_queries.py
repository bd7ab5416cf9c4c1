"""Reads of the handling equipment (D1-1.6, D1-4.7, D1-4.8): the one gate
(`access_equipment`), the register a person may see with its due and overdue filters,
an item's inspection history with its photos, and the overdue cranes and wire ropes for
the home card. Each list is a fixed number of queries, whatever its length.

Next due = the date of the last passing inspection + the item's interval (never
passed: due since it was registered). Overdue = in service and due before today; due =
in service and due from today to the policy's days ahead. Out of service and retired
items are neither: they are not used.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from gendan.core import permissions, policies, scopes
from gendan.core.errors import NotFound, PermissionDenied
from gendan.core.models import Attachment
from gendan.core.scopes import Scope
from gendan.org.models import Workshop
from gendan.shopfloor.equipment_models import Equipment, EquipmentInspection
from gendan.shopfloor.equipment_policies import DUE_SOON_DAYS

Kind = Equipment.Kind
Status = Equipment.Status
DUE = "due"
OVERDUE = "overdue"
DUE_CHOICES = (DUE, OVERDUE)
HOME_KINDS = (Kind.CRANE, Kind.ROPE)


def _workshop_ids(user, action="view"):
    """The workshops where `user` may do `action` on equipment; None for everywhere."""
    found = permissions.reach(user, "equipment", action)
    if found.everywhere:
        return None
    held = [Scope.parse(key) for key in found.scopes]
    return [scope.pk for scope in held if scope.kind == scopes.WORKSHOP]


def visible_equipment(user):
    rows = Equipment.objects.select_related("workshop")
    workshops = _workshop_ids(user)
    return rows if workshops is None else rows.filter(workshop_id__in=workshops)


def visible_workshops(user):
    workshops = _workshop_ids(user)
    rows = Workshop.objects.order_by("code")
    return rows if workshops is None else rows.filter(pk__in=workshops)


def access_equipment(user, pk, action="view"):
    """The one gate of an item: NotFound when `user` may not see it (missing and
    forbidden look the same), PermissionDenied when they see it but may not `action`."""
    equipment = visible_equipment(user).filter(pk=pk).first()
    if equipment is None:
        raise NotFound()
    if action != "view" and not permissions.allows(
        user, "equipment", action, scope=equipment.workshop.scope_key
    ):
        raise PermissionDenied()
    return equipment


def can(user, action, equipment=None):
    """Whether `user` may `action` on `equipment` (anywhere at all when None)."""
    scope = equipment.workshop.scope_key if equipment is not None else None
    return permissions.allows(user, "equipment", action, scope=scope)


def due_soon_until(today):
    return today + datetime.timedelta(days=policies.get(DUE_SOON_DAYS))


def overdue_condition(today):
    return Q(status=Status.IN_SERVICE, next_due_on__lt=today)


def due_condition(today):
    return Q(
        status=Status.IN_SERVICE, next_due_on__gte=today, next_due_on__lte=due_soon_until(today)
    )


def equipment_list(
    user, *, workshop=None, kind=None, status=None, due=None, search=None, today=None
):
    """The register `user` may see, by code, filtered; `due` is DUE or OVERDUE."""
    today = today or timezone.localdate()
    rows = visible_equipment(user).order_by("workshop__code", "code")
    if workshop:
        rows = rows.filter(workshop_id=workshop)
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        rows = rows.filter(status=status)
    if due == OVERDUE:
        rows = rows.filter(overdue_condition(today))
    elif due == DUE:
        rows = rows.filter(due_condition(today))
    if search:
        rows = rows.filter(search_text__icontains=search.strip().lower())
    return rows


def is_overdue(equipment, today=None):
    today = today or timezone.localdate()
    return bool(
        equipment.status == Status.IN_SERVICE
        and equipment.next_due_on
        and equipment.next_due_on < today
    )


def is_due(equipment, today=None, until=None):
    today = today or timezone.localdate()
    until = until or due_soon_until(today)
    return bool(
        equipment.status == Status.IN_SERVICE
        and equipment.next_due_on
        and today <= equipment.next_due_on <= until
    )


def overdue_for_home(user, today, limit):
    """The overdue cranes and wire ropes `user` may see: (rows, total)."""
    rows = visible_equipment(user).filter(overdue_condition(today), kind__in=HOME_KINDS)
    return list(rows.order_by("next_due_on", "code")[:limit]), rows.count()


def history(equipment):
    """The item's inspections, newest first, each with `photos` and `corrected_by_id`
    (None when it stands): three queries whatever their number."""
    records = list(
        EquipmentInspection.objects.filter(equipment=equipment)
        .select_related("inspected_by", "corrects", "corrected_by")
        .order_by("-inspected_at", "-id")
    )
    photos = {}
    kind = ContentType.objects.get_for_model(EquipmentInspection)
    found = Attachment.objects.filter(
        object_type=kind, object_id__in=[str(record.pk) for record in records]
    ).order_by("id")
    for attachment in found:
        photos.setdefault(int(attachment.object_id), []).append(attachment)
    for record in records:
        record.photos = photos.get(record.pk, [])
        record.is_corrected = hasattr(record, "corrected_by")
    return records


def can_see_inspection(user, inspection):
    """The attachments gate of an inspection's photo: whoever may see the item."""
    return permissions.allows(
        user, "equipment", "view", scope=inspection.equipment.workshop.scope_key
    )
