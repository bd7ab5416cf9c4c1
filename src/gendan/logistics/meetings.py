"""The weekly team meeting's notes (D3-10): the team lead writes who came, the work
and problems reported and the decisions; one record per ISO week, shown on that week's
report. Writing it again for the same week changes the record (audited before/after)."""

from django.db import transaction
from django.utils.translation import gettext as _

from gendan.core import audit
from gendan.core.errors import DomainError
from gendan.logistics import access
from gendan.logistics.models import TeamMeeting
from gendan.logistics.reports import week_bounds

MAX_TEXT = 5000


def _shown(meeting):
    return {
        "held_on": str(meeting.held_on),
        "attendees": sorted(meeting.attendees.values_list("username", flat=True)),
        "notes": meeting.notes,
        "decisions": meeting.decisions,
    }


def save_meeting(*, actor, held_on, attendees, notes, decisions, origin=None):
    """Write (or rewrite) the notes of the meeting of `held_on`'s week."""
    access.require_lead(actor)
    if held_on is None:
        raise DomainError(_("Give the day of the meeting."), field="held_on")
    if not attendees:
        raise DomainError(_("Tick who came."), field="attendees")
    notes, decisions = (notes or "").strip(), (decisions or "").strip()
    if not (notes or decisions):
        raise DomainError(_("Write what was reported or decided."), field="notes")
    if len(notes) > MAX_TEXT or len(decisions) > MAX_TEXT:
        raise DomainError(_("Keep each text under %(max)d characters.") % {"max": MAX_TEXT})
    monday, _sunday = week_bounds(held_on)
    with transaction.atomic():
        meeting = TeamMeeting.objects.select_for_update().filter(week_start=monday).first()
        before = _shown(meeting) if meeting else None
        meeting = meeting or TeamMeeting(week_start=monday)
        meeting.held_on, meeting.notes, meeting.decisions = held_on, notes, decisions
        meeting.written_by = actor
        meeting.save()
        meeting.attendees.set(attendees)
        audit.record(actor=actor, action="waybill.meeting", obj=meeting, origin=origin,
                     before=before, after=_shown(meeting))  # fmt: skip
    return meeting


def meeting_of(monday):
    return TeamMeeting.objects.filter(week_start=monday).prefetch_related("attendees").first()
