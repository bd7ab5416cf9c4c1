"""The shop floor's demo: assessments 考核, chaotic-stack refusals, placement suggestions
(D1-2.x, D1-4.9). Loading twice changes nothing.

- a lot of 30 销轴 (one operation, 车 in 机加车间) goes into 成品库 with a 入库 transfer;
  its production receipt was registered two working days ago and 吴强 signed it only
  now: a candidate against 成品库 for late acceptance (D1-2.1), which 吴强 has answered;
- 王芳 refused to take the 半轴 lot at 铣键槽 because the parts lay in a heap (D1-4.9):
  a candidate against 孙丽's team, waiting for her answer and 赵刚's decision;
- 王芳 suggested shelving for the 半轴 at 铣键槽 and 赵刚 accepted it (D1-2.3).
"""

import datetime
import struct
import zlib
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gendan.catalog import services as catalog
from gendan.catalog.models import Item
from gendan.core.calendar import WorkingCalendar
from gendan.core.models import Document
from gendan.shopfloor import assessment_services, assessment_suggestions, services
from gendan.shopfloor.assessment_models import Assessment, PlacementSuggestion
from gendan.shopfloor.models import Lot, TransferSlip
from gendan.stock.locations import manage_item
from gendan.stock.slips import services as slip_services

PIN = ("XZ-20", "销轴")


def load(context):
    if not Lot.objects.exists():
        return  # the lots and transfers demo did not run
    _late_receipt(context)
    _refusal(context)
    _suggestion(context)


# ---------------------------------------------------------------- a late receipt (D1-2.1)
def _late_receipt(context):
    if Assessment.objects.filter(source=Assessment.Source.LATE_RECEIPT).exists():
        return
    people = {name: context.user(name) for name in _SIGNERS}
    lot = services.start_lot(
        actor=people["chenjing"], item=_pin(context), quantity=Decimal(30), order=None
    )
    slip = services.write_transfer(
        actor=people["wangfang"],
        destination=TransferSlip.Destination.WAREHOUSE,
        warehouse=context.warehouse,
        lines=[{"lot": lot, "quantity": Decimal(30), "from_step": 10}],
    )
    for name in ("lijun", "zhoujie", "sunli", "chenjing"):
        slip = services.sign_transfer(actor=people[name], slip=slip, place="")
    receipt = TransferSlip.objects.get(pk=slip.pk).stock_slip
    registered = _two_working_days_ago()
    Document.objects.filter(pk=receipt.document_id).update(submitted_at=registered)
    for name in ("lijun", "zhaogang", "wuqiang"):
        receipt = slip_services.sign_slip(actor=people[name], slip=receipt)
    found = assessment_services.flag_late_receipt(receipt_document_id=receipt.document_id)
    if found is not None:
        assessment_services.respond(
            actor=people["wuqiang"],
            assessment=found,
            response="当天在做月底盘点，入库单到库房时已过下班时间，第二天补签。",
        )


_SIGNERS = ("chenjing", "wangfang", "lijun", "zhoujie", "sunli", "zhaogang", "wuqiang")


def _pin(context):
    item = Item.objects.filter(code=PIN[0]).first()
    if item is None:
        item = catalog.create_item(
            actor=context.admin,
            code=PIN[0],
            name=PIN[1],
            kind=context.items["BZ-120"].kind,
            unit=context.items["BZ-120"].unit,
            spec="Φ20×120",
        )
        catalog.define_process_sheet(
            actor=context.admin,
            item=item,
            steps=[{"sequence": 10, "name": "车", "workshop": context.workshops["JJ"]}],
        )
    manage_item(actor=context.admin, warehouse=context.warehouse, item=item)
    return item


def _two_working_days_ago():
    calendar = WorkingCalendar()
    day = calendar.add_working_days(timezone.localdate(), -2)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


# ---------------------------------------------------------------- a refused stack (D1-4.9)
def _refusal(context):
    if Assessment.objects.filter(source=Assessment.Source.REFUSAL).exists():
        return
    lot = Lot.objects.filter(item=context.items["BZ-120"]).order_by("pk").first()
    if lot is None:
        return
    steps = list(lot.steps.order_by("sequence").values_list("name", flat=True))
    assessment_services.refuse_chaotic_stack(
        actor=context.user("wangfang"),
        lot=lot,
        operation="铣键槽" if "铣键槽" in steps else steps[0],
        note="半轴散堆在铣床旁地面上，与刀轴混放，无法清点数量，拒绝接收转序。",
        photo=photo("stack.png"),
        person=context.user("sunli"),
    )


# ---------------------------------------------------------------- a suggestion (D1-2.3)
def _suggestion(context):
    if PlacementSuggestion.objects.exists():
        return
    suggestion = assessment_suggestions.suggest_placement(
        actor=context.user("wangfang"),
        workshop=context.workshops["JJ"],
        text="铣键槽工序旁增设两层货架，半轴按 10 件一层码放，便于清点，也避免与刀轴混放。",
        photo=photo("shelf.png"),
    )
    assessment_suggestions.accept(
        actor=context.user("zhaogang"),
        suggestion=suggestion,
        answer="同意，下周一前由设备组装好货架。",
    )


def photo(name, width=64, height=48):
    """A small grey PNG standing in for a phone photo."""
    rows = b"".join(b"\x00" + bytes([150, 150, 150]) * width for _row in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    content = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return SimpleUploadedFile(name, content, content_type="image/png")
