"""The numbering grammar: which line prefixes are markers, of which kind, with which number.

One compiled regular expression classifies a whole line (indentation, Markdown heading or list
prefix, marker, separator, text), because a per-kind loop of regexes costs several times more on
the 100k-line outlines the benchmarks use.
"""

from __future__ import annotations

import re
import unicodedata

from .model import MARKER_ORDER, MarkerKind, Width
from .widths import FULL_LABEL, HALF_LABEL, LABEL_TO_FULL, LABEL_TO_HALF

# ア..ン in the 五十音 order public documents number with (no small kana, no ヰ/ヱ).
KATAKANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
_HALF_KATAKANA = "ｦｱ-ﾝ"
_SPACE = r"[ \t\u3000]"
_DIGITS = "[0-9０-９]"
_CIRCLED = "\u2460-\u2473\u3251-\u325f\u32b1-\u32bf"
# Kanji numerals, as Word's japaneseCounting and ideographDigital write them (第一, 十二, 一〇).
KANJI_DIGITS = "〇一二三四五六七八九"
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
_KANJI = f"[{KANJI_DIGITS}十百千]+"
# ⑴..⒇ and ⒈..⒛: one character each, as Word's decimalEnclosedParen and decimalEnclosedFullstop.
_ENCLOSED_PAREN = "\u2474-\u2487"
_ENCLOSED_STOP = "\u2488-\u249b"

LINE = re.compile(
    rf"""
    (?P<indent>{_SPACE}*)
    (?:(?P<hashes>\#{{1,6}}){_SPACE}+)?
    (?:(?P<list>[-*+])(?:{_SPACE}+|(?=[・･])))?
    (?P<label>
        (?P<arabic_rparen>{_DIGITS}{{1,3}})[)）]
      | (?P<latin_rparen>[a-zａ-ｚ])[)）]
      | 論点{_SPACE}?(?P<ronten>{_DIGITS}+)
      | 第(?P<dai>{_DIGITS}+|{_KANJI})(?={_SPACE}|$)
      | (?P<arabic>{_DIGITS}{{1,3}}|{_KANJI}|[{_ENCLOSED_STOP}])[.．、]?(?={_SPACE}|$)
      | (?:[(（]|(?=[{_ENCLOSED_PAREN}]))
        (?:(?P<paren_arabic>{_DIGITS}+|{_KANJI}|[{_ENCLOSED_PAREN}])
          |(?P<paren_katakana>[{KATAKANA}{_HALF_KATAKANA}])
          |(?P<paren_latin>[a-zａ-ｚ]))
        (?:[)）]|(?<=[{_ENCLOSED_PAREN}]))
      | (?P<katakana>[{KATAKANA}{_HALF_KATAKANA}])(?={_SPACE}|$)
      | (?P<latin>[a-zａ-ｚ])(?={_SPACE}|$)
      | (?P<circled>[{_CIRCLED}])
      | (?P<bullet>[・･])
    )?
    (?P<sep>{_SPACE}*)
    (?P<text>.*?)
    {_SPACE}*$
    """,
    re.VERBOSE,
)

# Every kind but the bullet, which has no number.
NUMBERED_KINDS: tuple[MarkerKind, ...] = MARKER_ORDER[:-1]

# The start of a line that is no item, though its writer meant one: a number with a dot or comma
# but no space after it ("1.はじめに"), or an unclosed parenthesis ("(2 背景"). Such a line is a
# paragraph of its own, never merged into the text above it, and RN108 reports it. "1.5倍" and
# "(2025年度)" do not match.
MALFORMED = re.compile(
    r"[0-9０-９]{1,2}[.．、](?=[^0-9０-９ \t\u3000])|[(（][0-9０-９]{1,2}(?![0-9０-９)）])"
)


