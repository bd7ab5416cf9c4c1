"""Items kept in the product, not the admin: create and edit an item with every field,
add a grid of colours × sizes, keep its bill of materials and its process sheet
(工艺状态明细表, D1-4.2, D1-6) with outside processing and skippable steps."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from gendan.catalog.models import BomLine, Item, ProcessStep
from gendan.core.models import AuditEvent
from tests.catalog.factories import ConfusionGroupFactory, ItemFactory, UnitFactory
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def statistician(db):
    """陈静, statistician granted everywhere: keeps items, sheets and BOMs."""
    user = UserFactory(username="chenjing", first_name="陈静")
    grant(user, "statistician")
    return user


@pytest.fixture
def merchandiser(db):
    """张伟, merchandiser: adds garments' colours × sizes (D5-3.2)."""
    user = UserFactory(username="zhangwei", first_name="张伟")
    grant(user, "merchandiser")
    return user


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _item_data(**overrides):
    data = {
        "code": "BZ-130",
        "name": "半轴",
        "kind": Item.Kind.FINISHED_PART,
        "spec": "φ45×530",
        "grade": "40Cr",
        "model_series": "1GQN-230",
        "unit": UnitFactory(code="pcs", name="件").pk,
        "weight_per_unit": "6.9",
        "confusion_group": ConfusionGroupFactory(name="半轴类易混件").pk,
    }
    return data | overrides


def test_statistician_creates_an_item_with_every_field(statistician):
    response = _client(statistician).post(reverse("catalog:item-create"), _item_data())
    item = Item.objects.get(code="BZ-130")
    assert response.status_code == 302
    assert (item.name, item.kind, item.spec, item.grade, item.model_series) == (
        "半轴",
        Item.Kind.FINISHED_PART,
        "φ45×530",
        "40Cr",
        "1GQN-230",
    )
    assert item.weight_per_unit == Decimal("6.9")
    assert item.confusion_group.name == "半轴类易混件"
    assert AuditEvent.objects.filter(action="item.create").count() == 1


def test_a_taken_code_is_refused_at_the_code_field_and_nothing_is_added(statistician):
    ItemFactory(code="BZ-130")
    response = _client(statistician).post(reverse("catalog:item-create"), _item_data())
    assert response.status_code == 400
    assert "BZ-130" in str(response.context["form"].errors["code"])
    assert Item.objects.filter(code="BZ-130").count() == 1


def test_statistician_edits_an_item_and_the_change_is_audited(statistician):
    item = ItemFactory(code="BZ-130", name="半轴")
    data = _item_data(name="长半轴", is_active="on")
    response = _client(statistician).post(reverse("catalog:item-edit", args=[item.pk]), data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.name == "长半轴" and item.grade == "40Cr"
    event = AuditEvent.objects.get(action="item.update")
    assert event.before["name"] == "半轴" and event.after["name"] == "长半轴"


def test_merchandiser_adds_a_grid_of_colours_and_sizes_once(merchandiser):
    jacket = ItemFactory(code="JK-M02", name="男式夹克", kind=Item.Kind.GARMENT)
    client = _client(merchandiser)
    url = reverse("catalog:variant-add", args=[jacket.pk])
    client.post(url, {"colours": "藏青、卡其", "sizes": "S M L XL"})
    client.post(url, {"colours": "藏青", "sizes": "S"})  # exists already: nothing new
    assert jacket.variants.count() == 8
    assert set(jacket.variants.values_list("colour", flat=True)) == {"藏青", "卡其"}
    page = client.get(reverse("catalog:item-detail", args=[jacket.pk])).content.decode()
    assert 'id="variant-grid-form"' in page


def test_statistician_adds_and_removes_bill_of_materials_lines_by_code(statistician):
    machine = ItemFactory(code="1GQN-230", name="旋耕机", kind=Item.Kind.MACHINE)
    shaft = ItemFactory(code="BZ-130", name="半轴")
    client = _client(statistician)
    url = reverse("catalog:bom-edit", args=[machine.pk])
    assert client.post(url, {"component": "BZ-130 半轴", "quantity": "2"}).status_code == 302
    line = BomLine.objects.get(parent=machine)
    assert (line.component, line.quantity) == (shaft, Decimal("2"))
    client.post(reverse("catalog:bom-line-remove", args=[machine.pk, line.pk]))
    assert not BomLine.objects.filter(parent=machine).exists()


def test_a_bill_of_materials_cannot_contain_its_own_product(statistician):
    machine = ItemFactory(code="1GQN-230", name="旋耕机", kind=Item.Kind.MACHINE)
    response = _client(statistician).post(
        reverse("catalog:bom-edit", args=[machine.pk]),
        {"component": "1GQN-230", "quantity": "1"},
    )
    assert response.status_code == 400
    assert not BomLine.objects.exists()


def _steps_post(rows, initial=0):
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(initial),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "200",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"form-{index}-{key}"] = value
    return data


def test_statistician_defines_a_process_sheet_with_outside_and_skippable_steps(
    statistician, machining, welding
):
    """D1-4.2, D1-6: the ordered processes of the product, each with its workshop."""
    shaft = ItemFactory(code="BZ-130", name="半轴")
    rows = [
        {"sequence": "10", "name": "车削", "workshop": machining.pk},
        {"sequence": "20", "name": "热处理", "workshop": machining.pk, "is_outside": "on"},
        {"sequence": "30", "name": "焊接法兰", "workshop": welding.pk, "is_skippable": "on"},
        {"sequence": "", "name": "", "workshop": ""},
    ]
    response = _client(statistician).post(
        reverse("catalog:process-sheet-edit", args=[shaft.pk]), _steps_post(rows)
    )
    assert response.status_code == 302
    steps = ProcessStep.objects.filter(sheet__item=shaft).order_by("sequence")
    assert [(s.name, s.workshop, s.is_outside, s.is_skippable) for s in steps] == [
        ("车削", machining, False, False),
        ("热处理", machining, True, False),
        ("焊接法兰", welding, False, True),
    ]
    event = AuditEvent.objects.get(action="process_sheet.define")
    assert event.after["steps"][1]["workshop"] == "机加车间"  # a name, never a code


def test_a_repeated_sequence_number_is_refused_and_the_sheet_is_unchanged(statistician, machining):
    shaft = ItemFactory(code="BZ-130", name="半轴")
    rows = [
        {"sequence": "10", "name": "车削", "workshop": machining.pk},
        {"sequence": "10", "name": "铣键槽", "workshop": machining.pk},
    ]
    response = _client(statistician).post(
        reverse("catalog:process-sheet-edit", args=[shaft.pk]), _steps_post(rows)
    )
    assert response.status_code == 400
    assert not ProcessStep.objects.filter(sheet__item=shaft).exists()


def test_a_clerk_is_shown_no_item_forms_and_is_refused(clerk):
    """王芳 the clerk reads items; she keeps none of them."""
    item = ItemFactory(code="BZ-130")
    client = _client(clerk)
    page = client.get(reverse("catalog:item-detail", args=[item.pk])).content.decode()
    for form_id in ("item-edit", "variant-grid-form", "process-sheet-edit", "bom-edit"):
        assert f'id="{form_id}"' not in page
    assert client.post(reverse("catalog:item-create"), _item_data(code="X-1")).status_code == 403
    assert client.get(reverse("catalog:process-sheet-edit", args=[item.pk])).status_code == 403
    assert not Item.objects.filter(code="X-1").exists()
