"""/api/v1/shopfloor: production lots, transfer slips and waiting areas; the same services
and queries as the pages, one endpoint per action. Refusals raise DomainError, mapped to
{"detail", "field"} by the API.

`GET /lots` lists lots with `started` and `quantities`: where the parts are now, one key
per operation (its name on the process sheet) and `waiting`, `outsourced`, `rework`,
`scrap`, `warehouse`; the values always add up to `started` (D1-5.4).
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from gendan.catalog.models import Item
from gendan.core.actions import perform
from gendan.core.errors import DomainError, NotFound
from gendan.core.schemas import Id, Position, column_decimal, column_text
from gendan.org.models import Site, Warehouse, Workshop
from gendan.sales.models import Order
from gendan.shopfloor import queries, services
from gendan.shopfloor.models import Lot, TransferLine, TransferSlip

router = Router(tags=["shopfloor"])
Quantity = column_decimal(TransferLine, "quantity", ge=0)


class LotIn(Schema):
    item: Id
    quantity: column_decimal(Lot, "quantity", ge=0)
    order: Id | None = None


class LotOut(Schema):
    id: int
    number: str
    item_code: str
    item_name: str
    order: str | None
    started: Decimal
    quantities: dict[str, Decimal]


class TransferLineIn(Schema):
    lot: Id
    quantity: Quantity
    from_step: int | None = None
    to_step: int | None = None
    source: column_text(TransferLine, "source") = TransferLine.Source.OPERATION


class TransferIn(Schema):
    destination: column_text(TransferSlip, "destination")
    lines: list[TransferLineIn]
    warehouse: Id | None = None
    outsourcer: Id | None = None
    waiting_reason: column_text(TransferSlip, "waiting_reason") = ""


class SignLineIn(Schema):
    position: Position
    passed: Quantity | None = None
    rework: Quantity | None = None
    scrap: Quantity | None = None
    handed_over: Quantity | None = None
    received: Quantity | None = None
    reason: column_text(TransferLine, "handover_reason") = ""
    note: column_text(TransferLine, "handover_note") = ""


class TransferSignIn(Schema):
    lines: list[SignLineIn] = []
    place: column_text(TransferSlip, "place") = ""
    note: column_text(TransferSlip, "place") = ""


class TransferLineOut(Schema):
    position: int
    lot: str
    item: str
    from_step: str
    to_step: str | None
    quantity: Decimal
    passed: Decimal | None
    rework: Decimal | None
    scrap: Decimal | None
    handed_over: Decimal | None
    received: Decimal | None
    unexplained_scrap: Decimal


class TransferOut(Schema):
    id: int
    document_id: int
    number: str
    status: str
    next_role: str | None
    workshop: str
    destination: str
    to_workshop: str | None
    place: str
    stock_slip: str | None  # the production receipt (入库) or outsourcing issue slip
    stock_slip_id: int | None
    lines: list[TransferLineOut]


class WaitingOut(Schema):
    lot: str
    item: str
    quantity: Decimal
    since: str | None
    reason: str


def _lot_out(lot, found):
    return {
        "id": lot.pk,
        "number": lot.document.number,
        "item_code": lot.item.code,
        "item_name": lot.item.name,
        "order": lot.order.number if lot.order_id else None,
        "started": lot.quantity,
        "quantities": found[lot.pk],
    }


def _transfer_out(slip):
    slip = TransferSlip.objects.select_related(
        "document", "workshop", "to_workshop", "stock_slip__document"
    ).get(pk=slip.pk)
    return {
        "id": slip.pk,
        "document_id": slip.document_id,
        "number": slip.document.number,
        "status": slip.document.status,
        "next_role": services.current_role(slip),
        "workshop": slip.workshop.name,
        "destination": slip.destination,
        "to_workshop": slip.to_workshop.name if slip.to_workshop_id else None,
        "place": slip.place,
        "stock_slip": slip.stock_slip.document.number if slip.stock_slip_id else None,
        "stock_slip_id": slip.stock_slip_id,
        "lines": [
            {
                "position": line.position,
                "lot": line.lot.document.number,
                "item": str(line.lot.item),
                "from_step": line.from_step.name,
                "to_step": line.to_step.name if line.to_step_id else None,
                "quantity": line.quantity,
                "passed": line.passed,
                "rework": line.rework,
                "scrap": line.scrap,
                "handed_over": line.handed_over,
                "received": line.received,
                "unexplained_scrap": line.unexplained_scrap,
            }
            for line in queries.transfer_lines(slip)
        ],
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


@router.get("/lots", response=list[LotOut])
def list_lots(request, limit: int = 200):
    lots = list(queries.lot_list(request.user)[: max(1, min(limit, 2000))])
    found = queries.quantities(lots)
    return [_lot_out(lot, found) for lot in lots]


@router.get("/lots/{lot_id}", response=LotOut)
def lot_detail(request, lot_id: int):
    lot = queries.lot_detail(request.user, lot_id)
    return _lot_out(lot, queries.quantities([lot]))


@router.post("/lots", response={201: LotOut})
def start_lot(request, payload: LotIn):
    lot = perform(
        request,
        lambda origin: services.start_lot(
            actor=request.user,
            item=_get(Item, payload.item, "item"),
            quantity=payload.quantity,
            order=_get(Order, payload.order, "order"),
            origin=origin,
        ),
    )
    lot = queries.lot_list().get(pk=lot.pk)
    return Status(201, _lot_out(lot, queries.quantities([lot])))


@router.post("/transfers", response={201: TransferOut})
def write_transfer(request, payload: TransferIn):
    lots = Lot.objects.in_bulk([line.lot for line in payload.lines])
    lines = []
    for index, line in enumerate(payload.lines, start=1):
        lot = lots.get(line.lot)
        if lot is None:
            raise DomainError(
                _("Line %(line)s: there is no lot with id %(id)s.")
                % {"line": index, "id": line.lot},
                field=f"lines[{index}].lot",
            )
        lines.append(line.dict() | {"lot": lot})
    slip = perform(
        request,
        lambda origin: services.write_transfer(
            actor=request.user,
            destination=payload.destination,
            lines=lines,
            warehouse=_get(Warehouse, payload.warehouse, "warehouse"),
            outsourcer=_get(Site, payload.outsourcer, "outsourcer"),
            waiting_reason=payload.waiting_reason,
            origin=origin,
        ),
    )
    return Status(201, _transfer_out(slip))


@router.get("/transfers/{transfer_id}", response=TransferOut)
def transfer_detail(request, transfer_id: int):
    return _transfer_out(queries.transfer_detail(request.user, transfer_id))


@router.post("/transfers/{transfer_id}/sign", response=TransferOut)
def sign_transfer(request, transfer_id: int, payload: TransferSignIn):
    slip = queries.transfer_detail(request.user, transfer_id)
    rows = [line.dict(exclude_none=True) for line in payload.lines]
    signed = perform(
        request,
        lambda origin: services.sign_transfer(
            actor=request.user,
            slip=slip,
            lines=rows,
            place=payload.place,
            note=payload.note,
            origin=origin,
        ),
    )
    return _transfer_out(signed)


@router.get("/waiting/{workshop_id}", response=list[WaitingOut])
def waiting_area(request, workshop_id: int):
    workshop = Workshop.objects.filter(pk=workshop_id).first()
    if workshop is None:
        raise NotFound()
    return [
        {
            "lot": row["lot"].document.number,
            "item": str(row["lot"].item),
            "quantity": row["quantity"],
            "since": row["since"].isoformat() if row["since"] else None,
            "reason": row["reason"],
        }
        for row in queries.waiting_area(workshop)
    ]


from gendan.shopfloor.api_archive import router as archive_router  # noqa: E402
from gendan.shopfloor.api_assessment import router as assessment_router  # noqa: E402
from gendan.shopfloor.api_equipment import router as equipment_router  # noqa: E402
from gendan.shopfloor.api_flow import router as flow_router  # noqa: E402
from gendan.shopfloor.api_wip import router as wip_router  # noqa: E402

router.add_router("", equipment_router)
router.add_router("", assessment_router)
router.add_router("", archive_router)
router.add_router("", wip_router)
router.add_router("", flow_router)
