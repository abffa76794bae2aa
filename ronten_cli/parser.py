"""Lines to tree: items nest by their numbering marker, not by Markdown heading depth.

The hierarchy of a document is the order of ``MARKER_ORDER`` restricted to the kinds it uses, so
the parser only compares ranks: an item of a deeper kind goes under the item before it; an item of
the same kind goes under it only when indented further (a nested Markdown list); anything else
closes items until one of a shallower kind is found. Lines that carry no marker continue the item
before them, or become the title, preface or notes around the items.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .errors import InputError
from .markers import LINE, NUMBERED_KINDS, number_of
from .mdsyntax import CLOSING, clean, join
from .model import RANK, MarkerKind, Node, Note, Outline

_NOTE = re.compile(r"[ \t\u3000]*([※*＊])[ \t\u3000]*")
_DRAFT = re.compile(r"[(（]案[)）]$")


@dataclass(slots=True)
class _Item:
    """A node under construction; frozen into ``Node`` once the whole document is read."""

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
    children: list[_Item] = field(default_factory=list)

    def freeze(self) -> Node:
        return Node(
            self.marker,
            self.label,
            self.number,
            self.text,
            self.line,
            self.column,
            tuple(child.freeze() for child in self.children),
            self.heading,
            self.list_marker,
            self.sep,
            self.indent,
            tuple(self.spans),
        )


def parse(text: str, path: str = "") -> Outline:
    """Parse outline text (``\\n`` newlines) into an ``Outline``.

    Never fails on the outline itself; only malformed YAML front matter raises ``InputError``.
    """
    with gc_paused():
        return _parse(text, path)


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


def _parse(text: str, path: str) -> Outline:
    lines = text.split("\n")
    meta, first = _front_matter(lines, path)
    front_matter = "\n".join(lines[1 : first - 1]) if first else ""
    matches = [LINE.match(line) for line in lines]
    last_item = -1
    for index in range(len(lines) - 1, first - 1, -1):
        m = matches[index]
        if m is not None and (m["label"] is not None or m["list"] is not None):
            last_item = index
            break

    title = ""
    title_line = 0
    title_heading = 0
    preface: list[Note] = []
    notes: list[Note] = []
    roots: list[_Item] = []
    stack: list[_Item] = []
    # The paragraph a non-item line continues: an item, a preface or a note; None after a blank.
    open_note: list[Note] | None = None
    previous_blank = True

    for index in range(first, len(lines)):
        m = matches[index]
        line_no = index + 1
        if m is None:  # pragma: no cover - the pattern matches every string
            continue
        body = m["text"]
        is_item = m["label"] is not None or m["list"] is not None
        # A line with nothing a reader sees ("##" alone, "<br>") separates paragraphs like a blank.
        if not is_item and not (body and clean(body)):
            previous_blank = True
            continue
        if is_item and index <= last_item:
            item = _item(m, line_no)
            rank = RANK[item.marker]
            while stack:
                top = stack[-1]
                top_rank = RANK[top.marker]
                if rank > top_rank or (rank == top_rank and item.indent > top.indent):
                    break
                stack.pop()
            (stack[-1].children if stack else roots).append(item)
            stack.append(item)
            open_note = None
        else:
            column = len(m["indent"]) + 1 + (len(m["hashes"]) + 1 if m["hashes"] else 0)
            raw = lines[index].strip(" \t\u3000")
            if m["hashes"]:
                raw = CLOSING.sub("", raw[len(m["hashes"]) :].strip(" \t\u3000"))
            if not roots:
                if not title and not preface:
                    title, title_line, title_heading = clean(raw), line_no, len(m["hashes"] or "")
                elif not previous_blank and preface and open_note is preface:
                    last = preface[-1]
                    preface[-1] = Note(join(last.text, clean(raw)), last.line, last.column)
                else:
                    preface.append(Note(clean(raw), line_no, column))
                    open_note = preface
            elif index > last_item:
                text = clean(raw)
                mark = _NOTE.match(text)
                if mark is None and not previous_blank and open_note is notes and notes:
                    last = notes[-1]
                    notes[-1] = Note(join(last.text, text), last.line, last.column, last.mark)
                elif mark is None and not previous_blank and not notes:
                    _continue(stack[-1], raw, line_no, column)
                else:
                    sign = mark.group(1) if mark else ""
                    notes.append(Note(text[mark.end() :] if mark else text, line_no, column, sign))
                    open_note = notes
            else:
                _continue(stack[-1], raw, line_no, column)
        previous_blank = False

    return Outline(
        title=title,
        status="案" if _DRAFT.search(title) else "",
        meta=meta,
        children=tuple(item.freeze() for item in roots),
        notes=tuple(notes),
        preface=tuple(preface),
        title_line=title_line,
        title_heading=title_heading,
        path=path,
        lines=len(lines) - (1 if text.endswith("\n") else 0),
        front_matter=front_matter,
    )


def _item(m: re.Match[str], line_no: int) -> _Item:
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
        for candidate, value in zip(NUMBERED_KINDS, m.group(*NUMBERED_KINDS), strict=True):
            if value is not None:
                kind, number = candidate, number_of(candidate, value)
                break
    text_column = m.start("text") + 1
    text = m["text"]
    if heading and text.endswith("#"):
        text = CLOSING.sub("", text)
    return _Item(
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
    )


def _continue(item: _Item, raw: str, line_no: int, column: int) -> None:
    joined = join(item.text, raw)
    item.spans.append((len(joined) - len(raw), line_no, column))
    item.text = joined


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

    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(f"{path or '<input>'}{where}: invalid YAML front matter ({problem})") from None
    except (ValueError, OverflowError) as exc:
        # PyYAML builds dates while loading, so an impossible one (2026-02-30) surfaces as ValueError.
        message = f"{path or '<input>'}: invalid value in YAML front matter ({exc})"
        raise InputError(_bad_date(lines[1:end], path) or message) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(f"{path or '<input>'}:2: front matter must be a mapping of keys to values")
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
                line = next((line for name, line, _ in _scalars(yaml_lines) if name == key), 2)
                raise InputError(f"{path or '<input>'}:{line}: {key}: {exc}") from None
            if parsed is not None:
                meta[key] = parsed
    return meta


def _bad_date(yaml_lines: list[str], path: str) -> str:
    """``path:line: key: why`` for the first YAML timestamp that is not a valid date, or ''."""
    from .dates import DateTimeError, read_date, read_datetime

    for key, line, node in _scalars(yaml_lines):
        if node.tag == "tag:yaml.org,2002:timestamp":
            try:
                if read_datetime(node.value) is None:
                    read_date(node.value)
            except DateTimeError as exc:
                return f"{path or '<input>'}:{line}: {key}: {exc}"
    return ""


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
