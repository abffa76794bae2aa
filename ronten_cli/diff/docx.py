"""The two Word documents of ``ronten diff``: the 新旧対照表 and the NEW memo with tracked changes.

Both walk the side-by-side ``rows`` of a ``Comparison`` and build their body with ``ooxml.wml``,
packaged by the render writer's ``WordDocument``, so they get the same A4 page, fonts, ja-JP
language, footer and reference-document handling as ``ronten render``.

新旧対照表 (JAPANESE.md section 2): one table row per item, new on the left unless asked otherwise;
changed characters underlined on both sides; a renumbered item has only its number underlined, a
moved one its number double-underlined; （新設）/（削る） stand opposite a whole added/deleted item.

Tracked changes: the NEW memo laid out as ``ronten render`` lays it out, with every difference from
OLD as a Word revision (``w:ins``/``w:del``, the paragraph marks of whole added/deleted items
included), so Accept All gives NEW and Reject All gives OLD, in Word and in LibreOffice.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import count
from pathlib import Path

from ..ooxml import wml
from ..ooxml.package import document_date
from ..ooxml.wml import paragraph, run, xml_storable
from ..render.docx import DocxOptions, WordDocument
from ..render.styles import (
    A4_HEIGHT,
    A4_WIDTH,
    BODY_HALF_POINTS,
    EM,
    HEADING_LAYOUT,
    MARGIN_SIDE,
    MARGIN_TOP,
    label_indent,
    label_width,
    list_layout,
)
from .chars import side
from .model import Comparison, Item, Row
from .text_formats import section_path

NOTE = "（傍線部分は変更部分）"
ADDED = "（新設）"
DELETED = "（削る）"
OMITTED = "（略）"


@dataclass(frozen=True)
class TableOptions:
    """How the 新旧対照表 is laid out."""

    headers: tuple[str, str] = ("新", "旧")  # (new, old), whichever side each stands on
    old_left: bool = False
    context: int | None = None  # unchanged rows kept around each change; None keeps every row
    landscape: bool = True


def dropped_characters(comparison: Comparison) -> list[str]:
    """One warning per item whose text holds characters Word cannot store (OCR control codes).

    The writers drop them (XML cannot hold them); the user should hear where, quoting the text.
    """
    warnings = []
    for outline, items in ((comparison.old, comparison.old_items), (comparison.new, comparison.new_items)):
        for item in items:
            warning = xml_storable(item.text, f"{outline.path}:{item.line}")[1]
            if warning:
                warnings.append(warning)
    return warnings


# --- 新旧対照表 ----------------------------------------------------------------------------------


def _head(item: Item) -> tuple[str, str]:
    """The label and what follows it: a tab to the hanging indent, or nothing before a note's text."""
    return (item.shown_label, "\t") if item.role == "node" else (item.label, "")


def _changed_flags(item: Item, row: Row, which: str) -> list[bool]:
    """For each character of ``item``'s text, whether the 新旧対照表 underlines it."""
    if row.op in ("added", "deleted") or not row.segments:
        return [row.op in ("added", "deleted")] * len(item.text)
    flags: list[bool] = []
    for text, changed in side(row.segments, which):
        flags += [changed] * len(text)
    return flags


