"""Issue 13 (D3-1): the bulk reader takes plain rows column by column; it must read
every sheet exactly as the row-by-row reader does — same rows, same values, same rows
set aside with the same reasons, same count read."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gendan.logistics.sheets import cells
from gendan.logistics.sheets.reader import TrackingSheet, _take_row, _take_rows

POSITIONS = {
    "order_number": 0,
    "tracking_number": 1,
    "carrier": 2,
    "consignee": 3,
    "phone": 4,
    "address": 5,
    "status": 6,
    "shipped_at": 7,
}
WIDTH = 8
LABELS = {"order_number": "订单编号 ", "tracking_number": "物流单号"}
cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            " ",
            "null",
            "NaN",
            "none",
            "1e5",
            "12E3",
            "6.91793E+18",
            "总计",
            "合计：3",
            "Total",
            "'13800000001",
            '="3515313147329357"',
            "\t6917926768823643751",
            "No:YT1234567890123",
            "13800000001",
            "12800000001",
            "138****1234",
            "$$abc",
            "13800000001-1234",
            "顺丰速运",
            "中通快递",
            "百世汇通",
            "已由菜鸟驿站代收",
            "已签收",
            "拒收",
            "SF1234567890123",
            "jd0012345678",
            "EA123456789CN",
            "773012345678",
            "浙江省 杭州市\n西湖区",
            "\u200b张三",
            "张三",
            "-",
            "tb_1",
            "ab-12",
        ]
    ),  # fmt: skip
    st.from_regex(r"[A-Za-z]{0,3}[0-9]{0,18}", fullmatch=True),
    st.from_regex(r'=\s?"[ tA-Za-z0-9"]{0,18}"?', fullmatch=True),
)
rows_strategy = st.lists(st.lists(cell, min_size=0, max_size=10), max_size=30)


def _row_by_row(rows):
    sheet = TrackingSheet(encoding=None, header_row=1, columns=LABELS)
    for index, row_cells in enumerate(rows):
        _take_row(sheet, index + 2, row_cells, POSITIONS, WIDTH)
    return sheet


def _in_bulk(rows):
    sheet = TrackingSheet(encoding=None, header_row=1, columns=LABELS)
    _take_rows(sheet, [["header"], *rows], 1, POSITIONS, WIDTH)
    return sheet


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=rows_strategy)
def test_the_bulk_reader_reads_random_rows_as_the_row_by_row_reader_does(rows):
    """D3-1 / issue 13: 唐伟's 100,000-row sheet is read in bulk, with no change in
    what is read, cleaned or set aside."""
    slow, fast = _row_by_row(rows), _in_bulk(rows)
    assert fast.rows == slow.rows
    assert [row.as_dict() for row in fast.rows] == [row.as_dict() for row in slow.rows]
    assert fast.skipped == slow.skipped
    assert fast.read == slow.read


def test_a_plain_sheet_is_taken_in_bulk_and_an_odd_row_alone(monkeypatch):
    """The fast path is really used: only the odd rows (a total row, a wrapped id) go
    through the row-by-row reader."""
    taken_alone = []
    from gendan.logistics.sheets import reader

    original = reader._take_row

    def spy(result, number, *args):
        taken_alone.append(number)
        return original(result, number, *args)

    monkeypatch.setattr(reader, "_take_row", spy)
    rows = [
        ["3515313147329357", "SF1234567890123", "顺丰速运", "张三", "13800000001", "杭州", "已签收", ""],
        ['="3515313147329358"', "YT1234567890123", "圆通", "李四", "138****0002", "南京", "", ""],
        ["\t3515313147329359", "773012345678", "申通", "王五", "'13800000003", "上海", "", ""],
        ["总计", "", "", "", "", "", "", "3"],
    ]  # fmt: skip
    sheet = _in_bulk(rows)
    assert taken_alone == [4, 5]  # the 淘宝 `="…"` row is plain enough; a tab is not
    assert [row.order_number for row in sheet.rows] == [
        "3515313147329357", "3515313147329358", "3515313147329359",
    ]  # fmt: skip
    assert sheet.rows[0].carrier == "shunfeng" and sheet.rows[0].phone_kind == cells.MOBILE
    assert [entry["code"] for entry in sheet.skipped] == ["total_row"]
