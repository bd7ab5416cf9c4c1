"""D3-1: the day's tracking sheet is read as it really comes — every encoding, the header
wherever it is, dirty header names, wrapped ids, total rows and mangled numbers."""

import pytest

from gendan.logistics.sheets.headers import HeaderNotFound
from gendan.logistics.sheets.reader import inspect, read_tracking_sheet
from tests.logistics.sheets import (
    TAOBAO_HEADER,
    taobao_rows,
    write_csv,
    write_raw,
    write_xlsx,
)

DOUYIN_HEADER = ["主订单编号", "子订单编号", "收件人", "收件人手机", "详细地址", "快递公司", "快递单号", "发货时间"]  # fmt: skip


def test_taobao_gbk_sheet_with_crlf_and_trailing_commas_reads_every_row(tmp_path):
    """D3-1: 淘宝 downloads are GBK with CRLF and one empty field more than the header."""
    path = write_csv(tmp_path, taobao_rows(), encoding="gbk", line_end="\r\n")
    assert b"\r\n" in path.read_bytes()

    result = inspect(path)

    assert result["encoding"] == "gbk"
    assert result["header_row"] == 1
    assert result["columns"] == {
        "order_number": "订单编号",
        "tracking_number": "物流单号 ",
        "carrier": "物流公司",
        "consignee": "收货人姓名",
        "phone": "联系手机",
        "address": "收货地址 ",
    }
    assert result["rows"] == 3
    assert result["skipped"] == []
    assert result["carriers"] == {"yuantong": 1, "shunfeng": 1, "shentong": 1}
    first = result["preview"][0]
    assert first["order_number"] == "3515313147329357"
    assert first["tracking_number"] == "YT1234567890123"
    assert first["phone"] == "13800000001"
    assert first["phone_kind"] == "mobile"
    assert first["row"] == 2


def test_unquoted_formula_wrapped_ids_lose_their_wrapper(tmp_path):
    """D3-1: `="…"` as back offices write it, not quoted by a csv writer."""
    text = '订单编号,物流单号,物流公司\r\n="35153131473293579",="YT7654321098765",圆通速递,\r\n'
    result = inspect(write_raw(tmp_path, text, encoding="gbk"))

    assert result["preview"][0]["order_number"] == "35153131473293579"
    assert result["preview"][0]["tracking_number"] == "YT7654321098765"
    assert result["skipped"] == []


def test_douyin_utf8_bom_sheet_with_tab_wrapped_ids_and_hidden_phones(tmp_path):
    """D3-1: 抖音 exports are UTF-8 with a BOM; ids start with a tab; phones come
    encrypted ($$…) or as virtual numbers with an extension."""
    rows = [
        DOUYIN_HEADER,
        ["\t6917926768823643751", "\t6917926768823643752", "赵六", "$$Xk29dQ==$$", "广东省深圳市南山区", "中通速递", "\t75312345678901", "2026-11-28 09:10:00"],
        ["\t6917926768823643761", "\t6917926768823643762", "孙七", "13912345678-1234", "广东省广州市天河区", "极兔速递", "\tJT0001234567890", "2026-11-28 09:12:00"],
    ]  # fmt: skip
    result = inspect(write_csv(tmp_path, rows, encoding="utf-8-sig"))

    assert result["encoding"] == "utf-8-sig"
    assert result["columns"]["order_number"] == "主订单编号"
    first, second = result["preview"]
    assert first["order_number"] == "6917926768823643751"
    assert first["tracking_number"] == "75312345678901"
    assert (first["phone"], first["phone_kind"]) == ("$$Xk29dQ==$$", "encrypted")
    assert (second["phone"], second["phone_kind"]) == ("13912345678-1234", "virtual")
    assert result["carriers"] == {"zhongtong": 1, "jtexpress": 1}


def test_plain_utf8_sheet_is_reported_as_utf8(tmp_path):
    rows = [["订单号", "运单号"], ["A-1001", "SF1234567890123"]]
    result = inspect(write_csv(tmp_path, rows, encoding="utf-8"))

    assert result["encoding"] == "utf-8"
    assert result["carriers"] == {"shunfeng": 1}


def test_pinduoduo_description_row_above_the_header_is_passed_over(tmp_path):
    """D3-1: 拼多多 puts a `名称：说明` row above the header; the phone column wanted is
    the consignee's, not ` 用户购买手机号`; masked phones stay masked."""
    rows = [
        ["名称：订单号 说明：拼多多订单编号", "名称：快递单号 说明：发货后填写"],
        ["订单号", "商品", "收货人", " 用户购买手机号", "收货人手机号", "收货地址", "快递单号", "快递公司"],
        ["231128-123456789012345", "数据线", "周八", "137****0000", "138****1234", "北京市朝阳区建国路8号", "YT1111222233334", "圆通快递"],
    ]  # fmt: skip
    result = inspect(write_csv(tmp_path, rows, encoding="gbk"))

    assert result["header_row"] == 2
    assert result["columns"]["phone"] == "收货人手机号"
    row = result["preview"][0]
    assert (row["phone"], row["phone_kind"]) == ("138****1234", "masked")
    assert row["order_number"] == "231128-123456789012345"


