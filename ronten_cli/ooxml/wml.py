"""WordprocessingML as text: namespaces, escaping, the schema's child order, and the builders.

Every Word writer of ronten (``ronten render``, the 新旧対照表, tracked changes, meeting documents)
builds its XML from these functions, so text is escaped and split into ``w:t``/``w:tab``/``w:br``
by one function, and each property element is placed by one declaration of the schema's order
(``SEQUENCES``, as python-docx's ``_tag_seq`` declares it). Word refuses a file whose children are
out of that order; LibreOffice forgives it, which is how such files go unnoticed.

The builders join strings rather than build an element tree: a 13k-line outline is tens of thousands
of paragraphs, and strings are several times faster than lxml elements there (DESIGN.md,
performance notes). ``insert_child`` applies the same order to lxml elements read from a user's file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..i18n import _

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

# ISO/IEC 29500 Strict names the same vocabularies with other URIs. ronten writes Transitional
# only, so a Strict part is read through this map.
_STRICT = "http://purl.oclc.org/ooxml/"
_TRANSITIONAL = "http://schemas.openxmlformats.org/"
STRICT_NAMESPACES: dict[str, str] = {
    f"{_STRICT}wordprocessingml/main": W,
    f"{_STRICT}officeDocument/relationships": R,
    f"{_STRICT}drawingml/main": DRAWING,
    **{
        f"{_STRICT}drawingml/{name}": f"{_TRANSITIONAL}drawingml/2006/{name}"
        for name in ("wordprocessingDrawing", "picture", "chart", "chartDrawing", "diagram", "lockedCanvas")
    },
    **{
        f"{_STRICT}officeDocument/{name}": f"{_TRANSITIONAL}officeDocument/2006/{name}"
        for name in ("math", "sharedTypes", "bibliography", "docPropsVTypes")
    },
    f"{_STRICT}officeDocument/extendedProperties": f"{_TRANSITIONAL}officeDocument/2006/extended-properties",
    f"{_STRICT}officeDocument/customProperties": f"{_TRANSITIONAL}officeDocument/2006/custom-properties",
    f"{_STRICT}schemaLibrary/main": f"{_TRANSITIONAL}schemaLibrary/2006/main",
}


# --- the schema's order of children (ECMA-376 part 1, 17.3-17.7; 5th edition) ------------------------
def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_RPR_BASE = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
    "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
    "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
)
_PPR_BASE = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
    "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
    "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle"
)
SEQUENCES: dict[str, tuple[str, ...]] = {
    "rPr": _names(f"{_RPR_BASE} rPrChange"),
    "pPr": _names(f"{_PPR_BASE} rPr sectPr pPrChange"),
    "stylePPr": _names(_PPR_BASE),
    "styleRPr": _names(_RPR_BASE),
    "pBdr": _names("top left bottom right between bar"),
    "tblPr": _names(
        "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
        "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription "
        "tblPrChange"
    ),
    "tblBorders": _names("top start left bottom end right insideH insideV"),
    "tblCellMar": _names("top start left bottom end right"),
    "trPr": _names(
        "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader tblCellSpacing jc "
        "hidden ins del trPrChange"
    ),
    "tcPr": _names(
        "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign "
        "hideMark"
    ),
    "tcBorders": _names("top start left bottom end right insideH insideV tl2br tr2bl"),
    "sectPr": _names(
        "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType "
        "pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid "
        "printerSettings sectPrChange"
    ),
    "style": _names(
        "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat "
        "locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr"
    ),
    "styles": _names("docDefaults latentStyles style"),
    "docDefaults": _names("rPrDefault pPrDefault"),
    "font": _names("altName panose1 charset family notTrueType pitch sig"),
    "settings": _names(
        "writeProtection view zoom removePersonalInformation removeDateAndTime doNotDisplayPageBoundaries "
        "displayBackgroundShape printPostScriptOverText printFractionalCharacterWidth printFormsData "
        "embedTrueTypeFonts embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins "
        "alignBordersAndEdges bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop "
        "hideSpellingErrors hideGrammaticalErrors activeWritingStyle proofState formsDesign attachedTemplate "
        "linkStyles stylePaneFormatFilter stylePaneSortMethod documentType mailMerge revisionView "
        "trackRevisions doNotTrackMoves doNotTrackFormatting documentProtection autoFormatOverride "
        "styleLockTheme styleLockQFSet defaultTabStop autoHyphenation consecutiveHyphenLimit hyphenationZone "
        "doNotHyphenateCaps showEnvelope summaryLength clickAndTypeStyle defaultTableStyle evenAndOddHeaders "
        "bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets drawingGridHorizontalSpacing "
        "drawingGridVerticalSpacing displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery "
        "doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin drawingGridVerticalOrigin "
        "doNotShadeFormData noPunctuationKerning characterSpacingControl printTwoOnOne "
        "strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore savePreviewPicture "
        "doNotValidateAgainstSchema saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText "
        "doNotDemarcateInvalidXml saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags "
        "alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr compat docVars rsids "
        "mathPr attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats "
        "doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType schemaLibrary "
        "shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator"
    ),
}
_RANK = {tag: {name: rank for rank, name in enumerate(names)} for tag, names in SEQUENCES.items()}


def ordered(sequence: str, children: Mapping[str, str]) -> str:
    """``children`` (child name to its XML) joined in the order of ``sequence`` (a key of
    ``SEQUENCES``). A name the order does not know is a bug, and raises ``KeyError``."""
    if len(children) < 2:
        return "".join(children.values())
    rank = _RANK[sequence]
    return "".join(children[name] for name in sorted(children, key=rank.__getitem__))


def element(
    tag: str, children: Mapping[str, str], *, sequence: str | None = None, attributes: str = ""
) -> str:
    """``<w:tag attributes>`` around ``children`` in the schema's order; "" when there are none.

    ``sequence`` names the order when it is not the tag's own (``stylePPr`` for a style's ``w:pPr``).
    """
    if not children:
        return ""
    return f"<w:{tag}{attributes}>{ordered(sequence or tag, children)}</w:{tag}>"


def insert_child(parent: Any, child: Any, sequence: str | None = None) -> None:
    """Insert the lxml element ``child`` into ``parent`` where the schema's order puts it.

    ``sequence`` is as in ``element``. Siblings the order does not know (another vocabulary's
    extensions) are stepped over: the child goes after the last sibling that must precede it.
    """
    rank = _RANK[sequence or _local(parent.tag)]
    mine = rank[_local(child.tag)]
    position = 0
    for index, sibling in enumerate(parent):
        if (
            isinstance(sibling.tag, str)
            and sibling.tag.startswith(f"{{{W}}}")
            and rank.get(_local(sibling.tag), -1) <= mine
        ):
            position = index + 1
    parent.insert(position, child)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


# --- text ------------------------------------------------------------------------------------------
# Characters XML 1.0 forbids (JAPANESE.md section 4): C0 controls except tab/newline/CR, lone
# surrogates, U+FFFE and U+FFFF.
# (Listed with the surrogates last: re compiles and searches that order several times faster.)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Anything the one-piece path of ``run_content`` cannot write as it is.
_UNUSUAL = re.compile("[\x00-\x1f\ufffe\uffff\ud800-\udfff]")
_PIECES = re.compile(r"(\r\n|[\t\n\r])")


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
    return kept, _("{place}: dropped a character Word cannot store ({codes}) in 「{text}」").format(
        place=where, codes=codes, text=shown
    )


def strip_illegal(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` without XML-illegal characters, and one warning (``line N: …``) per line that had any."""
    if not _ILLEGAL.search(text):
        return text, ()
    lines = (
        xml_storable(line, _("line {number}").format(number=number))[1]
        for number, line in enumerate(text.split("\n"), 1)
    )
    return _ILLEGAL.sub("", text), tuple(warning for warning in lines if warning)


