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
import re
from collections.abc import Callable
from dataclasses import fields, replace
from operator import attrgetter
from typing import Any

from ..fmt import guard
from ..markers import LINE
from ..mdsyntax import SPACES, escape_text, heading, inline, join, pipe_table
from ..model import Outline
from ..parser import parse
from .reader import BOLD, BREAK, ITALIC, UNDERLINE, WordBody, WordParagraph, WordTable, shown

# The style ronten's own Word writer gives the material number (資料1) at the top right.
MATERIAL_STYLE = "Material"
_LIST_ITEM = "List Item "
# ronten's style of a ※ note continuing a list item at depth N is "注記 N".
_NOTE_IN_LIST = "注記 "
_MAX_HEADING = 6


def to_outline(document: WordBody) -> Outline:
    """The outline ``document`` holds, its lines being body positions."""
    lines: list[str] = []
    # For each source line: the body position it came from and how many characters were added
    # in front of the paragraph's own text.
    where: list[tuple[int, int]] = []
    paragraphs = [block for block in document.blocks if isinstance(block, WordParagraph)]
    material = next((p for p in paragraphs if p.style == MATERIAL_STYLE), None)
    title = next((p for p in paragraphs if p.title and p is not material), None)
    first = True
    tables: set[int] = set()

    def emit(line: str, position: int, prefix: int, item: bool = False) -> None:
        # A line that is not an item would continue the line above it, and any line with a "|"
        # right after a table would be one of its rows: a blank line keeps it a paragraph of its
        # own, as it is in Word. An item starts a new item anyway.
        if lines and (not item or where[-1][0] in tables):
            lines.append("")
            where.append((position, 0))
        lines.append(line)
        where.append((position, prefix))

    if title is not None:
        emit(heading(1, guard(escape_text(_joined(title.text)))), title.position, 2)
        first = False
    for block in document.blocks:
        if block is title or block is material:
            continue
        if isinstance(block, WordTable):
            for index, line in enumerate(_table(block)):
                emit(line, block.position, 0, item=index > 0)
            tables.add(block.position)
            first = False
            continue
        label = block.label
        whole = block.text if label is None or not label.text else shown(block)
        marks = block.marks
        if marks:
            offset = len(whole) - len(block.text)
            marks = tuple((start + offset, end + offset, style) for start, end, style in marks)
        if "\t" in whole:
            whole = whole.replace("\t", "\u3000")
        whole = whole.rstrip(SPACES)
        # A line break cannot be in a line; the same text with a space there finds the label. Word
        # has no Markdown: a paragraph starting "- ", "* " or "# " is text (a ＊ note), not an item.
        m = LINE.match(whole.replace(BREAK, " ") if BREAK in whole else whole)
        if m is not None and m["label"] is not None and not (m["list"] or m["hashes"]):
            # The tab after a typed ・ is only the hanging indent; the outline writes ・ and text.
            sep = "" if m["bullet"] is not None else whole[m.start("sep") : m.end("sep")]
            line = whole[: m.start("sep")] + sep + _markdown(whole, marks, m.start("text"))
            if block.heading:
                depth = min(block.heading, _MAX_HEADING)
                emit(heading(depth, line), block.position, depth + 1, True)
            else:
                prefix = _indent(block)
                emit(prefix + line, block.position, len(prefix), True)
        elif first and title is None:
            # The parser takes the first paragraph before any item for the title; "#" keeps it
            # the title of a Markdown outline when written back.
            emit(heading(1, guard(escape_text(_joined(block.text)))), block.position, 2)
        else:
            prefix = _continuation(block)
            line = _markdown(whole, marks, 0)
            bold_start = bool(marks) and marks[0][0] == 0
            if whole.startswith("*") and not whole.startswith("**") and line[:1] == "*" and not bold_start:
                # Word has no emphasis marks: a paragraph starting with one "*" is a ＊ note.
                line = "\\" + line
            line = guard(line)
            emit(prefix + line, block.position, len(prefix) + len(line) - len(whole))
        first = False
    text = "\n".join(lines) + "\n" if lines else ""
    outline = parse(text, document.name)
    meta: dict[str, Any] = {}
    front_matter = ""
    if material is not None:
        meta["material"] = _joined(material.text)
        front_matter = "material: " + json.dumps(meta["material"], ensure_ascii=False)
    relocated = _relocate(outline, where)
    assert isinstance(relocated, Outline)
    return replace(relocated, meta=meta, front_matter=front_matter, lines=document.positions)


