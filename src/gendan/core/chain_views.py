"""Signature chains on a page (issue 10: nothing of a normal job in the admin): the
administrator sees every paper type's chain with its steps by role name, and changes
one — the steps in order, each with its role, whether it is required and how many must
sign. `chains.define_chain` checks and audits; a chain with papers still awaiting
signatures is refused, with the reason, and nothing changes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gendan.core import audit, chains, papers
from gendan.core.errors import DomainError, InvalidTransition
from gendan.core.models import ChainDefinition, ChainStep
from gendan.core.roles import directory

CHANGE_PERMISSION = "core.change_chaindefinition"
BLANK_ROWS = 2


def _require_chain_editor(user):
    if not user.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied(_("Only an administrator may change signature chains."))


@login_required
def chain_list(request):
    _require_chain_editor(request.user)
    stored = {
        chain.slip_type: chain
        for chain in ChainDefinition.objects.prefetch_related("steps").order_by("slip_type")
    }
    names = dict(directory().roles())
    rows = [
        {
            "paper": paper,
            "chain": stored.get(paper.code),
            "steps": [
                (step, names.get(step.role_code, step.role_code))
                for step in (stored[paper.code].steps.all() if paper.code in stored else ())
            ],
        }
        for paper in sorted(papers.all(), key=lambda paper: str(paper.name))
        if paper.chain is not None or paper.code in stored
    ]
    return render(request, "core/chain_list.html", {"rows": rows})


def _steps_from(post):
    """The posted rows, in order, that name a step; a half-filled row is an error naming
    its row."""
    steps, errors = [], {}
    count = int(post.get("rows") or 0) if str(post.get("rows") or "0").isdigit() else 0
    roles = dict(directory().roles())
    for index in range(1, min(count, 30) + 1):
        name = (post.get(f"step-{index}-name") or "").strip()
        role = post.get(f"step-{index}-role") or ""
        if not name and not role:
            continue
        if not name or role not in roles:
            errors[index] = _("Row %(row)s: give the step a name and choose its role.") % {
                "row": index
            }
            continue
        mode = post.get(f"step-{index}-mode") or ChainStep.Mode.SINGLE
        if mode not in ChainStep.Mode.values:
            mode = ChainStep.Mode.SINGLE
        quorum = post.get(f"step-{index}-quorum") or "1"
        if not quorum.isdigit() or not 1 <= int(quorum) <= 20:
            errors[index] = _("Row %(row)s: signatures needed is a whole number from 1 to 20.") % {
                "row": index
            }
            continue
        steps.append(
            {
                "name": name[:80],
                "role_code": role,
                "is_required": f"step-{index}-required" in post,
                "mode": mode,
                "quorum": int(quorum),
                "allows_same_signer": f"step-{index}-same" in post,
            }
        )
    return steps, errors


def _row_of(step):
    fields = ("name", "role_code", "is_required", "mode", "quorum", "allows_same_signer")
    return {field: getattr(step, field) for field in fields}


def _posted_rows(post):
    count = int(post["rows"]) if str(post.get("rows") or "").isdigit() else 0
    rows = []
    for index in range(1, min(count, 30) + 1):
        name = (post.get(f"step-{index}-name") or "").strip()
        role = post.get(f"step-{index}-role") or ""
        if name or role:
            rows.append(
                {
                    "name": name,
                    "role_code": role,
                    "is_required": f"step-{index}-required" in post,
                    "mode": post.get(f"step-{index}-mode") or ChainStep.Mode.SINGLE,
                    "quorum": post.get(f"step-{index}-quorum") or 1,
                    "allows_same_signer": f"step-{index}-same" in post,
                }
            )
    return rows


@login_required
def chain_edit(request, slip_type):
    _require_chain_editor(request.user)
    try:
        paper = papers.get(slip_type)
    except papers.UnknownPaperType:
        paper = None  # a chain stored for a type no module declares (any more)
    chain = ChainDefinition.objects.filter(slip_type=slip_type).first()
    if paper is None and chain is None:
        raise Http404(_("Not found, or you may not see it."))
    name = str(paper.name) if paper else chain.name
    status, problem, errors = 200, "", {}
    if request.method == "POST":
        steps, errors = _steps_from(request.POST)
        title = (request.POST.get("name") or "").strip()[:120] or name
        if not errors:
            try:
                chains.define_chain(
                    actor=request.user,
                    slip_type=slip_type,
                    name=title,
                    steps=steps,
                    description=(request.POST.get("description") or "").strip(),
                    origin=audit.Origin.from_request(request),
                )
            except (DomainError, InvalidTransition) as error:
                problem = str(error)
            else:
                messages.success(request, _("The chain of %(paper)s was saved.") % {"paper": name})
                return redirect("core:chain-list")
        status = 400
    if request.method == "POST":
        rows = _posted_rows(request.POST)  # what was typed comes back, nothing lost
    else:
        rows = [_row_of(step) for step in chain.steps.order_by("position")] if chain else []
    context = {
        "paper_name": name,
        "slip_type": slip_type,
        "chain": chain,
        "rows": rows,
        "blank_rows": range(len(rows) + 1, len(rows) + BLANK_ROWS + 1),
        "row_count": len(rows) + BLANK_ROWS,
        "roles": directory().roles(),
        "modes": ChainStep.Mode.choices,
        "problem": problem,
        "errors": errors,
        "events": audit.timeline_for(chain) if chain else (),
    }
    return render(request, "core/chain_edit.html", context, status=status)
