"""The machinery plan's 下料 / 机加工完成 / 装配完成 milestones complete from the lots of
the order (issue 11, order integration): the shop floor publishes that every lot of the
order is past cutting, machining and assembly, and follow-up completes the milestone
with the transfer slip as evidence."""

from gendan.core import events
from gendan.followup.models import Milestone
from gendan.shopfloor import events as shopfloor_events
from tests.followup.factories import take_order


def test_d1_6_the_shop_floors_stages_complete_the_machinery_milestones(
    frozen, merchandiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = take_order(merchandiser, order_type="machinery")
    open_before = set(
        Milestone.objects.filter(order=order, status="open").values_list("name", flat=True)
    )
    assert {"下料", "机加工完成", "装配完成"} <= open_before
    with django_capture_on_commit_callbacks(execute=True):
        for event in (
            shopfloor_events.CuttingCompleted(order_id=order.pk, document_id=7),
            shopfloor_events.MachiningCompleted(order_id=order.pk, document_id=8),
        ):
            events.publish(event, actor=merchandiser)
    done = dict(
        Milestone.objects.filter(
            order=order, name__in=["下料", "机加工完成", "装配完成"]
        ).values_list("name", "status")
    )
    assert done == {"下料": "done", "机加工完成": "done", "装配完成": "open"}
