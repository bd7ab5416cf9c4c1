"""Tracking sheets for the desk's tests, as bytes in a 淘宝-like layout."""

from tests.logistics.sheets import csv_bytes

HEADER = ["订单编号", "收货人姓名", "联系手机", "收货地址 ", "物流单号 ", "物流公司", "物流状态"]


def sheet(rows, *, encoding="gbk"):
    """`rows` of (order number, consignee, phone, address, tracking number, carrier,
    status), written with the 淘宝 `="…"` wrappers and CRLF line ends."""
    body = [HEADER] + [
        [f'="{order}"', name, phone, address, f'="{tracking}"', carrier, status]
        for order, name, phone, address, tracking, carrier, status in rows
    ]
    return csv_bytes(body, encoding=encoding, line_end="\r\n")


def day_rows(order_number="", status="运输中"):
    return [
        (order_number, "陈小红", "13912345678", "浙江省杭州市西湖区文三路 1 号", "SF1234567890123",
         "顺丰速运", status),
        ("", "李四", "13700000002", "江苏省南京市鼓楼区中山路 2 号", "YT1234567890124", "圆通速递",
         "已揽收"),
        ("", "王五", "137****0003", "上海市浦东新区世纪大道 3 号", "773012345678", "申通快递",
         "快件已到达【上海转运中心】"),
    ]  # fmt: skip
