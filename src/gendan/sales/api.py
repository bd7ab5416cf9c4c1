"""/api/v1/sales: the sales router; the same services and queries as the pages.

Business secrets (D2-6): phone, address, prices and amounts are null for a caller who
may not see them. Refusals raise DomainError, mapped to {"detail", "field"} by the API.
"""

from ninja import Query, Router, Schema, Status

from gendan.core.audit import Origin
from gendan.core.errors import DomainError, NotFound
from gendan.sales import queries, services
from gendan.sales.access import (
    access_customer,
    access_order,
    can_see_contact,
    can_see_prices,
    require_perm,
    visible_customers,
)
from gendan.sales.models import Communication
from gendan.sales.schemas import (
    AmendmentOut,
    CommunicationFilter,
    CommunicationIn,
    CommunicationOut,
    CommunicationPage,
    CustomerFilter,
    CustomerPage,
    CustomerReturnIn,
    DeliveryNoteIn,
    DeliveryNoteOut,
    FeedbackIn,
    OrderAmendIn,
    OrderConfirmIn,
    OrderDetailOut,
    OrderFilter,
    OrderIn,
    OrderLineFilter,
    OrderLinePage,
    OrderPage,
    OrderTransitionIn,
    PaymentIn,
    PaymentOut,
)

router = Router(tags=["sales"])
MAX_PAGE_SIZE = 200


def _page(rows, paging, out):
    size = max(1, min(paging.page_size, MAX_PAGE_SIZE))
    start = (max(paging.page, 1) - 1) * size
    return {"count": rows.count(), "items": [out(row) for row in rows[start : start + size]]}


def _name(user):
    return (user.get_full_name() or user.username) if user else None


def _customer_out(customer, show_contact):
    return {
        "id": customer.pk,
        "code": customer.code,
        "name": customer.name,
        "merchandiser": _name(customer.merchandiser),
        "phone": customer.phone if show_contact else None,
        "address": customer.address if show_contact else None,
    }


def _order_out(order, show_prices):
    money = {
        "payment_terms": order.payment_terms,
        "total_amount": order.total_amount,
        "paid_amount": order.paid_amount,
        "balance_due": order.balance_due,
    }
    return {
        "id": order.pk,
        "number": order.number,
        "customer_id": order.customer_id,
        "customer_name": order.customer.name,
        "channel": order.channel,
        "order_type": order.order_type,
        "status": order.status,
        "status_label": order.get_status_display(),
        "merchandiser": _name(order.merchandiser),
        "order_date": order.order_date,
        "delivery_date": order.delivery_date,
        "payment_due_date": order.payment_due_date,
        **(money if show_prices else dict.fromkeys(money)),
    }


def _line_out(line, show_prices):
    return {
        "id": line.pk,
        "order_id": line.order_id,
        "order_number": line.order.number,
        "position": line.position,
        "item_code": line.item.code,
        "item_name": line.item.name,
        "variant_id": line.variant_id,
        "model_series": line.model_series,
        "colour": line.colour,
        "size_spec": line.size_spec,
        "quantity": line.quantity,
        "delivered_quantity": line.delivered_quantity,
        "unit_price": line.unit_price if show_prices else None,
        "amount": line.amount if show_prices else None,
    }


def _order_detail_out(request, order_id):
    order = queries.order_detail(request.user, order_id)
    show_prices = can_see_prices(request.user)
    data = _order_out(order, show_prices)
    data["lines"] = [_line_out(line, show_prices) for line in order.lines.all()]
    return data


def _communication_out(entry):
    return {
        "id": entry.pk,
        "customer_id": entry.customer_id,
        "customer_name": entry.customer.name,
        "order_id": entry.order_id,
        "kind": entry.kind,
        "occurred_at": entry.occurred_at,
        "summary": entry.summary,
        "owner": _name(entry.owner),
        "feedback_promised": entry.feedback_promised,
        "feedback_due_date": entry.feedback_due_date,
        "feedback_given_at": entry.feedback_given_at,
        "feedback_given": entry.feedback_given,
    }


