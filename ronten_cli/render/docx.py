"""Word (.docx) writer: Markdown blocks to WordprocessingML, packaged with ronten's house style.

python-docx looks styles up by name and scans the body for ``w:sectPr`` on every paragraph it
adds, which makes a 13k-line outline take seconds (DESIGN.md, performance notes). Here every
paragraph is one string built by ``ooxml.wml``, the body is joined once, and ``ooxml.package``
zips the parts. ``markdown_to_docx`` is the entry point; ``WordDocument`` is what other writers
(the 新旧対照表, tracked changes) build their own body for: it knows the style ids to use (a
reference document's, when one is given) and packages the body.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..markers import LINE, make_label
from ..model import MARKER_ORDER
from ..ooxml import package as opc
from ..ooxml import wml
from ..ooxml.wml import paragraph, run, run_content, strip_illegal
from ..parser import note_sign
from .layout import Frame, indent, label_width, place
from .markdown import (
    Block,
    Code,
    Heading,
    ListItem,
    PageBreak,
    Paragraph,
    Span,
    Table,
    ThematicBreak,
    parse_blocks,
)
from .styles import (
    A4,
    A4_WIDTH,
    BODY_FONT,
    EM,
    HEADING_FONT,
    KIND_STYLES,
    LIST_DEPTHS,
    MARGIN_SIDE,
    THEME_PART,
    font_table_part,
    footer_part,
    house_sizes,
    list_style,
    note_style,
    settings_part,
    style_definitions,
    styles_part,
)

__all__ = [
    "DocxOptions",
    "DocxResult",
    "WordDocument",
    "blocks_xml",
    "default_reference_docx",
    "markdown_to_docx",
    "table_grid",
    "table_xml",
]


@dataclass(frozen=True)
class DocxOptions:
    """How a .docx is packaged: reference document, core properties, page orientation, fonts.

    ``material`` (資料1) is printed at the top right of the first page, or with
    ``material_every_page`` in the header of every page (some offices require it there). Without
    ``number_first_page`` the first page has no page number, so a one-page document (a 次第) has none.
    """

    reference: Path | None = None
    title: str = ""
    author: str = ""
    material: str = ""
    material_every_page: bool = False
    number_first_page: bool = True
    landscape: bool = False
    body_font: str = BODY_FONT
    heading_font: str = HEADING_FONT


class DocxResult(NamedTuple):
    """The .docx bytes and the warnings met while writing them (one line each)."""

    data: bytes
    warnings: tuple[str, ...] = ()


class WordDocument:
    """One .docx in the making: the style ids its body must use, and its packaging.

    With ``options.reference`` the reference document is read first, so the body is written with
    the reference's style ids from the start (``ids`` maps ronten's id to the one to write) and laid
    out in the reference's font sizes (``sizes``: ronten's style id to half-points) on its ``page``.
    """

    def __init__(self, options: DocxOptions) -> None:
        self.options = options
        definitions = style_definitions(options.heading_font)
        if options.reference is None:
            self.adopted = None
            self.ids: Mapping[str, str] = {style_id: style_id for style_id in definitions}
            self.sizes: Mapping[str, int] = house_sizes()
            self.page = A4.landscape() if options.landscape else A4
        else:
            from .reference import adopt

            header = options.material if options.material_every_page else ""
            self.adopted = adopt(options.reference, definitions, options.landscape, header)
            self.ids = self.adopted.style_ids
            self.sizes = self.adopted.sizes
            self.page = self.adopted.page or (A4.landscape() if options.landscape else A4)

    def package(self, body: str) -> bytes:
        """The .docx around ``body`` (paragraphs and tables, written with ``ids``).

        Adds the material number at the top right (of the first page, or in every page's header),
        the section properties (A4, margins, a footer with the page number, or the reference's),
        styles, settings, theme and core properties.
        """
        options = self.options
        when = opc.moment()
        material = paragraph(run(options.material), style=self.ids["Material"]) if options.material else ""
        if not options.material_every_page:
            body = material + body
        kind = opc.relationship_type
        rels = [
            opc.Relationship("rId1", kind("styles"), "styles.xml"),
            opc.Relationship("rId2", kind("settings"), "settings.xml"),
            opc.Relationship("rId3", kind("fontTable"), "fontTable.xml"),
        ]
        types = opc.CONTENT_TYPE
        parts: list[opc.Part] = []
        page = A4.landscape() if options.landscape else A4
        adopted = self.adopted
        if adopted is None:
            styles: str | bytes = styles_part(options.body_font, options.heading_font)
            rels.append(opc.Relationship("rId4", kind("footer"), "footer1.xml"))
            parts.append(opc.Part("word/footer1.xml", footer_part(), types["footer"]))
            references = [("footer", "default", "rId4")]
            if not options.number_first_page:
                rels.append(opc.Relationship("rId6", kind("footer"), "footer2.xml"))
                parts.append(opc.Part("word/footer2.xml", wml.part("ftr", paragraph("")), types["footer"]))
                references.append(("footer", "first", "rId6"))
            if material and options.material_every_page:
                rels.append(opc.Relationship("rId7", kind("header"), "header1.xml"))
                parts.append(opc.Part("word/header1.xml", wml.part("hdr", material), types["header"]))
                pages = ("default", "first") if not options.number_first_page else ("default",)
                references += [("header", which, "rId7") for which in pages]
            section = wml.section(page, references, title_page=not options.number_first_page)
        else:
            styles = adopted.styles
            rels.extend(adopted.relationships)
            parts.extend(adopted.parts)
            section = adopted.section or wml.section(page)
        if adopted is None or not adopted.has_theme:
            rels.append(opc.Relationship("rId5", kind("theme"), "theme/theme1.xml"))
            parts.append(
                opc.Part(
                    THEME_PART,
                    opc.theme(options.heading_font, options.body_font),
                    types["theme"],
                )
            )
        even = adopted is not None and adopted.even_and_odd_headers
        package_rels = [
            opc.Relationship("rId1", kind("officeDocument"), "word/document.xml"),
            opc.Relationship("rId2", kind("core-properties"), "docProps/core.xml"),
            opc.Relationship("rId3", kind("extended-properties"), "docProps/app.xml"),
        ]
        return opc.write(
            [
                opc.Part("_rels/.rels", opc.relationships(package_rels)),
                opc.Part(
                    "docProps/core.xml",
                    opc.core_properties(options.title, options.author, opc.w3cdtf(when)),
                    types["core-properties"],
                ),
                opc.Part("docProps/app.xml", opc.app_properties(), types["extended-properties"]),
                opc.Part("word/document.xml", wml.document(body, section), types["document"]),
                opc.Part("word/_rels/document.xml.rels", opc.relationships(rels)),
                opc.Part("word/styles.xml", styles, types["styles"]),
                opc.Part("word/settings.xml", settings_part(even), types["settings"]),
                opc.Part(
                    "word/fontTable.xml",
                    font_table_part(options.body_font, options.heading_font),
                    types["fontTable"],
                ),
                *parts,
            ],
            when,
        )


# --- Markdown blocks to body XML -----------------------------------------------------------------


def _spans_xml(spans: Sequence[Span], *, bold: bool = False) -> str:
    return "".join(
        run(
            span.text,
            bold=bold or span.bold,
            italic=span.italic,
            underline="single" if span.underline else None,
        )
        for span in spans
    )


_SPACES = " \t\u3000"


def _labelled(spans: Sequence[Span], fallback: str, fallback_kind: str) -> tuple[str, str, tuple[Span, ...]]:
    """Split the literal label off the item's text: (label, its marker kind, the rest);
    ``fallback`` and ``fallback_kind`` when there is none."""
    if not spans:
        return fallback, fallback_kind, ()
    first = spans[0]
    text = first.text
    if text[:1] in ("・", "･"):
        # The commonest label, split without the full marker regex.
        label, kind, rest = text[0], "bullet", text[1:].lstrip(_SPACES)
    else:
        match = LINE.match(text)
        if not match or not match["label"] or match["hashes"] or match["list"] or match["indent"]:
            return fallback, fallback_kind, tuple(spans)
        label, rest = match["label"], text[match.end("sep") :]
        kind = next(kind for kind in MARKER_ORDER if match[kind] is not None)
    tail = (Span(rest, first.bold, first.italic, first.underline),) if rest else ()
    return label, kind, (*tail, *spans[1:])


_PLAIN = (False, False, False)
_BLANK = (Span("\n"),)
_ORDERED_KINDS = ("arabic", "paren_arabic", "katakana", "paren_katakana", "latin", "paren_latin")


def _labelled_paragraph(
    label: str,
    spans: Sequence[Span],
    style: str,
    frame: Frame,
    page_break_before: bool = False,
    outline_level: int | None = None,
) -> str:
    """A paragraph that starts with ``label`` and a tab to its text column (a ``・`` is followed by
    its text directly), hanging in ``frame``."""
    left, hanging = indent(frame)
    tab = "" if label in ("・", "･") else "\t"
    if len(spans) == 1 and spans[0][1:] == _PLAIN and not page_break_before and outline_level is None:
        # A label and plain text, the commonest shape, written in one step.
        return (
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/><w:ind w:left="{left}" w:hanging="{hanging}"/>'
            f"</w:pPr><w:r>{run_content(label + tab + spans[0].text)}</w:r></w:p>"
        )
    if spans and not spans[0].underline:
        # The label shares the first run (and its bold or italic): one run fewer per paragraph.
        first = spans[0]
        head = run(f"{label}{tab}{first.text}", bold=first.bold, italic=first.italic)
        content = head + _spans_xml(spans[1:])
    else:
        content = run(label + tab) + _spans_xml(spans)
    return paragraph(
        content,
        style=style,
        indent=(left, hanging),
        page_break_before=page_break_before,
        outline_level=outline_level,
    )


def _bullet_text(text: str) -> str:
    """A ・ item's text as printed: the ・ and its text, without the spaces written between them."""
    return text if text[1:2] not in _SPACES else "・" + text[1:].lstrip(_SPACES)


def _under(frame: Frame | None) -> tuple[int, int] | None:
    """The indent of a paragraph under the item laid out in ``frame``: at its text column."""
    return (frame.text, 0) if frame is not None and frame.text else None


def _note_paragraph(block: Paragraph, style: str, size: int, owner: Frame | None, brk: bool) -> str:
    """A ※ note starting at its owner's text column (the margin without one), its wrapped lines
    hanging under the text after the sign, as notes are set in Japanese documents."""
    sign = note_sign(block.spans[0].text) if block.spans else None
    hanging = label_width(sign[0] + sign[1], size) if sign else 0
    left = (owner.text if owner is not None else 0) + hanging
    return paragraph(
        _spans_xml(block.spans),
        style=style,
        indent=(left, hanging),
        align=block.align or None,
        page_break_before=brk,
    )


def blocks_xml(
    blocks: Iterable[Block], ids: Mapping[str, str] | None = None, sizes: Mapping[str, int] | None = None
) -> str:
    """The body XML of Markdown ``blocks``: a style per marker kind for labelled headings, one per
    nesting depth for list items, and every line placed by ``layout.place``.

    ``ids`` maps ronten's style ids to the ones to write (``WordDocument.ids``); ``sizes`` gives
    each of ronten's styles' font size in half-points (``WordDocument.sizes``), which label widths
    and gaps are measured in.

    A heading's children are the headings of deeper levels and the list items after it; the
    paragraphs and tables after a heading are under it and start at its text column (an aligned
    ``<div>`` line, a quote or code sits at the margin). A paragraph holding only a ``<br>`` is an
    empty line.
    """
    ids = ids or {style_id: style_id for style_id in style_definitions()}
    sizes = sizes or house_sizes()
    step = sizes["Normal"] * 10
    list_styles = [""] + [ids[list_style(depth)] for depth in range(1, LIST_DEPTHS + 1)]
    list_sizes = [0] + [sizes[list_style(depth)] for depth in range(1, LIST_DEPTHS + 1)]
    out: list[str] = []
    pending_break = False
    # The open headings (Markdown level, frame), outermost first, and the open list items' frames.
    headings: list[tuple[int, Frame]] = []
    items: list[Frame] = []
    # The depth and paragraph head of the last plain ・ item, while the next block may be its sibling.
    sibling, head = 0, ""
    for block in blocks:
        if isinstance(block, PageBreak):
            pending_break = True
            continue
        # The break becomes a property of the next paragraph, so no empty line opens the page.
        brk, pending_break = pending_break, False
        previous, sibling = sibling, 0
        if isinstance(block, ListItem):
            spans = block.spans
            plain = len(spans) == 1 and spans[0].text[:1] == "・" and spans[0][1:] == _PLAIN and not brk
            if plain and block.depth == previous:
                # The next plain ・ of a run of siblings (the bulk of a long memo): same frame, same
                # paragraph head, and the open items stay as they are.
                sibling = previous
                out.append(f"{head}{run_content(_bullet_text(spans[0].text))}</w:r></w:p>")
                continue
            depth = min(block.depth, LIST_DEPTHS)
            del items[block.depth - 1 :]
            parent = items[-1] if items else headings[-1][1] if headings else None
            if plain:
                # A plain ・ item, by far the commonest paragraph: written without the general steps.
                frame = place(parent, "・", True, list_sizes[depth], step)
                items.append(frame)
                sibling = block.depth
                head = (
                    f'<w:p><w:pPr><w:pStyle w:val="{list_styles[depth]}"/><w:ind w:left="{frame.text}"'
                    f' w:hanging="{frame.text - frame.start}"/></w:pPr><w:r>'
                )
                out.append(f"{head}{run_content(_bullet_text(spans[0].text))}</w:r></w:p>")
                continue
            if block.number is None:
                fallback, fallback_kind = "・", "bullet"
            else:
                fallback_kind = _ORDERED_KINDS[(block.depth - 1) % len(_ORDERED_KINDS)]
                fallback = make_label(fallback_kind, block.number)  # type: ignore[arg-type]
            label, kind, spans = _labelled(block.spans, fallback, fallback_kind)
            frame = place(parent, label, kind == "bullet", list_sizes[depth], step)
            items.append(frame)
            xml = _labelled_paragraph(label, spans, list_styles[depth], frame, brk)
        elif isinstance(block, Heading):
            items.clear()
            if block.level == 1:
                headings.clear()
                xml = paragraph(_spans_xml(block.spans), style=ids["Heading1"], page_break_before=brk)
            else:
                while headings and headings[-1][0] >= block.level:
                    headings.pop()
                parent = headings[-1][1] if headings else None
                label, kind, spans = _labelled(block.spans, "", "")
                outline_level = None
                if kind in KIND_STYLES:
                    style_id, _, _, kind_level = KIND_STYLES[kind]
                    if kind_level != block.level - 1:
                        outline_level = block.level - 1
                else:
                    style_id = f"Heading{block.level}"
                frame = place(parent, label, kind == "bullet", sizes[style_id], step)
                headings.append((block.level, frame))
                if label:
                    xml = _labelled_paragraph(label, spans, ids[style_id], frame, brk, outline_level)
                else:
                    xml = paragraph(
                        _spans_xml(spans),
                        style=ids[style_id],
                        indent=_under(frame),
                        page_break_before=brk,
                        outline_level=outline_level,
                    )
        elif isinstance(block, Paragraph):
            if block.style == "Note":
                # A ※ note (注記): under its owner like a paragraph, unless aligned to the margin.
                if block.depth:
                    del items[block.depth :]
                    owner = items[-1] if items else headings[-1][1] if headings else None
                elif block.align:
                    owner = None
                else:
                    items.clear()
                    owner = headings[-1][1] if headings else None
                style_id = note_style(block.depth)
                xml = _note_paragraph(block, ids[style_id], sizes[style_id], owner, brk)
            elif block.depth:
                # A paragraph continuing a list item: under the item, at its text column.
                del items[block.depth :]
                owner = items[-1] if items else headings[-1][1] if headings else None
                xml = paragraph(
                    _spans_xml(block.spans),
                    style=list_styles[min(block.depth, LIST_DEPTHS)],
                    indent=_under(owner),
                    page_break_before=brk,
                )
            elif block.spans == _BLANK:
                # A line holding only <br>: a blank line, as a 次第 spaces its parts.
                xml = paragraph("", style=ids["BodyText"], page_break_before=brk)
            elif block.align or block.style != "BodyText":
                xml = paragraph(
                    _spans_xml(block.spans),
                    style=ids[block.style],
                    align=block.align or None,
                    page_break_before=brk,
                )
            else:
                items.clear()
                xml = paragraph(
                    _spans_xml(block.spans),
                    style=ids[block.style],
                    indent=_under(headings[-1][1] if headings else None),
                    page_break_before=brk,
                )
        elif isinstance(block, Code):
            pending_break = brk and not block.lines
            xml = "".join(
                paragraph(run(line), style=ids["SourceCode"], page_break_before=brk and index == 0)
                for index, line in enumerate(block.lines)
            )
        elif isinstance(block, ThematicBreak):
            xml = paragraph("", border_bottom=True, page_break_before=brk)
        else:
            assert isinstance(block, Table)
            if block.depth:
                del items[block.depth :]
            else:
                items.clear()
            owner = items[-1] if items else headings[-1][1] if headings else None
            if brk:
                xml = wml.page_break()
            elif out and out[-1].endswith("</w:tbl>"):
                # Word joins two tables nothing stands between.
                xml = paragraph("", style=ids["BodyText"])
            else:
                xml = ""
            xml += _markdown_table(block, ids, owner.text if owner else 0)
        out.append(xml)
    if pending_break:
        out.append(wml.page_break())
    return "".join(out)


def table_grid(texts: Sequence[Sequence[str]], left: int = 0) -> list[int]:
    """The column widths (twips) of a table of cell ``texts`` (rows, the header first) from
    ``left`` (the text column of the item it is under) to the right margin of the portrait text:
    columns share the width by their longest cell, within sensible bounds."""
    columns = max(len(row) for row in texts)
    lengths = [[label_width(cell) / EM for cell in row] for row in texts]
    widths = [max(4.0, *(min(40.0, row[c]) for row in lengths if c < len(row))) for c in range(columns)]
    scale = (A4_WIDTH - 2 * MARGIN_SIDE - left) / sum(widths)
    return [max(int(width * scale), 400) for width in widths]


def table_xml(
    rows: Sequence[Sequence[str]],
    grid: Sequence[int],
    ids: Mapping[str, str],
    left: int = 0,
    aligns: Sequence[str] = (),
    marks: Sequence[str] = (),
) -> str:
    """A bordered table of ``rows`` (each a row's cells as runs; the header row first) in the
    columns of ``grid``, ``left`` twips from the margin. The header row is shaded and repeated on
    every page, and no row splits across a page. A row shorter than the grid is padded with empty
    cells (a Word table is rectangular); ``marks`` are the rows' revisions (``wml.revision_mark``:
    a row inserted or deleted as a whole, ``""`` for none)."""
    xml_rows = []
    for index, cells in enumerate(rows):
        header = index == 0
        style = ids["TableHeading" if header else "TableText"]
        xml_cells = []
        for column, width in enumerate(grid):
            align = (aligns[column] if column < len(aligns) else "") or None
            content = paragraph(cells[column] if column < len(cells) else "", style=style, align=align)
            xml_cells.append(wml.cell(content, width, fill="D9D9D9" if header else None))
        mark = marks[index] if index < len(marks) else ""
        xml_rows.append(wml.row(xml_cells, header=header, cant_split=True, mark=mark))
    return wml.table(xml_rows, grid, style=ids["TableGrid"], first_row=True, indent=left)


def _markdown_table(table: Table, ids: Mapping[str, str], left: int) -> str:
    """A pipe table as ``table_xml`` writes it, its header cells bold through their style."""
    rows = [table.header, *table.rows]
    grid = table_grid([["".join(span.text for span in cell) for cell in row] for row in rows], left)
    cells = [[_spans_xml(cell) for cell in row] for row in rows]
    return table_xml(cells, grid, ids, left, table.aligns)


def markdown_to_docx(markdown: str, options: DocxOptions) -> DocxResult:
    """Turn Markdown (as ronten's templates write it) into .docx bytes.

    Headings, paragraphs, nested lists, pipe tables, emphasis, ``<u>``, hard breaks and page
    breaks become Word structures; anything else is kept as text. XML-illegal characters are
    dropped with a warning.
    """
    text, warnings = strip_illegal(markdown)
    document = WordDocument(options)
    body = blocks_xml(parse_blocks(text), document.ids, document.sizes)
    return DocxResult(document.package(body), warnings)


def default_reference_docx() -> bytes:
    """A reference .docx showing every style ronten uses, for ``ronten templates export``.

    Each numbered item's style is named by its kind of marker (ronten 論点・第N, ronten N,
    ronten (N), ronten ア, …), whatever its level in a memo. Restyle them in Word (fonts, sizes,
    spacing, header and footer) and pass the file back with ``--reference-doc``; where each line
    sits across the page is computed from its label, in the sizes the styles give.
    """
    headings = [
        (2, "第１", "ronten 論点・第N"),
        (3, "１", "ronten N"),
        (4, "（１）", "ronten (N)"),
        (5, "ア", "ronten ア"),
        (6, "（ア）", "ronten (ア)"),
        (6, "ａ", "ronten a"),
        (6, "（ａ）", "ronten (a)"),
        (6, "①", "ronten ①"),
    ]
    sample = [
        "# 表題（heading 1）",
        "",
        "本文（Body Text）。段落の文字組みを確かめるための文章です。",
        "",
        *(f"{'#' * level} {label}　{label}の項目（{name}）\n" for level, label, name in headings),
        "- ・箇条（List Item 1）",
        "    - ・入れ子の箇条（List Item 2）",
        "        - ・さらに入れ子の箇条（List Item 3）",
        "",
        "  ※　箇条の注記（注記 1）",
        "",
        "※　注記（注記）",
        "",
        "> 引用（Block Text）",
        "",
        "| 表（Table Text） | 列 |",
        "|---|---|",
        "| セル | セル |",
    ]
    options = DocxOptions(title="ronten reference", material="資料（Material）")
    return markdown_to_docx("\n".join(sample), options).data
