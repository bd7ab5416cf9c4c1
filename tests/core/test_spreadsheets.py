"""Spreadsheet and csv reading shared by every import (issue 8, item 4)."""

import io

import pytest
import xlsxwriter

from gendan.core.errors import DomainError
from gendan.core.spreadsheets import (
    cell_text,
    detect_encoding,
    find_header,
    header_key,
    read_sheet,
    read_table,
)

TEXT = "物料编码,名称\r\nA-1,半轴\r\n"


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-8-sig"), "utf-8-sig"),
        (TEXT.encode("gbk"), "gbk"),
        ("物料编码,名称\n𠮷,䶮\n".encode("gb18030"), "gb18030"),
    ],
)
def test_csv_encoding_is_detected(content, encoding):
    assert detect_encoding(content) == encoding
    assert read_sheet(content, "x.csv").rows[0] == ["物料编码", "名称"]


def test_plain_ascii_csv_is_utf8():
    assert detect_encoding(b"code,name\r\nA-1,shaft\r\n") == "utf-8"


def test_text_in_no_accepted_encoding_is_refused_with_what_to_do():
    with pytest.raises(DomainError) as refusal:
        detect_encoding(b"\xef\xbb\xbf\xff\xfe")
    assert "CSV UTF-8" in str(refusal.value)


def test_read_table_takes_the_first_row_as_header_and_strips_cells():
    table = read_table(" 物料编码 ,名称\r\n A-1 ,半轴\r\n".encode("gbk"), "items.csv")
    assert table.header == ["物料编码", "名称"]
    assert table.rows == [["A-1", "半轴"]]
    assert table.first_row == 2


def test_an_empty_file_and_an_unknown_suffix_are_refused():
    with pytest.raises(DomainError):
        read_table(b"", "empty.csv")
    with pytest.raises(DomainError) as refusal:
        read_table(b"x", "items.pdf")
    assert "items.pdf" in str(refusal.value)


def test_ids_never_become_floats_and_lost_digits_show_as_e_notation():
    assert cell_text(1001.0) == "1001"
    assert cell_text(13800000001.0) == "13800000001"
    assert cell_text(12.5) == "12.5"
    assert cell_text(6917926768823643751.0) == "6.917926768823644e+18"
    assert cell_text(None) == ""


def test_xlsx_cells_are_text():
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["物料编码", "数量"])
    sheet.write_row(1, 0, [1001, 2.5])
    workbook.close()

    table = read_table(buffer.getvalue(), "items.xlsx")

    assert table.rows == [["1001", "2.5"]]


@pytest.mark.parametrize(
    "dirty",
    [
        "物流单号",
        " 物流单号 ",
        "'物流单号",
        '"物流单号"',
        "物流\n单号",
        "物流单号（必填）",
        "物流单号(必填)",
    ],
)
def test_dirty_header_cells_have_one_key(dirty):
    assert header_key(dirty) == header_key("物流单号")


def test_header_key_unifies_bracket_widths():
    assert header_key("商品总价（元）") == header_key("商品总价(元)")


def test_the_header_is_the_row_naming_most_fields_not_a_description_row():
    synonyms = {"code": ("物料编码", "编码"), "name": ("名称",), "unit": ("单位",)}
    rows = [["物料清单"], ["说明：物料编码 名称 单位"], ["编码", "名称", "单位"], ["A", "B", "C"]]

    match = find_header(rows, synonyms)

    assert match.row_number == 3
    assert match.positions == {"code": 0, "name": 1, "unit": 2}


def test_the_preferred_synonym_wins_when_two_columns_name_a_field():
    synonyms = {"phone": ("收货人手机", "用户购买手机号"), "name": ("收货人",)}
    match = find_header([["用户购买手机号", "收货人", "收货人手机"]], synonyms)
    assert match.positions == {"phone": 2, "name": 1}
    assert match.labels["phone"] == "收货人手机"


def test_no_header_is_none():
    assert find_header([["a", "b"]], {"code": ("编码",), "name": ("名称",)}) is None
