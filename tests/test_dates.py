"""The one date and time grammar: every form a user may write, era boundaries, and the 和暦 written."""

from __future__ import annotations

import datetime as dt

import pytest

from ronten_cli.dates import (
    DateTimeError,
    era,
    full_width,
    jtime,
    parse_date,
    parse_time,
    read_date,
    read_datetime,
    read_time,
    read_value,
    wareki,
)

DEC_10 = dt.date(2026, 12, 10)


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-10",
        "2026/12/10",
        "2026.12.10",
        "2026年12月10日",
        "令和8年12月10日",
        "令和8年12月10日（木）",
        "令和8年12月10日(木)",
        "令和8年12月10日（木曜日）",
        "令和 8 年 12 月 10 日",
        "R8.12.10",
        "R8/12/10",
        "r8.12.10",
        "R8.12.10（木）",
        "令和８年１２月１０日",  # full-width digits
        "２０２６／１２／１０",
        "Ｒ８．１２．１０",
        "㋿8年12月10日",  # the one-character era sign
        " 2026-12-10 ",
    ],
)
def test_every_date_form_reads_as_the_same_day(text):
    assert read_date(text) == DEC_10


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("平成31年4月30日", dt.date(2019, 4, 30)),
        ("令和元年5月1日", dt.date(2019, 5, 1)),
        ("令和1年5月1日", dt.date(2019, 5, 1)),
        ("R元.5.1", dt.date(2019, 5, 1)),
        ("H31.4.30", dt.date(2019, 4, 30)),
        ("昭和64年1月7日", dt.date(1989, 1, 7)),
        ("平成元年1月8日", dt.date(1989, 1, 8)),
        ("大正15年12月24日", dt.date(1926, 12, 24)),
        ("昭和元年12月25日", dt.date(1926, 12, 25)),
        ("明治6年1月1日", dt.date(1873, 1, 1)),
        ("令和6年2月29日", dt.date(2024, 2, 29)),  # a leap year
        ("令和元年5月1日（水）", dt.date(2019, 5, 1)),
    ],
)
def test_era_dates_at_their_boundaries(text, expected):
    assert read_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "平成31年5月1日",
            "平成31年5月1日 is not a date of 平成 (平成 runs from 1989-01-08 to 2019-04-30); "
            "that day is 令和元年5月1日",
        ),
        (
            "令和元年4月30日",
            "令和元年4月30日 is not a date of 令和 (令和 runs from 2019-05-01); that day is 平成31年4月30日",
        ),
        ("R1.4.30", "R1.4.30 is not a date of 令和"),
        ("昭和64年1月8日", "昭和64年1月8日 is not a date of 昭和"),
        ("令和0年5月1日", "令和0年5月1日 is not a valid date (the first year of 令和 is 元年)"),
        ("2026-02-30", "2026-02-30 is not a valid date (2026-02 has 28 days)"),
        ("令和8年2月29日", "令和8年2月29日 is not a valid date (2026-02 has 28 days)"),
        ("2026/4/31", "2026/4/31 is not a valid date (2026-04 has 30 days)"),
        ("2026-13-01", "2026-13-01 is not a valid date (there is no month 13)"),
        ("2026年0月1日", "2026年0月1日 is not a valid date (there is no month 0)"),
        ("2026-12-00", "2026-12-00 is not a valid date (2026-12 has 31 days)"),
        ("0000-01-01", "0000-01-01 is before 1873, which has no supported Japanese era"),
        ("明治5年12月31日", "明治5年12月31日 is before 1873"),
        (
            "令和8年12月10日（金）",
            "令和8年12月10日（金） has the wrong weekday: 2026-12-10 is a Thursday (木), not 金",
        ),
        ("R8.12.10(水曜日)", "R8.12.10(水曜日) has the wrong weekday"),
        ("２０２６－０２－３０", "２０２６－０２－３０ is not a valid date"),  # quoted as written, full width
    ],
)
def test_a_date_that_does_not_exist_is_refused_saying_why(text, message):
    with pytest.raises(DateTimeError) as error:
        read_date(text)
    assert str(error.value).startswith(message)


