"""The demo factory (`gendan demo`): an agricultural-machinery plant with four
workshops, a garment order at a contracted factory, a phone-sales follow-up team, and
one person in every role. Loading twice changes nothing the second time."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from importlib import import_module

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gendan.catalog import services as catalog
from gendan.catalog.models import Item, Unit
from gendan.core import outbox
from gendan.org import services as org
from gendan.org.models import Employee, Role, Site, StoragePlace, Team, Warehouse, Workshop
from gendan.sales import services as sales
from gendan.sales.models import Customer, Order

PASSWORD = "gendan-demo"

WORKSHOPS = [("XL", "下料车间"), ("JJ", "机加车间"), ("HJ", "焊接车间"), ("ZP", "装配车间")]

# (username, name, role code, workshop code or warehouse code or None)
PEOPLE = [
    ("wangfang", "王芳", "clerk", "JJ"),
    ("lijun", "李军", "inspector", "JJ"),
    ("zhaogang", "赵刚", "workshop_director", "JJ"),
    ("sunli", "孙丽", "team_leader", None),
    ("zhoujie", "周杰", "operator", "JJ"),
    ("wuqiang", "吴强", "storekeeper", "CP"),
    ("zhengmin", "郑敏", "chief_storekeeper", None),
    ("chenjing", "陈静", "statistician", "JJ"),
    ("liuyang", "刘洋", "workshop_accountant", "JJ"),
    ("huangli", "黄丽", "cost_accountant", None),
    ("xuhui", "徐慧", "material_accountant", None),
    ("hetao", "何涛", "purchaser", None),
    ("guoqiang", "郭强", "outsourcing_coordinator", None),
    ("maxiaoling", "马晓玲", "sales_manager", None),
    ("luoxin", "罗欣", "order_taker", None),
    ("liangchen", "梁晨", "logistics", None),
    ("songyu", "宋雨", "auditor", None),
    ("tangwei", "唐伟", "followup_lead", None),
    ("hanxue", "韩雪", "qc", None),
    ("fengkai", "冯凯", "marketing", None),
    ("zhangwei", "张伟", "merchandiser", None),
    ("dengfang", "邓芳", "factory", None),
    ("caolei", "曹磊", "inspector", "HJ"),
]


def load():
    with transaction.atomic():
        admin = _admin()
        plant, factory = _sites()
        workshops = _workshops(plant)
        warehouse = _warehouse(plant)
        logins = _people(admin, plant, workshops, warehouse)
        _sample_documents(workshops)
        items = _catalog(admin, workshops)
        _orders(items, factory)
        _module_demos(
            DemoContext(
                admin=admin,
                plant=plant,
                factory=factory,
                workshops=workshops,
                warehouse=warehouse,
                items=items,
            )
        )
    outbox.deliver_pending()  # the demo's orders get their plans now, worker or not
    return [("admin", "管理员", "superuser")] + logins


@dataclass(frozen=True)
class DemoContext:
    """What the core demo made, handed to each module's own demo (`<app>/demo.py`)."""

    admin: object
    plant: Site
    factory: Site
    workshops: dict  # code → Workshop
    warehouse: Warehouse  # 成品库 (CP)
    items: dict  # code → Item

    def user(self, username):
        return get_user_model().objects.get(username=username)


# Modules that bring their own demo data: each has `demo.py` with `load(context)`, which
# must change nothing when run a second time. They run in this order.
MODULE_DEMOS = [
    "gendan.stock.demo",
    "gendan.sales.demo",
    "gendan.shopfloor.demo",
    "gendan.quality.demo",
    "gendan.logistics.demo",
    "gendan.followup.demo",
]


def _module_demos(context):
    for module_name in MODULE_DEMOS:
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as missing:
            if missing.name != module_name:
                raise
            continue
        module.load(context)


def _admin():
    User = get_user_model()
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = User.objects.create_superuser(
            "admin", "admin@example.com", PASSWORD, first_name="管理员"
        )
    return admin


def _sites():
    plant, _ = Site.objects.get_or_create(
        code="FS", defaults={"name": "丰收农机厂", "kind": Site.Kind.OWN_PLANT}
    )
    factory, _ = Site.objects.get_or_create(
        code="F-YX",
        defaults={
            "name": "宜兴华美服装厂",
            "kind": Site.Kind.CONTRACTED_FACTORY,
            "contact": "邓芳",
            "phone": "0510-8888 6666",
        },
    )
    Site.objects.get_or_create(
        code="S-BG", defaults={"name": "包头钢材贸易公司", "kind": Site.Kind.SUPPLIER}
    )
    Site.objects.get_or_create(
        code="O-RC", defaults={"name": "城东热处理厂", "kind": Site.Kind.OUTSOURCER}
    )
    return plant, factory


