"""/api/v1/slips: receipt, issue, outsourcing and return slips; the same services and
queries as the pages, one endpoint per action. Refusals raise DomainError, mapped to
{"detail", "field"} by the API (the field names the line: `lines[2].grade`).

Posting: a slip posts — and moves stock — when the last required step of its chain is
signed. `POST /{id}/post` is that signature under its business name: it signs the next
step only when that step is the last required one, and is refused otherwise, so a caller
can never skip a step by asking to post.
"""

from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from gendan.catalog.models import Item
from gendan.core.actions import perform
from gendan.core.audit import Origin
from gendan.core.errors import DomainError, PermissionDenied
from gendan.core.schemas import linked
from gendan.org.models import Site, Warehouse, Workshop
from gendan.sales.models import Order
from gendan.stock.access import can_read_stock
from gendan.stock.slips import queries, services
from gendan.stock.slips.schemas import (
    OutsourcerHoldingOut,
    SlipFilter,
    SlipIn,
    SlipNoteIn,
    SlipOut,
    SlipPage,
    SlipReasonIn,
    SlipRejectIn,
)

router = Router(tags=["slips"])


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
        "workshop": linked(slip, "workshop"),
        "partner": linked(slip, "partner"),
        "order": linked(slip, "order", "number"),
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
        "from_location": linked(line, "from_location"),
        "to_location": linked(line, "to_location"),
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
    size = filters.page_size
    start = (filters.page - 1) * size
    return {"count": rows.count(), "items": [_slip_out(s) for s in rows[start : start + size]]}


@router.get("/outsourcer-holdings", response=list[OutsourcerHoldingOut])
def outsourcer_holdings(request):
    """What each outsourcer holds of our material (D1-3.8) and for how long: stock
    figures, for the roles that read stock (issue 9)."""
    if not can_read_stock(request.user):
        raise PermissionDenied(_("Stock figures are for the roles that read stock."))
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


def _on_slip(request, slip_id, service):
    """Run `service(slip, origin)` on a slip the caller may see; answer with the slip it
    leaves. A refusal rises to the API's handler (400/403/404/409 with the field)."""
    slip = queries.slip_detail(request.user, slip_id)
    result = perform(request, lambda origin: service(slip, origin))
    return _detail(request, result.pk)


@router.post("/{slip_id}/submit", response=SlipOut)
def submit_slip(request, slip_id: int):
    return _on_slip(
        request, slip_id, lambda s, o: services.submit_slip(actor=request.user, slip=s, origin=o)
    )


@router.post("/{slip_id}/sign", response=SlipOut)
def sign_slip(request, slip_id: int, payload: SlipNoteIn):
    return _on_slip(
        request,
        slip_id,
        lambda s, o: services.sign_slip(actor=request.user, slip=s, note=payload.note, origin=o),
    )


@router.post("/{slip_id}/post", response=SlipOut)
def post_slip(request, slip_id: int, payload: SlipNoteIn):
    return _on_slip(
        request,
        slip_id,
        lambda s, o: services.post_slip(actor=request.user, slip=s, note=payload.note, origin=o),
    )


@router.post("/{slip_id}/reject", response=SlipOut)
def reject_slip(request, slip_id: int, payload: SlipRejectIn):
    return _on_slip(
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
def void_slip(request, slip_id: int, payload: SlipReasonIn):
    return _on_slip(
        request,
        slip_id,
        lambda s, o: services.void_slip(
            actor=request.user, slip=s, reason=payload.reason, origin=o
        ),
    )


@router.post("/{slip_id}/reverse", response={201: SlipOut})
def reverse_slip(request, slip_id: int, payload: SlipReasonIn):
    reversal = _on_slip(
        request,
        slip_id,
        lambda s, o: services.reverse_slip(
            actor=request.user, slip=s, reason=payload.reason, origin=o
        ),
    )
    return Status(201, reversal)
