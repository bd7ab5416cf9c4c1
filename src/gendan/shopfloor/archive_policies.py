"""Company policies of the daily archive and the timeliness figures (see `gendan.core.policies`)."""

from django.utils.translation import gettext_lazy as _

from gendan.core.policies import declare

ARCHIVE_HOUR = declare(
    "shopfloor.daily_archive_hour",
    default=18,
    type=int,
    minimum=0,
    maximum=23,
    label=_("Hour of a working day after which its transfer slips are archived (D1-4.6)"),
)
WORKDAY_START_HOUR = declare(
    "shopfloor.workday_start_hour",
    default=8,
    type=int,
    minimum=0,
    maximum=23,
    label=_("Hour a working day starts, for counting working hours (D1-2.1, D1-4.1)"),
)
WORKDAY_END_HOUR = declare(
    "shopfloor.workday_end_hour",
    default=17,
    type=int,
    minimum=1,
    maximum=24,
    label=_("Hour a working day ends, for counting working hours (D1-2.1, D1-4.1)"),
)
