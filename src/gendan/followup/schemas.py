"""API schemas of the followup router: the board, milestones, outlooks, expenses and
claims. Inputs are bounded by their columns (`core.schemas`); names are unique across
the whole API."""

from datetime import date
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field

from gendan.core.schemas import Count, Day, Id, column_decimal, column_text, text
from gendan.followup import queries
from gendan.followup.models import Expense, Milestone, OrderProgress


class BoardFilter(Schema):
    customer: Id | None = None
    merchandiser: Id | None = None
    stage: text(60) = ""
    late: bool = False
    week: bool = False
    q: text(200) = ""
    sort: text(20) = queries.DEFAULT_SORT
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    offset: Count = 0


class BoardRowOut(Schema):
    order_id: int
    order_number: str
    customer: str
    merchandiser: str
    stage: str
    next_milestone: str
    next_planned_date: date | None
    days_late: int
    is_at_risk: bool
    delivery_date: date
    forecast_date: date | None
    owner: str
    planning_problem: str


class BoardOut(Schema):
    count: int
    items: list[BoardRowOut]


class MilestoneOut(Schema):
    id: int
    position: int
    name: str
    status: str
    is_late: bool
    planned_date: date | None
    planning_problem: str
    actual_date: date | None
    owner: str
    completion_event: str
    completed_how: str
    evidence_url: str


class MilestoneCompleteIn(Schema):
    evidence_url: column_text(Milestone, "evidence_url") = ""
    note: column_text(Milestone, "note") = ""
    actual_date: Day | None = None


class MilestoneReopenIn(Schema):
    reason: text(500)


class OutlookIn(Schema):
    outlook: column_text(OrderProgress, "outlook")
    expected_date: Day | None = None
    note: text(500) = ""


class OutlookOut(Schema):
    order_id: int
    outlook: str
    outlook_date: date | None
    forecast_date: date | None
    is_forecast_late: bool


class ExpenseFilter(Schema):
    month: text(7) = ""


class ExpenseIn(Schema):
    spent_on: Day
    category: column_text(Expense, "category")
    amount: column_decimal(Expense, "amount")
    order_id: Id | None = None
    factory_id: Id | None = None
    note: column_text(Expense, "note") = ""


class ExpenseOut(Schema):
    id: int
    spent_on: date
    category: str
    amount: Decimal
    order_id: int | None
    factory_id: int | None
    status: str
    claim_id: int | None
    receipt_photo: str


class ClaimIn(Schema):
    expense_ids: list[Id] | None = Field(default=None, max_length=1000)


class ClaimOut(Schema):
    id: int
    number: str
    status: str
    total_amount: Decimal


class ClaimApproveIn(Schema):
    note: text(500) = ""
