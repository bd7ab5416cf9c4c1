"""Pages of inspections at contracted factories (D4): list, the phone-first form, the
inspection page (the factory signs there), the order summary (D4-14) and the daily
report (D4-13). Thin: parse, ask the gate, call a service or a query, render."""

from datetime import date, timedelta

import segno
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.core import exports
from gendan.core.actions import act, chain_outcome, perform
from gendan.core.errors import DomainError, NotFound
from gendan.core.models import Document
from gendan.quality import (
    access,
    followup_views,
    inspection_trace,
    queries,
    reports,
    services,
    switching_views,
)
from gendan.quality.labels import SEVERITY_LABELS, SWITCH_REASONS
from gendan.quality.models import DailyReport, DefectCategory, DefectClass, Stage
from gendan.sales.models import FactoryOrder

DEFECT_ROWS = 3
MEASUREMENT_ROWS = 3


def _inspection_or_404(request, pk):
    try:
        return access.access_inspection(request.user, pk)
    except NotFound:
        raise Http404(_("Not found, or you may not see it.")) from None


def _require(allowed):
    if not allowed:
        raise Http404(_("Not found, or you may not see it."))


@login_required
def inspection_list(request):
    _require(access.can_use_quality(request.user))
    rows = access.visible_inspections(request.user, queries.inspections())
    stage = request.GET.get("stage", "")
    if stage in Stage.values:
        rows = rows.filter(stage=stage)
    return render(
        request,
        "quality/inspection_list.html",
        {
            "rows": rows[:200],
            "stages": Stage.choices,
            "stage": stage,
            "can_record": access.can_record(request.user),
            "is_factory": access.is_factory(request.user),
        },
    )


def _rows(post, prefix, names, count):
    rows = []
    for index in range(1, count + 1):
        row = {name: post.get(f"{prefix}-{index}-{name}", "").strip() for name in names}
        if any(value for key, value in row.items() if key not in ("defect_class", "category")):
            rows.append((index, row))
    return rows


def _form_input(request):
    defects = _rows(request.POST, "defect", ("defect_class", "category", "description", "count"),
                    DEFECT_ROWS)  # fmt: skip
    photos = {}
    for position, (index, _row) in enumerate(defects, start=1):
        uploads = request.FILES.getlist(f"defect-{index}-photo")
        if uploads:
            photos[position] = uploads
    measurements = _rows(request.POST, "measure", ("point", "size", "specified", "tolerance",
                                                   "measured"), MEASUREMENT_ROWS)  # fmt: skip
    return {
        "factory_order": request.POST.get("factory_order", ""),
        "stage": request.POST.get("stage", ""),
        "inspected_on": _parse_date(request.POST.get("inspected_on")),
        "lot_size": request.POST.get("lot_size", ""),
        "packed_quantity": request.POST.get("packed_quantity") or None,
        "level": request.POST.get("level", "II") or "II",
        "defects": [row for _i, row in defects],
        "measurements": [row for _i, row in measurements],
        "note": request.POST.get("note", ""),
        "reinspection_of": request.POST.get("reinspection_of") or None,
        "photos": photos,
    }


def _parse_date(text):
    try:
        return date.fromisoformat(str(text or "").strip())
    except ValueError:
        return None


@login_required
def inspection_new(request):
    """The inspector's phone-first form (375 px): one column, big inputs, camera."""
    _require(access.can_record(request.user))
    error = None
    if request.method == "POST":
        data = _form_input(request)
        try:
            inspection = perform(
                request,
                lambda origin: services.record_inspection(
                    actor=request.user, origin=origin, **data
                ),
            )
        except DomainError as refused:
            error = refused
        else:
            from django.contrib import messages

            messages.success(request, chain_outcome(inspection.document))
            return redirect("quality:inspection-detail", pk=inspection.pk)
    factory_orders = FactoryOrder.objects.select_related("order", "factory").order_by("-id")[:100]
    return render(
        request,
        "quality/inspection_form.html",
        {
            "factory_orders": factory_orders,
            "stages": Stage.choices,
            "classes": DefectClass.choices,
            "categories": DefectCategory.choices,
            "defect_rows": range(1, DEFECT_ROWS + 1),
            "measure_rows": range(1, MEASUREMENT_ROWS + 1),
            "today": timezone.localdate().isoformat(),
            "error": error,
            "posted": request.POST,
        },
        status=400 if error else 200,
    )


