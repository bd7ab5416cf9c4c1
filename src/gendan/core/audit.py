"""Writing audit rows. Call `record` inside the transaction that makes the change."""

import ipaddress
from dataclasses import dataclass

from django.conf import settings
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
        return cls(
            ip_address=client_address(request),
            device=request.META.get("HTTP_USER_AGENT", "")[:300],
        )


def client_address(request):
    """The client's address. X-Forwarded-For is believed only when the request comes from
    one of GENDAN_TRUSTED_PROXIES, and then its last address not itself a trusted proxy
    is taken (anyone can put anything at the front of the header). Anything that is not
    an IP address is ignored."""
    remote = _valid_ip(request.META.get("REMOTE_ADDR", ""))
    trusted = set(getattr(settings, "GENDAN_TRUSTED_PROXIES", ()))
    if remote is None or remote not in trusted:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(hops):
        address = _valid_ip(hop)
        if address is not None and address not in trusted:
            return address
    return remote


def _valid_ip(text):
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


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
