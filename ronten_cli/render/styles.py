"""ronten's house style for Word: A4 page, Japanese fonts, one paragraph style per kind of marker.

Labels (論点1, (1), ア, ・) are literal text followed by a tab to the paragraph's hanging indent, so
no paragraph carries Word auto-numbering. Styles give fonts, sizes and spacing; where a line sits
across the page depends on its label and its parent, and is ``render.layout``'s to say. The render
writer and the diff writers share this module, so a 新旧対照表 or a tracked-changes document looks
like the memo it compares.
"""

from __future__ import annotations

from ..ooxml import wml

BODY_FONT = "ＭＳ 明朝"
HEADING_FONT = "ＭＳ ゴシック"

# --- page geometry (twips: 1/20 pt; 1 mm = 56.7 twips) ---------------------------------------------
A4_WIDTH, A4_HEIGHT = 11906, 16838
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_SIDE = 1701, 1417, 1701  # 30 mm, 25 mm, 30 mm: 40 characters a line
A4 = wml.Page(A4_WIDTH, A4_HEIGHT, (MARGIN_TOP, MARGIN_SIDE, MARGIN_BOTTOM, MARGIN_SIDE))
# ronten's theme part; a reference document's parts are copied under other names.
THEME_PART = "word/theme/theme1.xml"
BODY_HALF_POINTS = 21  # 10.5 pt
EM = BODY_HALF_POINTS * 10  # one full-width character of body text, in twips
MATERIAL_HALF_POINTS = 24  # 資料1 at the top right, 12 pt
NOTE_HALF_POINTS = 18  # ※ notes (注記), 9 pt: smaller than the text they annotate

# Font size of each heading level, in half-points: the top level (論点, 第1) a little larger.
HEADING_SIZES: dict[int, int] = {1: 28, 2: 22, 3: 21, 4: 21, 5: 21, 6: 21}

# One paragraph style per kind of marker, so an office restyles every (1) of every memo at once,
# whatever level it has in one memo: (style id, the name Word shows, the heading style it is based
# on, its outline level in the full hierarchy 第1 … (a)). The outline level is written on the
# paragraph as well when a memo uses the kind higher up (a memo starting at 1 has 1 at the top).
KIND_STYLES: dict[str, tuple[str, str, int, int]] = {
    "ronten": ("RontenDai", "ronten 論点・第N", 2, 1),
    "dai": ("RontenDai", "ronten 論点・第N", 2, 1),
    "arabic": ("RontenNumber", "ronten N", 3, 2),
    "paren_arabic": ("RontenParenNumber", "ronten (N)", 4, 3),
    "katakana": ("RontenKana", "ronten ア", 5, 4),
    "paren_katakana": ("RontenParenKana", "ronten (ア)", 6, 5),
    "latin": ("RontenLatin", "ronten a", 6, 6),
    "paren_latin": ("RontenParenLatin", "ronten (a)", 6, 7),
    "circled": ("RontenCircled", "ronten ①", 6, 8),
}
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
    "TableHeading": "Table Heading",
    # ※ notes: 注記 under a heading or at the margin, 注記 N continuing a list item at depth N
    # (the depth a Word reader needs to give the note back to its item), all based on 注記.
    "Note": "注記",
    **{f"Note{d}": f"注記 {d}" for d in range(1, 10)},
    "Material": "Material",
    **{style_id: name for style_id, name, _, _ in KIND_STYLES.values()},
    "Header": "header",
    "Footer": "footer",
    "TableGrid": "Table Grid",
}
# Styles every Word knows by these names; the others are ronten's own (customStyle).
_BUILTIN = {"Normal", "BodyText", "BlockText", "Header", "Footer", "TableGrid"} | {
    f"Heading{n}" for n in range(1, 7)
}
# Styles that must carry no Word numbering: ronten writes their labels as text (numbering would
# print a label twice), and the title has none.
UNNUMBERED = (
    {f"Heading{n}" for n in range(1, 7)}
    | {f"ListItem{d}" for d in range(1, 10)}
    | {style_id for style_id, _, _, _ in KIND_STYLES.values()}
)

# Styles that set text larger than the body, or in the heading font: never smaller than the body.
HEADINGS = (
    *(f"Heading{n}" for n in range(1, 7)),
    *dict.fromkeys(style_id for style_id, _, _, _ in KIND_STYLES.values()),
    "Material",
)
LIST_DEPTHS = 9