def _table_block(item: Item, row: Row, which: str, style: str, width: int) -> str:
    """A table block as a table nested in the cell, changed characters underlined cell by cell.

    The item's text is the table's rows joined by newlines, cells by `` | ``; the flags of the
    whole text are cut along the same separators, so an edit inside one cell marks that cell only.
    """
    flags = _changed_flags(item, row, which)
    lines: list[list[str]] = []
    offset = 0
    for line in item.text.split("\n"):
        cells = []
        for text in line.split(" | "):
            runs, start = "", 0
            for end in range(1, len(text) + 1):
                if end == len(text) or flags[offset + end] != flags[offset + start]:
                    runs += run(text[start:end], underline="single" if flags[offset + start] else None)
                    start = end
            cells.append(paragraph(runs, style=style))
            offset += len(text) + 3
        offset += 1 - 3
        lines.append(cells)
    columns = max(len(cells) for cells in lines)
    start = item.depth * EM
    column = max((width - start) // columns, EM)
    rows = [
        wml.row(
            wml.cell(cells[i] if i < len(cells) else paragraph("", style=style), column)
            for i in range(columns)
        )
        for cells in lines
    ]
    every = {edge: "single" for edge in ("top", "left", "bottom", "right", "insideH", "insideV")}
    # A cell must end with a paragraph, and the rows of the outer table have no inner lines.
    return wml.table(rows, [column] * columns, borders=every) + paragraph("", style=style)


def _cell_paragraph(item: Item, row: Row, which: str, style: str, width: int) -> str:
    """One side of a row: the item's label and text, underlined where it changed."""
    if item.kind == "table":
        return _table_block(item, row, which, style, width)
    whole = row.op in ("added", "deleted")
    label, tab = _head(item)
    label_line = None
    if whole or row.label_changed:
        label_line = "single"
    if row.op == "moved" and row.root:
        label_line = "double"
    runs = run(label, underline=label_line) + run(tab) if label else ""
    if whole:
        runs += run(item.text, underline="single")
    elif row.segments:
        runs += "".join(
            run(text, underline="single" if changed else None) for text, changed in side(row.segments, which)
        )
    else:
        runs += run(item.text)
    start = item.depth * EM
    if item.role != "node":
        return paragraph(runs, style=style, indent=(start, 0))
    hanging = label_width(label) + EM // 2
    return paragraph(runs, style=style, indent=(start + hanging, hanging))


def _note_paragraph(text: str, opposite: Item, style: str) -> str:
    """（新設）, （削る） or where an item moved, indented as the item it stands opposite."""
    return paragraph(run(text), style=style, indent=(opposite.depth * EM, 0))


def _moved_note(item: Item, partner: Item, later: bool, away: bool) -> str:
    """Where a moved item went (``away``) or came from: its section, or 前/後 within the same one."""
    where = ("後" if later else "前") if item.path == partner.path else section_path(partner)
    return f"（{where}{'へ' if away else 'から'}移動）"


def _partner_later(row: Row, moved_at: dict[tuple[str, int], int]) -> bool:
    """Whether a moved item's row at its other place comes after this row."""
    if row.op != "moved" or row.partner is None:
        return False
    here, there = ("old", "new") if row.new is None else ("new", "old")
    item = row.old if row.new is None else row.new
    assert item is not None
    return moved_at[(there, row.partner.position)] > moved_at[(here, item.position)]


def _cells(row: Row, partner_later: bool, style: str, width: int) -> tuple[str, str]:
    """(new cell, old cell) of one row in paragraphs of ``style``, ``width`` twips wide;
    ``partner_later``: a moved item's other row comes after it."""
    new = _cell_paragraph(row.new, row, "new", style, width) if row.new is not None else ""
    old = _cell_paragraph(row.old, row, "old", style, width) if row.old is not None else ""
    if row.new is None and row.old is not None and row.root:
        if row.op == "deleted":
            new = _note_paragraph(DELETED, row.old, style)
        elif row.op == "moved" and row.partner is not None:
            new = _note_paragraph(_moved_note(row.old, row.partner, partner_later, True), row.old, style)
    if row.old is None and row.new is not None and row.root:
        if row.op == "added":
            old = _note_paragraph(ADDED, row.new, style)
        elif row.op == "moved" and row.partner is not None:
            old = _note_paragraph(_moved_note(row.new, row.partner, partner_later, False), row.new, style)
    return new, old


def _unchanged(row: Row) -> bool:
    return row.op is None and row.old is not None and row.new is not None


def shown_rows(comparison: Comparison, context: int | None) -> Iterator[Row | None]:
    """The rows to print; ``None`` stands for a stretch of unchanged rows shortened to （略）.

    Besides ``context`` rows either side of a change, the items a change sits under (its 論点 and
    section) are always kept, so every change can still be placed.
    """
    rows = comparison.rows
    if context is None:
        yield from rows
        return
    keep = [False] * len(rows)
    ancestors: set[tuple[str, int]] = set()
    for at, row in enumerate(rows):
        if _unchanged(row):
            continue
        for near in range(max(0, at - context), min(len(rows), at + context + 1)):
            keep[near] = True
        for item, items, which in (
            (row.new, comparison.new_items, "new"),
            (row.old, comparison.old_items, "old"),
        ):
            parent = item.parent if item is not None else -1
            while parent != -1:
                ancestors.add((which, parent))
                parent = items[parent].parent
    omitted = False
    for at, row in enumerate(rows):
        if (
            keep[at]
            or (row.new is not None and ("new", row.new.position) in ancestors)
            or (row.old is not None and ("old", row.old.position) in ancestors)
        ):
            omitted = False
            yield row
        elif not omitted:
            omitted = True
            yield None


def comparison_table(comparison: Comparison, options: TableOptions, reference: Path | None = None) -> bytes:
    """The 新旧対照表 as .docx bytes; ``reference`` is a .docx whose styles and page set-up it takes."""
    title = f"{comparison.new.title or comparison.old.title}　新旧対照表".strip("　")
    document = WordDocument(DocxOptions(reference, title, landscape=options.landscape))
    style = document.ids["TableText"]
    new_header, old_header = options.headers
    total = (A4_HEIGHT - 2 * MARGIN_TOP) if options.landscape else (A4_WIDTH - 2 * MARGIN_SIDE)
    half = total // 2
    left_is_new = not options.old_left
    header = (new_header, old_header) if left_is_new else (old_header, new_header)
    rows = [
        wml.row(
            (
                wml.cell(
                    paragraph(run(name, bold=True), style=style, align="center"),
                    half,
                    fill="D9D9D9",
                    borders={"bottom": "single"},
                )
                for name in header
            ),
            header=True,
        )
    ]
    empty = paragraph("", style=style)
    moved_at: dict[tuple[str, int], int] = {}
    for at, moved in enumerate(comparison.rows):
        if moved.op == "moved":
            for which, item in (("old", moved.old), ("new", moved.new)):
                if item is not None:
                    moved_at[(which, item.position)] = at
    for row in shown_rows(comparison, options.context):
        if row is None:
            new = old = paragraph(run(OMITTED), style=style, align="center")
        else:
            new, old = _cells(row, _partner_later(row, moved_at), style, half)
        left, right = (new, old) if left_is_new else (old, new)
        rows.append(wml.row((wml.cell(cell or empty, half) for cell in (left, right)), cant_split=True))
    # No line between the rows of one side: an item and its children read as one column of text.
    borders = {"top": "single", "left": "single", "bottom": "single", "right": "single", "insideV": "single"}
    table = wml.table(
        rows, [half, half], style=document.ids["TableGrid"], borders={**borders, "insideH": "nil"}
    )
    body = (
        paragraph(run(title), style=document.ids["Heading1"])
        + paragraph(run(NOTE), style=document.ids["BodyText"], align="right")
        + table
        # A table may not end the body: Word then adds an empty paragraph of its own.
        + paragraph("", style=document.ids["BodyText"])
    )
    return document.package(body)


# --- tracked changes -----------------------------------------------------------------------------


class _Revisions:
    """Numbers each ``w:ins``/``w:del`` (Word needs unique ids) and stamps author and date."""

    def __init__(self, author: str, date: str) -> None:
        self.author = author
        self.date = date
        self.ids = count(1)

    def ins(self, runs: str) -> str:
        return wml.revision("ins", next(self.ids), self.author, self.date, runs) if runs else ""

    def delete(self, *texts: str) -> str:
        """``texts`` deleted, one run each."""
        runs = "".join(run(text, deleted=True) for text in texts)
        return wml.revision("del", next(self.ids), self.author, self.date, runs) if runs else ""

    def mark(self, kind: str) -> str:
        """A paragraph mark inserted or deleted with its paragraph."""
        return wml.revision_mark(kind, next(self.ids), self.author, self.date)


class _Layout:
    """Paragraph style and indent of each item, as ``ronten render``'s default template places it."""

    def __init__(self, comparison: Comparison, ids: Mapping[str, str]) -> None:
        from ..render.templating import outline_context

        self.ids = ids
        self.places: dict[tuple[str, int], tuple[int, int]] = {}
        for which, outline in (("old", comparison.old), ("new", comparison.new)):
            for node, _, heading, indent in outline_context(outline).layout():
                self.places[(which, node.line)] = (heading, indent)

    def paragraph(self, content: str, item: Item, which: str, label: str, mark: str = "") -> str:
        """``content`` placed as ``item``; ``mark`` is its paragraph mark's revision."""
        if item.role == "title":
            return paragraph(content, style=self.ids["Heading1"], mark=mark)
        if item.role != "node":
            return paragraph(content, style=self.ids["BodyText"], mark=mark)
        heading, indent = self.places.get((which, item.line), (0, item.depth))
        if heading:
            start, hanging, size = HEADING_LAYOUT[heading]
            style = f"Heading{heading}"
        else:
            style, start, hanging = list_layout(indent + 1)
            size = BODY_HALF_POINTS
        return paragraph(
            content, style=self.ids[style], indent=label_indent(label, start, hanging, size), mark=mark
        )


def tracked_document(comparison: Comparison, author: str = "ronten", reference: Path | None = None) -> bytes:
    """The NEW memo with Word revision marks against OLD, as .docx bytes (``reference``: see above)."""
    title = comparison.new.title or comparison.old.title
    document = WordDocument(DocxOptions(reference, title, author))
    revisions = _Revisions(author, document_date())
    layout = _Layout(comparison, document.ids)
    body: list[str] = []
    for row in comparison.rows:
        if row.old is not None and row.new is not None:
            new, old = row.new, row.old
            label, tab = _head(new)
            if row.label_changed:
                head = revisions.delete(_head(old)[0]) + revisions.ins(run(label))
            else:
                head = run(label)
            content = head + run(tab)
            if row.segments:
                for segment in row.segments:
                    if segment.op == "insert":
                        content += revisions.ins(run(segment.text))
                    elif segment.op == "delete":
                        content += revisions.delete(segment.text)
                    else:
                        content += run(segment.text)
            else:
                content += run(new.text)
            body.append(layout.paragraph(content, new, "new", label))
        else:
            which = "new" if row.new is not None else "old"
            item = row.new if row.new is not None else row.old
            assert item is not None
            label, tab = _head(item)
            if which == "new":
                content, mark = revisions.ins(run(label + tab) + run(item.text)), revisions.mark("ins")
            else:
                content, mark = revisions.delete(label + tab, item.text), revisions.mark("del")
            body.append(layout.paragraph(content, item, which, label, mark))
    last = comparison.rows[-1] if comparison.rows else None
    if last is None or last.old is None or last.new is None:
        # The last paragraph mark of a document cannot be inserted or deleted (and a body needs one
        # paragraph): give it one to keep.
        body.append(paragraph("", style=document.ids["BodyText"]))
    return document.package("".join(body))
