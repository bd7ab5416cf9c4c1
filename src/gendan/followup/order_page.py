"""What follow-up adds to the one order page (gendan.core.order_page): the milestone
plan with its Gantt, the warehouse slips and expense claims of the order, and the
milestones' notes."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gendan.core import order_page, papers
from gendan.core.working_calendar import can_edit_calendar
from gendan.followup import queries
from gendan.followup.access import can_follow_order
from gendan.followup.forms import CompleteMilestoneForm, OutlookForm, ReopenMilestoneForm
from gendan.followup.models import OrderProgress


def plan(request, order):
    """The milestone plan against actual dates, the forecast and the outlook form."""
    milestones = queries.milestones(order)
    provisional_years = queries.mark_provisional(milestones, order.delivery_date)
    return {
        "order": order,
        "progress": OrderProgress.objects.filter(pk=order.pk).first(),
        "gantt": queries.gantt(order, milestones),
        "provisional_years": provisional_years,
        "can_confirm_calendar": can_edit_calendar(request.user),
        "can_follow": can_follow_order(request.user, order),
        "complete_form": CompleteMilestoneForm(),
        "reopen_form": ReopenMilestoneForm(),
        "outlook_form": OutlookForm(),
    }


def _paper_name(document, fallback):
    try:
        return str(papers.get(document.slip_type).name)
    except papers.UnknownPaperType:
        return str(fallback)


def slips_and_claims(user, order):
    rows = [
        order_page.PaperRow(
            kind=_paper_name(slip.document, slip.get_kind_display()),
            number=slip.document.number,
            summary=slip.warehouse.name,
            status=slip.document.get_status_display(),
            url=reverse("slips:slip-detail", args=[slip.pk]) if slip.is_visible else "",
            created_at=slip.document.created_at,
            author=slip.document.author,
            key="slip",
        )
        for slip in queries.order_slips(user, order)
    ]
    rows += [
        order_page.PaperRow(
            kind=_paper_name(claim.document, _("expense claim")),
            number=claim.document.number,
            summary=_("%(amount)s yuan for this order") % {"amount": claim.order_amount},
            status=claim.document.get_status_display(),
            url=reverse("core:document-detail", args=[claim.document_id])
            if claim.is_visible
            else "",
            created_at=claim.document.created_at,
            author=claim.document.author,
            key="expense-claim",
        )
        for claim in queries.order_expense_claims(user, order)
    ]
    return rows


def milestone_notes(user, order):
    return [
        order_page.Note(
            label=_("Milestone “%(name)s”") % {"name": milestone.name},
            text=milestone.note,
            at=milestone.actual_date,
            author=milestone.completed_by,
        )
        for milestone in queries.milestone_notes(order)
    ]


order_page.register_section(
    order_page.Section(
        "plan",
        gettext_lazy("Plan"),
        "followup/partials/_order_plan.html",
        plan,
        order=20,
    )
)
order_page.register_papers("followup", slips_and_claims)
order_page.register_notes("followup", milestone_notes)
