"""Gates of the stock pages."""

from gendan.org.models import RoleGrant


def holds_anywhere(user, permission):
    """`permission` through a role granted everywhere or for any one warehouse or
    workshop. Enough to open a page that lists master data of every scope, such as the
    locations: a storekeeper is granted for their warehouse, not everywhere."""
    if user.has_perm(permission):
        return True
    app_label, codename = permission.split(".")
    return RoleGrant.objects.filter(
        user=user,
        user__is_active=True,
        role__permissions__content_type__app_label=app_label,
        role__permissions__codename=codename,
    ).exists()
