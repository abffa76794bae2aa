"""The immutable tree every stage after parsing works on: Outline, Node, Note, Diagnostic."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

MarkerKind = Literal[
    "ronten",
    "dai",
    "arabic",
    "paren_arabic",
    "katakana",
    "paren_katakana",
    "latin",
    "paren_latin",
    "circled",
    "bullet",
]

# Outermost first (the order of MarkerKind). The hierarchy of one document is this order restricted
# to the kinds it uses (JAPANESE.md section 1), so a memo that starts at (1) has (1) as its top level.
MARKER_ORDER: tuple[MarkerKind, ...] = get_args(MarkerKind)
RANK: dict[str, int] = {kind: i for i, kind in enumerate(MARKER_ORDER)}

Width = Literal["full", "half", "none"]


@dataclass(frozen=True, slots=True)
class Node:
    """One numbered or bulleted item and the items under it.

    ``label`` is the marker exactly as written (``（１）`` stays full-width; for a bullet it is
    ``・`` when written, else the Markdown list character). ``text`` is everything after the
    marker, with hard-wrapped continuation lines joined. ``spans`` maps text offsets back to the
    source: one ``(offset, line, column)`` per physical line the text came from.
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

    def locate(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of character ``offset`` of ``text``."""
        line, column = self.line, self.column
        start = 0
        for span_offset, span_line, span_column in self.spans:
            if span_offset > offset:
                break
            start, line, column = span_offset, span_line, span_column
        return line, column + offset - start

    def walk(self) -> Iterator[Node]:
        """This node and all below it, depth first, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class Note:
    """A paragraph that is not an item: a note after the last item, or preface text before the first.

    ``mark`` is the note sign as written (``※``, ``*``), without which ``text`` is stored.
    """

    text: str
    line: int
    column: int = 1
    mark: str = ""


@dataclass(frozen=True, slots=True)
class Outline:
    """A parsed 論点メモ. ``path`` is where it was read from (``<stdin>``, ``REV:path`` or a file).

    ``front_matter`` is the YAML between the ``---`` fences as written, so ``fmt`` keeps its
    comments and key order; ``meta`` is what it means.
    """

    title: str = ""
    status: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    children: tuple[Node, ...] = ()
    notes: tuple[Note, ...] = ()
    preface: tuple[Note, ...] = ()
    title_line: int = 0
    title_heading: int = 0
    path: str = ""
    lines: int = 0
    front_matter: str = ""

    def walk(self) -> Iterator[Node]:
        """Every node, depth first, in document order."""
        for child in self.children:
            yield from child.walk()


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
