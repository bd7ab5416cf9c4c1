"""The main menu as data. Each app declares its entries in its `AppConfig.ready()`;
the page header shows a person only the entries whose `shown_to(user)` is true, so a
role sees the pages of its job and not a link that would answer 403.

    menu.register(menu.Entry("stock-balances", _("Stock on hand"), "stock:balance-list",
                             order=60, shown_to=menu.for_roles("storekeeper", gate=...)))
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from gendan.core.roles import directory


def everyone(user):
    return True


def has_perm(*perms):
    """Shown to a user holding any of the permissions (from any role grant)."""

    def shown_to(user):
        return any(user.has_perm(perm) for perm in perms)

    return shown_to


def superuser(user):
    return user.is_superuser


def role_codes(user):
    """The roles `user` may act in today, held or delegated, in any scope: asked once
    per request (kept on the user object the request carries)."""
    codes = getattr(user, "_gendan_role_codes", None)
    if codes is None:
        grants = directory().grants_of(user, timezone.localdate())
        codes = frozenset(grant.role_code for grant in grants)
        user._gendan_role_codes = codes
    return codes


def for_roles(*codes, gate=None):
    """Shown to a holder of one of the roles whose job uses the page (and to superusers).
    `gate(user)`, when given, is the page's own gate, asked too: the link is never one
    that answers 403 or 404."""
    wanted = frozenset(codes)

    def shown_to(user):
        if user.is_superuser:
            return True
        if not role_codes(user) & wanted:
            return False
        return gate is None or gate(user)

    return shown_to


@dataclass(frozen=True)
class Entry:
    key: str
    label: str  # a lazy translation
    url_name: str
    order: int = 100
    shown_to: Callable = everyone

    @property
    def url(self):
        return reverse(self.url_name)


_ENTRIES = {}


def register(entry):
    _ENTRIES[entry.key] = entry
    return entry


def entries():
    return sorted(_ENTRIES.values(), key=lambda entry: (entry.order, entry.key))


def entries_for(user):
    if not user.is_authenticated:
        return []
    return [entry for entry in entries() if entry.shown_to(user)]
