"""Pages of the inspection plan per order (D4-2, D4-5, D4-8, D4-9, D4-14): the template
(QC), an order's plan, the meeting minutes the factory signs on its phone, the record of
factories pressed for pre-production samples, and the written order summary. Thin: ask
the gate, call a service or a query, render."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.core.actions import act, chain_outcome
from gendan.core.errors import DomainError, NotFound
from gendan.core.models import Document
from gendan.quality import access
from gendan.quality import plan_queries as queries
from gendan.quality import plan_services as services
from gendan.quality.plan_models import OrderReport, PlanAnchor
from gendan.sales.models import Order


def _require(allowed):
    if not allowed:
        raise Http404(_("Not found, or you may not see it."))


def _plan_or_404(request, pk):
    try:
        return queries.access_plan(request.user, pk)
    except NotFound:
        raise Http404(_("Not found, or you may not see it.")) from None


def _order_page(plan):
    return reverse("quality:order-plan", args=[plan.factory_order.order_id])


# ---------------------------------------------------------------- the template (QC)
@login_required
def plan_template(request):
    _require(access.can_read_all(request.user))
    return render(request, "quality/plan/template.html", {
        "rows": services.template(), "anchors": PlanAnchor.choices,
        "can_edit": services.is_qc(request.user),
    })  # fmt: skip


@login_required
@require_POST
def plan_template_save(request, kind):
    _require(access.can_read_all(request.user))
    post = request.POST
    return act(
        request,
        lambda origin: services.save_template_step(
            actor=request.user,
            kind=kind,
            anchor=post.get("anchor", ""),
            offset=post.get("offset", ""),
            name=post.get("name", ""),
            is_active=post.get("is_active") == "on",
            origin=origin,
        ),  # fmt: skip
        success=_("The plan template is saved; plans made from now on follow it."),
        back=reverse("quality:plan-template"),
    )


# ---------------------------------------------------------------- an order's plan
@login_required
def order_plan(request, order_id):
    """The plans of an order's factory orders, each step with its date and status."""
    _require(access.can_use_quality(request.user))
    rows = queries.order_factory_orders(request.user, order_id)
    _require(rows)
    today = timezone.localdate()
    entries = [{"factory_order": fo, "view": queries.plan_view(plan, today) if plan else None}
               for fo, plan in rows]  # fmt: skip
    return render(request, "quality/plan/order_plan.html", {
        "order": rows[0][0].order, "entries": entries, "today": today,
        "can_write": access.can_record(request.user),
    })  # fmt: skip


@login_required
@require_POST
def plan_make(request, factory_order_id):
    _require(access.can_record(request.user))
    factory_order = queries.visible_factory_orders(request.user).filter(pk=factory_order_id).first()
    _require(factory_order)
    return act(
        request,
        lambda origin: services.make_plan(
            actor=request.user,
            factory_order=factory_order,
            production_start=request.POST.get("production_start", ""),
            origin=origin,
        ),  # fmt: skip
        success=_("The inspection plan is made from the template."),
        back=reverse("quality:order-plan", args=[factory_order.order_id]),
    )


@login_required
@require_POST
def plan_start(request, pk):
    plan = _plan_or_404(request, pk)
    return act(
        request,
        lambda origin: services.change_production_start(
            actor=request.user,
            plan=plan,
            production_start=request.POST.get("production_start", ""),
            origin=origin,
        ),  # fmt: skip
        success=_("Production start changed; the dates are proposed again."),
        back=_order_page(plan),
    )


@login_required
@require_POST
def plan_meeting(request, pk):
    plan = _plan_or_404(request, pk)
    return act(
        request,
        lambda origin: services.set_meeting_date(
            actor=request.user,
            plan=plan,
            meeting_on=request.POST.get("meeting_on", ""),
            origin=origin,
        ),  # fmt: skip
        success=_("The pre-production meeting date is set."),
        back=_order_page(plan),
    )


@login_required
@require_POST
def plan_press(request, pk):
    """D4-2: remind the factory of its missing pre-production sample."""
    plan = _plan_or_404(request, pk)
    return act(
        request,
        lambda origin: services.press_for_sample(actor=request.user, plan=plan, origin=origin),
        success=lambda reminder: _("Reminder sent to %(to)s.") % {"to": reminder.sent_to},
        back=_order_page(plan),
    )


# ---------------------------------------------------------------- D4-5 minutes
def _waits_for_factory(request, minutes):
    document = minutes.document if minutes else None
    if document is None or document.status != Document.Status.PENDING:
        return False
    return minutes.plan.factory_order.factory_id in access.factory_ids(request.user)


