"""The catalog's one gate (issue 9): who may keep master data — items, their colour ×
size variants, bills of materials and process sheets (工艺状态明细表, D1-4.2, D1-6).

It asks the permission matrix (`master.create` / `master.change` in
gendan.core.permissions), not a role's Django permissions: items belong to no workshop,
so a role the matrix lets keep them does so wherever it is granted — the production
statistician of one workshop (D1-1.7, D1-3.5) keeps the process sheets the slips are
checked against. A Django permission an administrator gave someone (say
`catalog.add_bomline`) still lets them do that one thing.
"""

from django.utils.translation import gettext as _

from gendan.core import permissions
from gendan.core.errors import PermissionDenied

# The Django permission of each catalog write, and the matrix action it belongs to.
ACTIONS = {
    "catalog.add_item": "create",
    "catalog.change_item": "change",
    "catalog.add_itemvariant": "change",
    "catalog.add_bomline": "change",
    "catalog.add_processsheet": "change",
}


def may(user, permission):
    """Whether `user` may do the catalog write that `permission` names."""
    if permissions.allows(user, "master", ACTIONS[permission]):
        return True
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm(permission)


def require(user, permission):
    """Refuse (PermissionDenied) a catalog write `user` may not do."""
    if not may(user, permission):
        raise PermissionDenied(_("You may not change the catalog."))


def may_create(user):
    return may(user, "catalog.add_item")


def may_change(user):
    return may(user, "catalog.change_item")
