"""Demo of the inspection follow-ups (`gendan demo`), for the garment order at
宜兴华美服装厂, called by `quality.demo.load` as each inspection is recorded:

- the fabric check (D4-1): the packing list of three lines counted by 张伟, the lining
  20 m short and 1 cm narrow, confirmed; the QC manager (质检经理) and sales (销售部)
  told once through e-mail channels named in policy `quality.fabric_count_channels`;
- early production (D4-6): two problems found — 绱袖起皱 (fixed by the factory after
  the first piece, verified and closed by 韩雪 at the first mid inspection) and 线头未剪净
  (still open and overdue, so it stands on every later report the factory signed);
- a customer complaint (D4-12) about open seams at the cuffs, traced back.
The dates are moved back to the inspection days (demo data only)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from gendan.core import notify
from gendan.core import policies as core_policies
from gendan.core.models import NotificationChannel
from gendan.quality import followup_services
from gendan.quality.followup_models import ProductionProblem
from gendan.quality.policies import FABRIC_COUNT_CHANNELS

CHANNELS = (("质检经理", "qc-manager@example.com"), ("销售部", "sales@example.com"))
PACKING_LIST = [
    {"material": "面料 涤棉府绸", "colour_lot": "藏青 / 缸号 A12", "expected_quantity": "1500",
     "unit": "米", "width_specified": "148"},
    {"material": "里布 涤纶塔夫", "colour_lot": "黑 / 缸号 L07", "expected_quantity": "1500",
     "unit": "米", "width_specified": "150"},
    {"material": "拉链 5# 树脂", "colour_lot": "黑", "expected_quantity": "1200", "unit": "条"},
]  # fmt: skip
COUNTS = {
    1: {"counted_quantity": "1500", "width_measured": "148"},
    2: {"counted_quantity": "1480", "width_measured": "149", "defects": "第 3 卷两处抽纱"},
    3: {"counted_quantity": "1200"},
}


def _at(day):
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _channels(context):
    for name, address in CHANNELS:
        if not NotificationChannel.objects.filter(name=name).exists():
            notify.save_channel(actor=context.admin, name=name, kind="email", recipients=address)
    core_policies.set_policy(actor=context.admin, declared_policy=FABRIC_COUNT_CHANNELS,
                             value=",".join(name for name, _address in CHANNELS))  # fmt: skip


def fabric_counted(context, report, merchandiser):
    """D4-1 on the fabric inspection, before it goes to QC and the factory."""
    followup_services.save_packing_list(actor=merchandiser, inspection=report, lines=PACKING_LIST)
    followup_services.record_count(actor=merchandiser, inspection=report, counts=COUNTS)
    if getattr(context, "admin", None) is not None:
        _channels(context)
        followup_services.confirm_fabric_count(actor=merchandiser, inspection=report)


def after_step(context, stage, report, people, state):
    """Called after each demo inspection is recorded and signed."""
    merchandiser, inspector, factory_user = people
    if stage == "early_production":
        state["sleeve"] = _open(merchandiser, report, "绱袖", "袖窿起皱 2 件，压脚压力过大", 3)
        state["threads"] = _open(merchandiser, report, "后整理", "线头未剪净，剪线工位人手不足", 2)
    elif stage == "first_piece" and "sleeve" in state:
        followup_services.resolve_problem(actor=factory_user or merchandiser,
                                          problem=state["sleeve"],
                                          resolution="已调小压脚压力并换针，车工返修")  # fmt: skip
        ProductionProblem.objects.filter(pk=state["sleeve"].pk).update(
            resolved_at=_at(report.inspected_on)
        )
    elif stage == "mid_production" and "sleeve" in state and not state["sleeve"].is_closed:
        followup_services.close_problem(actor=inspector, problem=state["sleeve"],
                                        note="中期抽查 30 件袖窿，未见起皱，关闭")  # fmt: skip
        ProductionProblem.objects.filter(pk=state["sleeve"].pk).update(
            closed_at=_at(report.inspected_on)
        )


def _open(merchandiser, report, process, description, days):
    problem = followup_services.open_problem(
        actor=merchandiser, factory_order=report.factory_order, process=process,
        description=description, responsible="车间主任王强",
        due_on=report.inspected_on + timedelta(days=days), inspection=report,
    )  # fmt: skip
    ProductionProblem.objects.filter(pk=problem.pk).update(opened_at=_at(report.inspected_on))
    problem.refresh_from_db()
    return problem


def complaint(report, merchandiser):
    """D4-12: the customer complains about open seams at the cuffs."""
    return followup_services.record_complaint(
        actor=merchandiser, order=report.order, factory_order=report.factory_order,
        received_on=timezone.localdate(), description="客户反馈：部分夹克袖口开线",
        defect_class="major", category="workmanship",
    )  # fmt: skip
