"""What the signature engine needs to know about people and roles.

Roles and grants live in `org`, a higher layer. `org` registers its directory here at
start-up, so `core` can ask "may this user act in this role for this scope?" without
importing `org`.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Authority:
    """One way a user may act in a role: as a holder, or for a holder who delegated."""

    on_behalf_of: object | None = None  # a User, when acting by delegation


@dataclass(frozen=True)
class RoleGrantView:
    role_code: str
    scope_key: str  # "" means everywhere


class RoleDirectory:
    """Interface; org.directory implements it."""

    def authorities(self, user, role_code, scope, on_date):  # pragma: no cover
        """How `user` may act in `role_code` for `scope` (one key, or a document's
        `scope_keys`: a grant in any of them, or everywhere, counts)."""
        raise NotImplementedError

    def holder_count(self, role_code, scope, on_date):  # pragma: no cover
        """How many people hold `role_code` for `scope` (as in `authorities`)."""
        raise NotImplementedError

    def grants_of(self, user, on_date):  # pragma: no cover
        """Every (role, scope) the user may act in today, held or delegated."""
        raise NotImplementedError

    def role_name(self, role_code):  # pragma: no cover
        raise NotImplementedError

    def roles(self):  # pragma: no cover
        """[(role code, the name a person knows)] of every role, in the directory's order."""
        raise NotImplementedError


_directory = None


def register_directory(directory):
    global _directory
    _directory = directory


def directory():
    if _directory is None:
        raise RuntimeError("No role directory registered (is gendan.org installed?)")
    return _directory


def scope_keys(scope):
    """`scope` as a tuple of keys: one key ("" = everywhere) or an iterable of keys, such
    as a document's `scope_keys`; empty keys are dropped."""
    keys = (scope,) if isinstance(scope, str) else tuple(scope)
    return tuple(key for key in keys if key)


def scope_matches(grant_scope, scope):
    """A grant everywhere matches anything; a scoped grant matches one of `scope`'s keys."""
    return grant_scope == "" or grant_scope in scope_keys(scope)