@router.get("/customers", response=CustomerPage)
def list_customers(request, filters: Query[CustomerFilter]):
    show_contact = can_see_contact(request.user)
    rows = queries.customer_list(request.user, search=filters.q, merchandiser=filters.merchandiser)
    return _page(rows, filters, lambda c: _customer_out(c, show_contact))


@router.get("/orders", response=OrderPage)
def list_orders(request, filters: Query[OrderFilter]):
    show_prices = can_see_prices(request.user)
    rows = queries.order_list(
        request.user,
        search=filters.q,
        **filters.dict(exclude={"q", "page", "page_size"}),
    )
    return _page(rows, filters, lambda o: _order_out(o, show_prices))


@router.get("/orders/{order_id}", response=OrderDetailOut)
def order_detail(request, order_id: int):
    return _order_detail_out(request, order_id)


@router.get("/order-lines", response=OrderLinePage)
def list_order_lines(request, filters: Query[OrderLineFilter]):
    show_prices = can_see_prices(request.user)
    rows = queries.order_lines(request.user, order=filters.order, item=filters.item)
    return _page(rows, filters, lambda line: _line_out(line, show_prices))


@router.get("/communications", response=CommunicationPage)
def list_communications(request, filters: Query[CommunicationFilter]):
    rows = queries.communication_list(
        request.user,
        customer=filters.customer,
        owner=filters.owner,
        order=filters.order,
        is_open=filters.is_open,
    )
    return _page(rows, filters, _communication_out)


@router.post("/orders", response={201: OrderDetailOut})
def create_order(request, payload: OrderIn):
    require_perm(request.user, "sales.add_order")
    customer = visible_customers(request.user).filter(pk=payload.customer).first()
    if customer is None:
        raise DomainError(NotFound.default_message, field="customer")
    order = services.create_order(
        actor=request.user,
        customer=customer,
        lines=[line.dict() for line in payload.lines],
        origin=Origin.from_request(request),
        **payload.dict(exclude={"customer", "lines"}),
    )
    return Status(201, _order_detail_out(request, order.pk))


@router.post("/orders/{order_id}/confirm", response=OrderDetailOut)
def confirm_order(request, order_id: int, payload: OrderConfirmIn):
    services.confirm_order(
        actor=request.user,
        order=access_order(request.user, order_id),
        origin=Origin.from_request(request),
        **payload.dict(),
    )
    return _order_detail_out(request, order_id)


def _transition(request, order_id, service, payload):
    service(
        actor=request.user,
        order=access_order(request.user, order_id),
        reason=payload.reason,
        origin=Origin.from_request(request),
    )
    return _order_detail_out(request, order_id)


@router.post("/orders/{order_id}/cancel", response=OrderDetailOut)
def cancel_order(request, order_id: int, payload: OrderTransitionIn):
    """Cancel an order not yet shipped; the reason is required. 409 names the state."""
    return _transition(request, order_id, services.cancel_order, payload)


@router.post("/orders/{order_id}/close", response=OrderDetailOut)
def close_order(request, order_id: int, payload: OrderTransitionIn):
    """Close an order; a reason is required unless everything is delivered and paid."""
    return _transition(request, order_id, services.close_order, payload)


@router.post("/orders/{order_id}/reopen", response=OrderDetailOut)
def reopen_order(request, order_id: int, payload: OrderTransitionIn):
    """The sales manager reopens a closed or cancelled order, with a reason."""
    return _transition(request, order_id, services.reopen_order, payload)


