"""The express follow-up desk's demo (D3): two days' sheets (a 拼多多-like GBK csv with a
description row above the header, then a 淘宝-like one), matched and unmatched
waybills, 周梅 on leave today so the rows she had were handed to others, follow-ups,
a late waybill in 刘敏's queue, an urging list, two self-pickup rows, audit errors, a
retention lead and three months of daily figures. Then (issue 13's rest): 何静 on the
night shift (handed nothing), problems logged this week and last (one closed, one with
the weekly summary sent to the lead's channel), the day's urging list sent to
logistics and an answer fed back to the order taker, a regular customer told the
reorder discount, last week's team meeting and a sheet disagreement ruled. Last, a
parcel stored twice (by its order number, then by the carrier's tracking number) that a
third sheet tied together: the pair the team lead merges on 核单组. Last (D3-9, D3-1):
retention leads forwarded to 张伟, the customers' merchandiser (one open, one he closed)
and to the team lead (a customer not matched), and today's audit finding each kind of
error — missed, unfilled (a return recorded without a note) and non-standard (a status
against the carrier's final one); yesterday's sheet and calls handed to the auditor;
last week's and last month's reports sent to the team lead.
Loading twice changes nothing."""

import csv
import datetime
import io
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from gendan.core import notify
from gendan.core import policies as core_policies
from gendan.logistics import (
    disagreements,
    distribution,
    handover,
    importing,
    leads,
    meetings,
    policies,
    problems,
    report_messages,
    reports,
    services,
    urging,
)
from gendan.logistics.models import (
    DailySnapshot,
    Problem,
    RetentionLead,
    SheetDisagreement,
    TrackingImport,
    UrgeRequest,
    Waybill,
)
from gendan.org import services as org
from gendan.org.models import Employee, Role
from gendan.sales.models import Customer, Order

PASSWORD = "gendan-demo"
STAFF = [("liumin", "刘敏", "E101"), ("zhoumei", "周梅", "E102"), ("hejing", "何静", "E103")]
NIGHT_SHIFT = {"hejing"}
CHANNELS = [
    ("核单组长", "tangwei@example.com", policies.LEAD_CHANNEL),
    ("物流部", "liangchen@example.com", policies.LOGISTICS_CHANNEL),
    ("下单员", "orders@example.com", policies.ORDER_TAKER_CHANNEL),
    ("稽核专员", "audit@example.com", policies.AUDITOR_CHANNEL),
]
PEOPLE = STAFF  # the demo's own logins (gendan.demo.real_users)
PDD_HEADER = ["订单号", "收货人", "收货人手机号", "收货地址", "快递单号", "快递公司", "物流状态"]
TAOBAO_HEADER = [
    "订单编号",
    "收货人姓名",
    "联系手机",
    "收货地址 ",
    "物流单号 ",
    "物流公司",
    "物流状态",
]
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨"
CITIES = ["浙江省杭州市西湖区", "江苏省南京市鼓楼区", "上海市浦东新区", "河北省石家庄市裕华区"]
STATUSES = ["已揽收", "运输中", "快件已到达【杭州转运中心】", "派送中"]


def load(context):
    if TrackingImport.objects.exists():
        return
    lead = context.user("tangwei")
    staff = _staff(context)
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    first = _csv(PDD_HEADER, _pdd_rows(), encoding="gbk", title="名称：拼多多发货单导出")
    importing.import_sheet(actor=lead, file_bytes=first, file_name="拼多多-发货单.csv",
                           sheet_date=yesterday)  # fmt: skip
    distribution.distribute(actor=lead, day=yesterday)
    org.record_leave(actor=context.admin, employee=staff["zhoumei"].employee, starts_on=today,
                     ends_on=today + datetime.timedelta(days=2), reason="病假")  # fmt: skip
    second = _csv(TAOBAO_HEADER, _taobao_rows(), encoding="gbk")
    importing.import_sheet(actor=lead, file_bytes=second, file_name="淘宝-物流跟踪.csv",
                           sheet_date=today)  # fmt: skip
    distribution.distribute(actor=lead, day=today)
    _follow_ups(lead, staff, today)
    _snapshots(today)
    _channels(context)
    _problems(lead, staff, today)
    _urging_sent(context, lead, today)
    _retention(lead)
    _meeting(lead, staff, today)
    _disagreement(lead, today)
    _pair_to_merge(lead, today)
    _leads_handled(staff)
    _audit_every_kind(lead, staff, today)
    handover.send_to_auditor(yesterday)  # D3-5: yesterday's sheet and calls, handed over
    _reports_sent(today)


