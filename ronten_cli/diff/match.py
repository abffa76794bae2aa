"""Matching two outline trees by content, and classifying what changed.

Items are matched by what they say, never by their number, so inserting a new (2) is one addition
and the old (2), (3) become renumbered, not a cascade of edits. The matching stays close to linear
for the edits people make between meetings:

1. Items whose normalised text (NFKC, no spaces, no ``・``) occurs once on each side are paired
   through a hash table. This pairs almost everything, wherever it moved.
2. Top-down, for each matched parent pair, the children still unpaired on both sides are aligned
   in order, equal texts (duplicates) first, then by similarity (character bigrams, or the share
   of matched children for a heading whose wording changed). Only these few items are compared.
   An item reworded until it is no longer similar (a phrase added that doubles its length) is
   still paired when it keeps its label and its place among its siblings and most of the shorter
   text is still in the longer one.
3. Items still unpaired anywhere are compared once more across the whole document, through an
   index of character bigrams, to find an item that was both moved and edited; then step 2 runs
   again below the new pairs.

The paragraphs, tables and notes an item owns are items too (their block type as role, their
owner as parent): only blocks of one type are paired, so each phase matches them like child
items, and an edited paragraph or table cell is ``modified`` with its characters compared.

A matched pair is ``moved`` when its parents are not a matched pair, or when it left the longest
run of siblings that kept their order; else ``modified`` when its text differs, else
``renumbered`` when its label stands for a different number or kind. Layout (heading depth, marker
width, ``・`` or ``-``, spacing, blank lines, encoding) never reaches the items, so it is never a change.
"""

from __future__ import annotations

import heapq
import json
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict, deque
from collections.abc import Iterable

from ..model import Block, Node, Outline, in_order
from ..serialize import json_default
from .chars import char_diff
from .model import Change, Comparison, DiffNode, Op, Role, Row, Segment

# Similarity (Dice coefficient of character bigrams) needed to call two items one edited item:
# lower among the unpaired siblings of a matched parent, where position already argues for it;
# higher across the document, where only the text does.
SIBLING_THRESHOLD = 0.5
GLOBAL_THRESHOLD = 0.65
# The share of the shorter text's bigrams the longer one must hold for an item that kept its label
# and place to be the same item reworded, and how long the shorter must be for that to mean much.
RELATED_SHARE = 0.75
_RELATED_MIN_BIGRAMS = 3
# Above this many candidate pairs, compare through the bigram index instead of every pair.
_DIRECT_LIMIT = 4096
# A bigram shared by more items than this says nothing about which two belong together.
_COMMON_BIGRAM = 64
# How many of the items sharing most bigrams with an item are scored as its possible match.
_CANDIDATES = 4

_SKIP = dict.fromkeys(map(ord, " \t\u3000・･"))


def normalise(text: str) -> str:
    """The matching key of a text: NFKC (width), case-folded, without spaces and ``・``.

    Used only to *match* items; what is shown and compared for changes is the text as written.
    """
    return unicodedata.normalize("NFKC", text).translate(_SKIP).casefold()


def _block_item(block: Block, index: int, parent: int, role: Role, path: tuple[str, ...]) -> DiffNode:
    # A block's text as a reader sees it (a table's rows joined), as the JSON and documents show it.
    return DiffNode(index, parent, role, role, block.mark, None, block.text, block.line, path, block.type)


def flatten(outline: Outline) -> tuple[DiffNode, ...]:
    """The title, preface, every node (depth first) with its blocks, and the notes of ``outline``,
    in document order."""
    items: list[DiffNode] = []
    if outline.title:
        items.append(
            DiffNode(0, -1, "title", "title", "", None, outline.title, outline.title_line, (), "title")
        )
    for block in outline.preface:
        items.append(_block_item(block, len(items), -1, "preface", ()))
    pending: list[tuple[Node | Block, int, tuple[str, ...]]] = [
        (child, -1, ()) for child in reversed(in_order(outline.children, outline.blocks))
    ]
    while pending:
        node, parent, path = pending.pop()
        index = len(items)
        if not isinstance(node, Node):
            role: Role = "note" if node.mark else "table" if node.type == "table" else "paragraph"
            items.append(_block_item(node, index, parent, role, path))
            continue
        # Items compare as written, emphasis marks included, as before ``text`` became plain text.
        items.append(
            DiffNode(
                index, parent, "node", node.marker, node.label, node.number, node.markdown, node.line, path
            )
        )
        below = (*path, node.label)
        pending.extend((child, index, below) for child in reversed(in_order(node.children, node.blocks)))
    for block in outline.notes:
        items.append(_block_item(block, len(items), -1, "note", ()))
    return tuple(items)