def house_sizes() -> dict[str, int]:
    """The font size of each of ronten's styles in half-points, as its definition makes it."""
    sizes = dict.fromkeys(STYLE_NAMES, BODY_HALF_POINTS)
    sizes.update({f"Heading{level}": size for level, size in HEADING_SIZES.items()})
    sizes.update({style_id: HEADING_SIZES[level] for style_id, _, level, _ in KIND_STYLES.values()})
    sizes["Material"] = MATERIAL_HALF_POINTS
    sizes.update({note_style(depth): NOTE_HALF_POINTS for depth in range(LIST_DEPTHS + 1)})
    return sizes


def list_style(depth: int) -> str:
    """The style id of a list item at nesting ``depth`` (1-based; deeper than 9 is styled as 9)."""
    return f"ListItem{min(depth, LIST_DEPTHS)}"


def note_style(depth: int) -> str:
    """The style id of a ※ note continuing a list item at nesting ``depth`` (0: under a heading or
    at the margin; deeper than 9 is styled as 9)."""
    return f"Note{min(depth, LIST_DEPTHS)}" if depth else "Note"


# --- styles --------------------------------------------------------------------------------------
def _size(half_points: int) -> dict[str, str]:
    return {"sz": f'<w:sz w:val="{half_points}"/>', "szCs": f'<w:szCs w:val="{half_points}"/>'}


def _paragraph(
    style_id: str, ppr: dict[str, str], rpr: dict[str, str] | None = None, **options: object
) -> wml.Style:
    return wml.Style(
        style_id,
        STYLE_NAMES[style_id],
        custom=style_id not in _BUILTIN,
        ppr=ppr,
        rpr=rpr or {},
        **options,  # type: ignore[arg-type]
    )


def _spacing(before: int | None = None, after: int | None = None) -> dict[str, str]:
    values = "".join(
        f' w:{name}="{value}"' for name, value in (("before", before), ("after", after)) if value is not None
    )
    return {"spacing": f"<w:spacing{values}/>"}


def _jc(value: str) -> dict[str, str]:
    return {"jc": f'<w:jc w:val="{value}"/>'}


_KEEP_NEXT = {"keepNext": "<w:keepNext/>"}


def _outline(level: int) -> dict[str, str]:
    return {"outlineLvl": f'<w:outlineLvl w:val="{level}"/>'}


def style_definitions(heading_font: str = HEADING_FONT) -> dict[str, wml.Style]:
    """Every style this writer uses, by id (all but ``Normal`` based on ``Normal``); the body
    font is the document default (``doc_defaults``), headings are set in ``heading_font``."""
    gothic = {"rFonts": wml.fonts(heading_font)}
    styles = {
        "Normal": wml.Style(
            "Normal",
            "Normal",
            based_on=None,
            default=True,
            custom=False,
            ppr={"widowControl": '<w:widowControl w:val="0"/>', **_jc("both")},
        ),
        "BodyText": _paragraph("BodyText", _spacing(after=60)),
        "Heading1": _paragraph(
            "Heading1",
            {**_KEEP_NEXT, **_spacing(120, 360), **_jc("center"), **_outline(0)},
            {**gothic, **_size(HEADING_SIZES[1])},
            next="BodyText",
        ),
        "BlockText": _paragraph(
            "BlockText", {**_spacing(after=60), "ind": f'<w:ind w:left="{2 * EM}" w:right="{EM}"/>'}
        ),
        "SourceCode": _paragraph("SourceCode", {**_spacing(after=0), **_jc("left")}, gothic),
        "TableText": _paragraph("TableText", _jc("left")),
        # The header row is bold through its style, not its runs: bold a writer put in a header
        # cell then stays the writer's emphasis, which the Word reader gives back as **…**.
        "TableHeading": _paragraph(
            "TableHeading", {}, {"b": "<w:b/>", "bCs": "<w:bCs/>"}, based_on="TableText"
        ),
        "Note": _paragraph("Note", _spacing(after=0), _size(NOTE_HALF_POINTS)),
        "Material": _paragraph(
            "Material", {**_spacing(after=120), **_jc("right")}, {**gothic, **_size(MATERIAL_HALF_POINTS)}
        ),
        "Header": _paragraph("Header", _jc("right")),
        "Footer": _paragraph("Footer", _jc("center")),
        "TableGrid": wml.Style(
            "TableGrid",
            "Table Grid",
            kind="table",
            based_on=None,
            custom=False,
            ui_priority=59,
            ppr=_jc("left"),
            tblpr={
                "tblBorders": wml.element(
                    "tblBorders",
                    {
                        side: wml.border(side)
                        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
                    },
                ),
                "tblCellMar": wml.element(
                    "tblCellMar",
                    {side: f'<w:{side} w:w="85" w:type="dxa"/>' for side in ("left", "right")},
                ),
            },
        ),
    }
    for level in range(2, 7):
        styles[f"Heading{level}"] = _paragraph(
            f"Heading{level}",
            {**_KEEP_NEXT, **_spacing(240 if level == 2 else 120, 60), **_outline(level - 1)},
            {**gothic, **_size(HEADING_SIZES[level])},
            next="BodyText",
        )
    # Indents are the paragraphs' own (render.layout): they depend on the label and the parent.
    for style_id, _, level, outline in KIND_STYLES.values():
        styles[style_id] = _paragraph(
            style_id, _outline(outline), based_on=f"Heading{level}", next="BodyText"
        )
    for depth in range(1, LIST_DEPTHS + 1):
        styles[list_style(depth)] = _paragraph(list_style(depth), _spacing(after=0))
        # No properties of its own: an office restyles every note by restyling 注記.
        styles[note_style(depth)] = _paragraph(note_style(depth), {}, based_on="Note")
    return styles


