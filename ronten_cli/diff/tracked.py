"""The NEW memo with tracked changes, the second Word document of ``ronten diff``.

The NEW memo laid out as ``ronten render`` lays it out, with every difference from OLD as a Word
revision (``w:ins``/``w:del``, the paragraph marks of whole added/deleted items included), so
Accept All gives NEW and Reject All gives OLD, in Word and in LibreOffice. A table is a Word table
with its changes inside: revisions in its cells, whole rows inserted or deleted (``w:trPr/w:ins``,
``w:trPr/w:del``). The body is built with ``ooxml.wml`` and packaged by the render writer's
``WordDocument``, as the 新旧対照表 (``diff.docx``) is.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher
from itertools import count
from pathlib import Path

from ..model import Outline, Table
from ..ooxml import wml
from ..ooxml.package import document_date
from ..ooxml.wml import paragraph, run
from ..render.docx import DocxOptions, WordDocument, table_grid, table_xml
from ..render.layout import Frame, indent, label_width
from ..render.styles import KIND_STYLES, list_style, note_style
from .chars import char_diff
from .docx import frames, head
from .model import Comparison, DiffNode


class _Revisions:
    """Numbers each ``w:ins``/``w:del`` (Word needs unique ids) and stamps author and date."""

    def __init__(self, author: str, date: str) -> None:
        self.author = author
        self.date = date
        self.ids = count(1)

    def ins(self, runs: str) -> str:
        return wml.revision("ins", next(self.ids), self.author, self.date, runs) if runs else ""

    def delete(self, *texts: str, bold: bool = False) -> str:
        """``texts`` deleted, one run each."""
        runs = "".join(run(text, bold=bold, deleted=True) for text in texts)
        return wml.revision("del", next(self.ids), self.author, self.date, runs) if runs else ""

    def mark(self, kind: str) -> str:
        """A paragraph mark (or a table row) inserted or deleted with its paragraph."""
        return wml.revision_mark(kind, next(self.ids), self.author, self.date)

    def changed(self, old: str, new: str, bold: bool = False) -> str:
        """The runs turning ``old`` into ``new``, character by character."""
        if old == new:
            return run(new, bold=bold)
        out = ""
        for segment in char_diff(old, new):
            if segment.op == "insert":
                out += self.ins(run(segment.text, bold=bold))
            elif segment.op == "delete":
                out += self.delete(segment.text, bold=bold)
            else:
                out += run(segment.text, bold=bold)
        return out


class _Layout:
    """Paragraph style, outline level and frame of each item, as ``ronten render``'s default template
    and writer place it: numbered items are headings in their marker kind's style down to the
    template's deepest heading, the rest list items; a block under a list item continues it (a
    note in 注記 N, a paragraph in its list style), any other block is body text or a 注記 note."""

    def __init__(self, comparison: Comparison, document: WordDocument) -> None:
        from ..render.templating import outline_context

        self.ids = document.ids
        self.sizes = document.sizes
        step = document.sizes["Normal"] * 10
        self.styles: dict[str, list[tuple[str, int | None]]] = {}
        self.frames: dict[str, list[Frame | None]] = {}
        for which, outline, items in (
            ("old", comparison.old, comparison.old_items),
            ("new", comparison.new, comparison.new_items),
        ):
            placed = {
                node.line: (heading, depth) for node, _, heading, depth in outline_context(outline).layout()
            }
            styles: list[tuple[str, int | None]] = []
            for item in items:
                styles.append(self._style(item, placed, styles))
            sizes = [document.sizes[style] for style, _ in styles]
            self.styles[which] = styles
            self.frames[which] = frames(items, sizes, step)

    @staticmethod
    def _style(
        item: DiffNode, placed: Mapping[int, tuple[int, int]], before: Sequence[tuple[str, int | None]]
    ) -> tuple[str, int | None]:
        """ronten's style id for ``item`` and the outline level to write on it (``None``: the style's);
        ``before`` holds those of the items before it, its owner's among them."""
        if item.role == "title":
            return "Heading1", None
        if item.role != "node":
            owner = before[item.parent][0] if item.parent != -1 else ""
            depth = int(owner.removeprefix("ListItem")) if owner.startswith("ListItem") else 0
            if item.kind == "note":
                return note_style(depth), None
            return (list_style(depth) if depth else "BodyText"), None
        heading, depth = placed.get(item.line, (0, item.depth))
        if not heading:
            return list_style(depth + 1), None
        if item.marker not in KIND_STYLES:
            return f"Heading{heading}", None
        style, _, _, level = KIND_STYLES[item.marker]
        return style, (heading - 1 if heading - 1 != level else None)

    def paragraph(self, content: str, item: DiffNode, which: str, mark: str = "") -> str:
        """``content`` placed as ``item``; ``mark`` is its paragraph mark's revision. A note hangs
        after its sign, as ``ronten render`` sets it."""
        style, level = self.styles[which][item.position]
        frame = self.frames[which][item.position]
        if item.kind == "note":
            hanging = label_width(item.label, self.sizes[style])
            start = frame.text if frame is not None else 0
            placed: tuple[int, int] | None = (start + hanging, hanging)
        else:
            placed = indent(frame) if frame is not None else None
        return paragraph(content, style=self.ids[style], indent=placed, mark=mark, outline_level=level)

    def left(self, item: DiffNode, which: str) -> int:
        """Where a block under ``item``'s owner starts: its owner's text column (twips)."""
        frame = self.frames[which][item.position]
        return frame.text if frame is not None else 0