def _staff(context):
    User = get_user_model()
    role = Role.objects.get(code="merchandiser")
    people = {}
    for username, name, code in STAFF:
        user = User.objects.filter(username=username).first() or User.objects.create_user(
            username, password=PASSWORD, first_name=name
        )
        if not Employee.objects.filter(user=user).exists():
            shift = Employee.Shift.NIGHT if username in NIGHT_SHIFT else Employee.Shift.DAY
            org.create_employee(actor=context.admin, code=code, name=name, site=context.plant,
                                user=user, shift=shift)  # fmt: skip
        if not user.role_grants.filter(role=role).exists():
            org.grant_role(actor=context.admin, user=user, role=role)
        people[username] = user
    return people


def _csv(header, rows, *, encoding, title=None):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if title:
        writer.writerow([title])
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


PDD_ROWS = 300  # issue 13: "a day's sheet of 300 rows in a 拼多多-like layout"


def _pdd_rows():
    """Yesterday's sheet of PDD_ROWS parcels: the demo's orders by number, one customer
    by phone, the rest platform orders Gendan does not know (they wait in the unmatched
    list)."""
    rng = random.Random(3)
    rows = []
    for number in Order.objects.order_by("id").values_list("number", flat=True)[:3]:
        rows.append([number, "采购部", f"139{rng.randrange(10**8):08d}", CITIES[3] + "槐安路 8 号",
                     f"SF{rng.randrange(10**12):013d}", "顺丰速运", "运输中"])  # fmt: skip
    customer = Customer.objects.filter(code="C001").first()
    if customer is not None:
        rows.append(["", customer.name, customer.phone, CITIES[3] + "裕华路 1 号",
                     f"YT{rng.randrange(10**12):013d}", "圆通速递", "派送中"])  # fmt: skip
    for index in range(PDD_ROWS - len(rows)):
        name = SURNAMES[index % len(SURNAMES)] + "先生"
        phone = f"13{rng.randrange(10**9):09d}"
        if index % 3 == 0:
            phone = f"{phone[:3]}****{phone[-4:]}"
        rows.append([f"2603{rng.randrange(10**12):012d}", name, phone,
                     CITIES[index % len(CITIES)] + f"{index + 1} 号", f"77{rng.randrange(10**10):010d}",
                     "中通快递", STATUSES[index % len(STATUSES)]])  # fmt: skip
    return rows


def _taobao_rows():
    """Today's sheet: two of yesterday's parcels at a station (self-pickup), one
    signed, one refused, and a few new parcels."""
    old = list(Waybill.objects.filter(matched_by="").order_by("id")[:4])
    rows = []
    texts = ["已由菜鸟驿站代收，请凭取件码取件", "快件已存放至丰巢智能柜", "已签收，签收人：本人",
             "客户拒收，退回中"]  # fmt: skip
    for waybill, text in zip(old, texts, strict=False):
        rows.append([f'="{waybill.order_number}"', waybill.consignee, waybill.phone,
                     waybill.address, f'="{waybill.tracking_number}"', "中通快递", text])  # fmt: skip
    rng = random.Random(5)
    for index in range(6):
        rows.append([f'="3515{rng.randrange(10**12):012d}"', f"顾客{index + 1}",
                     f"'13{rng.randrange(10**9):09d}", CITIES[index % 4] + "文三路 2 号",
                     f'="JT{rng.randrange(10**12):013d}"', "极兔速递", "已揽收"])  # fmt: skip
    return rows


