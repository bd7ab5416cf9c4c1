"""One parser for quantities, money and dates (issue 8 item 4): each refusal names the
field and what was expected, numbers are bounded to their column, and a Chinese user
reads the messages in Chinese."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from gendan.core.parsing import (
    ParseError,
    column_of,
    parse_date,
    parse_decimal,
    parse_money,
    parse_quantity,
)


class Unit:
    def __init__(self, name, decimals):
        self.name, self.decimals = name, decimals

    def __str__(self):
        return self.name


JIAN, MI, KG = Unit("件", 0), Unit("米", 2), Unit("千克", 3)


@pytest.fixture(autouse=True)
def english():
    """The exact wording is asserted in English; the last test reads it in Chinese."""
    with translation.override("en"):
        yield


LINE = {"field": "lines[2].quantity", "label": "Line 2: quantity"}


# ---------------------------------------------------------------- quantities
@pytest.mark.parametrize(
    ("raw", "unit", "expected"),
    [
        ("12", JIAN, Decimal("12")),
        (" 1,250 ", JIAN, Decimal("1250")),
        ("１２", JIAN, Decimal("12")),  # full-width digits from a Chinese input method
        ("2.75", MI, Decimal("2.75")),
        (Decimal("0.125"), KG, Decimal("0.125")),
        (3, JIAN, Decimal("3")),
    ],
)
def test_a_quantity_in_its_units_precision_is_taken_as_typed(raw, unit, expected):
    assert parse_quantity(raw, unit=unit, **LINE) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("abc", "Line 2: quantity must be a number, not “abc”."),
        ("", "Line 2: quantity must be a number, not “”."),
        ("NaN", "Line 2: quantity must be a number, not “NaN”."),
        ("0", "Line 2: quantity must be greater than zero (got 0)."),
        ("-5", "Line 2: quantity must be greater than zero (got -5)."),
        ("1.5", "Line 2: quantity: 件 allows 0 decimal places (got 1.5)."),
    ],
)
def test_a_bad_quantity_is_refused_naming_the_line_and_what_was_expected(raw, message):
    with pytest.raises(ParseError) as refused:
        parse_quantity(raw, unit=JIAN, **LINE)
    assert str(refused.value) == message
    assert refused.value.field == "lines[2].quantity"


def test_a_quantity_too_large_for_its_column_names_the_largest_that_can_be_kept():
    with pytest.raises(ParseError) as refused:
        parse_quantity("100000000000", unit=KG, column=(14, 3), **LINE)
    assert str(refused.value) == (
        "Line 2: quantity: 100000000000 is too large; the most that can be kept is 99999999999.999."
    )
    assert parse_quantity("99999999999.999", unit=KG, column=(14, 3), **LINE) == Decimal(
        "99999999999.999"
    )


def test_the_column_caps_the_places_of_a_unit_finer_than_the_column():
    with pytest.raises(ParseError, match="allows 3 decimal places"):
        parse_quantity("1.0001", decimals=6, column=(14, 3), **LINE)


def test_zero_is_accepted_only_when_the_caller_allows_it():
    assert parse_quantity("0", unit=JIAN, allow_zero=True, **LINE) == 0
    with pytest.raises(ParseError, match="cannot be negative"):
        parse_quantity("-1", unit=JIAN, allow_zero=True, **LINE)


def test_an_import_report_reads_the_short_problem_and_expected_parts():
    with pytest.raises(ParseError) as refused:
        parse_quantity("2.5", unit=JIAN, **LINE)
    assert (refused.value.problem, refused.value.expected) == (
        "too many decimal places",
        "0 decimal places at most",
    )


# ---------------------------------------------------------------- money
def test_money_is_kept_to_the_fen_and_bounded_to_its_column():
    money = {"field": "amount", "label": "Amount", "column": (10, 2)}
    assert parse_money("1,234.50", **money) == Decimal("1234.50")
    with pytest.raises(ParseError) as refused:
        parse_money("12.345", **money)
    assert str(refused.value) == "Amount: at most 2 decimal places (got 12.345)."
    with pytest.raises(ParseError) as refused:
        parse_money("100000000", **money)
    assert str(refused.value) == (
        "Amount: 100000000 is too large; the most that can be kept is 99999999.99."
    )
    with pytest.raises(ParseError) as refused:
        parse_money("0", **money)
    assert str(refused.value) == "Amount must be greater than zero (got 0)."
    assert refused.value.field == "amount"


def test_a_price_may_be_zero_but_not_negative():
    price = {"field": "lines[1].unit_price", "label": "Line 1: unit price", "column": (14, 4)}
    assert parse_decimal("0", **price) == 0
    assert parse_decimal("12.3456", **price) == Decimal("12.3456")
    with pytest.raises(ParseError, match=r"^Line 1: unit price cannot be negative \(got -1\)\.$"):
        parse_decimal("-1", **price)


@pytest.mark.django_db
def test_column_of_reads_the_digits_from_the_model_field():
    from gendan.sales.models import OrderLine, Payment

    assert column_of(OrderLine, "quantity") == (14, 3)
    assert column_of(Payment, "amount") == (16, 2)


# ---------------------------------------------------------------- dates
@pytest.mark.parametrize(
    "raw",
    [
        "2025-03-31",
        "2025/3/31",
        "2025.03.31",
        "20250331",
        "2025年3月31日",
        "2025 年 3 月 31 号",
        "２０２５－０３－３１",
        datetime.date(2025, 3, 31),
        datetime.datetime(2025, 3, 31, 9, 30),
    ],
)
def test_iso_and_common_chinese_date_forms_are_read(raw):
    assert parse_date(raw, field="delivery_date", label="Delivery date") == datetime.date(
        2025, 3, 31
    )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            "31/03/2025",
            "Delivery date must be a date such as 2025-03-31 or 2025年3月31日, not “31/03/2025”.",
        ),
        (
            "2025-02-30",
            "Delivery date must be a date such as 2025-03-31 or 2025年3月31日, not “2025-02-30”.",
        ),
        ("", "Delivery date: give a date such as 2025-03-31."),
        (
            "1899-12-31",
            "Delivery date: 1899-12-31 is not a plausible date (years 1900 to 2200).",
        ),
        (
            "2201-01-01",
            "Delivery date: 2201-01-01 is not a plausible date (years 1900 to 2200).",
        ),
    ],
)
def test_a_bad_date_is_refused_naming_the_field_and_the_forms_accepted(raw, message):
    with pytest.raises(ParseError) as refused:
        parse_date(raw, field="delivery_date", label="Delivery date")
    assert str(refused.value) == message
    assert refused.value.field == "delivery_date"


def test_a_blank_optional_date_is_none():
    assert parse_date("  ", field="feedback_due_date", label="Feedback", required=False) is None
    assert parse_date(None, field="feedback_due_date", label="Feedback", required=False) is None


# ---------------------------------------------------------------- Chinese by default
def test_messages_are_in_chinese_for_a_chinese_user(settings):
    with translation.override(settings.LANGUAGE_CODE):
        with pytest.raises(ParseError) as refused:
            parse_quantity("1.5", unit=JIAN, field="lines[2].quantity", label="第2行：数量")
        assert str(refused.value) == "第2行：数量：件只允许 0 位小数（填的是 1.5）。"
        with pytest.raises(ParseError) as refused:
            parse_date("明天", field="delivery_date", label="交货日期")
        assert "交货日期" in str(refused.value) and "2025-03-31" in str(refused.value)
        assert "must" not in str(refused.value)


@pytest.mark.parametrize("huge", ["1e300", "1E+30", "123456789012345678901234567890"])
def test_an_enormous_number_is_refused_by_its_size_not_a_crash(huge):
    """Issue 9: 1e300 once made quantize raise InvalidOperation (a 500)."""
    from gendan.core import parsing

    for parse in (
        lambda: parsing.parse_quantity(huge, decimals=3, field="quantity", label="数量"),
        lambda: parsing.parse_money(huge, field="amount", label="金额"),
    ):
        with pytest.raises(parsing.ParseError):
            parse()
