"""Company policies of the shop floor's assessments 考核 (see `gendan.core.policies`).
Imported at start-up by `assessment_hooks`."""

from django.utils.translation import gettext_lazy as _

from gendan.core.policies import declare
from gendan.shopfloor.archive_policies import WORKDAY_END_HOUR, WORKDAY_START_HOUR

LATE_RECEIPT_WORKING_HOURS = declare(
    "shopfloor.late_receipt_working_hours",
    default=4,
    type=int,
    minimum=1,
    maximum=200,
    label=_(
        "Working hours the warehouse has to sign a production receipt after it was "
        "registered, before it is assessed for late acceptance (D1-2.1)"
    ),
)
# The working day (8–17 by default) is the shop floor's one pair of policies, declared
# with the timeliness figures: the late receipt counts the same working hours.
WORKDAY_STARTS_AT = WORKDAY_START_HOUR
WORKDAY_ENDS_AT = WORKDAY_END_HOUR
POINTS_LATE_RECEIPT = declare(
    "shopfloor.assessment_points_late_receipt",
    default=2,
    type=int,
    minimum=0,
    maximum=100,
    label=_("Assessment points for a production receipt accepted late (D1-2.1)"),
)
POINTS_CHAOTIC_STACK = declare(
    "shopfloor.assessment_points_chaotic_stack",
    default=3,
    type=int,
    minimum=0,
    maximum=100,
    label=_("Assessment points for a chaotically stacked transfer (D1-2.2, D1-4.9)"),
)
MAX_POINTS_OTHER = declare(
    "shopfloor.assessment_max_points_other",
    default=10,
    type=int,
    minimum=0,
    maximum=100,
    label=_("Most assessment points the clerk may give for another reason"),
)
YUAN_PER_POINT = declare(
    "shopfloor.assessment_yuan_per_point",
    default=10,
    type=int,
    minimum=0,
    maximum=10000,
    label=_("Yuan deducted per assessment point (0: points only)"),
)
CHANNELS = declare(
    "shopfloor.assessment_channels",
    default="",
    type=str,
    maximum=300,
    label=_(
        "Notification channels that tell the team leader and the workshop director of a "
        "refused chaotic stack (names, comma-separated; D1-4.9)"
    ),
)
