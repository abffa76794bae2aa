"""Where each line of an outline sits across the page (公用文, 横書き; JAPANESE.md section 6).

Every labelled line has a frame: where its label starts and where its text starts, in twips from
the left margin of the text. The text column is the label's start, the label's width at the line's
font size and one full-width space (the gap 公用文 puts after every label, ``第１　総論``). Word
hangs the line at its text column, so wrapped lines align under the text, and a tab after the label
jumps there: a label a little wider or narrower in the printer's font than ``label_width`` thinks
moves nothing but the gap. A ``・`` is the exception: it is a full-width character whose dot sits
in the middle of its em, and the text follows it directly (``・デジタル人材の不足``), with no tab.

A child's frame comes from its parent's, never from a fixed table per level, so a wide label
(``（１０）``, ``第１０``) pushes only its own text right:

- a numbered child starts one character (of the body size) right of its parent's label, but never
  right of the parent's text;
- a ``・`` bullet starts at its parent's text column, whatever the parent's level;
- paragraphs and tables under an item start at its text column;
- no start passes ``INDENT_CAP``, so a deep outline keeps room for its text, and none is left of
  its parent's.

The render writer, the 新旧対照表 and the tracked-changes document all place lines with ``place``.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import NamedTuple

from .styles import A4_WIDTH, BODY_HALF_POINTS, MARGIN_SIDE

# A deep outline indents no further than two fifths of A4's text width (about 16 characters at
# 10.5 pt), leaving at least 24 characters a line for the text.
INDENT_CAP = (A4_WIDTH - 2 * MARGIN_SIDE) * 2 // 5

# Characters East Asian fonts draw one em wide although Unicode calls them ambiguous (① ※ ○ …);
# everything else that is not wide is half an em in the fixed-pitch Japanese office fonts.
_FULL_WIDTH_CLASSES = frozenset("WFA")


class Frame(NamedTuple):
    """Where a line's label starts and where its text (and every wrapped line) starts, in twips."""

    start: int
    text: int


@functools.lru_cache(maxsize=512)
def label_width(label: str, size: int = BODY_HALF_POINTS) -> int:
    """The width of ``label`` in twips at ``size`` half-points: a full-width character is one em
    (``size`` × 10 twips), any other half an em, as ＭＳ 明朝 and ＭＳ ゴシック draw them."""
    halves = sum(2 if unicodedata.east_asian_width(ch) in _FULL_WIDTH_CLASSES else 1 for ch in label)
    return halves * size * 5


@functools.lru_cache(maxsize=4096)
def place(parent: Frame | None, label: str, bullet: bool, size: int, step: int) -> Frame:
    """The frame of a line labelled ``label`` (``""``: none) set at ``size`` half-points under
    ``parent`` (``None``: at the margin); ``bullet`` for a ``・`` line; ``step`` is one character of
    the body text, what each numbered level moves right."""
    if parent is None:
        start = 0
    else:
        start = parent.text if bullet else min(parent.start + step, parent.text)
        start = max(parent.start, min(start, INDENT_CAP))
    if not label:
        return Frame(start, start)
    return Frame(start, start + label_width(label, size) + (0 if bullet else size * 10))


def indent(frame: Frame) -> tuple[int, int]:
    """``(left, hanging)`` of a paragraph laid out in ``frame``, for ``wml.paragraph(indent=…)``."""
    return frame.text, frame.text - frame.start
