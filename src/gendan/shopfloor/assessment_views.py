"""Pages of assessments 考核 (D1-2.1, D1-2.2), chaotic-stack refusals (D1-4.9) and
placement suggestions (D1-2.3). Thin: parse, gate, call a service, render. The clerk's
refusal form is phone first (375 px, the camera's capture input)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gendan.core import attachments, audit, filters
from gendan.core.actions import act
from gendan.core.errors import DomainError, NotFound
from gendan.core.exports import xlsx_response
from gendan.org.models import Team, Warehouse, Workshop
from gendan.shopfloor import assessment_queries as queries
from gendan.shopfloor import assessment_services as services
from gendan.shopfloor import assessment_suggestions as suggestions
from gendan.shopfloor.assessment_models import Assessment, PlacementSuggestion
from gendan.shopfloor.models import Lot

User = get_user_model()
LIST_FILTERS = {
    "month": filters.TEXT,
    "workshop": filters.ID,
    "person": filters.ID,
    "target": Assessment.Target.values,
    "reason": Assessment.Reason.values,
    "state": Assessment.State.values,
    "q": filters.TEXT,
}
HISTORY = {
    "assessment.record": gettext_lazy("recorded the assessment"),
    "assessment.refuse_stack": gettext_lazy("refused the chaotic stack"),
    "assessment.late_receipt": gettext_lazy("found the receipt signed late"),
    "assessment.respond": gettext_lazy("answered"),
    "assessment.confirm": gettext_lazy("confirmed the assessment"),
    "assessment.waive": gettext_lazy("waived the assessment"),
    "attachment.added": gettext_lazy("added a photo"),
    "placement_suggestion.write": gettext_lazy("suggested a better placement"),
    "placement_suggestion.accept": gettext_lazy("accepted the suggestion"),
    "placement_suggestion.decline": gettext_lazy("declined the suggestion"),
}
# the moves whose audit row keeps words a person wrote (an answer, a reason)
SAYS = (
    "assessment.respond",
    "assessment.confirm",
    "assessment.waive",
    "placement_suggestion.accept",
    "placement_suggestion.decline",
)


def _or_404(fetch, request, pk):
    try:
        return fetch(request.user, pk)
    except NotFound:
        raise Http404(_("Not found, or you may not see it.")) from None


def _pick(model, value):
    return model.objects.filter(pk=value).first() if str(value or "").isdigit() else None


def history(obj):
    """The record's audit rows as sentences, with the reason or answer given."""
    rows = []
    for event in audit.timeline_for(obj):
        after = event.after if isinstance(event.after, dict) else {}
        said = ""
        if event.action in SAYS:
            said = after.get("response") or after.get("reason") or after.get("answer") or ""
        rows.append(
            {
                "at": event.at,
                "actor": queries.person_name(event.actor) if event.actor else _("the system"),
                "sentence": HISTORY.get(event.action, _("changed")),
                "said": said if isinstance(said, str) else "",
            }
        )
    return rows


# ---------------------------------------------------------------- lists
@login_required
def assessment_list(request):
    values = filters.cleaned(request, LIST_FILTERS)
    rows = queries.filtered(queries.assessments_seen(request.user), values)
    if request.GET.get("format") == "xlsx":
        return _export(rows)
    context = {
        "rows": [(row, queries.target_name(row)) for row in rows[:300]],
        "filters": request.GET,
        "workshops": Workshop.objects.all(),
        "targets": Assessment.Target.choices,
        "reasons": Assessment.Reason.choices,
        "states": Assessment.State.choices,
        "can_write": queries.may_create(request.user),
    }
    return render(request, "shopfloor/assessment/list.html", context)


def _export(rows):
    return xlsx_response(
        _("assessments") + ".xlsx",
        [
            _("Number"),
            _("Happened at"),
            _("Workshop"),
            _("Held against"),
            _("Reason"),
            _("Points"),
            _("Amount (yuan)"),
            _("Decision"),
            _("What happened"),
            _("Answer"),
        ],
        (
            [
                row.pk,
                row.occurred_at,
                str(row.workshop),
                queries.target_name(row),
                row.get_reason_display(),
                row.points,
                float(row.amount),
                row.get_state_display(),
                row.note,
                row.response,
            ]
            for row in rows
        ),
    )


