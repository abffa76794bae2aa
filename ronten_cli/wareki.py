"""Japanese era (和暦) dates from a tested era table.

Five eras cover every date a meeting document will carry; a table keeps the boundary rules (元年,
the first day of an era) explicit and tested instead of hidden in a dependency.
"""

from __future__ import annotations

import datetime as dt

from .errors import UsageError

# (first day, name). Dates before 1873 used the lunar calendar, so 明治 is the earliest era supported.
ERAS: tuple[tuple[dt.date, str], ...] = (
    (dt.date(2019, 5, 1), "令和"),
    (dt.date(1989, 1, 8), "平成"),
    (dt.date(1926, 12, 25), "昭和"),
    (dt.date(1912, 7, 30), "大正"),
    (dt.date(1873, 1, 1), "明治"),
)
WEEKDAYS = "月火水木金土日"
_FULL_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def era(date: dt.date) -> tuple[str, int]:
    """The era name and the year within it: 2019-05-01 is (令和, 1)."""
    for start, name in ERAS:
        if date >= start:
            return name, date.year - start.year + 1
    raise UsageError(f"{date.isoformat()}: dates before 1873 have no supported Japanese era")


def full_width(text: object) -> str:
    """Digits in full width (１２), as some offices write one-digit numbers."""
    return str(text).translate(_FULL_DIGITS)


def wareki(date: dt.date, *, weekday: bool = False, gannen: bool = True, full: bool = False) -> str:
    """``令和8年12月10日``, plus ``（木）`` with ``weekday``; year 1 is 元年 unless ``gannen`` is off."""
    name, year = era(date)
    year_text = "元" if year == 1 and gannen else str(year)
    text = f"{name}{year_text}年{date.month}月{date.day}日"
    if weekday:
        text += f"（{WEEKDAYS[date.weekday()]}）"
    return full_width(text) if full else text


def jtime(value: dt.time) -> str:
    """``14時00分``: the way a 次第 writes a time of day."""
    return f"{value.hour}時{value.minute:02d}分"
