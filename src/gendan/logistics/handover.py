"""The day handed to the auditor (D3-5: "hand the auditor the raw sheet and the
followed-up data daily"): once a day, from the policy's hour, a message on the auditor's
channel lists the day's sheets with the address of each raw file, how many follow-up
calls were made (and how many found a problem), the day's open 差错, and the addresses
of the call log and the errors of that day. Sent at most once per day
(`notices.send_once`); nothing when the day had no sheet and no call."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from gendan.logistics import notices, policies
from gendan.logistics.models import AuditError, DeskDispatch, FollowUpCall, TrackingImport
from gendan.logistics.statuses import TrackingStatus

PROBLEM_STATUSES = (
    TrackingStatus.REFUSED,
    TrackingStatus.RETURNING,
    TrackingStatus.RETURNED,
    TrackingStatus.PROBLEM,
)


def day_of(day):
    """What the auditor gets for `day`: the sheets, the calls and the errors."""
    calls = FollowUpCall.objects.filter(at__date=day)
    return {
        "sheets": list(TrackingImport.objects.filter(sheet_date=day).order_by("pk")),
        "calls": calls.count(),
        "problem_calls": calls.filter(status__in=PROBLEM_STATUSES).count(),
        "errors": AuditError.objects.filter(day=day).filter(~Q(state="waived")).count(),
    }


def send_to_auditor(day):
    """The day's message to the auditor's channel, once; None when the day had nothing,
    no channel is set up, or it was sent already."""
    found = day_of(day)
    if not found["sheets"] and not found["calls"]:
        return None
    dates = f"?date_from={day.isoformat()}&date_to={day.isoformat()}"
    lines = [_("Sheets received on %(day)s:") % {"day": day.isoformat()}]
    for sheet in found["sheets"]:
        rows = _("%(rows)d rows") % {"rows": sheet.rows_read}
        lines.append(
            f"- {sheet.file_name}（{rows}） {reverse('logistics:sheet-raw', args=[sheet.pk])}"
        )
    if not found["sheets"]:
        lines.append(_("- none"))
    lines.append(
        _("Follow-up calls: %(calls)d, of which %(problems)d found a problem parcel: %(url)s")
        % {
            "calls": found["calls"],
            "problems": found["problem_calls"],
            "url": reverse("logistics:call-export") + dates,
        }  # fmt: skip
    )
    lines.append(
        _("Audit errors of the day not waived: %(count)d: %(url)s")
        % {"count": found["errors"], "url": reverse("logistics:errors") + dates}
    )
    return notices.send_once(
        kind=DeskDispatch.Kind.AUDITOR_DAY, period=day.isoformat(),
        policy=policies.AUDITOR_CHANNEL,
        subject=_("Sheets and follow-ups of %(day)s") % {"day": day.isoformat()},
        body="\n".join(lines), item_count=len(found["sheets"]) + found["calls"],
    )  # fmt: skip