def doc_defaults(body_font: str) -> str:
    """``w:docDefaults``: the body font for every script, 10.5 pt, East Asian text in Japanese."""
    rpr = {
        "rFonts": wml.fonts(body_font),
        "kern": '<w:kern w:val="2"/>',
        **_size(BODY_HALF_POINTS),
        "lang": '<w:lang w:val="en-US" w:eastAsia="ja-JP" w:bidi="ar-SA"/>',
    }
    ppr = '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
    return (
        f"<w:docDefaults><w:rPrDefault>{wml.element('rPr', rpr)}</w:rPrDefault>"
        f"<w:pPrDefault><w:pPr>{ppr}</w:pPr></w:pPrDefault></w:docDefaults>"
    )


def styles_part(body_font: str, heading_font: str) -> str:
    """``word/styles.xml`` of a document without a reference."""
    definitions = style_definitions(heading_font)
    return wml.part(
        "styles", doc_defaults(body_font) + "".join(style.xml() for style in definitions.values())
    )


def settings_part(even_and_odd_headers: bool = False) -> str:
    """``word/settings.xml``; ``even_and_odd_headers`` when a reference has even-page headers."""
    children = {
        "zoom": '<w:zoom w:percent="100"/>',
        "defaultTabStop": '<w:defaultTabStop w:val="840"/>',
        "characterSpacingControl": '<w:characterSpacingControl w:val="compressPunctuation"/>',
        # Without doNotExpandShiftReturn a justified line ending in a <br> is stretched letter by letter.
        "compat": (
            '<w:compat><w:doNotExpandShiftReturn/><w:compatSetting w:name="compatibilityMode"'
            ' w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        ),
        "themeFontLang": '<w:themeFontLang w:val="en-US" w:eastAsia="ja-JP"/>',
    }
    if even_and_odd_headers:
        children["evenAndOddHeaders"] = "<w:evenAndOddHeaders/>"
    return wml.part("settings", wml.ordered("settings", children))


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


def font_table_part(body_font: str, heading_font: str) -> str:
    """``word/fontTable.xml`` naming the two fonts as Japanese ones."""
    fonts = []
    for name, family in dict.fromkeys([(body_font, "roman"), (heading_font, "modern")]):
        # charset 80 (Shift_JIS) tells Word these are Japanese fonts, so it substitutes a Japanese
        # face where the named one is missing instead of a Latin one.
        children = {
            "charset": '<w:charset w:val="80"/>',
            "family": f'<w:family w:val="{family}"/>',
            "pitch": '<w:pitch w:val="fixed"/>',
        }
        if name in _ALT_NAMES:
            children["altName"] = f'<w:altName w:val="{_ALT_NAMES[name]}"/>'
        fonts.append(wml.element("font", children, attributes=f' w:name="{wml.attr(name)}"'))
    return wml.part("fonts", "".join(fonts))


def footer_part(style: str = "Footer") -> str:
    """``word/footer1.xml``: the page number, centred."""
    return wml.part("ftr", wml.paragraph(wml.field_runs(" PAGE ", "1"), style=style, align="center"))