def _waiting_step(request, inspection):
    """The chain step the report waits for, when the visitor may sign it: the
    merchandiser's confirmation, QC's signature or the factory's (D4)."""
    document = inspection.document
    if document.status != Document.Status.PENDING or not document.current_step:
        return None
    step = document.chain.steps.filter(position=document.current_step).first()
    if step is None or not access.can_sign_step(request.user, inspection, step.role_code):
        return None
    return step


@login_required
def inspection_detail(request, pk):
    inspection = _inspection_or_404(request, pk)
    state, history = queries.switching_history(inspection)
    defects = queries.defects_with_photos(inspection)
    step = _waiting_step(request, inspection)
    is_posted = inspection.document.status == Document.Status.POSTED
    return render(
        request,
        "quality/inspection_detail.html",
        {
            "inspection": inspection,
            "document": inspection.document,
            "defects": defects,
            "has_photos": any(row["photos"] for row in defects),
            "measurements": inspection.measurements.all(),
            "plans": _plan_rows(inspection),
            "severity_label": SEVERITY_LABELS.get(inspection.severity, ""),
            "severity_reason": SWITCH_REASONS.get(inspection.severity_reason, ""),
            "state": state,
            "state_label": SEVERITY_LABELS.get(state.severity, "") if state else "",
            "history": [_history_row(change) for change in history],
            "signatures": inspection.document.signatures.select_related("signer").order_by("id"),
            "sign_step": step,
            "can_sign": step is not None,
            "is_factory_step": step is not None and step.role_code == access.FACTORY,
            "can_add_photo": not is_posted and access.can_add_photo(request.user, inspection),
            "switching_url": reverse("quality:switching-detail", args=[state.pk]) if state else "",
            "can_record": access.can_record(request.user),
            **followup_views.inspection_followups(request.user, inspection),
        },
    )


def _plan_rows(inspection):
    counts = {name: 0 for name in DefectClass.values}
    for defect in inspection.defects.all():
        counts[defect.defect_class] += defect.count
    rows = []
    for name, label in DefectClass.choices:
        plan = inspection.plan.get(name)
        if plan:
            found = counts[name]
            rows.append({"label": label, "plan": plan, "found": found,
                         "is_accepted": found <= plan["ac"]})  # fmt: skip
    return rows


def _history_row(change):
    return {
        "at": change.at,
        "from": SEVERITY_LABELS.get(change.from_severity, ""),
        "to": SEVERITY_LABELS.get(change.to_severity, ""),
        "reason": SWITCH_REASONS.get(change.reason) or switching_views.sentence(change),
        "score": change.score,
        "number": change.inspection.document.number if change.inspection_id else "",
    }


@login_required
@require_POST
def inspection_sign(request, pk):
    """The step the report waits for is signed: 跟单员确认, 质检员签字 or 工厂签字 (the
    factory on its phone)."""
    inspection = _inspection_or_404(request, pk)
    return act(
        request,
        lambda origin: services.sign_report(
            actor=request.user,
            inspection=inspection,
            note=request.POST.get("note", ""),
            origin=origin,
        ),  # fmt: skip
        success=chain_outcome,
        back=reverse("quality:inspection-detail", args=[inspection.pk]),
    )


@login_required
@require_POST
def inspection_refuse(request, pk):
    inspection = _inspection_or_404(request, pk)
    return act(
        request,
        lambda origin: services.refuse_report(
            actor=request.user,
            inspection=inspection,
            reason=request.POST.get("reason", ""),
            origin=origin,
        ),  # fmt: skip
        success=chain_outcome,
        back=reverse("quality:inspection-detail", args=[inspection.pk]),
    )


@login_required
def order_summary(request, order_id):
    """D4-14: per order, its inspections and their verdicts; D4-9: the signed
    mid-production reports against the minimum, flagged when the order cannot reach it
    before its final inspection; D4-12: problems found later traced back."""
    _require(access.can_use_quality(request.user))
    visible = access.visible_inspections(request.user, queries.inspections())
    summary = queries.order_summary(order_id, visible)
    if not summary["inspections"]:
        raise Http404(_("Not found, or you may not see it."))
    first = summary["inspections"][0]
    quantity = services.order_quantity(first.factory_order)
    minimum = queries.minimum_mid_reports(quantity)
    reach = inspection_trace.mid_reachability(
        summary["inspections"], minimum=minimum, signed=summary["mid_signed"],
        final_due=first.factory_order.due_date, today=timezone.localdate(),
    )  # fmt: skip
    return render(
        request,
        "quality/order_summary.html",
        {"order": first.order, "quantity": quantity, "minimum_mid": minimum, "reach": reach,
         "problems": inspection_trace.responsibility(summary["inspections"]), **summary,
         **followup_views.order_followups(request.user, order_id, summary["inspections"])},
    )  # fmt: skip