@login_required
def assessment_summary(request):
    values = filters.cleaned(request, {"month": filters.TEXT, "workshop": filters.ID})
    month = values.get("month") or timezone.localdate().strftime("%Y-%m")
    values["month"] = month
    rows = queries.filtered(queries.assessments_seen(request.user), values)
    summary = queries.monthly_summary(rows)
    reasons = Assessment.Reason.choices
    if request.GET.get("format") == "xlsx":
        return _export_summary(summary, reasons, month)
    context = {
        "summary": [
            (entry, [(label, entry["reasons"].get(code, 0)) for code, label in reasons])
            for entry in summary
        ],
        "reasons": reasons,
        "month": month,
        "filters": request.GET,
        "workshops": Workshop.objects.all(),
    }
    return render(request, "shopfloor/assessment/summary.html", context)


def _export_summary(summary, reasons, month):
    headers = [_("Held against"), _("Points"), _("Amount (yuan)")]
    headers += [label for _code, label in reasons]
    headers += [_("Confirmed"), _("Waived"), _("Awaiting the director")]
    return xlsx_response(
        _("assessment summary %(month)s") % {"month": month} + ".xlsx",
        headers,
        (
            [entry["target"], entry["points"], float(entry["amount"])]
            + [entry["reasons"].get(code, 0) for code, _label in reasons]
            + [entry["confirmed"], entry["waived"], entry["candidates"]]
            for entry in summary
        ),
    )


# ---------------------------------------------------------------- writing
def _require_writer(user):
    if not queries.may_create(user):
        raise PermissionDenied(
            _("Only the transfer clerk or the workshop director records assessments.")
        )


def _people():
    return (
        User.objects.filter(is_active=True, role_grants__isnull=False)
        .distinct()
        .order_by("first_name", "username")
    )


@login_required
def assessment_create(request):
    _require_writer(request.user)
    if request.method == "POST":
        return _record(request)
    context = {
        "workshops": queries.workshops_to_write(request.user),
        "people": _people(),
        "teams": Team.objects.select_related("workshop"),
        "warehouses": Warehouse.objects.all(),
        "targets": Assessment.Target.choices,
        "reasons": Assessment.Reason.choices,
    }
    return render(request, "shopfloor/assessment/form.html", context)


def _record(request):
    post = request.POST

    def record(origin):
        workshop = _pick(Workshop, post.get("workshop"))
        if workshop is None:
            raise DomainError(_("Choose the workshop."), field="workshop")
        return services.record_assessment(
            actor=request.user,
            workshop=workshop,
            target=post.get("target", ""),
            person=_pick(User, post.get("person")),
            team=_pick(Team, post.get("team")),
            warehouse=_pick(Warehouse, post.get("warehouse")),
            reason=post.get("reason", ""),
            points=post.get("points"),
            note=post.get("note", ""),
            photo=request.FILES.get("photo"),
            origin=origin,
        )

    return act(
        request,
        record,
        success=lambda found: (
            _("%(thing)s is recorded; it waits for the director.") % {"thing": found}
        ),
        back=lambda found: (
            reverse("shopfloor:assessment-detail", args=[found.pk])
            if found
            else reverse("shopfloor:assessment-create")
        ),
    )


@login_required
def assessment_refuse(request):
    """D1-4.9: the clerk's phone form — the lot (from its label), the operation, a photo."""
    _require_writer(request.user)
    if request.method == "POST":
        return _refuse(request)
    lot = _pick(Lot, request.GET.get("lot"))
    lots = Lot.objects.select_related("document", "item").order_by("-id")[:100]
    context = {
        "lot": lot,
        "lots": lots,
        "steps": list(lot.steps.order_by("sequence")) if lot else [],
        "people": _people(),
        "teams": Team.objects.select_related("workshop"),
    }
    return render(request, "shopfloor/assessment/refuse.html", context)


def _refuse(request):
    post = request.POST
    lot = _pick(Lot, post.get("lot"))

    def refuse(origin):
        if lot is None:
            raise DomainError(_("Choose the lot."), field="lot")
        return services.refuse_chaotic_stack(
            actor=request.user,
            lot=lot,
            operation=post.get("operation", ""),
            note=post.get("note", ""),
            photo=request.FILES.get("photo"),
            person=_pick(User, post.get("person")),
            team=_pick(Team, post.get("team")),
            origin=origin,
        )

    def back(found):
        if found:
            return reverse("shopfloor:assessment-detail", args=[found.pk])
        query = f"?lot={lot.pk}" if lot else ""
        return reverse("shopfloor:assessment-refuse") + query

    return act(request, refuse, success=_refused_message, back=back)


def _refused_message(found):
    if found.notified:
        return _("Refused; %(channels)s told. %(thing)s waits for the director.") % {
            "channels": found.notified,
            "thing": found,
        }
    return _(
        "Refused; %(thing)s waits for the director. No notification channel is set for "
        "refusals: tell the team leader yourself."
    ) % {"thing": found}


