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