def _tracked_table(
    old: Table | None, new: Table | None, revisions: _Revisions, ids: Mapping[str, str], left: int
) -> str:
    """A table as ``ronten render`` writes it, with the changes from ``old`` to ``new`` as revisions:
    edited cells character by character, rows added or removed as whole inserted or deleted rows
    (``w:trPr/w:ins``, ``w:del``), and a table added or removed as all its rows. The header rows
    are always compared cell by cell; the other rows are aligned by content, and where rows were
    replaced, an old row is an edit of one of the next few new rows that shares half its
    characters, or else deleted."""
    rows: list[tuple[list[str], str]] = []  # each row's cells as runs, and its row revision
    texts: list[tuple[str, ...]] = []  # the cells as shown, for the column widths

    # The header row is bold through its style (table_xml), so no run here is.
    def whole(cells: tuple[str, ...], kind: str) -> None:
        if kind == "ins":
            runs = [revisions.ins(run(cell)) for cell in cells]
        else:
            runs = [revisions.delete(cell) for cell in cells]
        rows.append((runs, revisions.mark(kind)))
        texts.append(cells)

    def edited(before: tuple[str, ...], after: tuple[str, ...]) -> None:
        width = max(len(before), len(after))
        padded = [(before + ("",) * width)[:width], (after + ("",) * width)[:width]]
        rows.append(([revisions.changed(o, n) for o, n in zip(*padded, strict=True)], ""))
        texts.append(tuple(max(o, n, key=len) for o, n in zip(*padded, strict=True)))

    if old is None or new is None:
        table = new if new is not None else old
        assert table is not None
        kind = "ins" if new is not None else "del"
        whole(table.header, kind)
        for cells in table.rows:
            whole(cells, kind)
    else:
        edited(old.header, new.header)
        matcher = SequenceMatcher(None, old.rows, new.rows, autojunk=False)
        for op, o1, o2, n1, n2 in matcher.get_opcodes():
            if op == "equal":
                for cells in new.rows[n1:n2]:
                    edited(cells, cells)
                continue
            olds, news = deque(old.rows[o1:o2]), deque(new.rows[n1:n2])
            while olds and news:
                # The old row's edit among the next few new rows; the new rows before it are added.
                ahead = next((k for k in range(min(_AHEAD, len(news))) if _alike(olds[0], news[k])), None)
                if ahead is None:
                    whole(olds.popleft(), "del")
                    continue
                for _ in range(ahead):
                    whole(news.popleft(), "ins")
                edited(olds.popleft(), news.popleft())
            for cells in olds:
                whole(cells, "del")
            for cells in news:
                whole(cells, "ins")
    aligns = new.aligns if new is not None else old.aligns if old is not None else ()
    runs, marks = [cells for cells, _ in rows], [mark for _, mark in rows]
    return table_xml(runs, table_grid(texts, left), ids, left, aligns, marks)


