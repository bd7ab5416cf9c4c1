"""Master data asks the permission matrix (issue 9): the item, BOM and process-sheet
pages and services answer as `master.create` / `master.change` say, for roles granted in
one workshop too — not as the Django permissions a role carries only when granted
everywhere.

Persona: 陈静, production statistician of 机加车间 (the clerk reports to her, D1-1.7; she
fills the production receipts whose items must match the process sheet, D1-3.5, D1-4).
Items belong to no workshop, so the matrix lets her keep them wherever she is granted.
The contracted factory's login (邓芳) keeps no master data."""

from decimal import Decimal

import pytest
from django.urls import reverse

from gendan.catalog import services
from gendan.catalog.models import BomLine, Item, ProcessStep
from gendan.core import permissions
from gendan.core.errors import PermissionDenied
from gendan.core.models import AuditEvent
from tests.catalog.factories import ItemFactory, UnitFactory
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def chenjing(machining):
    user = UserFactory(username="chenjing", first_name="陈静")
    grant(user, "statistician", workshop=machining)
    return user


@pytest.fixture
def dengfang(db):
    user = UserFactory(username="dengfang", first_name="邓芳")
    grant(user, "factory")
    return user


@pytest.fixture
def half_shaft(db):
    return ItemFactory(code="BZ-120", name="半轴")


@pytest.fixture
def bearing(db):
    return ItemFactory(code="ZC-6204", name="轴承")


def _state():
    return (
        Item.objects.count(),
        BomLine.objects.count(),
        ProcessStep.objects.count(),
        AuditEvent.objects.count(),
    )


EDIT_PAGES = ("catalog:item-edit", "catalog:bom-edit", "catalog:process-sheet-edit")


def test_the_matrix_lets_a_workshop_statistician_keep_items(chenjing, dengfang):
    assert permissions.allows(chenjing, "master", "create")
    assert permissions.allows(chenjing, "master", "change")
    assert not chenjing.has_perm("catalog.change_item")  # a scoped grant carries none
    assert not permissions.allows(dengfang, "master", "change")


def test_d1_6_the_statistician_of_one_workshop_opens_every_edit_page(client, chenjing, half_shaft):
    client.force_login(chenjing)
    assert client.get(reverse("catalog:item-create")).status_code == 200
    assert client.get(reverse("catalog:item-import")).status_code == 200
    for name in EDIT_PAGES:
        assert client.get(reverse(name, args=[half_shaft.pk])).status_code == 200, name
    detail = client.get(reverse("catalog:item-detail", args=[half_shaft.pk])).content.decode()
    assert 'id="item-edit"' in detail and 'id="bom-edit"' in detail
    assert 'id="process-sheet-edit"' in detail


def test_d1_6_the_statistician_saves_a_bill_of_materials(chenjing, half_shaft, bearing):
    services.set_bom_lines(actor=chenjing, parent=half_shaft, lines=[(bearing, Decimal("2"))])
    assert list(half_shaft.bom_lines.values_list("component__code", "quantity")) == [
        ("ZC-6204", Decimal("2"))
    ]


def test_d1_6_the_statistician_creates_an_item_through_the_page(client, chenjing):
    client.force_login(chenjing)
    unit = UnitFactory()
    response = client.post(
        reverse("catalog:item-create"),
        {"code": "LG-01", "name": "轮毂", "kind": "part", "unit": unit.pk, "is_active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert Item.objects.filter(code="LG-01").exists()


def test_the_factory_login_is_refused_every_edit_page_and_changes_nothing(
    client, dengfang, half_shaft, bearing
):
    client.force_login(dengfang)
    before = _state()
    assert client.get(reverse("catalog:item-create")).status_code == 403
    assert client.get(reverse("catalog:item-import")).status_code == 403
    for name in EDIT_PAGES:
        assert client.get(reverse(name, args=[half_shaft.pk])).status_code == 403, name
    refused = client.post(
        reverse("catalog:bom-edit", args=[half_shaft.pk]),
        {"component": "ZC-6204", "quantity": "2"},
    )
    assert refused.status_code == 403
    with pytest.raises(PermissionDenied):
        services.set_bom_lines(actor=dengfang, parent=half_shaft, lines=[(bearing, 1)])
    detail = client.get(reverse("catalog:item-detail", args=[half_shaft.pk])).content.decode()
    assert 'id="item-edit"' not in detail and 'id="bom-edit"' not in detail
    assert _state() == before
