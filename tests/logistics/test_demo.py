"""The desk's demo (D3): loads the story and changes nothing when loaded again."""

import pytest

from gendan import demo
from gendan.logistics.models import (
    AuditError,
    DailySnapshot,
    Handover,
    TrackingImport,
    UrgeRequest,
    Waybill,
)

pytestmark = pytest.mark.django_db


def _counts():
    return [model.objects.count() for model in
            (TrackingImport, Waybill, Handover, AuditError, UrgeRequest, DailySnapshot)]  # fmt: skip


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
    demo.load()
    assert _counts() == counts
