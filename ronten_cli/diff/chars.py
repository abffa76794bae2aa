"""Character-level diff of one changed item, suited to Japanese text.

Japanese has no spaces between words, so a word diff is useless and a raw character diff is noisy
(``確保`` → ``採用`` comes out as four scattered one-character edits around shared characters).
diff-match-patch's semantic cleanup merges such fragments into readable whole-phrase edits.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from .model import Segment, SegmentOp

if TYPE_CHECKING:
    from diff_match_patch import diff_match_patch

_OPS: dict[int, SegmentOp] = {0: "equal", 1: "insert", -1: "delete"}


@cache
def _engine() -> diff_match_patch:
    from diff_match_patch import diff_match_patch  # only modified items pay for the import

    engine = diff_match_patch()
    # Items are short; never trade an exact diff for speed.
    engine.Diff_Timeout = 0
    return engine


def char_diff(old: str, new: str) -> tuple[Segment, ...]:
    """Segments turning ``old`` into ``new``: deletions before insertions at each changed spot."""
    if old == new:
        return (Segment("equal", old),) if old else ()
    engine = _engine()
    diffs = engine.diff_main(old, new, False)
    engine.diff_cleanupSemantic(diffs)
    return tuple(Segment(_OPS[op], text) for op, text in diffs if text)


def side(segments: tuple[Segment, ...], which: str) -> list[tuple[str, bool]]:
    """One side's text as ``(text, changed)`` pieces: ``old`` keeps deletions, ``new`` insertions."""
    drop = "insert" if which == "old" else "delete"
    return [(s.text, s.op != "equal") for s in segments if s.op != drop]
