"""Word (.docx) writer: XML built as strings and zipped directly, with Japanese public-document typography.

python-docx looks styles up by name and scans the body for ``w:sectPr`` on every paragraph it
adds, which makes a 13k-line outline take seconds (DESIGN.md, performance notes). Here every
paragraph is one string, the body is joined once, and the package parts are written straight into
a deterministic zip. ``markdown_to_docx`` is the high-level entry point; ``text_xml``, ``run_xml``,
``paragraph_xml``, ``table_xml`` and ``package`` are the low-level pieces other writers (the
新旧対照表) build their own body from.

Labels (論点1, (1), ア, ・) are always literal text followed by a tab to the style's hanging indent,
so no paragraph carries Word auto-numbering.
"""

from __future__ import annotations

import functools
import os
import re
import time
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..markers import LINE, make_label
from .markdown import Block, Code, Heading, Item, PageBreak, Paragraph, Rule, Span, Table, parse_blocks

__all__ = [
    "BODY_HALF_POINTS",
    "EM",
    "HEADING_LAYOUT",
    "STYLE_NAMES",
    "DocxOptions",
    "DocxResult",
    "blocks_xml",
    "default_reference_docx",
    "document_date",
    "label_indent",
    "label_width",
    "list_layout",
    "markdown_to_docx",
    "package",
    "paragraph_xml",
    "run_xml",
    "source_date_epoch",
    "strip_illegal",
    "table_xml",
    "text_xml",
    "xml_storable",
]

BODY_FONT = "ＭＳ 明朝"
HEADING_FONT = "ＭＳ ゴシック"


@dataclass(frozen=True)
class DocxOptions:
    """How a .docx is packaged: reference document, core properties, page orientation, fonts."""

    reference: Path | None = None
    title: str = ""
    author: str = ""
    material: str = ""
    landscape: bool = False
    body_font: str = BODY_FONT
    heading_font: str = HEADING_FONT


@dataclass(frozen=True)
class DocxResult:
    """The .docx bytes and the warnings met while writing them (one line each)."""

    data: bytes
    warnings: tuple[str, ...] = field(default=())


# --- page geometry (twips: 1/20 pt; 1 mm = 56.7 twips) ---------------------------------------------
A4_WIDTH, A4_HEIGHT = 11906, 16838
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_SIDE = 1701, 1417, 1701  # 30 mm, 25 mm, 30 mm: 40 characters a line
BODY_HALF_POINTS = 21  # 10.5 pt
EM = BODY_HALF_POINTS * 10  # one full-width character of body text, in twips

# Style ids this writer uses, with the names Word shows (and matches a reference document by).
STYLE_NAMES: dict[str, str] = {
    "Normal": "Normal",
    "BodyText": "Body Text",
    "Heading1": "heading 1",
    "Heading2": "heading 2",
    "Heading3": "heading 3",
    "Heading4": "heading 4",
    "Heading5": "heading 5",
    "Heading6": "heading 6",
    **{f"ListItem{d}": f"List Item {d}" for d in range(1, 10)},
    "BlockText": "Block Text",
    "SourceCode": "Source Code",
    "TableText": "Table Text",
    "Material": "Material",
    "Header": "header",
    "Footer": "footer",
    "TableGrid": "Table Grid",
}