# How many new rows an old row's edit is looked for among: rows are compared a bounded number of
# times, however long a table is.
_AHEAD = 4


def _alike(old: tuple[str, ...], new: tuple[str, ...]) -> bool:
    """Whether a row reads as an edit of another: half of their characters still in common (in
    time linear in their length, as ``quick_ratio`` counts them)."""
    return SequenceMatcher(None, " | ".join(old), " | ".join(new), autojunk=False).quick_ratio() >= 0.5


def _tables(outline: Outline) -> dict[int, Table]:
    """The tables of ``outline`` by their first line (a block of the comparison names its line)."""
    return {block.line: block for block in outline.all_blocks() if isinstance(block, Table)}


def tracked_document(comparison: Comparison, author: str = "ronten", reference: Path | None = None) -> bytes:
    """The NEW memo with Word revision marks against OLD, as .docx bytes (``reference``: see above)."""
    title = comparison.new.title or comparison.old.title
    document = WordDocument(DocxOptions(reference, title, author))
    revisions = _Revisions(author, document_date())
    layout = _Layout(comparison, document)
    tables = {"old": _tables(comparison.old), "new": _tables(comparison.new)}
    body: list[str] = []
    # In which versions the table just written stands ("" when the last element is no table):
    # Word joins two tables nothing stands between.
    last_table = ""
    for row in comparison.rows:
        item = row.new if row.new is not None else row.old
        assert item is not None
        if item.kind == "table":
            old = tables["old"][row.old.line] if row.old is not None else None
            new = tables["new"][row.new.line] if row.new is not None else None
            versions = ("old" if old is not None else "") + ("new" if new is not None else "")
            both = {version for version in ("old", "new") if version in versions and version in last_table}
            if both:
                # An empty paragraph between two tables, where both stand in the same version.
                kind = "" if len(both) == 2 else "ins" if "new" in both else "del"
                mark = revisions.mark(kind) if kind else ""
                body.append(paragraph("", style=document.ids["BodyText"], mark=mark))
            which = "new" if new is not None else "old"
            body.append(_tracked_table(old, new, revisions, document.ids, layout.left(item, which)))
            last_table = versions
            continue
        last_table = ""
        if row.old is not None and row.new is not None:
            new_item, old_item = row.new, row.old
            label, tab = head(new_item)
            old_label, old_tab = head(old_item)
            if row.label_changed and old_tab != tab:
                # A ・ has no tab after it: a ・ that became a 1 (or back) changes its tab too.
                content = revisions.delete(old_label + old_tab) + revisions.ins(run(label + tab))
            elif row.label_changed:
                content = revisions.delete(old_label) + revisions.ins(run(label)) + run(tab)
            else:
                content = run(label + tab)
            if row.segments:
                for segment in row.segments:
                    if segment.op == "insert":
                        content += revisions.ins(run(segment.text))
                    elif segment.op == "delete":
                        content += revisions.delete(segment.text)
                    else:
                        content += run(segment.text)
            else:
                content += run(new_item.text)
            body.append(layout.paragraph(content, new_item, "new"))
        else:
            which = "new" if row.new is not None else "old"
            label, tab = head(item)
            if which == "new":
                content, mark = revisions.ins(run(label + tab) + run(item.text)), revisions.mark("ins")
            else:
                content, mark = revisions.delete(label + tab, item.text), revisions.mark("del")
            body.append(layout.paragraph(content, item, which, mark))
    last = comparison.rows[-1] if comparison.rows else None
    if last is None or last.old is None or last.new is None or last_table:
        # The last paragraph mark of a document cannot be inserted or deleted (and a body needs one
        # paragraph, which a table may not end): give it one to keep.
        body.append(paragraph("", style=document.ids["BodyText"]))
    return document.package("".join(body))
