"""/api/v1/stock: the stock router; the same services and queries as the pages."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status, UploadedFile
from ninja.pagination import paginate

from gendan.catalog.models import Item
from gendan.core import chains
from gendan.core.errors import DomainError, PermissionDenied
from gendan.core.import_errors import ImportRejected
from gendan.core.schemas import ErrorOut, ImportRejectedOut, Paging
from gendan.stock import access, counts, queries
from gendan.stock.models import Batch, Location
from gendan.stock.opening import import_opening_stock
from gendan.stock.schemas import (
    BalanceFilter,
    BalanceOut,
    CountedIn,
    CountOpenIn,
    CountOut,
    MoveFilter,
    MoveOut,
    OpeningImportOut,
)

router = Router(tags=["stock"])


@router.get("/balances", response=list[BalanceOut])
@paginate(Paging, page_size=100)
def list_balances(request, filters: Query[BalanceFilter]):
    _require_reader(request)
    return access.scoped_balances(
        request.user,
        queries.balances(
            search=filters.q, location=filters.location or None, batch=filters.batch or None
        ),
    )


@router.get("/moves", response=list[MoveOut])
@paginate(Paging, page_size=100)
def list_moves(request, filters: Query[MoveFilter]):
    _require_reader(request)
    return access.scoped_moves(
        request.user,
        queries.moves(
            item_code=filters.item or None,
            location=filters.location or None,
            document=filters.document or None,
        ),
    )


@router.post(
    "/opening-stock/import",
    response={200: OpeningImportOut, 400: ImportRejectedOut | ErrorOut, 403: ErrorOut},
)
def import_opening(request, file: File[UploadedFile]):
    """Opening stock from xlsx or csv; 400 lists every bad row and nothing is imported;
    the same file twice changes nothing (`created` false)."""
    _require(request, "stock.add_openingimport")
    try:
        record, created = import_opening_stock(
            actor=request.user, file_bytes=file.read(), filename=file.name
        )
    except ImportRejected as error:
        problems = [problem.as_dict() for problem in error.problems]
        return Status(400, {"detail": str(error), "problems": problems})
    return {"id": record.pk, "rows": record.rows, "created": created}


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied()


def _require_reader(request):
    if not access.can_read_stock(request.user):
        raise PermissionDenied()


def _count(request, count_id):
    return access.access_count_sheet(request.user, count_id)


COUNT_RESPONSES = {200: CountOut, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut}


@router.post("/counts", response={201: CountOut, 400: ErrorOut, 403: ErrorOut})
def open_count(request, payload: CountOpenIn):
    location = get_object_or_404(Location, code=payload.location)
    if not access.can_count(request.user, location=location):
        raise PermissionDenied()
    return Status(201, counts.open_count(actor=request.user, location=location))


@router.get("/counts/{count_id}", response=CountOut)
def count_detail(request, count_id: int):
    return _count(request, count_id)


@router.post("/counts/{count_id}/counted", response=COUNT_RESPONSES)
def record_counted(request, count_id: int, payload: list[CountedIn]):
    sheet = _count(request, count_id)
    items = Item.objects.select_related("unit").in_bulk(
        [entry.item for entry in payload], field_name="code"
    )
    entries = []
    for entry in payload:
        item = items.get(entry.item)
        if item is None:
            raise DomainError(_("Unknown item %(code)s.") % {"code": entry.item}, field="item")
        batch = Batch.objects.filter(item=item, number=entry.batch).first()
        if entry.batch and batch is None:
            raise DomainError(
                _("Unknown batch %(batch)s of %(code)s.")
                % {"batch": entry.batch, "code": item.code},
                field="batch",
            )
        entries.append((item, batch, entry.counted, entry.is_found_stock))
    return counts.record_counted(actor=request.user, sheet=sheet, entries=entries)


@router.post("/counts/{count_id}/submit", response=COUNT_RESPONSES)
def submit_count(request, count_id: int):
    sheet = _count(request, count_id)
    counts.submit_count(actor=request.user, sheet=sheet)
    return _count(request, count_id)


@router.post("/counts/{count_id}/sign", response=COUNT_RESPONSES)
def sign_count(request, count_id: int):
    """Sign the next step; the chief storekeeper's signature posts the variances."""
    chains.sign(actor=request.user, document=_count(request, count_id).document)
    return _count(request, count_id)