def number_of(kind: MarkerKind, value: str) -> int:
    """The integer a marker's numeric part stands for (``ア`` is 1, ``ｂ`` is 2, ``③`` is 3)."""
    if kind == "circled":
        return int(unicodedata.numeric(value))
    if value[0] in KANJI_DIGITS or value[0] in _KANJI_UNITS:
        return kanji_number(value)
    # ⑴ and ⒈ normalise to "(1)" and "1.".
    value = unicodedata.normalize("NFKC", value).strip("().")
    if kind in ("katakana", "paren_katakana"):
        return KATAKANA.index(value) + 1
    if kind in ("latin", "paren_latin", "latin_rparen"):
        return ord(value) - ord("a") + 1
    return int(value)


def kanji_number(value: str) -> int:
    """十二 is 12, 百一 is 101, 一〇五 (digit by digit) is 105."""
    if not any(ch in _KANJI_UNITS for ch in value):
        return int("".join(str(KANJI_DIGITS.index(ch)) for ch in value))
    total = digit = 0
    for ch in value:
        unit = _KANJI_UNITS.get(ch)
        if unit is None:
            digit = KANJI_DIGITS.index(ch)
        else:
            total += (digit or 1) * unit
            digit = 0
    return total + digit


def _kanji_below_10000(number: int) -> str:
    out = []
    for unit, ch in ((1000, "千"), (100, "百"), (10, "十")):
        count, number = divmod(number, unit)
        if count:
            out.append(("" if count == 1 else KANJI_DIGITS[count]) + ch)
    if number:
        out.append(KANJI_DIGITS[number])
    return "".join(out)


def kanji(number: int) -> str:
    """``number`` (0 ≤ n < 10¹⁶) in kanji as Japanese counts: 十二, 百一, 二千三十, 一万二千; 〇 for 0."""
    if number == 0:
        return KANJI_DIGITS[0]
    out = []
    for unit, ch in ((10**12, "兆"), (10**8, "億"), (10**4, "万")):
        count, number = divmod(number, unit)
        if count:
            out.append(_kanji_below_10000(count) + ch)
    out.append(_kanji_below_10000(number))
    return "".join(out)


def respell(core: str, number: int) -> str | None:
    """The numeric part ``core`` of a label rewritten to ``number`` in the same script, for the
    forms ``make_label`` does not write (kanji, ⑴, ⒈); None for the forms it does."""
    first = core[:1]
    if first in KANJI_DIGITS or first in _KANJI_UNITS:
        return kanji(number) if 0 < number < 10000 else None
    for start in (0x2474, 0x2488):
        if start <= ord(first or " ") < start + 20:
            return chr(start + number - 1) if 0 < number <= 20 else None
    return None


def width(label: str) -> Width | str:
    """``full`` or ``half`` by the characters of a label that have both forms; ``mixed`` or ``none``."""
    seen: set[str] = set()
    for ch in label:
        if ch in HALF_LABEL or ch == "." or "\uff66" <= ch <= "\uff9d":
            seen.add("half")
        elif ch in FULL_LABEL or ch == "．":
            seen.add("full")
    if len(seen) == 2:
        return "mixed"
    return seen.pop() if seen else "none"


def _circled(number: int) -> str:
    # Unicode has ①..⑳, ㉑..㉟ and ㊱..㊿ in three separate blocks; past 50 there is no glyph.
    if number <= 20:
        return chr(0x2460 + number - 1)
    if number <= 35:
        return chr(0x3251 + number - 21)
    if number <= 50:
        return chr(0x32B1 + number - 36)
    return f"({number})"


def make_label(kind: MarkerKind, number: int, form: str = "half") -> str:
    """Write the label of ``kind`` numbered ``number`` in ``form`` (``full`` or ``half``) width."""
    if kind in ("katakana", "paren_katakana"):
        core = KATAKANA[(number - 1) % len(KATAKANA)]
    elif kind in ("latin", "paren_latin", "latin_rparen"):
        core = chr(ord("a") + (number - 1) % 26)
    elif kind == "circled":
        core = _circled(number)
    else:
        core = str(number)
    label = {
        "ronten": "論点{}",
        "dai": "第{}",
        "paren_arabic": "({})",
        "paren_katakana": "({})",
        "paren_latin": "({})",
        "arabic_rparen": "{})",
        "latin_rparen": "{})",
    }.get(kind, "{}").format(core)
    return label.translate(LABEL_TO_FULL if form == "full" else LABEL_TO_HALF)
