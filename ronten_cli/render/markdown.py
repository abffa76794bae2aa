"""Markdown to blocks: a one-pass line scanner for the Markdown ronten's templates write.

A full CommonMark parse of a 13k-line outline costs about half a second, the whole render budget
(DESIGN.md), while templates emit a small, regular subset: ATX headings, paragraphs, nested
``-``/``1.`` lists, pipe tables, ``**bold**``, ``*italic*``, ``<u>``, ``<br>``, hard breaks and
page breaks. This scanner handles that subset (plus block quotes, fenced code, setext headings
and rules) in one regex match per line; any other syntax is kept as literal text, never dropped.
The one exception is a line holding only an HTML comment (``<!-- ... -->``), which is a note to
the template's author and, as in every Markdown renderer, does not appear in the document.

Page breaks: a line ``\\newpage`` or ``<div style="page-break-after: always"></div>``. A line
``<div align="right">…</div>`` (or ``<p>``, or ``style="text-align: right"``; also ``center``)
is a paragraph so aligned, with Markdown inside.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from ..mdsyntax import CLOSING_RUN, Spans, cells, delimiter_row, inline, wide
from ..mdsyntax import Span as Span  # the docx writer reads blocks and their spans from here
from ..parser import gc_paused, note_sign

# Blocks and spans are NamedTuples: one is built per source line, and a NamedTuple costs a third
# of a frozen dataclass to construct.


class Heading(NamedTuple):
    """An ATX (``## …``) or setext heading, ``level`` 1-6."""

    level: int
    spans: Spans
    line: int


class Paragraph(NamedTuple):
    """A paragraph; ``depth`` > 0 for a paragraph continuing a list item at that nesting depth.

    ``style`` is ``BlockText`` for a quote and ``Note`` for a ※ note (a paragraph starting with a
    note sign, as the outline parser reads one); ``align`` (``left``, ``center``, ``right``) comes
    from a one-line ``<div align="right">``.
    """

    spans: Spans
    line: int
    depth: int = 0
    style: str = "BodyText"
    align: str = ""


class ListItem(NamedTuple):
    """A list item at nesting ``depth`` (1-based); ``number`` is set for an ordered list item."""

    depth: int
    number: int | None
    spans: Spans
    line: int


class Table(NamedTuple):
    """A pipe table: header cells, column alignments (``left``/``center``/``right``/``""``), rows;
    ``depth`` > 0 for a table indented as the continuation of a list item at that nesting depth."""

    header: tuple[Spans, ...]
    aligns: tuple[str, ...]
    rows: tuple[tuple[Spans, ...], ...]
    line: int
    depth: int = 0


class Code(NamedTuple):
    """A fenced code block, its lines kept verbatim."""

    lines: tuple[str, ...]
    line: int


class ThematicBreak(NamedTuple):
    """A thematic break (``---``)."""

    line: int


class PageBreak(NamedTuple):
    """A page-break marker line."""

    line: int


Block = Heading | Paragraph | ListItem | Table | Code | ThematicBreak | PageBreak

_LINE = re.compile(
    rf"""
    (?P<indent>[ \t]*)
    (?:
        (?P<fence>`{{3,}}|~{{3,}})[ \t]*[A-Za-z0-9_+.\#-]*[ \t]*$  # a language tag at most, else text
      | (?P<hashes>\#{{1,6}})(?:[ \t]+(?P<htext>.*?))?{CLOSING_RUN}
      | (?P<rule>(?:-[ \t]*){{3,}}|(?:\*[ \t]*){{3,}}|(?:_[ \t]*){{3,}}|=+[ \t]*)$
      | (?P<bullet>[-*+])(?:(?P<bspace>[ \t]+)(?P<btext>.*)|[ \t]*$)
      | (?P<number>[0-9]{{1,9}})[.)](?:(?P<ospace>[ \t]+)(?P<otext>.*)|[ \t]*$)
      | >[ \t]?(?P<quote>.*)
      | (?P<pagebreak>\\newpage
            |<div\s+style\s*=\s*["']\s*page-break-(?:after|before)\s*:\s*always;?\s*["']\s*>\s*</div>
        )[ \t]*$
      | (?P<comment><!--.*-->)[ \t]*$
      | <(?P<atag>div|p)\s+(?:align\s*=\s*["']?(?P<align>left|center|right)["']?
            |style\s*=\s*["']\s*text-align\s*:\s*(?P<talign>left|center|right)\s*;?\s*["'])\s*>
        (?P<atext>.*?)</(?P=atag)>[ \t]*$
    )?
    """,
    re.VERBOSE | re.IGNORECASE,
)
# After a sibling's prefix, these would make the line something else: a rule (``- - -``), a
# nested or differently spaced item, or emphasis the full scanner must see.
_NOT_SIBLING = frozenset(["", "-", "*", "_", "+", " ", "\t"])


def _join(lines: Sequence[str]) -> str:
    """Join a paragraph's source lines: hard breaks become ``\\n``, soft breaks a space or nothing.

    A soft break between two Japanese characters disappears: a space there would show in Word.
    """
    if len(lines) == 1:
        return lines[0].strip()
    out: list[str] = []
    last = len(lines) - 1
    for index, raw in enumerate(lines):
        line = raw.lstrip(" \t")
        if index == last:
            out.append(line.rstrip(" \t"))
            break
        stripped = line.rstrip(" ")
        if len(line) - len(stripped) >= 2:
            out.append(stripped.rstrip("\t") + "\n")
            continue
        stripped = stripped.rstrip("\t")
        if stripped.endswith("\\") and (len(stripped) - len(stripped.rstrip("\\"))) % 2:
            out.append(stripped[:-1] + "\n")
            continue
        following = lines[index + 1].lstrip(" \t")[:1]
        if stripped and following and (wide(stripped[-1]) or wide(following)):
            out.append(stripped)
        else:
            out.append(stripped + " ")
    return "".join(out)


def parse_blocks(text: str) -> list[Block]:
    """Scan Markdown ``text`` into blocks, in document order."""
    # Hundreds of thousands of small tuples would each count towards a cyclic garbage collection
    # that rescans everything alive (the outline too): half the time on a 132k-line outline. The
    # blocks hold no cycles, so pausing the collector loses nothing.
    with gc_paused():
        return _scan(text)


def _scan(text: str) -> list[Block]:
    lines = text.split("\n")
    total = len(lines)
    blocks: list[Block] = []
    # The open paragraph, item or quote: its kind, first line number and source lines.
    pending: list[str] = []
    pending_kind = ""
    pending_line = 0
    pending_depth = 0
    pending_number: int | None = None
    # Open list items, outermost first: [marker column, content column, ordered, number].
    stack: list[tuple[int, int, bool, int]] = []
    after_blank = False
    # The indentation, bullet and spacing of the last bullet item: the next line starting the
    # same way is its sibling.
    sibling_prefix = ""

    def flush() -> None:
        nonlocal pending_kind
        if not pending_kind:
            return
        joined = _join(pending)
        spans = inline(joined)
        if pending_kind == "item":
            blocks.append(ListItem(pending_depth, pending_number, spans, pending_line))
        elif pending_kind == "quote":
            blocks.append(Paragraph(spans, pending_line, 0, "BlockText"))
        else:
            style = "Note" if note_sign(joined) else "BodyText"
            blocks.append(Paragraph(spans, pending_line, pending_depth, style))
        pending.clear()
        pending_kind = ""

    def start(kind: str, line_number: int, content: str, depth: int = 0, number: int | None = None) -> None:
        nonlocal pending_kind, pending_line, pending_depth, pending_number
        flush()
        pending_kind, pending_line, pending_depth, pending_number = kind, line_number, depth, number
        pending.append(content)

    index = 0
    while index < total:
        raw = lines[index].rstrip("\r")
        number_here = index + 1
        index += 1
        if not raw.strip():
            flush()
            after_blank = True
            continue
        if (
            sibling_prefix
            and raw.startswith(sibling_prefix)
            and raw[len(sibling_prefix) : len(sibling_prefix) + 1] not in _NOT_SIBLING
        ):
            # Another bullet written exactly like the item before it (the bulk of a long outline):
            # the same depth and list stack, so the full match and stack walk can be skipped.
            flush()
            after_blank = False
            pending_kind, pending_line = "item", number_here
            pending.append(raw[len(sibling_prefix) :])
            continue
        sibling_prefix = ""
        match = _LINE.match(raw)
        assert match is not None  # every group is optional
        lead, bullet, space, content, number = match.group("indent", "bullet", "bspace", "btext", "number")
        indent = len(lead.expandtabs(4)) if "\t" in lead else len(lead)
        was_blank, after_blank = after_blank, False

        if bullet or number:
            marker_width = 1
            if number is not None:
                marker_width, space, content = len(number) + 1, match["ospace"], match["otext"]
            gap = len(space.expandtabs(4)) if space else 1
            content_column = indent + marker_width + (gap if gap <= 4 else 1)
            while stack and indent < stack[-1][0]:
                stack.pop()
            sibling = stack.pop() if stack and indent < stack[-1][1] else None
            value = 0
            if number is not None:
                value = sibling[3] + 1 if sibling is not None and sibling[2] else int(number)
            stack.append((indent, content_column, number is not None, value))
            flush()
            pending_kind, pending_line, pending_depth = "item", number_here, len(stack)
            pending_number = value if number is not None else None
            pending.append(content or "")
            if bullet and content:
                sibling_prefix = raw[: len(raw) - len(content)]
            continue

        if match["hashes"]:
            flush()
            stack.clear()
            blocks.append(Heading(len(match["hashes"]), inline(match["htext"] or ""), number_here))
            continue
        if match["rule"] is not None:
            rule = match["rule"].strip()
            if pending_kind == "para" and not pending_depth and len(set(rule)) == 1 and rule[0] in "=-":
                # A setext heading: the open paragraph is its text.
                blocks.append(Heading(1 if rule[0] == "=" else 2, inline(_join(pending)), pending_line))
                pending.clear()
                pending_kind = ""
                continue
            if rule[0] != "=":
                flush()
                stack.clear()
                blocks.append(ThematicBreak(number_here))
                continue
        if match["fence"]:
            flush()
            fence = match["fence"]
            code: list[str] = []
            while index < total:
                body = lines[index].rstrip("\r")
                index += 1
                if body.strip().startswith(fence[0] * len(fence)) and not body.strip().strip(fence[0]):
                    break
                code.append(body)
            blocks.append(Code(tuple(code), number_here))
            continue
        if match["pagebreak"]:
            flush()
            stack.clear()
            blocks.append(PageBreak(number_here))
            continue
        if match["comment"]:
            continue
        if match["atag"]:
            # Dates and signatures sit at the right in Japanese documents; this is how a template says so.
            flush()
            stack.clear()
            align = (match["align"] or match["talign"]).lower()
            text = match["atext"].strip()
            style = "Note" if note_sign(text) else "BodyText"
            blocks.append(Paragraph(inline(text), number_here, 0, style, align))
            continue
        if match["quote"] is not None:
            if pending_kind == "quote" and not was_blank:
                pending.append(match["quote"])
            else:
                stack.clear()
                start("quote", number_here, match["quote"])
            continue
        aligns = delimiter_row(lines[index].rstrip("\r")) if "|" in raw and index < total else None
        if aligns is not None:
            header = [cell for cell, _ in cells(raw)]
            if len(header) == len(aligns):
                flush()
                # Indented as a list item's continuation, the table belongs to that item.
                while stack and indent < stack[-1][1]:
                    stack.pop()
                index += 1
                rows: list[tuple[Spans, ...]] = []
                while index < total and lines[index].strip() and "|" in lines[index]:
                    row = [cell for cell, _ in cells(lines[index].rstrip("\r"))]
                    if len(row) > len(header):
                        # Cells past the header's width join the last column rather than vanish.
                        row[len(header) - 1 :] = [" | ".join(row[len(header) - 1 :])]
                    row += [""] * (len(header) - len(row))
                    rows.append(tuple(inline(cell) for cell in row))
                    index += 1
                header_spans = tuple(inline(cell) for cell in header)
                blocks.append(Table(header_spans, aligns, tuple(rows), number_here, len(stack)))
                continue
        if pending_kind and not was_blank:
            pending.append(raw)  # a continuation line of the open paragraph or item
            continue
        while stack and indent < stack[-1][1]:
            stack.pop()
        start("para", number_here, raw, len(stack))
    flush()
    return blocks
