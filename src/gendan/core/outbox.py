"""The transactional outbox behind gendan.core.events.

`record()` runs inside the publisher's transaction: one EventRecord and one pending
EventDelivery per subscriber. After commit a Huey task delivers the event; a periodic
task sweeps what is still due (a crash between commit and delivery, a retry whose
backoff has passed). Each delivery runs in its own transaction: a subscriber that raises
rolls back only its own work, and the failure, its attempt count and the time of the
next try are recorded. After MAX_ATTEMPTS failures the delivery waits for an
administrator (the failed-events page), who can retry it.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import events
from gendan.core.models import EventDelivery, EventRecord

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_BACKOFF_SECONDS = 30
MAX_BACKOFF_SECONDS = 3600
STUCK_AFTER = timedelta(minutes=10)
SWEEP_BATCH = 500


def record(event, *, actor=None):
    """Write `event` and its deliveries in the current transaction; deliver after commit."""
    if not isinstance(event, events.Event) or not type(event).code:
        raise TypeError(f"publish() takes a declared Event, not {event!r}")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("publish() must run inside transaction.atomic()")
    now = timezone.now()
    row = EventRecord.objects.create(
        code=type(event).code,
        payload=event.payload(),
        order_id=event.related_order_id,
        document_id=event.related_document_id,
        actor=actor if getattr(actor, "pk", None) else None,
        occurred_at=now,
    )
    names = [events.subscriber_name(handler) for handler in events.subscribers(type(event))]
    EventDelivery.objects.bulk_create(
        EventDelivery(event=row, subscriber=name, next_attempt_at=now) for name in names
    )
    if names:
        transaction.on_commit(lambda: _enqueue(row.pk))
    return row


def _enqueue(event_id):
    from gendan.core import tasks  # the tasks module imports this one

    tasks.deliver_event(event_id)


def backoff(attempts):
    """Seconds to wait after the `attempts`-th failure: 30 s, 2 min, 8 min, … up to 1 h."""
    return min(FIRST_BACKOFF_SECONDS * 4 ** (attempts - 1), MAX_BACKOFF_SECONDS)


def deliver_pending(*, event_id=None, now=None):
    """Deliver every delivery that is due (of one event, or all); returns how many were
    delivered. The Huey tasks call this; tests call it directly."""
    now = now or timezone.now()
    due = EventDelivery.objects.filter(
        status=EventDelivery.Status.PENDING, next_attempt_at__lte=now
    )
    if event_id is not None:
        due = due.filter(event_id=event_id)
    ids = list(due.order_by("id").values_list("pk", flat=True)[:SWEEP_BATCH])
    return sum(deliver_one(delivery_id, now=now) for delivery_id in ids)


def deliver_one(delivery_id, *, now=None):
    """Run one subscriber for one event in its own transaction; True when it succeeded."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            EventDelivery.objects.select_for_update().select_related("event").get(pk=delivery_id)
        )
        if delivery.status != EventDelivery.Status.PENDING:
            return False
        delivery.attempts += 1
        try:
            with transaction.atomic():
                _handler(delivery)(_event(delivery))
        except Exception as error:  # recorded and retried: a subscriber must not be lost
            _failed(delivery, error, now)
        else:
            delivery.status = EventDelivery.Status.DELIVERED
            delivery.delivered_at = now
            delivery.last_error = ""
            delivery.next_attempt_at = None
        delivery.save()
    return delivery.status == EventDelivery.Status.DELIVERED


class UndeliverableError(Exception):
    """The stored event or subscriber no longer exists in this version of the code."""


def _event(delivery):
    event = delivery.event.as_event()
    if event is None:
        raise UndeliverableError(f"event code {delivery.event.code} is no longer declared")
    return event


def _handler(delivery):
    event_class = events.event_class(delivery.event.code)
    for handler in events.subscribers(event_class) if event_class else []:
        if events.subscriber_name(handler) == delivery.subscriber:
            return handler
    raise UndeliverableError(f"subscriber {delivery.subscriber} is no longer registered")


def _failed(delivery, error, now):
    delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
    logger.warning(
        "event %s #%s: subscriber %s failed (attempt %s): %s",
        delivery.event.code,
        delivery.event_id,
        delivery.subscriber,
        delivery.attempts,
        delivery.last_error,
    )
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = EventDelivery.Status.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = now + timedelta(seconds=backoff(delivery.attempts))


def stuck(*, now=None):
    """Deliveries not done more than STUCK_AFTER after their event happened."""
    now = now or timezone.now()
    return (
        EventDelivery.objects.exclude(status=EventDelivery.Status.DELIVERED)
        .filter(event__occurred_at__lt=now - STUCK_AFTER)
        .select_related("event")
        .order_by("event__occurred_at", "id")
    )


def can_retry(user):
    return bool(user and user.is_active and user.has_perm("core.retry_eventdelivery"))


def retry(*, actor, delivery, origin=None):
    """An administrator sends a failed or stuck delivery again, now."""
    from gendan.core import audit
    from gendan.core.errors import InvalidTransition, PermissionDenied

    if not can_retry(actor):
        raise PermissionDenied(_("Only an administrator may retry an event delivery."))
    with transaction.atomic():
        delivery = EventDelivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.status == EventDelivery.Status.DELIVERED:
            raise InvalidTransition(_("This event has already been delivered; nothing to retry."))
        before = {"status": delivery.status, "attempts": delivery.attempts}
        delivery.status = EventDelivery.Status.PENDING
        delivery.next_attempt_at = timezone.now()
        delivery.save(update_fields=["status", "next_attempt_at"])
        audit.record(
            actor=actor,
            action="event_delivery.retry",
            obj=delivery,
            origin=origin,
            before=before,
            after={"status": delivery.status},
        )
        event_id = delivery.event_id
        transaction.on_commit(lambda: _enqueue(event_id))
    return delivery


def stuck_problems():
    """`gendan check`: one sentence per delivery still not done after STUCK_AFTER."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        for delivery in stuck()[:SWEEP_BATCH]:
            yield _(
                "Event “%(event)s” of %(time)s has not reached %(subscriber)s "
                "after %(attempts)s attempts; last error: %(error)s"
            ) % {
                "event": delivery.event.describe(),
                "time": local_minute(delivery.event.occurred_at),
                "subscriber": events.subscriber_label(delivery.subscriber),
                "attempts": delivery.attempts,
                "error": delivery.last_error or _("none yet (never tried)"),
            }


def local_minute(moment):
    """'11-30 14:02' in the company's time zone."""
    return timezone.localtime(moment).strftime("%m-%d %H:%M")


def troubled(*, now=None):
    """Deliveries an administrator should see: failed, retrying, or stuck past
    STUCK_AFTER — oldest event first."""
    from django.db.models import Q

    now = now or timezone.now()
    return (
        EventDelivery.objects.exclude(status=EventDelivery.Status.DELIVERED)
        .filter(Q(attempts__gt=0) | Q(event__occurred_at__lt=now - STUCK_AFTER))
        .select_related("event", "event__actor")
        .order_by("event__occurred_at", "id")
    )
