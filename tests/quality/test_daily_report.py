"""D4-13: the daily progress and quality-exception report, sent to sales and QC before
09:30 every working day, exactly once, the send logged; a late one is flagged to QC."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from gendan.core.errors import InvalidTransition, PermissionDenied
from gendan.core.models import AuditEvent, NotificationChannel, NotificationMessage, Policy
from gendan.quality import reports, services
from gendan.quality.models import DailyReport
from gendan.quality.tasks import send_daily_inspection_reports

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime.date(2026, 3, 9)
TUESDAY = datetime.date(2026, 3, 10)


def at(day, hour, minute):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


@pytest.fixture
def channels(db):
    NotificationChannel.objects.create(name="营销质管群", kind="email", recipients="qc@example.com")
    NotificationChannel.objects.create(name="质管经理", kind="email", recipients="boss@example.com")
    Policy.objects.create(key="quality.daily_report_channels", value="营销质管群")
    Policy.objects.create(key="quality.qc_manager_channel", value="质管经理")


@pytest.fixture
def monday_failure(qc, factory_order):
    return services.record_inspection(
        actor=qc, factory_order=factory_order, stage="mid_production", inspected_on=MONDAY,
        lot_size=500, defects=[{"defect_class": "major", "category": "workmanship",
                                "description": "袖口跳线", "count": 9}],
    )  # fmt: skip


def test_d4_13_the_0930_report_of_tuesday_holds_mondays_failed_inspection_and_goes_once(
    channels, monday_failure, merchandiser, django_capture_on_commit_callbacks
):
    """At 09:00 on Tuesday the task sends 韩雪's report of Monday (the failed
    mid-production inspection) to the sales and QC channel; running again sends nothing."""
    with time_machine.travel(at(TUESDAY, 9, 0), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            result = reports.run_daily_reports()
        with django_capture_on_commit_callbacks(execute=True):
            again = send_daily_inspection_reports.call_local()
    report = DailyReport.objects.get(author__username="hanxue")
    assert report.report_date == MONDAY and report.status == "sent"
    assert monday_failure.document.number in report.body and "袖口跳线" in report.body
    assert result["sent"] == 2  # 韩雪 and the merchandiser 张伟 (nothing recorded)
    assert again == {"sent": 0, "late": 0}
    assert NotificationMessage.objects.filter(channel__name="营销质管群").count() == 2
    assert len(mail.outbox) == 2
    assert AuditEvent.objects.filter(action="daily_report.send").count() == 2


def test_d4_13_nothing_is_sent_before_0900_or_on_a_day_off(channels, monday_failure):
    with time_machine.travel(at(TUESDAY, 8, 55), tick=False):
        assert reports.run_daily_reports() == {"sent": 0, "late": 0}
    with time_machine.travel(at(datetime.date(2026, 3, 14), 9, 10), tick=False):  # Saturday
        assert reports.run_daily_reports() == {"sent": 0, "late": 0}
    assert not DailyReport.objects.exists()


def test_d4_13_a_report_not_sent_by_0930_is_flagged_to_the_qc_manager(
    qc, monday_failure, db, django_capture_on_commit_callbacks
):
    """No channel for sales and QC is set: at 09:30 the report is flagged, once."""
    NotificationChannel.objects.create(name="质管经理", kind="email", recipients="boss@example.com")
    Policy.objects.create(key="quality.qc_manager_channel", value="质管经理")
    with (
        time_machine.travel(at(TUESDAY, 9, 31), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        first = reports.run_daily_reports()
        second = reports.run_daily_reports()
    assert first["late"] == 2 and second["late"] == 0  # 韩雪 and 张伟
    report = DailyReport.objects.get(author=qc)
    assert report.is_late and report.status == "waiting"
    flagged = NotificationMessage.objects.get(channel__name="质管经理")
    assert "韩雪" in flagged.body and "张伟" in flagged.body


def test_d4_13_the_merchandiser_adds_to_the_report_before_it_goes(
    channels, monday_failure, qc, merchandiser, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(TUESDAY, 8, 30), tick=False):
        report = reports.prepare_reports(TUESDAY).get(author=qc)
        with pytest.raises(PermissionDenied):
            reports.add_to_report(actor=merchandiser, report=report, text="不是我的")
        reports.add_to_report(actor=qc, report=report, text="工厂已安排返修，周三复检")
    with (
        time_machine.travel(at(TUESDAY, 9, 5), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reports.run_daily_reports()
    report.refresh_from_db()
    assert "周三复检" in report.body
    with pytest.raises(InvalidTransition):
        reports.add_to_report(actor=qc, report=report, text="太晚了")
    assert "太晚了" not in DailyReport.objects.get(pk=report.pk).addition
