"""Quality demo (`gendan demo`): inspections of the garment order at 宜兴华美服装厂 —
a mid-production inspection by 张伟 (跟单员), signed by QC and the factory (passed), and
a final inspection by 韩雪 (QC), confirmed by 张伟 and waiting for the factory's
signature. 邓芳 (工厂) is the login of that factory: her
factory role is granted for it, so she sees and signs only its inspections. Running
it twice changes nothing."""

from datetime import timedelta

from django.utils import timezone

from gendan.core.scopes import Scope
from gendan.org.models import Role, RoleGrant
from gendan.quality import services
from gendan.quality.models import Inspection
from gendan.quality.plan_demo import load_plans
from gendan.sales.models import FactoryOrder


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
    # 张伟 (跟单员) inspects mid-production and confirms at once (step 1, D4-1 / D4-8)
    mid = services.record_inspection(
        actor=merchandiser,
        factory_order=factory_order,
        stage="mid_production",
        inspected_on=today - timedelta(days=5),
        lot_size=400,
        defects=[
            {
                "defect_class": "minor",
                "category": "soiling",
                "description": "线头未剪净",
                "count": 2,
            },
        ],  # fmt: skip
        measurements=[
            {"point": "衣长", "size": "S", "specified": "68", "tolerance": "1", "measured": "68.5"},
            {"point": "胸围", "size": "S", "specified": "104", "tolerance": "2", "measured": "101"},
        ],
        note="中期检验：做工稳定，胸围偏小一件，已要求工厂调整。",
    )
    services.sign_report(actor=inspector, inspection=mid)  # 韩雪 (QC) signs step 2
    if factory_user is not None:
        services.sign_as_factory(actor=factory_user, inspection=mid, note="已整改")
    final = services.record_inspection(
        actor=inspector,
        factory_order=factory_order,
        stage="final",
        inspected_on=today - timedelta(days=1),
        lot_size=1200,
        packed_quantity=1000,
        defects=[
            {
                "defect_class": "major",
                "category": "workmanship",
                "description": "袖口跳线",
                "count": 3,
            },
            {
                "defect_class": "minor",
                "category": "pressing",
                "description": "整烫不平",
                "count": 4,
            },
        ],  # fmt: skip
        note="尾期检验（AQL 2.5）：抽检 80 件，主要缺陷 3 件，合格。剩余 20% 继续跟进。",
    )
    # 韩雪 recorded the final: 张伟 confirms, 韩雪 signs; it waits for the factory
    services.sign_report(actor=merchandiser, inspection=final)
    services.sign_report(actor=inspector, inspection=final)
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
