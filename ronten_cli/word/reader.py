"""A .docx body as the outline reader needs it: paragraphs and tables in order, with Word's labels.

Only what a reader of the printed page sees is kept: hyperlinks, fields (``w:fldSimple`` and
complex ones), content controls (``w:sdt``), smart tags and ruby keep their visible text; tracked
changes read as if all were accepted; hidden text and field codes are dropped. A table of contents
repeats the headings, so its field result is left out. Headers, footers, footnotes, endnotes,
comments and text boxes are not outline content: they are counted, for one warning, and skipped.

Each body paragraph and table has a ``position``, its 1-based place among the body's paragraphs
and tables (empty paragraphs count, a table counts once): what ``show`` and ``check`` report as the
line of an item read from Word.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import InputError
from ..i18n import _, ngettext
from ..ooxml import wml
from ..ooxml.reader import open_package
from ..parser import join
from .numbering import Label, Numbering
from .styles import VAL, Styles, W, integer, on

if TYPE_CHECKING:
    from collections.abc import Iterator

    from lxml import etree

    from ..ooxml.reader import Package, Relationship

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_MC_FALLBACK = f"{{{wml.MC}}}Fallback"
_MATH_TEXT = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"
_MATH = (
    "{http://schemas.openxmlformats.org/officeDocument/2006/math}oMathPara",
    "{http://schemas.openxmlformats.org/officeDocument/2006/math}oMath",
)

P, R, T, TBL, TR, TC = (W + tag for tag in ("p", "r", "t", "tbl", "tr", "tc"))
SDT, SDT_CONTENT, CUSTOM_XML = W + "sdt", W + "sdtContent", W + "customXml"
PPR, RPR = W + "pPr", W + "rPr"
_PSTYLE, _OUTLINE = W + "pStyle", W + "outlineLvl"
_VANISH, _B, _I, _U = W + "vanish", W + "b", W + "i", W + "u"
# Containers whose runs are shown as they are.
_TRANSPARENT = frozenset(
    W + tag for tag in ("hyperlink", "smartTag", "customXml", "ins", "moveTo", "dir", "bdo", "fldSimple")
)
_REMOVED = frozenset((W + "del", W + "moveFrom"))
_BREAKS = frozenset((W + "br", W + "cr"))
_TABS = frozenset((W + "tab", W + "ptab"))
_REVISIONS = tuple(
    W + tag
    for tag in (
        "ins",
        "del",
        "moveFrom",
        "moveTo",
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "trPrChange",
        "tcPrChange",
        "tblGridChange",
        "numberingChange",
        "cellIns",
        "cellDel",
        "cellMerge",
    )
)
# What the outline leaves out, counted for one warning.
HEADER_OR_FOOTER, FOOTNOTE, ENDNOTE, COMMENT, TEXT_BOX, EMBEDDED = (
    "header or footer",
    "footnote",
    "endnote",
    "comment",
    "text box",
    "embedded document",
)
_SKIPPED_PARTS = {"header": HEADER_OR_FOOTER, "footer": HEADER_OR_FOOTER}
_REFERENCES = {
    W + "footnoteReference": FOOTNOTE,
    W + "endnoteReference": ENDNOTE,
    W + "commentReference": COMMENT,
}
BREAK = "\n"


@dataclass(frozen=True, slots=True)
class WordParagraph:
    """One body paragraph: its visible text (line breaks as ``\\n``), Word's label, its style's role,
    and ``marks``: the ``(start, end, BOLD | ITALIC | UNDERLINE)`` stretches of ``text`` formatted
    on the run itself."""

    position: int
    text: str
    label: Label | None = None
    heading: int = 0
    title: bool = False
    style: str = ""
    marks: tuple[tuple[int, int, int], ...] = ()


# The stretches of a text formatted in bold, italic or underline: (start, end, BOLD | ITALIC | UNDERLINE).
Marks = tuple[tuple[int, int, int], ...]


@dataclass(frozen=True, slots=True)
class WordTable:
    """One body table: the visible text of each cell, row by row, every row as wide as the widest,
    each column's alignment (``left``, ``center``, ``right``) when all its cells share one, and
    each cell's formatted stretches (``marks``, row by row, as a paragraph's ``marks``)."""

    position: int
    rows: tuple[tuple[str, ...], ...]
    aligns: tuple[str, ...] = ()
    marks: tuple[tuple[Marks, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class WordBody:
    """A .docx body read in order, and what was left out of it or read as accepted."""

    name: str
    blocks: tuple[WordParagraph | WordTable, ...]
    positions: int
    skipped: dict[str, int] = field(default_factory=dict)
    revisions: int = 0

    def warnings(self) -> list[str]:
        """One line per kind of thing the outline leaves out or reads differently from Word's view."""
        found = []
        if self.skipped:
            parts = _(", ").join(_counted(kind, count) for kind, count in self.skipped.items())
            found.append(
                _("{name}: not read as outline content: {parts}").format(name=self.name, parts=parts)
            )
        if self.revisions:
            found.append(
                ngettext(
                    "{name}: {count} tracked change read as if accepted",
                    "{name}: {count} tracked changes read as if accepted",
                    self.revisions,
                ).format(name=self.name, count=self.revisions)
            )
        return found


