"""Importing items from xlsx and csv: all or nothing, every bad row at once, idempotent."""

import io
from decimal import Decimal

import pytest
from django.utils import translation
from python_calamine import CalamineWorkbook

from gendan.catalog import services
from gendan.catalog.exports import item_table
from gendan.catalog.models import ConfusionGroup, Item
from gendan.core.errors import DomainError, PermissionDenied
from gendan.core.exports import xlsx_response
from gendan.core.import_errors import ImportRejected
from gendan.core.models import AuditEvent
from tests.catalog.factories import ITEM_HEADER, csv_bytes, units, xlsx_bytes

GOOD_ROWS = [
    ITEM_HEADER,
    ["BZ-120", "半轴", "零件", "Φ45×120", "40Cr", "4LZ-2.5", "件", 3.25, "半轴类"],
    ["DZ-80", "刀轴", "part", "Φ40×800", "45#", "4LZ-2.5", "pcs", 6, "刀轴类"],
    ["YG-45", "圆钢", "钢材及原材料", "Φ45", "45#", "", "kg", "", ""],
    [1001, "螺栓", "标准件", "M12×40", "8.8级", "", "件", 0.05, ""],
]


@pytest.fixture
def catalog_units(db):
    return units()


def _import(actor, rows, filename="items.xlsx"):
    return services.import_items(actor=actor, file_bytes=xlsx_bytes(rows), filename=filename)


def test_good_xlsx_creates_every_item_with_its_spec_grade_and_weight(admin_user, catalog_units):
    result = _import(admin_user, GOOD_ROWS)

    assert result.as_dict() == {"created": 4, "updated": 0, "unchanged": 0}
    half_shaft = Item.objects.get(code="BZ-120")
    assert (half_shaft.name, half_shaft.kind, half_shaft.spec, half_shaft.grade) == (
        "半轴",
        Item.Kind.PART,
        "Φ45×120",
        "40Cr",
    )
    assert half_shaft.weight_per_unit == Decimal("3.25")
    assert half_shaft.confusion_group.name == "半轴类"
    assert Item.objects.get(code="YG-45").unit.code == "kg"
    assert Item.objects.get(code="YG-45").kind == Item.Kind.RAW_MATERIAL


def test_a_code_typed_as_a_number_stays_text(admin_user, catalog_units):
    _import(admin_user, GOOD_ROWS)

    assert Item.objects.filter(code="1001").exists()
    assert not Item.objects.filter(code="1001.0").exists()


def test_each_created_item_has_a_creation_row_on_its_timeline(admin_user, catalog_units):
    _import(admin_user, GOOD_ROWS)

    item = Item.objects.get(code="BZ-120")
    events = AuditEvent.objects.filter(object_id=str(item.pk), action="item.create")
    assert events.count() == 1
    assert events.get().after["spec"] == "Φ45×120"
    assert events.get().digest == events.get().compute_digest()


def test_gbk_encoded_csv_with_english_headers_is_read(admin_user, catalog_units):
    rows = [
        ["code", "name", "kind", "spec", "grade", "model_series", "unit", "weight_per_unit"],
        ["BZK-1", "半轴壳", "零件", "HT200 铸件", "HT200", "", "件", "12.5"],
    ]
    content = csv_bytes(rows, encoding="gbk")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")

    result = services.import_items(actor=admin_user, file_bytes=content, filename="物料.CSV")

    assert result.created == 1
    assert Item.objects.get(code="BZK-1").name == "半轴壳"
    assert Item.objects.get(code="BZK-1").weight_per_unit == Decimal("12.5")


def test_utf8_csv_with_bom_is_read(admin_user, catalog_units):
    content = csv_bytes([ITEM_HEADER, ["X1", "齿轮", "零件", "", "", "", "件", "", ""]])

    assert (
        services.import_items(actor=admin_user, file_bytes=content, filename="a.csv").created == 1
    )


