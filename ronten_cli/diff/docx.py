"""The 新旧対照表 of ``ronten diff``, as a Word document.

It walks the side-by-side ``rows`` of a ``Comparison`` and builds its body with ``ooxml.wml``,
packaged by the render writer's ``WordDocument``, so it gets the same A4 page, fonts, ja-JP
language, footer and reference-document handling as ``ronten render``. The other Word document
of ``ronten diff``, the NEW memo with tracked changes, is ``diff.tracked``.

新旧対照表 (JAPANESE.md section 2): one table row per item, new on the left unless asked otherwise;
changed characters underlined on both sides; a renumbered item has only its number underlined, a
moved one its number double-underlined; （新設）/（削る） stand opposite a whole added/deleted item.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..ooxml import wml
from ..ooxml.wml import paragraph, run, xml_storable
from ..render.docx import DocxOptions, WordDocument
from ..render.layout import Frame, indent, label_width, place
from .chars import side
from .model import Comparison, DiffNode, Row
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


def head(item: DiffNode) -> tuple[str, str]:
    """The label and what follows it: a tab to the text column, nothing after a ``・`` (its text
    follows it directly, as in the rendered memo) or before a note's text."""
    if item.role != "node":
        return item.label, ""
    return item.shown_label, "" if item.marker == "bullet" else "\t"


def _changed_flags(item: DiffNode, row: Row, which: str) -> list[bool]:
    """For each character of ``item``'s text, whether the 新旧対照表 underlines it."""
    if row.op in ("added", "deleted") or not row.segments:
        return [row.op in ("added", "deleted")] * len(item.text)
    flags: list[bool] = []
    for text, changed in side(row.segments, which):
        flags += [changed] * len(text)
    return flags


def _table_block(item: DiffNode, row: Row, which: str, style: str, frame: Frame | None, width: int) -> str:
    """A table block as a table nested in the cell from its owner's text column (``frame``) to the
    cell's right edge, changed characters underlined cell by cell.

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
    start = frame.start if frame is not None else 0
    column = max((width - 2 * _CELL_MARGIN - start) // columns, 2 * _CELL_MARGIN)
    rows = [
        wml.row(
            wml.cell(cells[i] if i < len(cells) else paragraph("", style=style), column)
            for i in range(columns)
        )
        for cells in lines
    ]
    every = {edge: "single" for edge in ("top", "left", "bottom", "right", "insideH", "insideV")}
    # A cell must end with a paragraph, and the rows of the outer table have no inner lines.
    return wml.table(rows, [column] * columns, borders=every, indent=start) + paragraph("", style=style)


def frames(items: Sequence[DiffNode], sizes: Sequence[int], step: int) -> list[Frame | None]:
    """Each item's frame as ``render.layout`` places it under its parent: a block (paragraph, table,
    note) under an item starts at the item's text column; the title, preface and closing notes sit
    at the margin (``None``). ``sizes`` are the items' font sizes in half-points, ``step`` is as
    ``layout.place`` takes it."""
    found: list[Frame | None] = []
    for item in items:
        parent = found[item.parent] if item.parent != -1 else None
        if item.role != "node":
            found.append(Frame(parent.text, parent.text) if parent is not None else None)
            continue
        found.append(place(parent, head(item)[0], item.marker == "bullet", sizes[item.position], step))
    return found


def _cell_paragraph(item: DiffNode, row: Row, which: str, style: str, frame: Frame | None, width: int) -> str:
    """One side of a row: the item's label and text, underlined where it changed."""
    if item.kind == "table":
        return _table_block(item, row, which, style, frame, width)
    whole = row.op in ("added", "deleted")
    label, tab = head(item)
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
    return paragraph(runs, style=style, indent=indent(frame) if frame is not None else None)


