"""Pages of the counts of work in progress (D1-1.5): thin views — parse, call a service or
a query, render. The count entry is phone first (375 px)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.core import permissions, scopes
from gendan.core.actions import act, chain_outcome
from gendan.core.errors import DomainError, NotFound
from gendan.core.exports import xlsx_response
from gendan.core.import_errors import ImportRejected
from gendan.core.models import Document
from gendan.core.roles import directory
from gendan.core.scopes import Scope
from gendan.org.models import Workshop
from gendan.shopfloor import wip_queries, wip_services, wip_sheets
from gendan.shopfloor.models import Lot
from gendan.shopfloor.wip_papers import COUNTING_STEP
from gendan.stock.models import Location

PAGE_SIZE = 50


def _sheet(request, pk):
    try:
        return wip_queries.access_wip_count(request.user, pk)
    except NotFound:
        raise Http404(_("Not found, or you may not see it.")) from None


def _pk(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _workshops_to_open(user):
    found = permissions.reach(user, "wip_count", "create")
    workshops = Workshop.objects.order_by("code")
    if found.everywhere:
        return workshops
    held = [Scope.parse(key) for key in found.scopes]
    return workshops.filter(pk__in=[scope.pk for scope in held if scope.kind == scopes.WORKSHOP])


# ---------------------------------------------------------------- the list
@login_required
def wip_count_list(request):
    if not permissions.allows(request.user, "wip_count", "view"):
        raise PermissionDenied
    filters = request.GET
    sheets = wip_queries.wip_count_list(
        request.user,
        status=filters.get("status", ""),
        workshop=_pk(filters.get("workshop")),
        search=filters.get("q", "").strip(),
    )
    if filters.get("format") == "xlsx":
        return xlsx_response(_("WIP counts") + ".xlsx", *_list_rows(sheets))
    context = {
        "page": Paginator(sheets, PAGE_SIZE).get_page(filters.get("page")),
        "filters": filters,
        "statuses": Document.Status.choices,
        "workshops": Workshop.objects.order_by("code"),
        "open_in": _workshops_to_open(request.user),
    }
    return render(request, "shopfloor/wip/list.html", context)


def _list_rows(sheets):
    headers = [
        _("Number"),
        _("Workshop"),
        _("Status"),
        _("Opened at"),
        _("Count lines"),
        _("Counted"),
    ]
    rows = (
        (
            sheet.document.number,
            sheet.workshop.name,
            sheet.document.get_status_display(),
            sheet.opened_at,
            sheet.line_count,
            sheet.counted_count,
        )
        for sheet in sheets
    )
    return headers, rows


@login_required
@require_POST
def wip_count_open(request):
    workshop = _workshops_to_open(request.user).filter(pk=_pk(request.POST.get("workshop"))).first()
    if workshop is None:
        messages.error(request, _("Choose a workshop whose work in progress you count."))
        return redirect("shopfloor:wip-count-list")
    return act(
        request,
        lambda origin: wip_services.open_wip_count(
            actor=request.user, workshop=workshop, origin=origin
        ),
        success=lambda sheet: _("WIP count %(number)s is opened.") % {"number": sheet.document},
        back=lambda sheet: (
            reverse("shopfloor:wip-count-detail", args=[sheet.pk])
            if sheet
            else reverse("shopfloor:wip-count-list")
        ),
    )


# ---------------------------------------------------------------- one sheet
def _context(request, sheet):
    lines = list(wip_queries.lines(sheet))
    document = sheet.document
    is_counting = (
        document.status == Document.Status.PENDING and document.current_step == COUNTING_STEP
    )
    return {
        "sheet": sheet,
        "document": document,
        "lines": lines,
        "problems": wip_services.problems(lines) if is_counting else [],
        "can_count": is_counting
        and permissions.allows(
            request.user, "wip_count", "count", scope=(sheet.workshop.scope_key,)
        ),
        "can_sign": _may_sign(request.user, document),
        "can_export": permissions.allows(
            request.user, "wip_count", "export", scope=(sheet.workshop.scope_key,)
        ),
        "is_counting": is_counting,
        "waiting_for": [directory().role_name(code) for code in _roles(document)],
    }


def _roles(document):
    if document.status != Document.Status.PENDING:
        return []
    return [code for code in document.current_role_code.split(",") if code]


def _may_sign(user, document):
    if document.status != Document.Status.PENDING:
        return False
    if user.is_superuser:
        return True
    roles = _roles(document)
    today = timezone.localdate()
    return any(directory().authorities(user, role, document.scope_keys, today) for role in roles)


@login_required
def wip_count_detail(request, pk):
    sheet = _sheet(request, pk)
    return render(request, "shopfloor/wip/detail.html", _context(request, sheet))


@login_required
def wip_count_phone(request, pk):
    sheet = _sheet(request, pk)
    context = _context(request, sheet)
    lots = {line.lot_id: line.lot for line in context["lines"]}
    context["lots"] = sorted(lots.values(), key=lambda lot: lot.document.number)
    context["found_places"] = wip_services.counted_places(sheet.workshop).order_by("code")
    context["explanations"] = [
        ("", "—"),
        (wip_services.FOUND, _("found elsewhere")),
        (wip_services.SCRAP, _("scrapped")),
    ]
    return render(request, "shopfloor/wip/phone.html", context)


def _entries(post, lines):
    entries = []
    for line in lines:
        counted = post.get(f"counted-{line.pk}", "").strip()
        if not counted:
            continue
        entries.append(
            {
                "line": line,
                "counted": counted,
                "explanation": post.get(f"explanation-{line.pk}", ""),
                "note": post.get(f"note-{line.pk}", "").strip(),
            }
        )
    found = post.get("found-counted", "").strip()
    if found:
        entries.append(
            {
                "lot": Lot.objects.filter(pk=_pk(post.get("found-lot"))).first(),
                "place": Location.objects.filter(pk=_pk(post.get("found-place"))).first(),
                "counted": found,
                "note": post.get("found-note", "").strip(),
            }
        )
    return entries


@login_required
@require_POST
def wip_count_record(request, pk):
    sheet = _sheet(request, pk)
    entries = _entries(request.POST, list(wip_queries.lines(sheet)))
    return act(
        request,
        lambda origin: wip_services.record_counts(
            actor=request.user, sheet=sheet, entries=entries, origin=origin
        ),
        success=_("Counted quantities saved."),
        back=reverse("shopfloor:wip-count-phone", args=[sheet.pk]),
    )


@login_required
@require_POST
def wip_count_sign(request, pk):
    sheet = _sheet(request, pk)
    return act(
        request,
        lambda origin: wip_services.sign_wip_count(
            actor=request.user, sheet=sheet, note=request.POST.get("note", ""), origin=origin
        ),
        success=lambda signed: chain_outcome(signed.document),
        back=reverse("shopfloor:wip-count-detail", args=[sheet.pk]),
    )


@login_required
def wip_count_export(request, pk):
    sheet = _sheet(request, pk)
    if not permissions.allows(
        request.user, "wip_count", "export", scope=(sheet.workshop.scope_key,)
    ):
        raise PermissionDenied
    return xlsx_response(f"{sheet.document.number}.xlsx", *wip_sheets.export_rows(sheet))


@login_required
@require_POST
def wip_count_import(request, pk):
    sheet = _sheet(request, pk)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise DomainError(_("Choose a file to import."), field="file")
        wip_sheets.import_counted(
            actor=request.user, sheet=sheet, file_bytes=upload.read(), filename=upload.name
        )
        messages.success(request, _("Counted quantities saved."))
    except ImportRejected as error:
        messages.error(request, str(error))
        for problem in error.problems[:50]:
            messages.error(
                request,
                _("Row %(row)s, %(column)s: %(message)s")
                % {"row": problem.row, "column": problem.column, "message": problem.message},
            )
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("shopfloor:wip-count-detail", pk=sheet.pk)


# ---------------------------------------------------------------- work in progress now
WAITING_SHOWN = 100


@login_required
def wip_summary(request):
    """在制品: what a count of a workshop would find now, per place, and the oldest of what
    waits in its waiting area — in a fixed number of queries, however many lots."""
    if not permissions.allows(request.user, "wip_count", "view"):
        raise PermissionDenied
    workshops = Workshop.objects.order_by("code")
    workshop = workshops.filter(pk=_pk(request.GET.get("workshop"))).first() or workshops.first()
    may_see = workshop is not None and permissions.allows(
        request.user, "wip_count", "view", scope=(workshop.scope_key,)
    )
    places = wip_queries.work_in_progress(workshop) if may_see else []
    waiting = wip_queries.waiting_rows(workshop, limit=WAITING_SHOWN) if may_see else []
    waiting_total = wip_queries.waiting_count(workshop) if may_see else 0
    context = {
        "workshop": workshop,
        "workshops": workshops,
        "may_see": may_see,
        "places": places,
        "total": sum(row["quantity"] for row in places),
        "waiting": waiting,
        "waiting_more": max(waiting_total - len(waiting), 0),
        "open_in": _workshops_to_open(request.user).filter(pk=workshop.pk) if workshop else [],
    }
    return render(request, "shopfloor/wip/summary.html", context)
