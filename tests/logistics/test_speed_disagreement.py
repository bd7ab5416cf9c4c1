"""Issue 13 (D3-1, D3-5): the same tracking number arriving with another order number,
carrier or consignee is not silently overwritten: the stored value stays and the
disagreement is listed for the team lead, once however often sheets repeat it."""

from django.test import Client
from django.urls import reverse

from gendan.logistics import importing
from gendan.logistics.models import SheetDisagreement, TrackingEvent, Waybill
from tests.logistics.desk import day_rows, sheet


def test_a_sheet_naming_another_order_carrier_and_consignee_is_kept_apart_for_the_lead(
    lead, order_of_zhang
):
    """唐伟 imports the 淘宝 sheet; the carrier's sheet then names another order, 中通 and
    another consignee for SF1234567890123. The waybill keeps 陈小红's order, 顺丰 and her
    name; its status still moves; three disagreements wait on the team page; the same
    sheet saved again adds none."""
    importing.import_sheet(
        actor=lead, file_bytes=sheet(day_rows(order_of_zhang.number)), file_name="tb.csv"
    )
    other = [("99999999", "陈大红", "13912345678", "浙江省杭州市西湖区文三路 1 号",
              "SF1234567890123", "中通快递", "派送中")]  # fmt: skip

    result = importing.import_sheet(actor=lead, file_bytes=sheet(other), file_name="zt.csv")

    waybill = Waybill.objects.get(tracking_number="SF1234567890123")
    assert (waybill.order, waybill.order_number) == (order_of_zhang, order_of_zhang.number)
    assert (waybill.carrier, waybill.consignee) == ("shunfeng", "陈小红")
    assert (result.updated, waybill.status) == (1, "out_for_delivery")
    found = {
        (item.field, item.kept, item.sheet_value, item.tracking_import_id)
        for item in SheetDisagreement.objects.all()
    }
    assert found == {
        ("order_number", order_of_zhang.number, "99999999", result.tracking_import.pk),
        ("carrier", "shunfeng", "zhongtong", result.tracking_import.pk),
        ("consignee", "陈小红", "陈大红", result.tracking_import.pk),
    }

    events = TrackingEvent.objects.count()
    again = importing.import_sheet(
        actor=lead, file_bytes=sheet(other, encoding="utf-8-sig"), file_name="zt-2.csv"
    )
    assert (again.updated, SheetDisagreement.objects.count()) == (0, 3)
    assert TrackingEvent.objects.count() == events

    client = Client()
    client.force_login(lead)
    page = client.get(reverse("logistics:team")).content.decode()
    assert page.count('data-testid="disagreement"') == 3
    assert "中通快递" in page and "99999999" in page and "zhongtong" not in page


def test_filling_in_what_a_sheet_left_blank_is_no_disagreement(lead, order_of_zhang):
    """A carrier's sheet without order numbers, or one that names the carrier an
    earlier sheet could not tell, adds what was missing and disagrees with nothing."""
    rows = day_rows()
    rows[2] = ("", "王五", "137****0003", "上海", "773012345678", "", "运输中")
    importing.import_sheet(actor=lead, file_bytes=sheet(rows), file_name="a.csv")
    assert Waybill.objects.get(tracking_number="773012345678").carrier == "unknown"
    rows[2] = ("", "王五", "137****0003", "上海", "773012345678", "申通快递", "运输中")
    rows[0] = (order_of_zhang.number, *rows[0][1:])

    importing.import_sheet(actor=lead, file_bytes=sheet(rows), file_name="b.csv")

    assert Waybill.objects.get(tracking_number="773012345678").carrier == "shentong"
    assert Waybill.objects.get(tracking_number="SF1234567890123").order == order_of_zhang
    assert not SheetDisagreement.objects.exists()
