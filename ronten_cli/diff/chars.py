"""Character-level diff of one changed item, suited to Japanese text.

Japanese has no spaces between words, so a word diff is useless and a raw character diff is noisy
(``確保`` → ``採用`` comes out as four scattered one-character edits around shared characters).
diff-match-patch's semantic cleanup merges such fragments into readable whole-phrase edits.

diff-match-patch's exact diff costs time in proportion to the length times the number of edits:
two unrelated 16,000-character items take tens of seconds. So each item has a budget counted in
edits, not in seconds (a clock would make the output depend on the machine): a bounded search
first checks that at most ``MAX_EDITS`` characters are inserted or deleted, and past that the
changed stretch is shown as replaced whole, which is also what a reader makes of a rewrite.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from .model import Segment, SegmentOp

if TYPE_CHECKING:
    from diff_match_patch import diff_match_patch

_OPS: dict[int, SegmentOp] = {0: "equal", 1: "insert", -1: "delete"}
# The budget of one item: diff-match-patch takes about 0.5 s on two 16,000-character texts with
# 1,000 edits between them; past either figure the changed stretch is shown replaced whole.
MAX_EDITS = 400
MAX_LENGTH = 20_000


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
    head = engine.diff_commonPrefix(old, new)
    tail = engine.diff_commonSuffix(old[head:], new[head:])
    middle_old, middle_new = old[head : len(old) - tail], new[head : len(new) - tail]
    if max(len(middle_old), len(middle_new)) > MAX_LENGTH or not _within(middle_old, middle_new, MAX_EDITS):
        pieces = [("equal", old[:head]), ("delete", middle_old), ("insert", middle_new)]
        pieces.append(("equal", old[len(old) - tail :]))
        return tuple(Segment(op, text) for op, text in pieces if text)  # type: ignore[arg-type]
    diffs = engine.diff_main(old, new, False)
    engine.diff_cleanupSemantic(diffs)
    return tuple(Segment(_OPS[op], text) for op, text in diffs if text)


def _within(a: str, b: str, limit: int) -> bool:
    """Whether at most ``limit`` insertions and deletions turn ``a`` into ``b``.

    Myers' greedy search (the O(ND) diff), stopped once ``limit`` edits are spent: its cost is
    bounded by the limit, whatever the texts.
    """
    n, m = len(a), len(b)
    if abs(n - m) > limit:
        return False
    # furthest[k]: how far along ``a`` the best path on diagonal k (x - y) reaches so far.
    furthest = {1: 0}
    for edits in range(limit + 1):
        for k in range(-edits, edits + 1, 2):
            if k == -edits or (k != edits and furthest[k - 1] < furthest[k + 1]):
                x = furthest[k + 1]  # an insertion: down from diagonal k + 1
            else:
                x = furthest[k - 1] + 1  # a deletion: right from diagonal k - 1
            y = x - k
            while x < n and y < m and a[x] == b[y]:
                x, y = x + 1, y + 1
            if x >= n and y >= m:
                return True
            furthest[k] = x
    return False


def side(segments: tuple[Segment, ...], which: str) -> list[tuple[str, bool]]:
    """One side's text as ``(text, changed)`` pieces: ``old`` keeps deletions, ``new`` insertions."""
    drop = "insert" if which == "old" else "delete"
    return [(s.text, s.op != "equal") for s in segments if s.op != drop]
