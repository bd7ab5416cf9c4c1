"""Who may do what at the express follow-up desk (D3), by the roles people hold.

The team lead (核单组长) and logistics (物流部) import sheets; the lead hands out and
moves waybills and rules on audit errors; the follow-up staff (the roles named by the
`logistics.followup_roles` policy) see and follow up the waybills they hold; the
auditor (稽核专员) reads everything (D3-5). `access_waybill` is the one gate per waybill.

The roles come from the permission matrix (gendan.core.permissions, object types
`waybill` and `tracking_error`); only the follow-up staff's roles come from the policy,
the matrix's "own waybills" row naming its default (跟单员).
"""

import re

from django.db.models import Q
from django.utils.translation import gettext as _

from gendan.core import permissions, request_cache
from gendan.core import policies as core_policies
from gendan.core.errors import NotFound, PermissionDenied
from gendan.logistics import policies
from gendan.logistics.models import Waybill
from gendan.org.models import Role, RoleGrant

_EVERYWHERE = (permissions.EVERYWHERE,)
LEAD_ROLES = permissions.roles_with("waybill", "assign", _EVERYWHERE)
IMPORT_ROLES = permissions.roles_with("waybill", "create", _EVERYWHERE)
READ_ALL_ROLES = permissions.roles_with("waybill", "view", _EVERYWHERE)
ANSWER_URGE_ROLES = permissions.roles_with("waybill", "answer", _EVERYWHERE)
AUDIT_ROLES = permissions.roles_with("tracking_error", "audit", _EVERYWHERE)


def staff_roles():
    """The role codes of the policy's roles, written by their names (跟单员、客服) or codes,
    separated by commas or 、."""
    return request_cache.memo("logistics.staff_roles", _staff_roles)


def _staff_roles():
    text = core_policies.get(policies.FOLLOWUP_ROLES)
    names = [part.strip() for part in re.split(r"[,，、]", text) if part.strip()]
    found = Role.objects.filter(Q(name__in=names) | Q(name_en__in=names) | Q(code__in=names))
    return tuple(sorted(found.values_list("code", flat=True)))


def holds_role(user, *codes):
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return bool(set(codes) & _held_roles(user))


def _held_roles(user):
    """The roles `user` holds (granted, in any scope): asked once per request."""
    return request_cache.memo(
        ("logistics.held_roles", user.pk),
        lambda: set(RoleGrant.objects.filter(user=user).values_list("role__code", flat=True)),
    )


def is_desk_member(user):
    """Anyone who works at the desk: shown the menu entries."""
    return holds_role(user, *READ_ALL_ROLES, *staff_roles())


def can_read_all(user):
    return holds_role(user, *READ_ALL_ROLES)


def require_role(user, codes, message):
    if not holds_role(user, *codes):
        raise PermissionDenied(message)


def require_import(user):
    require_role(user, IMPORT_ROLES, _("Only the follow-up team lead or logistics imports sheets."))


def require_lead(user):
    require_role(user, LEAD_ROLES, _("Only the follow-up team lead may do this."))


def visible_waybills(user):
    """Every waybill for the lead, logistics and the auditor; one's own for the staff."""
    if can_read_all(user):
        return Waybill.objects.all()
    if holds_role(user, *staff_roles()):
        return Waybill.objects.filter(assignee=user)
    return Waybill.objects.none()


def access_waybill(user, pk):
    """The waybill if `user` may see it; missing and forbidden look the same."""
    waybill = visible_waybills(user).filter(pk=pk).first()
    if waybill is None:
        raise NotFound()
    return waybill


def can_see_phone(user):
    """Customers' whole phone numbers are business secrets (D2-6)."""
    return user.has_perm("sales.view_customer_contact")


def shown_phone(user, phone):
    if can_see_phone(user) or len(phone) < 7:
        return phone
    return f"{phone[:3]}****{phone[-4:]}"
