"""Colour × size variants, process sheets and bills of materials."""

from decimal import Decimal

import pytest

from gendan.catalog import services
from gendan.catalog.exports import process_table, variant_table
from gendan.catalog.models import BomLine, Item, ItemVariant, ProcessStep
from gendan.core.errors import DomainError, PermissionDenied
from gendan.core.exports import xlsx_response
from gendan.core.import_errors import ImportRejected
from gendan.core.models import AuditEvent
from tests.catalog.factories import ItemFactory, xlsx_bytes


@pytest.fixture
def shirt(db):
    return ItemFactory(code="CS-01", name="衬衫", kind=Item.Kind.GARMENT)


@pytest.fixture
def half_shaft(db):
    return ItemFactory(code="BZ-120", name="半轴")


def test_colour_by_size_grid_is_created_in_one_call(admin_user, shirt):
    """D5-3.2: the merchandiser knows every colour and size of a garment."""
    created = services.create_variants(
        actor=admin_user, item=shirt, colours=["白", "蓝"], sizes=["M", "L", "XL"]
    )

    assert len(created) == 6
    assert set(shirt.variants.values_list("colour", "size")) == {
        (colour, size) for colour in ("白", "蓝") for size in ("M", "L", "XL")
    }
    assert shirt.variants.filter(code="CS-01-白-XL").exists()


def test_growing_the_grid_keeps_existing_variants(admin_user, shirt):
    """D5-3.2."""
    services.create_variants(actor=admin_user, item=shirt, colours=["白"], sizes=["M"])
    first = ItemVariant.objects.get(item=shirt)

    created = services.create_variants(
        actor=admin_user, item=shirt, colours=["白", "黑"], sizes=["M"]
    )

    assert [v.colour for v in created] == ["黑"]
    assert ItemVariant.objects.filter(pk=first.pk).exists()


def test_a_grid_without_colour_or_size_is_refused(admin_user, shirt):
    with pytest.raises(DomainError):
        services.create_variants(actor=admin_user, item=shirt, colours=[" "], sizes=[])
    assert ItemVariant.objects.count() == 0


def _variant_file(rows):
    return xlsx_bytes([["物料编码", "颜色", "尺码", "变体编码"], *rows])


def test_variants_import_is_idempotent_and_round_trips(admin_user, shirt):
    """D5-3.2: variants come from a sheet and go back to one unchanged."""
    content = _variant_file([["CS-01", "白", "M", "CS01-W-M"], ["CS-01", "白", "L", ""]])

    first = services.import_variants(actor=admin_user, file_bytes=content, filename="v.xlsx")
    second = services.import_variants(actor=admin_user, file_bytes=content, filename="v.xlsx")
    headers, rows = variant_table(Item.objects.all())
    exported = xlsx_response("v.xlsx", headers, rows).content
    third = services.import_variants(actor=admin_user, file_bytes=exported, filename="v.xlsx")

    assert first.as_dict() == {"created": 2, "updated": 0, "unchanged": 0}
    assert second.as_dict() == third.as_dict() == {"created": 0, "updated": 0, "unchanged": 2}
    assert ItemVariant.objects.filter(code="CS-01-白-L").exists()


def test_bad_variant_rows_are_all_reported(admin_user, shirt):
    content = _variant_file(
        [
            ["NOPE", "白", "M", "X1"],  # unknown item
            ["CS-01", "", "", "X2"],  # neither colour nor size
            ["CS-01", "白", "M", "X3"],
            ["CS-01", "白", "M", "X4"],  # same colour and size twice
        ]
    )
    with pytest.raises(ImportRejected) as refused:
        services.import_variants(actor=admin_user, file_bytes=content, filename="v.xlsx")

    assert sorted(p.row for p in refused.value.problems) == [2, 3, 5]
    assert ItemVariant.objects.count() == 0


def test_process_sheet_lists_ordered_processes_with_their_workshops(
    admin_user, half_shaft, machining, welding
):
    """D1-4.2, D1-6: the clerk knows each product's process sheet."""
    services.define_process_sheet(
        actor=admin_user,
        item=half_shaft,
        steps=[
            {"sequence": 20, "name": "焊接", "workshop": welding},
            {"sequence": 10, "name": "车削", "workshop": machining},
        ],
    )

    steps = ProcessStep.objects.filter(sheet__item=half_shaft).order_by("sequence")
    assert [(s.sequence, s.name, s.workshop.code) for s in steps] == [
        (10, "车削", "JJ"),
        (20, "焊接", "HJ"),
    ]


