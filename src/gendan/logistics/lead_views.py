"""「回访意向」: the retention leads forwarded to the order taker (D3-9). The order taker
sees and closes their own, the team lead every lead. Thin: parse, call, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from gendan.core import filters, permissions
from gendan.core.errors import DomainError, NotFound
from gendan.core.exports import xlsx_response
from gendan.logistics import access, leads, retention
from gendan.logistics.models import RetentionLead
from gendan.logistics.views import _origin

LEAD_FILTERS = {"state": RetentionLead.State.values, "q": filters.TEXT}
PAGE_LIMIT = 200
EXPORT_LIMIT = 5000


def _rows(request, limit):
    chosen = filters.cleaned(request, LEAD_FILTERS)
    rows = leads.lead_rows(request.user, state=chosen.get("state", ""), text=chosen.get("q", ""))
    rows = leads.with_discounts(list(rows[:limit]))
    for lead in rows:
        phone = lead.customer.phone if lead.customer else lead.call.waybill.phone
        lead.shown_phone = access.shown_phone(request.user, phone or "")
        percent = lead.discount_percent
        lead.discount = retention.Discount(min(percent, 100)) if percent else None
    return rows, chosen


def _allowed(request, action):
    """The matrix's `retention_lead` gate: anyone signed in has their own leads."""
    if not permissions.allows(request.user, "retention_lead", action):
        raise PermissionDenied


@login_required
def lead_list(request):
    """The leads forwarded to the person, every lead for the team lead."""
    _allowed(request, "view")
    rows, chosen = _rows(request, PAGE_LIMIT)
    return render(request, "logistics/leads.html", {
        "leads": rows, "chosen": chosen, "states": RetentionLead.State.choices,
        "outcomes": [(value, label) for value, label in RetentionLead.Outcome.choices if value],
        "sees_all": leads.sees_all(request.user),
        "can_order": retention.can_take_orders(request.user),
        "open_count": sum(lead.state == RetentionLead.State.OPEN for lead in rows),
    })  # fmt: skip


HEADERS = (
    gettext_noop("Customer"),
    gettext_noop("Phone"),
    gettext_noop("Waybill"),
    gettext_noop("Call note"),
    gettext_noop("Called by"),
    gettext_noop("Called at"),
    gettext_noop("Regular customer's discount (%)"),
    gettext_noop("Order taker"),
    gettext_noop("State"),
    gettext_noop("Outcome"),
    gettext_noop("Order taken"),
    gettext_noop("Handled by"),
    gettext_noop("Handled at"),
    gettext_noop("Note of the order taker"),
)


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _line(lead):
    call = lead.call
    return (str(lead.customer or call.waybill.consignee), lead.shown_phone, str(call.waybill),
            call.note, call.actor.get_full_name() or call.actor.username, _local(call.at),
            lead.discount_percent, leads.taker_name(lead), lead.get_state_display(),
            lead.get_outcome_display() if lead.outcome else "",
            lead.order.number if lead.order else "",
            (lead.closed_by.get_full_name() or lead.closed_by.username) if lead.closed_by else "",
            _local(lead.closed_at), lead.closing_note)  # fmt: skip


@login_required
def lead_export(request):
    _allowed(request, "export")
    rows, _chosen = _rows(request, EXPORT_LIMIT)
    return xlsx_response(f"回访意向-{timezone.localdate():%Y%m%d}.xlsx",
                         [_(header) for header in HEADERS], [_line(lead) for lead in rows])  # fmt: skip


@require_POST
@login_required
def lead_close(request, pk):
    """「已处理」: the order taker (or the team lead) closes the lead with its outcome."""
    _allowed(request, "change")
    try:
        lead = leads.access_lead(request.user, pk)
    except NotFound:
        raise Http404 from None
    try:
        leads.close_lead(
            actor=request.user, lead=lead, outcome=request.POST.get("outcome", ""),
            order_number=request.POST.get("order_number", ""),
            note=request.POST.get("note", ""), origin=_origin(request),
        )  # fmt: skip
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("logistics:leads")
    messages.success(request, _("The lead of %(customer)s is handled.") % {
        "customer": lead.customer or lead.call.waybill.consignee})  # fmt: skip
    return redirect("logistics:leads")
