"""The immutable tree every stage after parsing works on: Outline, Node, its blocks, Diagnostic."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, get_args

from .mdsyntax import pipe_table

MarkerKind = Literal[
    "ronten",
    "dai",
    "arabic",
    "paren_arabic",
    "katakana",
    "paren_katakana",
    "latin",
    "paren_latin",
    "arabic_rparen",
    "latin_rparen",
    "circled",
    "bullet",
]

# Outermost first (the order of MarkerKind). The hierarchy of one document is this order restricted
# to the kinds it uses (JAPANESE.md section 1), so a memo that starts at (1) has (1) as its top level.
MARKER_ORDER: tuple[MarkerKind, ...] = get_args(MarkerKind)
RANK: dict[str, int] = {kind: i for i, kind in enumerate(MARKER_ORDER)}

Width = Literal["full", "half", "none"]


def locate(spans: tuple[tuple[int, int, int], ...], line: int, column: int, offset: int) -> tuple[int, int]:
    """The 1-based (line, column) of character ``offset`` of a text that starts at ``line``:``column``
    and continues on the lines ``spans`` lists (one ``(offset, line, column)`` per source line)."""
    start = 0
    for span_offset, span_line, span_column in spans:
        if span_offset > offset:
            break
        start, line, column = span_offset, span_line, span_column
    return line, column + offset - start


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph, or a ※ note when ``mark`` is set: text that is not an item.

    ``markdown`` is the paragraph as written, hard-wrapped lines joined (no space between Japanese
    characters) and without the note mark; ``text`` is what a reader sees of it (tags such as OCR's
    ``<sup>``, backslash escapes and emphasis marks removed). ``mark`` is the note sign as written
    (``※``, ``＊``, ``*``) and ``sep`` the space after it, kept as written (``※　本資料は``).
    ``after`` is how many of its owner's child items come before it (0: before the first child).
    ``spans`` maps offsets of ``markdown`` back to the source, as ``Node.spans`` does.
    """

    text: str
    line: int
    column: int = 1
    mark: str = ""
    markdown: str = ""
    sep: str = ""
    after: int = 0
    spans: tuple[tuple[int, int, int], ...] = ()

    @property
    def type(self) -> str:
        """``note`` for a ※ note, else ``paragraph``."""
        return "note" if self.mark else "paragraph"

    def locate(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of character ``offset`` of ``markdown``."""
        return locate(self.spans, self.line, self.column, offset)


@dataclass(frozen=True, slots=True)
class Table:
    """A table: a GFM pipe table in Markdown, lines of ``|``/``｜``-separated cells in plain text.

    ``header`` and ``rows`` hold the cells as a reader sees them (like ``Paragraph.text``);
    ``cells`` holds every row as written (the header first), ``places`` the (line, column) of each
    of those cells, and ``aligns`` the alignment each column's delimiter declares (``left``,
    ``center``, ``right`` or ``""``). Rows keep the number of cells they were written with.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    line: int
    column: int = 1
    after: int = 0
    aligns: tuple[str, ...] = ()
    cells: tuple[tuple[str, ...], ...] = ()
    places: tuple[tuple[tuple[int, int], ...], ...] = ()

    type: ClassVar[str] = "table"
    # A table has no note sign; the attribute lets code reading any block's mark treat it alike.
    mark: ClassVar[str] = ""

    @property
    def text(self) -> str:
        """The table as text: cells joined by `` | ``, rows (the header first) by newlines."""
        return "\n".join(" | ".join(row) for row in (self.header, *self.rows))

    @property
    def markdown(self) -> str:
        """The table as an aligned GFM pipe table (lines joined by newlines)."""
        return "\n".join(pipe_table(self.cells, self.aligns))


Block = Paragraph | Table


def in_order(children: tuple[Node, ...], blocks: tuple[Block, ...]) -> list[Node | Block]:
    """Child items and blocks merged in document order: each block after ``after`` children."""
    merged: list[Node | Block] = []
    pending = iter(blocks)
    block = next(pending, None)
    for index, child in enumerate(children):
        while block is not None and block.after <= index:
            merged.append(block)
            block = next(pending, None)
        merged.append(child)
    if block is not None:
        merged.append(block)
        merged.extend(pending)
    return merged


# Nesting deeper than this is refused when an outline is read: no memo needs it, and every stage
# after reading may then walk the tree recursively, as Jinja templates and JSON encoders do.
MAX_DEPTH = 100


@dataclass(frozen=True, slots=True)
class Node:
    """One numbered or bulleted item, the items under it and the blocks it owns.

    ``label`` is the marker exactly as written (``（１）`` stays full-width; for a bullet it is
    ``・`` when written, else the Markdown list character). ``markdown`` is everything after the
    marker as written, with hard-wrapped continuation lines joined; ``text`` is what a reader sees
    of it (tags, escapes and emphasis marks removed). ``spans`` maps offsets of ``markdown`` back
    to the source: one ``(offset, line, column)`` per physical line the text came from.
    ``blocks`` are the paragraphs, tables and notes under the item, in order; each block's
    ``after`` places it among ``children``.
    """

    marker: MarkerKind
    label: str
    number: int | None
    text: str
    line: int
    column: int
    children: tuple[Node, ...] = ()
    heading: int = 0
    list_marker: str = ""
    sep: str = ""
    indent: int = 0
    spans: tuple[tuple[int, int, int], ...] = ()
    markdown: str = ""
    blocks: tuple[Block, ...] = ()

    type: ClassVar[str] = "item"

    def locate(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of character ``offset`` of ``markdown``."""
        return locate(self.spans, self.line, self.column, offset)

    def walk(self) -> Iterator[Node]:
        """This node and all below it, depth first, in document order."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


@dataclass(frozen=True, slots=True)
class Outline:
    """A parsed 論点メモ. ``path`` is where it was read from (``<stdin>``, ``REV:path`` or a file).

    ``preface`` holds the blocks before the first item; ``notes`` the ※ notes after the last item
    (from the first one on, with any paragraph after it); ``blocks`` the blocks among the
    top-level items that no item owns (text at the left margin between top-level bullets).
    ``front_matter`` is the YAML between the ``---`` fences as written, so ``fmt`` keeps its
    comments and key order; ``meta`` is what it means.
    """

    title: str = ""
    status: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    children: tuple[Node, ...] = ()
    notes: tuple[Block, ...] = ()
    preface: tuple[Block, ...] = ()
    title_line: int = 0
    title_heading: int = 0
    path: str = ""
    lines: int = 0
    front_matter: str = ""
    blocks: tuple[Block, ...] = ()

    def walk(self) -> Iterator[Node]:
        """Every node, depth first, in document order."""
        stack = list(reversed(self.children))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def all_blocks(self) -> Iterator[Block]:
        """Every block of the outline, each owner's in order: preface, top-level, items', notes."""
        yield from self.preface
        yield from self.blocks
        for node in self.walk():
            yield from node.blocks
        yield from self.notes


Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One finding of ``ronten check``; ordering sorts by file, line, column, code."""

    filename: str
    line: int
    column: int
    code: str
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    fixable: bool = field(default=False, compare=False)
