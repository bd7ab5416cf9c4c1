"""/api/v1/catalog: the catalog router; the same services and queries as the pages."""

from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema, Status, UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from gendan.catalog import queries, services
from gendan.catalog.errors import ImportRejected
from gendan.catalog.models import ConfusionGroup, Item, Unit
from gendan.core import audit
from gendan.core.errors import NotFound

router = Router(tags=["catalog"])


class ItemOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    spec: str
    grade: str
    model_series: str
    unit: str
    weight_per_unit: Decimal | None
    confusion_group: str | None
    is_active: bool

    @staticmethod
    def resolve_unit(item):
        return item.unit.code

    @staticmethod
    def resolve_confusion_group(item):
        return item.confusion_group.name if item.confusion_group_id else None


class VariantOut(Schema):
    id: int
    code: str
    colour: str
    size: str


class StepOut(Schema):
    sequence: int
    name: str
    workshop: str


class BomLineOut(Schema):
    component: str
    quantity: Decimal


class ItemDetailOut(ItemOut):
    variants: list[VariantOut]
    process_steps: list[StepOut]
    bom_lines: list[BomLineOut]
    confused_with: list[str]

    @staticmethod
    def resolve_variants(item):
        return list(item.variants.all())

    @staticmethod
    def resolve_process_steps(item):
        sheet = getattr(item, "process_sheet", None)
        steps = sheet.steps.all() if sheet else []
        return [
            {"sequence": s.sequence, "name": s.name, "workshop": s.workshop.code} for s in steps
        ]

    @staticmethod
    def resolve_bom_lines(item):
        return [
            {"component": line.component.code, "quantity": line.quantity}
            for line in item.bom_lines.all()
        ]

    @staticmethod
    def resolve_confused_with(item):
        return [other.code for other in queries.confused_with(item)]


class ItemIn(Schema):
    code: str
    name: str
    kind: Item.Kind
    unit: str
    spec: str = ""
    grade: str = ""
    model_series: str = ""
    weight_per_unit: Decimal | None = None
    confusion_group: str | None = None


class ImportOut(Schema):
    created: int
    updated: int
    unchanged: int


class ProblemOut(Schema):
    row: int
    column: str
    message: str
    expected: str
    value: str


class RejectedOut(Schema):
    detail: str
    problems: list[ProblemOut]


class ErrorOut(Schema):
    detail: str
    field: str | None = None


@router.get("/items", response=list[ItemOut])
@paginate(PageNumberPagination, page_size=50)
def list_items(request, q: str = "", kind: str = ""):
    return queries.items(search=q, kind=kind or None)


@router.post("/items", response={201: ItemOut, 400: ErrorOut, 403: ErrorOut})
def create_item(request, payload: ItemIn):
    values = payload.dict(exclude={"unit", "confusion_group"})
    group = payload.confusion_group
    item = services.create_item(
        actor=request.user,
        **values,
        unit=get_object_or_404(Unit, code=payload.unit),
        confusion_group=get_object_or_404(ConfusionGroup, name=group) if group else None,
        origin=audit.Origin.from_request(request),
    )
    return Status(201, item)


def _import(request, importer, file):
    try:
        result = importer(
            actor=request.user,
            file_bytes=file.read(),
            filename=file.name,
            origin=audit.Origin.from_request(request),
        )
    except ImportRejected as error:
        return Status(400, {"detail": str(error), "problems": error.problems})
    return Status(200, result.as_dict())


IMPORT_RESPONSES = {200: ImportOut, 400: RejectedOut | ErrorOut, 403: ErrorOut}


@router.post("/items/import", response=IMPORT_RESPONSES)
def import_items(request, file: File[UploadedFile]):
    """Items from xlsx or csv; 400 lists every bad row and nothing is imported."""
    return _import(request, services.import_items, file)


@router.post("/variants/import", response=IMPORT_RESPONSES)
def import_variants(request, file: File[UploadedFile]):
    return _import(request, services.import_variants, file)


@router.post("/process-sheets/import", response=IMPORT_RESPONSES)
def import_process_sheets(request, file: File[UploadedFile]):
    return _import(request, services.import_process_sheets, file)


# After the fixed paths: `/items/{item_id}` would otherwise catch `/items/import`.
@router.get("/items/{item_id}", response=ItemDetailOut)
def item_detail(request, item_id: int):
    try:
        return queries.item_with_details(item_id)
    except Item.DoesNotExist:
        raise NotFound() from None
