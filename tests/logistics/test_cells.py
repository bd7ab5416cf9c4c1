"""D3-1: cell by cell — ids stay text, phones are classified, total rows recognised."""

import pytest

from gendan.logistics.sheets import cells


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('="35153131473293579"', "35153131473293579"),
        ("\t6917926768823643751", "6917926768823643751"),
        ("'13800000001", "13800000001"),
        ("No:YT1234567890123", "YT1234567890123"),
        ("NO.SF1234567890123", "SF1234567890123"),
        ('\'="1001"', "1001"),
        ('"JT1234567890123"', "JT1234567890123"),
        ("  YT 1234 5678 90123 ", "YT1234567890123"),
        ("\ufeff1002\u3000", "1002"),
        ("1003.0", "1003"),
        ("null", ""),
        ("NULL", ""),
        ("", ""),
        ("-", ""),
    ],
)
def test_ids_lose_their_wrappers_and_stay_text(raw, expected):
    assert cells.normalise_id(raw) == expected


@pytest.mark.parametrize(
    "raw", ["6.91793E+18", "6.917926768823644e+18", "1E+15", "6917926768823643751.0"]
)
def test_numbers_excel_mangled_are_refused_not_guessed(raw):
    with pytest.raises(cells.BadCell) as refusal:
        cells.normalise_id(raw)
    assert refusal.value.code == "excel_number"


@pytest.mark.parametrize("raw", ["!!", "订单123", "a" * 65, "12 34?"])
def test_a_value_that_is_no_id_is_refused(raw):
    with pytest.raises(cells.BadCell) as refusal:
        cells.normalise_id(raw)
    assert refusal.value.code == "not_an_id"


def test_tracking_numbers_are_upper_cased_order_numbers_are_not():
    assert cells.normalise_id("yt1234567890123", upper=True) == "YT1234567890123"
    assert cells.normalise_id("tb-abc") == "tb-abc"


@pytest.mark.parametrize(
    ("raw", "number", "kind"),
    [
        ("13800000001", "13800000001", cells.MOBILE),
        ("'13800000001", "13800000001", cells.MOBILE),
        ("+86 138 0000 0001", "13800000001", cells.MOBILE),
        ("138-0000-0001", "13800000001", cells.MOBILE),
        ("8613800000001", "13800000001", cells.MOBILE),
        ("138****1234", "138****1234", cells.MASKED),
        ("*******1234", "*******1234", cells.MASKED),
        ("$$Xk29dQ==$$", "$$Xk29dQ==$$", cells.ENCRYPTED),
        ("~AgAAAAEzMjA=~", "~AgAAAAEzMjA=~", cells.ENCRYPTED),
        ("12345678901-1234", "12345678901-1234", cells.VIRTUAL),
        ("12345678901转1234", "12345678901-1234", cells.VIRTUAL),
        ("12345678901_567", "12345678901-567", cells.VIRTUAL),
        ("010-88886666", "010-88886666", cells.LANDLINE),
        ("null", "", cells.MISSING),
        ("", "", cells.MISSING),
        ("不详", "不详", cells.UNKNOWN),
    ],
)
def test_phones_are_classified(raw, number, kind):
    phone = cells.classify_phone(raw)
    assert (phone.number, phone.kind) == (number, kind)


def test_only_whole_phones_can_match_an_order():
    assert cells.classify_phone("13800000001").is_whole
    assert cells.classify_phone("12345678901-1234").is_whole
    assert not cells.classify_phone("138****1234").is_whole
    assert not cells.classify_phone("$$abc$$").is_whole


@pytest.mark.parametrize(
    "row",
    [["总计", "", "300"], ["", "合计：300单"], ["小计", "1"], ["Total", "3"], ['="总计"']],
)
def test_total_rows_are_recognised(row):
    assert cells.is_total_row(row)


def test_a_parcel_row_is_not_a_total_row():
    assert not cells.is_total_row(["1001", "总计公司", "YT1"])


def test_plain_text_joins_line_breaks_and_drops_null():
    assert cells.plain_text("浙江省\n杭州市  西湖区") == "浙江省 杭州市 西湖区"
    assert cells.plain_text("null") == ""