# ---------------------------------------------------------------- one record
@login_required
def assessment_detail(request, pk):
    found = _or_404(queries.access_assessment, request, pk)
    context = {
        "assessment": found,
        "target": queries.target_name(found),
        "photos": list(attachments.attachments_for(found)),
        "history": history(found),
        "can_respond": services.RESPONSES.may(request.user, found, "respond"),
        "can_confirm": services.DECISIONS.may(request.user, found, "confirm"),
        "can_waive": services.DECISIONS.may(request.user, found, "waive"),
        "can_add_photo": found.written_by_id == request.user.pk
        or queries.may_decide(request.user, found),
    }
    return render(request, "shopfloor/assessment/detail.html", context)


def _act_on(request, pk, service, success):
    found = _or_404(queries.access_assessment, request, pk)
    return act(
        request,
        lambda origin: service(found, origin),
        success=success,
        back=reverse("shopfloor:assessment-detail", args=[found.pk]),
    )


@login_required
@require_POST
def assessment_respond(request, pk):
    return _act_on(
        request,
        pk,
        lambda found, origin: services.respond(
            actor=request.user,
            assessment=found,
            response=request.POST.get("response", ""),
            origin=origin,
        ),
        _("Your answer is recorded."),
    )


@login_required
@require_POST
def assessment_confirm(request, pk):
    return _act_on(
        request,
        pk,
        lambda found, origin: services.confirm(
            actor=request.user, assessment=found, note=request.POST.get("note", ""), origin=origin
        ),
        _("The assessment is confirmed."),
    )


@login_required
@require_POST
def assessment_waive(request, pk):
    return _act_on(
        request,
        pk,
        lambda found, origin: services.waive(
            actor=request.user,
            assessment=found,
            reason=request.POST.get("reason", ""),
            origin=origin,
        ),
        _("The assessment is waived."),
    )


@login_required
@require_POST
def assessment_photo(request, pk):
    def add(found, origin):
        photo = request.FILES.get("photo")
        if photo is None:
            raise DomainError(_("Take a photo of the stack."), field="photo")
        return services.add_photo(actor=request.user, assessment=found, photo=photo, origin=origin)

    return _act_on(request, pk, add, _("The photo is kept."))


# ---------------------------------------------------------------- suggestions (D1-2.3)
@login_required
def suggestion_list(request):
    values = filters.cleaned(
        request, {"workshop": filters.ID, "state": PlacementSuggestion.State.values}
    )
    rows = queries.suggestions_seen(request.user)
    if values.get("workshop"):
        rows = rows.filter(workshop_id=values["workshop"])
    if values.get("state"):
        rows = rows.filter(state=values["state"])
    context = {
        "rows": rows[:300],
        "filters": request.GET,
        "workshops": Workshop.objects.all(),
        "states": PlacementSuggestion.State.choices,
        "writable": queries.workshops_to_write(request.user),
    }
    return render(request, "shopfloor/assessment/suggestions.html", context)


@login_required
@require_POST
def suggestion_create(request):
    def write(origin):
        workshop = _pick(Workshop, request.POST.get("workshop"))
        if workshop is None:
            raise DomainError(_("Choose the workshop."), field="workshop")
        return suggestions.suggest_placement(
            actor=request.user,
            workshop=workshop,
            text=request.POST.get("text", ""),
            photo=request.FILES.get("photo"),
            origin=origin,
        )

    return act(
        request,
        write,
        success=_("The suggestion is sent to the workshop director."),
        back=lambda found: (
            reverse("shopfloor:suggestion-detail", args=[found.pk])
            if found
            else reverse("shopfloor:suggestion-list")
        ),
    )


@login_required
def suggestion_detail(request, pk):
    found = _or_404(queries.access_suggestion, request, pk)
    context = {
        "suggestion": found,
        "photos": list(attachments.attachments_for(found)),
        "history": history(found),
        "can_answer": suggestions.SUGGESTIONS.may(request.user, found, "accept"),
    }
    return render(request, "shopfloor/assessment/suggestion_detail.html", context)


def _answer(request, pk, service, success):
    found = _or_404(queries.access_suggestion, request, pk)
    return act(
        request,
        lambda origin: service(
            actor=request.user,
            suggestion=found,
            answer=request.POST.get("answer", ""),
            origin=origin,
        ),
        success=success,
        back=reverse("shopfloor:suggestion-detail", args=[found.pk]),
    )


@login_required
@require_POST
def suggestion_accept(request, pk):
    return _answer(request, pk, suggestions.accept, _("The suggestion is accepted."))


@login_required
@require_POST
def suggestion_decline(request, pk):
    return _answer(request, pk, suggestions.decline, _("The suggestion is declined."))