def _follow_ups(lead, staff, today):
    liu = staff["liumin"]
    mine = list(Waybill.objects.filter(assignee=liu).order_by("id"))
    statuses = ["in_transit", "out_for_delivery", "awaiting_pickup", "signed", "problem"]
    for waybill, status in zip(mine[1:], statuses, strict=False):
        services.record_followup(actor=liu, waybill=waybill, status=status, note="已电话联系客户",
                                 is_interested=status == "signed")  # fmt: skip
    if mine:  # the late one: no new status for five days, urged for a same-day delivery
        late = mine[0]
        Waybill.objects.filter(pk=late.pk).update(
            status_changed_at=timezone.now() - datetime.timedelta(days=5)
        )
        services.request_urge(actor=lead, waybill=late, note="客户要求今天送到", is_same_day=True)
    services.run_audit(actor=lead, day=today - datetime.timedelta(days=1))


def _snapshots(today):
    """Three months of daily figures, so this month compares with last."""
    rng = random.Random(11)
    for back in range(1, 92):
        day = today - datetime.timedelta(days=back)
        received = rng.randrange(250, 330) if back > 30 else rng.randrange(300, 420)
        figures = {
            "sheets": 1, "received": received, "matched": int(received * 0.9),
            "followed": int(received * 0.8), "signed": int(received * 0.7),
            "refused": rng.randrange(2, 8), "returned": rng.randrange(1, 5),
            "pickup_waiting": rng.randrange(3, 12), "urges_handled": rng.randrange(5, 15),
            "errors": rng.randrange(0, 4) if back > 30 else rng.randrange(2, 9),
            "leads": rng.randrange(3, 10),
        }  # fmt: skip
        DailySnapshot.objects.get_or_create(day=day, defaults={"figures": figures})


def _channels(context):
    """E-mail channels for the lead, logistics and the order takers, named by policy."""
    for name, address, policy in CHANNELS:
        notify.save_channel(actor=context.admin, name=name, kind="email", recipients=address)
        core_policies.set_policy(actor=context.admin, declared_policy=policy, value=name)


def _problems(lead, staff, today):
    """D3-3: last week a lost parcel (closed) and a wrong address; this week a damaged
    one; last week's summary sent to the lead."""
    liu = staff["liumin"]
    mine = list(Waybill.objects.filter(assignee=liu).order_by("id")[:3])
    if len(mine) < 3:
        return
    lost = problems.record_problem(actor=liu, waybill=mine[0], kind="lost", note="网点查无此件")
    wrong = problems.record_problem(actor=liu, waybill=mine[1], kind="wrong_address",
                                    note="门牌号写错，已联系客户改地址")  # fmt: skip
    last_week = timezone.now() - datetime.timedelta(days=7)
    Problem.objects.filter(pk__in=[lost.pk, wrong.pk]).update(reported_at=last_week)
    problems.close_problem(actor=lead, problem=lost, closing_note="快递公司已赔付，补发")
    problems.record_problem(actor=liu, waybill=mine[2], kind="damaged", note="外箱压坏，客户拍照")
    problems.send_weekly_summary(problems.week_start(today) - datetime.timedelta(days=7))


def _urging_sent(context, lead, today):
    """D3-4: the day's list sent to logistics; 梁晨 answers one, the order taker told."""
    urging.send_urging_list(today)
    answer = UrgeRequest.objects.filter(answered_at__isnull=True).first()
    clerk = get_user_model().objects.filter(username="liangchen").first()
    if answer is not None and clerk is not None:
        services.answer_urge(actor=clerk, urge=answer, answer="已联系网点，今天下午派送")


def _retention(lead):
    """D3-9: a matched customer found signed is told the reorder discount."""
    waybill = (
        Waybill.objects.filter(customer__isnull=False, assignee__isnull=False)
        .exclude(status__in=("signed", "returned"))
        .order_by("id")
        .first()
    )
    if waybill is not None:
        services.record_followup(actor=lead, waybill=waybill, status="signed",
                                 note="已签收，告知老客户复购优惠", is_interested=True)  # fmt: skip


def _meeting(lead, staff, today):
    """D3-10: last week's team meeting."""
    held_on = problems.week_start(today) - datetime.timedelta(days=3)
    meetings.save_meeting(
        actor=lead, held_on=held_on, attendees=[lead, staff["liumin"], staff["zhoumei"]],
        notes="刘敏：问题件 2 单（丢件已赔付）；周梅：病假前的单已交接。",
        decisions="问题件当天登记；自提件每天提醒一次。",
    )  # fmt: skip


