"""Pages of the inspection follow-ups: the packing list counted on a phone (D4-1),
early-production problems (D4-6), customer complaints (D4-12). Thin: parse, ask the
gate (quality.access), call a service or a query, render."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.core import exports, filters
from gendan.core.actions import act, perform
from gendan.core.attachments import attachments_for
from gendan.core.errors import DomainError, NotFound
from gendan.core.import_errors import ImportRejected
from gendan.org.models import Site
from gendan.quality import access, followup_queries, followup_services
from gendan.quality.followup_models import FabricCount, ProblemState
from gendan.quality.models import DefectCategory, DefectClass, Stage
from gendan.sales.models import FactoryOrder, Order

NEW_LINES = 6
NOT_FOUND = "Not found, or you may not see it."


def _require(allowed):
    if not allowed:
        raise Http404(_(NOT_FOUND))


def _inspection(request, pk):
    try:
        return access.access_inspection(request.user, pk)
    except NotFound:
        raise Http404(_(NOT_FOUND)) from None


def _problem(request, pk):
    try:
        return access.access_problem(request.user, pk)
    except NotFound:
        raise Http404(_(NOT_FOUND)) from None


def _date(text):
    try:
        return date.fromisoformat(str(text or "").strip())
    except ValueError:
        return None


# ---------------------------------------------------------------- D4-1
@login_required
def packing_list(request, pk):
    """The count against the packing list, line by line, on the merchandiser's phone."""
    inspection = _inspection(request, pk)
    _require(inspection.stage == Stage.FABRIC)
    count = FabricCount.objects.filter(inspection=inspection).select_related("confirmed_by").first()
    lines = list(inspection.packing_lines.all())
    can_edit = count is None and access.can_record(request.user)
    return render(request, "quality/followup/packing_list.html", {
        "inspection": inspection, "lines": lines, "count": count, "can_edit": can_edit,
        "can_confirm": can_edit and bool(lines)
        and (request.user.is_superuser or "merchandiser" in access.role_codes(request.user)),
        "new_lines": range(1, (0 if lines else NEW_LINES) + 1),
        "shortages": [line for line in lines if line.is_short],
        "problems": request.session.pop("packing_problems", None),
    })  # fmt: skip


def _back_to_list(inspection):
    return reverse("quality:packing-list", args=[inspection.pk])


def _posted_lines(post):
    lines = []
    for index in range(1, 201):
        row = {name: post.get(f"line-{index}-{name}", "").strip() for name in (
            "material", "colour_lot", "expected_quantity", "unit", "width_specified")}  # fmt: skip
        if not any(row.values()):
            if f"line-{index}-material" not in post:
                break
            continue
        lines.append(row)
    return lines


@login_required
@require_POST
def packing_list_save(request, pk):
    inspection = _inspection(request, pk)
    lines = _posted_lines(request.POST)
    return act(request, lambda origin: followup_services.save_packing_list(
        actor=request.user, inspection=inspection, lines=lines, origin=origin),
        success=_("The packing list is saved."), back=_back_to_list(inspection))  # fmt: skip


@login_required
@require_POST
def packing_list_import(request, pk):
    """The packing list from an xlsx file: all or nothing; the bad rows are listed."""
    inspection = _inspection(request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose the packing list file first."))
        return redirect(_back_to_list(inspection))
    try:
        lines = perform(request, lambda origin: followup_services.import_packing_list(
            actor=request.user, inspection=inspection, file_bytes=upload.read(),
            filename=upload.name, origin=origin))  # fmt: skip
    except ImportRejected as refused:
        messages.error(request, str(refused))
        request.session["packing_problems"] = [p.as_dict() for p in refused.problems]
    except DomainError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("%(count)s lines imported.") % {"count": len(lines)})
    return redirect(_back_to_list(inspection))