@pytest.mark.parametrize(
    "text", ["", "来週の木曜", "12/10", "2026年度", "令和8年12月", "資料1", "1.2.3", "26-12-10", "x" * 10_000]
)
def test_text_that_is_not_shaped_like_a_date_is_left_alone(text):
    assert read_date(text) is None
    with pytest.raises(DateTimeError, match="is not a date"):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:00", dt.time(14, 0)),
        ("9:30", dt.time(9, 30)),
        ("14:00:30", dt.time(14, 0, 30)),
        ("１４：００", dt.time(14, 0)),
        ("14時", dt.time(14, 0)),
        ("14時30分", dt.time(14, 30)),
        ("14時00分", dt.time(14, 0)),  # the form jtime writes reads back
        ("14時半", dt.time(14, 30)),
        ("１４時３０分", dt.time(14, 30)),
        ("午後2時", dt.time(14, 0)),
        ("午後2時30分", dt.time(14, 30)),
        ("午後0時", dt.time(12, 0)),
        ("午前10時", dt.time(10, 0)),
        ("午前0時", dt.time(0, 0)),
        ("午後 2:30", dt.time(14, 30)),
        ("正午", dt.time(12, 0)),
    ],
)
def test_every_time_form(text, expected):
    assert read_time(text) == expected
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("25:00", "25:00 is not a valid time of day"),
        ("14:60", "14:60 is not a valid time of day"),
        ("24時", "24時 is not a valid time of day"),
        ("14時60分", "14時60分 is not a valid time of day"),
        ("午後13時", "午後13時 is not a valid time of day (午後 counts 0 to 11時)"),
        ("午後12時", "午後12時 is ambiguous (noon or midnight?)"),
        ("午前12時", "午前12時 is ambiguous"),
    ],
)
def test_a_time_that_does_not_exist_is_refused(text, message):
    with pytest.raises(DateTimeError) as error:
        read_time(text)
    assert str(error.value).startswith(message)


@pytest.mark.parametrize("text", ["", "昼過ぎ", "14", "1:2", "14時ごろ", "2026-12-10"])
def test_text_that_is_not_shaped_like_a_time_is_left_alone(text):
    assert read_time(text) is None
    with pytest.raises(DateTimeError, match="is not a time"):
        parse_time(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-10T14:00", dt.datetime(2026, 12, 10, 14, 0)),
        ("2026-12-10 14:00:30", dt.datetime(2026, 12, 10, 14, 0, 30)),
        ("令和8年12月10日 午後2時", dt.datetime(2026, 12, 10, 14, 0)),
        ("令和8年12月10日（木）14時30分", dt.datetime(2026, 12, 10, 14, 30)),
        ("R8.12.10 14時", dt.datetime(2026, 12, 10, 14, 0)),
        ("2026-12-10", None),
        ("14:00", None),
        ("2026-12-10 あとで", None),
    ],
)
def test_date_and_time(text, expected):
    assert read_datetime(text) == expected


def test_a_date_and_time_with_a_bad_part_is_refused():
    with pytest.raises(DateTimeError, match="2026-02-30 is not a valid date"):
        read_datetime("2026-02-30T14:00")
    with pytest.raises(DateTimeError, match="25:00 is not a valid time of day"):
        read_datetime("令和8年12月10日 25:00")


def test_read_value_tells_the_three_apart():
    assert read_value("R8.12.10") == DEC_10
    assert read_value("午後2時") == dt.time(14, 0)
    assert read_value("R8.12.10 午後2時") == dt.datetime(2026, 12, 10, 14, 0)
    assert read_value("資料1") is None


# ---- writing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2019, 4, 30), "平成31年4月30日（火）"),
        (dt.date(2019, 5, 1), "令和元年5月1日（水）"),
        (dt.date(2026, 12, 10), "令和8年12月10日（木）"),
        (dt.date(1989, 1, 7), "昭和64年1月7日（土）"),
        (dt.date(1989, 1, 8), "平成元年1月8日（日）"),
        (dt.date(1926, 12, 25), "昭和元年12月25日（土）"),
        (dt.date(1912, 7, 30), "大正元年7月30日（火）"),
        (dt.date(1912, 7, 29), "明治45年7月29日（月）"),
        (dt.date(1873, 1, 1), "明治6年1月1日（水）"),  # 明治 counts from 1868, not from 1873
    ],
)
def test_era_boundaries_with_weekday(date, expected):
    assert wareki(date, weekday=True) == expected
    assert read_date(expected) == date  # and what is written reads back


def test_wareki_options():
    assert wareki(dt.date(2019, 5, 1), gannen=False) == "令和1年5月1日"
    assert wareki(dt.date(2026, 12, 10), full=True) == "令和８年１２月１０日"
    assert era(dt.date(2026, 1, 1)) == ("令和", 8)
    assert full_width("資料1-2") == "資料１-２"
    assert jtime(dt.time(14, 0)) == "14時00分"
    with pytest.raises(DateTimeError, match="1872-12-31 is before 1873"):
        era(dt.date(1872, 12, 31))
