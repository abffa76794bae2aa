"""Full-width and half-width forms: the one table of which characters pair up, and display width.

Japanese documents write digits, Latin letters and brackets in either width (``（１）`` or ``(1)``),
and no rule says which (JAPANESE.md section 1). Every reader and writer that converts or compares
widths (labels, OCR checks, filters, 和暦 dates) translates through the tables here, so all of them
agree on the pairs. ``display_width`` is how wide text shows in a monospaced editor, which is what
aligning a table's columns in plain text needs.
"""

from __future__ import annotations

from bisect import bisect_right

HALF_DIGITS = "0123456789"
FULL_DIGITS = "０１２３４５６７８９"
HALF_LOWER = "abcdefghijklmnopqrstuvwxyz"
FULL_LOWER = "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ"
HALF_UPPER = HALF_LOWER.upper()
FULL_UPPER = "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
HALF_PARENS = "()"
FULL_PARENS = "（）"

# What a marker label may hold in either width: digits, lower-case Latin letters and parentheses.
HALF_LABEL = HALF_DIGITS + HALF_LOWER + HALF_PARENS
FULL_LABEL = FULL_DIGITS + FULL_LOWER + FULL_PARENS

LABEL_TO_FULL = str.maketrans(HALF_LABEL, FULL_LABEL)
LABEL_TO_HALF = str.maketrans(FULL_LABEL, HALF_LABEL)
DIGITS_TO_FULL = str.maketrans(HALF_DIGITS, FULL_DIGITS)
DIGITS_TO_HALF = str.maketrans(FULL_DIGITS, HALF_DIGITS)
ALNUM_TO_HALF = str.maketrans(FULL_DIGITS + FULL_UPPER + FULL_LOWER, HALF_DIGITS + HALF_UPPER + HALF_LOWER)
PARENS_TO_HALF = str.maketrans(FULL_PARENS, HALF_PARENS)


# East Asian Width W and F (wide and full-width characters), by block: what a monospaced editor
# shows two columns wide. Control and combining characters are too rare in outlines to count apart.
_WIDE = (
    (0x1100, 0x115F),
    (0x231A, 0x231B),
    (0x2329, 0x232A),
    (0x23E9, 0x23EC),
    (0x2E80, 0x303E),
    (0x3041, 0x33FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xA000, 0xA4CF),
    (0xA960, 0xA97F),
    (0xAC00, 0xD7A3),
    (0xF900, 0xFAFF),
    (0xFE10, 0xFE19),
    (0xFE30, 0xFE6F),
    (0xFF00, 0xFF60),
    (0xFFE0, 0xFFE6),
    (0x1F300, 0x1F64F),
    (0x1F900, 0x1F9FF),
    (0x20000, 0x3FFFD),
)
_STARTS = [start for start, _ in _WIDE]
_FIRST = chr(_WIDE[0][0])


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced font: two for a wide or full-width character, one
    for any other."""
    if text.isascii():
        return len(text)
    # A lookup per character rather than a regex: compiling a character class this large costs
    # more (about 7 ms, every run) than all the table cells of a memo take to measure.
    width = len(text)
    for ch in text:
        if ch >= _FIRST:
            point = ord(ch)
            block = bisect_right(_STARTS, point) - 1
            width += block >= 0 and point <= _WIDE[block][1]
    return width