def _note_paragraph(text: str, frame: Frame | None, style: str) -> str:
    """（新設）, （削る）, （略） or where an item moved, starting where the line it stands for starts."""
    return paragraph(
        run(text), style=style, indent=(frame.start, 0) if frame is not None and frame.start else None
    )


def _moved_note(item: DiffNode, partner: DiffNode, later: bool, away: bool) -> str:
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


class _Sides:
    """The frames of both sides' items, by side and position."""

    def __init__(self, comparison: Comparison, size: int, step: int) -> None:
        self.new = frames(comparison.new_items, [size] * len(comparison.new_items), step)
        self.old = frames(comparison.old_items, [size] * len(comparison.old_items), step)

    def of(self, item: DiffNode | None, which: str) -> Frame | None:
        if item is None:
            return None
        return (self.new if which == "new" else self.old)[item.position]


def _cells(row: Row, partner_later: bool, style: str, sides: _Sides, width: int) -> tuple[str, str]:
    """(new cell, old cell) of one row in paragraphs of ``style``, ``width`` twips wide;
    ``partner_later``: a moved item's other row comes after it."""
    new = old = ""
    if row.new is not None:
        new = _cell_paragraph(row.new, row, "new", style, sides.of(row.new, "new"), width)
    if row.old is not None:
        old = _cell_paragraph(row.old, row, "old", style, sides.of(row.old, "old"), width)
    if row.new is None and row.old is not None and row.root:
        where = sides.of(row.old, "old")
        if row.op == "deleted":
            new = _note_paragraph(DELETED, where, style)
        elif row.op == "moved" and row.partner is not None:
            new = _note_paragraph(_moved_note(row.old, row.partner, partner_later, True), where, style)
    if row.old is None and row.new is not None and row.root:
        where = sides.of(row.new, "new")
        if row.op == "added":
            old = _note_paragraph(ADDED, where, style)
        elif row.op == "moved" and row.partner is not None:
            old = _note_paragraph(_moved_note(row.new, row.partner, partner_later, False), where, style)
    return new, old


def _unchanged(row: Row) -> bool:
    return row.op is None and row.old is not None and row.new is not None


class Omitted(NamedTuple):
    """A stretch of unchanged rows shortened to （略）; ``first`` is its first row."""

    first: Row


