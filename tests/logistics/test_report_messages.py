"""The finished week's and month's reports sent to the team lead (D3-7: "weekly and
monthly reports to the team lead"; D3-8: anomalies analysed and reported)."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext

from gendan.core.models import NotificationMessage
from gendan.logistics import tasks
from gendan.logistics.models import DailySnapshot, DeskDispatch
from tests.logistics.more import at, channel


def _days(first, count, received):
    for offset in range(count):
        DailySnapshot.objects.create(day=first + datetime.timedelta(days=offset),
                                     figures={"received": received, "signed": 10})  # fmt: skip


def test_d3_7_on_monday_the_lead_gets_last_weeks_report_with_its_anomaly_first_once(lead):
    """Week 11 received 20 a day against week 10's 10: +100 %, an anomaly, listed first;
    signed did not move. Sent from Monday 09:00, once."""
    channel("核单组长", "logistics.lead_channel")
    _days(datetime.date(2026, 3, 2), 7, received=10)
    _days(datetime.date(2026, 3, 9), 7, received=20)
    monday = datetime.date(2026, 3, 16)
    assert tasks.send_due_messages(at(monday, 8, 50))["week_report"] is None
    sent = tasks.send_due_messages(at(monday, 9))["week_report"]
    assert (sent.kind, sent.period, sent.item_count) == ("weekly_report", "2026-W11", 1)
    body = NotificationMessage.objects.get(subject=sent.subject).body.splitlines()
    assert body[1].startswith(gettext("[anomaly] ")) and "140 / 70 (+100%)" in body[1]
    assert not any(gettext("[anomaly] ") in line for line in body[2:])
    assert f"{reverse('logistics:week-report-pdf')}?week=2026-W11" in body[-1]
    assert tasks.send_due_messages(at(monday, 15))["week_report"] is None
    assert DeskDispatch.objects.filter(kind="weekly_report").count() == 1


def test_d3_8_from_the_1st_the_lead_gets_last_months_report_once(lead):
    """March against February, from 1 April 09:00 (or any later day), once."""
    channel("核单组长", "logistics.lead_channel")
    _days(datetime.date(2026, 2, 1), 28, received=10)
    _days(datetime.date(2026, 3, 1), 31, received=10)
    first = datetime.date(2026, 4, 1)
    assert tasks.send_due_messages(at(first, 8, 50))["month_report"] is None
    sent = tasks.send_due_messages(at(first, 9))["month_report"]
    assert (sent.kind, sent.period) == ("monthly_report", "2026-03")
    body = NotificationMessage.objects.get(subject=sent.subject).body
    assert "310 / 280" in body and f"{reverse('logistics:report-pdf')}?month=2026-03" in body
    assert (
        tasks.send_due_messages(at(first + datetime.timedelta(days=1), 9))["month_report"] is None
    )
    assert DeskDispatch.objects.filter(kind="monthly_report").count() == 1


def test_d3_7_without_the_leads_channel_no_report_is_recorded(lead):
    assert tasks.send_due_messages(at(datetime.date(2026, 4, 6), 10))["week_report"] is None
    assert not DeskDispatch.objects.filter(kind__in=("weekly_report", "monthly_report")).exists()
