"""Tracking sheets in the shapes real exports have, written into a test's tmp_path."""

import csv
import io

import xlsxwriter


def csv_bytes(rows, *, encoding="utf-8", line_end="\n"):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=line_end).writerows(rows)
    return buffer.getvalue().encode(encoding)


def write_csv(tmp_path, rows, *, name="sheet.csv", encoding="utf-8", line_end="\n"):
    path = tmp_path / name
    path.write_bytes(csv_bytes(rows, encoding=encoding, line_end=line_end))
    return path


def write_raw(tmp_path, text, *, name="sheet.csv", encoding="utf-8"):
    """Text written as is, for shapes csv.writer would quote away (`="…"`)."""
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(tmp_path, rows, *, name="sheet.xlsx", merged=()):
    """`rows` of values written with their Python types (a float stays a number cell);
    `merged` is a list of (first_row, first_col, last_row, last_col, text), 0-based."""
    path = tmp_path / name
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    for row_index, row in enumerate(rows):
        for col_index, value in enumerate(row):
            if value is not None and value != "":
                sheet.write(row_index, col_index, value)
    for first_row, first_col, last_row, last_col, text in merged:
        sheet.merge_range(first_row, first_col, last_row, last_col, text)
    workbook.close()
    return path


TAOBAO_HEADER = [
    "订单编号",
    "买家会员名",
    "收货人姓名",
    "收货地址 ",
    "联系手机",
    "物流单号 ",
    "物流公司",
    "订单状态",
]


def taobao_rows():
    """淘宝 export: ids kept as text with `="…"`, a trailing comma on every data row."""
    return [
        TAOBAO_HEADER,
        ['="3515313147329357"', "tb_zhang", "张三", "浙江省杭州市西湖区文三路1号", "'13800000001", '="YT1234567890123"', "圆通速递", "卖家已发货", ""],
        ['="3515313147329358"', "tb_li", "李四", "江苏省南京市鼓楼区中山路2号", "'13900000002", '="SF1234567890123"', "顺丰快递", "卖家已发货", ""],
        ['="3515313147329359"', "tb_wang", "王五", "上海市浦东新区世纪大道3号", "'13700000003", '="773012345678"', "申通快递有限公司", "卖家已发货", ""],
    ]  # fmt: skip