def escape(text: str) -> str:
    """``text`` escaped for XML element content, with XML-illegal characters removed."""
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(value: str) -> str:
    """``value`` escaped for a double-quoted XML attribute (a tab or newline kept as written)."""
    return (
        escape(value)
        .replace('"', "&quot;")
        .replace("\t", "&#9;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
    )


def _t(text: str, tag: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if text[:1].isspace() or text[-1:].isspace():
        return f'<{tag} xml:space="preserve">{escaped}</{tag}>'
    return f"<{tag}>{escaped}</{tag}>"


def run_content(text: str, *, deleted: bool = False) -> str:
    """The inside of a ``w:r`` holding ``text``: a tab becomes ``w:tab``, a line break (``\\n``,
    ``\\r\\n`` or ``\\r``) ``w:br``, XML-illegal characters are dropped, and the rest is ``w:t``
    (``w:delText`` when ``deleted``), with its leading or trailing spaces preserved.

    The one conversion every path uses, the fast paths of the writers included.
    """
    tag = "w:delText" if deleted else "w:t"
    if _UNUSUAL.search(text) is None:
        return _t(text, tag) if text else ""
    parts = []
    for piece in _PIECES.split(_ILLEGAL.sub("", text)):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\n", "\r\n", "\r"):
            parts.append("<w:br/>")
        elif piece:
            parts.append(_t(piece, tag))
    return "".join(parts)


# --- runs, paragraphs, tables --------------------------------------------------------------------
def run(
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: str | None = None,
    deleted: bool = False,
) -> str:
    """One ``w:r`` (``""`` for empty text); ``underline`` is a Word underline value (``single``,
    ``double``); ``deleted`` text is ``w:delText``, for a ``w:del`` revision."""
    content = run_content(text, deleted=deleted)
    if not content:
        return ""
    if not (bold or italic or underline):
        return f"<w:r>{content}</w:r>"
    props = ""
    if bold:
        props += "<w:b/><w:bCs/>"
    if italic:
        props += "<w:i/><w:iCs/>"
    if underline:
        props += f'<w:u w:val="{underline}"/>'
    return f"<w:r><w:rPr>{props}</w:rPr>{content}</w:r>"


def paragraph(
    content: str,
    *,
    style: str | None = None,
    align: str | None = None,
    indent: tuple[int, int] | None = None,
    page_break_before: bool = False,
    mark: str = "",
    border_bottom: bool = False,
    outline_level: int | None = None,
) -> str:
    """One ``w:p`` around ``content`` (runs).

    ``style`` is a style id; ``align`` a justification (``left``, ``center``, ``right``, ``both``);
    ``indent`` a direct ``(left, hanging)`` in twips; ``mark`` the paragraph mark's revision
    (``revision_mark``); ``border_bottom`` draws a rule under the paragraph; ``outline_level``
    (0-8) overrides the style's.
    """
    if not (align or page_break_before or mark or border_bottom or outline_level is not None):
        # The commonest shapes, a style with or without an indent, written in one step.
        if indent is not None and style:
            left, hanging = indent
            ind = f'w:hanging="{hanging}"' if hanging else 'w:firstLine="0"'
            head = f'<w:pStyle w:val="{style}"/><w:ind w:left="{left}" {ind}/>'
            return f"<w:p><w:pPr>{head}</w:pPr>{content}</w:p>"
        if indent is None:
            if style:
                return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{content}</w:p>'
            return f"<w:p>{content}</w:p>"
    props: dict[str, str] = {}
    if style:
        props["pStyle"] = f'<w:pStyle w:val="{style}"/>'
    if page_break_before:
        props["pageBreakBefore"] = "<w:pageBreakBefore/>"
    if border_bottom:
        props["pBdr"] = element("pBdr", {"bottom": border("bottom", size=6, space=1)})
    if indent is not None:
        left, hanging = indent
        props["ind"] = (
            f'<w:ind w:left="{left}" w:hanging="{hanging}"/>'
            if hanging
            else f'<w:ind w:left="{left}" w:firstLine="0"/>'
        )
    if align:
        props["jc"] = f'<w:jc w:val="{align}"/>'
    if outline_level is not None:
        props["outlineLvl"] = f'<w:outlineLvl w:val="{outline_level}"/>'
    if mark:
        props["rPr"] = f"<w:rPr>{mark}</w:rPr>"
    return f"<w:p>{element('pPr', props)}{content}</w:p>"


def page_break() -> str:
    """A paragraph holding only a page break (before a table, which cannot carry the property)."""
    return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def page_start() -> str:
    """An empty paragraph next to nothing tall that starts a new page: what stands between two
    tables (Word joins tables that touch) when the second must open the next page."""
    return (
        '<w:p><w:pPr><w:pageBreakBefore/><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0"'
        ' w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>'
    )


def border(side: str, value: str = "single", *, size: int = 4, space: int = 0) -> str:
    """One border edge (``w:top`` …); ``value`` ``nil`` removes the edge."""
    if value == "nil":
        return f'<w:{side} w:val="nil"/>'
    return f'<w:{side} w:val="{value}" w:sz="{size}" w:space="{space}" w:color="auto"/>'


def cell(
    content: str, width: int, *, fill: str | None = None, borders: Mapping[str, str] | None = None
) -> str:
    """One ``w:tc`` of ``width`` twips; ``content`` must hold at least one paragraph.

    ``fill`` is a shading colour (``D9D9D9``); ``borders`` maps edges to border values.
    """
    props = {"tcW": f'<w:tcW w:w="{width}" w:type="dxa"/>'}
    if borders:
        props["tcBorders"] = element(
            "tcBorders", {side: border(side, value) for side, value in borders.items()}
        )
    if fill:
        props["shd"] = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
    return f"<w:tc>{element('tcPr', props)}{content}</w:tc>"


def row(cells: Iterable[str], *, header: bool = False, cant_split: bool = False, mark: str = "") -> str:
    """One ``w:tr``; a ``header`` row repeats on every page and, like a ``cant_split`` row, never
    splits across pages; ``mark`` is the row's revision (``revision_mark``): a row inserted or
    deleted as a whole."""
    props = {}
    if header or cant_split:
        props["cantSplit"] = "<w:cantSplit/>"
    if header:
        props["tblHeader"] = "<w:tblHeader/>"
    if mark:
        props["ins" if mark.startswith("<w:ins") else "del"] = mark
    return f"<w:tr>{element('trPr', props)}{''.join(cells)}</w:tr>"


def table(
    rows: Iterable[str],
    grid: Sequence[int],
    *,
    style: str | None = None,
    borders: Mapping[str, str] | None = None,
    first_row: bool = False,
    indent: int = 0,
) -> str:
    """A ``w:tbl`` of fixed column widths ``grid`` (twips); ``borders`` maps edges to border values
    over the style's; ``first_row`` tells Word the first row is a header for the style's look;
    ``indent`` moves the table right of the margin (twips)."""
    props = {
        "tblW": f'<w:tblW w:w="{sum(grid)}" w:type="dxa"/>',
        "tblLayout": '<w:tblLayout w:type="fixed"/>',
    }
    if indent:
        props["tblInd"] = f'<w:tblInd w:w="{indent}" w:type="dxa"/>'

    if style:
        props["tblStyle"] = f'<w:tblStyle w:val="{style}"/>'
    if borders:
        props["tblBorders"] = element(
            "tblBorders", {side: border(side, value) for side, value in borders.items()}
        )
    if first_row:
        props["tblLook"] = (
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
            ' w:noHBand="0" w:noVBand="1"/>'
        )
    columns = "".join(f'<w:gridCol w:w="{width}"/>' for width in grid)
    return f"<w:tbl>{element('tblPr', props)}<w:tblGrid>{columns}</w:tblGrid>{''.join(rows)}</w:tbl>"


# --- revisions and fields ------------------------------------------------------------------------
def revision(kind: str, number: int, author: str, date: str, runs: str) -> str:
    """``runs`` inserted (``kind`` ``ins``) or deleted (``del``; runs made with ``deleted=True``)."""
    return f'<w:{kind} w:id="{number}" w:author="{attr(author)}" w:date="{date}">{runs}</w:{kind}>'


def revision_mark(kind: str, number: int, author: str, date: str) -> str:
    """A paragraph mark inserted or deleted with its paragraph, for ``paragraph(mark=…)``."""
    return f'<w:{kind} w:id="{number}" w:author="{attr(author)}" w:date="{date}"/>'


def field_runs(instruction: str, shown: str) -> str:
    """The runs of a simple field (`` PAGE ``) showing ``shown`` until it is updated."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{escape(instruction)}</w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{run(shown)}'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


# --- sections, styles, parts ---------------------------------------------------------------------
class Page(NamedTuple):
    """A page set-up, in twips: size, margins (top, right, bottom, left), header and footer distance."""

    width: int
    height: int
    margins: tuple[int, int, int, int]
    header: int = 851
    footer: int = 567

    def landscape(self) -> Page:
        """The page turned, long side across: the side margins become top and sides, and the
        bottom margin, where the footer sits, stays."""
        top, _, bottom, side = self.margins
        return Page(self.height, self.width, (side, top, bottom, top), self.header, self.footer)


def section(page: Page, references: Sequence[tuple[str, str, str]] = (), *, title_page: bool = False) -> str:
    """A ``w:sectPr`` for ``page``; ``references`` are (``header``/``footer``, type, relationship id);
    ``title_page`` gives the first page the ``first`` header and footer."""
    refs = "".join(f'<w:{kind}Reference w:type="{which}" r:id="{rid}"/>' for kind, which, rid in references)
    orient = ' w:orient="landscape"' if page.width > page.height else ""
    top, right, bottom, left = page.margins
    return (
        f'<w:sectPr>{refs}<w:pgSz w:w="{page.width}" w:h="{page.height}"{orient}/>'
        f'<w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}"'
        f' w:header="{page.header}" w:footer="{page.footer}" w:gutter="0"/><w:cols w:space="425"/>'
        f'{"<w:titlePg/>" if title_page else ""}<w:docGrid w:type="lines" w:linePitch="360"/></w:sectPr>'
    )


def fonts(font: str) -> str:
    """``w:rFonts`` naming ``font`` for every script."""
    font = attr(font)
    return f'<w:rFonts w:ascii="{font}" w:eastAsia="{font}" w:hAnsi="{font}" w:cs="{font}"/>'


@dataclass(frozen=True)
class Style:
    """One ``w:style``: its id, the name Word shows and matches by, and its properties by child name.

    ``based_on`` and ``next`` are style ids; ``xml`` writes them through a map of ids, so a style
    added to a reference document points at the reference's own ids.
    """

    id: str
    name: str
    kind: str = "paragraph"
    based_on: str | None = "Normal"
    next: str | None = None
    default: bool = False
    custom: bool = True
    ui_priority: int | None = None
    ppr: Mapping[str, str] = field(default_factory=dict)
    rpr: Mapping[str, str] = field(default_factory=dict)
    tblpr: Mapping[str, str] = field(default_factory=dict)

    def xml(self, ids: Mapping[str, str] | None = None, style_id: str | None = None) -> str:
        """The ``w:style`` element; ``ids`` renames the styles it refers to, ``style_id`` its own."""
        ids = ids or {}
        children = {"name": f'<w:name w:val="{attr(self.name)}"/>'}
        if self.based_on:
            children["basedOn"] = f'<w:basedOn w:val="{attr(ids.get(self.based_on, self.based_on))}"/>'
        if self.next:
            children["next"] = f'<w:next w:val="{attr(ids.get(self.next, self.next))}"/>'
        if self.ui_priority is not None:
            children["uiPriority"] = f'<w:uiPriority w:val="{self.ui_priority}"/>'
        if self.kind == "paragraph":
            children["qFormat"] = "<w:qFormat/>"
        for tag, sequence, props in (
            ("pPr", "stylePPr", self.ppr),
            ("rPr", "styleRPr", self.rpr),
            ("tblPr", "tblPr", self.tblpr),
        ):
            if props:
                children[tag] = element(tag, props, sequence=sequence)
        default = ' w:default="1"' if self.default else ""
        custom = ' w:customStyle="1"' if self.custom else ""
        return (
            f'<w:style w:type="{self.kind}"{default}{custom} w:styleId="{attr(style_id or self.id)}">'
            f"{ordered('style', children)}</w:style>"
        )


XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_ROOT_NAMESPACES = f'xmlns:w="{W}" xmlns:r="{R}"'


def part(root: str, content: str) -> str:
    """A whole WordprocessingML part: the declaration and ``<w:root>`` around ``content``."""
    return f"{XML_DECLARATION}<w:{root} {_ROOT_NAMESPACES}>{content}</w:{root}>"


def document(body: str, section_xml: str) -> str:
    """``word/document.xml`` around ``body`` (paragraphs and tables) and the last section's properties."""
    return part("document", f"<w:body>{body}{section_xml}</w:body>")
