"""Reading one field of a reply: the edge cases every client relies on (empty, whitespace, commas, zones)."""

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from backoffice import coerce

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(("value", "expected"), [
    (None, ""), ({"a": 1}, ""), ([1], ""), ("", ""), ("  Anna ", "  Anna "), (12, "12"), ("a\x00b", "a\ufffdb"),
])
def test_text_keeps_what_was_sent_and_empties_what_is_no_text(value, expected):
    assert coerce.text(value) == expected


def test_text_strips_when_asked():
    assert coerce.text("  Anna \n", strip=True) == "Anna"
    assert coerce.text(None, strip=True) == ""


@pytest.mark.parametrize(("value", "expected"), [
    (12, 12), (12.0, 12), ("12", 12), (" 12 ", 12), ("+12", 12), (0, 0),
    (None, None), ("", None), ("   ", None), (12.5, None), ("12.0", None), (True, None), ("twelve", None),
    (-1, None), ("-1", None), (float("nan"), None), (float("inf"), None), (2**63, None), ("1" * 20, None),
])
def test_whole_number(value, expected):
    assert coerce.whole_number(value) == expected


def test_whole_number_respects_the_maximum():
    assert coerce.whole_number(2**31 - 1, maximum=2**31 - 1) == 2**31 - 1
    assert coerce.whole_number(2**31, maximum=2**31 - 1) is None


@pytest.mark.parametrize(("value", "expected"), [
    ("12.5", Decimal("12.5")), (12.5, Decimal("12.5")), (7, Decimal(7)), (" 12.50 ", Decimal("12.50")),
    ("-3", Decimal(-3)), (None, None), ("", None), ("   ", None), ("12,50", None), ("abc", None), (True, None),
    ({}, None), ([], None), ("NaN", None), ("Infinity", None), (float("inf"), None),
])
def test_decimal(value, expected):
    assert coerce.decimal(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("12,50", Decimal("12.50")), (" -0,5 ", Decimal("-0.5")), ("12.50", Decimal("12.50")),
    ("1,250.00", None), ("1.250,00", None), ("12,", None), (",5", None),
])
def test_decimal_reads_a_german_comma_only_when_asked(value, expected):
    assert coerce.decimal(value, comma=True) == expected


def test_decimal_rounds_to_places_and_refuses_what_a_column_cannot_hold():
    assert coerce.decimal("12.345", places=Decimal("0.01")) == Decimal("12.34")  # banker's rounding, as before
    assert coerce.decimal("99999999.99", places=Decimal("0.01"), limit=Decimal(10) ** 8) == Decimal("99999999.99")
    assert coerce.decimal("100000000", limit=Decimal(10) ** 8) is None
    assert coerce.decimal("-100000000", limit=Decimal(10) ** 8) is None
    assert coerce.decimal("1e400", places=Decimal("0.01")) is None  # too large to round: no amount


def test_aware_datetime_keeps_an_offset_and_places_a_naive_moment_in_the_zone():
    assert coerce.aware_datetime("2026-11-20T10:15:00+01:00") == datetime(2026, 11, 20, 9, 15, tzinfo=UTC)
    assert coerce.aware_datetime("2026-11-20T10:15:00Z") == datetime(2026, 11, 20, 10, 15, tzinfo=UTC)
    summer = coerce.aware_datetime("2026-07-01 10:00:00", zone=BERLIN)
    assert summer == datetime(2026, 7, 1, 8, 0, tzinfo=UTC)  # daylight saving time: two hours ahead
    assert coerce.aware_datetime(" 2026-11-20T10:15:00 ", zone=UTC) == datetime(2026, 11, 20, 10, 15, tzinfo=UTC)


def test_aware_datetime_without_a_zone_uses_the_shops_time_zone(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    assert coerce.aware_datetime("2026-11-20T10:15:00") == datetime(2026, 11, 20, 9, 15, tzinfo=UTC)


@pytest.mark.parametrize("value", [None, "", "   ", 1700000000, "2026-02-30T10:00:00", "yesterday",
                                   "0001-01-01T00:00:00+14:00", "9999-12-31T23:00:00-12:00", {"at": "2026-11-20"}])
def test_aware_datetime_is_none_for_what_is_no_real_moment(value):
    assert coerce.aware_datetime(value, zone=BERLIN) is None  # the edge years: no such moment in Berlin


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-11-20", date(2026, 11, 20)), ("2026-11-20T23:30:00-05:00", date(2026, 11, 20)),
    (" 2026-11-20", date(2026, 11, 20)), ("2026-02-30", None), ("", None), (None, None), (20261120, None),
])
def test_day_is_the_day_as_written(value, expected):
    assert coerce.day(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (True, True), ("true", True), (" TRUE ", True), (1, True), ("1", True),
    (False, False), ("false", False), (0, False), ("0", False),
])
def test_flag(value, expected):
    assert coerce.flag(value) is expected


@pytest.mark.parametrize("value", [None, "", "yes", 2, 1.0, [], {}])
def test_flag_is_the_default_for_anything_else(value):
    assert coerce.flag(value) is False
    assert coerce.flag(value, default=True) is True
