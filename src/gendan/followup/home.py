"""Follow-up's cards on the home page (gendan.core.home): the milestones I own that are
late, and those due this week (JOURNEYS.md, 跟单员 1)."""

from django.utils.translation import gettext_lazy as _

from gendan.core import home
from gendan.core.menu import role_codes
from gendan.followup import queries


def owns_milestones(user):
    """Holders of a role some milestone template gives its steps to (an empty owner
    role is the order's merchandiser)."""
    return user.is_superuser or bool(role_codes(user) & queries.milestone_owner_roles())


def _card_rows(milestones):
    rows = list(milestones[: home.CARD_ROWS])
    return rows, milestones.count()


def late_milestones(user, today):
    return _card_rows(queries.my_late_milestones(user, today))


def milestones_this_week(user, today):
    return _card_rows(queries.my_milestones_this_week(user, today))


home.register(
    home.Card(
        "late-milestones",
        _("My late milestones"),
        "followup/partials/_home_milestones.html",
        late_milestones,
        order=20,
        shown_to=owns_milestones,
        url_name="followup:board",
    )
)
home.register(
    home.Card(
        "milestones-this-week",
        _("My milestones due this week"),
        "followup/partials/_home_milestones.html",
        milestones_this_week,
        order=25,
        shown_to=owns_milestones,
        url_name="followup:board",
    )
)