@login_required
@require_POST
def packing_list_count(request, pk):
    inspection = _inspection(request, pk)
    counts = {}
    for line in inspection.packing_lines.all():
        prefix = f"count-{line.position}-"
        counts[line.position] = {
            name: request.POST.get(prefix + name, "")
            for name in ("counted_quantity", "width_measured", "defects")
        }
    return act(request, lambda origin: followup_services.record_count(
        actor=request.user, inspection=inspection, counts=counts, origin=origin),
        success=_("The count is saved."), back=_back_to_list(inspection))  # fmt: skip


@login_required
@require_POST
def packing_list_confirm(request, pk):
    inspection = _inspection(request, pk)
    return act(request, lambda origin: followup_services.confirm_fabric_count(
        actor=request.user, inspection=inspection, origin=origin),
        success=lambda count: _("Count confirmed; sent to %(to)s.") % {"to": count.sent_to},
        back=_back_to_list(inspection))  # fmt: skip


# ---------------------------------------------------------------- D4-6
PROBLEM_FILTERS = {"factory": filters.ID, "order": filters.ID, "q": filters.TEXT,
                   "state": followup_queries.STATE_FILTERS}  # fmt: skip


@login_required
def problem_list(request):
    """Problems per factory and order with their ages; not closed ones by default."""
    _require(access.can_use_quality(request.user))
    chosen = filters.cleaned(request, PROBLEM_FILTERS)
    state = chosen.get("state", followup_queries.NOT_CLOSED)
    rows = followup_queries.with_ages(followup_queries.problems(
        request.user, factory=chosen.get("factory"), order=chosen.get("order"), state=state,
        text=chosen.get("q", ""))[:500])  # fmt: skip
    if request.GET.get("format") == "xlsx":
        return _problem_export(rows)
    return render(request, "quality/followup/problem_list.html", {
        "rows": rows, "factories": followup_queries.per_factory(rows), "chosen": chosen,
        "state": state, "states": ProblemState.choices,
        "factory_choices": Site.objects.filter(kind=Site.Kind.CONTRACTED_FACTORY).order_by("name"),
        "can_record": access.can_record(request.user), "query": request.GET.urlencode(),
    })  # fmt: skip


def _problem_export(rows):
    headers = [_("Contracted factory"), _("Order"), _("Process"), _("Problem"), _("Responsible"),
               _("To be fixed by"), _("State"), _("Opened on"), _("Age (days)"), _("Overdue")]  # fmt: skip
    data = [
        [row.problem.factory.name, row.problem.order.number, row.problem.process,
         row.problem.description, row.problem.responsible, row.problem.due_on.isoformat(),
         str(row.problem.get_state_display()), timezone.localdate(row.problem.opened_at).isoformat(),
         row.age_days, _("yes") if row.is_overdue else ""]
        for row in rows
    ]  # fmt: skip
    return exports.xlsx_response("production-problems.xlsx", headers, data)


@login_required
def problem_new(request):
    """Open a problem from the phone (camera for the photo), for a factory order, often
    from the inspection that found it."""
    _require(access.can_record(request.user))
    inspection = None
    if request.GET.get("inspection") or request.POST.get("inspection"):
        inspection = _inspection(
            request, request.GET.get("inspection") or request.POST.get("inspection")
        )
    error = None
    if request.method == "POST":
        try:
            problem = perform(request, lambda origin: followup_services.open_problem(
                actor=request.user, factory_order=request.POST.get("factory_order") or None,
                process=request.POST.get("process"), description=request.POST.get("description"),
                responsible=request.POST.get("responsible"),
                due_on=_date(request.POST.get("due_on")), inspection=inspection,
                photos=request.FILES.getlist("photo"), origin=origin))  # fmt: skip
        except DomainError as refused:
            error = refused
        else:
            messages.success(request, _("The problem is opened."))
            return redirect("quality:problem-detail", pk=problem.pk)
    return render(request, "quality/followup/problem_form.html", {
        "inspection": inspection, "error": error, "posted": request.POST,
        "factory_orders": FactoryOrder.objects.select_related("order", "factory").order_by("-id")[:100],
        "chosen_factory_order": str(inspection.factory_order_id) if inspection else "",
        "today": timezone.localdate().isoformat(),
    }, status=400 if error else 200)  # fmt: skip


