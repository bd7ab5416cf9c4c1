"""An overdue crane or wire rope is told on the policy's channels by the periodic task,
once per item and overdue period (D1-4.8): what was sent is recorded and never sent again."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from gendan.core import notify, policies
from gendan.core.models import NotificationChannel, NotificationMessage
from gendan.shopfloor import equipment_services as services
from gendan.shopfloor import equipment_tasks
from gendan.shopfloor.equipment_models import Equipment, OverdueNotice
from gendan.shopfloor.equipment_policies import OVERDUE_CHANNELS

Kind = Equipment.Kind
DAY = datetime.timedelta(days=1)


@pytest.fixture
def channel(admin_user):
    found = notify.save_channel(
        actor=admin_user,
        name="机加车间设备群",
        kind=NotificationChannel.Kind.EMAIL,
        recipients="zhaogang@example.com",
    )
    policies.set_policy(actor=admin_user, declared_policy=OVERDUE_CHANNELS, value=found.name)
    return found


@pytest.fixture
def floor(clerk, machining):
    """A wire rope and a crane passed 40 days ago (due every 30: overdue), a cart just as
    old (not told: a cart), and a rope passed yesterday (not overdue)."""
    items = {}
    for code, kind, days in (
        ("GSS-JJ-01", Kind.ROPE, 40),
        ("QC-JJ-01", Kind.CRANE, 40),
        ("YLC-JJ-01", Kind.CART, 400),
        ("GSS-JJ-02", Kind.ROPE, 1),
    ):
        item = services.register_equipment(
            actor=clerk, code=code, name=code, kind=kind, workshop=machining
        )
        services.record_inspection(
            actor=clerk,
            equipment=item,
            result="pass",
            inspected_at=timezone.now() - days * DAY,
        )
        items[code] = item
    return items


def test_d1_4_8_overdue_crane_and_rope_are_told_exactly_once(
    channel, floor, django_capture_on_commit_callbacks
):
    """D1-4.8: the rope and the crane are told once each; a second run sends nothing."""
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_overdue_notices() == 2
    notices = OverdueNotice.objects.order_by("equipment__code")
    assert [notice.equipment.code for notice in notices] == ["GSS-JJ-01", "QC-JJ-01"]
    assert all(notice.sent_to == "机加车间设备群" for notice in notices)
    assert NotificationMessage.objects.filter(channel=channel).count() == 2
    assert len(mail.outbox) == 2
    assert "GSS-JJ-01" in mail.outbox[0].body + mail.outbox[1].body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_overdue_notices() == 0
        assert services.send_overdue_notices(today=timezone.localdate() + 3 * DAY) == 0
    assert OverdueNotice.objects.count() == 2
    assert NotificationMessage.objects.count() == 2
    assert len(mail.outbox) == 2


def test_d1_4_8_a_new_overdue_period_is_told_again(channel, floor, clerk):
    """D1-4.8: inspected again, the rope starts a new period; overdue again, told again."""
    rope = floor["GSS-JJ-01"]
    services.send_overdue_notices()
    services.record_inspection(actor=clerk, equipment=rope, result="pass")
    rope.refresh_from_db()
    assert services.send_overdue_notices() == 0
    services.send_overdue_notices(today=rope.next_due_on + DAY)  # the other rope too
    assert list(
        OverdueNotice.objects.filter(equipment=rope).values_list("due_on", flat=True).order_by("id")
    ) == [timezone.localdate() - 10 * DAY, rope.next_due_on]


def test_d1_4_8_the_periodic_task_sends_them(channel, floor):
    """D1-4.8: the Huey task (run inline here) does the same work."""
    equipment_tasks.send_overdue_equipment_notices.call_local()
    assert OverdueNotice.objects.count() == 2
    equipment_tasks.send_overdue_equipment_notices.call_local()
    assert OverdueNotice.objects.count() == 2


def test_d1_4_8_without_a_channel_nothing_is_recorded(floor):
    """With no channel in the policy nothing is sent and nothing recorded, so the items
    are told once a channel is set."""
    assert services.send_overdue_notices() == 0
    assert not OverdueNotice.objects.exists()
    assert not NotificationMessage.objects.exists()


def test_d1_4_8_out_of_service_is_not_told(channel, floor, clerk):
    rope = floor["GSS-JJ-01"]
    services.record_inspection(actor=clerk, equipment=rope, result="fail", note="断丝")
    assert services.send_overdue_notices() == 1  # only the crane
    assert not OverdueNotice.objects.filter(equipment=rope).exists()
