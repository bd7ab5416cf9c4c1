"""Importing the day's tracking sheet (D3-1): all or nothing, idempotent, named rows."""

import pytest

from gendan.core.errors import PermissionDenied
from gendan.logistics import importing
from gendan.logistics.models import TrackingEvent, TrackingImport, Waybill
from tests.logistics.conftest import DAY
from tests.logistics.desk import day_rows, sheet


def _snapshot():
    return (
        list(Waybill.objects.order_by("key").values_list("key", "status", "status_text",
                                                          "order_id", "matched_by")),
        TrackingEvent.objects.count(),
        TrackingImport.objects.count(),
    )  # fmt: skip


def test_lead_imports_a_gbk_sheet_and_importing_it_again_changes_nothing(lead, order_of_zhang):
    """D3-1: 唐伟 imports the 淘宝 GBK sheet twice; the second time nothing changes."""
    data = sheet(day_rows(order_of_zhang.number))
    first = importing.import_sheet(actor=lead, file_bytes=data, file_name="淘宝.csv",
                                   sheet_date=DAY)  # fmt: skip
    assert (first.created, first.updated) == (3, 0)
    assert first.tracking_import.encoding in ("gbk", "gb18030")
    before = _snapshot()
    second = importing.import_sheet(actor=lead, file_bytes=data, file_name="淘宝.csv",
                                    sheet_date=DAY)  # fmt: skip
    assert second.is_repeat and (second.created, second.updated) == (0, 0)
    assert _snapshot() == before


def test_the_same_rows_in_another_file_change_no_waybill(lead):
    """D3-1: the same rows saved again (UTF-8 this time) update nothing, add no event."""
    importing.import_sheet(actor=lead, file_bytes=sheet(day_rows()), file_name="a.csv")
    waybills, events, _imports = _snapshot()
    again = importing.import_sheet(
        actor=lead, file_bytes=sheet(day_rows(), encoding="utf-8-sig"), file_name="b.csv"
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert _snapshot()[:2] == (waybills, events)


def test_a_later_sheet_moves_the_status_and_keeps_the_old_text_as_an_event(lead):
    """D3-1: the next day's sheet says 已签收; the waybill moves, its trace keeps both."""
    importing.import_sheet(actor=lead, file_bytes=sheet(day_rows()), file_name="day1.csv")
    later = day_rows(status="已签收，签收人：本人")
    result = importing.import_sheet(actor=lead, file_bytes=sheet(later), file_name="day2.csv")
    assert result.updated == 1
    waybill = Waybill.objects.get(tracking_number="SF1234567890123")
    assert waybill.status == "signed"
    assert list(waybill.events.values_list("status", flat=True)) == ["in_transit", "signed"]


def test_a_bad_row_is_named_and_nothing_is_stored(lead):
    """D3-1 / DESIGN: an Excel-mangled id on row 4 refuses the whole sheet, naming row 4."""
    rows = day_rows()
    rows[2] = ("", "王五", "13700000003", "上海", "6.91793E+18", "申通快递", "运输中")
    with pytest.raises(importing.SheetRefused) as refused:
        importing.import_sheet(actor=lead, file_bytes=sheet(rows), file_name="bad.csv")
    assert [entry["row"] for entry in refused.value.bad_rows] == [4]
    assert "4" in refused.value.message
    assert _snapshot() == ([], 0, 0)


def test_a_total_row_is_not_a_parcel_and_does_not_refuse_the_sheet(lead):
    data = sheet(day_rows()) + "总计,,,,,,3\r\n".encode("gbk")
    result = importing.import_sheet(actor=lead, file_bytes=data, file_name="total.csv")
    assert result.created == 3
    assert result.tracking_import.rows_skipped == 1


def test_a_follow_up_person_may_not_import(zhang):
    """Only the team lead or logistics imports; a refusal stores nothing."""
    with pytest.raises(PermissionDenied):
        importing.import_sheet(actor=zhang, file_bytes=sheet(day_rows()), file_name="x.csv")
    assert _snapshot() == ([], 0, 0)


def test_a_carrier_sheet_without_order_numbers_keeps_the_match(lead, order_of_zhang):
    """D3-1 matching by tracking number: a carrier's sheet has no order numbers; the
    waybill an earlier sheet tied to the order keeps its order."""
    importing.import_sheet(
        actor=lead, file_bytes=sheet(day_rows(order_of_zhang.number)), file_name="tb.csv"
    )
    carrier_rows = [("", "", "", "", "SF1234567890123", "顺丰速运", "派送中")]
    importing.import_sheet(actor=lead, file_bytes=sheet(carrier_rows), file_name="sf.csv")
    waybill = Waybill.objects.get(tracking_number="SF1234567890123")
    assert (waybill.order, waybill.status) == (order_of_zhang, "out_for_delivery")
    assert waybill.order_number == order_of_zhang.number
