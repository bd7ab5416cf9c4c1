"""Company policies of `stock` (see `gendan.core.policies`)."""

from django.utils.translation import gettext_lazy as _

from gendan.core.policies import declare

NEAR_EXPIRY_DAYS = declare(
    "stock.near_expiry_days",
    default=30,
    type=int,
    minimum=0,
    maximum=3650,
    label=_("Days before its expiry date a batch is listed as near expiry"),
)
