from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.api.models import ApiToken, hash_token, new_raw_token
from gendan.core import audit
from gendan.core.errors import DomainError, NotFound


def create_token(*, actor, name, origin=None):
    """Create a token for `actor`; returns (token, raw). The raw value is never stored."""
    name = (name or "").strip()
    if not name:
        raise DomainError(
            _("Give the token a name, e.g. the program that will use it."), field="name"
        )
    raw = new_raw_token()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor, name=name[:80], key_hash=hash_token(raw), key_hint=raw[:10]
        )
        audit.record(
            actor=actor, action="token.create", obj=token, origin=origin, after={"name": token.name}
        )
    return token, raw


def access_token(user, pk):
    token = ApiToken.objects.filter(pk=pk, user=user).first()
    if token is None:
        raise NotFound()
    return token


def revoke_token(*, actor, token, origin=None):
    if token.revoked_at:
        raise DomainError(_("This token is already revoked."))
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor,
            action="token.revoke",
            obj=token,
            origin=origin,
            after={"revoked_at": token.revoked_at.isoformat()},
        )
    return token


def user_for_token(raw):
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
