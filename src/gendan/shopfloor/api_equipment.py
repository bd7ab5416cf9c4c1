"""/api/v1/shopfloor: cranes, carts, wire ropes, containers and their inspections (D1-1.6, D1-4.7, D1-4.8).

`GET /equipment` lists the register the caller may see with `next_due` (the last
passing inspection + the interval) and `overdue`; `POST /equipment` registers an item;
`POST /equipment/{id}/inspections` records an inspection (a failed one takes the item
out of service). Every item is reached through the gate
(`equipment_queries.access_equipment`); refusals answer {"detail", "field"}.
"""

import datetime
from typing import Annotated, Literal

from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import Field

from gendan.core.actions import perform
from gendan.core.errors import NotFound, PermissionDenied
from gendan.core.schemas import Id, Moment, column_text
from gendan.org.models import Workshop
from gendan.shopfloor import equipment_queries as queries
from gendan.shopfloor import equipment_services as services
from gendan.shopfloor.equipment_models import Equipment, EquipmentInspection

router = Router(tags=["shopfloor"])
KindIn = Literal[tuple(Equipment.Kind.values)]
StatusIn = Literal[tuple(Equipment.Status.values)]
ResultIn = Literal[tuple(EquipmentInspection.Result.values)]


class EquipmentIn(Schema):
    code: column_text(Equipment, "code")
    name: column_text(Equipment, "name")
    kind: KindIn
    workshop: Id
    location: column_text(Equipment, "location") = ""
    inspection_interval_days: Annotated[int, Field(ge=1, le=366)] | None = None


class EquipmentInspectionIn(Schema):
    result: ResultIn
    note: column_text(EquipmentInspection, "note") = ""
    inspected_at: Moment | None = None
    corrects: Id | None = None


class EquipmentOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_name: str
    workshop_id: int
    workshop: str
    location: str
    inspection_interval_days: int
    status: str
    status_name: str
    last_passed: datetime.date | None
    next_due: datetime.date | None
    due: bool
    overdue: bool


class EquipmentInspectionOut(Schema):
    id: int
    equipment_id: int
    inspected_by: str
    inspected_at: datetime.datetime
    result: str
    note: str
    corrects: int | None
    equipment: EquipmentOut


def _out(equipment, today=None):
    today = today or timezone.localdate()
    return {
        "id": equipment.pk,
        "code": equipment.code,
        "name": equipment.name,
        "kind": equipment.kind,
        "kind_name": equipment.get_kind_display(),
        "workshop_id": equipment.workshop_id,
        "workshop": equipment.workshop.name,
        "location": equipment.location,
        "inspection_interval_days": equipment.inspection_interval_days,
        "status": equipment.status,
        "status_name": equipment.get_status_display(),
        "last_passed": equipment.last_passed_on,
        "next_due": None if equipment.status == Equipment.Status.RETIRED else equipment.next_due_on,
        "due": queries.is_due(equipment, today),
        "overdue": queries.is_overdue(equipment, today),
    }


@router.get("/equipment", response=list[EquipmentOut])
def list_equipment(
    request,
    workshop: Id | None = None,
    kind: KindIn | None = None,
    status: StatusIn | None = None,
    due: Literal["due", "overdue"] | None = None,
    q: column_text(Equipment, "name") | None = None,
    limit: Annotated[int, Field(ge=1, le=2000)] = 500,
):
    if not queries.can(request.user, "view"):
        raise PermissionDenied()
    today = timezone.localdate()
    rows = queries.equipment_list(
        request.user, workshop=workshop, kind=kind, status=status, due=due, search=q, today=today
    )
    return [_out(row, today) for row in rows[:limit]]


@router.get("/equipment/{equipment_id}", response=EquipmentOut)
def equipment_detail(request, equipment_id: int):
    return _out(queries.access_equipment(request.user, equipment_id))


@router.post("/equipment", response={201: EquipmentOut})
def register_equipment(request, payload: EquipmentIn):
    workshop = Workshop.objects.filter(pk=payload.workshop).first()
    if workshop is None:
        raise NotFound(field="workshop")
    equipment = perform(
        request,
        lambda origin: services.register_equipment(
            actor=request.user,
            code=payload.code,
            name=payload.name,
            kind=payload.kind,
            workshop=workshop,
            location=payload.location,
            inspection_interval_days=payload.inspection_interval_days,
            origin=origin,
        ),
    )
    return Status(201, _out(equipment))


@router.post("/equipment/{equipment_id}/inspections", response={201: EquipmentInspectionOut})
def record_inspection(request, equipment_id: int, payload: EquipmentInspectionIn):
    equipment = queries.access_equipment(request.user, equipment_id, "inspect")
    corrects = None
    if payload.corrects is not None:
        corrects = equipment.inspections.filter(pk=payload.corrects).first()
        if corrects is None:
            raise NotFound(field="corrects")
    inspection = perform(
        request,
        lambda origin: services.record_inspection(
            actor=request.user,
            equipment=equipment,
            result=payload.result,
            note=payload.note,
            inspected_at=payload.inspected_at,
            corrects=corrects,
            origin=origin,
        ),
    )
    return Status(
        201,
        {
            "id": inspection.pk,
            "equipment_id": equipment.pk,
            "inspected_by": request.user.get_full_name() or request.user.username,
            "inspected_at": inspection.inspected_at,
            "result": inspection.result,
            "note": inspection.note,
            "corrects": inspection.corrects_id,
            "equipment": _out(inspection.equipment),
        },
    )