def test_erp_sheet_with_title_rows_in_gb18030_finds_the_header_below_20_title_rows(tmp_path):
    """D3-1: ERPs write up to ~20 title rows; a name outside GBK needs GB18030."""
    titles = [["某某商贸有限公司发货明细表"], ["导出时间：2026-11-29 08:00"], [""]]
    titles += [[f"备注{number}：请核对后回传"] for number in range(16)] + [[""]]
    rows = [*titles, ["订单号", "收货人", "运单号", "物流公司", "物流状态"]]
    rows.append(
        ["ERP-0001", "吉𠮷", "DPK123456789012", "德邦物流", "已由菜鸟驿站代收，请凭取件码取件"]
    )
    path = write_csv(tmp_path, rows, encoding="gb18030")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("gbk")

    result = inspect(path)

    assert result["encoding"] == "gb18030"
    assert len(titles) == 20
    assert result["header_row"] == 21
    row = result["preview"][0]
    assert row["consignee"] == "吉𠮷"
    assert row["carrier"] == "debangkuaidi"
    assert (row["status"], row["status_text"]) == (
        "awaiting_pickup",
        "已由菜鸟驿站代收，请凭取件码取件",
    )


def test_merged_group_row_in_xlsx_is_not_taken_for_the_header(tmp_path):
    """D3-1: a merged group row (订单信息 | 收货信息) sits above the real header."""
    rows = [
        [],
        ["订单编号", "运单编号", "货运公司名称", "收货客户名称", "收货客户手机", "收货客户地址"],
        ["XS-20261128-01", "JDX012345678901", "京东物流", "吴九", 13800000009.0, "四川省成都市武侯区"],
    ]  # fmt: skip
    merged = [(0, 0, 0, 2, "订单信息"), (0, 3, 0, 5, "收货信息")]
    result = inspect(write_xlsx(tmp_path, rows, merged=merged))

    assert result["encoding"] is None
    assert result["header_row"] == 2
    row = result["preview"][0]
    assert row["phone"] == "13800000009"
    assert row["carrier"] == "jd"


def test_dirty_header_names_are_recognised_and_reported_as_written(tmp_path):
    """D3-1: spaces, line breaks, a leading ', quotes, （必填）/(必填) and bracket widths."""
    header = [
        "'订单编号",
        "快递单号（必填）",
        '"快递公司"',
        "收货人\n姓名",
        " 联系电话 ",
        "收货地址(必填)",
        "发货时间（北京）",
    ]
    rows = [
        header,
        ["NO-1", "SF1234567890123", "顺丰速运", "郑十", "13800000010", "天津市", "2026-11-28"],
    ]
    result = inspect(write_csv(tmp_path, rows))

    assert result["columns"] == {
        "order_number": "'订单编号",
        "tracking_number": "快递单号（必填）",
        "carrier": '"快递公司"',
        "consignee": "收货人\n姓名",
        "phone": " 联系电话 ",
        "address": "收货地址(必填)",
    }
    assert result["preview"][0]["consignee"] == "郑十"


def test_every_id_wrapper_is_taken_off(tmp_path):
    """D3-1: `="…"`, a tab, a leading ', `No:` — the preview shows the bare number."""
    rows = [
        ["订单编号", "快递单号", "联系手机"],
        ['="1001"', '="YT1234567890123"', "'13800000001"],
        ["\t1002", "\tSF1234567890123", "\t13800000002"],
        ["'1003", "No:YT2234567890123", "13800000003"],
        ["1004", "NO：JT1234567890123", "+86 138 0000 0004"],
    ]
    result = inspect(write_csv(tmp_path, rows))

    assert [(row["order_number"], row["tracking_number"], row["phone"]) for row in result["preview"]] == [
        ("1001", "YT1234567890123", "13800000001"),
        ("1002", "SF1234567890123", "13800000002"),
        ("1003", "YT2234567890123", "13800000003"),
        ("1004", "JT1234567890123", "13800000004"),
    ]  # fmt: skip


