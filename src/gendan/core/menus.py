"""This module's entries in the main menu (gendan.core.menu)."""

from django.utils.translation import gettext_lazy as _

from gendan.core.menu import Entry, has_perm, register, superuser

register(Entry("documents", _("Documents"), "core:document-list", order=110))
register(Entry("books", _("Document books"), "core:book-list", order=120))
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
