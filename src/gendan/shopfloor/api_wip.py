"""/api/v1/shopfloor: counts of work in progress (D1-1.5). The same gate, services and
queries as the pages, one endpoint per action; refusals are answered {"detail", "field"}.

- `GET /wip-counts` (filters `status`, `workshop`, `q`), `GET /wip-counts/{id}`;
- `POST /wip-counts` {"workshop"}: open a count (the books' figures frozen);
- `POST /wip-counts/{id}/counts` {"lines": [{"line" | "lot" + "place", "counted",
  "explanation": "found" | "scrap", "scrapped", "note"}]}: enter counted quantities;
- `POST /wip-counts/{id}/sign` {"note"}: the clerk hands it in, the director signs it
  off (which posts the differences).
"""

from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from gendan.core.actions import perform
from gendan.core.errors import DomainError
from gendan.core.schemas import Id, column_decimal, column_text
from gendan.org.models import Workshop
from gendan.shopfloor import wip_queries, wip_services
from gendan.shopfloor.models import Lot
from gendan.shopfloor.wip_models import WipCountLine
from gendan.stock.models import Location

router = Router(tags=["shopfloor"])
Counted = column_decimal(WipCountLine, "counted", ge=0)


class WipCountIn(Schema):
    workshop: Id


class WipEntryIn(Schema):
    line: Id | None = None
    lot: Id | None = None
    place: Id | None = None
    counted: Counted
    explanation: Literal["", "found", "scrap"] = ""
    scrapped: Counted | None = None
    note: column_text(WipCountLine, "note") = ""


class WipCountsIn(Schema):
    lines: list[WipEntryIn]


class WipSignIn(Schema):
    note: column_text(WipCountLine, "note") = ""


class WipLineOut(Schema):
    id: int
    lot: str
    lot_id: int
    item: str
    place: str
    place_id: int
    expected: Decimal
    counted: Decimal | None
    difference: Decimal | None
    scrapped: Decimal | None
    found_elsewhere: Decimal
    note: str
    is_found: bool


class WipCountOut(Schema):
    id: int
    document_id: int
    number: str
    status: str
    next_role: str | None
    workshop: str
    opened_at: str
    problems: list[str]
    lines: list[WipLineOut]


class WipCountRowOut(Schema):
    id: int
    number: str
    status: str
    workshop: str
    opened_at: str
    line_count: int
    counted_count: int


def _out(sheet):
    sheet = wip_queries.sheet_of_document(sheet.document)
    document = sheet.document
    lines = list(wip_queries.lines(sheet))
    roles = [code for code in document.current_role_code.split(",") if code]
    counting = document.status == "pending" and document.current_step == 1
    return {
        "id": sheet.pk,
        "document_id": document.pk,
        "number": document.number,
        "status": document.status,
        "next_role": roles[0] if roles and document.status == "pending" else None,
        "workshop": sheet.workshop.name,
        "opened_at": sheet.opened_at.isoformat(),
        "problems": [str(problem) for problem in wip_services.problems(lines)] if counting else [],
        "lines": [wip_queries.line_data(line) for line in lines],
    }


def _get(model, pk, field):
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise DomainError(
            _("There is no %(what)s with id %(id)s.")
            % {"what": model._meta.verbose_name, "id": pk},
            field=field,
        )
    return found


@router.get("/wip-counts", response=list[WipCountRowOut])
def list_wip_counts(request, status: str = "", workshop: int | None = None, q: str = ""):
    sheets = wip_queries.wip_count_list(request.user, status=status, workshop=workshop, search=q)
    return [
        {
            "id": sheet.pk,
            "number": sheet.document.number,
            "status": sheet.document.status,
            "workshop": sheet.workshop.name,
            "opened_at": sheet.opened_at.isoformat(),
            "line_count": sheet.line_count,
            "counted_count": sheet.counted_count,
        }
        for sheet in sheets[:200]
    ]


@router.post("/wip-counts", response={201: WipCountOut})
def open_wip_count(request, payload: WipCountIn):
    workshop = _get(Workshop, payload.workshop, "workshop")
    sheet = perform(
        request,
        lambda origin: wip_services.open_wip_count(
            actor=request.user, workshop=workshop, origin=origin
        ),
    )
    return Status(201, _out(sheet))


@router.get("/wip-counts/{wip_count_id}", response=WipCountOut)
def wip_count_detail(request, wip_count_id: int):
    return _out(wip_queries.access_wip_count(request.user, wip_count_id))


@router.post("/wip-counts/{wip_count_id}/counts", response=WipCountOut)
def record_counts(request, wip_count_id: int, payload: WipCountsIn):
    sheet = wip_queries.access_wip_count(request.user, wip_count_id)
    entries = []
    for index, entry in enumerate(payload.lines, start=1):
        row = entry.dict()
        if entry.line is not None:
            row["line"] = WipCountLine.objects.filter(pk=entry.line, sheet=sheet).first()
            if row["line"] is None:
                raise DomainError(
                    _("Entry %(index)s: there is no line %(id)s on this sheet.")
                    % {"index": index, "id": entry.line},
                    field=f"lines[{index}].line",
                )
        else:
            row["line"] = None
            row["lot"] = _get(Lot, entry.lot, f"lines[{index}].lot")
            row["place"] = _get(Location, entry.place, f"lines[{index}].place")
        entries.append(row)
    perform(
        request,
        lambda origin: wip_services.record_counts(
            actor=request.user, sheet=sheet, entries=entries, origin=origin
        ),
    )
    return _out(sheet)


@router.post("/wip-counts/{wip_count_id}/sign", response=WipCountOut)
def sign_wip_count(request, wip_count_id: int, payload: WipSignIn):
    sheet = wip_queries.access_wip_count(request.user, wip_count_id)
    signed = perform(
        request,
        lambda origin: wip_services.sign_wip_count(
            actor=request.user, sheet=sheet, note=payload.note, origin=origin
        ),
    )
    return _out(signed)
