"""Every write to people and roles. Each runs in one transaction and leaves an audit row."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import audit, request_cache
from gendan.core.errors import DomainError, PermissionDenied
from gendan.core.pinyin import search_key
from gendan.core.scopes import Scope
from gendan.org.models import (
    Delegation,
    Employee,
    Leave,
    RoleGrant,
    Site,
    Team,
    Warehouse,
    Workshop,
)


def _require_admin(actor):
    if not actor.has_perm("org.add_rolegrant"):
        raise PermissionDenied(_("Only an administrator may manage people and roles."))


def create_employee(
    *,
    actor,
    code,
    name,
    site,
    user=None,
    workshop=None,
    team=None,
    phone="",
    shift=Employee.Shift.DAY,
    origin=None,
):
    """A person of the company; `left_on` is set later by `mark_left` or `update_employee`."""
    if not actor.has_perm("org.add_employee"):
        raise PermissionDenied(_("Only an administrator may register people."))
    code, name = (code or "").strip(), (name or "").strip()
    if not code or not name:
        raise DomainError(
            _("A person needs an employee number and a name."), field="name" if code else "code"
        )
    if Employee.objects.filter(code=code).exists():
        raise DomainError(
            _("Employee number %(code)s is already taken.") % {"code": code}, field="code"
        )
    with transaction.atomic():
        employee = Employee.objects.create(
            code=code,
            name=name,
            site=site,
            user=user,
            workshop=workshop,
            team=team,
            phone=phone,
            shift=shift,
            search_text=search_key(code, name),
        )
        audit.record(
            actor=actor,
            action="employee.create",
            obj=employee,
            origin=origin,
            after={"code": code, "name": name, "site": str(site)},
        )
    return employee


EMPLOYEE_FIELDS = ("code", "name", "phone", "site", "workshop", "team", "shift", "left_on")


def _employee_state(employee):
    return {
        name: str(getattr(employee, name)) if getattr(employee, name) is not None else None
        for name in EMPLOYEE_FIELDS
    }


def update_employee(*, actor, employee, origin=None, **values):
    """Change a person's number, name, phone, site, workshop, team, shift or leaving date.
    From the leaving date on they can no longer log in or sign (D3-2: work is handed out
    around who is present). The audit row keeps each changed field before → after."""
    if not actor.has_perm("org.change_employee"):
        raise PermissionDenied(_("Only an administrator may change people."))
    unknown = set(values) - set(EMPLOYEE_FIELDS)
    if unknown:
        raise DomainError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    _check_employee_values(employee, values)
    with transaction.atomic():
        employee = Employee.objects.select_for_update().get(pk=employee.pk)
        before = _employee_state(employee)
        for key, value in values.items():
            setattr(employee, key, value.strip() if isinstance(value, str) else value)
        employee.search_text = search_key(employee.code, employee.name)
        after = _employee_state(employee)
        changed = [key for key in EMPLOYEE_FIELDS if before[key] != after[key]]
        if changed:
            employee.save()
            audit.record(
                actor=actor,
                action="employee.update",
                obj=employee,
                before={key: before[key] for key in changed},
                after={key: after[key] for key in changed},
                origin=origin,
            )
    return employee


def _check_employee_values(employee, values):
    code = (values.get("code", employee.code) or "").strip()
    if not code or not (values.get("name", employee.name) or "").strip():
        raise DomainError(
            _("A person needs an employee number and a name."), field="name" if code else "code"
        )
    if Employee.objects.filter(code=code).exclude(pk=employee.pk).exists():
        raise DomainError(
            _("Employee number %(code)s is already taken.") % {"code": code}, field="code"
        )
    team = values.get("team", employee.team)
    workshop = values.get("workshop", employee.workshop)
    if team is not None and team.workshop_id != getattr(workshop, "pk", None):
        raise DomainError(
            _("The team %(team)s belongs to %(workshop)s; choose that workshop.")
            % {"team": team.name, "workshop": team.workshop.name},
            field="team",
        )


def create_login(*, actor, employee, username, password, origin=None):
    """A login for a person who has none, so roles can be granted to them and they can
    sign. The password must pass the company's password rules."""
    _require_admin(actor)
    username = (username or "").strip()
    User = get_user_model()
    if employee.user_id:
        raise DomainError(_("%(name)s has a login already.") % {"name": employee.name})
    if not username or User.objects.filter(username=username).exists():
        raise DomainError(
            _("Choose another login name: %(username)s is empty or taken.")
            % {"username": username or "—"},
            field="username",
        )
    user = User(username=username, first_name=employee.name)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), field="password") from None
    with transaction.atomic():
        user.set_password(password)
        user.save()
        employee.user = user
        employee.save(update_fields=["user"])
        audit.record(
            actor=actor,
            action="employee.login",
            obj=employee,
            after={"username": username},
            origin=origin,
        )
    return user


