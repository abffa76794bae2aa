"""The change model of ``ronten diff``: comparable items, changes, and the aligned rows reporters walk.

Both outlines are flattened into ``DiffNode`` tuples (the title, preface paragraphs, every node with
the paragraphs, tables and notes it owns, and the closing notes, in document order), matched, and
described twice: as ``changes`` (what a summary, JSON or a Markdown report lists: each change
once) and as ``rows`` (the two documents merged side by side, every item and block of each side
exactly once, which the 新旧対照表 and tracked-changes writers walk).
Changed front matter keys (role ``meta``, the key as label) are changes too, listed first; they
have no rows, since the documents show the memo, not its settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

from ..model import Outline

Op = Literal["added", "deleted", "modified", "moved", "renumbered"]
OPS: tuple[Op, ...] = ("added", "deleted", "modified", "moved", "renumbered")
Role = Literal["title", "preface", "node", "note", "meta", "paragraph", "table"]
SegmentOp = Literal["equal", "insert", "delete"]


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of a character diff: kept, inserted (new only) or deleted (old only)."""

    op: SegmentOp
    text: str


class DiffNode(NamedTuple):
    """One node of the flattened tree a comparison matches: the title, a block, an item or a front
    matter key (a tuple: a 100k-line outline has tens of thousands).

    ``ident`` is what makes two labels the same number, whatever their layout (width, ``1.``,
    ``・`` or ``-``); ``path`` holds the ancestors' labels as written; ``parent`` is the index of
    the parent item on the same side, ``-1`` for the top level; ``position`` is the item's own index.
    A block under a node (role ``paragraph``, ``table`` or ``note``) has its owner as parent, so it
    is matched and placed among the owner's children like a child item. ``kind`` is what the JSON
    calls it: ``item`` for a node, the block type for a block, else the role.
    """

    position: int
    parent: int
    role: Role
    marker: str
    label: str
    number: int | None
    text: str
    line: int
    path: tuple[str, ...]
    kind: str = "item"

    @property
    def ident(self) -> tuple[str, int | None]:
        return (self.marker, self.number)

    @property
    def depth(self) -> int:
        return len(self.path)

    @property
    def shown_label(self) -> str:
        """The label a document shows: a Markdown list item without ``・`` is still a ``・`` item;
        a front matter key is followed by its colon."""
        if self.marker == "bullet":
            return "・"
        return f"{self.label}:" if self.role == "meta" else self.label


@dataclass(frozen=True, slots=True)
class Change:
    """One reported change; ``segments`` is the character diff when the text changed."""

    op: Op
    old: DiffNode | None
    new: DiffNode | None
    segments: tuple[Segment, ...] = ()


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the side-by-side alignment: an item on one side or a matched pair.

    ``op`` is the item's own change (``None`` if unchanged). ``root`` marks the first row of an
    added, deleted or moved block, where the other side says （新設）, （削る） or where it moved.
    A moved item has two one-sided rows, at its old place and at its new place; a one-sided row of
    an item matched elsewhere names that other item in ``partner``.
    """

    old: DiffNode | None
    new: DiffNode | None
    op: Op | None
    root: bool = False
    segments: tuple[Segment, ...] = ()
    label_changed: bool = False
    partner: DiffNode | None = None


@dataclass(frozen=True, slots=True)
class Comparison:
    """The result of comparing two outlines."""

    old: Outline
    new: Outline
    old_items: tuple[DiffNode, ...]
    new_items: tuple[DiffNode, ...]
    changes: tuple[Change, ...]
    rows: tuple[Row, ...]

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(OPS, 0)
        for change in self.changes:
            counts[change.op] += 1
        return counts
