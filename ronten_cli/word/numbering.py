"""Word's automatic numbering turned into the label Word shows in front of a paragraph.

python-docx has no API for this, so it is read here from ``word/numbering.xml`` (ECMA-376 Part 1,
17.9): a paragraph's ``w:numPr``, or the one its style chain carries, names a ``w:num``; the
``w:num`` names a ``w:abstractNum`` (through ``w:numStyleLink``/``w:styleLink`` when the list is a
list style) and may override its levels or their start values. The counters belong to the abstract
list, so every ``w:num`` over it continues the same numbers; a ``w:startOverride`` restarts them at
the first paragraph of its ``w:num``. A level restarts when a higher level appears unless its
``w:lvlRestart`` says otherwise, and ``w:lvlText`` spells the label from the counters (``%1.%2``),
each in its own level's ``w:numFmt`` unless ``w:isLgl`` asks for decimal.

Where the standard leaves a gap, LibreOffice's reading of the same file decides (its text export is
what the tests compare with): a level shown before it was ever used shows its start value and
counts as used, so ``1.1`` followed by a top-level item gives ``2``. Every bullet, whatever its
glyph or font (Symbol and Wingdings use private-use code points), is the outline's one bullet ``・``.

``Numbering.label`` must be called for every paragraph in document order, table cells included,
because that is how Word counts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from ..markers import KANJI_DIGITS, KATAKANA, kanji
from .styles import VAL, Styles, W, integer, on

if TYPE_CHECKING:
    from lxml import etree

BULLET = "・"
LEVELS = 9
# How deep a chain of w:numStyleLink may go before it is taken for a loop.
_MAX_LINKS = 4
_PLACEHOLDER = re.compile(r"%([1-9])")
# Glyphs that a level of format "none" uses as a bullet; anything in the private-use area is a
# Symbol or Wingdings glyph, which is a bullet too.
_BULLET_GLYPHS = frozenset("・･•●○◦◎■□▪▫◆◇◈★☆►▶▷➢➤→⇒✓✔❖-–—*＊")


@dataclass(frozen=True, slots=True)
class Label:
    """What Word shows before a paragraph's text.

    ``text`` is the label (``第１``, ``（1）``, ``ア``; ``・`` for every bullet); ``suffix`` is what
    ``w:suff`` puts between it and the text (a tab, a space or nothing); ``level`` is the list level
    (``w:ilvl``, 0-8).
    """

    text: str
    suffix: str
    level: int
    bullet: bool = False


@dataclass(frozen=True, slots=True)
class Level:
    """One ``w:lvl``: start value, number format, label pattern and restart rule."""

    start: int = 0
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None
    legal: bool = False
    suffix: str = "\t"
    style: str | None = None


@dataclass(frozen=True, slots=True)
class _Instance:
    """A ``w:num`` resolved: whose counters it uses, its levels, and the starts it overrides."""

    key: str
    levels: tuple[Level | None, ...]
    overrides: dict[int, int] = field(default_factory=dict)


_SUFFIXES = {"tab": "\t", "space": " ", "nothing": ""}


def _level(element: etree._Element) -> Level:
    start = integer(element.find(W + "start"))
    fmt = element.find(W + "numFmt")
    text = element.find(W + "lvlText")
    suffix = element.find(W + "suff")
    style = element.find(W + "pStyle")
    return Level(
        start=start if start is not None else 0,
        fmt=(fmt.get(VAL) if fmt is not None else None) or "decimal",
        text=(text.get(VAL) if text is not None else None) or "",
        restart=integer(element.find(W + "lvlRestart")),
        legal=on(element.find(W + "isLgl")),
        suffix=_SUFFIXES.get(suffix.get(VAL, "tab") if suffix is not None else "tab", "\t"),
        style=style.get(VAL) if style is not None else None,
    )


def _levels(element: etree._Element) -> tuple[Level | None, ...]:
    levels: list[Level | None] = [None] * LEVELS
    for lvl in element.iterchildren(W + "lvl"):
        ilvl = integer_attr(lvl, W + "ilvl")
        if ilvl is not None and 0 <= ilvl < LEVELS:
            levels[ilvl] = _level(lvl)
    return tuple(levels)


def integer_attr(element: etree._Element, name: str) -> int | None:
    try:
        return int(element.get(name, ""))
    except ValueError:
        return None


class Numbering:
    """The numbering of one document, counted paragraph by paragraph in document order."""

    def __init__(self, root: etree._Element | None, styles: Styles) -> None:
        self._styles = styles
        self._abstracts: dict[str, etree._Element] = {}
        self._nums: dict[str, etree._Element] = {}
        if root is not None:
            for element in root.iterchildren(W + "abstractNum"):
                abstract_id = element.get(W + "abstractNumId")
                if abstract_id is not None:
                    self._abstracts.setdefault(abstract_id, element)
            for element in root.iterchildren(W + "num"):
                num_id = element.get(W + "numId")
                if num_id is not None:
                    self._nums.setdefault(num_id, element)
        self._instances: dict[str, _Instance | None] = {}
        self._by_style: dict[str | None, tuple[str, int | None, tuple[str, ...]] | None] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._pending: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()

    def __bool__(self) -> bool:
        return bool(self._nums)

    def label(self, ppr: etree._Element | None, style_id: str | None) -> Label | None:
        """The label of the next paragraph, whose ``w:pPr`` is ``ppr`` and style ``style_id``.

        Counts the paragraph: call it exactly once per paragraph, in document order.
        """
        found = self._numbering_of(ppr, style_id)
        if found is None:
            return None
        num_id, ilvl = found
        instance = self._instance(num_id)
        if instance is None:
            return None
        level = instance.levels[ilvl]
        if level is None:
            return None
        counters = self._counters.setdefault(instance.key, [None] * LEVELS)
        pending = self._pending.setdefault(instance.key, {})
        if num_id not in self._started:
            self._started.add(num_id)
            for overridden, start in instance.overrides.items():
                counters[overridden] = None
                pending[overridden] = start
        for parent in range(ilvl):
            if counters[parent] is None and instance.levels[parent] is not None:
                counters[parent] = self._start(instance, parent, pending)
        value = counters[ilvl]
        counters[ilvl] = self._start(instance, ilvl, pending) if value is None else value + 1
        for deeper in range(ilvl + 1, LEVELS):
            below = instance.levels[deeper]
            threshold = deeper if below is None or below.restart is None else below.restart
            if ilvl < threshold:
                counters[deeper] = None
        return _render(instance.levels, counters, ilvl)

    def _start(self, instance: _Instance, ilvl: int, pending: dict[int, int]) -> int:
        if ilvl in pending:
            return pending.pop(ilvl)
        level = instance.levels[ilvl]
        return level.start if level is not None else 0

    def _numbering_of(self, ppr: etree._Element | None, style_id: str | None) -> tuple[str, int] | None:
        """The ``(numId, ilvl)`` a paragraph is numbered with, directly or through its style chain."""
        num_id: str | None = None
        ilvl: int | None = None
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        if num_pr is not None:
            element = num_pr.find(W + "numId")
            num_id = element.get(VAL) if element is not None else None
            ilvl = integer(num_pr.find(W + "ilvl"))
        if num_id is None:
            inherited = self._style_numbering(style_id)
            if inherited is None:
                return None
            num_id, style_ilvl, chain = inherited
            if ilvl is None:
                # A level whose w:pStyle names the style takes precedence over the style's own
                # w:ilvl (ECMA-376 17.9.23).
                ilvl = self._level_of_style(num_id, chain)
            if ilvl is None:
                ilvl = style_ilvl
        if num_id is None or num_id == "0":
            return None
        ilvl = ilvl or 0
        if not 0 <= ilvl < LEVELS:
            return None
        return num_id, ilvl

    def _style_numbering(self, style_id: str | None) -> tuple[str, int | None, tuple[str, ...]] | None:
        """The numId, ilvl and style ids (nearest first) a style chain numbers its paragraphs with."""
        if style_id in self._by_style:
            return self._by_style[style_id]
        chain = self._styles.chain(style_id)
        num_id = next((style.num_id for style in chain if style.num_id is not None), None)
        ilvl = next((style.ilvl for style in chain if style.ilvl is not None), None)
        found = (num_id, ilvl, tuple(style.id for style in chain)) if num_id is not None else None
        self._by_style[style_id] = found
        return found

    def _level_of_style(self, num_id: str, chain: tuple[str, ...]) -> int | None:
        instance = self._instance(num_id)
        if instance is None:
            return None
        for style_id in chain:
            for ilvl, level in enumerate(instance.levels):
                if level is not None and level.style == style_id:
                    return ilvl
        return None

    def _instance(self, num_id: str) -> _Instance | None:
        if num_id not in self._instances:
            self._instances[num_id] = self._resolve(num_id)
        return self._instances[num_id]

    def _resolve(self, num_id: str) -> _Instance | None:
        num = self._nums.get(num_id)
        if num is None:
            return None
        abstract_id, abstract = self._abstract(num)
        if abstract is None or abstract_id is None:
            return None
        levels = list(_levels(abstract))
        overrides: dict[int, int] = {}
        for override in num.iterchildren(W + "lvlOverride"):
            ilvl = integer_attr(override, W + "ilvl")
            if ilvl is None or not 0 <= ilvl < LEVELS:
                continue
            replacement = override.find(W + "lvl")
            if replacement is not None:
                levels[ilvl] = _level(replacement)
            start = integer(override.find(W + "startOverride"))
            if start is not None:
                overrides[ilvl] = start
        return _Instance(abstract_id, tuple(levels), overrides)

    def _abstract(self, num: etree._Element) -> tuple[str | None, etree._Element | None]:
        """The abstract list a ``w:num`` uses, following ``w:numStyleLink`` to the list style's own."""
        element = num.find(W + "abstractNumId")
        abstract_id = element.get(VAL) if element is not None else None
        for _ in range(_MAX_LINKS):
            abstract = self._abstracts.get(abstract_id) if abstract_id is not None else None
            if abstract is None:
                return None, None
            link = abstract.find(W + "numStyleLink")
            if link is None:
                return abstract_id, abstract
            style = self._styles.get(link.get(VAL, ""))
            target = self._nums.get(style.num_id) if style is not None and style.num_id else None
            if target is None:
                return None, None
            element = target.find(W + "abstractNumId")
            abstract_id = element.get(VAL) if element is not None else None
        return None, None


