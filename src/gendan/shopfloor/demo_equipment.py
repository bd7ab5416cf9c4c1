"""The shop floor's demo: cranes, carts, wire ropes, containers and their inspections (D1-1.6, D1-4.7, D1-4.8). Loading twice changes nothing.

In 机加车间: a 5-tonne overhead crane (passed 10 days ago), two carts (one failed
yesterday: out of service), a wire rope whose inspection is overdue (passed 40 days ago,
due every 30), and transfer containers. 王芳 the clerk and 赵刚 the director inspect."""

from datetime import timedelta

from django.utils import timezone

from gendan.shopfloor import equipment_services as services
from gendan.shopfloor.equipment_models import Equipment

Kind = Equipment.Kind

# code, name, kind, location, inspections: (days ago, result, note, username)
REGISTER = [
    (
        "QC-JJ-01",
        "5 吨电动单梁行车",
        Kind.CRANE,
        "机加车间跨中",
        [
            (40, "pass", "制动、限位正常", "zhaogang"),
            (10, "pass", "制动、限位、吊钩正常", "wangfang"),
        ],
    ),
    (
        "YLC-JJ-01",
        "运料车 1 号",
        Kind.CART,
        "车床组通道",
        [(20, "pass", "车轮、扶手完好", "wangfang")],
    ),
    (
        "YLC-JJ-02",
        "运料车 2 号",
        Kind.CART,
        "磨床组通道",
        [(30, "pass", "", "wangfang"), (1, "fail", "左前轮轴承损坏，停用待修", "wangfang")],
    ),
    (
        "GSS-JJ-01",
        "钢丝绳吊索 φ12 × 4 m",
        Kind.ROPE,
        "行车旁吊具架",
        [(40, "pass", "无断丝、无锈蚀", "wangfang")],
    ),
    ("ZZX-JJ-01", "半轴周转箱 1 号", Kind.CONTAINER, "A 区 3 号架", [(15, "pass", "", "wangfang")]),
    ("ZZX-JJ-02", "半轴周转箱 2 号", Kind.CONTAINER, "A 区 3 号架", [(15, "pass", "", "wangfang")]),
    ("GWQJ-JJ-01", "刀轴工位器具架", Kind.CONTAINER, "B 区", [(60, "pass", "", "wangfang")]),
]


def load(context):
    machining = context.workshops["JJ"]
    if Equipment.objects.filter(workshop=machining).exists():
        return
    now = timezone.now()
    clerk = context.user("wangfang")
    for code, name, kind, location, inspections in REGISTER:
        equipment = services.register_equipment(
            actor=clerk, code=code, name=name, kind=kind, workshop=machining, location=location
        )
        Equipment.objects.filter(pk=equipment.pk).update(registered_at=now - timedelta(days=90))
        equipment.refresh_from_db()
        for days_ago, result, note, username in inspections:
            services.record_inspection(
                actor=context.user(username),
                equipment=equipment,
                result=result,
                note=note,
                inspected_at=now - timedelta(days=days_ago, hours=2),
            )
