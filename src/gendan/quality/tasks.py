"""Quality's periodic work (Huey): the daily report of D4-13.

Huey's crontab runs in UTC, and the report's time is a company policy in local time, so
the task runs every five minutes and `run_daily_reports` decides from the local clock."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gendan.quality.reports import run_daily_reports


@db_periodic_task(crontab(minute="*/5"))
def send_daily_inspection_reports():
    return run_daily_reports()
