"""Two more pages of the inspection plan: one proposed date moved by hand, and the print
view of the pre-production meeting minutes (A4, signature rows, QR code to the page)."""

import segno
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.core.actions import act
from gendan.core.errors import NotFound
from gendan.quality import plan_queries, plan_step_dates
from gendan.quality.plan_models import MeetingMinutes


def _plan_or_404(request, pk):
    try:
        return plan_queries.access_plan(request.user, pk)
    except NotFound:
        raise Http404(_("Not found, or you may not see it.")) from None


@login_required
@require_POST
def plan_step_date(request, pk, step_id):
    plan = _plan_or_404(request, pk)
    return act(
        request,
        lambda origin: plan_step_dates.set_step_date(
            actor=request.user,
            plan=plan,
            step_id=step_id,
            planned_on=request.POST.get("planned_on", ""),
            origin=origin,
        ),  # fmt: skip
        success=lambda step: (
            _("%(step)s moved to %(day)s.") % {"step": step.name, "day": step.planned_on}
        ),
        back=reverse("quality:order-plan", args=[plan.factory_order.order_id]),
    )


@login_required
def plan_minutes_print(request, pk):
    """The minutes on A4 with the factory's signature line; the browser saves the PDF."""
    plan = _plan_or_404(request, pk)
    minutes = MeetingMinutes.objects.filter(plan=plan).select_related("document").first()
    if minutes is None:
        raise Http404(_("Not found, or you may not see it."))
    minutes.plan = plan
    url = request.build_absolute_uri(reverse("quality:plan-minutes", args=[plan.pk]))
    return render(request, "quality/plan/minutes_print.html", {
        "plan": plan, "minutes": minutes, "document": minutes.document, "qr_url": url,
        "qr_svg": segno.make(url, error="m").svg_inline(scale=3),
    })  # fmt: skip
