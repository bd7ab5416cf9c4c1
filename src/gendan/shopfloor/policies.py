"""Company policies of the shop floor (see `gendan.core.policies`)."""

from django.utils.translation import gettext_lazy as _

from gendan.core.policies import declare

CONFUSABLE_INTERVAL_MINUTES = declare(
    "shopfloor.confusable_interval_minutes",
    default=30,
    type=int,
    minimum=0,
    maximum=24 * 60,
    label=_(
        "Minutes between two transfers of easily confused parts to the same destination (D1-3.3)"
    ),
)
