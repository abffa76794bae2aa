"""The one grammar of dates and times ronten reads, and the Japanese forms (和暦) it writes.

The meeting file, an outline's front matter, ``--set`` values and the template filters all read
through ``read_date`` / ``read_time`` / ``read_datetime``, so a date a user can write in one place
is accepted in every other. Dates: ``2026-12-10``, ``2026/12/10``, ``2026.12.10``, ``2026年12月10日``,
``令和8年12月10日``, ``令和元年5月1日``, ``R8.12.10``, ``R8/12/10``, each optionally followed by the
weekday ``（木）``, which is checked. Times: ``14:00``, ``14:00:30``, ``14時``, ``14時30分``, ``14時半``,
``午後2時``, ``正午``. Full-width digits and signs are read as their half-width forms (NFKC), which
also turns the one-character era signs (``㋿``, ``㍻``) into their names.

A text is either not shaped like a date at all (``None``: the caller keeps it as text) or shaped
like one and then valid or refused with a ``DateTimeError`` saying why: ``2026-02-30`` is a slip
to report, not a text to print.

The era table is written out rather than taken from a dependency, so the boundary rules (元年, the
first day of each era, a date of an era before it began) stay explicit and tested here.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from typing import NamedTuple

from .i18n import N_, _
from .widths import DIGITS_TO_FULL


class DateTimeError(ValueError):
    """A text shaped like a date or time that is not a valid one; the message starts with the text."""


class Era(NamedTuple):
    """One Japanese era: its name, the Latin letter of ``R8.12.10``, and its first day."""

    name: str
    letter: str
    start: dt.date


# Newest first. 明治 began in 1868, but Japan used the lunar calendar until the end of 明治5年, so
# the earliest date ronten accepts is EARLIEST, the first day of the Gregorian calendar there.
ERAS: tuple[Era, ...] = (
    Era("令和", "R", dt.date(2019, 5, 1)),
    Era("平成", "H", dt.date(1989, 1, 8)),
    Era("昭和", "S", dt.date(1926, 12, 25)),
    Era("大正", "T", dt.date(1912, 7, 30)),
    Era("明治", "M", dt.date(1868, 10, 23)),
)
EARLIEST = dt.date(1873, 1, 1)
WEEKDAYS = "月火水木金土日"
_WEEKDAY_NAMES = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
_BY_NAME = {era.name: era for era in ERAS} | {era.letter: era for era in ERAS}

_ERA_NAMES = "|".join(era.name for era in ERAS)
_ERA_LETTERS = "".join(era.letter for era in ERAS)
_WEEKDAY = rf"(?:\s*\((?P<weekday>[{WEEKDAYS}])(?:曜日?)?\))?"
# The patterns, compiled when a date or time is first read: they take milliseconds to compile,
# which a run that reads none (most renders of a memo) would pay for nothing.
_PATTERNS = {
    "kanji_date": (
        rf"(?:(?P<era>{_ERA_NAMES})\s*(?P<era_year>\d{{1,2}}|元)|(?P<year>\d{{4}}))\s*年"
        rf"\s*(?P<month>\d{{1,2}})\s*月\s*(?P<day>\d{{1,2}})\s*日{_WEEKDAY}",
        0,
    ),
    "numeric_date": (
        rf"(?:(?P<era>[{_ERA_LETTERS}])(?P<era_year>\d{{1,2}}|元)|(?P<year>\d{{4}}))"
        rf"(?P<sep>[-/.])(?P<month>\d{{1,2}})(?P=sep)(?P<day>\d{{1,2}}){_WEEKDAY}",
        re.IGNORECASE,
    ),
    "time": (
        r"(?P<noon>正午)"
        r"|(?:(?P<half_day>午前|午後)\s*)?"
        r"(?:(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
        r"|(?P<hour_kanji>\d{1,2})\s*時(?:\s*(?P<minute_kanji>\d{1,2})\s*分|\s*(?P<half>半))?)",
        0,
    ),
    # Between the date and the time of a date and time: ISO's T, spaces, or nothing after 日 or （木）.
    "datetime_split": (r"T|\s+|(?<=[日)])", 0),
}


@functools.cache
def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(*_PATTERNS[name])


# No form above is longer; longer text is not looked at, so reading stays cheap whatever is passed.
_LONGEST = 40


def normalize(text: str) -> str:
    """``text`` as the grammar reads it: NFKC (full-width digits and signs half-width), stripped."""
    return unicodedata.normalize("NFKC", text).strip()


def read_date(text: str) -> dt.date | None:
    """The date ``text`` writes, ``None`` if it is not shaped like a date; ``DateTimeError`` if it
    is shaped like one but is not a valid date, or its weekday does not match."""
    if len(text) > _LONGEST:
        return None
    m = _match_date(normalize(text))
    return None if m is None else _date_of(m, text.strip())


def read_time(text: str) -> dt.time | None:
    """The time of day ``text`` writes, ``None`` if it is not shaped like a time; ``DateTimeError``
    if it is shaped like one but is not a valid time of day (``25:00``, ``午後12時``)."""
    if len(text) > _LONGEST:
        return None
    m = _pattern("time").fullmatch(normalize(text))
    return None if m is None else _time_of(m, text.strip())


def read_datetime(text: str) -> dt.datetime | None:
    """A date followed by a time (``2026-12-10T14:00``, ``令和8年12月10日 14時``), ``None`` if
    ``text`` is not shaped like one; ``DateTimeError`` if either part is invalid."""
    if len(text) > 2 * _LONGEST:
        return None
    value = normalize(text)
    for split in _pattern("datetime_split").finditer(value):
        head, tail = value[: split.start()], value[split.end() :]
        date, time = _match_date(head), _pattern("time").fullmatch(tail)
        if date is not None and time is not None:
            return dt.datetime.combine(_date_of(date, head), _time_of(time, tail))
    return None


def _match_date(value: str) -> re.Match[str] | None:
    return _pattern("kanji_date").fullmatch(value) or _pattern("numeric_date").fullmatch(value)


def _date_of(m: re.Match[str], written: str) -> dt.date:
    period = _BY_NAME[m["era"].upper()] if m["era"] else None
    if period is not None:
        era_year = 1 if m["era_year"] == "元" else int(m["era_year"])
        if era_year == 0:
            raise DateTimeError(
                _("{written} is not a valid date (the first year of {era} is 元年)").format(
                    written=written, era=period.name
                )
            )
        year = period.start.year + era_year - 1
    else:
        year = int(m["year"])
    month, day = int(m["month"]), int(m["day"])
    if year < EARLIEST.year:
        raise DateTimeError(_too_early(written))
    if not 1 <= month <= 12:
        raise DateTimeError(
            _("{written} is not a valid date (there is no month {month})").format(
                written=written, month=month
            )
        )
    import calendar  # only a date read needs it, and importing it costs more than the rest

    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise DateTimeError(
            _("{written} is not a valid date ({year}-{month:02d} has {days} days)").format(
                written=written, year=year, month=month, days=days
            )
        )
    date = dt.date(year, month, day)
    if period is not None:
        _check_era(written, period, date)
    actual = date.weekday()
    if m["weekday"] and m["weekday"] != WEEKDAYS[actual]:
        raise DateTimeError(
            # TRANSLATORS: {weekday} is a name (Thursday), {day} its kanji (木): one may be left out.
            _("{written} has the wrong weekday: {date} is a {weekday} ({day}), not {given}").format(
                written=written,
                date=date.isoformat(),
                weekday=_(_WEEKDAY_NAMES[actual]),
                day=WEEKDAYS[actual],
                given=m["weekday"],
            )
        )
    return date


def _check_era(written: str, era: Era, date: dt.date) -> None:
    """A date written in an era must fall within it: 平成31年5月1日 is 令和元年5月1日."""
    index = ERAS.index(era)
    if date < era.start or (index > 0 and date >= ERAS[index - 1].start):
        if index > 0:
            message = _(
                "{written} is not a date of {era} ({era} runs from {start} to {end}); that day is {day}"
            )
        else:
            message = _("{written} is not a date of {era} ({era} runs from {start}); that day is {day}")
        raise DateTimeError(
            message.format(
                written=written,
                era=era.name,
                start=max(era.start, EARLIEST).isoformat(),
                end=(ERAS[index - 1].start - dt.timedelta(days=1)).isoformat() if index > 0 else "",
                day=wareki(date),
            )
        )


def _time_of(m: re.Match[str], written: str) -> dt.time:
    if m["noon"]:
        return dt.time(12, 0)
    hour = int(m["hour"] or m["hour_kanji"])
    minute = 30 if m["half"] else int(m["minute"] or m["minute_kanji"] or 0)
    second = int(m["second"] or 0)
    if m["half_day"]:
        if hour == 12:
            # The law of 明治5年 makes 午前12時 noon; most people read it as midnight.
            raise DateTimeError(
                _("{written} is ambiguous (noon or midnight?); write 12時 or 0時").format(written=written)
            )
        if hour > 12:
            raise DateTimeError(
                _("{written} is not a valid time of day ({half_day} counts 0 to 11時)").format(
                    written=written, half_day=m["half_day"]
                )
            )
        if m["half_day"] == "午後":
            hour += 12
    if hour > 23 or minute > 59 or second > 59:
        raise DateTimeError(_("{written} is not a valid time of day").format(written=written))
    return dt.time(hour, minute, second)


def read_value(text: str) -> dt.date | dt.time | dt.datetime | None:
    """``text`` as a date, a time of day or a date and time, whichever it is shaped like; ``None``
    for any other text. The one reading of front matter and ``--set`` values."""
    date = read_date(text)
    if date is not None:
        return date
    time = read_time(text)
    return time if time is not None else read_datetime(text)


def parse_date(text: str) -> dt.date:
    """``read_date``, with text that is not a date at all refused as well."""
    date = read_date(text)
    if date is None:
        raise DateTimeError(
            _("{written} is not a date (write it as 2026-12-10 or 令和8年12月10日)").format(
                written=text.strip()
            )
        )
    return date


def parse_time(text: str) -> dt.time:
    """``read_time``, with text that is not a time at all refused as well."""
    time = read_time(text)
    if time is None:
        raise DateTimeError(
            _("{written} is not a time (write it as 14:00 or 14時)").format(written=text.strip())
        )
    return time


# ---- writing ---------------------------------------------------------------------------------------


def era(date: dt.date) -> tuple[str, int]:
    """The era name and the year within it: 2019-05-01 is (令和, 1), 1873-01-01 is (明治, 6)."""
    if date >= EARLIEST:
        for entry in ERAS:
            if date >= entry.start:
                return entry.name, date.year - entry.start.year + 1
    raise DateTimeError(_too_early(date.isoformat()))


def _too_early(written: str) -> str:
    return _("{written} is before 1873, which has no supported Japanese era").format(written=written)


def full_width(text: object) -> str:
    """Digits in full width (１２), as some offices write one-digit numbers."""
    return str(text).translate(DIGITS_TO_FULL)


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