def _children(items: tuple[DiffNode, ...]) -> dict[int, list[int]]:
    children: dict[int, list[int]] = defaultdict(list)
    for item in items:
        children[item.parent].append(item.position)
    return children


def _places(children: dict[int, list[int]]) -> dict[int, int]:
    """Each item's place among its siblings (0 for the first child of its parent)."""
    return {item: place for siblings in children.values() for place, item in enumerate(siblings)}


def _bigrams(key: str) -> frozenset[str]:
    if len(key) < 2:
        return frozenset((key,))
    return frozenset(key[i : i + 2] for i in range(len(key) - 1))


class _Matcher:
    """The state of one matching: keys, bigrams, children lists and the pairs found so far."""

    def __init__(self, old: tuple[DiffNode, ...], new: tuple[DiffNode, ...]) -> None:
        self.old, self.new = old, new
        self.old_keys = [(item.role, normalise(item.text)) for item in old]
        self.new_keys = [(item.role, normalise(item.text)) for item in new]
        self.old_children = _children(old)
        self.new_children = _children(new)
        self.old_places = _places(self.old_children)
        self.new_places = _places(self.new_children)
        self.pairs: dict[int, int] = {}
        self.back: dict[int, int] = {}
        self._grams: tuple[list[frozenset[str] | None], list[frozenset[str] | None]] = (
            [None] * len(old),
            [None] * len(new),
        )

    def pair(self, o: int, n: int) -> None:
        self.pairs[o] = n
        self.back[n] = o

    def grams(self, side: int, index: int) -> frozenset[str]:
        cached = self._grams[side][index]
        if cached is None:
            keys = self.old_keys if side == 0 else self.new_keys
            cached = self._grams[side][index] = _bigrams(keys[index][1])
        return cached

    def similarity(self, o: int, n: int) -> float:
        a, b = self.grams(0, o), self.grams(1, n)
        score = 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0
        old_kids, new_kids = self.old_children.get(o), self.new_children.get(n)
        if old_kids and new_kids:
            # A heading reworded beyond recognition is still the same heading if it kept its items.
            kept = sum(1 for c in old_kids if self.pairs.get(c, -2) in new_kids)
            score = max(score, 2 * kept / (len(old_kids) + len(new_kids)))
        return score

    def related(self, o: int, n: int) -> bool:
        """Whether ``o`` and ``n``, not similar enough, are still one item reworded: the same label
        at the same place among siblings, and most of the shorter text's bigrams in the longer."""
        if self.old_places[o] != self.new_places[n]:  # the cheapest test first: most pairs fail it
            return False
        old, new = self.old[o], self.new[n]
        if old.marker != new.marker or old.number != new.number:  # ``ident``, without its tuples
            return False
        a, b = self.grams(0, o), self.grams(1, n)
        shorter = min(len(a), len(b))
        return shorter >= _RELATED_MIN_BIGRAMS and len(a & b) >= RELATED_SHARE * shorter

    def run(self) -> dict[int, int]:
        self.pair_unique()
        aligned: set[int] = set()
        self.align_below(aligned)
        # Once across the document: a second pass would score the same leftovers again.
        self.pair_leftovers()
        self.align_below(aligned)
        return self.pairs

    def pair_unique(self) -> None:
        old_at: dict[tuple[Role, str], list[int]] = defaultdict(list)
        new_at: dict[tuple[Role, str], list[int]] = defaultdict(list)
        for i, key in enumerate(self.old_keys):
            old_at[key].append(i)
        for i, key in enumerate(self.new_keys):
            new_at[key].append(i)
        for key, olds in old_at.items():
            news = new_at.get(key)
            if news is not None and len(olds) == 1 and len(news) == 1:
                self.pair(olds[0], news[0])
        # A memo has one title: however reworded, the new title replaces the old one.
        if self.old and self.new and self.old[0].role == self.new[0].role == "title" and 0 not in self.pairs:
            self.pair(0, 0)

    def align_below(self, aligned: set[int]) -> None:
        """Pair the unpaired children of every matched pair, parents before children."""
        if -1 not in aligned:
            aligned.add(-1)
            self.align(self.old_children.get(-1, []), self.new_children.get(-1, []))
        for o in range(len(self.old)):
            n = self.pairs.get(o)
            if n is not None and o not in aligned:
                aligned.add(o)
                self.align(self.old_children.get(o, []), self.new_children.get(n, []))

    def align(self, olds: list[int], news: list[int]) -> None:
        left = [o for o in olds if o not in self.pairs]
        right = [n for n in news if n not in self.back]
        if not left or not right:
            return
        if len(left) * len(right) <= _DIRECT_LIMIT:
            self.pair_in_order(left, right)
        else:
            self.pair_equal(left, right)
            self.pair_similar(left, right, SIBLING_THRESHOLD)
            self.pair_related(left, right)

    def pair_in_order(self, left: list[int], right: list[int]) -> None:
        """Pair unpaired siblings without crossing, maximising the total similarity.

        Siblings that were only edited keep their order; pairing them greedily could cross two
        equal texts (two identical bullets, the first one edited) and report a move that is not.
        An equal text scores 2, so an exact match outweighs any similar one.
        """
        rows, cols = len(left), len(right)
        best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
        score: dict[tuple[int, int], float] = {}
        for i, o in enumerate(left, 1):
            for j, n in enumerate(right, 1):
                here = max(best[i - 1][j], best[i][j - 1])
                if self.old[o].role == self.new[n].role:
                    if self.old_keys[o] == self.new_keys[n]:
                        score[(i, j)] = 2.0
                    else:
                        similarity = self.similarity(o, n)
                        if similarity >= SIBLING_THRESHOLD or self.related(o, n):
                            score[(i, j)] = similarity
                    if (i, j) in score:
                        here = max(here, best[i - 1][j - 1] + score[(i, j)])
                best[i][j] = here
        i, j = rows, cols
        while i and j:
            if (i, j) in score and best[i][j] == best[i - 1][j - 1] + score[(i, j)]:
                self.pair(left[i - 1], right[j - 1])
                i, j = i - 1, j - 1
            elif best[i][j] == best[i - 1][j]:
                i -= 1
            else:
                j -= 1

    def pair_related(self, left: list[int], right: list[int]) -> None:
        """Pair each item still unpaired with the unpaired sibling at its place, when ``related``."""
        at_place = {self.new_places[n]: n for n in right if n not in self.back}
        for o in left:
            n = at_place.get(self.old_places[o])
            if n is not None and o not in self.pairs and n not in self.back and self.related(o, n):
                self.pair(o, n)

    def pair_equal(self, left: list[int], right: list[int]) -> None:
        waiting: dict[tuple[Role, str], deque[int]] = defaultdict(deque)
        for n in right:
            if n not in self.back:
                waiting[self.new_keys[n]].append(n)
        for o in left:
            queue = waiting.get(self.old_keys[o])
            if queue and o not in self.pairs:
                self.pair(o, queue.popleft())

    def pair_similar(self, left: list[int], right: list[int], threshold: float) -> None:
        left = [o for o in left if o not in self.pairs]
        right = [n for n in right if n not in self.back]
        if not left or not right:
            return
        candidates: list[tuple[float, int, int]] = []
        if len(left) * len(right) <= _DIRECT_LIMIT:
            for rank_o, o in enumerate(left):
                for rank_n, n in enumerate(right):
                    if self.old[o].role == self.new[n].role:
                        score = self.similarity(o, n)
                        if score >= threshold:
                            # Among equals, prefer the pair whose positions agree.
                            candidates.append((score - 0.001 * abs(rank_o - rank_n), o, n))
        else:
            candidates = self.indexed_candidates(left, right, threshold)
        candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
        for _, o, n in candidates:
            if o not in self.pairs and n not in self.back:
                self.pair(o, n)

    def indexed_candidates(
        self, left: list[int], right: list[int], threshold: float
    ) -> list[tuple[float, int, int]]:
        """Candidate pairs sharing an informative bigram: linear in the items, not quadratic."""
        index: dict[str, list[int]] = defaultdict(list)
        for o in left:
            for gram in self.grams(0, o):
                index[gram].append(o)
        candidates = []
        for n in right:
            grams = self.grams(1, n)
            hits: list[int] = []
            uninformative = 0
            for gram in grams:
                posting = index.get(gram)
                if posting is None:
                    continue
                if len(posting) > _COMMON_BIGRAM:
                    uninformative += 1
                else:
                    hits.extend(posting)
            # The likeliest matches first, by the similarity their shared bigrams alone give; ties
            # by position, never by the order a set of strings iterates in (it changes with
            # PYTHONHASHSEED, and so would the pairs).
            counts = Counter(hits)
            best = heapq.nsmallest(
                _CANDIDATES, counts, key=lambda o: (-counts[o] / (len(self.grams(0, o)) + len(grams)), o)
            )
            for o in best:
                shared = counts[o]
                # Even if every skipped bigram were shared too, could the pair reach the threshold?
                bound = 2 * (shared + uninformative) / (len(self.grams(0, o)) + len(grams))
                if bound >= threshold and self.old[o].role == self.new[n].role:
                    score = self.similarity(o, n)
                    if score >= threshold:
                        candidates.append((score, o, n))
        return candidates

    def pair_leftovers(self) -> None:
        left = [o for o in range(len(self.old)) if o not in self.pairs]
        right = [n for n in range(len(self.new)) if n not in self.back]
        if left and right:
            self.pair_equal(left, right)
            self.pair_similar(left, right, GLOBAL_THRESHOLD)


