"""The organisation is kept on a page, not in the admin (issue 10: "master data in the
product, not the admin"): sites and partners, workshops and teams, warehouses — added
and changed by the administrator, each change audited, a clash refused naming the field
and nothing saved; anyone else gets 403 and nothing changes."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gendan.core.models import AuditEvent
from gendan.org.models import Site, Team, Warehouse, Workshop
from tests.factories import UserFactory, WarehouseFactory, grant

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_administrator_registers_a_contracted_factory_with_its_contact(admin_user):
    """D4: the contracted factory is a site of its own, with the person and phone to
    call; its kind is shown by name."""
    client = _client(admin_user)
    response = client.post(
        "/people/structure/",
        {
            "form": "site",
            "code": "F-YX",
            "name": "宜兴华美服装厂",
            "kind": Site.Kind.CONTRACTED_FACTORY,
            "contact": "邓芳",
            "phone": "0510-87654321",
            "address": "宜兴市丁蜀镇",
        },
    )
    assert response.status_code == 302
    factory = Site.objects.get(code="F-YX")
    assert (factory.kind, factory.contact) == (Site.Kind.CONTRACTED_FACTORY, "邓芳")
    page = client.get("/people/structure/").content.decode()
    assert "<td>宜兴华美服装厂</td><td>合作工厂</td>" in page


def test_a_site_without_its_kind_is_refused_naming_the_field_and_nothing_is_saved(admin_user):
    response = _client(admin_user).post(
        "/people/structure/", {"form": "site", "code": "F-YX", "name": "宜兴华美服装厂"}
    )
    assert response.status_code == 400
    assert 'data-field="kind"' in response.content.decode()
    assert not Site.objects.filter(code="F-YX").exists()


def test_a_workshop_with_a_used_code_is_refused_naming_the_code_and_nothing_is_saved(
    admin_user, machining
):
    before = Workshop.objects.count()
    response = _client(admin_user).post(
        "/people/structure/",
        {"form": "workshop", "code": "jj", "name": "精加工车间", "site": machining.site.pk},
    )
    assert response.status_code == 400
    assert 'data-field="code"' in response.content.decode()
    assert Workshop.objects.count() == before


def test_a_team_and_a_warehouse_are_set_up_and_audited(admin_user, machining):
    client = _client(admin_user)
    client.post(
        "/people/structure/", {"form": "team", "workshop": machining.pk, "name": "车工一班"}
    )
    client.post(
        "/people/structure/",
        {"form": "warehouse", "code": "BJ", "name": "备件库", "site": machining.site.pk},
    )
    assert Team.objects.filter(workshop=machining, name="车工一班").exists()
    warehouse = Warehouse.objects.get(code="BJ")
    assert AuditEvent.objects.filter(
        action="warehouse.create", object_id=str(warehouse.pk)
    ).exists()
    page = client.get("/people/structure/").content.decode()
    assert "车工一班" in page and "备件库" in page


def test_renaming_a_warehouse_keeps_its_history(admin_user):
    store = WarehouseFactory(code="CP", name="成品库")
    client = _client(admin_user)
    response = client.post(
        f"/people/structure/warehouse/{store.pk}/",
        {"code": "CP", "name": "成品一库", "site": store.site.pk},
    )
    assert response.status_code == 302
    store.refresh_from_db()
    assert store.name == "成品一库"
    change = AuditEvent.objects.get(action="warehouse.change", object_id=str(store.pk))
    assert (change.before["name"], change.after["name"]) == ("成品库", "成品一库")
    page = client.get(f"/people/structure/warehouse/{store.pk}/").content.decode()
    timeline = page[page.index('id="timeline"') :]
    assert "成品一库" in timeline


def test_a_workshop_must_belong_to_our_own_plant(admin_user):
    factory = Site.objects.create(code="F1", name="外协厂", kind=Site.Kind.CONTRACTED_FACTORY)
    response = _client(admin_user).post(
        "/people/structure/",
        {"form": "workshop", "code": "WX", "name": "外协车间", "site": factory.pk},
    )
    assert response.status_code == 400
    assert not Workshop.objects.filter(code="WX").exists()


def test_someone_without_the_right_is_refused_and_nothing_changes(machining):
    director = UserFactory(username="zhaogang")
    grant(director, "workshop_director", workshop=machining)
    client = _client(director)
    assert client.get("/people/structure/").status_code == 403
    response = client.post(
        "/people/structure/",
        {"form": "workshop", "code": "XX", "name": "新车间", "site": machining.site.pk},
    )
    assert response.status_code == 403
    assert not Workshop.objects.filter(code="XX").exists()


def test_the_organisation_page_reads_in_a_fixed_number_of_queries(admin_user, site):
    client = _client(admin_user)
    client.get("/people/structure/")
    for number in range(5):
        workshop = Workshop.objects.create(code=f"W{number}", name=f"车间{number}", site=site)
        Team.objects.create(workshop=workshop, name="一班")
        Warehouse.objects.create(code=f"K{number}", name=f"库{number}", site=site)
    with CaptureQueriesContext(connection) as few:
        client.get("/people/structure/")
    for number in range(5, 15):
        workshop = Workshop.objects.create(code=f"W{number}", name=f"车间{number}", site=site)
        Team.objects.create(workshop=workshop, name="一班")
    with CaptureQueriesContext(connection) as many:
        client.get("/people/structure/")
    assert len(many) == len(few)