def _counted(kind: str, count: int) -> str:
    """``2 footnotes``: how many of one kind of thing were left out, in the user's language."""
    forms = {
        HEADER_OR_FOOTER: ngettext("{count} header or footer", "{count} headers or footers", count),
        FOOTNOTE: ngettext("{count} footnote", "{count} footnotes", count),
        ENDNOTE: ngettext("{count} endnote", "{count} endnotes", count),
        COMMENT: ngettext("{count} comment", "{count} comments", count),
        TEXT_BOX: ngettext("{count} text box", "{count} text boxes", count),
        EMBEDDED: ngettext("{count} embedded document", "{count} embedded documents", count),
    }
    return forms[kind].format(count=count)


def read_document(data: bytes, name: str) -> WordBody:
    """Read the body of the .docx ``data``; ``name`` is what messages call it."""
    package = open_package(data, name)
    main = package.main_part()
    root = package.xml(main)
    body = root.find(W + "body")
    if root.tag != W + "document" or body is None:
        raise InputError(
            _(
                "{name}: not a WordprocessingML document (no w:document body); "
                "save it in Word as a Word Document (.docx)"
            ).format(name=name),
            path=name,
        )
    parts = {rel.type.rsplit("/", 1)[-1]: rel for rel in package.relationships(main) if not rel.external}
    styles = Styles(_part(package, parts, "styles"))
    reader = _Reader(styles, Numbering(_part(package, parts, "numbering"), styles))
    blocks = tuple(reader.blocks(body))
    skipped = dict(reader.skipped)
    for rel in package.relationships(main):
        kind = _SKIPPED_PARTS.get(rel.type.rsplit("/", 1)[-1])
        if (
            kind is not None
            and not rel.external
            and package.has(rel.target)
            and _has_own_text(package.xml(rel.target))
        ):
            skipped[kind] = skipped.get(kind, 0) + 1
    for tag, kind in _REFERENCES.items():
        count = sum(1 for _ in body.iter(tag))
        if count:
            skipped[kind] = skipped.get(kind, 0) + count
    boxes = sum(
        1
        for box in body.iter(W + "txbxContent")
        if not any(ancestor.tag == _MC_FALLBACK for ancestor in box.iterancestors())
    )
    if boxes:
        skipped[TEXT_BOX] = boxes
    revisions = sum(1 for _ in body.iter(*_REVISIONS))
    return WordBody(name, blocks, reader.position, skipped, revisions)


def _part(package: Package, parts: dict[str, Relationship], kind: str) -> etree._Element | None:
    rel = parts.get(kind)
    if rel is None or not package.has(rel.target):
        return None
    return package.xml(rel.target)


def _has_own_text(root: etree._Element) -> bool:
    """Whether a header or footer shows text of its own, not only fields (page numbers, dates)."""
    depth = 0
    for element in root.iter(W + "fldChar", T, W + "fldSimple"):
        if element.tag == W + "fldChar":
            kind = element.get(W + "fldCharType")
            depth += 1 if kind == "begin" else -1 if kind == "end" else 0
        elif (
            element.tag == T
            and depth <= 0
            and (element.text or "").strip()
            and not any(ancestor.tag == W + "fldSimple" for ancestor in element.iterancestors())
        ):
            return True
    return False


BOLD, ITALIC, UNDERLINE = 1, 2, 4


class _Text:
    """A paragraph's visible text as it is collected, with the stretches in bold, italic or underline.

    Most runs are plain: they only append to ``pieces``; a formatted one also records where it
    starts and ends, counted then.
    """

    __slots__ = ("marks", "pieces")

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.marks: list[tuple[int, int, int]] = []

    def add(self, text: str, style: int) -> None:
        if not text:
            return
        start = sum(map(len, self.pieces))
        end = start + len(text)
        last = self.marks[-1] if self.marks else None
        if last is not None and last[1] == start and last[2] == style:
            self.marks[-1] = (last[0], end, style)
        else:
            self.marks.append((start, end, style))
        self.pieces.append(text)

    def extend(self, other: _Text) -> None:
        length = sum(map(len, self.pieces))
        self.marks.extend((length + start, length + end, style) for start, end, style in other.marks)
        self.pieces.extend(other.pieces)


