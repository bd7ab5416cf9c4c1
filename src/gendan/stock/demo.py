"""The warehouse of the demo factory (`gendan demo`, issue 10): a warehouse that works
out of the box, written through the services and the stock ledger only.

  - 成品库 (CP) manages the machine and its parts, 钢材库 (GC) the steel plate; each has
    storage places with their ledger locations; GC has its own storekeeper (孔亮) and an
    incoming-goods inspector (钱进) who sees the purchased receipts he signs;
  - opening stock with batches and expiry dates (one batch near expiry);
  - a production receipt and a purchased receipt in every state: draft, waiting for each
    signer, posted, reversed;
  - a steel issue (posted), a return with its explanation (posted, and one waiting for the
    storekeeper), a production issue waiting for the transfer clerk, an outsourcing issue
    waiting for the outsourcing coordinator;
  - a count in progress, and one counted and waiting for the chief storekeeper.

Loading twice changes nothing: the people and places are found again, and the stock and
papers are written only when the demo batch "GC-2509" does not exist yet.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from gendan.core import chains
from gendan.org import services as org
from gendan.org.models import Employee, Role, Site, StoragePlace, Warehouse
from gendan.sales.models import Order
from gendan.stock import batches, counts, ledger
from gendan.stock.locations import (
    OPENING_CODE,
    location_for_storage_place,
    manage_item,
    standard_location,
)
from gendan.stock.models import Batch
from gendan.stock.slips import services as slips
from gendan.stock.slips.models import SlipKind

PASSWORD = "gendan-demo"
MARKER_BATCH = ("GB-Q235-10", "GC-2509")

# storage places: warehouse code → [(code, name)]
PLACES = {
    "CP": [("A-01", "整机区"), ("A-02", "零件区"), ("B-01", "待发区")],
    "GC": [("R-01", "板材区"), ("R-02", "棒材区")],
}
MANAGED = {"CP": ["1GQN-200", "BZ-120", "DZ-80", "BZK-12"], "GC": ["GB-Q235-10"]}
# (username, name, role, warehouse code): the people of the steel warehouse
PEOPLE = [
    ("kongliang", "孔亮", "storekeeper", "GC"),
    ("qianjin", "钱进", "inspector", "GC"),
]
# opening stock: (warehouse, place, item, batch, days to expiry or None, quantity)
OPENING = [
    ("CP", "A-01", "1GQN-200", "CP-2510-01", 720, "8"),
    ("CP", "A-01", "1GQN-200", "CP-2511-01", 900, "6"),
    ("CP", "A-02", "BZ-120", "BZ-2510", 365, "120"),
    ("CP", "A-02", "DZ-80", "DZ-2509", 300, "40"),
    ("CP", "A-02", "BZK-12", "BZK-2505", 20, "30"),  # near expiry
    ("GC", "R-01", "GB-Q235-10", "GC-2509", 120, "413"),
    ("GC", "R-01", "GB-Q235-10", "GC-2511", 400, "1000"),
]


def load(context):
    places = _places(context)
    _people(context)
    for code, items in MANAGED.items():
        warehouse = Warehouse.objects.get(code=code)
        for item_code in items:
            manage_item(actor=context.admin, warehouse=warehouse, item=context.items[item_code])
    item_code, number = MARKER_BATCH
    if Batch.objects.filter(item=context.items[item_code], number=number).exists():
        return
    _opening_stock(context, places)
    demo = _Demo(context)
    demo.production_receipts()
    demo.purchased_receipts()
    demo.steel_issue_and_returns()
    demo.issues_waiting()
    demo.counts(places)


def _places(context):
    """{(warehouse code, place code): Location}, created once."""
    found = {}
    for code, rows in PLACES.items():
        warehouse = Warehouse.objects.get(code=code)
        for place_code, name in rows:
            place, _created = StoragePlace.objects.get_or_create(
                warehouse=warehouse, code=place_code, defaults={"name": name}
            )
            found[(code, place_code)] = location_for_storage_place(
                actor=context.admin, storage_place=place
            )
    return found


def _people(context):
    User = get_user_model()
    for username, name, role_code, warehouse_code in PEOPLE:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username, password=PASSWORD, first_name=name)
        if not Employee.objects.filter(user=user).exists():
            org.create_employee(
                actor=context.admin,
                code=f"W-{username}",
                name=name,
                site=context.plant,
                user=user,
            )
        role = Role.objects.get(code=role_code)
        warehouse = Warehouse.objects.get(code=warehouse_code)
        if not user.role_grants.filter(role=role, scope_key=warehouse.scope_key).exists():
            org.grant_role(actor=context.admin, user=user, role=role, warehouse=warehouse)


def _opening_stock(context, places):
    today = timezone.localdate()
    opening = standard_location(OPENING_CODE)
    moves = []
    for warehouse, place, item_code, number, days, quantity in OPENING:
        item = context.items[item_code]
        batch = batches.batch_for(
            item,
            number,
            expires_on=today + datetime.timedelta(days=days) if days else None,
            received_on=today - datetime.timedelta(days=30),
        )
        moves.append(
            ledger.Move(item, Decimal(quantity), opening, places[(warehouse, place)], batch)
        )
    ledger.post_moves(actor=context.admin, moves=moves)


class _Demo:
    """The demo's slips, each written and signed by the person whose job it is."""

    def __init__(self, context):
        self.context = context
        self.items = context.items
        self.cp = context.warehouse
        self.gc = Warehouse.objects.get(code="GC")
        self.jj = context.workshops["JJ"]
        self.user = context.user
        self.order = _machinery_order(context)

    # ------------------------------------------------------------ production receipts
    def production_receipts(self):
        """生产入库单 of 半轴 for the 旋耕机 order, one in each state."""
        signers = [self.user("lijun"), self.user("zhaogang"), self.user("wuqiang")]
        for quantity, signed in (("5", None), ("6", 0), ("7", 1), ("8", 2), ("10", 3)):
            self._production_receipt(quantity, signed, signers)
        posted = self._production_receipt("4", 3, signers)
        reversal = slips.reverse_slip(
            actor=self.user("wuqiang"), slip=posted, reason="重复入库，冲销"
        )
        _sign(reversal, signers)

    def _production_receipt(self, quantity, signed, signers):
        slip = slips.write_slip(
            actor=self.user("chenjing"),
            kind=SlipKind.PRODUCTION_RECEIPT,
            warehouse=self.cp,
            workshop=self.jj,
            order=self.order,
            lines=[{"item": self.items["BZ-120"], "quantity": quantity, "note": "精车完工"}],
        )
        return _through(slip, signed, signers)

    # ------------------------------------------------------------ purchased receipts
    def purchased_receipts(self):
        """外购入库单 of steel plate from the steel trader into 钢材库, one in each state."""
        supplier = Site.objects.get(code="S-BG")
        signers = [self.user("qianjin"), self.user("kongliang"), self.user("hetao")]
        today = timezone.localdate()
        for index, (quantity, signed) in enumerate(
            (("500", None), ("620", 0), ("480", 1), ("750", 2), ("300", 3)), start=1
        ):
            self._purchased_receipt(supplier, quantity, signed, signers, index, today)
        posted = self._purchased_receipt(supplier, "200", 3, signers, 9, today)
        reversal = slips.reverse_slip(
            actor=self.user("kongliang"), slip=posted, reason="规格不符，整批退回供应商"
        )
        _sign(reversal, signers)

    def _purchased_receipt(self, supplier, quantity, signed, signers, index, today):
        slip = slips.write_slip(
            actor=self.user("kongliang"),
            kind=SlipKind.PURCHASED_RECEIPT,
            warehouse=self.gc,
            partner=supplier,
            lines=[
                {
                    "item": self.items["GB-Q235-10"],
                    "quantity": quantity,
                    "batch_number": f"GC-2512-{index:02d}",
                    "expires_on": today + datetime.timedelta(days=540),
                    "note": f"炉号 Q235B-{8800 + index:04d}",
                }
            ],
        )
        return _through(slip, signed, signers)

    # ------------------------------------------------------------ steel
    def steel_issue_and_returns(self):
        """D1-3.1: 500 kg of plate issued to 机加车间 (first-expiry-first-out); D1-5.3: the
        offcut comes back with its explanation, one return posted, one waiting."""
        steel = self.items["GB-Q235-10"]
        issue = slips.write_slip(
            actor=self.user("liuyang"),
            kind=SlipKind.STEEL_ISSUE,
            warehouse=self.gc,
            workshop=self.jj,
            order=self.order,
            lines=[
                {
                    "item": steel,
                    "quantity": "500",
                    "product_model": "1GQN-200",
                    "part_name": "刀轴法兰",
                    "material_spec": "10×1500×6000",
                    "grade": "Q235B",
                    "weight": "500",
                }
            ],
        )
        _through(issue, 2, [self.user("zhaogang"), self.user("kongliang")])
        explanation = "下料排版优化，余料 %s 千克退回钢材库（检查员李军说明）"
        for quantity, signed in (("80", 2), ("35", 1)):
            back = slips.write_slip(
                actor=self.user("lijun"),
                kind=SlipKind.RETURN,
                warehouse=self.gc,
                workshop=self.jj,
                order=self.order,
                explanation=explanation % quantity,
                lines=[{"item": steel, "quantity": quantity}],
            )
            _through(back, signed, [self.user("zhaogang"), self.user("kongliang")])

    def issues_waiting(self):
        """A production issue waiting for the transfer clerk (then the team leader), and an
        outsourcing issue waiting for the outsourcing coordinator."""
        issue = slips.write_slip(
            actor=self.user("liuyang"),
            kind=SlipKind.PRODUCTION_ISSUE,
            warehouse=self.cp,
            workshop=self.jj,
            order=self.order,
            lines=[{"item": self.items["DZ-80"], "quantity": "12"}],
        )
        _through(issue, 1, [self.user("zhaogang")])
        outsourcing = slips.write_slip(
            actor=self.user("wuqiang"),
            kind=SlipKind.OUTSOURCING_ISSUE,
            warehouse=self.cp,
            partner=Site.objects.get(code="O-RC"),
            lines=[{"item": self.items["BZ-120"], "quantity": "20", "note": "调质处理"}],
        )
        slips.submit_slip(actor=outsourcing.document.author, slip=outsourcing)

    # ------------------------------------------------------------ counts
    def counts(self, places):
        """D1-1.5: the parts area is being counted; the machines area waits for approval."""
        keeper = self.user("wuqiang")
        in_progress = counts.open_count(actor=keeper, location=places[("CP", "A-02")])
        first = in_progress.lines.select_related("item", "batch").first()
        counts.record_counted(
            actor=keeper,
            sheet=in_progress,
            entries=[(first.item, first.batch, first.expected, False)],
        )
        handed_in = counts.open_count(actor=keeper, location=places[("CP", "A-01")])
        counts.record_counted(
            actor=keeper,
            sheet=handed_in,
            entries=[
                (line.item, line.batch, line.expected, False)
                for line in handed_in.lines.select_related("item", "batch")
            ],
        )
        counts.submit_count(actor=keeper, sheet=handed_in)
        chains.sign(actor=keeper, document=handed_in.document, note="已逐台清点")


def _machinery_order(context):
    """The 旋耕机 order of 河北丰田农机经销部 (taken by phone: confirmed)."""
    return Order.objects.filter(customer__code="C001").order_by("pk").first()


def _through(slip, signed, signers):
    """Submit `slip` and have its first `signed` signers sign (None: left a draft)."""
    if signed is None:
        return slip
    slip = slips.submit_slip(actor=slip.document.author, slip=slip)
    return _sign(slip, signers[:signed])


def _sign(slip, signers):
    if slip.document.status == "draft":
        slip = slips.submit_slip(actor=slip.document.author, slip=slip)
    for signer in signers:
        slip = slips.sign_slip(actor=signer, slip=slip, note="已核对")
    return slip
