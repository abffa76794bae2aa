"""ronten's house style for Word: A4 page, Japanese fonts, one paragraph style per outline level.

Labels (論点1, (1), ア, ・) are literal text followed by a tab to the style's hanging indent, so no
paragraph carries Word auto-numbering; ``label_indent`` widens a paragraph whose label is too wide
for its style. The render writer and the diff writers share this module, so a 新旧対照表 or a
tracked-changes document looks like the memo it compares.
"""

from __future__ import annotations

import functools
import unicodedata

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
# Styles every Word knows by these names; the others are ronten's own (customStyle).
_BUILTIN = {"Normal", "BodyText", "BlockText", "Header", "Footer", "TableGrid"} | {
    f"Heading{n}" for n in range(1, 7)
}
# Styles that must carry no Word numbering: ronten writes their labels as text (numbering would
# print a label twice), and the title has none.
UNNUMBERED = {f"Heading{n}" for n in range(1, 7)} | {f"ListItem{d}" for d in range(1, 10)}

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


def _indent(left: int, hanging: int) -> dict[str, str]:
    return {"ind": f'<w:ind w:left="{left}" w:hanging="{hanging}"/>'}


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
            {**gothic, **_size(28)},
            next="BodyText",
        ),
        "BlockText": _paragraph(
            "BlockText", {**_spacing(after=60), "ind": f'<w:ind w:left="{2 * EM}" w:right="{EM}"/>'}
        ),
        "SourceCode": _paragraph("SourceCode", {**_spacing(after=0), **_jc("left")}, gothic),
        "TableText": _paragraph("TableText", _jc("left")),
        "Material": _paragraph("Material", {**_spacing(after=120), **_jc("right")}, {**gothic, **_size(24)}),
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
    for level, (start, hanging, size) in HEADING_LAYOUT.items():
        styles[f"Heading{level}"] = _paragraph(
            f"Heading{level}",
            {
                **_KEEP_NEXT,
                **_spacing(240 if level == 2 else 120, 60),
                **_indent(start + hanging, hanging),
                **_outline(level - 1),
            },
            {**gothic, **_size(size)},
            next="BodyText",
        )
    for depth in range(1, 10):
        style, start, hanging = list_layout(depth)
        styles[style] = _paragraph(style, {**_spacing(after=0), **_indent(start + hanging, hanging)})
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
