from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.api.models import ApiToken, hash_token, new_raw_token
from gendan.core import audit
from gendan.core.errors import DomainError, NotFound
from gendan.org.backends import has_left

TOKEN_LIFETIME_DAYS = 365


def create_token(*, actor, name, origin=None, lifetime_days=TOKEN_LIFETIME_DAYS):
    """Create a token for `actor`, valid for `lifetime_days` (a year by default); returns
    (token, raw). The raw value is never stored."""
    name = (name or "").strip()
    if not name:
        raise DomainError(
            _("Give the token a name, e.g. the program that will use it."), field="name"
        )
    raw = new_raw_token()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor,
            name=name[:80],
            key_hash=hash_token(raw),
            key_hint=raw[:10],
            expires_at=timezone.now() + timedelta(days=lifetime_days),
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
    """The user a presented token stands for, or None: an unknown, revoked or expired
    token, an inactive user, or an employee whose leaving date has come."""
    if not raw:  # no token presented: nothing to look up (the session may still log in)
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user", "user__employee")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True)
        .exclude(expires_at__lte=now)
        .first()
    )
    if token is None or not token.user.is_active or has_left(token.user):
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def revoke_tokens_of_leavers(*, on_date=None):
    """Revoke the tokens of everyone whose leaving date has come (run every night; the
    tokens are refused from that date on anyway). Returns how many were revoked."""
    on_date = on_date or timezone.localdate()
    tokens = ApiToken.objects.filter(
        revoked_at__isnull=True, user__employee__left_on__lte=on_date
    ).select_related("user")
    count = 0
    with transaction.atomic():
        for token in tokens.select_for_update(of=("self",)):
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit.record(
                actor=None,
                action="token.revoke",
                obj=token,
                after={"reason": _("the employee has left")},
            )
            count += 1
    return count
