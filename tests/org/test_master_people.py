"""People and their role grants kept without the admin: an administrator registers and
edits a person (workshop, team, leaving date), grants and takes back roles chosen by
their Chinese names for a workshop or warehouse chosen by name; nobody else is shown
the forms, and a refused write changes nothing."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from gendan.core.models import AuditEvent
from gendan.org.models import Employee, Role, RoleGrant, Team
from tests.factories import (
    EmployeeFactory,
    SiteFactory,
    UserFactory,
    WarehouseFactory,
    grant,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def steel_store(db):
    return WarehouseFactory(code="GC", name="钢材库")


@pytest.fixture
def wuqiang(db):
    """吴强, with a login and no role yet."""
    user = UserFactory(username="wuqiang", first_name="吴强")
    return EmployeeFactory(code="E006", name="吴强", user=user)


@pytest.fixture
def statistician(machining):
    user = UserFactory(username="chenjing", first_name="陈静")
    grant(user, "statistician", workshop=machining)
    return user


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_administrator_grants_wuqiang_storekeeper_of_the_steel_store_by_name(
    admin_user, wuqiang, steel_store
):
    client = _client(admin_user)
    page = client.get(reverse("org:employee-detail", args=[wuqiang.pk]))
    body = page.content.decode()
    # the form offers the role and the place by their names, never a code
    assert "保管员" in body and "钢材库" in body
    assert 'value="warehouse-' in body  # the option value, not shown to a person
    storekeeper = Role.objects.get(code="storekeeper")
    response = client.post(
        reverse("org:grant-add", args=[wuqiang.pk]),
        {"role": storekeeper.pk, "place": f"warehouse-{steel_store.pk}"},
    )
    assert response.status_code == 302
    granted = RoleGrant.objects.get(user=wuqiang.user)
    assert (granted.role.code, granted.warehouse, granted.scope_key) == (
        "storekeeper",
        steel_store,
        steel_store.scope_key,
    )
    page = client.get(reverse("org:employee-detail", args=[wuqiang.pk]))
    grants_table = page.content.decode().split('id="grants"')[1].split("</table>")[0]
    assert "保管员" in grants_table and "钢材库" in grants_table
    assert "storekeeper" not in grants_table and "warehouse:" not in grants_table


def test_granting_the_same_role_twice_is_refused_by_name(admin_user, wuqiang, steel_store):
    storekeeper = Role.objects.get(code="storekeeper")
    grant(wuqiang.user, "storekeeper", warehouse=steel_store)
    response = _client(admin_user).post(
        reverse("org:grant-add", args=[wuqiang.pk]),
        {"role": storekeeper.pk, "place": f"warehouse-{steel_store.pk}"},
        follow=True,
    )
    text = response.content.decode()
    assert "吴强" in text and "保管员" in text
    assert RoleGrant.objects.filter(user=wuqiang.user).count() == 1


def test_administrator_takes_back_a_role(admin_user, wuqiang, steel_store):
    held = grant(wuqiang.user, "storekeeper", warehouse=steel_store)
    _client(admin_user).post(reverse("org:grant-revoke", args=[held.pk]))
    assert not RoleGrant.objects.filter(user=wuqiang.user).exists()
    assert AuditEvent.objects.filter(action="role.revoke").count() == 1


def test_a_role_everywhere_is_granted_without_a_place(admin_user, wuqiang):
    chief = Role.objects.get(code="chief_storekeeper")
    _client(admin_user).post(
        reverse("org:grant-add", args=[wuqiang.pk]), {"role": chief.pk, "place": "everywhere"}
    )
    assert RoleGrant.objects.get(user=wuqiang.user).scope_key == ""


def test_administrator_registers_a_person_in_a_workshop_and_team(admin_user, machining):
    team = Team.objects.create(workshop=machining, name="一班")
    response = _client(admin_user).post(
        reverse("org:employee-create"),
        {
            "code": "E100",
            "name": "钱多多",
            "site": machining.site.pk,
            "workshop": machining.pk,
            "team": team.pk,
            "shift": "day",
        },
    )
    employee = Employee.objects.get(code="E100")
    assert response.status_code == 302
    assert (employee.name, employee.workshop, employee.team) == ("钱多多", machining, team)
    assert employee.search_text  # found by pinyin initials on the list
    assert AuditEvent.objects.filter(action="employee.create").count() == 1


def test_a_team_of_another_workshop_is_refused_and_nothing_is_saved(admin_user, machining, welding):
    team = Team.objects.create(workshop=welding, name="焊一班")
    response = _client(admin_user).post(
        reverse("org:employee-create"),
        {
            "code": "E101",
            "name": "孙悟",
            "site": machining.site.pk,
            "workshop": machining.pk,
            "team": team.pk,
            "shift": "day",
        },
    )
    assert response.status_code == 400
    assert "焊接车间" in response.content.decode()
    assert not Employee.objects.filter(code="E101").exists()


def test_administrator_records_the_leaving_date_and_the_person_leaves_the_list(admin_user, wuqiang):
    client = _client(admin_user)
    left_on = datetime.date(2026, 1, 31)
    response = client.post(
        reverse("org:employee-edit", args=[wuqiang.pk]),
        {
            "code": wuqiang.code,
            "name": wuqiang.name,
            "site": wuqiang.site.pk,
            "shift": "day",
            "left_on": left_on.isoformat(),
        },
    )
    assert response.status_code == 302
    wuqiang.refresh_from_db()
    assert wuqiang.left_on == left_on
    event = AuditEvent.objects.get(action="employee.update")
    assert event.before == {"left_on": None} and event.after == {"left_on": "2026-01-31"}
    listed = client.get(reverse("org:employee-list")).context["page"]
    assert wuqiang not in list(listed)
    listed = client.get(reverse("org:employee-list"), {"left": "yes"}).context["page"]
    assert wuqiang in list(listed)


def test_administrator_gives_a_person_a_login(admin_user, site):
    person = EmployeeFactory(code="E200", name="新人", site=site)
    _client(admin_user).post(
        reverse("org:login-create", args=[person.pk]),
        {"username": "xinren", "password": "Harvest-2026-plough"},
    )
    person.refresh_from_db()
    assert person.user.username == "xinren" and person.user.check_password("Harvest-2026-plough")


def test_a_statistician_is_shown_no_people_forms_and_is_refused(statistician, wuqiang, steel_store):
    client = _client(statistician)
    page = client.get(reverse("org:employee-detail", args=[wuqiang.pk])).content.decode()
    assert 'id="grant-form"' not in page and 'id="employee-edit"' not in page
    assert 'id="employee-create"' not in client.get(reverse("org:employee-list")).content.decode()
    storekeeper = Role.objects.get(code="storekeeper")
    response = client.post(
        reverse("org:grant-add", args=[wuqiang.pk]),
        {"role": storekeeper.pk, "place": f"warehouse-{steel_store.pk}"},
    )
    assert response.status_code == 403
    assert client.get(reverse("org:employee-create")).status_code == 403
    assert not RoleGrant.objects.filter(user=wuqiang.user).exists()
    assert get_user_model().objects.filter(username="wuqiang").get().role_grants.count() == 0


def test_people_are_registered_only_by_who_may(statistician):
    from gendan.core.errors import PermissionDenied
    from gendan.org import services

    with pytest.raises(PermissionDenied):
        services.create_employee(actor=statistician, code="E300", name="某人", site=SiteFactory())
    assert not Employee.objects.filter(code="E300").exists()
