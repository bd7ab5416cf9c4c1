"""People and their role grants, kept without the admin. Thin: parse, call a service or
a query, render. A form is shown only to someone whose permission the service accepts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from gendan.core import audit, filters
from gendan.core.errors import DomainError, PermissionDenied
from gendan.core.exports import xlsx_response
from gendan.org import menus as org_menus
from gendan.org import services
from gendan.org.forms import (
    DelegationForm,
    EmployeeForm,
    GrantForm,
    LeaveForm,
    LoginForm,
    SiteForm,
    TeamForm,
    WarehouseForm,
    WorkshopForm,
)
from gendan.org.models import Delegation, Leave, RoleGrant, Site, Warehouse, Workshop
from gendan.org.queries import (
    delegations_of,
    employee_with_grants,
    employees_with_presence,
    leaves_of,
    organisation,
)


def _export(employees):
    return xlsx_response(
        _("employees") + ".xlsx",
        [
            _("Employee number"),
            pgettext("person", "Name"),
            _("Site"),
            _("Workshop"),
            _("Team"),
            _("Shift"),
            _("On leave"),
            _("Left the company on"),
        ],
        (
            [
                e.code,
                e.name,
                str(e.site),
                str(e.workshop or ""),
                e.team.name if e.team else "",
                e.get_shift_display(),
                _("yes") if e.is_on_leave else _("no"),
                str(e.left_on or ""),
            ]
            for e in employees
        ),
    )


@login_required
def employee_list(request):
    if not org_menus.sees_people(request.user):
        raise Http404(_("Not found, or you may not see it."))
    values = filters.cleaned(request, {"workshop": filters.ID, "q": filters.TEXT, "left": ("yes",)})
    employees = employees_with_presence(
        timezone.localdate(), include_left=values.get("left") == "yes"
    )
    if values.get("workshop"):
        employees = employees.filter(workshop_id=values["workshop"])
    if values.get("q"):
        employees = employees.filter(search_text__icontains=values["q"].lower())
    if request.GET.get("format") == "xlsx":
        return _export(employees)
    page = Paginator(employees, 50).get_page(request.GET.get("page"))
    context = {"page": page, "workshops": Workshop.objects.all(), "filters": request.GET}
    return render(request, "org/employee_list.html", context)


def _status(request, form):
    return 400 if request.method == "POST" and form.errors else 200


def _refused(form, error):
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


@login_required
@permission_required("org.add_employee", raise_exception=True)
def employee_create(request):
    form = EmployeeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        left_on = values.pop("left_on")
        try:
            employee = services.create_employee(
                actor=request.user, origin=audit.Origin.from_request(request), **values
            )
            if left_on:
                services.update_employee(actor=request.user, employee=employee, left_on=left_on)
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, _("%(name)s was registered.") % {"name": employee.name})
            return redirect("org:employee-detail", employee.pk)
    return render(request, "org/employee_form.html", {"form": form}, status=_status(request, form))


def _visible_employee(request, pk):
    """The employee, for people's administrators and the leads who hand out work around
    presence (the menu's audience) and for the person themself; 404 for anyone else."""
    employee, grants = employee_with_grants(pk)
    if employee is None:
        raise Http404(_("Not found, or you may not see it."))
    user = request.user
    if employee.user_id != user.pk and not org_menus.sees_people(user):
        raise Http404(_("Not found, or you may not see it."))
    return employee, grants


@login_required
def employee_detail(request, pk):
    employee, grants = _visible_employee(request, pk)
    can_grant = request.user.has_perm("org.add_rolegrant")
    can_record_leave = services.may_record_leave(request.user, employee)
    context = {
        "can_list": org_menus.sees_people(request.user),
        "leaves": leaves_of(employee),
        "can_record_leave": can_record_leave,
        "leave_form": LeaveForm() if can_record_leave else None,
        "employee": employee,
        "grants": grants,
        "can_grant": can_grant,
        "can_edit": request.user.has_perm("org.change_employee"),
        "grant_form": GrantForm() if can_grant and employee.user_id else None,
        "login_form": LoginForm() if can_grant and not employee.user_id else None,
        "events": audit.timeline_for(employee) if can_grant else (),
    }
    return render(request, "org/employee_detail.html", context)


@login_required
@permission_required("org.change_employee", raise_exception=True)
def employee_edit(request, pk):
    employee, _grants = _visible_employee(request, pk)
    form = EmployeeForm(request.POST or None, initial=EmployeeForm.initial_of(employee))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_employee(
                actor=request.user,
                employee=employee,
                origin=audit.Origin.from_request(request),
                **form.cleaned_data,
            )
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, _("%(name)s was saved.") % {"name": employee.name})
            return redirect("org:employee-detail", employee.pk)
    context = {"form": form, "employee": employee}
    return render(request, "org/employee_form.html", context, status=_status(request, form))