def test_redefining_a_sheet_replaces_steps_and_audits_before_and_after(
    admin_user, half_shaft, machining
):
    """D1-4.2."""
    one = [{"sequence": 10, "name": "车削", "workshop": machining}]
    two = [*one, {"sequence": 20, "name": "磨削", "workshop": machining}]
    services.define_process_sheet(actor=admin_user, item=half_shaft, steps=one)
    services.define_process_sheet(actor=admin_user, item=half_shaft, steps=two)
    services.define_process_sheet(actor=admin_user, item=half_shaft, steps=two)

    events = AuditEvent.objects.filter(action="process_sheet.define", object_id=str(half_shaft.pk))
    assert events.count() == 2
    last = events.last()
    assert len(last.before["steps"]) == 1
    assert [s["name"] for s in last.after["steps"]] == ["车削", "磨削"]


def test_a_sheet_with_repeated_sequence_is_refused(admin_user, half_shaft, machining):
    steps = [{"sequence": 10, "name": n, "workshop": machining} for n in ("车削", "磨削")]
    with pytest.raises(DomainError):
        services.define_process_sheet(actor=admin_user, item=half_shaft, steps=steps)
    assert ProcessStep.objects.count() == 0


def test_process_sheet_import_finds_workshops_by_code_or_name_and_round_trips(
    admin_user, half_shaft, machining, welding
):
    """D1-4.2, D1-6."""
    content = xlsx_bytes(
        [
            ["物料编码", "序号", "工序", "车间"],
            ["BZ-120", 10, "车削", "机加车间"],
            ["BZ-120", 20, "焊接", "HJ"],
        ]
    )
    first = services.import_process_sheets(actor=admin_user, file_bytes=content, filename="p.xlsx")
    headers, rows = process_table(Item.objects.all())
    exported = xlsx_response("p.xlsx", headers, rows).content
    again = services.import_process_sheets(actor=admin_user, file_bytes=exported, filename="p.xlsx")

    assert first.as_dict() == {"created": 1, "updated": 0, "unchanged": 0}
    assert again.as_dict() == {"created": 0, "updated": 0, "unchanged": 1}
    assert half_shaft.process_sheet.steps.count() == 2


def test_bad_process_rows_are_all_reported(admin_user, half_shaft, machining):
    content = xlsx_bytes(
        [
            ["物料编码", "序号", "工序", "车间"],
            ["BZ-120", "十", "车削", "JJ"],  # text where a number belongs
            ["BZ-120", 20, "焊接", "喷漆车间"],  # unknown workshop
            ["XX-1", 10, "车削", "JJ"],  # unknown item
            ["BZ-120", 30, "磨削", "JJ"],
            ["BZ-120", 30, "磨削", "JJ"],  # sequence twice
        ]
    )
    with pytest.raises(ImportRejected) as refused:
        services.import_process_sheets(actor=admin_user, file_bytes=content, filename="p.xlsx")

    assert sorted(p.row for p in refused.value.problems) == [2, 3, 4, 6]
    assert ProcessStep.objects.count() == 0


def test_bill_of_materials_is_replaced_and_audited(admin_user, half_shaft):
    machine = ItemFactory(code="4LZ", name="收割机", kind=Item.Kind.MACHINE)
    bolt = ItemFactory(code="M12", name="螺栓", kind=Item.Kind.STANDARD_PART)

    services.set_bom_lines(
        actor=admin_user, parent=machine, lines=[(half_shaft, Decimal(2)), (bolt, Decimal(16))]
    )

    assert BomLine.objects.filter(parent=machine).count() == 2
    assert AuditEvent.objects.filter(action="bom.set", object_id=str(machine.pk)).exists()


def test_a_bill_of_materials_may_not_contain_its_own_product(admin_user, half_shaft):
    machine = ItemFactory(code="4LZ", name="收割机", kind=Item.Kind.MACHINE)
    services.set_bom_lines(actor=admin_user, parent=machine, lines=[(half_shaft, Decimal(2))])

    with pytest.raises(DomainError):
        services.set_bom_lines(actor=admin_user, parent=half_shaft, lines=[(machine, Decimal(1))])
    with pytest.raises(DomainError):
        services.set_bom_lines(actor=admin_user, parent=machine, lines=[(half_shaft, Decimal(0))])
    assert BomLine.objects.filter(parent=half_shaft).count() == 0


def test_clerk_may_not_change_process_sheets(clerk, half_shaft, machining):
    with pytest.raises(PermissionDenied):
        services.define_process_sheet(
            actor=clerk,
            item=half_shaft,
            steps=[{"sequence": 10, "name": "车削", "workshop": machining}],
        )
    assert ProcessStep.objects.count() == 0