def test_total_rows_null_cells_and_blank_rows(tmp_path):
    """D3-1: a 总计 row is skipped with its reason; `null` is an empty cell; blank rows
    are not counted."""
    rows = [
        ["订单编号", "物流单号", "收货人", "联系手机", "收货地址"],
        ["2001", "YT1234567890123", "null", "NULL", "null"],
        ["", "", "", "", ""],
        ["2002", "null", "钱一", "13800000020", "重庆市"],
        ["总计", "", "", "", "2单"],
    ]
    result = inspect(write_csv(tmp_path, rows))

    assert result["rows"] == 3
    assert [(entry["row"], entry["code"]) for entry in result["skipped"]] == [(5, "total_row")]
    first, second = result["preview"]
    assert (first["consignee"], first["phone"], first["phone_kind"], first["address"]) == (
        "",
        "",
        "missing",
        "",
    )
    assert second["tracking_number"] == ""
    assert result["carriers"] == {"yuantong": 1, "unknown": 1}


def test_excel_mangled_ids_are_flagged_with_their_row_never_guessed(tmp_path):
    """D3-1: `6.91793E+18` has lost its digits: the row is set aside, named, not matched."""
    rows = [
        ["订单编号", "物流单号", "物流公司"],
        ["3001", "YT1234567890123", "圆通"],
        ["6.91793E+18", "YT1234567890124", "圆通"],
        ["3003", "6.91793E+18", "圆通"],
    ]
    result = inspect(write_csv(tmp_path, rows))

    assert [entry["row"] for entry in result["skipped"]] == [3, 4]
    assert {entry["code"] for entry in result["skipped"]} == {"excel_number"}
    assert "订单编号" in result["skipped"][0]["reason"]
    assert "6.91793E+18" in result["skipped"][1]["reason"]
    assert [row["row"] for row in result["preview"]] == [2]


def test_an_id_stored_as_a_big_number_in_xlsx_is_flagged(tmp_path):
    """D3-1: a 19-digit id typed into Excel as a number is no longer the id."""
    rows = [
        ["订单编号", "物流单号"],
        [6917926768823643751, "YT1234567890123"],
        [3515313147329357, "YT1234567890124"],
    ]
    result = inspect(write_xlsx(tmp_path, rows))

    assert [(entry["row"], entry["code"]) for entry in result["skipped"]] == [(2, "excel_number")]
    assert result["preview"][0]["order_number"] == "3515313147329357"


def test_a_row_split_by_a_stray_comma_is_set_aside(tmp_path):
    text = "订单编号,物流单号,收货地址\n4001,YT1234567890123,北京市,海淀区\n4002,YT1234567890124,上海市,\n"
    result = inspect(write_raw(tmp_path, text))

    assert [(entry["row"], entry["code"]) for entry in result["skipped"]] == [(2, "extra_fields")]
    assert [row["order_number"] for row in result["preview"]] == ["4002"]


def test_a_column_without_a_header_filled_in_most_rows_is_ignored_not_refused(tmp_path):
    text = "订单编号,物流单号\n4101,YT1234567890123,备注一\n4102,YT1234567890124,备注二\n4103,YT1234567890125,\n"
    result = inspect(write_raw(tmp_path, text))

    assert result["skipped"] == []
    assert [row["order_number"] for row in result["preview"]] == ["4101", "4102", "4103"]


def test_a_row_without_any_number_is_named(tmp_path):
    rows = [["订单编号", "物流单号", "收货人"], ["", "", "孤行"], ["5002", "!!坏单号", "钱二"]]
    result = inspect(write_csv(tmp_path, rows))

    assert [(entry["row"], entry["code"]) for entry in result["skipped"]] == [
        (2, "no_number"),
        (3, "not_an_id"),
    ]


def test_a_sheet_without_a_recognisable_header_is_refused_with_what_was_expected(tmp_path):
    rows = [["名字", "东西"], ["a", "b"]]
    with pytest.raises(HeaderNotFound) as refusal:
        inspect(write_csv(tmp_path, rows))
    assert "订单编号" in str(refusal.value)


def test_an_xls_download_that_is_really_csv_text_is_read_as_csv(tmp_path):
    path = write_csv(tmp_path, taobao_rows(), name="ExportOrderList.xls", encoding="gbk")
    assert inspect(path)["rows"] == 3


def test_bytes_read_the_same_as_the_file(tmp_path):
    path = write_csv(tmp_path, taobao_rows(), encoding="gbk")
    assert inspect(path.read_bytes()) == inspect(path)


def test_rows_of_a_large_sheet_keep_their_spreadsheet_row_numbers(tmp_path):
    rows = [TAOBAO_HEADER] + [
        [str(6000 + number), "", "", "", "", f"YT{number:013d}", "圆通", ""] for number in range(50)
    ]
    sheet = read_tracking_sheet(write_xlsx(tmp_path, rows))

    assert [row.row for row in sheet.rows][:3] == [2, 3, 4]
    assert sheet.rows[-1].row == 51
    assert sheet.rows[-1].order_number == "6049"
