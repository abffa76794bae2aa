"""Full-width and half-width forms: the one table of which characters pair up, and display width.

Japanese documents write digits, Latin letters and brackets in either width (``（１）`` or ``(1)``),
and no rule says which (JAPANESE.md section 1). Every reader and writer that converts or compares
widths (labels, OCR checks, filters, 和暦 dates) translates through the tables here, so all of them
agree on the pairs. ``display_width`` is how wide text shows in a monospaced editor, which is what
aligning a table's columns in plain text needs.
"""

from __future__ import annotations

import re

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
# A pattern, not a compiled regex: only aligning a table needs it, so commands that never do
# leave compiling it to re's cache on first use.
_WIDE = (
    "[\u1100-\u115f\u231a-\u231b\u2329-\u232a\u23e9-\u23ec\u2e80-\u303e\u3041-\u33ff"
    "\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff"
    "\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6\U0001f300-\U0001f64f"
    "\U0001f900-\U0001f9ff\U00020000-\U0003fffd]"
)


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced font: two for a wide or full-width character, one
    for any other."""
    if text.isascii():
        return len(text)
    return len(text) + len(re.findall(_WIDE, text))
