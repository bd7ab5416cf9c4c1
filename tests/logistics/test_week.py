"""D3-10 (with D3-7): the weekly report — this ISO week against the week before,
anomalies marked, as a page and an xlsx — and the weekly team meeting's notes, linked
to the week's report."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gendan.core.errors import DomainError, PermissionDenied
from gendan.core.models import AuditEvent
from gendan.core.spreadsheets import read_sheet
from gendan.logistics import meetings, reports
from gendan.logistics.models import DailySnapshot, TeamMeeting
from tests.factories import UserFactory
from tests.logistics.conftest import DAY
from tests.logistics.more import at


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@time_machine.travel(at(DAY, 10), tick=False)
def test_d3_10_this_week_against_last_with_the_anomaly_marked(lead):
    """D3-7, D3-10: week 11 (9–15 March, today the 10th) received 20 on the 9th; week 10
    received 10 and errors 4 → 2: received +100 % is an anomaly (policy 30 %)."""
    DailySnapshot.objects.create(
        day=datetime.date(2026, 3, 9), figures={"received": 20, "errors": 2}
    )
    DailySnapshot.objects.create(
        day=datetime.date(2026, 3, 4), figures={"received": 10, "errors": 4}
    )
    rows = {row.key: row for row in reports.compare_weeks(DAY)}
    assert (rows["received"].this_month, rows["received"].last_month) == (20, 10)
    assert (rows["received"].change_percent, rows["received"].is_anomaly) == (100, True)
    assert (rows["errors"].change_percent, rows["errors"].is_anomaly) == (-50, True)
    assert rows["signed"].is_anomaly is False
    client = _client(lead)
    page = client.get(reverse("logistics:week-report"))
    assert page.status_code == 200 and 'data-anomaly="yes"' in page.content.decode()
    export = client.get(reverse("logistics:week-report-export") + "?week=2026-W11")
    found = {row[0]: row[1:3] for row in read_sheet(export.content, "w.xlsx").rows[1:]}
    assert found[str(reports.FIGURES["received"])] == ["20", "10"]


@time_machine.travel(at(DAY, 10), tick=False)
def test_d3_10_the_lead_writes_the_meetings_notes_shown_on_the_weeks_report(lead, zhang, liu):
    """D3-10: 唐伟 writes Friday's meeting; writing again that week changes the same
    record; the week's report shows it."""
    friday = datetime.date(2026, 3, 13)
    meetings.save_meeting(actor=lead, held_on=friday, attendees=[lead, zhang, liu],
                          notes="本周漏跟 3 单", decisions="周一起上午十点前跟完")  # fmt: skip
    meeting = meetings.save_meeting(actor=lead, held_on=friday, attendees=[lead, zhang],
                                    notes="本周漏跟 3 单", decisions="改为九点前")  # fmt: skip
    assert TeamMeeting.objects.count() == 1
    assert (meeting.week_start, meeting.decisions) == (datetime.date(2026, 3, 9), "改为九点前")
    assert set(meeting.attendees.all()) == {lead, zhang}
    assert AuditEvent.objects.filter(action="waybill.meeting").count() == 2
    page = _client(lead).get(reverse("logistics:week-report") + "?week=2026-W11")
    assert page.context["meeting"] == meeting and "改为九点前" in page.content.decode()


def test_d3_10_only_the_lead_writes_notes_and_empty_notes_are_refused(lead, zhang):
    friday = datetime.date(2026, 3, 13)
    with pytest.raises(PermissionDenied):
        meetings.save_meeting(actor=zhang, held_on=friday, attendees=[zhang], notes="x",
                              decisions="")  # fmt: skip
    with pytest.raises(DomainError):
        meetings.save_meeting(actor=lead, held_on=friday, attendees=[lead], notes=" ",
                              decisions="")  # fmt: skip
    response = _client(zhang).post(reverse("logistics:meeting-save"),
                                   {"held_on": "2026-03-13", "notes": "x"})  # fmt: skip
    assert response.status_code == 302 and not TeamMeeting.objects.exists()


@pytest.mark.parametrize("name", ["problems", "problem-week", "week-report"])
def test_the_new_pages_open_for_the_lead_and_not_for_an_outsider(lead, name):
    assert _client(lead).get(reverse(f"logistics:{name}")).status_code == 200
    outsider = UserFactory(username="lu", first_name="路人")
    assert _client(outsider).get(reverse(f"logistics:{name}")).status_code == 403


def test_a_bad_week_is_ignored_with_a_message(lead):
    page = _client(lead).get(reverse("logistics:week-report") + "?week=W99")
    assert page.status_code == 200 and page.context["monday"].weekday() == 0
