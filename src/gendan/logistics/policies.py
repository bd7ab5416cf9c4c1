"""Company policies of the express follow-up desk (see `gendan.core.policies`)."""

from django.utils.translation import gettext_lazy as _

from gendan.core.policies import declare

FOLLOWUP_ROLES = declare(
    "logistics.followup_roles",
    default="跟单员",
    type=str,
    maximum=200,
    label=_(
        "Roles whose holders receive waybills to follow up each day (role names, separated by 、)"
    ),
)
LATE_DAYS = declare(
    "logistics.late_days",
    default=3,
    type=int,
    minimum=1,
    maximum=60,
    label=_("Days without a new tracking status after which a waybill is late and urged"),
)
ANOMALY_PERCENT = declare(
    "logistics.anomaly_percent",
    default=30,
    type=int,
    minimum=1,
    maximum=1000,
    label=_("Change from last month, in per cent, that marks a figure as an anomaly"),
)
RETENTION_DISCOUNT_PERCENT = declare(
    "logistics.retention_discount_percent",
    default=5,
    type=int,
    minimum=0,
    maximum=90,
    label=_("Reorder discount, in per cent, told to customers who signed for a parcel"),
)
LEAD_CHANNEL = declare(
    "logistics.lead_channel",
    default="",
    type=str,
    maximum=80,
    label=_("Notification channel of the follow-up team lead (weekly problem summary)"),
)
LOGISTICS_CHANNEL = declare(
    "logistics.logistics_channel",
    default="",
    type=str,
    maximum=80,
    label=_("Notification channel of logistics (the urging list of the day)"),
)
ORDER_TAKER_CHANNEL = declare(
    "logistics.order_taker_channel",
    default="",
    type=str,
    maximum=80,
    label=_("Notification channel of the order takers (answers of logistics to urging)"),
)
AUDITOR_CHANNEL = declare(
    "logistics.auditor_channel",
    default="",
    type=str,
    maximum=80,
    label=_("Notification channel of the auditor (the day's sheets and follow-ups)"),
)
AUDITOR_SEND_HOUR = declare(
    "logistics.auditor_send_hour",
    default=18,
    type=int,
    minimum=0,
    maximum=23,
    label=_("Hour of the day from which the day's sheets and follow-ups go to the auditor"),
)
URGING_SEND_HOUR = declare(
    "logistics.urging_send_hour",
    default=10,
    type=int,
    minimum=0,
    maximum=23,
    label=_("Hour of the day from which the urging list of the day is sent to logistics"),
)
WEEKLY_SUMMARY_HOUR = declare(
    "logistics.weekly_summary_hour",
    default=9,
    type=int,
    minimum=0,
    maximum=23,
    label=_(
        "Hour on Monday (and on the 1st) from which last week's problem summary and report "
        "(and last month's report) are sent to the team lead"
    ),
)
DESK_WORKS_NIGHTS = declare(
    "logistics.desk_works_night_shift",
    default=False,
    type=bool,
    label=_("The follow-up desk works the night shift (otherwise the day shift)"),
)
ROTATING_DAY_IN_ODD_WEEKS = declare(
    "logistics.rotating_day_shift_in_odd_weeks",
    default=True,
    type=bool,
    label=_(
        "People on rotating shifts work days in odd ISO weeks and nights in even ones "
        "(otherwise the other way round)"
    ),
)
BACKGROUND_IMPORT_ROWS = declare(
    "logistics.background_import_rows",
    default=20000,
    type=int,
    minimum=0,
    maximum=10_000_000,
    label=_(
        "Rows from which an uploaded tracking sheet is imported in the background, "
        "with a progress bar (0: every sheet)"
    ),
)
