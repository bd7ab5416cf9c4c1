"""Huey tasks of the API app (found by djhuey's autodiscovery)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gendan.api import services


@db_periodic_task(crontab(hour="0", minute="5"))
def revoke_leavers_tokens():
    """Every night: revoke the API tokens of employees whose leaving date has come."""
    services.revoke_tokens_of_leavers()
