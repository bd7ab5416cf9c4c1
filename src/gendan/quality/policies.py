"""Quality policies (core.policies): the daily report's time and channels (D4-13)."""

from django.utils.translation import gettext_lazy as _

from gendan.core import policies

DAILY_REPORT_TIME = policies.declare(
    "quality.daily_report_time",
    default="09:30",
    type=str,
    maximum=5,
    label=_("Daily inspection report: sent before (hh:mm, local time)"),
)
DAILY_REPORT_CHANNELS = policies.declare(
    "quality.daily_report_channels",
    default="",
    type=str,
    maximum=300,
    label=_(
        "Daily inspection report: notification channels to sales and QC (names, comma-separated)"
    ),
)
QC_MANAGER_CHANNEL = policies.declare(
    "quality.qc_manager_channel",
    default="",
    type=str,
    maximum=80,
    label=_("Notification channel of the QC manager (told when a daily report is late)"),
)
FABRIC_COUNT_CHANNELS = policies.declare(
    "quality.fabric_count_channels",
    default="",
    type=str,
    maximum=300,
    label=_(
        "Fabric and trims counted (D4-1): notification channels to the QC manager and "
        "sales (names, comma-separated; empty: the QC manager's channel and the daily "
        "report's channels)"
    ),
)
RECEIPT_NEEDS_FINISHED_GOODS_INSPECTION = policies.declare(
    "quality.receipt_needs_finished_goods_inspection",
    default=False,
    type=bool,
    label=_(
        "A production receipt for an order's goods needs a passed finished-goods second "
        "inspection (D5-5)"
    ),
)
