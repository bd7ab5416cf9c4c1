"""Menu entries, home cards, attachment gates and the event subscription of the shop
floor's assessments 考核, chaotic-stack refusals and placement suggestions (D1-2.x,
D1-4.9). Imported by `ShopfloorConfig.ready`."""

from django.utils.translation import gettext_lazy as _

from gendan.core import attachments, events, home, menu
from gendan.shopfloor import assessment_policies  # noqa: F401  (declares its policies)
from gendan.shopfloor import assessment_queries as queries

ASSESSMENT_ROLES = (
    "clerk",
    "team_leader",
    "workshop_director",
    "statistician",
    "operator",
    "storekeeper",
    "chief_storekeeper",
    "auditor",
)


# ---------------------------------------------------------------- late receipts (D1-2.1)
@events.labelled(_("Shop floor: assessment for a production receipt accepted late"))
def on_receipt_posted(event):
    """A posted production receipt of a 入库 transfer: a candidate when it was late."""
    from gendan.shopfloor import assessment_services

    assessment_services.flag_late_receipt(receipt_document_id=event.document_id)


events.subscribe(events.ReceiptPosted, on_receipt_posted)


# ---------------------------------------------------------------- who may open the photos
attachments.register_owner(
    "shopfloor.assessment",
    lambda user, obj: queries.assessments_seen(user).filter(pk=obj.pk).exists(),
)
attachments.register_owner(
    "shopfloor.placementsuggestion",
    lambda user, obj: queries.suggestions_seen(user).filter(pk=obj.pk).exists(),
)


# ---------------------------------------------------------------- menu
menu.register(
    menu.Entry(
        "shopfloor-assessments",
        _("Assessments"),
        "shopfloor:assessment-list",
        order=58,
        shown_to=menu.for_roles(*ASSESSMENT_ROLES),
    )
)


# ---------------------------------------------------------------- home cards
def _to_decide(user, today):
    rows = queries.awaiting_decision(user)
    return list(rows[: home.CARD_ROWS]), rows.count()


def _to_answer(user, today):
    rows = queries.awaiting_my_answer(user)
    return list(rows[: home.CARD_ROWS]), rows.count()


home.register(
    home.Card(
        "assessments-to-decide",
        _("Assessments awaiting my decision"),
        "shopfloor/assessment/partials/_home_rows.html",
        _to_decide,
        order=30,
        shown_to=menu.for_roles("workshop_director"),
        url_name="shopfloor:assessment-list",
    )
)
home.register(
    home.Card(
        "assessments-to-answer",
        _("Assessments awaiting my answer"),
        "shopfloor/assessment/partials/_home_rows.html",
        _to_answer,
        order=31,
        shown_to=menu.everyone,  # anyone may be assessed; shown only when one waits
        url_name="shopfloor:assessment-list",
    )
)