def _workshops(plant):
    workshops = {}
    for code, name in WORKSHOPS:
        workshops[code], _ = Workshop.objects.get_or_create(
            code=code, defaults={"name": name, "site": plant}
        )
        Team.objects.get_or_create(workshop=workshops[code], name="一班")
    return workshops


def _warehouse(plant):
    warehouse, _ = Warehouse.objects.get_or_create(
        code="CP", defaults={"name": "成品库", "site": plant}
    )
    Warehouse.objects.get_or_create(code="GC", defaults={"name": "钢材库", "site": plant})
    for code in ("A-01", "A-02", "B-01"):
        StoragePlace.objects.get_or_create(warehouse=warehouse, code=code)
    return warehouse


def _people(admin, plant, workshops, warehouse):
    User = get_user_model()
    logins = []
    for number, (username, name, role_code, place) in enumerate(PEOPLE, start=1):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username, password=PASSWORD, first_name=name)
        workshop = workshops.get(place)
        if not Employee.objects.filter(user=user).exists():
            org.create_employee(
                actor=admin,
                code=f"E{number:03d}",
                name=name,
                # the contracted factory's person works at that factory: she sees its
                # factory orders (the permission matrix's own orders)
                site=_factory_site() if role_code == "factory" else plant,
                user=user,
                workshop=workshop,
            )
        role = Role.objects.get(code=role_code)
        scope_warehouse = warehouse if place == warehouse.code else None
        if not user.role_grants.filter(role=role).exists():
            org.grant_role(
                actor=admin, user=user, role=role, workshop=workshop, warehouse=scope_warehouse
            )
        logins.append((username, name, role.name))
    return logins


def _factory_site():
    return Site.objects.get(code="F-YX")


def _sample_documents(workshops):
    """Transfer slips are no longer title-only papers: the shop floor's demo
    (`gendan.shopfloor.demo`) writes real lots and transfer slips at every step of their
    chain, with quantities that move in the stock ledger."""


ITEMS = [
    # code, name, kind, spec, grade, model/series, unit, weight per unit
    ("GB-Q235-10", "钢板", "raw_material", "10×1500×6000", "Q235B", "", "kg", None),
    ("BZ-120", "半轴", "part", "φ45×520", "40Cr", "1GQN-200", "pcs", Decimal("6.8")),
    ("DZ-80", "刀轴", "part", "φ50×1960", "45#", "1GQN-200", "pcs", Decimal("22.5")),
    ("BZK-12", "半轴壳", "part", "φ90×410", "QT450", "1GQN-200", "pcs", Decimal("9.2")),
    ("1GQN-200", "旋耕机", "machine", "幅宽 2.0 m", "", "1GQN", "set", None),
    ("JK-M01", "男式夹克", "garment", "", "", "2026 秋冬", "pcs", None),
    ("SC-HB", "产品画册", "printed", "A4 32P 铜版纸", "", "", "pcs", None),
]


def _catalog(admin, workshops):
    units = {}
    for code, name, decimals in (("pcs", "件", 0), ("set", "台", 0), ("kg", "千克", 3)):
        units[code], _ = Unit.objects.get_or_create(
            code=code, defaults={"name": name, "decimals": decimals}
        )
    items = {}
    for code, name, kind, spec, grade, series, unit, weight in ITEMS:
        items[code] = Item.objects.filter(code=code).first() or catalog.create_item(
            actor=admin,
            code=code,
            name=name,
            kind=kind,
            unit=units[unit],
            spec=spec,
            grade=grade,
            model_series=series,
            weight_per_unit=weight,
        )
    if items["BZ-120"].confusion_group_id is None:
        catalog.create_confusion_group(
            actor=admin,
            name="半轴类易混件",
            note="D1-3.3 分批分时转序",
            items=[items["BZ-120"], items["DZ-80"], items["BZK-12"]],
        )
        catalog.define_process_sheet(
            actor=admin,
            item=items["BZ-120"],
            steps=[
                {"sequence": 10, "name": "下料", "workshop": workshops["XL"]},
                {"sequence": 20, "name": "车削", "workshop": workshops["JJ"]},
                {"sequence": 30, "name": "铣键槽", "workshop": workshops["JJ"]},
                {"sequence": 40, "name": "焊接法兰", "workshop": workshops["HJ"]},
                {"sequence": 50, "name": "装配", "workshop": workshops["ZP"]},
            ],
        )
        catalog.create_variants(
            actor=admin, item=items["JK-M01"], colours=["藏青", "卡其"], sizes=["S", "M", "L", "XL"]
        )
    return items


CUSTOMERS = [
    ("C001", "河北丰田农机经销部", "0311-8765 4321"),
    ("C002", "上海锦程服饰有限公司", "021-6234 5678"),
    ("C003", "杭州云印文化传媒", "0571-8888 1234"),
]