def shown_rows(comparison: Comparison, context: int | None) -> Iterator[Row | Omitted]:
    """The rows to print, with ``Omitted`` standing for each stretch of unchanged rows left out.

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
            yield Omitted(row)


# Cell margins of the Table Grid style (twips), left and right.
_CELL_MARGIN = 85
# The share of a page's text height the rows of one page may fill by the estimate below: Word and
# LibreOffice break lines a little differently (line-start rules, fonts substituted for Latin).
_PAGE_FILL = 0.97


class _Pager:
    """Splits the 新旧対照表 into one table per page, by an estimate of each row's height.

    Word and LibreOffice draw a table's bottom border under its last row only: a table left to run
    across a page break shows an open box at the foot of the page, since its rows have no line
    between them. So each page gets a table of its own, closed at the bottom, and a new page starts
    with the header row again. Heights are estimated on the safe side (each line holds a character
    less than it could), so a page's rows fit and the break is ronten's, not the word processor's.
    """

    def __init__(self, document: WordDocument, cell: int, title_lines: int) -> None:
        sizes = document.sizes
        self.size = sizes["TableText"]
        em = self.size * 10
        # The section's document grid snaps every line to 18 pt; a font too tall for one takes two.
        self.line = 360 * -(-em * 3 // 2 // 360)
        self.width = cell - 2 * _CELL_MARGIN
        page = document.page
        top, _, bottom, _ = page.margins
        self.height = int((page.height - top - bottom) * _PAGE_FILL)
        self.used = (title_lines + 1) * self.line  # the title and note on page 1, and the header row
        self.em = em

    def lines(self, item: DiffNode | None, frame: Frame | None) -> int:
        """How many lines ``item`` takes in its cell, at most: its text wraps at its text column; a
        table block (its rows joined by newlines, cells by `` | ``) wraps each cell in its column
        and is followed by an empty line."""
        if item is None:
            return 1
        column = frame.text if frame is not None else 0
        if item.kind != "table":
            return self._wrapped(item.text, self.width - column)
        rows = [line.split(" | ") for line in item.text.split("\n")]
        width = (self.width - column) // max(len(cells) for cells in rows) - 2 * _CELL_MARGIN
        return 1 + sum(max(self._wrapped(cell, width) for cell in cells) for cells in rows)

    def _wrapped(self, text: str, width: int) -> int:
        capacity = max(width - self.em, self.em)
        return max(1, -(-label_width(text, self.size) // capacity))

    def fits(self, lines: int) -> bool:
        """Whether a row of ``lines`` lines fits on the current page; if not, a new page begins."""
        height = lines * self.line
        if self.used + height <= self.height or self.used == self.line:
            self.used += height
            return True
        self.used = self.line + height  # the next page: its header row and this row
        return False


def comparison_table(comparison: Comparison, options: TableOptions, reference: Path | None = None) -> bytes:
    """The 新旧対照表 as .docx bytes; ``reference`` is a .docx whose styles and page set-up it takes."""
    title = f"{comparison.new.title or comparison.old.title}　新旧対照表".strip("　")
    document = WordDocument(DocxOptions(reference, title, landscape=options.landscape))
    style = document.ids["TableText"]
    new_header, old_header = options.headers
    page = document.page
    _, right, _, left = page.margins
    half = (page.width - left - right) // 2
    left_is_new = not options.old_left
    header = (new_header, old_header) if left_is_new else (old_header, new_header)
    header_row = wml.row(
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
    empty = paragraph("", style=style)
    moved_at: dict[tuple[str, int], int] = {}
    for at, moved in enumerate(comparison.rows):
        if moved.op == "moved":
            for which, item in (("old", moved.old), ("new", moved.new)):
                if item is not None:
                    moved_at[(which, item.position)] = at
    sides = _Sides(comparison, document.sizes["TableText"], document.sizes["Normal"] * 10)
    # The title (two lines of the grid at its size, and its spacing) and the note above the first table.
    pager = _Pager(document, half, 4)
    # No line between the rows of one side: an item and its children read as one column of text.
    borders = {"top": "single", "left": "single", "bottom": "single", "right": "single", "insideV": "single"}
    tables: list[str] = []
    rows = [header_row]

    def close() -> None:
        tables.append(
            wml.table(
                rows, [half, half], style=document.ids["TableGrid"], borders={**borders, "insideH": "nil"}
            )
        )

    for row in shown_rows(comparison, options.context):
        if isinstance(row, Omitted):
            first = row.first
            new = _note_paragraph(OMITTED, sides.of(first.new, "new"), style)
            old = _note_paragraph(OMITTED, sides.of(first.old, "old"), style)
            lines = 1
        else:
            new, old = _cells(row, _partner_later(row, moved_at), style, sides, half)
            lines = max(
                pager.lines(row.new, sides.of(row.new, "new")), pager.lines(row.old, sides.of(row.old, "old"))
            )
        if not pager.fits(lines):
            close()
            rows = [header_row]
        left_cell, right_cell = (new, old) if left_is_new else (old, new)
        rows.append(
            wml.row((wml.cell(cell or empty, half) for cell in (left_cell, right_cell)), cant_split=True)
        )
    close()
    body = (
        paragraph(run(title), style=document.ids["Heading1"])
        + paragraph(run(NOTE), style=document.ids["BodyText"], align="right")
        + wml.page_start().join(tables)
        # A table may not end the body: Word then adds an empty paragraph of its own.
        + paragraph("", style=document.ids["BodyText"])
    )
    return document.package(body)


# --- tracked changes -----------------------------------------------------------------------------
