"""org's answer to core.roles.RoleDirectory: who may act in which role, where, today."""

from django.db.models import Q

from gendan.core import request_cache
from gendan.core.roles import Authority, RoleDirectory, RoleGrantView, scope_keys
from gendan.org.models import Delegation, Role, RoleGrant


def _scope_q(scope):
    """Grants everywhere or in one of `scope`'s keys (one key, or an iterable of keys)."""
    return Q(scope_key="") | Q(scope_key__in=scope_keys(scope))


def _present(queryset, on_date, prefix="user"):
    """Grants of active users who have not left the company by `on_date`."""
    return queryset.filter(**{f"{prefix}__is_active": True}).exclude(
        **{f"{prefix}__employee__left_on__lte": on_date}
    )


def _active_delegations(on_date):
    return Delegation.objects.filter(
        starts_on__lte=on_date, ends_on__gte=on_date, revoked_at__isnull=True
    )


class OrgRoleDirectory(RoleDirectory):
    def authorities(self, user, role_code, scope, on_date):
        if not user.is_active or _has_left(user, on_date):
            return []
        grants = RoleGrant.objects.filter(role__code=role_code).filter(_scope_q(scope))
        result = []
        if grants.filter(user=user).exists():
            result.append(Authority())
        delegations = _active_delegations(on_date).filter(delegate=user, role__code=role_code)
        for delegation in delegations.select_related("delegator"):
            if _present(grants, on_date).filter(user=delegation.delegator_id).exists():
                result.append(Authority(on_behalf_of=delegation.delegator))
        return result

    def holder_count(self, role_code, scope, on_date):
        grants = RoleGrant.objects.filter(role__code=role_code).filter(_scope_q(scope))
        return _present(grants, on_date).values("user").distinct().count()

    def grants_of(self, user, on_date):
        if user.pk is None:
            return self._grants_of(user, on_date)
        key = ("grants_of", user.pk, user.is_active, on_date)
        return request_cache.memo(key, lambda: self._grants_of(user, on_date))

    def _grants_of(self, user, on_date):
        if not user.is_active or _has_left(user, on_date):
            return []
        own = RoleGrant.objects.filter(user=user).values_list("role__code", "scope_key")
        views = {RoleGrantView(code, scope) for code, scope in own}
        delegations = _active_delegations(on_date).filter(delegate=user)
        for delegator_id, role_id in delegations.values_list("delegator_id", "role_id"):
            held = RoleGrant.objects.filter(user=delegator_id, role=role_id)
            views |= {
                RoleGrantView(code, scope)
                for code, scope in held.values_list("role__code", "scope_key")
            }
        return sorted(views, key=lambda view: (view.role_code, view.scope_key))

    def role_name(self, role_code):
        return request_cache.memo(("role_name", role_code), lambda: self._role_name(role_code))

    def roles(self):
        return [(role.code, role.display_name) for role in Role.objects.order_by("code")]

    def _role_name(self, role_code):
        role = Role.objects.filter(code=role_code).first()
        return role.display_name if role else role_code


def _has_left(user, on_date):
    employee = getattr(user, "employee", None)
    return employee is not None and employee.has_left(on_date)
