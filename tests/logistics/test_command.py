"""`gendan tracking inspect FILE --json` and `gendan tracking carrier NUMBER… --json`:
the command line the logistics desk and scripts use to look at a sheet before any
import (D3-1). Nothing is stored."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from gendan.cli import main
from gendan.logistics.models import TrackingImport, Waybill
from tests.logistics.desk import day_rows, sheet
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


def _import(path, *extra):
    out = io.StringIO()
    call_command("tracking", "import", str(path), "--as", "tangwei", *extra, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_tracking_import_stores_the_sheet_once_and_again_changes_nothing(lead, tmp_path):
    """D3-1: `gendan tracking import FILE --as tangwei` stores the day's sheet all or
    nothing; the same file a second time changes nothing."""
    path = tmp_path / "淘宝.csv"
    path.write_bytes(sheet(day_rows()))

    first = json.loads(_import(path, "--json"))
    waybills = Waybill.objects.count()
    second = json.loads(_import(path, "--json"))

    assert first["created"] == waybills == 3
    assert first["repeat"] is False
    assert (second["import"], second["created"], second["repeat"]) == (first["import"], 0, True)
    assert Waybill.objects.count() == waybills
    assert TrackingImport.objects.count() == 1


@pytest.mark.django_db
def test_tracking_import_names_the_bad_row_and_stores_nothing(lead, tmp_path):
    """D3-1: an Excel-mangled id refuses the whole sheet, naming the row."""
    rows = day_rows()
    rows[2] = ("", "王五", "13700000003", "上海", "6.91793E+18", "申通快递", "运输中")
    path = tmp_path / "bad.csv"
    path.write_bytes(sheet(rows))

    with pytest.raises(CommandError, match="第 4 行"):
        _import(path)

    assert not Waybill.objects.exists()
    assert not TrackingImport.objects.exists()