def grant_role(*, actor, user, role, workshop=None, warehouse=None, supplier=None, origin=None):
    """Grant `role` to `user` for one workshop, one warehouse, one partner site (a
    contracted factory's or supplier's own login sees only that site's papers), or
    (none of them) everywhere."""
    _require_admin(actor)
    if len([place for place in (workshop, warehouse, supplier) if place]) > 1:
        raise DomainError(
            _("A grant is for one workshop, one warehouse or one partner, not several."),
            field="warehouse",
        )
    if supplier is not None and supplier.kind == Site.Kind.OWN_PLANT:
        raise DomainError(
            _("%(site)s is our own plant; grant the role for one of its workshops instead.")
            % {"site": supplier.name},
            field="place",
        )
    if supplier is not None:
        scope_key = Scope.supplier(supplier).key
    else:
        scope_key = (workshop or warehouse).scope_key if (workshop or warehouse) else ""
    if RoleGrant.objects.filter(user=user, role=role, scope_key=scope_key).exists():
        raise DomainError(
            _("%(user)s already holds %(role)s there.")
            % {"user": user.first_name or user.username, "role": role.display_name}
        )
    with transaction.atomic():
        grant = RoleGrant.objects.create(
            user=user, role=role, workshop=workshop, warehouse=warehouse, scope_key=scope_key
        )
        audit.record(
            actor=actor,
            action="role.grant",
            obj=grant,
            origin=origin,
            after={"user": user.username, "role": role.code, "scope": scope_key},
        )
    request_cache.forget()  # the grants this request read are stale now
    return grant


def revoke_grant(*, actor, grant, origin=None):
    _require_admin(actor)
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="role.revoke",
            obj=grant,
            origin=origin,
            before={"user": grant.user.username, "role": grant.role.code, "scope": grant.scope_key},
        )
        grant.delete()
    request_cache.forget()


def may_record_leave(actor, employee):
    """People's administrators record anyone's leave; a person records their own."""
    return actor.has_perm("org.change_employee") or (
        employee.user_id is not None and employee.user_id == actor.pk
    )


def record_leave(*, actor, employee, starts_on, ends_on, reason="", origin=None):
    """Leave from `starts_on` to `ends_on` (both included). Work handed out by presence
    (the follow-up desk's rows, signatures by delegation) goes around it."""
    if not may_record_leave(actor, employee):
        raise PermissionDenied(_("Only an administrator or the person themself records leave."))
    if ends_on < starts_on:
        raise DomainError(_("The leave ends before it starts."), field="ends_on")
    overlapping = employee.leaves.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).first()
    if overlapping is not None:
        raise DomainError(
            _("%(name)s is already on leave from %(from)s to %(until)s.")
            % {
                "name": employee.name,
                "from": overlapping.starts_on,
                "until": overlapping.ends_on,
            },
            field="starts_on",
        )
    with transaction.atomic():
        leave = Leave.objects.create(
            employee=employee, starts_on=starts_on, ends_on=ends_on, reason=reason
        )
        audit.record(
            actor=actor,
            action="employee.leave",
            obj=employee,
            origin=origin,
            after={"from": str(starts_on), "until": str(ends_on), "reason": reason},
        )
    return leave


def cancel_leave(*, actor, leave, origin=None):
    """A leave entered by mistake is taken back; the audit row keeps what it was."""
    if not may_record_leave(actor, leave.employee):
        raise PermissionDenied(_("Only an administrator or the person themself records leave."))
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="employee.leave_cancel",
            obj=leave.employee,
            origin=origin,
            before={
                "from": str(leave.starts_on),
                "until": str(leave.ends_on),
                "reason": leave.reason,
            },
        )
        leave.delete()


def mark_left(*, actor, employee, left_on, origin=None):
    """The employee has left the company: from `left_on` they can no longer sign."""
    _require_admin(actor)
    with transaction.atomic():
        before = str(employee.left_on) if employee.left_on else None
        employee.left_on = left_on
        employee.save(update_fields=["left_on"])
        audit.record(
            actor=actor,
            action="employee.left",
            obj=employee,
            origin=origin,
            before={"left_on": before},
            after={"left_on": str(left_on)},
        )
    return employee


