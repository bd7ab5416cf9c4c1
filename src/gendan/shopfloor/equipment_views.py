"""Thin views of the handling equipment (D1-1.6, D1-4.7, D1-4.8): the register per
workshop with its filters and xlsx, an item's page with its history, QR code and the
phone-first inspection form, its label. Every item is fetched through the one gate,
`equipment_queries.access_equipment`."""

import segno
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.core import filters, permissions
from gendan.core.actions import act
from gendan.core.errors import NotFound, PermissionDenied
from gendan.core.exports import xlsx_response
from gendan.shopfloor import equipment_queries as queries
from gendan.shopfloor import equipment_services as services
from gendan.shopfloor.equipment_models import Equipment, EquipmentInspection

LIST_LIMIT = 500
FILTER_KINDS = {
    "kind": Equipment.Kind.values,
    "status": Equipment.Status.values,
    "due": queries.DUE_CHOICES,
    "workshop": filters.ID,
    "q": filters.TEXT,
}


def _gate(request, pk, action="view"):
    try:
        return queries.access_equipment(request.user, pk, action)
    except NotFound:
        raise Http404(_("Not found, or you may not see it.")) from None
    except PermissionDenied as refusal:
        raise Forbidden(str(refusal)) from None


def _detail_url(equipment):
    return reverse("shopfloor:equipment-detail", args=[equipment.pk])


# ---------------------------------------------------------------- the register
@login_required
def equipment_list(request, workshop_pk=None, due=None):
    """The register of the workshops the person may see, or of one (`workshop_pk`),
    filtered by kind, status, due or overdue, and a search (pinyin too); xlsx on ask."""
    if not queries.can(request.user, "view"):
        raise Forbidden(_("You may not see handling equipment."))
    values = filters.cleaned(request, FILTER_KINDS)
    values["due"] = due or values.get("due", "")
    workshops = list(queries.visible_workshops(request.user))
    workshop = _chosen_workshop(workshops, workshop_pk or values.get("workshop"))
    today = timezone.localdate()
    rows = queries.equipment_list(
        request.user,
        workshop=workshop.pk if workshop else None,
        kind=values.get("kind"),
        status=values.get("status"),
        due=values["due"],
        search=values.get("q"),
        today=today,
    )
    if request.GET.get("format") == "xlsx":
        return _xlsx(rows, today)
    context = {
        "rows": _marked(rows[:LIST_LIMIT], today),
        "workshops": workshops,
        "workshop": workshop,
        "values": values,
        "kinds": Equipment.Kind.choices,
        "statuses": Equipment.Status.choices,
        "create_workshops": [w for w in workshops if _may_create(request.user, w)],
    }
    return render(request, "shopfloor/equipment/list.html", context)


def _chosen_workshop(workshops, pk):
    if pk is None:
        return None
    chosen = next((w for w in workshops if str(w.pk) == str(pk)), None)
    if chosen is None:
        raise Http404(_("Not found, or you may not see it."))
    return chosen


def _marked(rows, today):
    rows, until = list(rows), queries.due_soon_until(today)
    for row in rows:
        row.is_overdue = queries.is_overdue(row, today)
        row.is_due = queries.is_due(row, today, until)
    return rows


def _may_create(user, workshop):
    return permissions.allows(user, "equipment", "create", scope=workshop.scope_key)


@login_required
def equipment_overdue(request):
    """The overdue list (the home card's "all")."""
    return equipment_list(request, due=queries.OVERDUE)


def _xlsx(rows, today):
    headers = [
        _("Code"),
        _("Equipment name"),
        _("Kind"),
        _("Workshop"),
        _("Location"),
        _("Inspection interval (days)"),
        _("Status"),
        _("Last passed inspection"),
        _("Next inspection due"),
        _("Overdue"),
    ]

    def row(item):
        return [
            item.code,
            item.name,
            item.get_kind_display(),
            item.workshop.name,
            item.location,
            item.inspection_interval_days,
            item.get_status_display(),
            str(item.last_passed_on or ""),
            str(item.next_due_on or ""),
            _("Yes") if queries.is_overdue(item, today) else "",
        ]

    return xlsx_response(_("handling equipment") + ".xlsx", headers, (row(r) for r in rows))