@router.post("/orders/{order_id}/amend", response={201: AmendmentOut})
def amend_order(request, order_id: int, payload: OrderAmendIn):
    value = payload.value.dict() if isinstance(payload.value, Schema) else payload.value
    amendment = services.amend_order(
        actor=request.user,
        order=access_order(request.user, order_id),
        field=payload.field,
        value=value,
        reason=payload.reason,
        line=payload.line,
        origin=Origin.from_request(request),
    )
    show = can_see_prices(request.user) or not amendment.touches_prices
    return Status(
        201,
        {
            "id": amendment.pk,
            "order_id": order_id,
            "field": amendment.field,
            "line_position": amendment.line.position if amendment.line else None,
            "before": amendment.before if show else None,
            "after": amendment.after if show else None,
            "reason": amendment.reason,
            "amended_by": _name(amendment.amended_by),
            "amended_at": amendment.amended_at,
        },
    )


@router.post("/orders/{order_id}/payments", response={201: PaymentOut})
def record_payment(request, order_id: int, payload: PaymentIn):
    payment = services.record_payment(
        actor=request.user,
        order=access_order(request.user, order_id),
        origin=Origin.from_request(request),
        **payload.dict(),
    )
    return Status(
        201,
        {
            "id": payment.pk,
            "order_id": order_id,
            "amount": payment.amount,
            "received_on": payment.received_on,
            "method": payment.method,
            "reference": payment.reference,
            "balance_due": payment.order.balance_due,
        },
    )


@router.post("/orders/{order_id}/delivery-notes", response={201: DeliveryNoteOut})
def create_delivery_note(request, order_id: int, payload: DeliveryNoteIn):
    """Write a delivery note (D2-5): its goods leave the finished-goods warehouse through
    the stock ledger; 409 with the figures when too little is on hand."""
    note = services.create_delivery_note(
        actor=request.user,
        order=access_order(request.user, order_id),
        lines=[line.dict() for line in payload.lines],
        shipped_on=payload.shipped_on,
        note=payload.note,
        origin=Origin.from_request(request),
    )
    return Status(201, _delivery_note_out(request, note))


@router.post("/orders/{order_id}/customer-returns", response={201: DeliveryNoteOut})
def record_customer_return(request, order_id: int, payload: CustomerReturnIn):
    """Take goods back from the customer (退货) with the explanation of why."""
    note = services.record_customer_return(
        actor=request.user,
        order=access_order(request.user, order_id),
        lines=[line.dict() for line in payload.lines],
        explanation=payload.explanation,
        returned_on=payload.returned_on,
        note=payload.note,
        origin=Origin.from_request(request),
    )
    return Status(201, _delivery_note_out(request, note))


def _delivery_note_out(request, note):
    lines = note.lines.select_related("order_line")
    return {
        "id": note.pk,
        "number": note.number,
        "kind": note.kind,
        "explanation": note.explanation,
        "order_id": note.order_id,
        "order_status": access_order(request.user, note.order_id).status,
        "shipped_on": note.shipped_on,
        "lines": [
            {
                "order_line": x.order_line_id,
                "position": x.order_line.position,
                "quantity": x.quantity,
                "colour": x.colour,
                "size_spec": x.size_spec,
                "batch_number": x.batch_number,
            }
            for x in lines
        ],
    }


@router.post("/communications", response={201: CommunicationOut})
def log_communication(request, payload: CommunicationIn):
    customer = access_customer(request.user, payload.customer)
    contact = customer.contacts.filter(pk=payload.contact).first() if payload.contact else None
    order = access_order(request.user, payload.order) if payload.order else None
    entry = services.log_communication(
        actor=request.user,
        customer=customer,
        contact=contact,
        order=order,
        origin=Origin.from_request(request),
        **payload.dict(exclude={"customer", "contact", "order"}),
    )
    return Status(201, _communication_out(entry))


@router.post("/communications/{communication_id}/feedback", response=CommunicationOut)
def give_feedback(request, communication_id: int, payload: FeedbackIn):
    entry = queries.communication_list(request.user).filter(pk=communication_id).first()
    if entry is None:
        raise NotFound()
    entry = services.give_feedback(
        actor=request.user,
        communication=entry,
        feedback=payload.feedback,
        origin=Origin.from_request(request),
    )
    return _communication_out(
        Communication.objects.select_related("customer", "owner").get(pk=entry.pk)
    )
