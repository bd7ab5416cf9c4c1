"""/api/v1/followup: the followup router; the same services and queries as the pages."""

from django.shortcuts import get_object_or_404
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from gendan.core import audit
from gendan.core.errors import PermissionDenied
from gendan.followup import expenses, queries, services
from gendan.followup.access import access_order_plan
from gendan.followup.models import Milestone
from gendan.followup.schemas import (
    BoardFilter,
    BoardOut,
    ClaimApproveIn,
    ClaimIn,
    ClaimOut,
    ExpenseFilter,
    ExpenseIn,
    ExpenseOut,
    MilestoneCompleteIn,
    MilestoneOut,
    MilestoneReopenIn,
    OutlookIn,
    OutlookOut,
)
from gendan.org.models import Site

router = Router(tags=["followup"])
MAX_LIMIT = 200


def _row_out(row):
    return {
        "order_id": row.pk,
        "order_number": row.order_number,
        "customer": row.customer_name,
        "merchandiser": row.merchandiser_name,
        "stage": row.current_stage,
        "next_milestone": row.next_milestone_name,
        "next_planned_date": row.next_planned_date,
        "days_late": row.days_late,
        "is_at_risk": row.is_at_risk,
        "delivery_date": row.delivery_date,
        "forecast_date": row.forecast_date,
        "owner": row.owner_name,
        "planning_problem": row.planning_problem,
    }


def _milestone_out(milestone):
    owner = milestone.owner
    return {
        **{field: getattr(milestone, field) for field in MilestoneOut.model_fields},
        "owner": (owner.get_full_name() or owner.username) if owner else "",
    }


def _expense_out(expense):
    return {
        **{field: getattr(expense, field) for field in ExpenseOut.model_fields},
        "receipt_photo": expense.receipt_photo.name if expense.receipt_photo else "",
    }


def _claim_out(claim):
    document = claim.document
    return {
        "id": claim.pk,
        "number": document.number,
        "status": document.status,
        "total_amount": claim.total_amount,
    }


def _milestone(request, milestone_id):
    milestone = get_object_or_404(Milestone.objects.only("pk", "order_id"), pk=milestone_id)
    access_order_plan(request.user, milestone.order_id)
    return milestone


@router.get("/board", response=BoardOut)
def board(request, filters: Query[BoardFilter]):
    params = filters.dict()
    params.update(late="1" if filters.late else "", week="1" if filters.week else "")
    rows = queries.board(request.user, queries.BoardFilters.from_params(params))
    limit = max(1, min(filters.limit, MAX_LIMIT))
    offset = max(0, filters.offset)
    return {"count": rows.count(), "items": [_row_out(r) for r in rows[offset : offset + limit]]}


@router.get("/orders/{order_id}/milestones", response=list[MilestoneOut])
def order_milestones(request, order_id: int):
    order = access_order_plan(request.user, order_id)
    return [_milestone_out(m) for m in queries.milestones(order)]


@router.post("/milestones/{milestone_id}/complete", response=MilestoneOut)
def complete_milestone(
    request,
    milestone_id: int,
    payload: Form[MilestoneCompleteIn],
    evidence_file: File[UploadedFile] = None,
):
    milestone = services.complete_milestone(
        actor=request.user,
        milestone=_milestone(request, milestone_id),
        evidence_url=payload.evidence_url,
        evidence_file=evidence_file,
        note=payload.note,
        actual_date=payload.actual_date,
        origin=audit.Origin.from_request(request),
    )
    return _milestone_out(milestone)


@router.post("/milestones/{milestone_id}/reopen", response=MilestoneOut)
def reopen_milestone(request, milestone_id: int, payload: MilestoneReopenIn):
    milestone = services.reopen_milestone(
        actor=request.user,
        milestone=_milestone(request, milestone_id),
        reason=payload.reason,
        origin=audit.Origin.from_request(request),
    )
    return _milestone_out(milestone)


@router.post("/orders/{order_id}/outlook", response=OutlookOut)
def record_outlook(request, order_id: int, payload: OutlookIn):
    """D5-7: confirm ahead of the due date whether the order will be on time."""
    progress = services.record_outlook(
        actor=request.user,
        order=access_order_plan(request.user, order_id),
        outlook=payload.outlook,
        expected_date=payload.expected_date,
        note=payload.note,
        origin=audit.Origin.from_request(request),
    )
    return {**{f: getattr(progress, f) for f in OutlookOut.model_fields}}


@router.get("/expenses", response=list[ExpenseOut])
def expense_list(request, filters: Query[ExpenseFilter]):
    """One's own trip expenses (merchandisers), or every one for the sales manager and
    the auditor; 403 for every other role (the matrix's `expense_claim.view`)."""
    if not expenses.may_see_expenses(request.user):
        raise PermissionDenied()
    rows = queries.expenses_seen(request.user, every=expenses.sees_every_claim(request.user))
    if filters.month:
        year, _sep, number = filters.month.partition("-")
        if year.isdigit() and number.isdigit():
            rows = rows.filter(spent_on__year=int(year), spent_on__month=int(number))
    return [_expense_out(e) for e in rows[:500]]


def _expense_refs(request, payload):
    order = factory = None
    if payload.order_id is not None:
        order = access_order_plan(request.user, payload.order_id)
    if payload.factory_id is not None:
        factory = get_object_or_404(Site, pk=payload.factory_id)
    return order, factory


@router.post("/expenses", response={201: ExpenseOut})
def expense_create(request, payload: Form[ExpenseIn], receipt_photo: File[UploadedFile] = None):
    order, factory = _expense_refs(request, payload)
    expense = expenses.record_expense(
        actor=request.user,
        spent_on=payload.spent_on,
        category=payload.category,
        amount=payload.amount,
        order=order,
        factory=factory,
        receipt_photo=receipt_photo,
        note=payload.note,
        origin=audit.Origin.from_request(request),
    )
    return Status(201, _expense_out(expense))


@router.post("/claims", response={201: ClaimOut})
def claim_submit(request, payload: ClaimIn):
    claim = expenses.submit_claim(
        actor=request.user,
        expense_ids=payload.expense_ids,
        origin=audit.Origin.from_request(request),
    )
    return Status(201, _claim_out(claim))


@router.post("/claims/{claim_id}/approve", response=ClaimOut)
def claim_approve(request, claim_id: int, payload: ClaimApproveIn):
    claim = expenses.approve_claim(
        actor=request.user,
        claim=expenses.access_claim(request.user, claim_id),
        note=payload.note,
        origin=audit.Origin.from_request(request),
    )
    return _claim_out(claim)
