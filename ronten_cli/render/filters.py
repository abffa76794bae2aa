"""The filters templates use (``wareki``, ``jtime``, ``label``, ``block``…) and the guard that turns
a filter's failure into one error line naming the filter.

Kept apart from the template machinery (``templating``): these are the document conventions a
template calls on (和暦, 公用文 numbers and labels, Markdown that reads back as written), each
callable and tested on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import jinja2

from ..dates import WEEKDAYS, full_width, jtime, parse_date, parse_time, read_date, wareki
from ..i18n import _
from ..markers import NUMBERED_KINDS, kanji, make_label
from ..mdsyntax import escape
from ..model import Block
from ..widths import DIGITS_TO_HALF


class FilterFailure(Exception):
    """A filter was given a value it cannot handle; carries the filter's name for the error line."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


def as_date(value: Any) -> dt.date:
    """A date from a date, a datetime or text in the grammar of ``dates`` (``2026-12-10``, ``R8.12.10``)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_date(value if isinstance(value, str) else repr(value))


def wareki_filter(value: Any, weekday: bool = False, full: bool = False, gannen: bool = True) -> str:
    """``2026-12-10`` → ``令和8年12月10日``; text with 年 that is not a whole date (令和8年度) is kept."""
    if isinstance(value, str) and "年" in value and read_date(value) is None:
        return value
    return wareki(as_date(value), weekday=weekday, full=full, gannen=gannen)


def weekday_filter(value: Any) -> str:
    """``2026-12-10`` → ``木``."""
    return WEEKDAYS[as_date(value).weekday()]


def jtime_filter(value: Any) -> str:
    """``14:00`` (a time, a datetime or text such as ``14時30分``) → ``14時00分``."""
    if isinstance(value, dt.datetime):
        return jtime(value.time())
    if isinstance(value, dt.time):
        return jtime(value)
    return jtime(parse_time(value if isinstance(value, str) else repr(value)))


def half_width(value: Any) -> str:
    """Digits in half width (``１２`` → ``12``)."""
    return str(value).translate(DIGITS_TO_HALF)


def kanji_number(value: Any) -> str:
    """``12`` → ``十二``, ``2026`` → ``二千二十六`` (the 第十二回 style); 0 ≤ n < 10¹⁶."""
    number = int(half_width(value)) if not isinstance(value, int) else value
    if not 0 <= number < 10**16:
        raise ValueError(_("{value} is outside 0 to 9999兆").format(value=repr(value)))
    return kanji(number)


def label_filter(number: Any, kind: str = "arabic", form: str = "half") -> str:
    """``3|label("paren_arabic")`` → ``(3)``: a numbering label of any marker kind."""
    if kind not in NUMBERED_KINDS:
        raise ValueError(
            _("unknown marker kind {kind} (one of {kinds})").format(
                kind=repr(kind), kinds=", ".join(NUMBERED_KINDS)
            )
        )
    return make_label(kind, int(number), form)


def md_escape(value: Any) -> str:
    """Text shown literally in Markdown (see ``markdown.escape``)."""
    return escape(str(value))


def paragraph(value: Any) -> str:
    """A whole line of text (title, preface, note) that must read back as text, never as an item."""
    from ..fmt import guard

    return guard(md_escape(value))


def block_filter(block: Block, indent: int = 0) -> str:
    """A paragraph, table or note as the Markdown lines ``ronten fmt`` writes, each indented
    ``indent`` list levels (two spaces each) so that it continues a list item."""
    from ..fmt import block_lines

    text = "\n".join(block_lines(block, "  " * indent))
    # A block that ends in a lone backslash (a note of a ※ and a backslash) would escape what the
    # template writes after it, such as the </div> around the closing notes; doubled, it reads
    # back as the one backslash it is.
    if (len(text) - len(text.rstrip("\\"))) % 2:
        text += "\\"
    return text


FILTERS: dict[str, Callable[..., Any]] = {
    "wareki": wareki_filter,
    "weekday": weekday_filter,
    "jtime": jtime_filter,
    "full_width": full_width,
    "half_width": half_width,
    "kanji_number": kanji_number,
    "label": label_filter,
    "md_escape": md_escape,
    "paragraph": paragraph,
    "block": block_filter,
}


def guarded(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        for value in (*args, *kwargs.values()):
            if isinstance(value, jinja2.Undefined):
                # Report the undefined name itself, not the filter's confusion about it.
                value._fail_with_undefined_error()
        try:
            return function(*args, **kwargs)
        except jinja2.TemplateError:
            raise
        except Exception as exc:
            raise FilterFailure(name, str(exc)) from None

    call.__doc__ = function.__doc__
    return call
