"""Lines to tree: items nest by their numbering marker, not by Markdown heading depth; what is not
an item is kept as blocks (paragraphs, tables, ※ notes) of the item that owns it.

The hierarchy of a document is the order of ``MARKER_ORDER`` restricted to the kinds it uses, so
the parser only compares ranks: an item of a deeper kind goes under the item before it; an item of
the same kind goes under it only when indented further (a nested Markdown list); anything else
closes items until one of a shallower kind is found.

Everything else follows Markdown. A line without a marker right after an item continues its text
(hard wrap), except after a heading: an ATX heading is one line. After a blank line, or after a
heading, it starts a paragraph; a line starting with ※, ＊ or * starts a note, and a line that
starts like a broken marker (``1.はじめに``, ``(2 背景``) a paragraph of its own, wherever they
are. A GFM pipe table (Markdown) or a run of lines of ``|``/``｜``-separated cells (``.txt``) is
a table. A block belongs to the item above it, up to that item's next sibling; a bullet owns only
what is indented past its marker (list continuation), so text at the bullet's own column or left
of it belongs to the numbered item above the bullets. Before the first item: the title and the
preface; from the first ※ note after the last item on: the outline's notes.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .errors import InputError
from .i18n import _
from .markers import LINE, MALFORMED, NUMBERED_KINDS, number_of
from .mdsyntax import CLOSING, SPACES, TAG, TAG_KEEP, cells, clean, delimiter_row, join, plain
from .model import MAX_DEPTH, RANK, Block, MarkerKind, Node, Outline, Paragraph, Table

# A note sign: ※ or ＊, or "*" (escaped, or not opening emphasis), and the space after it.
_NOTE = re.compile(r"(※|＊|\\\*|\*(?!\*))([ \t\u3000]*)")
# A "*" that is not backslash-escaped: one that could close emphasis.
_STAR = re.compile(r"(?:^|[^\\])(?:\\\\)*\*")
_DRAFT = re.compile(r"[(（]案[)）]$")
# The longest item number read: no memo has a billion items, and Python refuses to convert a
# number of over 4300 digits at all.
_MAX_DIGITS = 9


@dataclass(slots=True)
class _OpenParagraph:
    """A paragraph or note under construction: hard-wrapped lines are joined onto ``markdown``."""

    markdown: str
    line: int
    column: int
    mark: str = ""
    sep: str = ""
    after: int = 0
    spans: list[tuple[int, int, int]] = field(default_factory=list)

    def add(self, raw: str, line_no: int, column: int) -> None:
        joined = join(self.markdown, raw)
        self.spans.append((len(joined) - len(raw), line_no, column))
        self.markdown = joined

    def freeze(self) -> Paragraph:
        return Paragraph(
            plain(self.markdown),
            self.line,
            self.column,
            self.mark,
            self.markdown,
            self.sep,
            self.after,
            tuple(self.spans),
        )


def _freeze_blocks(blocks: list[_OpenParagraph | Table]) -> tuple[Block, ...]:
    return tuple(block.freeze() if isinstance(block, _OpenParagraph) else block for block in blocks)


@dataclass(slots=True)
class _OpenNode:
    """A node under construction; frozen into ``Node`` once the whole document is read.

    ``content`` is the indentation a block needs to belong to this item: -1 (any) for a numbered
    item or a heading, the column of its text for a bullet (Markdown's list continuation).
    """

    marker: MarkerKind
    label: str
    number: int | None
    text: str
    line: int
    column: int
    heading: int
    list_marker: str
    sep: str
    indent: int
    spans: list[tuple[int, int, int]]
    content: int
    children: list[_OpenNode] = field(default_factory=list)
    blocks: list[_OpenParagraph | Table] = field(default_factory=list)

    def add(self, raw: str, line_no: int, column: int) -> None:
        joined = join(self.text, raw)
        self.spans.append((len(joined) - len(raw), line_no, column))
        self.text = joined

    def freeze(self) -> Node:
        # Recursion is bounded: the parser refuses nesting deeper than MAX_DEPTH.
        return Node(
            self.marker,
            self.label,
            self.number,
            plain(self.text),
            self.line,
            self.column,
            tuple([child.freeze() for child in self.children]) if self.children else (),
            self.heading,
            self.list_marker,
            self.sep,
            self.indent,
            tuple(self.spans),
            self.text,
            _freeze_blocks(self.blocks) if self.blocks else (),
        )


def parse(text: str, path: str = "") -> Outline:
    """Parse outline text (``\\n`` newlines) into an ``Outline``.

    A ``path`` ending in ``.txt`` reads plain text (tables are lines of ``|``/``｜`` cells); any
    other reads Markdown (tables are GFM pipe tables). Raises ``InputError`` for malformed YAML
    front matter and for items nested deeper than ``MAX_DEPTH`` levels; any other text is an outline.
    """
    with gc_paused():
        return _Parser(text, path).outline()


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a pass over a whole outline.

    The tree has no reference cycles, but parsing or checking it allocates so many objects that
    the collector ran again and again over all of them: parsing took 3x the time, and 10x the
    lines took 12x as long. Paused, both stay linear.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _is_item(m: re.Match[str]) -> bool:
    return m["label"] is not None or m["list"] is not None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(SPACES))


def _tables(lines: list[str], matches: list[re.Match[str]], first: int, plain_text: bool) -> dict[int, int]:
    """Where each table starts (line index) and where it ends (the index after its last line)."""
    found: dict[int, int] = {}
    total = len(lines)
    index = first
    while index < total:
        line = lines[index]
        if "|" not in line and not (plain_text and "｜" in line):
            index += 1
            continue
        m = matches[index]
        end = index
        if plain_text:
            # Two or more lines of cells, none of them an item.
            while end < total and ("|" in lines[end] or "｜" in lines[end]) and not _is_item(matches[end]):
                end += 1
            if end - index < 2:
                end = index
        elif not (m["hashes"] or m["list"]) and index + 1 < total:
            # GFM: a header row, then a delimiter row with as many cells; rows up to a blank line,
            # a line without a pipe, a heading or a list item.
            aligns = delimiter_row(lines[index + 1])
            if aligns is not None and len(aligns) == len(cells(line)):
                end = index + 2
                while (
                    end < total
                    and "|" in lines[end]
                    and lines[end].strip()
                    and not (matches[end]["hashes"] or matches[end]["list"])
                ):
                    end += 1
        if end > index:
            found[index] = end
            index = end
        else:
            index += 1
    return found


def _table(lines: list[str], start: int, end: int, plain_text: bool, after: int) -> Table:
    """The table on lines ``start``..``end`` (indices); a delimiter row after the header is read
    for its alignments, in plain text too."""
    aligns = delimiter_row(lines[start + 1]) if end - start > 1 else None
    indices = [start, *range(start + (2 if aligns is not None else 1), end)]
    written: list[tuple[str, ...]] = []
    places: list[tuple[tuple[int, int], ...]] = []
    for index in indices:
        row = cells(lines[index], full_width=plain_text)
        written.append(tuple([cell for cell, _ in row]))
        places.append(tuple([(index + 1, offset + 1) for _, offset in row]))
    shown = [tuple([plain(cell) for cell in row]) for row in written]
    return Table(
        header=shown[0],
        rows=tuple(shown[1:]),
        line=start + 1,
        column=_indent(lines[start]) + 1,
        after=after,
        aligns=aligns or (),
        cells=tuple(written),
        places=tuple(places),
    )


def note_sign(text: str) -> tuple[str, str, str] | None:
    """``(mark, space after it, rest)`` when ``text`` (tags removed) starts with a note sign.

    A ``*`` that another ``*`` in the line may close is emphasis, not a note sign (an escaped
    ``\\*`` closes nothing).
    """
    m = _NOTE.match(text)
    if m is None:
        return None
    mark, rest = m[1], text[m.end() :]
    if mark == "*" and "*" in rest and _STAR.search(rest):
        return None
    return ("*" if mark == "\\*" else mark), m[2], rest


class _Parser:
    """One pass over the lines of an outline, building items and the blocks they own."""

    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.lines = text.split("\n")
        self.roots: list[_OpenNode] = []
        self.stack: list[_OpenNode] = []
        self.root_blocks: list[_OpenParagraph | Table] = []
        self.preface: list[_OpenParagraph | Table] = []
        self.notes: list[_OpenParagraph | Table] = []

    def owner_depth(self, indent: int) -> int:
        """Where on the stack the open item a block at ``indent`` belongs to is; -1 for the top
        level. A numbered item or a heading takes any block, a bullet one indented to its text."""
        stack = self.stack
        for depth in range(len(stack) - 1, -1, -1):
            content = stack[depth].content
            if content < 0 or indent >= content:
                return depth
        return -1

    def owner(self, indent: int) -> tuple[list[_OpenParagraph | Table], int]:
        """The block list a block at ``indent`` joins, and its ``after``; items deeper than its
        owner are closed, as a Markdown list ends at a paragraph left of its text."""
        depth = self.owner_depth(indent)
        del self.stack[depth + 1 :]
        if depth < 0:
            return self.root_blocks, len(self.roots)
        item = self.stack[depth]
        return item.blocks, len(item.children)

    def outline(self) -> Outline:
        lines = self.lines
        meta, first = _front_matter(lines, self.path)
        front_matter = "\n".join(lines[1 : first - 1]) if first else ""
        plain_text = self.path.lower().endswith(".txt")
        matches: list[re.Match[str]] = [LINE.match(line) for line in lines]  # type: ignore[misc]
        tables = _tables(lines, matches, first, plain_text)
        in_table = bytearray(len(lines))
        for start, end in tables.items():
            in_table[start:end] = b"\x01" * (end - start)
        last_item = -1
        for index in range(len(lines) - 1, first - 1, -1):
            if not in_table[index] and _is_item(matches[index]):
                last_item = index
                break

        title = ""
        title_line = 0
        title_heading = 0
        stack = self.stack
        # What a line of text right below continues (an item or a paragraph); None after a blank.
        open_text: _OpenNode | _OpenParagraph | None = None
        trailing = False
        index = first
        total = len(lines)
        while index < total:
            if index in tables:
                end = tables[index]
                indent = _indent(lines[index])
                if trailing:
                    target, after = self.notes, 0
                elif not self.roots:
                    target, after = self.preface, 0
                else:
                    target, after = self.owner(indent)
                target.append(_table(lines, index, end, plain_text, after))
                open_text = None
                index = end
                continue
            m = matches[index]
            line_no = index + 1
            index += 1
            body = m["text"]
            if _is_item(m):
                item = _item(m, line_no, self.path)
                rank = RANK[item.marker]
                while stack:
                    top = stack[-1]
                    top_rank = RANK[top.marker]
                    if rank > top_rank or (rank == top_rank and item.indent > top.indent):
                        break
                    stack.pop()
                if len(stack) >= MAX_DEPTH:
                    message = _(
                        "{path}:{line}: items nested more than {limit} levels deep; "
                        "ronten reads at most {limit} levels"
                    )
                    raise InputError(
                        message.format(path=self.path or "<input>", line=line_no, limit=MAX_DEPTH),
                        path=self.path or None,
                        line=line_no,
                    )
                (stack[-1].children if stack else self.roots).append(item)
                stack.append(item)
                open_text = None if item.heading else item
                continue
            # A line with nothing a reader sees ("##" alone, "<br>") separates paragraphs like a blank.
            if not (body and clean(body)):
                open_text = None
                continue
            hashes = m["hashes"]
            column = len(m["indent"]) + 1 + (len(hashes) + 1 if hashes else 0)
            raw = lines[line_no - 1].strip(SPACES)
            if hashes:
                raw = CLOSING.sub("", raw[len(hashes) :].strip(SPACES))
            if not self.roots and not title and not self.preface:
                title, title_line, title_heading = clean(raw), line_no, len(hashes or "")
                continue
            note = note_sign(raw)
            if note is None and "<" in raw:
                # OCR writes the sign as a tag (<sup>*</sup>): without its tags the line is a note.
                note = note_sign(TAG.sub(TAG_KEEP, raw))
            starts = bool(note or hashes or MALFORMED.match(clean(raw)))
            if open_text is not None and not starts:
                open_text.add(raw, line_no, column)
                continue
            if note is not None:
                mark, sep, rest = note
                block = _OpenParagraph(rest, line_no, column, mark, sep)
                block.spans.append((0, line_no, column + len(raw) - len(rest)))
            else:
                block = _OpenParagraph(raw, line_no, column)
                block.spans.append((0, line_no, column))
            if trailing:
                self.notes.append(block)
            elif not self.roots:
                self.preface.append(block)
            else:
                indent = len(m["indent"])
                depth = self.owner_depth(indent)
                if note is not None and index - 1 > last_item and (depth < 0 or stack[depth].content < 0):
                    # The first ※ note after the last item opens the outline's notes, unless it
                    # continues a bullet (indented past its marker).
                    trailing = True
                    self.notes.append(block)
                else:
                    target, block.after = self.owner(indent)
                    target.append(block)
            # An ATX heading is one line: the next line starts a paragraph of its own.
            open_text = None if hashes else block

        return Outline(
            title=title,
            status="案" if _DRAFT.search(title) else "",
            meta=meta,
            children=tuple(item.freeze() for item in self.roots),
            notes=_freeze_blocks(self.notes),
            preface=_freeze_blocks(self.preface),
            title_line=title_line,
            title_heading=title_heading,
            path=self.path,
            lines=len(lines) - (1 if self.text.endswith("\n") else 0),
            front_matter=front_matter,
            blocks=_freeze_blocks(self.root_blocks),
        )


def _item(m: re.Match[str], line_no: int, path: str) -> _OpenNode:
    indent = len(m["indent"])
    heading = len(m["hashes"] or "")
    list_marker = m["list"] or ""
    if m["label"] is None:
        kind: MarkerKind = "bullet"
        label = list_marker
        number = None
        column = m.start("list") + 1
    else:
        label = m["label"]
        column = m.start("label") + 1
        kind, number = "bullet", None
        # Most items of a long memo are ・ bullets: only a numbered label needs the kinds searched.
        if m["bullet"] is None:
            for candidate, value in zip(NUMBERED_KINDS, m.group(*NUMBERED_KINDS), strict=True):
                if value is not None:
                    if len(value) > _MAX_DIGITS:
                        message = _(
                            "{path}:{line}:{column}: item number {number}… has {digits} digits; "
                            "at most {limit} are read"
                        )
                        raise InputError(
                            message.format(
                                path=path or "<input>",
                                line=line_no,
                                column=column,
                                number=value[:_MAX_DIGITS],
                                digits=len(value),
                                limit=_MAX_DIGITS,
                            ),
                            path=path or None,
                            line=line_no,
                        )
                    kind, number = candidate, number_of(candidate, value)
                    break
    text_column = m.start("text") + 1
    text = m["text"]
    if heading and text.endswith("#"):
        text = CLOSING.sub("", text)
    if kind != "bullet" or heading:
        content = -1
    elif list_marker:
        content = m.start("label") if m["label"] is not None else m.start("text")
    else:
        content = m.end("label")
    return _OpenNode(
        kind,
        label,
        number,
        text,
        line_no,
        column,
        heading,
        list_marker,
        m["sep"],
        indent,
        [(0, line_no, text_column)],
        content,
    )


def front_matter_end(lines: list[str]) -> int:
    """The index of the line closing front matter (``---`` or ``...`` after a first line ``---``), or 0."""
    if not lines or lines[0].lstrip("\ufeff").rstrip() != "---":
        return 0
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            return end
    return 0


def _front_matter(lines: list[str], path: str) -> tuple[dict[str, Any], int]:
    """The YAML front matter loaded, and the index of the first line after it."""
    end = front_matter_end(lines)
    if not end:
        return {}, 0
    import yaml  # only documents with front matter pay for it

    from . import yamlsafe

    try:
        data = yamlsafe.load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(
            _("{path}: invalid YAML front matter ({problem})").format(path=_at(path, line), problem=problem),
            path=path or None,
            line=line,
        ) from None
    except (ValueError, OverflowError) as exc:
        # PyYAML builds dates while loading, so an impossible one (2026-02-30) surfaces as ValueError.
        raise _bad_date(lines[1:end], path) or InputError(
            _("{path}: invalid value in YAML front matter ({problem})").format(
                path=path or "<input>", problem=exc
            ),
            path=path or None,
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(
            _("{path}: front matter must be a mapping of keys to values").format(path=_at(path, 2)),
            path=path or None,
            line=2,
        )
    return _read_dates({str(key): value for key, value in data.items()}, lines[1:end], path), end + 1


def _read_dates(meta: dict[str, Any], yaml_lines: list[str], path: str) -> dict[str, Any]:
    """``meta`` with each top-level text value written as a date or time (``令和8年12月10日``,
    ``"14:00"``) read as one, by the grammar ``--set`` and the meeting file use: YAML itself knows
    only ``2026-12-10``. A value shaped like a date that is not one is an error naming its line."""
    from .dates import DateTimeError, read_value

    for key, value in meta.items():
        if isinstance(value, str):
            try:
                parsed = read_value(value)
            except DateTimeError as exc:
                line = next((line for name, line, _node in _scalars(yaml_lines) if name == key), 2)
                raise _bad_value(path, line, key, exc) from None
            if parsed is not None:
                meta[key] = parsed
    return meta


def _at(path: str, line: int | None) -> str:
    """``path:line`` (or ``path`` alone) as an error names a place in the input."""
    return f"{path or '<input>'}:{line}" if line is not None else path or "<input>"


def _bad_value(path: str, line: int, key: str, problem: Exception) -> InputError:
    """``path:line: key: why``, with the fields set."""
    return InputError(f"{_at(path, line)}: {key}: {problem}", path=path or None, line=line, field=key)


def _bad_date(yaml_lines: list[str], path: str) -> InputError | None:
    """The error naming the first YAML timestamp that is not a valid date, or None."""
    from .dates import DateTimeError, read_date, read_datetime

    for key, line, node in _scalars(yaml_lines):
        if node.tag == "tag:yaml.org,2002:timestamp":
            try:
                if read_datetime(node.value) is None:
                    read_date(node.value)
            except DateTimeError as exc:
                return _bad_value(path, line, key, exc)
    return None


def _scalars(yaml_lines: list[str]) -> Iterator[tuple[str, int, Any]]:
    """Each scalar value of the front matter with its key (``a.b`` when nested) and line, in file order.

    Only called on front matter that composes (it loaded, or failed only while building a value).
    """
    import yaml

    root = yaml.compose("\n".join(yaml_lines), Loader=yaml.SafeLoader)
    stack: list[tuple[str, Any]] = [("", root)] if root is not None else []
    seen: set[int] = set()
    while stack:
        key, node = stack.pop()
        if id(node) in seen:  # an alias: the node is walked once, whatever refers to it
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            yield key, node.start_mark.line + 2, node
        elif isinstance(node, yaml.MappingNode):
            prefix = f"{key}." if key else ""
            stack.extend((prefix + str(name.value), value) for name, value in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((key, item) for item in reversed(node.value))
