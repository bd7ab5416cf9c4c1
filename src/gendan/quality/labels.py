"""Words for the sampling engine's codes (the engine itself stays free of Django)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SEVERITY_LABELS = {
    "normal": pgettext_lazy("inspection severity", "Normal"),
    "tightened": pgettext_lazy("inspection severity", "Tightened"),
    "reduced": pgettext_lazy("inspection severity", "Reduced"),
    "discontinued": pgettext_lazy("inspection severity", "Discontinued"),
}
STANDARD_LABELS = {"gb2828": "GB/T 2828.1-2012", "z14": "ANSI/ASQ Z1.4-2008"}
CLASS_LABELS = {
    "critical": pgettext_lazy("defect class", "Critical"),
    "major": pgettext_lazy("defect class", "Major"),
    "minor": pgettext_lazy("defect class", "Minor"),
}
INPUT_ERRORS = {
    "lot_size": _("The lot size must be a whole number of at least 1."),
    "aql": _("This AQL is not in the preferred series. Allowed: %(allowed)s."),
    "level": _("Unknown inspection level. Allowed: %(allowed)s."),
    "severity": _("Unknown severity. Allowed: normal, tightened, reduced."),
    "standard": _(
        "Unknown standard. Allowed: gb2828 (GB/T 2828.1-2012), z14 (ANSI/ASQ Z1.4-2008)."
    ),
}
# GB/T 2828.1-2012 9.3 / 9.4: why the severity changed (or did not).
SWITCH_REASONS = {
    "start": _(
        "Normal inspection at the start (9.2): no lot of this product from this factory judged yet."
    ),
    "stays": _("No change: the switching rules do not call for another severity."),
    "two_of_five_rejected": _(
        "2 of 5 or fewer consecutive lots were not accepted: tightened inspection (9.3.2)."
    ),
    "five_consecutive_accepted": _(
        "5 consecutive lots were accepted on tightened inspection: back to normal (9.3.3)."
    ),
    "score_reached_and_approved": _(
        "Switching score at least 30, production steady and reduced inspection approved: reduced inspection (9.3.3)."
    ),
    "score_reached_awaiting_approval": _(
        "Switching score at least 30: reduced inspection waits for the responsible authority's approval."
    ),
    "score_reached_production_unsteady": _(
        "Switching score at least 30, but production is not steady: normal inspection continues."
    ),
    "lot_rejected_on_reduced": _(
        "A lot was not accepted on reduced inspection: back to normal (9.3.4)."
    ),
    "accepted_between_ac_and_re": _(
        "Accepted with more defects than Ac but fewer than Re: back to normal (Z1.4 8.3.4)."
    ),
    "production_irregular": _("Production became irregular or delayed: back to normal (9.3.4)."),
    "authority_requests_normal": _(
        "The responsible authority asked for normal inspection (9.3.4)."
    ),
    "five_rejected_on_tightened": _(
        "5 lots not accepted on tightened inspection: inspection discontinued until the supplier corrects the cause (9.4)."
    ),
    "resumed_after_corrective_action": _(
        "Resumed after corrective action, on tightened inspection (9.4)."
    ),
}


def input_error_message(error):
    template = INPUT_ERRORS.get(error.code)
    if template is None:
        return str(error)
    return template % {"allowed": error.allowed}
