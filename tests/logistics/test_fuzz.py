"""D3-1: random cell garbage never crashes the reader, and every bad row is named."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gendan.core.errors import DomainError
from gendan.logistics.sheets.reader import inspect
from tests.logistics.sheets import csv_bytes

HEADER = [
    "订单编号",
    "物流单号",
    "物流公司",
    "收货人",
    "联系手机",
    "收货地址",
    "物流状态",
    "发货时间",
]
MANGLED_ROW = ["7001", "6.91793E+18", "圆通", "", "", "", "", ""]
garbage = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["null", '="', '="12"', "'", "\t", "6.9E+18", "总计", "$$", "138****", "No:", "-"]
    ),
    st.from_regex(r"[A-Z]{0,3}[0-9]{0,16}(CN)?", fullmatch=True),
)
rows_strategy = st.lists(st.lists(garbage, min_size=0, max_size=10), max_size=25)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=rows_strategy, encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_random_cell_garbage_never_crashes_and_names_the_bad_row(rows, encoding):
    # a bare \r is a line break to every reader (and to Excel): it would start a new row
    clean = [[cell.replace("\x00", "").replace("\r", " ") for cell in row] for row in rows]
    sheet = [HEADER, *clean, MANGLED_ROW]
    mangled_row_number = len(sheet)

    result = inspect(csv_bytes(sheet, encoding=encoding))

    skipped_rows = [entry["row"] for entry in result["skipped"]]
    accepted_rows = [row["row"] for row in result["preview"]]
    assert result["header_row"] == 1
    assert mangled_row_number in skipped_rows
    assert all(2 <= number <= mangled_row_number for number in skipped_rows)
    assert all(entry["reason"] for entry in result["skipped"])
    assert not set(skipped_rows) & set(accepted_rows)
    assert result["accepted"] + len(skipped_rows) == result["rows"]
    assert sum(result["carriers"].values()) == result["accepted"]


HEADER_BYTES = "订单号,运单号\n".encode("utf-8-sig")


@settings(max_examples=150, deadline=None)
@given(
    content=st.one_of(
        st.binary(max_size=400).map(lambda tail: HEADER_BYTES + tail),
        st.binary(max_size=400).map(lambda tail: b"PK\x03\x04" + tail),
        st.binary(max_size=400),
    )
)
def test_any_bytes_are_read_or_refused_with_a_message_never_a_crash(content):
    try:
        result = inspect(content)
    except DomainError as refusal:
        assert str(refusal)
    else:
        assert result["header_row"] >= 1
