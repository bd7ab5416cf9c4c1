"""A small publish/subscribe for domain events, delivered after commit.

Higher layers subscribe in their AppConfig.ready(); lower layers publish without
knowing who listens. A handler that fails is logged and does not affect the others:
the transaction that published the event has already committed.
"""

import logging
from collections import defaultdict

from django.db import transaction

logger = logging.getLogger(__name__)
_subscribers = defaultdict(list)


def subscribe(event_name, handler):
    if handler not in _subscribers[event_name]:
        _subscribers[event_name].append(handler)


def unsubscribe(event_name, handler):
    if handler in _subscribers[event_name]:
        _subscribers[event_name].remove(handler)


def publish(event_name, **payload):
    """Deliver `payload` to every subscriber once the current transaction commits."""
    transaction.on_commit(lambda: _deliver(event_name, payload))


def _deliver(event_name, payload):
    for handler in list(_subscribers[event_name]):
        try:
            handler(**payload)
        except Exception:  # one failing subscriber must not silence the others
            logger.exception("event %s: subscriber %r failed", event_name, handler)