def _orders(items, factory):
    User = get_user_model()
    merchandiser = User.objects.get(username="zhangwei")
    if Order.objects.exists():
        return
    customers = {
        code: Customer.objects.filter(code=code).first()
        or sales.create_customer(
            actor=merchandiser, code=code, name=name, phone=phone, merchandiser=merchandiser
        )
        for code, name, phone in CUSTOMERS
    }
    today = timezone.localdate()
    sales.create_order(
        actor=merchandiser,
        customer=customers["C001"],
        channel=Order.Channel.PHONE,
        order_type=Order.OrderType.MACHINERY,
        order_date=today - timedelta(days=20),
        delivery_date=today + timedelta(days=25),
        payment_terms="款到发货",
        lines=[
            {"item": items["1GQN-200"], "quantity": 12, "unit_price": "18600"},
            {"item": items["BZ-120"], "quantity": 40, "unit_price": "235"},
        ],
    )
    variant = items["JK-M01"].variants.order_by("code").first()
    garment = sales.create_order(
        actor=merchandiser,
        customer=customers["C002"],
        channel=Order.Channel.FAX,
        order_type=Order.OrderType.GARMENT,
        order_date=today - timedelta(days=10),
        delivery_date=today + timedelta(days=60),
        payment_terms="月结 30 天",
        lines=[{"variant": variant, "quantity": 1200, "unit_price": "168"}],
    )
    sales.confirm_order(
        actor=merchandiser,
        order=garment,
        called_person="上海锦程 采购 刘小姐",
        confirmed_text="传真订单 1200 件，藏青 S 码，交期确认",
    )
    sales.create_order(
        actor=merchandiser,
        customer=customers["C003"],
        channel=Order.Channel.FAX,
        order_type=Order.OrderType.PRINTING,
        order_date=today - timedelta(days=2),
        delivery_date=today + timedelta(days=14),
        lines=[{"item": items["SC-HB"], "quantity": 5000, "unit_price": "3.2"}],
    )
    sales.place_factory_order(
        actor=merchandiser,
        order=garment,
        factory=factory,
        due_date=today + timedelta(days=50),
        contact_name="邓芳",
        contact_phone="0510-8888 6666",
        note="面料由我司提供",
    )


# What each demo login shows first (printed by `gendan demo`).
WHAT_TO_SEE = {
    "admin": "人员与岗位、仓库设置、工作日历、公司政策",
    "wangfang": "手机写转序单、待料区",
    "lijun": "待我签字：产成品入库单",
    "zhaogang": "入库单签字、开生产批次（流转卡）",
    "sunli": "转序单接收签字",
    "zhoujie": "转序单交出数量签字",
    "wuqiang": "成品库库存、入库单签字、盘点",
    "zhengmin": "盘点审核、库位",
    "chenjing": "转序单登记、生产批次、仓库所管物料",
    "hetao": "外购件入库单",
    "guoqiang": "外协发料单",
    "maxiaoling": "差旅费报销审批、应收款",
    "luoxin": "接单、客户来电与传真",
    "liangchen": "跟单表导入、催件答复",
    "songyu": "操作日志、单据簿（只读）",
    "tangwei": "核单组分单、差错考核、跟单报表",
    "hanxue": "外协工厂检验、检验日报",
    "zhangwei": "订单看板、一张订单页、送货单、客户回访",
    "dengfang": "本厂订单、待工厂签字的检验报告",
    "kongliang": "钢材库、退料单签字",
    "qianjin": "外购件入库单质量签字",
    "liumin": "我的运单（核单组）",
    "zhoumei": "请假中：运单已转给同事",
    "hejing": "夜班跟单员：白班的核单组不给她分运单",
}


def logins_with_hints(logins):
    """(username, name, role, what to look at) for every demo login, the module demos'
    people included."""
    User = get_user_model()
    seen = {username for username, *_rest in logins}
    rows = [
        (username, name, role, WHAT_TO_SEE.get(username, "")) for username, name, role in logins
    ]
    for username in _module_people():
        user = User.objects.filter(username=username).first()
        if user is None or username in seen:
            continue
        grant = user.role_grants.select_related("role").first()
        role = grant.role.name if grant else ""
        rows.append((username, user.first_name, role, WHAT_TO_SEE.get(username, "")))
    return rows


def real_users():
    """User names in the database that the demo did not create: a database with any of
    them holds real data, and the demo (with its published password) stays out of it."""
    demo_names = {"admin", *(username for username, *_rest in PEOPLE), *_module_people()}
    names = get_user_model().objects.values_list("username", flat=True)
    return sorted(name for name in names if name not in demo_names)


def _module_people():
    """User names a module demo creates: its `PEOPLE` rows start with the user name."""
    for module_name in MODULE_DEMOS:
        try:
            module = import_module(module_name)
        except ModuleNotFoundError:
            continue
        yield from (row[0] for row in getattr(module, "PEOPLE", ()))
