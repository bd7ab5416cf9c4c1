"""A sheet's or a trace's free status text made one of the controlled list (D3-1).

The follow-up staff and the audit (D3-5) compare statuses, so every sheet's wording
(“已由菜鸟驿站代收，请凭取件码取件”, “快件已被 本人 签收”, “退回件已签收”) becomes one of
nine statuses; the original text is always kept beside it. Rules are tried in order, the
more specific first: a returned parcel “签收” by the sender is 已退回, not 已签收; a
parcel taken “凭取货码签收” from a station is signed, one waiting there is 待取件.
"""

import functools
import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import pgettext_lazy

from gendan.logistics.sheets.cells import plain_text


class TrackingStatus(models.TextChoices):
    COLLECTED = "collected", pgettext_lazy("tracking status", "Collected")  # 已揽收
    IN_TRANSIT = "in_transit", pgettext_lazy("tracking status", "In transit")  # 运输中
    OUT_FOR_DELIVERY = (
        "out_for_delivery",
        pgettext_lazy("tracking status", "Out for delivery"),
    )  # 派送中
    AWAITING_PICKUP = (
        "awaiting_pickup",
        pgettext_lazy("tracking status", "Waiting for pickup"),
    )  # 待取件
    SIGNED = "signed", pgettext_lazy("tracking status", "Signed for")  # 已签收
    REFUSED = "refused", pgettext_lazy("tracking status", "Refused")  # 拒收
    RETURNING = "returning", pgettext_lazy("tracking status", "Being returned")  # 退回中
    RETURNED = "returned", pgettext_lazy("tracking status", "Returned")  # 已退回
    PROBLEM = "problem", pgettext_lazy("tracking status", "Problem parcel")  # 问题件


S = TrackingStatus
RULES = (
    (S.RETURNED, r"已退回|退回成功|退件签收|退回件?.{0,6}签收|已退货签收|退回妥投|原件返回签收"),
    (S.REFUSED, r"拒收|拒签|拒绝签收|拒绝接收"),
    (S.RETURNING, r"退回中|退回|退件|返回中|返回寄件|退货中|逆向"),
    (S.PROBLEM, r"问题件|异常|疑难|破损|丢失|遗失|滞留|地址不详|地址错误|无法联系|联系不上|超区|拦截"),
    (S.SIGNED, r"凭取[货件]码签收|取件成功"),
    (S.AWAITING_PICKUP, r"驿站|快递柜|丰巢|代收点|自提柜|自提点|取件码|取货码|待取件|待自提|智能柜"),
    (S.SIGNED, r"已签收|签收|妥投|已收货|已送达|投递成功"),
    (S.OUT_FOR_DELIVERY, r"派送中|派件中|正在派送|正在派件|派送|派件|投递中|安排投递|送货中"),
    (S.IN_TRANSIT, r"运输中|在途|到达|发往|离开|转运|中转|已发出|运送中|途中|分拣|装车|航班"),
    (S.COLLECTED, r"已揽收|揽收|揽件|已收件|收件|已收取|已发货|已出库"),
)  # fmt: skip
_COMPILED = tuple((status, re.compile(pattern)) for status, pattern in RULES)
_CODES = {status.value: status for status in TrackingStatus}


@dataclass(frozen=True)
class NormalisedStatus:
    """`status` from the controlled list (None when the text says nothing known) and
    `original`, the text as the sheet wrote it."""

    status: TrackingStatus | None
    original: str


@functools.lru_cache(maxsize=4096)  # a sheet repeats a few dozen status texts
def normalise_status(text):
    original = plain_text(text)
    compact = "".join(original.split())
    exact = _CODES.get(compact.lower())
    if exact is not None:
        return NormalisedStatus(exact, original)
    for status, pattern in _COMPILED:
        if pattern.search(compact):
            return NormalisedStatus(status, original)
    return NormalisedStatus(None, original)