@require_POST
@permission_required("org.add_rolegrant", raise_exception=True)
def grant_add(request, pk):
    """Grant a role, chosen by its name, for a workshop or warehouse chosen by name."""
    employee, _grants = employee_with_grants(pk)
    if employee is None or employee.user is None:
        raise Http404(_("Not found, or you may not see it."))
    form = GrantForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role and where it applies."))
        return redirect("org:employee-detail", employee.pk)
    role = form.cleaned_data["role"]
    try:
        services.grant_role(
            actor=request.user,
            user=employee.user,
            role=role,
            origin=audit.Origin.from_request(request),
            **form.scope(),
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        where = next(iter(form.scope().values()), None)
        messages.success(
            request,
            _("%(name)s is now %(role)s of %(where)s.")
            % {"name": employee.name, "role": role.display_name, "where": where or _("everywhere")},
        )
    return redirect("org:employee-detail", employee.pk)


@require_POST
@permission_required("org.add_rolegrant", raise_exception=True)
def grant_revoke(request, pk):
    grant = get_object_or_404(RoleGrant.objects.select_related("user", "role"), pk=pk)
    employee = getattr(grant.user, "employee", None)
    try:
        services.revoke_grant(
            actor=request.user, grant=grant, origin=audit.Origin.from_request(request)
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(role)s of %(where)s was taken back.")
            % {"role": grant.role.display_name, "where": grant.scope_label},
        )
    if employee is None:
        return redirect("org:employee-list")
    return redirect("org:employee-detail", employee.pk)


@require_POST
@permission_required("org.add_rolegrant", raise_exception=True)
def login_create(request, pk):
    employee, _grants = employee_with_grants(pk)
    if employee is None:
        raise Http404(_("Not found, or you may not see it."))
    form = LoginForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Give a login name and a password."))
        services.create_login(
            actor=request.user,
            employee=employee,
            origin=audit.Origin.from_request(request),
            **form.cleaned_data,
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s can log in now.") % {"name": employee.name})
    return redirect("org:employee-detail", employee.pk)


@require_POST
@login_required
def leave_add(request, pk):
    employee, _grants = _visible_employee(request, pk)
    form = LeaveForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(
                _("Give the first and the last day of the leave (for example 2026-12-01).")
            )
        services.record_leave(
            actor=request.user,
            employee=employee,
            origin=audit.Origin.from_request(request),
            **form.cleaned_data,
        )
    except (DomainError, PermissionDenied) as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s is on leave from %(from)s to %(until)s.")
            % {
                "name": employee.name,
                "from": form.cleaned_data["starts_on"],
                "until": form.cleaned_data["ends_on"],
            },
        )
    return redirect("org:employee-detail", employee.pk)


@require_POST
@login_required
def leave_cancel(request, pk):
    leave = get_object_or_404(Leave.objects.select_related("employee"), pk=pk)
    employee, _grants = _visible_employee(request, leave.employee_id)
    try:
        services.cancel_leave(
            actor=request.user, leave=leave, origin=audit.Origin.from_request(request)
        )
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The leave was taken back."))
    return redirect("org:employee-detail", employee.pk)


@login_required
def delegation_list(request):
    """我的代理: hand a role one holds to a colleague for some days, and see who acts for
    whom. Every login may open it; only roles one holds can be handed on."""
    form = DelegationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        delegate = values.pop("delegate").user
        try:
            services.delegate_role(
                actor=request.user,
                delegate=delegate,
                origin=audit.Origin.from_request(request),
                **values,
            )
        except (DomainError, PermissionDenied) as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                _("%(name)s acts for you as %(role)s from %(from)s to %(until)s.")
                % {
                    "name": delegate.first_name or delegate.username,
                    "role": values["role"].display_name,
                    "from": values["starts_on"],
                    "until": values["ends_on"],
                },
            )
            return redirect("org:delegation-list")
    given, received = delegations_of(request.user)
    context = {
        "form": form if form.fields["role"].queryset.exists() else None,
        "given": given,
        "received": received,
        "today": timezone.localdate(),
    }
    return render(request, "org/delegation_list.html", context, status=_status(request, form))


