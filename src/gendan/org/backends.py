"""Permissions from roles. A role granted everywhere gives its permissions globally; a
role granted for one workshop or warehouse gives them only on objects of that scope
(objects with a matching `scope_key`, or `co_scope_key` for a document's second scope)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.utils import timezone

from gendan.org.models import Employee, RoleGrant


class RolePermissionBackend:
    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        return None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        scopes = [""]
        for attribute in ("scope_key", "co_scope_key"):
            scope_key = getattr(obj, attribute, None)
            if scope_key:
                scopes.append(scope_key)
        cache_name = f"_gendan_role_perms_{'|'.join(scopes)}"
        if not hasattr(user_obj, cache_name):
            role_ids = RoleGrant.objects.filter(user=user_obj, scope_key__in=scopes).values(
                "role_id"
            )
            perms = Permission.objects.filter(role__in=role_ids).values_list(
                "content_type__app_label", "codename"
            )
            setattr(user_obj, cache_name, {f"{app}.{code}" for app, code in perms})
        return getattr(user_obj, cache_name)

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self.get_all_permissions(user_obj, obj)


class PresentEmployeeBackend(ModelBackend):
    """Django's password login, refused from an employee's leaving date on: a leaver can
    no longer log in, and a session they still hold ends at their next request (Django
    asks `user_can_authenticate` again when it loads the session's user)."""

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and not has_left(user)

    def get_user(self, user_id):
        # The employee row comes with the user: no extra query on every request.
        user = get_user_model().objects.select_related("employee").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


def has_left(user, on_date=None):
    """Whether `user` is an employee whose leaving date has come."""
    try:
        employee = user.employee
    except Employee.DoesNotExist:
        return False
    return employee.has_left(on_date or timezone.localdate())
