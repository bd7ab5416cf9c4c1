"""Thin views of the board and the order page: parse, call a service or a query, render."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from gendan.core.actions import act
from gendan.core.errors import DomainError, NotFound
from gendan.core.exports import xlsx_response
from gendan.followup import expenses, queries, services
from gendan.followup.access import access_order_plan
from gendan.followup.forms import (
    CompleteMilestoneForm,
    OutlookForm,
    ReopenMilestoneForm,
    SaveViewForm,
)
from gendan.followup.models import Milestone, SavedBoardView

BOARD_PAGE_SIZE = 50


def _template(request, name):
    return f"followup/partials/_{name}.html" if request.htmx else f"followup/{name}.html"


def _order_or_404(request, pk):
    try:
        return access_order_plan(request.user, pk)
    except NotFound:
        raise Http404(_("Not found, or you may not see it.")) from None


# ---------------------------------------------------------------- the board
@login_required
def board(request):
    filters = queries.BoardFilters.from_params(request.GET)
    rows = queries.board(request.user, filters)
    if request.GET.get("format") == "xlsx":
        return _board_xlsx(rows)
    context = {"filters": filters, "params": request.GET, "today": timezone.localdate()}
    if request.GET.get("view") == "kanban":
        context["columns"] = [
            (stage, count, queries.mark_provisional_rows(cards))
            for stage, count, cards in queries.kanban(request.user, filters)
        ]
        return render(request, _template(request, "kanban"), context)
    page = Paginator(rows, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = queries.mark_provisional_rows(page.object_list)
    context["page"] = page
    if not request.htmx:
        context.update(_board_choices(request))
    return render(request, _template(request, "board"), context)


def _board_choices(request):
    merchandisers = (
        get_user_model()
        .objects.filter(is_active=True, role_grants__role__code="merchandiser")
        .distinct()
    )
    return {
        "may_see_expenses": expenses.may_see_expenses(request.user),
        "stages": queries.stage_names(),
        "finished_statuses": queries.finished_status_choices(),
        "merchandisers": merchandisers,
        "saved_views": SavedBoardView.objects.filter(user=request.user),
        "save_form": SaveViewForm(initial={"querystring": request.GET.urlencode()}),
    }


def _board_xlsx(rows):
    headers = [
        _("Order number"),
        _("Customer"),
        _("Merchandiser"),
        _("Stage"),
        _("Next milestone"),
        _("Planned date"),
        _("Days late"),
        _("Delivery date"),
        _("Expected finish"),
        _("Owner"),
    ]
    return xlsx_response(
        _("order board") + ".xlsx",
        headers,
        (
            [
                row.order_number,
                row.customer_name,
                row.merchandiser_name,
                row.current_stage,
                row.next_milestone_name,
                str(row.next_planned_date or ""),
                row.days_late,
                str(row.delivery_date),
                str(row.forecast_date or ""),
                row.owner_name,
            ]
            for row in rows.iterator(chunk_size=2000)
        ),
    )


# The board's filter fields, as the filter form names them.
BOARD_PARAMS = ("q", "customer", "merchandiser", "stage", "status", "sort", "late", "week", "view")


def _posted_filters(request):
    """The filters on screen: the save form sends the filter form's fields along (htmx
    `hx-include`), since filtering replaces the rows, not the save form."""
    pairs = [(name, value) for name in BOARD_PARAMS for value in request.POST.getlist(name)]
    return urlencode([(name, value) for name, value in pairs if value.strip()])


@login_required
@require_POST
def board_view_save(request):
    form = SaveViewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the view a name."))
        return _to_board(request, "")
    try:
        view = services.save_board_view(
            actor=request.user,
            name=form.cleaned_data["name"],
            querystring=_posted_filters(request) or form.cleaned_data["querystring"],
        )
    except DomainError as error:
        messages.error(request, str(error))
        return _to_board(request, "")
    messages.success(request, _("Saved the view “%(name)s”.") % {"name": view.name})
    return _to_board(request, view.querystring)


def _to_board(request, querystring):
    url = reverse("followup:board") + (f"?{querystring}" if querystring else "")
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@login_required
@require_POST
def board_view_delete(request, pk):
    try:
        services.delete_board_view(actor=request.user, view_id=pk)
    except NotFound:
        raise Http404() from None
    return redirect("followup:board")


# ---------------------------------------------------------------- the order page
@login_required
def order_detail(request, pk):
    """The order has one page, in sales (its plan is a section of it: order_page.py);
    this address, linked before, leads there."""
    order = _order_or_404(request, pk)
    return redirect("sales:order-detail", pk=order.pk)


def _milestone_or_404(request, pk):
    milestone = Milestone.objects.filter(pk=pk).only("pk", "order_id").first()
    if milestone is None:
        raise Http404()
    _order_or_404(request, milestone.order_id)
    return milestone


def _act_on_order(request, order_id, service, success):
    return act(
        request,
        service,
        success=success,
        back=reverse("sales:order-detail", args=[order_id]) + "#plan",
    )


@login_required
@require_POST
def milestone_complete(request, pk):
    milestone = _milestone_or_404(request, pk)
    form = CompleteMilestoneForm(request.POST, request.FILES)
    form.is_valid()
    data = form.cleaned_data
    return _act_on_order(
        request,
        milestone.order_id,
        lambda origin: services.complete_milestone(
            actor=request.user,
            milestone=milestone,
            evidence_url=data.get("evidence_url", ""),
            evidence_file=data.get("evidence_file"),
            actual_date=data.get("actual_date"),
            note=data.get("note", ""),
            origin=origin,
        ),
        lambda done: _("Milestone “%(name)s” completed.") % {"name": done.name},
    )


@login_required
@require_POST
def milestone_reopen(request, pk):
    milestone = _milestone_or_404(request, pk)
    form = ReopenMilestoneForm(request.POST)
    form.is_valid()
    return _act_on_order(
        request,
        milestone.order_id,
        lambda origin: services.reopen_milestone(
            actor=request.user,
            milestone=milestone,
            reason=form.cleaned_data.get("reason", ""),
            origin=origin,
        ),
        lambda reopened: _("Milestone “%(name)s” reopened.") % {"name": reopened.name},
    )


@login_required
@require_POST
def order_outlook(request, pk):
    order = _order_or_404(request, pk)
    form = OutlookForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    return _act_on_order(
        request,
        order.pk,
        lambda origin: services.record_outlook(
            actor=request.user,
            order=order,
            outlook=data.get("outlook", ""),
            expected_date=data.get("expected_date"),
            note=data.get("note", ""),
            origin=origin,
        ),
        _("Outlook recorded."),
    )