@require_POST
@login_required
def delegation_revoke(request, pk):
    delegation = get_object_or_404(Delegation, pk=pk)
    if delegation.delegator_id != request.user.pk and not request.user.has_perm(
        "org.change_delegation"
    ):
        raise Http404(_("Not found, or you may not see it."))
    if delegation.revoked_at is None:
        services.revoke_delegation(
            actor=request.user, delegation=delegation, origin=audit.Origin.from_request(request)
        )
        messages.success(request, _("The delegation was ended."))
    return redirect("org:delegation-list")


# ---------------------------------------------------------------- the organisation
# kind in the URL → (model, form, service, its saving keyword, the page's anchor)
STRUCTURE = {
    "site": (Site, SiteForm, services.save_site, "sites"),
    "workshop": (Workshop, WorkshopForm, services.save_workshop, "workshops"),
    "warehouse": (Warehouse, WarehouseForm, services.save_warehouse, "warehouses"),
}


@login_required
@permission_required("org.add_rolegrant", raise_exception=True)
def structure(request):
    """组织与合作单位: our plants, workshops, teams and warehouses, and the contracted
    factories, outsourcers and suppliers, each added or changed here, not in the admin."""
    forms_by_kind = {kind: form() for kind, (_m, form, _s, _a) in STRUCTURE.items()}
    forms_by_kind["team"] = TeamForm()
    status = 200
    kind = request.POST.get("form") if request.method == "POST" else None
    if kind in forms_by_kind:
        form = (STRUCTURE[kind][1] if kind in STRUCTURE else TeamForm)(request.POST)
        forms_by_kind[kind] = form
        if form.is_valid():
            save = STRUCTURE[kind][2] if kind in STRUCTURE else services.save_team
            try:
                saved = save(
                    actor=request.user,
                    origin=audit.Origin.from_request(request),
                    **form.cleaned_data,
                )
            except DomainError as error:
                _refused(form, error)
            else:
                messages.success(request, _("%(name)s was saved.") % {"name": saved})
                return redirect(
                    request.path + "#" + (STRUCTURE[kind][3] if kind in STRUCTURE else "workshops")
                )
        status = 400
    context = {"forms": forms_by_kind, **organisation()}
    return render(request, "org/structure.html", context, status=status)


@login_required
@permission_required("org.add_rolegrant", raise_exception=True)
def structure_edit(request, kind, pk):
    if kind not in STRUCTURE:
        raise Http404(_("Not found, or you may not see it."))
    model, form_class, save, anchor = STRUCTURE[kind]
    instance = get_object_or_404(model, pk=pk)
    initial = {name: getattr(instance, name) for name in form_class.base_fields}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save(
                actor=request.user,
                origin=audit.Origin.from_request(request),
                **{kind: instance},
                **form.cleaned_data,
            )
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, _("%(name)s was saved.") % {"name": instance})
            return redirect(reverse("org:structure") + "#" + anchor)
    context = {"form": form, "instance": instance, "events": audit.timeline_for(instance)}
    return render(request, "org/structure_edit.html", context, status=_status(request, form))
