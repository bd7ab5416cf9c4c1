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
    RetentionLead,
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
             DeskDispatch, RegularCustomer, TeamMeeting, SheetDisagreement, RetentionLead)]  # fmt: skip


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
        "lead_forwarded",
        "auditor_day",
        "weekly_report",
        "monthly_report",
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


def test_d3_9_the_demo_forwards_leads_to_zhang_one_open_one_handled_and_one_to_the_lead():
    """D3-9: 张伟, the merchandiser of the demo's customers, has an open lead (河北丰田)
    and one he closed (上海锦程, not interested for now); a lead of a customer not matched
    went to the team lead; the order takers' channel was told of 张伟's open lead."""
    demo.load()
    mine = RetentionLead.objects.filter(order_taker__username="zhangwei")
    assert mine.filter(state="open", customer__code="C001").exists()
    assert mine.filter(state="closed", outcome="not_interested", customer__code="C002").exists()
    assert RetentionLead.objects.filter(order_taker__isnull=True, customer__isnull=True).exists()
    opened = mine.get(state="open")
    assert DeskDispatch.objects.filter(kind="lead_forwarded", period=str(opened.pk)).exists()


def test_d3_1_todays_audit_in_the_demo_finds_every_kind_of_error():
    """D3-1: the errors page of the demo shows a missed follow-up, an unfilled entry (a
    return recorded without a note) and a non-standard one (against the carrier's final
    status), each against 刘敏 today."""
    from django.utils import timezone

    demo.load()
    today = AuditError.objects.filter(day=timezone.localdate(), person__username="liumin")
    assert set(today.values_list("kind", flat=True)) == {"missed", "unfilled", "stale"}