def _render(levels: tuple[Level | None, ...], counters: list[int | None], ilvl: int) -> Label:
    level = levels[ilvl]
    assert level is not None
    if level.fmt == "bullet":
        return Label(BULLET, level.suffix, ilvl, bullet=True)

    def counter(m: re.Match[str]) -> str:
        shown = int(m[1]) - 1
        other = levels[shown]
        if other is None:
            return ""
        value = counters[shown]
        if value is None:
            value = other.start
        return format_number(value, "decimal" if level.legal and other.fmt != "none" else other.fmt)

    text = _PLACEHOLDER.sub(counter, level.text)
    if level.fmt == "none" and len(text) == 1 and (text in _BULLET_GLYPHS or "\ue000" <= text <= "\uf8ff"):
        return Label(BULLET, level.suffix, ilvl, bullet=True)
    return Label(text, level.suffix, ilvl)


# --- number formats (ECMA-376 Part 1, 17.18.59 ST_NumberFormat) --------------------------------

_FULL_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
AIUEO_HALF = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝ"
IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセスン"
# ヰ and ヱ have no half-width form; Word and LibreOffice show the full-width ones.
IROHA_HALF = "ｲﾛﾊﾆﾎﾍﾄﾁﾘﾇﾙｦﾜｶﾖﾀﾚｿﾂﾈﾅﾗﾑｳヰﾉｵｸﾔﾏｹﾌｺｴﾃｱｻｷﾕﾒﾐｼヱﾋﾓｾｽﾝ"
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def format_number(value: int, fmt: str) -> str:
    """``value`` written in ``w:numFmt`` ``fmt``; a format ronten does not know is written in decimal."""
    if fmt == "none":
        return ""
    if value < 1 and fmt not in ("decimal", "decimalZero", "decimalHalfWidth"):
        return str(value)
    writer = _FORMATS.get(fmt)
    return writer(value) if writer is not None else str(value)


