"""Policies of the inspection plan (core.policies), imported from plan_papers.py at
start-up: the D4-9 minimum of mid-production reports by order quantity, the D4-8
interval of mid-production checks, and the channels D4-2 and D4-14 send through."""

from django.utils.translation import gettext_lazy as _

from gendan.core import policies

MID_MINIMUM_UNDER_1000 = policies.declare(
    "quality.mid_reports_under_1000", default=2, type=int, minimum=0, maximum=50,
    label=_("Minimum signed mid-production reports, orders under 1,000 pieces"),
)  # fmt: skip
MID_MINIMUM_UNDER_3000 = policies.declare(
    "quality.mid_reports_under_3000", default=4, type=int, minimum=0, maximum=50,
    label=_("Minimum signed mid-production reports, orders of 1,000 to 3,000 pieces"),
)  # fmt: skip
MID_MINIMUM_UNDER_5000 = policies.declare(
    "quality.mid_reports_under_5000", default=6, type=int, minimum=0, maximum=50,
    label=_("Minimum signed mid-production reports, orders of 3,000 to 5,000 pieces"),
)  # fmt: skip
MID_MINIMUM_LARGER = policies.declare(
    "quality.mid_reports_from_5000", default=8, type=int, minimum=0, maximum=50,
    label=_("Minimum signed mid-production reports, orders of 5,000 pieces and more"),
)  # fmt: skip
MID_INTERVAL = policies.declare(
    "quality.mid_interval_days", default=4, type=int, minimum=3, maximum=6,
    label=_("Working days between mid-production inspections (3 to 6)"),
)  # fmt: skip
FACTORY_REMINDER_CHANNELS = policies.declare(
    "quality.sample_reminder_channels", default="", type=str, maximum=300,
    label=_(
        "Pre-production sample reminders: notification channels to the contacts of the "
        "factories and to the merchandisers (names, comma-separated)"
    ),
)  # fmt: skip
DEPARTMENT_HEAD_CHANNEL = policies.declare(
    "quality.department_head_channel", default="", type=str, maximum=80,
    label=_("Notification channel of the department head (order summaries)"),
)  # fmt: skip

MID_MINIMUM_BANDS = (
    (1000, MID_MINIMUM_UNDER_1000),
    (3000, MID_MINIMUM_UNDER_3000),
    (5000, MID_MINIMUM_UNDER_5000),
    (None, MID_MINIMUM_LARGER),
)
