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


@register.filter
def audit_entries(events):
    """Audit rows as sentences with named fields (core.audit_display), never codes."""
    from gendan.core.audit_display import entries

    return entries(events)


@register.filter
def audit_entries_brief(events):
    """Audit rows as sentences without the changed values (prices for a role without them)."""
    from gendan.core.audit_display import entries

    return entries(events, show_details=False)


@register.filter
def role_name(role_code):
    """A role code as the role's name in the current language (检查员, not inspector)."""
    from gendan.core.roles import directory

    codes = [code for code in (role_code or "").split(",") if code]  # ",a,b," lists too
    return "、".join(str(directory().role_name(code)) for code in codes)


@register.filter
def paper_name(code):
    """A paper type code (`stock.production_receipt`) as its name (产成品入库单)."""
    from gendan.core import papers

    try:
        return papers.get(code).name
    except papers.UnknownPaperType:
        return _("unknown paper type")
