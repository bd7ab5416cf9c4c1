"""通话记录: the call log of the desk (D3-1) — who called about which waybill, what was
found, the note, a wish to reorder, an order taken — and its xlsx, the day's followed-up
data the auditor gets (D3-5). Thin: filters, the query, render."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gendan.core import filters
from gendan.core.exports import xlsx_response
from gendan.logistics import queries
from gendan.logistics.statuses import TrackingStatus
from gendan.logistics.views import desk_member

CALL_FILTERS = {"date_from": filters.DATE, "date_to": filters.DATE, "person": filters.ID,
                "status": TrackingStatus.values, "interested": ("yes",), "q": filters.TEXT}  # fmt: skip
PAGE_LIMIT = 200
EXPORT_LIMIT = 50_000


def _chosen(request):
    """The filters; without any day, today's calls."""
    chosen = filters.cleaned(request, CALL_FILTERS)
    if "date_from" not in chosen and "date_to" not in chosen:
        today = timezone.localdate().isoformat()
        chosen["date_from"] = chosen["date_to"] = today
    return chosen


@desk_member
def call_log(request):
    chosen = _chosen(request)
    rows = queries.follow_up_calls(request.user, chosen)
    return render(request, "logistics/calls.html", {
        "calls": rows[:PAGE_LIMIT], "total": rows.count(), "limit": PAGE_LIMIT,
        "chosen": chosen, "statuses": TrackingStatus.choices,
        "people": queries.callers(request.user),
        "query": "&".join(f"{name}={value}" for name, value in chosen.items()),
    })  # fmt: skip


HEADERS = (gettext_noop("At"), gettext_noop("Called by"), gettext_noop("Waybill"),
           gettext_noop("Order number"), gettext_noop("Consignee"),
           gettext_noop("Carrier's status"), gettext_noop("Status found"), gettext_noop("Note"),
           gettext_noop("Wants to reorder"), gettext_noop("Order taken"))  # fmt: skip


@desk_member
def call_export(request):
    chosen = _chosen(request)
    rows = queries.follow_up_calls(request.user, chosen)[:EXPORT_LIMIT]
    lines = [
        (timezone.localtime(call.at).strftime("%Y-%m-%d %H:%M"),
         call.actor.get_full_name() or call.actor.username, call.waybill.tracking_number,
         call.waybill.order_number, call.waybill.consignee, call.waybill.get_status_display(),
         call.get_status_display(), call.note, _("yes") if call.is_interested else "",
         call.taken_order.number if call.taken_order else "")
        for call in rows
    ]  # fmt: skip
    days = f"{chosen.get('date_from', '')}~{chosen.get('date_to', '')}".strip("~")
    return xlsx_response(f"跟进明细-{days}.xlsx", [_(header) for header in HEADERS], lines)
