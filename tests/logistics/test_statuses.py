"""D3-1: a sheet's or a trace's free status text becomes one of the controlled list,
with the original kept."""

import pytest

from gendan.logistics.statuses import TrackingStatus, normalise_status

S = TrackingStatus


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("已揽收", S.COLLECTED),
        ("【杭州市】顺丰速运 已收取快件", S.COLLECTED),
        ("快递员已揽件", S.COLLECTED),
        ("运输中", S.IN_TRANSIT),
        ("快件已到达【杭州转运中心】", S.IN_TRANSIT),
        ("快件离开【上海分拨中心】，发往【北京】", S.IN_TRANSIT),
        ("派送中", S.OUT_FOR_DELIVERY),
        ("【北京市】快递员正在派件，电话：13800000000", S.OUT_FOR_DELIVERY),
        ("待取件", S.AWAITING_PICKUP),
        ("您的快件已由菜鸟驿站代收，请凭取件码取件", S.AWAITING_PICKUP),
        ("快件已存放至丰巢快递柜，请凭取件码取件", S.AWAITING_PICKUP),
        ("已由【小区驿站】代收", S.AWAITING_PICKUP),
        ("已签收", S.SIGNED),
        ("快件已被 本人 签收", S.SIGNED),
        ("您的快件已凭取货码签收", S.SIGNED),
        ("已妥投", S.SIGNED),
        ("拒收", S.REFUSED),
        ("客户拒签，原因：不想要了", S.REFUSED),
        ("退回中", S.RETURNING),
        ("快件已退回，正在返回寄件人", S.RETURNED),
        ("退件途中", S.RETURNING),
        ("已退回", S.RETURNED),
        ("退回件已签收", S.RETURNED),
        ("问题件", S.PROBLEM),
        ("快件异常：地址不详", S.PROBLEM),
        ("包裹破损", S.PROBLEM),
        ("signed", S.SIGNED),
    ],
)
def test_free_text_is_normalised_to_the_controlled_list(text, status):
    result = normalise_status(text)
    assert result.status == status
    assert result.original == text


@pytest.mark.parametrize("text", ["", "null", "卖家已备货", "请联系客服"])
def test_text_that_says_nothing_known_has_no_status_but_keeps_the_original(text):
    result = normalise_status(text)
    assert result.status is None
    assert result.original == ("" if text == "null" else text)


def test_the_controlled_list_has_nine_statuses():
    assert len(TrackingStatus) == 9
