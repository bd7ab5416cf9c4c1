"""The company-policies page: administrators see every declared policy with its current
value and default, and change one at a time (`policies.set_policy` checks and audits)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.core import audit, policies
from gendan.core.errors import DomainError
from gendan.core.models import Policy


def _require_policy_editor(user):
    if not user.has_perm(policies.CHANGE_PERMISSION):
        raise PermissionDenied(_("Only an administrator may change company policies."))


def _rows(errors=None, typed=None):
    errors, typed = errors or {}, typed or {}
    stored = {row.key: row for row in Policy.objects.select_related("updated_by")}
    return [
        {
            "declared": declared,
            "value": typed.get(key, policies.get(declared)),
            "is_default": key not in stored,
            "row": stored.get(key),
            "error": errors.get(key, ""),
        }
        for key, declared in policies.declared().items()
    ]


@login_required
def policy_list(request):
    _require_policy_editor(request.user)
    return render(request, "core/policy_list.html", {"rows": _rows()})


@login_required
@require_POST
def policy_change(request, key):
    _require_policy_editor(request.user)
    declared = policies.declared().get(key)
    if declared is None:
        raise Http404
    raw = request.POST.get("value", "")
    if declared.type is bool:
        raw = "value" in request.POST
    try:
        policies.set_policy(
            actor=request.user,
            declared_policy=declared,
            value=raw,
            origin=audit.Origin.from_request(request),
        )
    except DomainError as error:
        rows = _rows(errors={key: str(error)}, typed={key: raw})
        return render(request, "core/policy_list.html", {"rows": rows}, status=400)
    messages.success(request, _("“%(label)s” was saved.") % {"label": declared.label})
    return redirect("core:policy-list")
