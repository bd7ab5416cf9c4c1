"""Huey tasks of `core` (found by djhuey's autodiscovery)."""

from django.conf import settings
from huey.contrib.djhuey import db_task

from gendan.core import notify

DELIVERY_RETRIES = 3
DEFAULT_RETRY_DELAY_SECONDS = 30


def retry_delay_seconds():
    """Seconds between delivery tries: setting GENDAN_NOTIFY_RETRY_DELAY, default 30."""
    return getattr(settings, "GENDAN_NOTIFY_RETRY_DELAY", DEFAULT_RETRY_DELAY_SECONDS)


@db_task(retries=DELIVERY_RETRIES, retry_delay=retry_delay_seconds(), context=True)
def deliver_notification(message_id, task=None):
    """Deliver one queued message; a failure raises, so Huey tries again.

    `task.retries` counts the tries left: when none are left this is the last try and a
    failure marks the message failed. Run without Huey (`call_local`) it is the only try.
    """
    notify.deliver(message_id, is_last_try=task is None or task.retries == 0)


def enqueue_delivery(message_id):
    """Queue delivery, reading the retry delay now so a changed setting takes effect."""
    return deliver_notification(message_id, retry_delay=retry_delay_seconds())
