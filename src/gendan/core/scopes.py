"""Scopes as values: where a role grant, a book or a paper applies.

A scope is stored as a short key ("workshop:3", "warehouse:1", "supplier:7", "" for
everywhere) because grants, books and documents are filtered by it in SQL. In code it
is a `Scope` value, and a person only ever sees its name ("机加车间", "成品库"): the
layer that owns workshops, warehouses, partners and customers registers a namer here at
start-up, so `core` can name a scope without importing them.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

WORKSHOP = "workshop"
WAREHOUSE = "warehouse"
SUPPLIER = "supplier"
CUSTOMER = "customer"
KINDS = (WORKSHOP, WAREHOUSE, SUPPLIER, CUSTOMER)

# kind -> callable(list of pks) -> {pk: name}
_namers = {}


def register_namer(kind, namer):
    """`namer(pks)` returns a mapping from primary key to the name a person knows."""
    _namers[kind] = namer


def _pk_of(thing):
    return thing if isinstance(thing, int) else thing.pk


@dataclass(frozen=True)
class Scope:
    kind: str = ""
    pk: int | None = None

    @classmethod
    def workshop(cls, workshop):
        return cls(WORKSHOP, _pk_of(workshop))

    @classmethod
    def warehouse(cls, warehouse):
        return cls(WAREHOUSE, _pk_of(warehouse))

    @classmethod
    def supplier(cls, site):
        return cls(SUPPLIER, _pk_of(site))

    @classmethod
    def customer(cls, customer):
        return cls(CUSTOMER, _pk_of(customer))

    @classmethod
    def everywhere(cls):
        return cls()

    @classmethod
    def parse(cls, key):
        """The scope a stored key stands for; "" is everywhere."""
        if isinstance(key, Scope):
            return key
        if not key:
            return cls()
        kind, _sep, pk = str(key).partition(":")
        if kind not in KINDS or not pk.isdigit():
            raise ValueError(f"not a scope key: {key!r}")
        return cls(kind, int(pk))

    @property
    def key(self):
        return f"{self.kind}:{self.pk}" if self.kind else ""

    @property
    def is_everywhere(self):
        return not self.kind

    @property
    def name(self):
        return names_of([self])[self.key]

    def __str__(self):
        return self.name


def key_of(scope):
    """The stored key of a Scope, a key, or None (everywhere)."""
    if scope is None:
        return ""
    if isinstance(scope, Scope):
        return scope.key
    return str(scope)


def names_of(scopes):
    """Names of many scopes (values or keys) with one query per kind: {key: name}.

    A scope whose owner is gone is named as missing, never shown as its key."""
    parsed = [Scope.parse(scope) for scope in scopes if scope is not None]
    names = {}
    by_kind = {}
    for scope in parsed:
        if scope.is_everywhere:
            names[""] = _("everywhere")
        else:
            by_kind.setdefault(scope.kind, set()).add(scope.pk)
    for kind, pks in by_kind.items():
        namer = _namers.get(kind)
        found = namer(sorted(pks)) if namer else {}
        for pk in pks:
            names[f"{kind}:{pk}"] = found.get(pk) or _("(deleted)")
    return names


def describe(scopes):
    """Several scopes as one phrase for a message: "机加车间 或 成品库"."""
    keys = [key_of(scope) for scope in scopes]
    keys = [key for key in keys if key] or [""]
    names = names_of(keys)
    return _(" or ").join(names[key] for key in keys)
