"""The shop floor's demo: lots of 半轴, 刀轴 and 半轴壳 for the 1GQN-200 旋耕机 order and
transfer slips at every step of their chain — registered ones with rework, explained
scrap and an unexplained shortfall booked as scrap, parts in the waiting area, parts at
the outside heat treater, parts in the warehouse, and slips waiting for the inspector,
the operator and the receiver. Loading twice changes nothing the second time."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from gendan.catalog import services as catalog
from gendan.core.models import Document
from gendan.org import services as org
from gendan.org.models import Role, Site
from gendan.sales.models import Order
from gendan.shopfloor import (
    demo_archive,
    demo_assessment,
    demo_equipment,
    demo_flow,
    demo_wip,
    services,
)
from gendan.shopfloor.models import Lot, TransferSlip
from gendan.stock.slips import services as slip_services

D = TransferSlip.Destination
User = get_user_model()
# 刀轴 and 半轴壳: 车 → 热处理 (城东热处理厂, outside) → 磨, in 机加车间
ROUTE = [(10, "车", False), (20, "热处理", True), (30, "磨", False)]


def load(context):
    _load_lots_and_transfers(context)
    # the shop floor's other parts: each loads its own demo, idempotently
    demo_equipment.load(context)
    demo_assessment.load(context)
    demo_archive.load(context)
    demo_wip.load(context)
    demo_flow.load(context)


def _load_lots_and_transfers(context):
    if Lot.objects.exists():
        return
    _grants(context)
    for code in ("DZ-80", "BZK-12"):
        _route(context, context.items[code])
    people = {
        name: context.user(name) for name in ("wangfang", "lijun", "zhoujie", "sunli", "chenjing")
    }
    heat = Site.objects.get_or_create(
        code="O-RC", defaults={"name": "城东热处理厂", "kind": Site.Kind.OUTSOURCER}
    )[0]
    order = Order.objects.filter(lines__item=context.items["1GQN-200"]).first()
    _Demo(context, people, heat, order).run()


def _grants(context):
    """The clerk and the statistician of 机加车间 also cover 下料车间, where 半轴 start."""
    cutting = context.workshops["XL"]
    for username, role_code in (("wangfang", "clerk"), ("chenjing", "statistician")):
        user = context.user(username)
        role = Role.objects.get(code=role_code)
        if not user.role_grants.filter(role=role, workshop=cutting).exists():
            org.grant_role(actor=context.admin, user=user, role=role, workshop=cutting)


def _route(context, item):
    if hasattr(item, "process_sheet") and item.process_sheet.steps.exists():
        return
    machining = context.workshops["JJ"]
    catalog.define_process_sheet(
        actor=context.admin,
        item=item,
        steps=[
            {"sequence": sequence, "name": name, "workshop": machining, "is_outside": outside}
            for sequence, name, outside in ROUTE
        ],
    )


class _Demo:
    def __init__(self, context, people, heat, order):
        self.context, self.people, self.heat, self.order = context, people, heat, order
        self.hours_ago = 30  # each slip is written a little later than the one before

    def lot(self, code, quantity):
        lot = services.start_lot(
            actor=self.people["chenjing"],
            item=self.context.items[code],
            quantity=Decimal(quantity),
            order=self.order,
        )
        return Lot.objects.get(pk=lot.pk)

    def write(self, destination, lines, **fields):
        slip = services.write_transfer(
            actor=self.people["wangfang"], destination=destination, lines=lines, **fields
        )
        self.hours_ago -= 2
        Document.objects.filter(pk=slip.document_id).update(
            created_at=timezone.now() - timedelta(hours=self.hours_ago)
        )
        return slip

    def sign(self, slip, up_to, quality=(), handover=(), receipt=(), place="机加 A 区 3 号架"):
        steps = [
            ("lijun", {"lines": list(quality)}),
            ("zhoujie", {"lines": list(handover)}),
            ("sunli", {"lines": list(receipt), "place": place}),
            ("chenjing", {}),
        ]
        for username, data in steps[:up_to]:
            slip = services.sign_transfer(actor=self.people[username], slip=slip, **data)
        return slip

    def dispatch(self, slip):
        """郭强 (outsourcing coordinator) and the storekeeper sign the outsourcing issue slip
        the registration wrote: the parts leave for the outsourcer."""
        issue = TransferSlip.objects.get(pk=slip.pk).stock_slip
        if issue is None:
            return
        for role in ("outsourcing_coordinator", "storekeeper"):
            signer = (
                User.objects.filter(
                    role_grants__role__code=role, is_active=True, is_superuser=False
                )
                .order_by("pk")
                .first()
            )
            if signer is None:
                return
            issue = slip_services.sign_slip(actor=signer, slip=issue)

    def run(self):
        half_shafts = self.lot("BZ-120", 40)
        first = self.write(D.OPERATION, [{"lot": half_shafts, "quantity": 40, "from_step": 10}])
        self.sign(first, 4)
        turned = self.write(D.OPERATION, [{"lot": half_shafts, "quantity": 40, "from_step": 20}])
        self.sign(
            turned,
            4,
            quality=[{"position": 1, "passed": 38, "rework": 2}],
            handover=[
                {"position": 1, "handed_over": 37, "reason": "scrap", "note": "车削尺寸超差 1 件"}
            ],
        )
        waiting = self.write(
            D.WAITING,
            [{"lot": half_shafts, "quantity": 20, "from_step": 30}],
            waiting_reason="焊接车间法兰未到，暂存待料区",
        )
        self.sign(waiting, 4, place="焊接车间待料区 2 号架")
        pending = self.write(D.OPERATION, [{"lot": half_shafts, "quantity": 17, "from_step": 30}])
        self.sign(pending, 1)  # waits for the inspector

        cutter_shafts = self.lot("DZ-80", 25)
        short = self.write(
            D.OUTSIDE, [{"lot": cutter_shafts, "quantity": 25}], outsourcer=self.heat
        )
        short = self.sign(short, 4, handover=[{"position": 1, "handed_over": 24}], place="")
        self.dispatch(short)  # the outsourcing issue slip posts: the 24 are at 城东热处理厂
        # the 24 stay at 城东热处理厂 until its receipt (外购外协入库单) brings them back (D1-3.8)
        reworked = self.write(
            D.OPERATION,
            [{"lot": half_shafts, "quantity": 2, "from_step": 20, "source": "rework"}],
        )
        self.sign(reworked, 2)  # the 2 reworked half shafts: wait for the receiver

        housings = self.lot("BZK-12", 18)
        out = self.write(D.OUTSIDE, [{"lot": housings, "quantity": 18}], outsourcer=self.heat)
        self.sign(out, 3, place="")  # waits for the statistician to register it
