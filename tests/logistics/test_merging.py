"""Issue 13 (D3-1, D3-2): a parcel first stored by its order number and the same parcel stored by
its tracking number, tied by a later sheet, are merged by the team lead: calls,
handovers, errors, events and problems move; one audit row; others may not merge."""

import pytest

from gendan.core.errors import DomainError, PermissionDenied
from gendan.core.models import AuditEvent
from gendan.logistics import distribution, importing, merging, problems, services
from gendan.logistics.models import FollowUpCall, Handover, Problem, TrackingEvent, Waybill
from tests.logistics.conftest import DAY
from tests.logistics.desk import sheet

ADDRESS = "浙江省杭州市西湖区文三路 1 号"


@pytest.fixture
def tied(lead, zhang, order_of_zhang):
    """Sheet 1: 陈小红's order, no tracking number yet (held and followed by 张伟).
    Sheet 2: the carrier's SF parcel without an order number. Sheet 3: both together."""
    number = order_of_zhang.number
    rows = [(number, "陈小红", "13912345678", ADDRESS, "", "顺丰速运", "已揽收")]
    importing.import_sheet(actor=lead, file_bytes=sheet(rows), file_name="1.csv", sheet_date=DAY)
    distribution.distribute(actor=lead, day=DAY)
    waiting = Waybill.objects.get(key=f"O:{number}")
    services.record_followup(actor=zhang, waybill=waiting, status="in_transit", note="已联系")
    problems.record_problem(actor=zhang, waybill=waiting, kind="damaged", note="外箱破")
    rows = [("", "陈小红", "", ADDRESS, "SF1234567890123", "顺丰速运", "运输中")]
    importing.import_sheet(actor=lead, file_bytes=sheet(rows), file_name="2.csv", sheet_date=DAY)
    rows = [(number, "陈小红", "", ADDRESS, "SF1234567890123", "顺丰速运", "派送中")]
    importing.import_sheet(actor=lead, file_bytes=sheet(rows), file_name="3.csv", sheet_date=DAY)
    numbered = Waybill.objects.get(key="T:SF1234567890123")
    return waiting, numbered


def test_the_lead_merges_the_order_number_waybill_into_the_tracking_number_one(lead, zhang, tied):
    waiting, numbered = tied
    assert merging.pairs_to_merge() == [(waiting, numbered)]
    events = TrackingEvent.objects.count()
    merging.merge_waybills(actor=lead, keep=numbered, absorb=waiting)
    assert not Waybill.objects.filter(pk=waiting.pk).exists()
    numbered.refresh_from_db()
    assert (numbered.assignee, numbered.followup_status, numbered.matched_by) == (
        zhang,
        "in_transit",
        "order_number",
    )
    assert FollowUpCall.objects.get().waybill == numbered
    assert Problem.objects.get().waybill == numbered
    assert Handover.objects.filter(waybill=numbered).exists()
    assert TrackingEvent.objects.count() == events
    event = AuditEvent.objects.get(action="waybill.merge")
    assert (event.after["kept"], event.after["merged"]) == (numbered.key, waiting.key)
    assert merging.pairs_to_merge() == []


def test_a_follow_up_person_may_not_merge_and_nothing_moves(zhang, tied):
    waiting, numbered = tied
    with pytest.raises(PermissionDenied):
        merging.merge_waybills(actor=zhang, keep=numbered, absorb=waiting)
    assert Waybill.objects.filter(pk=waiting.pk).exists()
    assert FollowUpCall.objects.get().waybill == waiting


def test_merging_the_wrong_way_round_is_refused(lead, tied):
    waiting, numbered = tied
    with pytest.raises(DomainError):
        merging.merge_waybills(actor=lead, keep=waiting, absorb=numbered)
    assert (
        Waybill.objects.count() == 2
        and not AuditEvent.objects.filter(action="waybill.merge").exists()
    )


def test_the_merge_button_merges_and_a_missing_target_changes_nothing(lead, tied):
    from django.test import Client
    from django.urls import reverse

    waiting, numbered = tied
    client = Client()
    client.force_login(lead)
    url = reverse("logistics:waybill-merge", args=[waiting.pk])
    assert client.post(url, {}).status_code == 302
    assert Waybill.objects.count() == 2
    assert client.post(url, {"into": numbered.pk}).status_code == 302
    assert list(Waybill.objects.values_list("key", flat=True)) == [numbered.key]
