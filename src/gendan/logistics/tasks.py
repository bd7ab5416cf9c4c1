"""The desk's periodic work (Huey): yesterday's figures stored (D3-7); the day's
urging list to logistics from the policy's hour (D3-4); last week's problem summary to
the team lead from Monday at the policy's hour (D3-3), with last week's report, and last
month's report from the 1st (D3-7, D3-8); the day's sheets and follow-ups to the auditor
from the policy's hour (D3-5). Each message goes once per day
or week however often the task runs (`notices.send_once`). A large uploaded sheet is
imported here too, its progress kept for the upload page (D3-1, `import_jobs`)."""

import datetime

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from gendan.core import policies as core_policies
from gendan.logistics import (
    handover,
    import_jobs,
    policies,
    problems,
    report_messages,
    reports,
    urging,
)
from gendan.logistics.services import take_snapshot


@db_periodic_task(crontab(hour="0", minute="20"))
def nightly_snapshot():
    """Store yesterday's figures, so months can be compared (D3-7, D3-8)."""
    return take_snapshot(day=timezone.localdate() - datetime.timedelta(days=1)).pk


def send_due_messages(now=None):
    """What is due at `now`: the day's urging list once past the urging hour; the
    previous ISO week's problem summary and report once Monday's summary hour has come,
    the previous month's report once the 1st's has; the day handed to the auditor once
    past the auditor's hour. Returns what was sent."""
    local = timezone.localtime(now or timezone.now())
    sent = {"urging": None, "weekly": None, "auditor": None, "week_report": None,
            "month_report": None}  # fmt: skip
    if local.hour >= core_policies.get(policies.URGING_SEND_HOUR):
        sent["urging"] = urging.send_urging_list(local.date())
    if local.hour >= core_policies.get(policies.AUDITOR_SEND_HOUR):
        sent["auditor"] = handover.send_to_auditor(local.date())
    monday = problems.week_start(local.date())
    if local.weekday() > 0 or local.hour >= core_policies.get(policies.WEEKLY_SUMMARY_HOUR):
        sent["weekly"] = problems.send_weekly_summary(monday - datetime.timedelta(days=7))
        sent["week_report"] = report_messages.send_week_report(monday - datetime.timedelta(days=7))
    first = local.date().replace(day=1)
    if local.day > 1 or local.hour >= core_policies.get(policies.WEEKLY_SUMMARY_HOUR):
        last_month = reports.month_bounds(first - datetime.timedelta(days=1))[0]
        sent["month_report"] = report_messages.send_month_report(last_month)
    return sent


@db_periodic_task(crontab(minute="*/10"))
def desk_messages():
    """Every ten minutes: send what is due (at most once per day / week)."""
    sent = send_due_messages()
    return {key: dispatch.pk if dispatch else None for key, dispatch in sent.items()}


@db_task()
def import_sheet_job(job_id):
    """An uploaded sheet's import in the background, its progress kept on the job (D3-1)."""
    job = import_jobs.run(job_id)
    return job.state if job else None