# Where each labelled level's label starts and how wide its hanging indent is, in twips. The hanging
# indent is the tab stop the label's tab jumps to, so wrapped lines align under the text. Widths fit
# the usual label of the level (論点1, (1), ア, (ア), a, ・) plus a small gap; a wider label gets a
# paragraph-level indent that fits it (see ``label_indent``).
HEADING_LAYOUT: dict[int, tuple[int, int, int]] = {
    # level: (label start, hanging, font size in half-points)
    2: (0, 7 * 110, 22),  # 3.5 characters of 11 pt: 論点1 and a full-width gap
    3: (EM, 2 * EM, 21),
    4: (2 * EM, 3 * EM // 2, 21),
    5: (3 * EM, 5 * EM // 2, 21),
    6: (4 * EM, EM, 21),
}
LIST_HANGING = 3 * EM // 2


def list_layout(depth: int) -> tuple[str, int, int]:
    """(style id, label start, hanging) of a list item at nesting ``depth`` (1-based; deeper than 9
    is laid out as 9)."""
    depth = min(depth, 9)
    return f"ListItem{depth}", (depth + 1) * EM, LIST_HANGING


# --- text and runs -------------------------------------------------------------------------------
# Characters XML 1.0 forbids (JAPANESE.md section 4): C0 controls except tab/newline/CR, lone
# surrogates, U+FFFE and U+FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_storable(text: str, where: str) -> tuple[str, str]:
    """``text`` without XML-illegal characters, and a warning that starts with ``where`` and quotes
    what is left, so the user can find the line ("" when nothing was dropped)."""
    found = _ILLEGAL.findall(text)
    if not found:
        return text, ""
    kept = _ILLEGAL.sub("", text)
    codes = ", ".join(f"U+{ord(ch):04X}" for ch in dict.fromkeys(found))
    shown = kept.strip()
    if len(shown) > 40:
        shown = shown[:40] + "…"
    return kept, f"{where}: dropped a character Word cannot store ({codes}) in 「{shown}」"


def strip_illegal(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` without XML-illegal characters, and one warning (``line N: …``) per line that had any."""
    if not _ILLEGAL.search(text):
        return text, ()
    lines = (xml_storable(line, f"line {number}")[1] for number, line in enumerate(text.split("\n"), 1))
    return _ILLEGAL.sub("", text), tuple(warning for warning in lines if warning)


def _attr(value: str) -> str:
    """``value`` escaped for a double-quoted XML attribute."""
    return text_xml(value).replace('"', "&quot;")


def text_xml(text: str) -> str:
    """``text`` escaped for XML element content, with XML-illegal characters removed."""
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _t(text: str) -> str:
    if text[:1].isspace() or text[-1:].isspace():
        return f'<w:t xml:space="preserve">{text_xml(text)}</w:t>'
    return f"<w:t>{text_xml(text)}</w:t>"


_BREAKS = re.compile(r"([\t\n])")


def run_xml(
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: str | None = None,
) -> str:
    """One ``w:r``: ``\\t`` in ``text`` becomes a tab, ``\\n`` a line break.

    ``underline`` is a Word underline value (``single``, ``double``).
    """
    rpr = ""
    if bold or italic or underline:
        props = ""
        if bold:
            props += "<w:b/><w:bCs/>"
        if italic:
            props += "<w:i/><w:iCs/>"
        if underline:
            props += f'<w:u w:val="{underline}"/>'
        rpr = f"<w:rPr>{props}</w:rPr>"
    if "\t" not in text and "\n" not in text:
        return f"<w:r>{rpr}{_t(text)}</w:r>" if text else ""
    parts = []
    for piece in _BREAKS.split(text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece == "\n":
            parts.append("<w:br/>")
        elif piece:
            parts.append(_t(piece))
    return f"<w:r>{rpr}{''.join(parts)}</w:r>"


def paragraph_xml(
    content: str,
    *,
    style: str | None = None,
    align: str | None = None,
    indent: tuple[int, int] | None = None,
) -> str:
    """One ``w:p`` around ``content`` (runs).

    ``style`` is a style id (see ``STYLE_NAMES``); ``align`` a Word justification (``left``,
    ``center``, ``right``, ``both``); ``indent`` a direct ``(left, hanging)`` in twips.
    """
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if indent is not None:
        left, hanging = indent
        props += (
            f'<w:ind w:left="{left}" w:hanging="{hanging}"/>'
            if hanging
            else f'<w:ind w:left="{left}" w:firstLine="0"/>'
        )
    if align:
        props += f'<w:jc w:val="{align}"/>'
    return f"<w:p><w:pPr>{props}</w:pPr>{content}</w:p>" if props else f"<w:p>{content}</w:p>"


def table_xml(rows: Sequence[Sequence[str]], *, widths: Sequence[float] | None = None) -> str:
    """A bordered ``w:tbl`` of cell contents (each cell is paragraph XML), as wide as the portrait
    text.

    The first row is the header: shaded, and repeated on every page. ``widths`` are relative
    column widths (equal when omitted).
    """
    columns = max((len(row) for row in rows), default=0)
    if columns == 0:
        return ""
    total = A4_WIDTH - 2 * MARGIN_SIDE
    weights = list(widths or [1.0] * columns)[:columns]
    weights += [1.0] * (columns - len(weights))
    scale = total / sum(weights)
    grid = [max(int(w * scale), 400) for w in weights]
    parts = [
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(grid)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
        ' w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in grid),
        "</w:tblGrid>",
    ]
    for index, row in enumerate(rows):
        header = index == 0
        parts.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else "<w:tr>")
        shade = '<w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/>' if header else ""
        for column in range(columns):
            cell = row[column] if column < len(row) else ""
            parts.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{grid[column]}" w:type="dxa"/>{shade}</w:tcPr>'
                f"{cell or paragraph_xml('', style='TableText')}</w:tc>"
            )
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def label_width(label: str) -> int:
    """Approximate width of ``label`` in twips at body size: full-width 1 em, half-width 1/2 em."""
    full = sum(1 for ch in label if unicodedata.east_asian_width(ch) in "WFA")
    return full * EM + (len(label) - full) * EM // 2


@functools.lru_cache(maxsize=256)
def label_indent(
    label: str, start: int, hanging: int, size: int = BODY_HALF_POINTS
) -> tuple[int, int] | None:
    """A direct indent for a label too wide for its style's hanging indent, else ``None``."""
    width = label_width(label) * size // BODY_HALF_POINTS
    gap = size * 10 // 4
    if width + gap <= hanging:
        return None
    half = size * 5  # half a character at this size
    wide = -(-(width + 2 * gap) // half) * half
    return start + wide, wide


# --- package parts -------------------------------------------------------------------------------
NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _fonts(font: str) -> str:
    font = _attr(font)
    return f'<w:rFonts w:ascii="{font}" w:eastAsia="{font}" w:hAnsi="{font}" w:cs="{font}"/>'


def _paragraph_style(
    style_id: str,
    *,
    ppr: str = "",
    rpr: str = "",
    next_style: str | None = None,
    outline: int | None = None,
) -> str:
    nxt = f'<w:next w:val="{next_style}"/>' if next_style else ""
    if outline is not None:
        ppr += f'<w:outlineLvl w:val="{outline}"/>'
    return (
        f'<w:style w:type="paragraph" w:customStyle="{0 if style_id in _BUILTIN else 1}"'
        f' w:styleId="{style_id}"><w:name w:val="{STYLE_NAMES[style_id]}"/><w:basedOn w:val="Normal"/>{nxt}'
        f"<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


_BUILTIN = {"Normal", "BodyText", "BlockText", "Header", "Footer", "TableGrid"} | {
    f"Heading{n}" for n in range(1, 7)
}


def _style_definitions(options: DocxOptions) -> dict[str, str]:
    """Every style this writer uses, by id, as ``w:style`` XML (``basedOn`` ``Normal``)."""
    gothic = _fonts(options.heading_font)
    styles = {
        "Normal": (
            '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
            '<w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr><w:rPr/></w:style>'
        ),
        "BodyText": _paragraph_style("BodyText", ppr='<w:spacing w:after="60"/>'),
        "Heading1": _paragraph_style(
            "Heading1",
            ppr='<w:keepNext/><w:spacing w:before="120" w:after="360"/><w:jc w:val="center"/>',
            rpr=f'{gothic}<w:sz w:val="28"/><w:szCs w:val="28"/>',
            next_style="BodyText",
            outline=0,
        ),
        "BlockText": _paragraph_style(
            "BlockText", ppr=f'<w:spacing w:after="60"/><w:ind w:left="{2 * EM}" w:right="{EM}"/>'
        ),
        "SourceCode": _paragraph_style(
            "SourceCode",
            ppr='<w:spacing w:after="0"/><w:jc w:val="left"/>',
            rpr=f"{gothic}",
        ),
        "TableText": _paragraph_style("TableText", ppr='<w:jc w:val="left"/>'),
        "Material": _paragraph_style(
            "Material",
            ppr='<w:spacing w:after="120"/><w:jc w:val="right"/>',
            rpr=f'{gothic}<w:sz w:val="24"/><w:szCs w:val="24"/>',
        ),
        "Header": _paragraph_style("Header", ppr='<w:jc w:val="right"/>'),
        "Footer": _paragraph_style("Footer", ppr='<w:jc w:val="center"/>'),
        "TableGrid": (
            '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
            '<w:uiPriority w:val="59"/><w:pPr><w:jc w:val="left"/></w:pPr><w:tblPr><w:tblBorders>'
            + "".join(
                f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                for side in ("top", "left", "bottom", "right", "insideH", "insideV")
            )
            + '</w:tblBorders><w:tblCellMar><w:left w:w="85" w:type="dxa"/>'
            '<w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        ),
    }
    for level, (start, hanging, size) in HEADING_LAYOUT.items():
        before = 240 if level == 2 else 120
        styles[f"Heading{level}"] = _paragraph_style(
            f"Heading{level}",
            ppr=(
                f'<w:keepNext/><w:spacing w:before="{before}" w:after="60"/>'
                f'<w:ind w:left="{start + hanging}" w:hanging="{hanging}"/>'
            ),
            rpr=f'{gothic}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>',
            next_style="BodyText",
            outline=level - 1,
        )
    for depth in range(1, 10):
        style, start, hanging = list_layout(depth)
        styles[style] = _paragraph_style(
            style,
            ppr=f'<w:spacing w:after="0"/><w:ind w:left="{start + hanging}" w:hanging="{hanging}"/>',
        )
    return styles


def _doc_defaults(options: DocxOptions) -> str:
    return (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'{_fonts(options.body_font)}<w:kern w:val="2"/>'
        f'<w:sz w:val="{BODY_HALF_POINTS}"/><w:szCs w:val="{BODY_HALF_POINTS}"/>'
        '<w:lang w:val="en-US" w:eastAsia="ja-JP" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )


def _styles_xml(options: DocxOptions) -> str:
    return (
        f'{XML_DECL}<w:styles xmlns:w="{NS_W}" xmlns:r="{REL}">{_doc_defaults(options)}'
        + "".join(_style_definitions(options).values())
        + "</w:styles>"
    )


def _sect_pr(landscape: bool, footer_rid: str | None) -> str:
    width, height = (A4_HEIGHT, A4_WIDTH) if landscape else (A4_WIDTH, A4_HEIGHT)
    orient = ' w:orient="landscape"' if landscape else ""
    top, side = (MARGIN_SIDE, MARGIN_TOP) if landscape else (MARGIN_TOP, MARGIN_SIDE)
    footer = f'<w:footerReference w:type="default" r:id="{footer_rid}"/>' if footer_rid else ""
    return (
        f'<w:sectPr>{footer}<w:pgSz w:w="{width}" w:h="{height}"{orient}/>'
        f'<w:pgMar w:top="{top}" w:right="{side}" w:bottom="{MARGIN_BOTTOM}" w:left="{side}"'
        ' w:header="851" w:footer="567" w:gutter="0"/><w:cols w:space="425"/>'
        '<w:docGrid w:type="lines" w:linePitch="360"/></w:sectPr>'
    )


_FOOTER_XML = (
    f'{XML_DECL}<w:ftr xmlns:w="{NS_W}" xmlns:r="{REL}"><w:p><w:pPr><w:pStyle w:val="Footer"/>'
    '<w:jc w:val="center"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>'
)


def _settings_xml() -> str:
    return (
        f'{XML_DECL}<w:settings xmlns:w="{NS_W}" xmlns:r="{REL}"><w:zoom w:percent="100"/>'
        '<w:defaultTabStop w:val="840"/><w:characterSpacingControl w:val="compressPunctuation"/>'
        # Without doNotExpandShiftReturn a justified line ending in a <br> is stretched letter by letter.
        '<w:compat><w:doNotExpandShiftReturn/><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/'
        'office/word" w:val="15"/></w:compat><w:themeFontLang w:val="en-US" w:eastAsia="ja-JP"/>'
        "</w:settings>"
    )


# Latin names of the usual Japanese fonts: applications without the Japanese name (LibreOffice on
# Linux, Word on a non-Japanese system) find their substitute through it.
_ALT_NAMES = {
    "ＭＳ 明朝": "MS Mincho",
    "ＭＳ ゴシック": "MS Gothic",
    "ＭＳ Ｐ明朝": "MS PMincho",
    "ＭＳ Ｐゴシック": "MS PGothic",
    "游明朝": "Yu Mincho",
    "游ゴシック": "Yu Gothic",
}


def _alt_name(name: str) -> str:
    alt = _ALT_NAMES.get(name)
    return f'<w:altName w:val="{alt}"/>' if alt else ""


def _font_table_xml(options: DocxOptions) -> str:
    # charset 80 (Shift_JIS) tells Word these are Japanese fonts, so it substitutes a Japanese face
    # where the named one is missing instead of a Latin one.
    fonts = "".join(
        f'<w:font w:name="{_attr(name)}">{_alt_name(name)}<w:charset w:val="80"/><w:family w:val="{family}"/>'
        '<w:pitch w:val="fixed"/></w:font>'
        for name, family in dict.fromkeys([(options.body_font, "roman"), (options.heading_font, "modern")])
    )
    return f'{XML_DECL}<w:fonts xmlns:w="{NS_W}" xmlns:r="{REL}">{fonts}</w:fonts>'


def _core_xml(options: DocxOptions, stamp: str) -> str:
    author = text_xml(options.author)
    return (
        f"{XML_DECL}<cp:coreProperties"
        ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{text_xml(options.title)}</dc:title><dc:creator>{author}</dc:creator>"
        f"<cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


_APP_XML = (
    f"{XML_DECL}<Properties"
    ' xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>ronten</Application></Properties>"
)

_ROOT_RELS = (
    f'{XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
    'metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/></Relationships>'
)


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` when set: reproducible builds date every document from it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(epoch) if epoch.isdigit() else None


_W3CDTF = "%Y-%m-%dT%H:%M:%SZ"


def document_date() -> str:
    """When a document is made, as Word writes dates (``2025-12-10T07:00:00Z``): SOURCE_DATE_EPOCH
    when set, else now."""
    return _moment().strftime(_W3CDTF)


def _moment() -> datetime:
    epoch = source_date_epoch()
    return datetime.fromtimestamp(int(time.time()) if epoch is None else epoch, UTC)


def _zip_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    # Zip times cannot precede 1980.
    zipped = max(moment, datetime(1980, 1, 1, tzinfo=UTC))
    return zipped.year, zipped.month, zipped.day, zipped.hour, zipped.minute, zipped.second


def _zip(parts: Iterable[tuple[str, str | bytes]], date_time: tuple[int, int, int, int, int, int]) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts:
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            data = content.encode("utf-8") if isinstance(content, str) else content
            # Level 1: document.xml is highly repetitive, so fast deflate loses little size.
            archive.writestr(info, data, compresslevel=1)
    return buffer.getvalue()


def _content_types(overrides: dict[str, str], defaults: dict[str, str]) -> str:
    return (
        f'{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        + "".join(f'<Default Extension="{ext}" ContentType="{ct}"/>' for ext, ct in sorted(defaults.items()))
        + "".join(f'<Override PartName="/{name}" ContentType="{ct}"/>' for name, ct in overrides.items())
        + "</Types>"
    )


def _relationships(rels: Sequence[tuple[str, str, str]]) -> str:
    return (
        f'{XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in rels)
        + "</Relationships>"
    )


_DOCUMENT_OPEN = (
    f'{XML_DECL}<w:document xmlns:w="{NS_W}" xmlns:r="{REL}"'
    ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>'
)


def package(body_xml: str, options: DocxOptions) -> bytes:
    """Wrap ``body_xml`` (paragraphs and tables) into a complete .docx.

    Adds the material number at the top right, the section properties (A4, margins, a footer with
    the page number), styles, settings and core properties, from the reference document when
    ``options.reference`` is set. The zip is deterministic: with SOURCE_DATE_EPOCH set, the same
    input gives the same bytes.
    """
    moment = _moment()
    if options.material:
        body_xml = paragraph_xml(run_xml(options.material), style="Material") + body_xml
    defaults = {
        "rels": "application/vnd.openxmlformats-package.relationships+xml",
        "xml": "application/xml",
    }
    overrides = {
        "word/document.xml": f"{CT_MAIN}.document.main+xml",
        "word/styles.xml": f"{CT_MAIN}.styles+xml",
        "word/settings.xml": f"{CT_MAIN}.settings+xml",
        "word/fontTable.xml": f"{CT_MAIN}.fontTable+xml",
        "docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    }
    rels = [
        ("rId1", f"{REL}/styles", "styles.xml"),
        ("rId2", f"{REL}/settings", "settings.xml"),
        ("rId3", f"{REL}/fontTable", "fontTable.xml"),
    ]
    extra: list[tuple[str, str | bytes]] = []
    if options.reference is None:
        styles = _styles_xml(options)
        rels.append(("rId4", f"{REL}/footer", "footer1.xml"))
        overrides["word/footer1.xml"] = f"{CT_MAIN}.footer+xml"
        extra.append(("word/footer1.xml", _FOOTER_XML))
        sect_pr = _sect_pr(options.landscape, "rId4")
    else:
        from .reference import adopt

        adopted = adopt(options.reference, _style_definitions(options), options.landscape)
        styles = adopted.styles
        body_xml = adopted.restyle(body_xml)
        rels.extend(adopted.relationships)
        overrides.update(adopted.overrides)
        defaults.update(adopted.defaults)
        extra.extend(adopted.parts)
        sect_pr = adopted.sect_pr or _sect_pr(options.landscape, None)
    document = f"{_DOCUMENT_OPEN}{body_xml}{sect_pr}</w:body></w:document>"
    parts: list[tuple[str, str | bytes]] = [
        ("[Content_Types].xml", _content_types(overrides, defaults)),
        ("_rels/.rels", _ROOT_RELS),
        ("docProps/core.xml", _core_xml(options, moment.strftime(_W3CDTF))),
        ("docProps/app.xml", _APP_XML),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", _relationships(rels)),
        ("word/styles.xml", styles),
        ("word/settings.xml", _settings_xml()),
        ("word/fontTable.xml", _font_table_xml(options)),
        *extra,
    ]
    return _zip(parts, _zip_time(moment))


# --- Markdown blocks to body XML -----------------------------------------------------------------


def _spans_xml(spans: Sequence[Span], *, bold: bool = False) -> str:
    return "".join(
        run_xml(
            span.text,
            bold=bold or span.bold,
            italic=span.italic,
            underline="single" if span.underline else None,
        )
        for span in spans
    )


_SPACES = " \t\u3000"


def _labelled(spans: Sequence[Span], fallback: str) -> tuple[str, tuple[Span, ...]]:
    """Split the literal label off the item's text; ``fallback`` is the label when there is none."""
    if not spans:
        return fallback, ()
    first = spans[0]
    text = first.text
    if text[:1] in ("・", "･"):
        # The commonest label, split without the full marker regex.
        label, rest = text[0], text[1:].lstrip(_SPACES)
    else:
        match = LINE.match(text)
        if not match or not match["label"] or match["hashes"] or match["list"] or match["indent"]:
            return fallback, tuple(spans)
        label, rest = match["label"], text[match.end("sep") :]
    tail = (Span(rest, first.bold, first.italic, first.underline),) if rest else ()
    return label, (*tail, *spans[1:])


_PLAIN = (False, False, False)
_ORDERED_KINDS = ("arabic", "paren_arabic", "katakana", "paren_katakana", "latin", "paren_latin")


def _labelled_paragraph(
    label: str, spans: Sequence[Span], style: str, start: int, hanging: int, size: int = BODY_HALF_POINTS
) -> str:
    """A paragraph that starts with ``label`` and a tab to the hanging indent."""
    indent = label_indent(label, start, hanging, size)
    if len(spans) == 1 and indent is None and spans[0][1:] == _PLAIN and "\n" not in spans[0].text:
        # A label and plain text, the commonest shape, written in one step.
        return (
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text_xml(label)}</w:t><w:tab/>'
            f"{_t(spans[0].text)}</w:r></w:p>"
        )
    if spans and not spans[0].underline:
        # The label shares the first run (and its bold or italic): one run fewer per paragraph.
        first = spans[0]
        head = run_xml(f"{label}\t{first.text}", bold=first.bold, italic=first.italic)
        return paragraph_xml(head + _spans_xml(spans[1:]), style=style, indent=indent)
    return paragraph_xml(run_xml(label + "\t") + _spans_xml(spans), style=style, indent=indent)


def blocks_xml(blocks: Iterable[Block]) -> str:
    """The body XML of Markdown ``blocks``: one paragraph style per heading level and list depth."""
    out: list[str] = []
    pending_break = False
    for block in blocks:
        if isinstance(block, PageBreak):
            pending_break = True
            continue
        if isinstance(block, Heading):
            if block.level == 1:
                xml = paragraph_xml(_spans_xml(block.spans), style="Heading1")
            else:
                start, hanging, size = HEADING_LAYOUT[block.level]
                label, spans = _labelled(block.spans, "")
                if label:
                    xml = _labelled_paragraph(label, spans, f"Heading{block.level}", start, hanging, size)
                else:
                    xml = paragraph_xml(_spans_xml(spans), style=f"Heading{block.level}", indent=(start, 0))
        elif isinstance(block, Item):
            spans = block.spans
            if len(spans) == 1 and spans[0].text[:1] == "・" and spans[0][1:] == _PLAIN and not pending_break:
                # A plain ・ item, by far the commonest paragraph: written without the general steps.
                text = spans[0].text[1:].lstrip(_SPACES)
                if "\n" not in text:
                    out.append(
                        f'<w:p><w:pPr><w:pStyle w:val="{list_layout(block.depth)[0]}"/></w:pPr>'
                        f"<w:r><w:t>・</w:t><w:tab/>{_t(text) if text else ''}</w:r></w:p>"
                    )
                    continue
            style, start, hanging = list_layout(block.depth)
            if block.number is None:
                fallback = "・"
            else:
                kind = _ORDERED_KINDS[(block.depth - 1) % len(_ORDERED_KINDS)]
                fallback = make_label(kind, block.number)  # type: ignore[arg-type]
            label, spans = _labelled(block.spans, fallback)
            xml = _labelled_paragraph(label, spans, style, start, hanging)
        elif isinstance(block, Paragraph):
            if block.depth:
                style, start, hanging = list_layout(block.depth)
                xml = paragraph_xml(_spans_xml(block.spans), style=style, indent=(start + hanging, 0))
            else:
                xml = paragraph_xml(_spans_xml(block.spans), style=block.style, align=block.align or None)
        elif isinstance(block, Code):
            xml = "".join(paragraph_xml(run_xml(line), style="SourceCode") for line in block.lines)
        elif isinstance(block, Rule):
            xml = (
                '<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/>'
                "</w:pBdr></w:pPr></w:p>"
            )
        else:
            assert isinstance(block, Table)
            xml = _table(block)
            if pending_break:
                out.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
                pending_break = False
        if pending_break:
            # The break becomes a property of the next paragraph, so no empty line opens the page.
            xml = _break_before(xml)
            pending_break = False
        out.append(xml)
    if pending_break:
        out.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
    return "".join(out)


_STYLE_PROPERTY = re.compile(r"<w:p><w:pPr>(?:<w:pStyle [^>]*/>)?(?:<w:keepNext/>)?")


def _break_before(xml: str) -> str:
    """``xml`` (a paragraph) starting a new page; Word requires pageBreakBefore after pStyle and keepNext."""
    found = _STYLE_PROPERTY.match(xml)
    if found:
        return f"{found[0]}<w:pageBreakBefore/>{xml[found.end() :]}"
    return xml.replace("<w:p>", "<w:p><w:pPr><w:pageBreakBefore/></w:pPr>", 1)


def _table(table: Table) -> str:
    rows = [table.header, *table.rows]
    columns = max(len(row) for row in rows)
    # Columns share the width by their longest cell (in characters), within sensible bounds.
    lengths = [[label_width("".join(s.text for s in cell)) / EM for cell in row] for row in rows]
    widths = [max(4.0, *(min(40.0, row[c]) for row in lengths if c < len(row))) for c in range(columns)]
    cells = [
        [
            paragraph_xml(
                _spans_xml(cell, bold=index == 0),
                style="TableText",
                align=(table.aligns[column] if column < len(table.aligns) else "") or None,
            )
            for column, cell in enumerate(row)
        ]
        for index, row in enumerate(rows)
    ]
    return table_xml(cells, widths=widths)


def markdown_to_docx(markdown: str, options: DocxOptions) -> DocxResult:
    """Turn Markdown (as ronten's templates write it) into .docx bytes.

    Headings, paragraphs, nested lists, pipe tables, emphasis, ``<u>``, hard breaks and page
    breaks become Word structures; anything else is kept as text. XML-illegal characters are
    dropped with a warning.
    """
    text, warnings = strip_illegal(markdown)
    body = blocks_xml(parse_blocks(text))
    return DocxResult(package(body, options), warnings)


def default_reference_docx() -> bytes:
    """A reference .docx showing every style ronten uses, for ``ronten templates export``.

    Restyle it in Word (fonts, sizes, indents, header and footer) and pass it back with
    ``--reference-doc``.
    """
    sample = "\n".join(
        [
            "# 表題（Heading 1）",
            "",
            "本文（Body Text）。段落の文字組みを確かめるための文章です。",
            "",
            "## 論点1 見出し2（Heading 2）",
            "",
            "### (1) 見出し3（Heading 3）",
            "",
            "#### ア 見出し4（Heading 4）",
            "",
            "##### (ア) 見出し5（Heading 5）",
            "",
            "###### a 見出し6（Heading 6）",
            "",
            "- ・箇条 1（List Item 1）",
            "    - ・箇条 2（List Item 2）",
            "        - ・箇条 3（List Item 3）",
            "",
            "> 引用（Block Text）",
            "",
            "| 表（Table Text） | 列 |",
            "|---|---|",
            "| セル | セル |",
        ]
    )
    body = blocks_xml(parse_blocks(sample))
    return package(body, DocxOptions(title="ronten reference", material="資料（Material）"))
