"""This module's entries in the main menu (gendan.core.menu): people for those who
manage them (the administrator, or a role given the permission) and for the leads who
hand out work around who is present."""

from django.utils.translation import gettext_lazy as _

from gendan.core.menu import Entry, for_roles, has_perm, register

_manages_people = has_perm("org.add_employee", "org.change_employee", "org.add_rolegrant")
_leads = for_roles("followup_lead", "workshop_director", "team_leader", "sales_manager")


def sees_people(user):
    """Who opens the people list and anyone's page: people's administrators and leads."""
    return _manages_people(user) or _leads(user)


register(
    Entry(
        "people",
        _("People"),
        "org:employee-list",
        order=130,
        shown_to=sees_people,
    )
)
register(
    Entry(
        "organisation",
        _("Organisation and partners"),
        "org:structure",
        order=131,
        shown_to=has_perm("org.add_rolegrant"),
    )
)
