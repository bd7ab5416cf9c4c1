"""Messages the desk sends through the notification channels (`gendan.core.notify`),
each at most once per kind and period: a `DeskDispatch` row (unique kind + period) is
written in the same transaction as the queued messages, so a second run, a retried
task or two workers racing send nothing more (D3-3, D3-4)."""

from django.db import IntegrityError, transaction

from gendan.core import audit, notify
from gendan.core import policies as core_policies
from gendan.core.models import NotificationChannel
from gendan.logistics.models import DeskDispatch


def channels_of(policy):
    """The active channels a policy names (names separated by commas or 、)."""
    text = core_policies.get(policy) or ""
    names = [name.strip() for name in text.replace("、", ",").split(",") if name.strip()]
    return list(NotificationChannel.objects.filter(name__in=names, is_active=True))


def already_sent(kind, period):
    return DeskDispatch.objects.filter(kind=kind, period=period).exists()


def send_once(*, kind, period, policy, subject, body, item_count=0, actor=None):
    """Queue `body` on the policy's channels unless this kind and period was sent;
    returns the `DeskDispatch`, or None when nothing was sent (already sent, or no
    channel is set up)."""
    channels = channels_of(policy)
    if not channels or already_sent(kind, period):
        return None
    subject = str(subject)[: notify.SUBJECT_LIMIT]
    try:
        with transaction.atomic():
            dispatch = DeskDispatch.objects.create(
                kind=kind, period=period, subject=subject, item_count=item_count,
                channels="、".join(channel.name for channel in channels)[:300],
            )  # fmt: skip
            for channel in channels:
                notify.send_notification(channel=channel, subject=subject, body=body, actor=actor)
            audit.record(actor=actor, action="waybill.message_sent", obj=dispatch,
                         after={"kind": kind, "period": period, "items": item_count})  # fmt: skip
    except IntegrityError:  # another worker sent it a moment ago
        return None
    return dispatch