def delegate_role(*, actor, delegate, role, starts_on, ends_on, reason="", origin=None):
    """A role holder lets `delegate` act for them in `role` from `starts_on` to `ends_on`.
    The delegate's signatures record both names."""
    if ends_on < starts_on:
        raise DomainError(_("The delegation ends before it starts."), field="ends_on")
    if delegate.pk == actor.pk:
        raise DomainError(_("You cannot delegate a role to yourself."), field="delegate")
    if not RoleGrant.objects.filter(user=actor, role=role).exists():
        raise PermissionDenied(
            _("You do not hold the role %(role)s, so you cannot delegate it.") % {"role": role}
        )
    with transaction.atomic():
        delegation = Delegation.objects.create(
            delegator=actor,
            delegate=delegate,
            role=role,
            starts_on=starts_on,
            ends_on=ends_on,
            reason=reason,
        )
        audit.record(
            actor=actor,
            action="role.delegate",
            obj=delegation,
            origin=origin,
            after={
                "delegate": delegate.username,
                "role": role.code,
                "from": str(starts_on),
                "until": str(ends_on),
            },
        )
    return delegation


def revoke_delegation(*, actor, delegation, origin=None):
    if delegation.delegator_id != actor.pk and not actor.has_perm("org.change_delegation"):
        raise PermissionDenied(_("Only the person who delegated may revoke the delegation."))
    with transaction.atomic():
        delegation.revoked_at = timezone.now()
        delegation.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor,
            action="role.delegation_revoke",
            obj=delegation,
            origin=origin,
            after={"revoked_at": delegation.revoked_at.isoformat()},
        )
    return delegation


# ---------------------------------------------------------------- the organisation
def _clean_code_and_name(model, code, name, *, instance=None, label):
    code, name = (code or "").strip(), (name or "").strip()
    if not code or not name:
        raise DomainError(_("Give the %(what)s a code and a name.") % {"what": label}, field="code")
    clash = model.objects.filter(code__iexact=code)
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        raise DomainError(
            _("The code %(code)s is already used by %(other)s.")
            % {"code": code, "other": clash.first()},
            field="code",
        )
    return code, name


def save_site(*, actor, site=None, code, name, kind, contact="", phone="", address="", origin=None):
    """Register or change a site: our plant, a contracted factory, an outsourcer or a
    supplier, with the person and phone to call and the address."""
    _require_admin(actor)
    code, name = _clean_code_and_name(Site, code, name, instance=site, label=_("site"))
    if kind not in Site.Kind.values:
        raise DomainError(_("Choose what kind of site it is."), field="kind")
    values = {
        "code": code,
        "name": name,
        "kind": kind,
        "contact": (contact or "").strip(),
        "phone": (phone or "").strip(),
        "address": (address or "").strip(),
    }
    return _save(actor, Site, site, values, "site", origin)


def save_workshop(*, actor, workshop=None, code, name, site, origin=None):
    _require_admin(actor)
    code, name = _clean_code_and_name(Workshop, code, name, instance=workshop, label=_("workshop"))
    if site.kind != Site.Kind.OWN_PLANT:
        raise DomainError(
            _("A workshop belongs to one of our own plants; %(site)s is not one.")
            % {"site": site.name},
            field="site",
        )
    return _save(
        actor, Workshop, workshop, {"code": code, "name": name, "site": site}, "workshop", origin
    )


def save_warehouse(*, actor, warehouse=None, code, name, site, origin=None):
    _require_admin(actor)
    code, name = _clean_code_and_name(
        Warehouse, code, name, instance=warehouse, label=_("warehouse")
    )
    values = {"code": code, "name": name, "site": site}
    return _save(actor, Warehouse, warehouse, values, "warehouse", origin)


def save_team(*, actor, workshop, name, origin=None):
    _require_admin(actor)
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the team a name."), field="name")
    if Team.objects.filter(workshop=workshop, name=name).exists():
        raise DomainError(
            _("%(workshop)s already has a team %(team)s.")
            % {"workshop": workshop.name, "team": name},
            field="name",
        )
    return _save(actor, Team, None, {"workshop": workshop, "name": name}, "team", origin)


def _save(actor, model, instance, values, noun, origin):
    shown = {key: str(value) for key, value in values.items()}
    with transaction.atomic():
        if instance is None:
            instance = model.objects.create(**values)
            audit.record(
                actor=actor, action=f"{noun}.create", obj=instance, origin=origin, after=shown
            )
        else:
            before = {key: str(getattr(instance, key)) for key in values}
            for key, value in values.items():
                setattr(instance, key, value)
            instance.save(update_fields=list(values))
            audit.record(
                actor=actor,
                action=f"{noun}.change",
                obj=instance,
                origin=origin,
                before=before,
                after=shown,
            )
    return instance
