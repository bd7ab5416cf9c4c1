"""Demo of the inspection plan (`gendan demo`): the garment order at 宜兴华美服装厂 gets
its plan from the template (production started three weeks ago), the pre-production
meeting's minutes written by 张伟 and signed by 邓芳 (工厂, the factory's login), and a
first draft of the order summary (D4-14) saved, not sent. Call after `quality.demo.load`
(which grants 邓芳 her factory). Running it twice changes nothing."""

from datetime import timedelta

from django.utils import timezone

from gendan.core.calendar import WorkingCalendar
from gendan.quality import access, plan_queries, plan_services
from gendan.quality.plan_models import OrderPlan
from gendan.sales.models import FactoryOrder


def load_plans(context):
    factory_order = (
        FactoryOrder.objects.filter(factory=context.factory).select_related("order").first()
    )
    if factory_order is None or OrderPlan.objects.filter(factory_order=factory_order).exists():
        return None
    merchandiser = context.user("zhangwei")
    calendar = WorkingCalendar()
    today = timezone.localdate()
    start = min(calendar.add_working_days(today, -15), factory_order.due_date - timedelta(days=10))
    plan = plan_services.make_plan(
        actor=merchandiser, factory_order=factory_order, production_start=start
    )
    minutes = plan_services.write_minutes(
        actor=merchandiser,
        plan=plan,
        held_on=calendar.add_working_days(start, -2),
        attendees="张伟（跟单）、韩雪（质检）、邓芳（工厂）、车间主任王强",
        customer_requirements="客户要求：面料色差不低于 4 级，每件独立包装。",
        critical_points="1. 袖口明线针距 3 cm 12 针；2. 胸围公差 ±2 cm；3. 拉链需过拉力测试。",
        sample_issues="产前样袖口跳线、领口不平，已要求工厂在大货前改正。",
    )
    factory_user = context.user("dengfang")
    if context.factory.pk in access.factory_ids(factory_user):
        plan_services.sign_minutes(actor=factory_user, minutes=minutes, note="同意纪要内容")
    views = [plan_queries.plan_view(plan)]
    draft = plan_queries.draft_summary(factory_order.order, views)
    plan_services.save_summary(actor=merchandiser, order=factory_order.order, texts=draft)
    return plan
