"""The outline as plain data: the JSON of ``ronten show --format json`` (templates get ``OutlineView``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .model import Node, Note, Outline


def node_dict(node: Node) -> dict[str, Any]:
    return {
        "marker": node.marker,
        "label": node.label,
        "number": node.number,
        "text": node.text,
        "line": node.line,
        "column": node.column,
        "children": [node_dict(child) for child in node.children],
    }


def note_dict(note: Note) -> dict[str, Any]:
    return {"text": note.text, "line": note.line}


def outline_dict(outline: Outline) -> dict[str, Any]:
    return {
        "title": outline.title,
        "status": outline.status,
        "meta": outline.meta,
        "children": [node_dict(child) for child in outline.children],
        "notes": [note_dict(note) for note in outline.notes],
        "preface": [note_dict(note) for note in outline.preface],
    }


def json_default(value: object) -> object:
    """YAML front matter yields dates and times; JSON writes them as ISO 8601."""
    if isinstance(value, dt.date | dt.time | dt.datetime):
        return value.isoformat()
    return str(value)
