"""Issue 13 (D3-1): the team lead takes a disagreeing sheet's value or dismisses it; either is
in the audit log; a ruled disagreement is not ruled again; others may not rule."""

import pytest
from django.test import Client
from django.urls import reverse

from gendan.core.errors import DomainError, PermissionDenied
from gendan.core.models import AuditEvent
from gendan.logistics import disagreements, importing
from gendan.logistics.models import SheetDisagreement, Waybill
from tests.logistics.desk import day_rows, sheet
from tests.sales.factories import CustomerFactory, make_order


@pytest.fixture
def disputed(lead, zhang, order_of_zhang):
    """The carrier's sheet names order B and 中通 for 陈小红's SF parcel."""
    importing.import_sheet(actor=lead, file_bytes=sheet(day_rows(order_of_zhang.number)),
                           file_name="tb.csv")  # fmt: skip
    other = make_order(zhang, customer=CustomerFactory(name="赵六", merchandiser=zhang))
    rows = [(other.number, "陈小红", "13912345678", "浙江省杭州市西湖区文三路 1 号",
             "SF1234567890123", "中通快递", "派送中")]  # fmt: skip
    importing.import_sheet(actor=lead, file_bytes=sheet(rows), file_name="zt.csv")
    return other


def test_taking_the_sheets_order_number_rematches_the_waybill_and_is_audited(lead, disputed):
    item = SheetDisagreement.objects.get(field="order_number")
    disagreements.take_sheet_value(actor=lead, disagreement=item)
    waybill = Waybill.objects.get(tracking_number="SF1234567890123")
    assert (waybill.order_number, waybill.order, waybill.customer) == (
        disputed.number,
        disputed,
        disputed.customer,
    )
    item.refresh_from_db()
    assert (item.state, item.decided_by) == ("taken", lead)
    event = AuditEvent.objects.get(action="waybill.sheet_value_taken")
    assert event.after == {"order_number": disputed.number}
    with pytest.raises(DomainError):
        disagreements.dismiss(actor=lead, disagreement=item)


def test_dismissing_keeps_the_stored_value_and_is_audited(lead, disputed):
    item = SheetDisagreement.objects.get(field="carrier")
    client = Client()
    client.force_login(lead)
    response = client.post(reverse("logistics:disagreement-dismiss", args=[item.pk]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == "dismissed"
    assert Waybill.objects.get(tracking_number="SF1234567890123").carrier == "shunfeng"
    assert AuditEvent.objects.filter(action="waybill.sheet_value_dismissed").count() == 1


def test_a_follow_up_person_may_not_rule_and_nothing_changes(zhang, disputed):
    item = SheetDisagreement.objects.get(field="carrier")
    with pytest.raises(PermissionDenied):
        disagreements.take_sheet_value(actor=zhang, disagreement=item)
    item.refresh_from_db()
    assert item.state == "open"
    assert Waybill.objects.get(tracking_number="SF1234567890123").carrier == "shunfeng"
    assert not AuditEvent.objects.filter(action__startswith="waybill.sheet_value").exists()
