"""The main menu as data. Each app declares its entries in its `AppConfig.ready()`;
the page header shows a person only the entries whose `shown_to(user)` is true, so a
role sees the pages of its job and not a link that would answer 403.

    menu.register(menu.Entry("stock-balances", _("Stock on hand"), "stock:balance-list",
                             order=60, shown_to=menu.has_perm("stock.view_balance")))
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


def everyone(user):
    return True


def has_perm(*perms):
    """Shown to a user holding any of the permissions (from any role grant)."""

    def shown_to(user):
        return any(user.has_perm(perm) for perm in perms)

    return shown_to


def superuser(user):
    return user.is_superuser


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
