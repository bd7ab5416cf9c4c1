"""/api/v1/slips: receipt, issue, outsourcing and return slips; the same services and
queries as the pages, one endpoint per action. Refusals raise DomainError, mapped to
{"detail", "field"} by the API (the field names the line: `lines[2].grade`).

Posting: a slip posts — and moves stock — when the last required step of its chain is
signed. `POST /{id}/post` is that signature under its business name: it signs the next
step only when that step is the last required one, and is refused otherwise, so a caller
can never skip a step by asking to post.
"""

from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from gendan.catalog.models import Item
from gendan.core.audit import Origin
from gendan.core.errors import DomainError
from gendan.org.models import Site, Warehouse, Workshop
from gendan.sales.models import Order
from gendan.stock.slips import queries, services
from gendan.stock.slips.models import SlipKind

router = Router(tags=["slips"])
MAX_PAGE_SIZE = 200


class LineIn(Schema):
    item: int
    quantity: Decimal
    batch_number: str = ""
    expires_on: date | None = None
    product_model: str = ""
    part_name: str = ""
    material_spec: str = ""
    grade: str = ""
    weight: Decimal | None = None
    note: str = ""


class SlipIn(Schema):
    kind: SlipKind
    warehouse: int
    workshop: int | None = None
    partner: int | None = None
    order: str | None = None
    explanation: str = ""
    lines: list[LineIn]
    submit: bool = False


class LineOut(Schema):
    position: int
    item_code: str
    item_name: str
    quantity: Decimal
    unit: str
    batch_number: str
    expires_on: date | None
    product_model: str
    part_name: str
    material_spec: str
    grade: str
    weight: Decimal | None
    from_location: str | None
    to_location: str | None


class SlipOut(Schema):
    id: int
    document_id: int
    number: str
    kind: str
    status: str
    next_step: int | None
    next_roles: list[str]
    warehouse: str
    workshop: str | None
    partner: str | None
    order: str | None
    explanation: str
    reverses: int | None
    created_at: datetime
    lines: list[LineOut] | None = None


class SlipPage(Schema):
    count: int
    items: list[SlipOut]


class SlipFilter(Schema):
    q: str | None = None
    book: int | None = None
    status: str | None = None
    kind: str | None = None
    workshop: int | None = None
    order: str | None = None
    item: str | None = None
    next_role: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1
    page_size: int = 50


class NoteIn(Schema):
    note: str = ""


class RejectIn(Schema):
    reason: str
    return_to_step: int | None = None


class ReasonIn(Schema):
    reason: str


def _slip_out(slip, with_lines=False):
    document = slip.document
    data = {
        "id": slip.pk,
        "document_id": document.pk,
        "number": document.number,
        "kind": slip.kind,
        "status": document.status,
        "next_step": document.current_step,
        "next_roles": [code for code in document.current_role_code.split(",") if code],
        "warehouse": str(slip.warehouse),
        "workshop": str(slip.workshop) if slip.workshop_id else None,
        "partner": str(slip.partner) if slip.partner_id else None,
        "order": slip.order.number if slip.order_id else None,
        "explanation": slip.explanation,
        "reverses": slip.reverses_id,
        "created_at": document.created_at,
    }
    if with_lines:
        data["lines"] = [_line_out(line) for line in slip.lines.all()]
    return data


def _line_out(line):
    return {
        "position": line.position,
        "item_code": line.item.code,
        "item_name": line.item.name,
        "quantity": line.quantity,
        "unit": str(line.item.unit),
        "batch_number": line.batch_number,
        "expires_on": line.expires_on,
        "product_model": line.product_model,
        "part_name": line.part_name,
        "material_spec": line.material_spec,
        "grade": line.grade,
        "weight": line.weight,
        "from_location": str(line.from_location) if line.from_location_id else None,
        "to_location": str(line.to_location) if line.to_location_id else None,
    }


def _detail(request, slip_id):
    return _slip_out(queries.slip_detail(request.user, slip_id), with_lines=True)


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


def _lines(payload):
    items = Item.objects.select_related("unit").in_bulk([line.item for line in payload.lines])
    return [line.dict() | {"item": items.get(line.item)} for line in payload.lines]