def _disagreement(lead, today):
    """A carrier's return sheet names 申通 for a 中通 parcel: the lead dismisses it."""
    waybill = Waybill.objects.filter(carrier="zhongtong").order_by("id").first()
    if waybill is None:
        return
    row = [waybill.order_number, waybill.consignee, "", waybill.address,
           waybill.tracking_number, "申通快递", waybill.status_text]  # fmt: skip
    importing.import_sheet(actor=lead, file_bytes=_csv(PDD_HEADER, [row], encoding="utf-8-sig"),
                           file_name="申通-回单.csv", sheet_date=today)  # fmt: skip
    found = SheetDisagreement.objects.filter(waybill=waybill).first()
    if found is not None:
        disagreements.dismiss(actor=lead, disagreement=found)


MERGE_TRACKING = "4312345678901"  # 韵达; numbers no other demo sheet uses
MERGE_ORDER = "260399990001"


def _pair_to_merge(lead, today):
    """Issue 13 (D3-1, D3-2): the shop's sheet lists a platform order without its tracking
    number yet, the carrier's pick-up sheet lists the parcel without the order number,
    then the shop's next sheet names both: two stored waybills, one parcel, for the lead
    to merge on 核单组."""
    address = CITIES[0] + "文一路 9 号"
    sheets = [
        ("拼多多-待发货.csv", [MERGE_ORDER, "钱女士", "13800001234", address, "", "韵达快递",
                            "待揽收"]),
        ("韵达-揽收.csv", ["", "钱女士", "", address, MERGE_TRACKING, "韵达快递", "已揽收"]),
        ("拼多多-补单号.csv", [MERGE_ORDER, "钱女士", "", address, MERGE_TRACKING, "韵达快递",
                            "运输中"]),
    ]  # fmt: skip
    for name, row in sheets:
        importing.import_sheet(actor=lead, file_bytes=_csv(PDD_HEADER, [row], encoding="gbk"),
                               file_name=name, sheet_date=today)  # fmt: skip
    distribution.distribute(actor=lead, day=today)


def _leads_handled(staff):
    """D3-9: 张伟, the merchandiser of the demo's customers, follows up 上海锦程's parcel:
    signed and interested, so a lead is forwarded to him — he closes it, not interested
    for now. 河北丰田's lead (from `_retention`) stays open for him."""
    zhang = get_user_model().objects.filter(username="zhangwei").first()
    waybill = (
        Waybill.objects.filter(customer__code="C002", assignee__isnull=False).order_by("id").first()
    )
    if zhang is None or waybill is None:
        return
    services.record_followup(actor=waybill.assignee, waybill=waybill, status="signed",
                             note="已签收，告知老客户复购 95 折", is_interested=True)  # fmt: skip
    forwarded = RetentionLead.objects.filter(call__waybill=waybill, order_taker=zhang).first()
    if forwarded is not None and forwarded.state == RetentionLead.State.OPEN:
        leads.close_lead(actor=zhang, lead=forwarded, outcome="not_interested",
                         note="客户说下个月再订")  # fmt: skip


def _audit_every_kind(lead, staff, today):
    """D3-1: today's audit finds each kind of error on 刘敏's waybills: the ones she did
    not follow up today (missed), a return recorded without a note (unfilled) and a
    parcel the carrier says is signed recorded as out for delivery (non-standard)."""
    liu = staff["liumin"]
    mine = Waybill.objects.filter(assignee=liu).order_by("id")
    finished = mine.filter(status__in=services.FINISHED).first()
    if finished is not None:
        services.record_followup(actor=liu, waybill=finished, status="out_for_delivery",
                                 note="客户说还没收到")  # fmt: skip
    unfollowed = mine.filter(followed_at__isnull=True).exclude(status__in=services.FINISHED)
    returning = unfollowed.exclude(is_self_pickup=True).first()
    if returning is not None:
        services.record_followup(actor=liu, waybill=returning, status="returning")
    services.run_audit(actor=lead, day=today)


def _reports_sent(today):
    """D3-7, D3-8: last week's and last month's reports sent to the team lead."""
    monday = problems.week_start(today) - datetime.timedelta(days=7)
    report_messages.send_week_report(monday)
    last_month = reports.month_bounds(today.replace(day=1) - datetime.timedelta(days=1))[0]
    report_messages.send_month_report(last_month)
