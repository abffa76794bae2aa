"""The outline as plain data and as a tree view: what ``ronten show`` prints.

``outline_dict`` is the JSON of ``ronten show --format json`` (its schema is in docs/formats.md,
"The JSON of ronten show"); ``tree_rows`` are the lines of the tree view, items and blocks in document
order. Templates get ``OutlineView``, not these.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from .model import Block, Node, Outline, Table, in_order


def block_dict(block: Block) -> dict[str, Any]:
    """A paragraph, note or table as JSON: ``type`` and the fields of its type, then where it is."""
    if isinstance(block, Table):
        fields: dict[str, Any] = {
            "type": "table",
            "header": list(block.header),
            "rows": [list(row) for row in block.rows],
        }
    else:
        fields = {"type": block.type, "text": block.text, "markdown": block.markdown}
        if block.mark:
            fields["mark"] = block.mark
    fields.update(line=block.line, column=block.column, after=block.after)
    return fields


def node_dict(node: Node) -> dict[str, Any]:
    # Recursion is bounded: the parser refuses nesting deeper than MAX_DEPTH.
    return {
        "marker": node.marker,
        "label": node.label,
        "number": node.number,
        "text": node.text,
        "markdown": node.markdown,
        "line": node.line,
        "column": node.column,
        "blocks": [block_dict(block) for block in node.blocks],
        "children": [node_dict(child) for child in node.children],
    }


def outline_dict(outline: Outline) -> dict[str, Any]:
    return {
        "title": outline.title,
        "status": outline.status,
        "meta": outline.meta,
        "children": [node_dict(child) for child in outline.children],
        "blocks": [block_dict(block) for block in outline.blocks],
        "notes": [block_dict(block) for block in outline.notes],
        "preface": [block_dict(block) for block in outline.preface],
    }


def json_default(value: object) -> object:
    """YAML front matter yields dates and times; JSON writes them as ISO 8601."""
    if isinstance(value, dt.date | dt.time | dt.datetime):
        return value.isoformat()
    return str(value)


# How much of a block's text the tree view shows: enough to recognise it on one line.
SHORT = 40
BLOCK_MARKS = {"paragraph": "¶", "table": "表", "note": "※"}


class TreeRow(NamedTuple):
    """One line of the tree view: the guide lines before it, what kind of entry it is (``item``
    or a block type), its mark (an item's label; ¶, 表 or ※ for a block), its text and where
    it starts (``line:column``)."""

    guide: str
    kind: str
    mark: str
    text: str
    where: str


def shorten(text: str, limit: int = SHORT) -> str:
    """``text`` on one line, cut to ``limit`` characters with ``…``."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _row(guide: str, entry: Node | Block) -> TreeRow:
    where = f"{entry.line}:{entry.column}"
    if isinstance(entry, Node):
        return TreeRow(guide, "item", entry.label, entry.text, where)
    if isinstance(entry, Table):
        rows = len(entry.rows)
        text = f"{' | '.join(entry.header)} ({rows} row{'s' * (rows != 1)})"
        return TreeRow(guide, "table", BLOCK_MARKS["table"], shorten(text), where)
    return TreeRow(guide, entry.type, BLOCK_MARKS[entry.type], shorten(entry.text), where)


def tree_rows(outline: Outline) -> list[TreeRow]:
    """The tree view below the title: the preface, every item with its blocks (in document order,
    nested with ``├──``/``└──`` guides), then the notes."""
    top = [*outline.preface, *in_order(outline.children, outline.blocks), *outline.notes]
    rows: list[TreeRow] = []
    # (entry, guide of its parent's children, whether it is its parent's last entry)
    stack: list[tuple[Node | Block, str, bool]] = [
        (entry, "", index == len(top) - 1) for index, entry in reversed(list(enumerate(top)))
    ]
    while stack:
        entry, guide, last = stack.pop()
        rows.append(_row(guide + ("└── " if last else "├── "), entry))
        if isinstance(entry, Node):
            below = in_order(entry.children, entry.blocks)
            inner = guide + ("    " if last else "│   ")
            stack.extend(
                (child, inner, index == len(below) - 1) for index, child in reversed(list(enumerate(below)))
            )
    return rows
