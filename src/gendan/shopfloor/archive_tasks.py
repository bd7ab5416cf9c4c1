"""The daily archive's background work (Huey): every quarter of an hour, archive each
workshop's working days whose end (policy `shopfloor.daily_archive_hour`, local time)
has passed and that are not archived yet — a stopped worker catches up the days it
missed. Huey's crontab runs in UTC; `archive_due` decides from the local clock."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gendan.shopfloor import archive_services


@db_periodic_task(crontab(minute="*/15"))
def archive_transfer_days():
    return len(archive_services.archive_due())