def test_bad_rows_are_all_reported_at_once_and_nothing_is_written(admin_user, catalog_units):
    rows = [
        ITEM_HEADER,
        ["A1", "半轴", "零件", "", "", "", "箱子", "", ""],  # unknown unit
        ["A2", "刀轴", "零件", "", "", "", "件", "三公斤", ""],  # text in a number column
        ["A2", "刀轴", "零件", "", "", "", "件", "", ""],  # duplicate code
        ["A3", "", "飞机", "", "", "", "件", "", ""],  # missing name, unknown kind
        ["A4", "好行", "零件", "", "", "", "件", "", "新组"],
    ]
    audit_rows = AuditEvent.objects.count()

    with pytest.raises(ImportRejected) as refused:
        _import(admin_user, rows)

    found = {(p.row, p.column) for p in refused.value.problems}
    assert found == {(2, "单位"), (3, "单件重量"), (4, "编码"), (5, "名称"), (5, "类别")}
    by_place = {(p.row, p.column): p for p in refused.value.problems}
    assert "箱子" in by_place[(2, "单位")].message
    assert "pcs" in by_place[(2, "单位")].expected
    assert "3" in by_place[(4, "编码")].message  # a duplicate of row 3
    assert by_place[(3, "单件重量")].value == "三公斤"
    assert "4" in str(refused.value)  # four rows have problems
    assert Item.objects.count() == 0
    assert ConfusionGroup.objects.count() == 0
    assert AuditEvent.objects.count() == audit_rows


def test_negative_weight_and_too_many_decimals_are_refused(admin_user, catalog_units):
    rows = [
        ITEM_HEADER,
        ["A1", "半轴", "零件", "", "", "", "件", -1, ""],
        ["A2", "半轴", "零件", "", "", "", "件", 1.123456, ""],
    ]
    with pytest.raises(ImportRejected) as refused:
        _import(admin_user, rows)

    assert [p.row for p in refused.value.problems] == [2, 3]


def test_missing_required_column_is_named(admin_user, catalog_units):
    with pytest.raises(ImportRejected) as refused:
        _import(admin_user, [["编码", "名称"], ["A1", "半轴"]])

    assert {p.column for p in refused.value.problems} == {"类别", "单位"}
    assert Item.objects.count() == 0


def test_same_file_twice_changes_nothing_the_second_time(admin_user, catalog_units):
    _import(admin_user, GOOD_ROWS)
    audit_rows = AuditEvent.objects.count()

    result = _import(admin_user, GOOD_ROWS)

    assert result.as_dict() == {"created": 0, "updated": 0, "unchanged": 4}
    assert AuditEvent.objects.count() == audit_rows
    assert ConfusionGroup.objects.count() == 2


def test_changed_row_updates_the_item_and_audits_before_and_after(admin_user, catalog_units):
    _import(admin_user, GOOD_ROWS)
    changed = [row[:] for row in GOOD_ROWS]
    changed[1][3] = "Φ45×125"

    result = _import(admin_user, changed)

    assert result.as_dict() == {"created": 0, "updated": 1, "unchanged": 3}
    item = Item.objects.get(code="BZ-120")
    assert item.spec == "Φ45×125"
    event = AuditEvent.objects.filter(action="item.update", object_id=str(item.pk)).get()
    assert (event.before, event.after) == ({"spec": "Φ45×120"}, {"spec": "Φ45×125"})
    assert "125" in item.search_text


def test_export_then_reimport_changes_nothing(admin_user, catalog_units):
    _import(admin_user, GOOD_ROWS)
    headers, rows = item_table(Item.objects.select_related("unit", "confusion_group"))
    exported = xlsx_response("items.xlsx", headers, rows).content
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(exported))
    assert sheet.get_sheet_by_index(0).to_python()[0] == ITEM_HEADER
    audit_rows = AuditEvent.objects.count()

    result = services.import_items(actor=admin_user, file_bytes=exported, filename="items.xlsx")

    assert result.as_dict() == {"created": 0, "updated": 0, "unchanged": 4}
    assert AuditEvent.objects.count() == audit_rows


def test_import_without_permission_is_refused_and_writes_nothing(clerk, catalog_units):
    with pytest.raises(PermissionDenied):
        _import(clerk, GOOD_ROWS)

    assert Item.objects.count() == 0


@translation.override("en")
def test_a_file_that_is_not_a_spreadsheet_gets_a_clear_message(admin_user, catalog_units):
    with pytest.raises(DomainError, match="spreadsheet"):
        services.import_items(actor=admin_user, file_bytes=b"not a zip", filename="x.xlsx")
    with pytest.raises(DomainError, match=r"\.csv"):
        services.import_items(actor=admin_user, file_bytes=b"x", filename="x.pdf")
