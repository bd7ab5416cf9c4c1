"""/api/v1/stock: the stock router; the same services and queries as the pages."""

from datetime import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status, UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from gendan.catalog.errors import ImportRejected
from gendan.catalog.models import Item
from gendan.core import chains
from gendan.core.errors import DomainError, PermissionDenied
from gendan.stock import counts, queries
from gendan.stock.models import Batch, CountSheet, Location
from gendan.stock.opening import import_opening_stock

router = Router(tags=["stock"])


class ErrorOut(Schema):
    detail: str
    field: str | None = None


class BalanceOut(Schema):
    item: str
    item_name: str
    location: str
    batch: str | None
    expires_on: str | None
    quantity: Decimal

    @staticmethod
    def resolve_item(row):
        return row.item.code

    @staticmethod
    def resolve_item_name(row):
        return row.item.name

    @staticmethod
    def resolve_location(row):
        return row.location.code

    @staticmethod
    def resolve_batch(row):
        return row.batch.number if row.batch_id else None

    @staticmethod
    def resolve_expires_on(row):
        return str(row.batch.expires_on) if row.batch_id and row.batch.expires_on else None


class MoveOut(Schema):
    id: int
    item: str
    batch: str | None
    quantity: Decimal
    from_location: str
    to_location: str
    document: str | None
    reverses: int | None
    at: datetime

    @staticmethod
    def resolve_item(move):
        return move.item.code

    @staticmethod
    def resolve_batch(move):
        return move.batch.number if move.batch_id else None

    @staticmethod
    def resolve_from_location(move):
        return move.from_location.code

    @staticmethod
    def resolve_to_location(move):
        return move.to_location.code

    @staticmethod
    def resolve_document(move):
        return move.document.number if move.document_id else None

    @staticmethod
    def resolve_reverses(move):
        return move.reverses_id


@router.get("/balances", response=list[BalanceOut])
@paginate(PageNumberPagination, page_size=100)
def list_balances(request, q: str = "", location: str = "", batch: str = ""):
    return queries.balances(search=q, location=location or None, batch=batch or None)


@router.get("/moves", response=list[MoveOut])
@paginate(PageNumberPagination, page_size=100)
def list_moves(request, item: str = "", location: str = "", document: str = ""):
    return queries.moves(
        item_code=item or None, location=location or None, document=document or None
    )


class ProblemOut(Schema):
    row: int
    column: str
    message: str
    expected: str
    value: str


class RejectedOut(Schema):
    detail: str
    problems: list[ProblemOut]


class OpeningImportOut(Schema):
    id: int
    rows: int
    created: bool


@router.post(
    "/opening-stock/import",
    response={200: OpeningImportOut, 400: RejectedOut | ErrorOut, 403: ErrorOut},
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


class CountOpenIn(Schema):
    location: str


class CountLineOut(Schema):
    id: int
    item: str
    batch: str | None
    expected: Decimal
    counted: Decimal | None
    is_found_stock: bool

    @staticmethod
    def resolve_item(line):
        return line.item.code

    @staticmethod
    def resolve_batch(line):
        return line.batch.number if line.batch_id else None


class CountOut(Schema):
    id: int
    number: str
    location: str
    status: str
    lines: list[CountLineOut]

    @staticmethod
    def resolve_number(sheet):
        return sheet.document.number

    @staticmethod
    def resolve_location(sheet):
        return sheet.location.code

    @staticmethod
    def resolve_status(sheet):
        return sheet.document.status

    @staticmethod
    def resolve_lines(sheet):
        return list(queries.count_lines(sheet))


class CountedIn(Schema):
    item: str
    batch: str | None = None
    counted: Decimal
    is_found_stock: bool = False


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied()


def _count(count_id):
    return get_object_or_404(CountSheet.objects.select_related("document", "location"), pk=count_id)


COUNT_RESPONSES = {200: CountOut, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut}


@router.post("/counts", response={201: CountOut, 400: ErrorOut, 403: ErrorOut})
def open_count(request, payload: CountOpenIn):
    _require(request, "stock.add_countsheet")
    location = get_object_or_404(Location, code=payload.location)
    return Status(201, counts.open_count(actor=request.user, location=location))


@router.get("/counts/{count_id}", response=CountOut)
def count_detail(request, count_id: int):
    return _count(count_id)


@router.post("/counts/{count_id}/counted", response=COUNT_RESPONSES)
def record_counted(request, count_id: int, payload: list[CountedIn]):
    sheet = _count(count_id)
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
    sheet = _count(count_id)
    counts.submit_count(actor=request.user, sheet=sheet)
    return _count(count_id)


@router.post("/counts/{count_id}/sign", response=COUNT_RESPONSES)
def sign_count(request, count_id: int):
    """Sign the next step; the chief storekeeper's signature posts the variances."""
    chains.sign(actor=request.user, document=_count(count_id).document)
    return _count(count_id)
