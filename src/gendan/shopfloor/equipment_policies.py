"""Company policies of the handling equipment (see `gendan.core.policies`): the default
inspection interval of each kind, how far ahead an inspection counts as due, and the
channels an overdue crane or wire rope is told on (D1-1.6, D1-4.8)."""

from django.utils.translation import gettext_lazy as _

from gendan.core.policies import declare

DAYS_IN_A_YEAR = 366


def _interval(kind, default, label):
    return declare(
        f"shopfloor.equipment_interval_days.{kind}",
        default=default,
        type=int,
        minimum=1,
        maximum=DAYS_IN_A_YEAR,
        label=label,
    )


INTERVAL_DAYS = {
    "crane": _interval("crane", 30, _("Days between inspections of a crane (D1-4.8)")),
    "cart": _interval("cart", 90, _("Days between inspections of a cart (D1-4.8)")),
    "rope": _interval("rope", 30, _("Days between inspections of a wire rope or sling (D1-4.8)")),
    "container": _interval(
        "container", 180, _("Days between inspections of a transfer container (D1-4.7)")
    ),
}
DUE_SOON_DAYS = declare(
    "shopfloor.equipment_due_soon_days",
    default=7,
    type=int,
    minimum=0,
    maximum=90,
    label=_("Days before its date an equipment inspection is listed as due"),
)
OVERDUE_CHANNELS = declare(
    "shopfloor.equipment_overdue_channels",
    default="",
    type=str,
    maximum=300,
    label=_("Notification channels told of an overdue crane or wire rope (names, comma-separated)"),
)