@login_required
def problem_detail(request, pk):
    problem = _problem(request, pk)
    table = followup_services.PROBLEM_MOVES
    return render(request, "quality/followup/problem_detail.html", {
        "problem": problem, "row": followup_queries.with_ages([problem])[0],
        "photos": list(attachments_for(problem, followup_services.PROBLEM_PHOTO)),
        "closing_photos": list(attachments_for(problem, followup_services.CLOSING_PHOTO)),
        "can_resolve": table.may(request.user, problem, "resolve"),
        "can_close": table.may(request.user, problem, "close"),
        "can_reopen": table.may(request.user, problem, "reopen"),
    })  # fmt: skip


def _problem_action(request, pk, service, success, **fields):
    problem = _problem(request, pk)
    return act(request, lambda origin: service(actor=request.user, problem=problem,
                                               origin=origin, **fields),
               success=success, back=reverse("quality:problem-detail", args=[problem.pk]))  # fmt: skip


@login_required
@require_POST
def problem_resolve(request, pk):
    return _problem_action(request, pk, followup_services.resolve_problem,
                           _("Marked as resolved; waiting to be verified."),
                           resolution=request.POST.get("resolution", ""))  # fmt: skip


@login_required
@require_POST
def problem_close(request, pk):
    return _problem_action(request, pk, followup_services.close_problem,
                           _("Verified and closed."), note=request.POST.get("note", ""),
                           photos=request.FILES.getlist("photo"))  # fmt: skip


@login_required
@require_POST
def problem_reopen(request, pk):
    return _problem_action(request, pk, followup_services.reopen_problem, _("Reopened."),
                           reason=request.POST.get("reason", ""))  # fmt: skip


# ---------------------------------------------------------------- D4-12
@login_required
def complaint_new(request, order_id):
    """Record a customer complaint of an order (photo from the phone)."""
    _require(followup_services.can_record_complaint(request.user))
    order = Order.objects.filter(pk=order_id).first()
    _require(order is not None)
    error = None
    if request.method == "POST":
        try:
            perform(request, lambda origin: followup_services.record_complaint(
                actor=request.user, order=order, received_on=_date(request.POST.get("received_on")),
                description=request.POST.get("description"),
                defect_class=request.POST.get("defect_class", ""),
                category=request.POST.get("category", ""),
                factory_order=request.POST.get("factory_order") or None,
                photos=request.FILES.getlist("photo"), origin=origin))  # fmt: skip
        except DomainError as refused:
            error = refused
        else:
            messages.success(request, _("The complaint is recorded and traced back."))
            return redirect("quality:order-summary", order_id=order.pk)
    return render(request, "quality/followup/complaint_form.html", {
        "order": order, "error": error, "posted": request.POST,
        "factory_orders": FactoryOrder.objects.filter(order=order).select_related("factory"),
        "classes": DefectClass.choices, "categories": DefectCategory.choices,
        "today": timezone.localdate().isoformat(),
    }, status=400 if error else 200)  # fmt: skip


def order_followups(user, order_id, inspections):
    """What the order's quality page adds: complaints traced back (readers only, not the
    factory's login), problems with ages."""
    is_reader = access.can_read_all(user)
    return {
        "complaints": followup_queries.complaint_traces(order_id, inspections) if is_reader else [],
        "is_reader": is_reader,
        "order_problems": followup_queries.with_ages(
            followup_queries.problems(user, order=order_id, state="")
        ),
        "can_record_complaint": followup_services.can_record_complaint(user),
    }


def inspection_followups(user, inspection):
    """What the inspection page adds: its packing list state, the problems found at it,
    the complaints traced back to it."""
    return {
        "problems_found": list(inspection.problems_found.all()),
        "complaint_traces": followup_queries.traces_reaching(inspection, user),
        "fabric_count": FabricCount.objects.filter(inspection=inspection).first(),
    }
