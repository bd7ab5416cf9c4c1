"""The desk's nightly work (Huey periodic tasks): yesterday's figures stored (D3-7)."""

import datetime

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gendan.logistics.services import take_snapshot


@db_periodic_task(crontab(hour="0", minute="20"))
def nightly_snapshot():
    """Store yesterday's figures, so months can be compared (D3-7, D3-8)."""
    return take_snapshot(day=timezone.localdate() - datetime.timedelta(days=1)).pk
