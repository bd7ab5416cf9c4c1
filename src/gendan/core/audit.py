"""Writing audit rows. Call `record` inside the transaction that makes the change."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from gendan.core.models import AuditEvent


@dataclass(frozen=True)
class Origin:
    """Where an action came from: the client's address and device (user agent)."""

    ip_address: str | None = None
    device: str = ""

    @classmethod
    def from_request(cls, request):
        if request is None:
            return cls()
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        ip = forwarded.split(",")[0].strip() if forwarded else request.META.get("REMOTE_ADDR")
        return cls(ip_address=ip or None, device=request.META.get("HTTP_USER_AGENT", "")[:300])


SYSTEM = Origin(device="system")


def record(*, actor, action, obj=None, before=None, after=None, origin=None):
    """Append one audit row describing `action` on `obj` by `actor`."""
    origin = origin or SYSTEM
    event = AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        before=before,
        after=after,
        ip_address=origin.ip_address,
        at=timezone.now(),
    )
    event.digest = event.compute_digest()
    event.save(force_insert=True)
    return event


def timeline_for(obj):
    """The audit rows of one object, oldest first."""
    return (
        AuditEvent.objects.filter(
            object_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )
        .select_related("actor")
        .order_by("id")
    )
