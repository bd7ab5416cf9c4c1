"""Template helpers shared by every module's pages."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def person(user):
    """A user's full name, else their user name; "system" when there is no user."""
    if user is None:
        return _("system")
    return user.get_full_name() or user.username