def _longest_increasing(values: list[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence of ``values`` (O(n log n))."""
    tails: list[int] = []
    tail_at: list[int] = []
    previous = [-1] * len(values)
    for i, value in enumerate(values):
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_at.append(i)
        else:
            tails[k] = value
            tail_at[k] = i
        previous[i] = tail_at[k - 1] if k else -1
    keep: set[int] = set()
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        keep.add(i)
        i = previous[i]
    return keep


class _Classifier:
    """Turns the pairs into per-item changes, the change list and the side-by-side rows."""

    def __init__(self, old: tuple[DiffNode, ...], new: tuple[DiffNode, ...], pairs: dict[int, int]) -> None:
        self.old, self.new, self.pairs = old, new, pairs
        self.back = {n: o for o, n in pairs.items()}
        self.old_children = _children(old)
        self.new_children = _children(new)
        self.in_place = self.find_in_place()

    def same_parent(self, o: int, n: int) -> bool:
        po, pn = self.old[o].parent, self.new[n].parent
        return po == pn == -1 or (po != -1 and self.pairs.get(po) == pn)

    def find_in_place(self) -> set[int]:
        """Old items paired under their parent's pair and still in sibling order."""
        groups: dict[int, list[int]] = defaultdict(list)
        for o, n in sorted(self.pairs.items()):
            if self.same_parent(o, n):
                groups[self.new[n].parent].append(o)
        in_place: set[int] = set()
        for olds in groups.values():
            keep = _longest_increasing([self.pairs[o] for o in olds])
            in_place.update(olds[i] for i in keep)
        return in_place

    def op(self, o: int, n: int) -> Op | None:
        if o not in self.in_place:
            return "moved"
        if self.old[o].text != self.new[n].text:
            return "modified"
        if self.old[o].ident != self.new[n].ident:
            return "renumbered"
        return None

    def rows(self) -> list[Row]:
        rows: list[Row] = []
        self.merge(-1, -1, rows)
        return rows

    def merge(self, p: int, q: int, rows: list[Row]) -> None:
        olds = self.old_children.get(p, [])
        news = self.new_children.get(q, [])
        i = j = 0
        for o in olds:
            if o not in self.in_place:
                continue
            n = self.pairs[o]
            while olds[i] != o:
                self.one_side(olds[i], "old", rows)
                i += 1
            while news[j] != n:
                self.one_side(news[j], "new", rows)
                j += 1
            rows.append(
                Row(
                    self.old[o],
                    self.new[n],
                    self.op(o, n),
                    segments=self.segments(o, n),
                    label_changed=_label_changed(self.old[o], self.new[n]),
                )
            )
            self.merge(o, n, rows)
            i += 1
            j += 1
        for o in olds[i:]:
            self.one_side(o, "old", rows)
        for n in news[j:]:
            self.one_side(n, "new", rows)

    def one_side(self, index: int, which: str, rows: list[Row]) -> None:
        """A block present on one side only: an added or deleted subtree, or one end of a move."""
        items, children = (self.old, self.old_children) if which == "old" else (self.new, self.new_children)
        pending = [index]
        while pending:
            at = pending.pop()
            item = items[at]
            other = self.pairs.get(at) if which == "old" else self.back.get(at)
            if other is None:
                op: Op | None = "deleted" if which == "old" else "added"
                paired = self.pairs if which == "old" else self.back
                root = item.parent == -1 or item.parent in paired
                rows.append(Row(item if which == "old" else None, item if which == "new" else None, op, root))
            else:
                o, n = (at, other) if which == "old" else (other, at)
                op = self.op(o, n)
                rows.append(
                    Row(
                        item if which == "old" else None,
                        item if which == "new" else None,
                        op,
                        op == "moved",
                        self.segments(o, n),
                        self.old[o].ident != self.new[n].ident,
                        self.new[n] if which == "old" else self.old[o],
                    )
                )
            pending.extend(reversed(children.get(at, [])))

    def segments(self, o: int, n: int) -> tuple[Segment, ...]:
        old, new = self.old[o].text, self.new[n].text
        return char_diff(old, new) if old != new else ()


def _changes(rows: Iterable[Row]) -> list[Change]:
    """Each change once: a moved item where it now stands, a block at its root only."""
    changes: list[Change] = []
    for row in rows:
        if row.op is None:
            continue
        if row.op == "added":
            if row.root:
                changes.append(Change("added", None, row.new))
        elif row.op == "deleted":
            if row.root:
                changes.append(Change("deleted", row.old, None))
        elif row.new is not None:
            changes.append(Change(row.op, row.old or row.partner, row.new, row.segments))
    return changes


def _meta_item(outline: Outline, key: str) -> DiffNode:
    """A front matter key as an item: its value as text, on the line the key is written."""
    value = outline.meta[key]
    text = json.dumps(value, ensure_ascii=False, default=json_default)
    if text.startswith('"'):  # a string, or a date YAML read: shown bare, as written
        text = json.loads(text)
    line = 1
    for offset, written in enumerate(outline.front_matter.split("\n")):
        if written.startswith(f"{key}:"):
            line = offset + 2  # after the opening ---
            break
    return DiffNode(-1, -1, "meta", "meta", key, None, text, line, (), "meta")


def meta_changes(old: Outline, new: Outline) -> list[Change]:
    """Front matter keys added, deleted or given another value (a meeting date, a material number)."""
    changes = []
    for key in [*old.meta, *(key for key in new.meta if key not in old.meta)]:
        if key not in new.meta:
            changes.append(Change("deleted", _meta_item(old, key), None))
        elif key not in old.meta:
            changes.append(Change("added", None, _meta_item(new, key)))
        elif old.meta[key] != new.meta[key]:
            before, after = _meta_item(old, key), _meta_item(new, key)
            changes.append(Change("modified", before, after, char_diff(before.text, after.text)))
    return changes


def compare(old: Outline, new: Outline) -> Comparison:
    """Match ``old`` against ``new`` and describe every change."""
    old_items, new_items = flatten(old), flatten(new)
    pairs = _Matcher(old_items, new_items).run()
    rows = _Classifier(old_items, new_items, pairs).rows()
    changes = [*meta_changes(old, new), *_changes(rows)]
    return Comparison(old, new, old_items, new_items, tuple(changes), tuple(rows))


def _label_changed(old: DiffNode, new: DiffNode) -> bool:
    """Whether the label a document shows must be revised: a new number or kind, or the same number
    written otherwise (（１） for (1), a note's ※ for *).

    Width and signs are layout, not reported changes, but the documents must still show the label
    each side had: Reject All on the tracked document has to give back the old text exactly.
    """
    return old.ident != new.ident or old.shown_label != new.shown_label
