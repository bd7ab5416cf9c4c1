"""The desk's demo (D3): loads the story and changes nothing when loaded again."""

import pytest

from gendan import demo
from gendan.logistics import merging
from gendan.logistics.models import (
    AuditError,
    DailySnapshot,
    DeskDispatch,
    Handover,
    Problem,
    RegularCustomer,
    SheetDisagreement,
    TeamMeeting,
    TrackingImport,
    UrgeRequest,
    Waybill,
)

pytestmark = pytest.mark.django_db


def _counts():
    return [model.objects.count() for model in
            (TrackingImport, Waybill, Handover, AuditError, UrgeRequest, DailySnapshot, Problem,
             DeskDispatch, RegularCustomer, TeamMeeting, SheetDisagreement)]  # fmt: skip


def test_the_demo_tells_the_desks_story_and_loading_twice_changes_nothing():
    demo.load()
    counts = _counts()
    assert Waybill.objects.filter(matched_by="").exists()
    assert Waybill.objects.exclude(matched_by="").exists()
    assert Handover.objects.filter(reason="absent", from_user__username="zhoumei").exists()
    assert Waybill.objects.filter(status="awaiting_pickup").count() == 2
    assert UrgeRequest.objects.filter(
        is_same_day=True, waybill__assignee__username="liumin"
    ).exists()
    assert AuditError.objects.exists() and DailySnapshot.objects.count() >= 90
    assert not Waybill.objects.filter(assignee__username="hejing").exists()  # night shift
    assert set(Problem.objects.values_list("state", flat=True)) == {"open", "closed"}
    assert set(DeskDispatch.objects.values_list("kind", flat=True)) == {
        "weekly_problems",
        "urging_list",
        "urge_answer",
    }
    assert RegularCustomer.objects.exists() and TeamMeeting.objects.exists()
    assert SheetDisagreement.objects.filter(state="dismissed").exists()
    demo.load()
    assert _counts() == counts


def test_the_demo_leaves_the_team_lead_one_pair_of_waybills_to_merge_and_it_merges():
    """Issue 13 (D3-1, D3-2): one parcel stored by its order number and again by the
    carrier's tracking number, tied by a third sheet: 唐伟 the lead merges the pair; the
    order-number waybill is gone, the tracking-number one keeps its holder and calls."""
    from django.contrib.auth import get_user_model

    demo.load()
    [(waiting, numbered)] = merging.pairs_to_merge()
    assert (waiting.key, numbered.key) == (f"O:{waiting.order_number}", "T:4312345678901")
    assert numbered.order_number == waiting.order_number == "260399990001"
    lead = get_user_model().objects.get(username="tangwei")
    kept = merging.merge_waybills(actor=lead, keep=numbered, absorb=waiting)
    assert not Waybill.objects.filter(pk=waiting.pk).exists()
    assert kept.assignee_id is not None and kept.first_import_id == waiting.first_import_id
    assert merging.pairs_to_merge() == []