def _enclosed(first: int, fallback: str, value: int) -> str:
    """Unicode encloses 1-20 only (①, ⑴, ⒈); past 20 Word writes the number plainly."""
    return chr(first + value - 1) if value <= 20 else fallback.format(value)


def _cycle(letters: str, value: int) -> str:
    return letters[(value - 1) % len(letters)]


def _letters(value: int, upper: bool) -> str:
    letter = chr((ord("A") if upper else ord("a")) + (value - 1) % 26)
    return letter * ((value - 1) // 26 + 1)


def _roman(value: int) -> str:
    if value >= 4000:
        return str(value)
    out = []
    for amount, numeral in _ROMAN:
        count, value = divmod(value, amount)
        out.append(numeral * count)
    return "".join(out)


def _digital(value: int) -> str:
    return "".join(KANJI_DIGITS[int(d)] for d in str(value))


def japanese_counting(value: int) -> str:
    """一, 十, 十一, 二十, 百, 百一, 千, 一万: Japanese counting, no 一 before 十, 百 or 千."""
    if value >= 10**8:
        return str(value)
    return kanji(value) if value else ""


def _chinese_below_10000(value: int, leading: bool) -> str:
    out: list[str] = []
    zero = False
    for amount, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        count, value = divmod(value, amount)
        if not count:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        digit = "" if count == 1 and unit == "十" and not out and not leading else KANJI_DIGITS[count]
        out.append(digit + unit)
    return "".join(out)


def chinese_counting(value: int) -> str:
    """一, 十, 十一, 一百, 一百零一, 一万零一十: Chinese counting, as LibreOffice and Word write it."""
    if value >= 10**8:
        return str(value)
    man, rest = divmod(value, 10000)
    if not man:
        return _chinese_below_10000(rest, False)
    tail = _chinese_below_10000(rest, True) if rest else ""
    return _chinese_below_10000(man, False) + "万" + ("零" if 0 < rest < 1000 else "") + tail


def _digital_ten_thousand(value: int) -> str:
    man, rest = divmod(value, 10000)
    if not man or value >= 10**8:
        return _digital(value)
    return _digital(man) + "万" + (_digital(rest) if rest else "")


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalHalfWidth": str,
    "decimalZero": lambda value: f"{value:02d}",
    "decimalFullWidth": lambda value: str(value).translate(_FULL_DIGITS),
    "decimalFullWidth2": lambda value: str(value).translate(_FULL_DIGITS),
    "decimalEnclosedCircle": partial(_enclosed, 0x2460, "{}"),
    "decimalEnclosedParen": partial(_enclosed, 0x2474, "({})"),
    "decimalEnclosedFullstop": partial(_enclosed, 0x2488, "{}."),
    "aiueo": partial(_cycle, AIUEO_HALF),
    "aiueoFullWidth": partial(_cycle, KATAKANA),
    "iroha": partial(_cycle, IROHA_HALF),
    "irohaFullWidth": partial(_cycle, IROHA),
    "lowerLetter": lambda value: _letters(value, False),
    "upperLetter": lambda value: _letters(value, True),
    "lowerRoman": _roman,
    "upperRoman": lambda value: _roman(value).upper(),
    "ideographDigital": _digital,
    "japaneseCounting": japanese_counting,
    "japaneseDigitalTenThousand": _digital_ten_thousand,
    "chineseCounting": chinese_counting,
    "chineseCountingThousand": chinese_counting,
    "taiwaneseCountingThousand": chinese_counting,
}
