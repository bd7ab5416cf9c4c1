"""Thin views of trip expenses (D4-X)."""

from decimal import Decimal
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.core import audit
from gendan.core.errors import DomainError, NotFound
from gendan.followup import expenses, queries
from gendan.followup.forms import ExpenseForm
from gendan.followup.models import Expense
from gendan.org.models import Site
from gendan.sales.models import Order


def _month(request):
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        if not 1 <= month <= 12:
            raise ValueError
    except ValueError:
        year, month = today.year, today.month
    return year, month


def _expense_page(view):
    """The trip-expense pages answer as the permission matrix says (issue 9): the page
    for whoever may see claims (`expense_claim.view`), 403 for everyone else."""

    @login_required
    @wraps(view)
    def gated(request, *args, **kwargs):
        if not expenses.may_see_expenses(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return gated


def _claimant_only(view):
    """Recording and claiming: merchandisers only (`expense_claim.create`); 403 else."""

    @login_required
    @wraps(view)
    def gated(request, *args, **kwargs):
        if not expenses.may_claim(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return gated


@_expense_page
def expense_list(request, form=None, status=200):
    year, month = _month(request)
    may_claim = expenses.may_claim(request.user)
    every = expenses.sees_every_claim(request.user)
    form = form or ExpenseForm(initial={"spent_on": timezone.localdate()})
    spent_on = form["spent_on"].value()
    shown = list(
        queries.expenses_seen(request.user, every=every).filter(
            spent_on__year=year, spent_on__month=month
        )
    )
    total = sum((expense.amount for expense in shown), Decimal("0")).quantize(Decimal("0.01"))
    return render(
        request,
        "followup/expense_list.html",
        {
            "form": form,
            "may_claim": may_claim,
            "every": every,
            "spent_on_value": spent_on.isoformat() if hasattr(spent_on, "isoformat") else spent_on,
            "expenses": shown,
            "month": f"{year}-{month:02d}",
            "total": total,
            "unclaimed": Expense.objects.filter(merchandiser=request.user, claim__isnull=True),
            "claims": queries.expense_claims_seen(request.user, every=every),
            "factories": Site.objects.filter(kind=Site.Kind.CONTRACTED_FACTORY)
            if may_claim
            else [],
        },
        status=status,
    )


def _order_by_number(number):
    if not number:
        return None
    order = Order.objects.filter(number=number.strip()).first()
    if order is None:
        raise DomainError(_("No order numbered %(number)s.") % {"number": number}, field="order")
    return order


@require_POST
@_claimant_only
def expense_create(request):
    form = ExpenseForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Check the fields marked below."))
        return expense_list(request, form=form)
    data = form.cleaned_data
    try:
        expenses.record_expense(
            actor=request.user,
            spent_on=data["spent_on"],
            category=data["category"],
            amount=data["amount"],
            order=_order_by_number(data["order_number"]),
            factory=Site.objects.filter(pk=data["factory"]).first() if data["factory"] else None,
            receipt_photo=data["receipt_photo"],
            note=data["note"],
            origin=audit.Origin.from_request(request),
        )
    except DomainError as error:
        messages.error(request, str(error))
        return expense_list(request, form=form)
    messages.success(request, _("Expense recorded."))
    return redirect("followup:expense-list")


@require_POST
@_claimant_only
def claim_submit(request):
    try:
        claim = expenses.submit_claim(actor=request.user, origin=audit.Origin.from_request(request))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Claim %(number)s submitted.") % {"number": claim})
    return redirect("followup:expense-list")


@login_required
@require_POST
def claim_approve(request, pk):
    try:
        claim = expenses.access_claim(request.user, pk)
    except NotFound:
        raise Http404() from None
    try:
        expenses.approve_claim(
            actor=request.user,
            claim=claim,
            note=request.POST.get("note", ""),
            origin=audit.Origin.from_request(request),
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Claim %(number)s signed.") % {"number": claim})
    return redirect("core:document-detail", pk=claim.document_id)
