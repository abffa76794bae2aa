"""A .docx body turned into the outline tree, through the same parser as a text outline.

Each body paragraph becomes one source line, labels typed or numbered by Word alike, and the
parser builds the tree: which lines are items, their levels (from the labels, never from Word's
indentation), the title, the preface and the notes are decided in one place for every format.
What only Word knows is written into the line the way Markdown says it: a Title-styled paragraph
goes first as ``#``, a heading-styled item gets ``#`` marks (so ``import`` keeps it a heading), and
a list level indents the item one full-width space per level (so bullets, and items of one kind,
nest as they do in an indented text outline). Every other paragraph is escaped so the parser reads
back exactly its text. Lines and columns are then mapped back from the source to the paragraph's
position in the body and the column in its text.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import fields, replace
from operator import attrgetter
from typing import Any

from ..fmt import _escape, guard
from ..markers import LINE
from ..model import Outline
from ..parser import join, parse
from .reader import BREAK, Paragraph, Table, WordDocument, shown

# The style ronten's own Word writer gives the material number (資料1) at the top right.
MATERIAL_STYLE = "Material"
_LIST_ITEM = "List Item "
_MAX_HEADING = 6


def to_outline(document: WordDocument) -> Outline:
    """The outline ``document`` holds, its lines being body positions."""
    lines: list[str] = []
    # For each source line: the body position it came from and how many characters were added
    # in front of the paragraph's own text.
    where: list[tuple[int, int]] = []
    paragraphs = [block for block in document.blocks if isinstance(block, Paragraph)]
    material = next((p for p in paragraphs if p.style == MATERIAL_STYLE), None)
    title = next((p for p in paragraphs if p.title and p is not material), None)
    first = True

    def emit(line: str, position: int, prefix: int, item: bool = False) -> None:
        # A line that is not an item would continue the line above it: a blank line keeps it a
        # paragraph of its own, as it is in Word. An item starts a new item anyway.
        if lines and not item:
            lines.append("")
            where.append((position, 0))
        lines.append(line)
        where.append((position, prefix))

    if title is not None:
        emit(_heading(1, guard(_escape(_flat(title.text)))), title.position, 2)
        first = False
    for block in document.blocks:
        if isinstance(block, Table) or block is title or block is material:
            continue
        text = _flat(shown(block))
        m = LINE.match(text)
        if m is not None and (m["label"] is not None or m["list"] is not None):
            if m["bullet"] is not None and m["sep"]:
                # The tab after a typed ・ is only the hanging indent; the outline writes ・ and text.
                text = text[: m.start("sep")] + text[m.end("sep") :]
            if block.heading:
                depth = min(block.heading, _MAX_HEADING)
                emit(_heading(depth, text), block.position, depth + 1, True)
            else:
                prefix = _indent(block)
                emit(prefix + text, block.position, len(prefix), True)
        elif first and title is None:
            # The parser takes the first paragraph before any item for the title; "#" keeps it
            # the title of a Markdown outline when written back.
            emit(_heading(1, guard(_escape(text))), block.position, 2)
        else:
            line = guard(_escape(text))
            emit(line, block.position, len(line) - len(text))
        first = False
    text = "\n".join(lines) + "\n" if lines else ""
    outline = parse(text, document.name)
    meta: dict[str, Any] = {}
    front_matter = ""
    if material is not None:
        meta["material"] = _flat(material.text)
        front_matter = "material: " + json.dumps(meta["material"], ensure_ascii=False)
    relocated = _relocate(outline, where)
    assert isinstance(relocated, Outline)
    return replace(relocated, meta=meta, front_matter=front_matter, lines=document.positions)


def _flat(text: str) -> str:
    """One line: a line break joins its two sides as a hard wrap does, a tab reads as a full-width space."""
    if BREAK in text:
        pieces = [piece.strip(" \t\u3000") for piece in text.split(BREAK)]
        text = pieces[0]
        for piece in pieces[1:]:
            text = join(text, piece)
    return text.replace("\t", "\u3000").rstrip(" \u3000")


def _heading(depth: int, text: str) -> str:
    """An ATX heading; a "#" ending the text is kept by a closing run after it."""
    return "#" * min(depth, _MAX_HEADING) + " " + text + (" #" if text.endswith("#") else "")


def _indent(paragraph: Paragraph) -> str:
    """One full-width space per list level: Word's w:ilvl, or the N of ronten's "List Item N" style."""
    if paragraph.label is not None:
        return "\u3000" * paragraph.label.level
    if paragraph.style.startswith(_LIST_ITEM) and paragraph.style[len(_LIST_ITEM) :].isdigit():
        return "\u3000" * (int(paragraph.style[len(_LIST_ITEM) :]) - 1)
    return ""


def _relocate(value: Any, where: list[tuple[int, int]]) -> Any:
    """``value`` (the outline or any record in it) with every source line and column mapped back.

    Generic over the model's records, so a record that gains a line (a block, a span) is mapped
    too; each record type is looked at once (``_plan``), which keeps a 13k-item outline fast.
    """
    plan = _PLANS.get(type(value))
    if plan is None:
        plan = _PLANS[type(value)] = _plan(type(value))
    getter, roles = plan
    values = list(getter(value))
    line = 0
    for index, role in roles:
        current = values[index]
        if role == _LINE:
            line = current
            if current > 0:
                values[index] = where[current - 1][0]
        elif role == _COLUMN:
            if line > 0:
                values[index] = max(1, current - where[line - 1][1])
        elif role == _SPANS:
            values[index] = tuple(
                [
                    (offset, where[source - 1][0], max(1, column - where[source - 1][1]))
                    for offset, source, column in current
                ]
            )
        elif current and type(current) is tuple and hasattr(current[0], "__dataclass_fields__"):
            values[index] = tuple(_relocate(item, where) for item in current)
    return type(value)(*values)


_LINE, _COLUMN, _SPANS, _RECORDS = range(4)
_ROLES = {"line": _LINE, "title_line": _LINE, "column": _COLUMN, "spans": _SPANS}
_PLANS: dict[type, tuple[Callable[[Any], tuple[Any, ...]], tuple[tuple[int, int], ...]]] = {}


def _plan(cls: type) -> tuple[Callable[[Any], tuple[Any, ...]], tuple[tuple[int, int], ...]]:
    """A getter of a record's init fields in order, and the index and role of each field that
    ``_relocate`` may change: lines, columns, spans, and tuples that may hold records (a line
    comes before its column, which needs it)."""
    names = [spec.name for spec in fields(cls) if spec.init]
    kinds = {spec.name: str(spec.type) for spec in fields(cls)}
    roles = [
        (index, _ROLES.get(name, _RECORDS))
        for index, name in enumerate(names)
        if name in _ROLES or kinds[name].startswith("tuple[")
    ]
    roles.sort(key=lambda pair: pair[1] != _LINE)
    getter = attrgetter(*names)
    return (getter if len(names) > 1 else lambda record: (getter(record),)), tuple(roles)
