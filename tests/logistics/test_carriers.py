"""D3-1: carriers from the sheet's name first, then from the number — certain only for
prefixed formats, candidates (never one confident answer) for pure digits."""

import pytest

from gendan.logistics import carriers


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("顺丰快递", "shunfeng"),
        ("顺丰速运", "shunfeng"),
        ("SF Express", "shunfeng"),
        ("中通速递", "zhongtong"),
        ("ZTO Express", "zhongtong"),
        ("圆通速递", "yuantong"),
        ("申通快递有限公司", "shentong"),
        ("韵达快递", "yunda"),
        ("京东物流", "jd"),
        ("EMS", "ems"),
        ("中国邮政EMS", "ems"),
        ("邮政快递包裹", "youzhengguonei"),
        ("中国邮政", "youzhengguonei"),
        ("极兔速递", "jtexpress"),
        ("J&T Express", "jtexpress"),
        ("百世汇通", "huitongkuaidi"),
        ("百世快递", "huitongkuaidi"),
        ("德邦物流", "debangkuaidi"),
        ("天天快递", "tiantian"),
        ("宅急送", "zhaijisong"),
        ("优速快递", "youshuwuliu"),
        ("跨越速运", "kuayue"),
        ("安能物流", "annengwuliu"),
        ("品骏快递", "pjbest"),
        (" 顺丰快递 ", "shunfeng"),
    ],
)
def test_carrier_names_map_to_one_kuaidi100_code(name, code):
    assert carriers.from_name(name) == code


@pytest.mark.parametrize("name", ["", "null", "其他", "自提", "中通快运", "Express"])
def test_unknown_names_and_freight_lines_map_to_nothing(name):
    assert carriers.from_name(name) is None


def test_every_named_code_is_a_declared_code():
    assert {code for code, _names in carriers.NAMES} == set(carriers.CODES)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("SF1234567890123", "shunfeng"),
        ("sf1234567890123", "shunfeng"),
        ("YT1234567890123", "yuantong"),
        ("JT0001234567890", "jtexpress"),
        ("JD0012345678901", "jd"),
        ("JDX012345678901", "jd"),
        ("JDV012345678901", "jd"),
        ("JDVA12345678901-1-1-", "jd"),
        ("DPK123456789012", "debangkuaidi"),
        ("EA123456785CN", "ems"),
    ],
)
def test_prefixed_formats_are_certain(number, code):
    detection = carriers.from_number(number)
    assert (detection.carrier, detection.candidates) == (code, (code,))


@pytest.mark.parametrize("length", range(10, 16))
def test_pure_digit_numbers_give_candidates_and_no_carrier(length):
    detection = carriers.from_number("7" * length)
    assert detection.carrier is None
    assert len(detection.candidates) >= 2
    assert set(detection.candidates) <= set(carriers.CODES)


@pytest.mark.parametrize("number", ["EA123456789CN", "RR123456785CN"])
def test_upu_numbers_with_a_wrong_check_digit_or_another_service_are_not_certain(number):
    detection = carriers.from_number(number)
    assert (detection.carrier, detection.candidates) == (None, ("ems", "youzhengguonei"))


@pytest.mark.parametrize("number", ["12345", "123456789012345678", "SF12", "ABC-1", ""])
def test_shapes_no_carrier_uses_give_nothing(number):
    detection = carriers.from_number(number)
    assert detection.carrier is None
    assert detection.candidates == ()


def test_the_sheet_column_wins_over_the_number():
    assert carriers.carrier_of("申通快递", "773012345678") == "shentong"
    assert carriers.carrier_of("", "SF1234567890123") == "shunfeng"
    assert carriers.carrier_of("", "773012345678") == carriers.UNKNOWN
