"""Huey tasks of `core` (found by djhuey's autodiscovery)."""

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from gendan.core import audit_chain, health, notify, outbox, policies

DELIVERY_RETRIES = 3
DEFAULT_RETRY_DELAY_SECONDS = policies.NOTIFY_RETRY_DELAY_SECONDS.default


def retry_delay_seconds():
    """Seconds between delivery tries: company policy `core.notify_retry_delay_seconds`."""
    return policies.get(policies.NOTIFY_RETRY_DELAY_SECONDS)


# The decorator is evaluated at import, before any database: it takes the default, and
# `enqueue_delivery` passes the company's value with every message.
@db_task(retries=DELIVERY_RETRIES, retry_delay=DEFAULT_RETRY_DELAY_SECONDS, context=True)
def deliver_notification(message_id, task=None):
    """Deliver one queued message; a failure raises, so Huey tries again.

    `task.retries` counts the tries left: when none are left this is the last try and a
    failure marks the message failed. Run without Huey (`call_local`) it is the only try.
    """
    notify.deliver(message_id, is_last_try=task is None or task.retries == 0)


def enqueue_delivery(message_id):
    """Queue delivery, reading the retry delay now so a changed setting takes effect."""
    return deliver_notification(message_id, retry_delay=retry_delay_seconds())


@db_task()
def deliver_event(event_id):
    """Deliver one event to its subscribers right after the publishing transaction."""
    outbox.deliver_pending(event_id=event_id)


@db_periodic_task(crontab(minute="*"))
def sweep_events():
    """Every minute: deliver what is due — retries whose backoff has passed, and events
    whose first delivery was lost (a crash between commit and the queue)."""
    outbox.deliver_pending()


@db_periodic_task(crontab(minute="*"))
def worker_heartbeat():
    """Every minute: tell /healthz that a worker is alive."""
    health.beat()


@HUEY.on_startup()
def heartbeat_on_start():
    health.beat()


@db_periodic_task(crontab(minute="*"))
def seal_audit_rows():
    """Every minute: link the settled audit rows into the tamper-evident chain."""
    audit_chain.seal()
