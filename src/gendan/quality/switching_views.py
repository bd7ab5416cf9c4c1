"""Pages of the switching rules (GB/T 2828.1 9.3 / 9.4) per product and contracted
factory: the list, and one product × factory with its severity, score and history in
sentences, and QC's two actions — 批准放宽检验 (9.3.3 c) and 恢复检验 (9.4). Thin: the
gate is `access.access_switching_state`, the writes are `services.approve_reduced` and
`services.resume_inspection`; a refusal is shown and changes nothing."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.core.actions import act
from gendan.core.errors import NotFound
from gendan.quality import access, queries, services
from gendan.quality.labels import SEVERITY_LABELS, SWITCH_REASONS
from gendan.quality.sampling import switching as rules


def _state_or_404(request, pk):
    try:
        return access.access_switching_state(request.user, pk)
    except NotFound:
        raise Http404(_("Not found, or you may not see it.")) from None


def _local(at):
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M")


def _person(user):
    return (user.get_full_name() or user.username) if user is not None else _("QC")


def sentence(change):
    """One history row in words (local time, Chinese through the catalogue)."""
    values = {
        "at": _local(change.at),
        "from": SEVERITY_LABELS.get(change.from_severity, ""),
        "to": SEVERITY_LABELS.get(change.to_severity, ""),
        "why": SWITCH_REASONS.get(change.reason, ""),
        "score": change.score,
        "person": _person(change.by),
        "note": change.note,
        "number": change.inspection.document.number if change.inspection_id else "",
    }
    if change.reason == services.REDUCED_APPROVED:
        return (
            _("%(at)s: %(person)s approved reduced inspection (9.3.3). Reason: %(note)s") % values
        )
    if change.inspection_id is None:
        return (
            _("%(at)s: %(person)s resumed inspection on %(to)s (9.4). Corrective action: %(note)s")
            % values
        )
    if change.from_severity == change.to_severity:
        return (
            _("%(at)s: lot %(number)s judged; stays on %(to)s. %(why)s Switching score %(score)s.")
            % values
        )
    return (
        _("%(at)s: lot %(number)s judged; %(from)s → %(to)s. %(why)s Switching score %(score)s.")
        % values
    )


@login_required
def switching_list(request):
    """Every product × factory whose lots have been inspected (9.3)."""
    if not access.can_use_quality(request.user):
        raise Http404(_("Not found, or you may not see it."))
    states = access.visible_switching_states(request.user, queries.switching_states())
    rows = [
        {"state": state, "severity": SEVERITY_LABELS.get(state.severity, "")}
        for state in states[:500]
    ]
    return render(request, "quality/switching_list.html", {"rows": rows})


@login_required
def switching_detail(request, pk):
    state = _state_or_404(request, pk)
    is_qc = access.is_qc(request.user)
    return render(
        request,
        "quality/switching_detail.html",
        {
            "state": state,
            "severity": SEVERITY_LABELS.get(state.severity, ""),
            "history": [sentence(change) for change in queries.switching_changes(state)],
            "is_discontinued": state.severity == rules.DISCONTINUED,
            "can_approve": is_qc
            and not state.is_reduced_approved
            and state.severity in (rules.NORMAL, rules.TIGHTENED),
            "can_resume": is_qc and state.severity == rules.DISCONTINUED,
            "is_qc": is_qc,
            "score_needed": 30,
        },
    )


def _back(state):
    return reverse("quality:switching-detail", args=[state.pk])


@login_required
@require_POST
def switching_approve_reduced(request, pk):
    """批准放宽检验 (9.3.3 c): QC only, with a reason."""
    state = _state_or_404(request, pk)
    return act(
        request,
        lambda origin: services.approve_reduced(
            actor=request.user, state=state, reason=request.POST.get("reason", ""), origin=origin
        ),
        success=_("Reduced inspection approved; it applies once the switching score reaches 30."),
        back=_back(state),
    )


@login_required
@require_POST
def switching_resume(request, pk):
    """恢复检验 (9.4): QC only, after the factory's corrective action, with a reason."""
    state = _state_or_404(request, pk)
    return act(
        request,
        lambda origin: services.resume_inspection(
            actor=request.user, state=state, reason=request.POST.get("reason", ""), origin=origin
        ),
        success=_("Inspection resumed on tightened inspection."),
        back=_back(state),
    )
