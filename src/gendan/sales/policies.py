"""Company policies of `sales` (see `gendan.core.policies`)."""

from django.utils.translation import gettext_lazy as _

from gendan.core.policies import declare

WAREHOUSE_CHANNEL = declare(
    "sales.warehouse_channel",
    default="",
    type=str,
    maximum=80,
    label=_("Notification channel that tells the finished-goods warehouse of each delivery"),
    help_text=_("The name of a notification channel; leave empty to tell nobody."),
)