@login_required
@require_POST
def inspection_add_photo(request, pk, defect_id):
    """A defect's photo added after recording, from the phone camera (D4)."""
    inspection = _inspection_or_404(request, pk)
    _require(access.can_add_photo(request.user, inspection))
    upload = request.FILES.get("photo")
    back = reverse("quality:inspection-detail", args=[inspection.pk])
    if upload is None:
        from django.contrib import messages

        messages.error(request, _("Take or choose a photo first."))
        return redirect(back)
    return act(
        request,
        lambda origin: services.attach_photo(
            actor=request.user,
            inspection=inspection,
            defect_id=defect_id,
            upload=upload,
            origin=origin,
        ),  # fmt: skip
        success=_("Photo added."),
        back=back,
    )


@login_required
def inspection_print(request, pk):
    """The report on A4: the plan per class, defects, measurements, the chain's
    signature rows and a QR code to the page; the browser saves it as PDF."""
    inspection = _inspection_or_404(request, pk)
    url = request.build_absolute_uri(reverse("quality:inspection-detail", args=[inspection.pk]))
    return render(
        request,
        "quality/inspection_print.html",
        {
            "inspection": inspection,
            "document": inspection.document,
            "plans": _plan_rows(inspection),
            "measurements": inspection.measurements.all(),
            "severity_label": SEVERITY_LABELS.get(inspection.severity, ""),
            "severity_reason": SWITCH_REASONS.get(inspection.severity_reason, ""),
            "qr_url": url,
            "qr_svg": segno.make(url, error="m").svg_inline(scale=3),
        },
    )


def _report_day(request):
    return _parse_date(request.GET.get("date")) or timezone.localdate()


@login_required
def daily_report(request):
    """D4-13: the reports to be sent on a day (today by default), with what they hold."""
    _require(access.can_read_all(request.user))
    send_on = _report_day(request)
    reports.prepare_reports(send_on) if send_on >= timezone.localdate() else None
    rows = DailyReport.objects.filter(send_on=send_on).select_related("author")
    entries = [
        {"report": row, "inspections": list(reports.covered(row)),
         "text": row.body or reports.compose(row)}
        for row in rows
    ]  # fmt: skip
    if request.GET.get("export") == "xlsx":
        return _export(send_on, entries)
    return render(
        request,
        "quality/daily_report.html",
        {"entries": entries, "send_on": send_on, "deadline": reports.deadline_time(),
         "previous": send_on - timedelta(days=1), "next": send_on + timedelta(days=1)},
    )  # fmt: skip


def _export(send_on, entries):
    headers = [_("Merchandiser"), _("Number"), _("Order"), _("Contracted factory"),
               _("Inspection step"), _("Inspected on"), _("Verdict"), _("Defects")]  # fmt: skip
    rows = []
    for entry in entries:
        author = entry["report"].author
        for row in entry["inspections"]:
            defects = "；".join(f"{d.get_defect_class_display()} {d.description} ×{d.count}"
                               for d in row.defects.all())  # fmt: skip
            rows.append([author.get_full_name() or author.username, row.document.number,
                         row.order.number, row.factory.name, row.get_stage_display(),
                         str(row.inspected_on), row.get_verdict_display(), defects])  # fmt: skip
    return exports.xlsx_response(f"检验日报-{send_on}.xlsx", headers, rows)


@login_required
@require_POST
def daily_report_add(request, pk):
    report = DailyReport.objects.filter(pk=pk, author=request.user).first()
    if report is None:
        raise Http404(_("Not found, or you may not see it."))
    return act(
        request,
        lambda origin: reports.add_to_report(
            actor=request.user, report=report, text=request.POST.get("addition", ""), origin=origin
        ),
        success=_("Added to your daily report."),
        back=reverse("quality:daily-report") + f"?date={report.send_on}",
    )