@login_required
def plan_minutes(request, pk):
    """The minutes: written by the merchandiser, signed by the factory on its phone."""
    plan = _plan_or_404(request, pk)
    minutes = queries.MeetingMinutes.objects.filter(plan=plan).select_related("document").first()
    if minutes is not None:
        minutes.plan = plan
    is_draft = minutes is None or minutes.document.status == Document.Status.DRAFT
    meeting = plan.steps.filter(kind="meeting").first()
    return render(request, "quality/plan/minutes.html", {
        "plan": plan, "minutes": minutes, "meeting": meeting,
        "can_write": access.can_record(request.user) and is_draft,
        "can_sign": _waits_for_factory(request, minutes),
        "signatures": minutes.document.signatures.select_related("signer").order_by("id")
        if minutes else [],
    })  # fmt: skip


@login_required
@require_POST
def plan_minutes_write(request, pk):
    plan = _plan_or_404(request, pk)
    post = request.POST
    return act(
        request,
        lambda origin: services.write_minutes(
            actor=request.user,
            plan=plan,
            held_on=post.get("held_on", ""),
            attendees=post.get("attendees", ""),
            critical_points=post.get("critical_points", ""),
            sample_issues=post.get("sample_issues", ""),
            customer_requirements=post.get("customer_requirements", ""),
            origin=origin,
        ),  # fmt: skip
        success=_("The minutes are handed to the factory to sign."),
        back=reverse("quality:plan-minutes", args=[plan.pk]),
    )


def _minutes_or_404(plan):
    minutes = queries.MeetingMinutes.objects.filter(plan=plan).select_related("document").first()
    _require(minutes)
    minutes.plan = plan
    return minutes


@login_required
@require_POST
def plan_minutes_sign(request, pk):
    plan = _plan_or_404(request, pk)
    minutes = _minutes_or_404(plan)
    return act(
        request,
        lambda origin: services.sign_minutes(
            actor=request.user, minutes=minutes, note=request.POST.get("note", ""), origin=origin
        ),  # fmt: skip
        success=chain_outcome,
        back=reverse("quality:plan-minutes", args=[plan.pk]),
    )


@login_required
@require_POST
def plan_minutes_refuse(request, pk):
    plan = _plan_or_404(request, pk)
    minutes = _minutes_or_404(plan)
    return act(
        request,
        lambda origin: services.refuse_minutes(
            actor=request.user,
            minutes=minutes,
            reason=request.POST.get("reason", ""),
            origin=origin,
        ),  # fmt: skip
        success=chain_outcome,
        back=reverse("quality:plan-minutes", args=[plan.pk]),
    )


# ---------------------------------------------------------------- D4-2 record
@login_required
def sample_reminders(request):
    """D4-2: factories pressed for pre-production samples, with counts."""
    _require(access.can_read_all(request.user))
    return render(request, "quality/plan/sample_reminders.html", {
        "factories": queries.sample_reminders_by_factory(request.user),
        "missing": list(queries.plans_with_missing_sample(request.user)),
        "reminders": queries.recent_reminders(request.user),
    })  # fmt: skip


# ---------------------------------------------------------------- D4-14 summary
def _order_or_404(request, order_id):
    _require(access.can_read_all(request.user))
    order = Order.objects.filter(pk=order_id).first()
    _require(order)
    return order


@login_required
def order_summary_write(request, order_id):
    """D4-14: the written summary — drafted from the inspections and the timeline,
    edited here, sent once to the department head, then read-only."""
    order = _order_or_404(request, order_id)
    report = OrderReport.objects.filter(order=order).select_related("sent_by").first()
    error = None
    if request.method == "POST":
        texts = {name: request.POST.get(name, "") for name in services.SUMMARY_FIELDS}
        try:
            act_report = services.save_summary(actor=request.user, order=order, texts=texts)
        except DomainError as refused:
            error = refused
        else:
            from django.contrib import messages
            from django.shortcuts import redirect

            messages.success(request, _("The summary is saved."))
            return redirect("quality:order-summary-write", order_id=act_report.order_id)
    texts = _summary_texts(request, order, report)
    return render(request, "quality/plan/summary.html", {
        "order": order, "report": report, "texts": texts, "error": error,
        "can_write": access.can_record(request.user) and not (report and report.is_sent),
    }, status=400 if error else 200)  # fmt: skip


def _summary_texts(request, order, report):
    if request.method == "POST":
        return {name: request.POST.get(name, "") for name in services.SUMMARY_FIELDS}
    if report is not None:
        return {name: getattr(report, name) for name in services.SUMMARY_FIELDS}
    views = [queries.plan_view(plan) for _fo, plan in
             queries.order_factory_orders(request.user, order.pk) if plan]  # fmt: skip
    return queries.draft_summary(order, views)


@login_required
@require_POST
def order_summary_send(request, order_id):
    order = _order_or_404(request, order_id)
    return act(
        request,
        lambda origin: services.send_summary(actor=request.user, order=order, origin=origin),
        success=lambda report: _("The summary is sent to %(to)s.") % {"to": report.sent_to},
        back=reverse("quality:order-summary-write", args=[order.pk]),
    )
