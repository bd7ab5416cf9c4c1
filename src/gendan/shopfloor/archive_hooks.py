"""The daily archive's and the timeliness figures' hooks into core: their policies, the
`gendan check` of every archive file's SHA-256 (D1-4.6) and the menu entries."""

from django.utils.translation import gettext_lazy as _

from gendan.core import integrity
from gendan.core.menu import Entry, for_roles, register
from gendan.core.permissions import menu_shown
from gendan.shopfloor import (
    archive_policies,  # noqa: F401  (declares its policies)
    archive_services,
    timeliness,
)

integrity.register(
    "every daily transfer archive file has its recorded SHA-256",
    archive_services.archive_problems,
)

register(
    Entry(
        "shopfloor-archive",
        _("Daily transfer archive"),
        "shopfloor:archive-list",
        order=58,
        shown_to=menu_shown("transfer_archive"),
    )
)
register(
    Entry(
        "shopfloor-daily-list",
        _("Daily list of registered transfers"),
        "shopfloor:daily-list",
        order=59,
        shown_to=for_roles(
            "statistician", "workshop_director", "clerk", gate=timeliness.may_see_workshops
        ),
    )
)
register(
    Entry(
        "shopfloor-timeliness",
        _("Timeliness of transfers"),
        "shopfloor:timeliness",
        order=59,
        shown_to=for_roles(
            "clerk",
            "team_leader",
            "workshop_director",
            "statistician",
            gate=timeliness.may_see_workshops,
        ),
    )
)