class _Field:
    """A complex field being read: its instruction so far, and whether its result has begun."""

    __slots__ = ("instruction", "result")

    def __init__(self) -> None:
        self.instruction = ""
        self.result = False

    @property
    def hidden_result(self) -> bool:
        # A table of contents repeats the headings the outline already holds.
        return self.instruction.split(None, 1)[:1] == ["TOC"]


class _Reader:
    """Walks one body in document order: positions, numbering and field state carry across paragraphs."""

    def __init__(self, styles: Styles, numbering: Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.position = 0
        self.skipped: dict[str, int] = {}
        self._fields: list[_Field] = []
        self._visible = True
        # The text of paragraphs whose mark was deleted: accepted, they join the next paragraph.
        self._carried: _Text | None = None
        self._carried_position = 0
        self._numbered = bool(numbering)
        # Per style id: its heading depth, whether it is a title, its name.
        self._roles: dict[str | None, tuple[int, bool, str]] = {}

    def blocks(self, container: etree._Element) -> Iterator[WordParagraph | WordTable]:
        for child in container:
            tag = child.tag
            if tag == P:
                self.position += 1
                paragraph = self._paragraph(child, self.position)
                if paragraph is not None:
                    yield paragraph
            elif tag == TBL:
                self.position += 1
                rows, aligns, marks = self._table(child)
                if rows and rows[0]:
                    yield WordTable(self.position, rows, aligns, marks)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    yield from self.blocks(content)
            elif tag == CUSTOM_XML:
                yield from self.blocks(child)
            elif tag == W + "altChunk":
                self.skipped[EMBEDDED] = self.skipped.get(EMBEDDED, 0) + 1

    def _paragraph(self, p: etree._Element, position: int) -> WordParagraph | None:
        # One pass over w:pPr's children rather than a find() per property: this runs for every
        # paragraph of the body.
        ppr = p[0] if len(p) and p[0].tag == PPR else None
        style = self.styles.default
        mark = outline = None
        if ppr is not None:
            for child in ppr:
                tag = child.tag
                if tag == _PSTYLE:
                    style = child.get(VAL) or style
                elif tag == RPR:
                    mark = child
                elif tag == _OUTLINE:
                    outline = child
        collected = _Text()
        self._collect(p, collected)
        if mark is not None and (mark.find(W + "del") is not None or mark.find(W + "moveFrom") is not None):
            if self._carried is None:
                self._carried, self._carried_position = collected, position
            else:
                self._carried.extend(collected)
            return None
        if self._carried is not None:
            self._carried.extend(collected)
            collected, position = self._carried, self._carried_position
            self._carried = None
        text = "".join(collected.pieces)
        label = self.numbering.label(ppr, style) if self._numbered else None
        if not text.strip() and (label is None or not label.text):
            return None
        role = self._roles.get(style)
        if role is None:
            found = self.styles.get(style) if style else None
            role = self._roles[style] = (
                self.styles.heading(style),
                self.styles.is_title(style),
                found.name if found is not None else "",
            )
        heading, title, name = role
        if outline is not None:
            level = integer(outline)
            heading = level + 1 if level is not None and 0 <= level <= 8 else heading
        return WordParagraph(position, text, label, heading, title, name, tuple(collected.marks))

    def _collect(self, element: etree._Element, out: _Text) -> None:
        for child in element:
            tag = child.tag
            if tag == R:
                self._run(child, out)
            elif tag in _TRANSPARENT:
                if tag == W + "fldSimple" and child.get(W + "instr", "").split(None, 1)[:1] == ["TOC"]:
                    continue
                self._collect(child, out)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self._collect(content, out)
            elif tag in _MATH and self._visible:
                out.pieces.append("".join(t.text or "" for t in child.iter(_MATH_TEXT)))

    def _run(self, run: etree._Element, out: _Text) -> None:
        rpr = run[0] if len(run) and run[0].tag == RPR else None
        hidden = False
        style = 0
        if rpr is not None:
            for prop in rpr:
                tag = prop.tag
                if tag == _VANISH:
                    hidden = on(prop)
                elif tag == _B and on(prop):
                    style |= BOLD
                elif tag == _I and on(prop):
                    style |= ITALIC
                elif tag == _U and prop.get(VAL, "single") != "none":
                    style |= UNDERLINE
        # Plain text goes straight into the pieces; formatted text through add(), which records it.
        add = out.add if style else lambda text, _style: out.pieces.append(text)
        for child in run:
            tag = child.tag
            if tag == T:
                if self._visible and not hidden:
                    add(child.text or "", style)
            elif tag in _TABS:
                if self._visible and not hidden:
                    add("\t", style)
            elif tag in _BREAKS:
                if self._visible and not hidden:
                    add(BREAK, style)
            elif tag == W + "fldChar":
                self._field(child.get(W + "fldCharType", ""))
            elif tag == W + "instrText":
                if self._fields and not self._fields[-1].result:
                    self._fields[-1].instruction += child.text or ""
            elif tag == W + "noBreakHyphen":
                if self._visible and not hidden:
                    add("-", style)
            elif tag == W + "sym":
                if self._visible and not hidden:
                    add(_symbol(child), style)
            elif tag == W + "ruby":
                base = child.find(W + "rubyBase")
                if base is not None:
                    self._collect(base, out)

    def _field(self, kind: str) -> None:
        if kind == "begin":
            self._fields.append(_Field())
        elif kind == "separate" and self._fields:
            self._fields[-1].result = True
        elif kind == "end" and self._fields:
            self._fields.pop()
        self._visible = all(f.result and not f.hidden_result for f in self._fields)

    def _table(
        self, table: etree._Element
    ) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...], tuple[tuple[Marks, ...], ...]]:
        rows: list[list[str]] = []
        marked: list[list[Marks]] = []
        places: list[list[str | None]] = []
        for row in _children(table, TR):
            cells: list[str] = []
            cell_marks: list[Marks] = []
            aligns: list[str | None] = []
            for cell in _children(row, TC):
                props = cell.find(W + "tcPr")
                span = integer(props.find(W + "gridSpan")) if props is not None else None
                merge = props.find(W + "vMerge") if props is not None else None
                text, marks = self._cell(cell)
                if merge is not None and merge.get(VAL, "continue") != "restart":
                    text, marks = "", ()
                extra = min(span or 1, 64) - 1
                cells.append(text)
                cells.extend([""] * extra)
                cell_marks.append(marks)
                cell_marks.extend([()] * extra)
                aligns.extend([_alignment(cell)] * (extra + 1))
            rows.append(cells)
            marked.append(cell_marks)
            places.append(aligns)
        width = max((len(row) for row in rows), default=0)
        columns = []
        for column in range(width):
            found = {row[column] for row in places if column < len(row)}
            only = found.pop() if len(found) == 1 else None
            columns.append(only or "")
        shown_aligns = tuple(columns) if any(columns) else ()
        return (
            tuple(tuple(row + [""] * (width - len(row))) for row in rows),
            shown_aligns,
            tuple(tuple(row + [()] * (width - len(row))) for row in marked),
        )

    def _cell(self, cell: etree._Element) -> tuple[str, Marks]:
        """A cell's paragraphs joined into one line, with the formatted stretches of that line."""
        text = ""
        marks: list[tuple[int, int, int]] = []
        for child in cell:
            if child.tag == P:
                paragraph = self._paragraph(child, 0)
                if paragraph is None:
                    continue
                whole = shown(paragraph).replace(BREAK, " ")
                piece = whole.strip()
                # Where the paragraph's own text starts in the piece, and the piece in the line.
                shift = len(whole) - len(paragraph.text) - (len(whole) - len(whole.lstrip()))
                text = join(text, piece)
                shift += len(text) - len(piece)
                for start, end, style in paragraph.marks:
                    start, end = max(start + shift, len(text) - len(piece)), min(end + shift, len(text))
                    if start < end:
                        marks.append((start, end, style))
            elif child.tag == TBL:
                for row in self._table(child)[0]:
                    for inner in row:
                        text = join(text, inner)
            elif child.tag in (SDT, CUSTOM_XML):
                content = child.find(SDT_CONTENT) if child.tag == SDT else child
                if content is not None:
                    inner, inner_marks = self._cell(content)
                    joined = join(text, inner)
                    shift = len(joined) - len(inner)
                    marks.extend((start + shift, end + shift, style) for start, end, style in inner_marks)
                    text = joined
        return text, tuple(marks)


_ALIGNMENTS = {"left": "left", "start": "left", "center": "center", "right": "right", "end": "right"}


def _alignment(cell: etree._Element) -> str | None:
    """How the first paragraph of a cell is aligned (``left``, ``center``, ``right``), or None."""
    jc = cell.find(f"{P}/{PPR}/{W}jc")
    return _ALIGNMENTS.get(jc.get(VAL, "")) if jc is not None else None


def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    """``element``'s children named ``tag``, looking through content controls and custom XML."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == CUSTOM_XML:
            yield from _children(child, tag)


def _symbol(sym: etree._Element) -> str:
    """The character of a ``w:sym``; a Symbol or Wingdings code (F0xx) is a private-use character."""
    try:
        code = int(sym.get(W + "char", ""), 16)
    except ValueError:
        return ""
    if code < 0x100:
        code += 0xF000
    return chr(code) if code <= 0x10FFFF else ""


def shown(paragraph: WordParagraph) -> str:
    """The paragraph as Word shows it: the label, a full-width space, the text."""
    label = paragraph.label
    if label is None or not label.text:
        return paragraph.text
    return label.text + ("" if label.bullet else "\u3000") + paragraph.text
