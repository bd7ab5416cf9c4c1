"""Quality demo (`gendan demo`): the garment order at 宜兴华美服装厂 through its D4
steps — fabric and trims counted (D4-1), the pre-production sample (D4-3), the first
piece and bundle (D4-7), three mid-production inspections (D4-8), a final that failed
(D4-11) and its re-inspection, which waits for the factory's signature; with the
follow-ups of `followup_demo` (the packing list counted and confirmed, early-production
problems followed, a customer complaint traced back). Each report is
recorded and confirmed by 张伟 (跟单员), signed by 韩雪 (QC) and by 邓芳 (工厂), the
factory's own login: her role is granted for that factory, so she sees and signs only
its reports. Running it twice changes nothing."""

from datetime import timedelta

from django.utils import timezone

from gendan.core.scopes import Scope
from gendan.org.models import Role, RoleGrant
from gendan.quality import followup_demo, services
from gendan.quality.models import Inspection
from gendan.quality.plan_demo import load_plans
from gendan.sales.models import FactoryOrder


def _defect(defect_class, category, description, count):
    return {
        "defect_class": defect_class,
        "category": category,
        "description": description,
        "count": count,
    }


# (stage, days ago, lot size, packed, defects, measurements, note)
STEPS = [
    (
        "fabric", 20, 1200, None,
        [_defect("minor", "material", "里布短少 20 米（装箱单 1 500 米，实收 1 480 米）", 1)],
        [],
        "面辅料到厂查验：按装箱单逐项清点，面料门幅 148 cm 合格；里布短少 20 米，已通知工厂补料。",
    ),
    (
        "pre_production_sample", 16, 5, None,
        [_defect("major", "workmanship", "袖口跳线", 1), _defect("minor", "pressing", "领口不平", 1)],
        [
            {"point": "衣长", "size": "M", "specified": "70", "tolerance": "1", "measured": "70.5"},
            {"point": "胸围", "size": "M", "specified": "108", "tolerance": "2", "measured": "111"},
        ],
        "产前样：对照公司样衣和工艺要求，胸围超差 1 cm，袖口跳线；工厂大货前改正。",
    ),
    (
        "early_production", 14, 200, None,
        [_defect("minor", "workmanship", "绱袖起皱", 2), _defect("minor", "soiling", "线头未剪净", 5)],
        [],
        "生产初期：逐道工序检查半成品，绱袖起皱、线头未剪净，已开问题单跟进（D4-6）。",
    ),
    (
        "first_piece", 12, 24, None,
        [],
        [{"point": "胸围", "size": "M", "specified": "108", "tolerance": "2", "measured": "108.5"}],
        "首件首扎：全检 24 件，尺寸、做工合格；提醒工厂剪净线头，列入中期检查清单。",
    ),
    ("mid_production", 9, 300, None, [_defect("minor", "soiling", "线头未剪净", 3)], [],
     "第一次中期检验：做工稳定。"),
    ("mid_production", 7, 400, None, [_defect("major", "workmanship", "袖口跳线", 1)], [],
     "第二次中期检验：袖口跳线复现一件，已要求换针。"),
    (
        "mid_production", 5, 400, None,
        [_defect("minor", "soiling", "线头未剪净", 2)],
        [
            {"point": "衣长", "size": "S", "specified": "68", "tolerance": "1", "measured": "68.5"},
            {"point": "胸围", "size": "S", "specified": "104", "tolerance": "2", "measured": "101"},
        ],
        "第三次中期检验：胸围偏小一件，已要求工厂调整。",
    ),
    (
        "final", 3, 1200, 1000,
        [_defect("major", "workmanship", "袖口跳线", 8), _defect("minor", "pressing", "整烫不平", 4)],
        [],
        "尾期检验（AQL 2.5）：抽检 80 件，主要缺陷 8 件（Ac 5 / Re 6），不合格，返工后复检。",
    ),
]  # fmt: skip


def load(context):
    factory_user = _factory_login(context)
    factory_order = (
        FactoryOrder.objects.filter(factory=context.factory).select_related("order").first()
    )
    if factory_order is None or Inspection.objects.filter(factory_order=factory_order).exists():
        load_plans(context)  # the plan, the minutes and the summary draft (once)
        return
    inspector = context.user("hanxue")
    merchandiser = context.user("zhangwei")
    today = timezone.localdate()
    failed_final = None
    followed = {}  # the demo's problems (D4-6), opened at early production
    for stage, days_ago, lot_size, packed, defects, measurements, note in STEPS:
        # 张伟 records and confirms at once (step 1, D4-1), 韩雪 signs (step 2), the
        # factory signs last (step 3), which posts the report
        report = services.record_inspection(
            actor=merchandiser,
            factory_order=factory_order,
            stage=stage,
            inspected_on=today - timedelta(days=days_ago),
            lot_size=lot_size,
            packed_quantity=packed,
            defects=defects,
            measurements=measurements,
            note=note,
        )
        if stage == "fabric":  # D4-1: counted against the packing list, confirmed
            followup_demo.fabric_counted(context, report, merchandiser)
        services.sign_report(actor=inspector, inspection=report)
        if factory_user is not None:
            services.sign_as_factory(actor=factory_user, inspection=report, note="已确认")
        followup_demo.after_step(context, stage, report, (merchandiser, inspector, factory_user),
                                 followed)  # fmt: skip
        failed_final = report if stage == "final" else failed_final
    # the reworked lot is inspected again (tightened if the switching rules say so); it
    # waits for the factory's signature on 邓芳's phone
    again = services.record_inspection(
        actor=merchandiser,
        factory_order=factory_order,
        stage="final",
        inspected_on=today - timedelta(days=1),
        lot_size=1200,
        packed_quantity=1100,
        reinspection_of=failed_final,
        defects=[_defect("major", "workmanship", "袖口跳线", 2)],
        note="返工后复检：袖口已全部返修，抽检主要缺陷 2 件，合格；剩余 100 件继续跟进装箱。",
    )
    services.sign_report(actor=inspector, inspection=again)
    followup_demo.complaint(again, merchandiser)  # D4-12, traced back on the order page
    load_plans(context)  # the plan, the minutes and the summary draft (once)


def _factory_login(context):
    """邓芳's factory role, granted for 宜兴华美 rather than everywhere (she signs only for
    her own factory)."""
    user = context.user("dengfang")
    role = Role.objects.filter(code="factory").first()
    if role is None:
        return None
    scope_key = Scope.supplier(context.factory).key
    RoleGrant.objects.filter(user=user, role=role, scope_key="").delete()
    RoleGrant.objects.get_or_create(user=user, role=role, scope_key=scope_key)
    return user
