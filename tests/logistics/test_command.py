"""`gendan tracking inspect FILE --json` and `gendan tracking carrier NUMBER… --json`:
the command line the logistics desk and scripts use to look at a sheet before any
import (D3-1). Nothing is stored."""

import json

import pytest

from gendan.cli import main
from tests.logistics.sheets import taobao_rows, write_csv, write_xlsx


def run_gendan(argv, capsys):
    main(argv)
    return capsys.readouterr().out


def test_inspect_prints_the_inspection_as_json(tmp_path, capsys):
    """D3-1: encoding, header row, columns, rows, skipped, carriers and preview."""
    rows = [["公司：某某电商", "", ""], *taobao_rows(), ["总计", "", "", "", "", "", "", ""]]
    path = write_csv(tmp_path, rows, encoding="gbk", line_end="\r\n")

    result = json.loads(run_gendan(["tracking", "inspect", str(path), "--json"], capsys))

    assert set(result) >= {
        "encoding",
        "header_row",
        "columns",
        "rows",
        "skipped",
        "carriers",
        "preview",
    }
    assert result["encoding"] == "gbk"
    assert result["header_row"] == 2
    assert result["columns"]["tracking_number"] == "物流单号 "
    assert result["rows"] == 4
    assert result["skipped"][0]["row"] == 6
    assert result["skipped"][0]["code"] == "total_row"
    assert result["carriers"] == {"yuantong": 1, "shunfeng": 1, "shentong": 1}
    assert result["preview"][0]["order_number"] == "3515313147329357"
    assert result["preview"][2]["candidates"][:2] == ["zhongtong", "shentong"]


def test_inspect_reads_xlsx_too(tmp_path, capsys):
    path = write_xlsx(tmp_path, taobao_rows())

    result = json.loads(run_gendan(["tracking", "inspect", str(path), "--json"], capsys))

    assert result["encoding"] is None
    assert result["rows"] == 3


def test_inspect_without_json_prints_a_summary(tmp_path, capsys):
    path = write_csv(tmp_path, taobao_rows(), encoding="gbk")

    out = run_gendan(["tracking", "inspect", str(path)], capsys)

    assert "encoding: gbk" in out
    assert "rows: 3" in out


def test_inspect_of_a_missing_file_fails_with_the_reason(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["tracking", "inspect", str(tmp_path / "nope.csv"), "--json"])
    assert exit_info.value.code == 1
    assert "nope.csv" in capsys.readouterr().err


def test_inspect_of_a_sheet_without_header_fails_naming_the_expected_headers(tmp_path, capsys):
    path = write_csv(tmp_path, [["甲", "乙"], ["1", "2"]])
    with pytest.raises(SystemExit):
        main(["tracking", "inspect", str(path), "--json"])
    assert "订单编号" in capsys.readouterr().err


def test_carrier_prints_number_carrier_and_candidates(capsys):
    """D3-1: carrier is null unless the format is certain; digits give candidates."""
    out = run_gendan(
        ["tracking", "carrier", "SF1234567890123", "773012345678", "JDX012345678901", "--json"],
        capsys,
    )

    sf, digits, jd = json.loads(out)
    assert sf == {"number": "SF1234567890123", "carrier": "shunfeng", "candidates": ["shunfeng"]}
    assert digits["number"] == "773012345678"
    assert digits["carrier"] is None
    assert len(digits["candidates"]) >= 2
    assert jd["carrier"] == "jd"


def test_carrier_without_json_prints_one_line_per_number(capsys):
    out = run_gendan(["tracking", "carrier", "YT1234567890123", "12345"], capsys)
    assert out.splitlines() == ["YT1234567890123\tyuantong\tyuantong", "12345\t?\t"]
