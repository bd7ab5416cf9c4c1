"""Roles granted per scope, presence (leave, left the company) and role permissions."""

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from gendan.core import chains
from gendan.core.errors import DomainError, PermissionDenied
from gendan.core.models import AuditEvent
from gendan.org import services
from gendan.org.models import Role, RoleGrant
from gendan.org.queries import employees_with_presence
from gendan.org.roles import SEED_ROLES
from tests.factories import EmployeeFactory, UserFactory, WarehouseFactory, grant, seed_role


def test_every_role_named_in_the_seed_documents_exists(db):
    codes = set(Role.objects.values_list("code", flat=True))
    assert {code for code, _name, _en in SEED_ROLES} <= codes
    names = set(Role.objects.values_list("name", flat=True))
    for chinese in (
        "转序员",
        "检查员",
        "车间主任",
        "保管员",
        "总保管",
        "统计员",
        "车间核算员",
        "外协员",
        "稽核专员",
    ):
        assert chinese in names


def test_admin_grants_a_role_for_one_warehouse(admin_user):
    storekeeper = UserFactory(username="wuqiang")
    finished_goods = WarehouseFactory(code="CP", name="成品库")
    grant_row = services.grant_role(
        actor=admin_user,
        user=storekeeper,
        role=seed_role("storekeeper"),
        warehouse=finished_goods,
    )
    assert grant_row.scope_key == finished_goods.scope_key
    assert AuditEvent.objects.filter(action="role.grant").count() == 1


def test_granting_twice_or_to_two_places_is_refused(admin_user, machining):
    user = UserFactory(username="twice")
    role = seed_role("inspector")
    services.grant_role(actor=admin_user, user=user, role=role, workshop=machining)
    with pytest.raises(DomainError):
        services.grant_role(actor=admin_user, user=user, role=role, workshop=machining)
    with pytest.raises(DomainError):
        services.grant_role(
            actor=admin_user, user=user, role=role, workshop=machining, warehouse=WarehouseFactory()
        )
    assert RoleGrant.objects.filter(user=user).count() == 1


def test_only_an_administrator_grants_roles(clerk, machining):
    with pytest.raises(PermissionDenied):
        services.grant_role(
            actor=clerk, user=clerk, role=seed_role("inspector"), workshop=machining
        )
    assert not RoleGrant.objects.filter(user=clerk, role__code="inspector").exists()


def test_role_permissions_apply_only_within_the_granted_scope(machining, welding, site):
    """An inspector of 机加车间 has the role's permissions on 机加车间 objects, not on 焊接车间 ones."""
    role = seed_role("inspector")
    role.permissions.add(Permission.objects.get(codename="void_document"))
    person = UserFactory(username="scoped")
    grant(person, "inspector", workshop=machining)
    assert person.has_perm("core.void_document", machining)
    person = type(person).objects.get(pk=person.pk)  # fresh permission cache
    assert not person.has_perm("core.void_document", welding)
    assert not person.has_perm("core.void_document")


def test_presence_shows_who_is_on_leave_today(admin_user, site):
    employee = EmployeeFactory(name="李军", site=site)
    today = timezone.localdate()
    services.record_leave(
        actor=admin_user, employee=employee, starts_on=today, ends_on=today, reason="病假"
    )
    row = employees_with_presence(today).get(pk=employee.pk)
    assert row.is_on_leave
    tomorrow = today + timezone.timedelta(days=1)
    assert not employees_with_presence(tomorrow).get(pk=employee.pk).is_on_leave


def test_leave_ending_before_it_starts_is_refused(admin_user, site):
    employee = EmployeeFactory(site=site)
    today = timezone.localdate()
    with pytest.raises(DomainError):
        services.record_leave(
            actor=admin_user,
            employee=employee,
            starts_on=today,
            ends_on=today - timezone.timedelta(days=1),
        )
    assert not employee.leaves.exists()


def test_someone_who_left_the_company_can_no_longer_sign(
    admin_user, signed_by_clerk, inspector, site
):
    employee = EmployeeFactory(user=inspector, site=site)
    services.mark_left(actor=admin_user, employee=employee, left_on=timezone.localdate())
    with pytest.raises(PermissionDenied):
        chains.sign(actor=inspector, document=signed_by_clerk)
    signed_by_clerk.refresh_from_db()
    assert signed_by_clerk.current_step == 2


def test_delegating_a_role_one_does_not_hold_is_refused(clerk):
    other = UserFactory(username="other")
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        services.delegate_role(
            actor=clerk,
            delegate=other,
            role=seed_role("inspector"),
            starts_on=today,
            ends_on=today,
        )
    assert not other.delegations_received.exists()


def test_revoked_delegation_gives_no_authority(signed_by_clerk, inspector):
    colleague = UserFactory(username="colleague")
    today = timezone.localdate()
    delegation = services.delegate_role(
        actor=inspector,
        delegate=colleague,
        role=seed_role("inspector"),
        starts_on=today,
        ends_on=today,
    )
    services.revoke_delegation(actor=inspector, delegation=delegation)
    with pytest.raises(PermissionDenied):
        chains.sign(actor=colleague, document=signed_by_clerk)
