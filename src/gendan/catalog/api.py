"""/api/v1/catalog: the catalog router; the same services and queries as the pages."""

from django.shortcuts import get_object_or_404
from ninja import File, Query, Router, Status, UploadedFile
from ninja.pagination import paginate

from gendan.catalog import queries, services
from gendan.catalog.models import ConfusionGroup, Item, Unit
from gendan.catalog.schemas import (
    ImportResultOut,
    ItemDetailOut,
    ItemFilter,
    ItemIn,
    ItemOut,
)
from gendan.core import audit
from gendan.core.errors import NotFound
from gendan.core.import_errors import ImportRejected
from gendan.core.schemas import ErrorOut, ImportRejectedOut, Paging

router = Router(tags=["catalog"])


@router.get("/items", response=list[ItemOut])
@paginate(Paging, page_size=50)
def list_items(request, filters: Query[ItemFilter]):
    return queries.items(search=filters.q, kind=filters.kind or None)


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


IMPORT_RESPONSES = {200: ImportResultOut, 400: ImportRejectedOut | ErrorOut, 403: ErrorOut}


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