@router.get("/", response=SlipPage)
def list_slips(request, filters: Query[SlipFilter]):
    values = filters.dict(exclude={"page", "page_size"})
    rows = queries.slip_list(request.user, filters={k: v for k, v in values.items() if v})
    size = max(1, min(filters.page_size, MAX_PAGE_SIZE))
    start = (max(filters.page, 1) - 1) * size
    return {"count": rows.count(), "items": [_slip_out(s) for s in rows[start : start + size]]}


class HoldingOut(Schema):
    outsourcer: str
    item_code: str
    item_name: str
    quantity: Decimal
    held_since: datetime | None
    days: int | None


@router.get("/outsourcer-holdings", response=list[HoldingOut])
def outsourcer_holdings(request):
    """What each outsourcer holds of our material (D1-3.8) and for how long."""
    return [
        {
            "outsourcer": str(row.site),
            "item_code": row.item.code,
            "item_name": row.item.name,
            "quantity": row.quantity,
            "held_since": row.since,
            "days": row.days,
        }
        for row in queries.outsourcer_holdings()
    ]


@router.get("/{slip_id}", response=SlipOut)
def slip_detail(request, slip_id: int):
    return _detail(request, slip_id)


@router.post("/", response={201: SlipOut})
def create_slip(request, payload: SlipIn):
    order = None
    if payload.order:
        order = Order.objects.filter(number=payload.order).first()
        if order is None:
            raise DomainError(
                _("There is no order %(number)s.") % {"number": payload.order}, field="order"
            )
    origin = Origin.from_request(request)
    slip = services.write_slip(
        actor=request.user,
        kind=payload.kind,
        warehouse=_get(Warehouse, payload.warehouse, "warehouse"),
        workshop=_get(Workshop, payload.workshop, "workshop"),
        partner=_get(Site, payload.partner, "partner"),
        order=order,
        explanation=payload.explanation,
        lines=_lines(payload),
        origin=origin,
    )
    if payload.submit:
        services.submit_slip(actor=request.user, slip=slip, origin=origin)
    return Status(201, _detail(request, slip.pk))


def _act(request, slip_id, action):
    slip = queries.slip_detail(request.user, slip_id)
    result = action(slip, Origin.from_request(request))
    return _detail(request, result.pk)


@router.post("/{slip_id}/submit", response=SlipOut)
def submit_slip(request, slip_id: int):
    return _act(
        request, slip_id, lambda s, o: services.submit_slip(actor=request.user, slip=s, origin=o)
    )


@router.post("/{slip_id}/sign", response=SlipOut)
def sign_slip(request, slip_id: int, payload: NoteIn):
    return _act(
        request,
        slip_id,
        lambda s, o: services.sign_slip(actor=request.user, slip=s, note=payload.note, origin=o),
    )


@router.post("/{slip_id}/post", response=SlipOut)
def post_slip(request, slip_id: int, payload: NoteIn):
    return _act(
        request,
        slip_id,
        lambda s, o: services.post_slip(actor=request.user, slip=s, note=payload.note, origin=o),
    )


@router.post("/{slip_id}/reject", response=SlipOut)
def reject_slip(request, slip_id: int, payload: RejectIn):
    return _act(
        request,
        slip_id,
        lambda s, o: services.reject_slip(
            actor=request.user,
            slip=s,
            reason=payload.reason,
            return_to_step=payload.return_to_step,
            origin=o,
        ),
    )


@router.post("/{slip_id}/void", response=SlipOut)
def void_slip(request, slip_id: int, payload: ReasonIn):
    return _act(
        request,
        slip_id,
        lambda s, o: services.void_slip(
            actor=request.user, slip=s, reason=payload.reason, origin=o
        ),
    )


@router.post("/{slip_id}/reverse", response={201: SlipOut})
def reverse_slip(request, slip_id: int, payload: ReasonIn):
    reversal = _act(
        request,
        slip_id,
        lambda s, o: services.reverse_slip(
            actor=request.user, slip=s, reason=payload.reason, origin=o
        ),
    )
    return Status(201, reversal)