@login_required
@require_POST
def equipment_create(request):
    workshop = next(
        (
            w
            for w in queries.visible_workshops(request.user)
            if str(w.pk) == request.POST.get("workshop")
        ),
        None,
    )
    if workshop is None:
        raise Http404(_("Not found, or you may not see it."))
    return act(
        request,
        lambda origin: services.register_equipment(
            actor=request.user,
            code=request.POST.get("code"),
            name=request.POST.get("name"),
            kind=request.POST.get("kind"),
            workshop=workshop,
            location=request.POST.get("location", ""),
            inspection_interval_days=request.POST.get("inspection_interval_days"),
            origin=origin,
        ),
        success=lambda item: _("%(equipment)s is registered.") % {"equipment": item},
        back=lambda item: (
            _detail_url(item)
            if item
            else reverse("shopfloor:equipment-of-workshop", args=[workshop.pk])
        ),
    )


# ---------------------------------------------------------------- one item
@login_required
def equipment_detail(request, pk):
    equipment = _gate(request, pk)
    url = request.build_absolute_uri(_detail_url(equipment))
    today = timezone.localdate()
    context = {
        "equipment": equipment,
        "records": queries.history(equipment),
        "is_overdue": queries.is_overdue(equipment, today),
        "is_due": queries.is_due(equipment, today),
        "qr": segno.make(url, error="m").svg_inline(scale=3),
        "url": url,
        "can_inspect": queries.can(request.user, "inspect", equipment),
        "can_change": queries.can(request.user, "change", equipment),
        "next_statuses": [
            (status, Equipment.Status(status).label)
            for status in services.ALLOWED_STATUS[equipment.status]
        ],
        "results": EquipmentInspection.Result.choices,
    }
    return render(request, "shopfloor/equipment/detail.html", context)


@login_required
@require_POST
def equipment_inspect(request, pk):
    equipment = _gate(request, pk, "inspect")
    return act(
        request,
        lambda origin: services.record_inspection(
            actor=request.user,
            equipment=equipment,
            result=request.POST.get("result", ""),
            note=request.POST.get("note", ""),
            photo=request.FILES.get("photo"),
            corrects=_corrected_record(equipment, request.POST.get("corrects")),
            origin=origin,
        ),
        success=lambda record: (
            _("Inspection recorded: %(result)s. Next due %(due)s.")
            % {"result": record.get_result_display(), "due": record.equipment.next_due_on}
        ),
        back=_detail_url(equipment),
    )


def _corrected_record(equipment, value):
    """The record of `equipment` a correction names (none named: None)."""
    if not value:
        return None
    found = equipment.inspections.filter(pk=int(value) if str(value).isdigit() else None)
    if not found.exists():
        raise NotFound(field="corrects")
    return found.get()


@login_required
@require_POST
def equipment_change(request, pk):
    equipment = _gate(request, pk, "change")
    return act(
        request,
        lambda origin: services.change_equipment(
            actor=request.user,
            equipment=equipment,
            name=request.POST.get("name"),
            location=request.POST.get("location", ""),
            inspection_interval_days=request.POST.get("inspection_interval_days"),
            origin=origin,
        ),
        success=_("The equipment is changed."),
        back=_detail_url(equipment),
    )


@login_required
@require_POST
def equipment_status(request, pk):
    equipment = _gate(request, pk, "change")
    return act(
        request,
        lambda origin: services.set_status(
            actor=request.user,
            equipment=equipment,
            status=request.POST.get("status", ""),
            note=request.POST.get("note", ""),
            origin=origin,
        ),
        success=lambda item: (
            _("%(equipment)s is now %(status)s.")
            % {"equipment": item, "status": item.get_status_display()}
        ),
        back=_detail_url(equipment),
    )


@login_required
def equipment_label(request, pk):
    """The item's label (100 × 70 mm): code, name, kind, workshop, place, interval and a
    QR code that opens its page, where the inspection is recorded."""
    equipment = _gate(request, pk)
    url = request.build_absolute_uri(_detail_url(equipment))
    context = {"equipment": equipment, "qr": segno.make(url, error="m").svg_inline(scale=2)}
    return render(request, "shopfloor/equipment/label.html", context)