def _joined(text: str) -> str:
    """Plain one-line text (a title, a table cell): a line break joins its two sides as a hard wrap
    does, a tab reads as a full-width space."""
    if BREAK in text:
        pieces = [piece.strip(SPACES) for piece in text.split(BREAK)]
        text = pieces[0]
        for piece in pieces[1:]:
            text = join(text, piece)
    return text.replace("\t", "\u3000").strip(SPACES)


_WRAP = {BOLD: ("**", "**"), ITALIC: ("*", "*"), UNDERLINE: ("<u>", "</u>")}
# What _literal changes; text without any of these is its own Markdown.
_SPECIAL = re.compile(r"[\\<*\n]")


def _markdown(text: str, marks: tuple[tuple[int, int, int], ...], start: int) -> str:
    """``text[start:]`` as the Markdown the parser reads back: literal characters escaped, the
    stretches Word formats in **bold**, *italic* or <u>underline</u>, a line break as <br>."""
    if not marks:
        rest = text[start:] if start else text
        return _literal(rest) if _SPECIAL.search(rest) else rest
    out: list[str] = []
    position = start
    for begin, end, style in marks:
        end = min(end, len(text))
        if end <= position:
            continue
        begin = max(begin, position)
        if begin > position:
            out.append(_literal(text[position:begin], stars=True))
        inner = _literal(text[begin:end], stars=True)
        if inner.strip(SPACES):
            for flag in (UNDERLINE, ITALIC, BOLD):
                if style & flag:
                    opening, closing = _WRAP[flag]
                    inner = opening + inner + closing
        out.append(inner)
        position = end
    if position < len(text):
        out.append(_literal(text[position:], stars=True))
    return "".join(out)


def _literal(text: str, *, stars: bool = False) -> str:
    """``text`` as ronten's Markdown shows it: backslashes and tags escaped, a line break as <br>,
    and ``*`` escaped where it would pair as emphasis (always, with ``stars``)."""
    markdown = escape_text(text).replace(BREAK, "<br>")
    if "*" in markdown and (stars or any(span.bold or span.italic for span in inline(markdown))):
        markdown = markdown.replace("*", "\\*")
    return markdown


def _table(table: WordTable) -> list[str]:
    """A GFM pipe table of the cells, the first row its header, with the columns' alignments and
    the cells' bold, italic and underline."""
    rows = tuple(
        tuple(
            _markdown(_joined(cell) if not marks else cell.replace("\t", "\u3000"), marks, 0).replace(
                "|", "\\|"
            )
            for cell, marks in zip(row, row_marks or ((),) * len(row), strict=True)
        )
        for row, row_marks in zip(table.rows, table.marks or ((),) * len(table.rows), strict=True)
    )
    return pipe_table(rows, table.aligns)


def _indent(paragraph: WordParagraph) -> str:
    """One full-width space per list level: Word's w:ilvl, or the N of ronten's "List Item N" style."""
    if paragraph.label is not None:
        return "\u3000" * paragraph.label.level
    if not paragraph.style.startswith(_LIST_ITEM):
        return ""
    level = _list_level(paragraph)
    return "\u3000" * (level - 1) if level else ""


def _continuation(paragraph: WordParagraph) -> str:
    """A paragraph in ronten's "List Item N" (or "注記 N") style without a label continues the list
    item at level N: indented to that item's text, so the parser gives it to that item, as Markdown
    does."""
    return "\u3000" * _list_level(paragraph)


def _list_level(paragraph: WordParagraph) -> int:
    """The N of a "List Item N" or "注記 N" style, else 0."""
    name = paragraph.style
    for prefix in (_LIST_ITEM, _NOTE_IN_LIST):
        if name.startswith(prefix):
            number = name[len(prefix) :]
            return int(number) if number.isdigit() else 0
    return 0


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
        elif role == _PLACES:
            values[index] = tuple(
                [tuple([(where[row - 1][0], column) for row, column in cells]) for cells in current]
            )
        elif current and type(current) is tuple and hasattr(current[0], "__dataclass_fields__"):
            values[index] = tuple(_relocate(item, where) for item in current)
    return type(value)(*values)


_LINE, _COLUMN, _SPANS, _PLACES, _RECORDS = range(5)
_ROLES = {"line": _LINE, "title_line": _LINE, "column": _COLUMN, "spans": _SPANS, "places": _PLACES}
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
