"""This module's entries in the main menu (gendan.core.menu)."""

from django.utils.translation import gettext_lazy as _

from gendan.core.menu import Entry, for_roles, has_perm, register, superuser

# Those who write or sign numbered papers on the shop floor, in the warehouse and the
# offices; the contracted factory, marketing and the express follow-up team sign from
# 待我签字 and need no list of every paper.
PAPER_ROLES = (
    "clerk",
    "inspector",
    "workshop_director",
    "team_leader",
    "operator",
    "storekeeper",
    "chief_storekeeper",
    "statistician",
    "workshop_accountant",
    "cost_accountant",
    "material_accountant",
    "purchaser",
    "outsourcing_coordinator",
    "sales_manager",
    "auditor",
)
BOOK_KEEPERS = (
    "chief_storekeeper",
    "workshop_accountant",
    "cost_accountant",
    "material_accountant",
    "auditor",
)

register(
    Entry(
        "documents",
        _("Documents"),
        "core:document-list",
        order=110,
        shown_to=for_roles(*PAPER_ROLES),
    )
)
register(
    Entry(
        "books",
        _("Document books"),
        "core:book-list",
        order=120,
        shown_to=for_roles(*BOOK_KEEPERS),
    )
)
register(
    Entry(
        "policies",
        _("Company policies"),
        "core:policy-list",
        order=140,
        shown_to=lambda user: user.is_staff and user.has_perm("core.change_policy"),
    )
)
register(
    Entry(
        "chains",
        _("Signature chains"),
        "core:chain-list",
        order=141,
        shown_to=lambda user: user.has_perm("core.change_chaindefinition"),
    )
)
register(
    Entry(
        "channels",
        _("Notification channels"),
        "core:channel-list",
        order=142,
        shown_to=lambda user: user.has_perm("core.change_notificationchannel"),
    )
)
register(
    Entry(
        "calendar",
        _("Working calendar"),
        "core:calendar-index",
        order=150,
        shown_to=has_perm("core.change_calendarday"),
    )
)
register(
    Entry(
        "failed-events",
        _("Events not delivered"),
        "core:failed-events",
        order=160,
        shown_to=superuser,
    )
)
