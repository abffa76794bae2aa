"""Word numbering → the label Word shows: formats, levels, restarts, styles, and LibreOffice's reading.

Unit tests state ECMA-376's rules on hand-written numbering XML. The ``libreoffice`` tests compare
every label with LibreOffice's text export of the same file, on documents real writers made:
LibreOffice itself from ODF lists with Japanese number formats and from heading outline numbering,
and python-docx from its built-in list styles.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from lxml import etree

from ronten_cli.ooxml.reader import open_package
from ronten_cli.word.numbering import Label, Numbering, format_number
from ronten_cli.word.styles import Styles

from .docx_helpers import libreoffice_convert
from .word_docx import (
    W_NS,
    abstract,
    level,
    lo_lines,
    make_docx,
    num,
    para,
)

W = f"{{{W_NS}}}"


def _root(tag: str, inner: str) -> etree._Element:
    return etree.fromstring(f'<w:{tag} xmlns:w="{W_NS}">{inner}</w:{tag}>')


def labels(numbering: str, paragraphs: list[str], styles: str = "") -> list[str | None]:
    """The label of each paragraph (``w:p`` XML) in order; None for an unnumbered one."""
    found_styles = Styles(_root("styles", styles))
    numbers = Numbering(_root("numbering", numbering), found_styles)
    body = _root("body", "".join(paragraphs))
    found = []
    for p in body.iter(W + "p"):
        ppr = p.find(W + "pPr")
        label = numbers.label(ppr, found_styles.paragraph_style(ppr))
        found.append(label.text if label is not None else None)
    return found


# --- number formats ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "values", "shown"),
    [
        ("decimal", [1, 10, 123], ["1", "10", "123"]),
        ("decimalHalfWidth", [7], ["7"]),
        ("decimalZero", [1, 9, 10, 100], ["01", "09", "10", "100"]),
        ("decimalFullWidth", [1, 10], ["１", "１０"]),
        ("decimalFullWidth2", [3, 12], ["３", "１２"]),
        ("decimalEnclosedCircle", [1, 20, 21], ["①", "⑳", "21"]),
        ("decimalEnclosedParen", [1, 20, 21], ["⑴", "⒇", "(21)"]),
        ("decimalEnclosedFullstop", [1, 20, 21], ["⒈", "⒛", "21."]),
        ("aiueo", [1, 2, 46, 47], ["ｱ", "ｲ", "ﾝ", "ｱ"]),
        ("aiueoFullWidth", [1, 11, 46, 47], ["ア", "サ", "ン", "ア"]),
        ("iroha", [1, 2, 3, 25], ["ｲ", "ﾛ", "ﾊ", "ヰ"]),
        ("irohaFullWidth", [1, 2, 3, 48, 49], ["イ", "ロ", "ハ", "ン", "イ"]),
        ("lowerLetter", [1, 26, 27, 53], ["a", "z", "aa", "aaa"]),
        ("upperLetter", [2, 28], ["B", "BB"]),
        ("lowerRoman", [4, 9, 14, 1994], ["iv", "ix", "xiv", "mcmxciv"]),
        ("upperRoman", [3, 40], ["III", "XL"]),
        ("ideographDigital", [1, 10, 105], ["一", "一〇", "一〇五"]),
        ("japaneseCounting", [1, 10, 11, 20, 99, 100, 101, 110, 1000, 10000, 12345],
         ["一", "十", "十一", "二十", "九十九", "百", "百一", "百十", "千", "一万", "一万二千三百四十五"]),
        ("japaneseDigitalTenThousand", [1, 10, 10000, 10001], ["一", "一〇", "一万", "一万一"]),
        ("chineseCounting", [10, 11, 100, 101, 110, 1001, 10010],
         ["十", "十一", "一百", "一百零一", "一百一十", "一千零一", "一万零一十"]),
        ("taiwaneseCountingThousand", [20, 21], ["二十", "二十一"]),
        ("none", [5], [""]),
        ("cardinalText", [5], ["5"]),
    ],
)  # fmt: skip
def test_number_formats(fmt, values, shown):
    assert [format_number(value, fmt) for value in values] == shown


def test_zero_and_negative_starts_are_written_in_digits():
    assert format_number(0, "decimal") == "0"
    assert format_number(0, "aiueoFullWidth") == "0"
    assert format_number(0, "decimalZero") == "00"


# --- levels, counters and restarts --------------------------------------------------------------


def test_multilevel_text_shows_every_counter_in_its_own_format():
    numbering = abstract(
        1,
        level(0, "decimalFullWidth", "第%1"),
        level(1, "decimal", "%1.%2"),
        level(2, "aiueoFullWidth", "（%3）"),
    ) + num(1, 1)
    paragraphs = [para("a", num=1, ilvl=0), para("b", num=1, ilvl=1), para("c", num=1, ilvl=2)]
    paragraphs += [para("d", num=1, ilvl=2), para("e", num=1, ilvl=1), para("f", num=1, ilvl=0)]
    assert labels(numbering, paragraphs) == ["第１", "１.1", "（ア）", "（イ）", "１.2", "第２"]


def test_a_higher_level_restarts_the_levels_below_it():
    numbering = abstract(1, level(0), level(1, text="%1-%2")) + num(1, 1)
    paragraphs = [para(num=1, ilvl=i) for i in (0, 1, 1, 0, 1)]
    assert labels(numbering, paragraphs) == ["1", "1-1", "1-2", "2", "2-1"]


def test_lvl_restart_zero_never_restarts_and_n_restarts_only_after_level_n():
    numbering = abstract(
        1,
        level(0),
        level(1, text="%2", extra='<w:lvlRestart w:val="0"/>'),
        level(2, text="%3", extra='<w:lvlRestart w:val="1"/>'),
    ) + num(1, 1)
    paragraphs = [para(num=1, ilvl=i) for i in (0, 1, 2, 1, 2, 0, 1, 2)]
    # Level 1 keeps counting across level 0; level 2 ignores level 1 and restarts after level 0.
    assert labels(numbering, paragraphs) == ["1", "1", "1", "2", "2", "2", "3", "1"]


def test_start_and_a_missing_start_which_is_zero():
    numbering = abstract(1, level(0, start=5)) + abstract(2, level(0, start=None)) + num(1, 1) + num(2, 2)
    assert labels(numbering, [para(num=1), para(num=1), para(num=2), para(num=2)]) == ["5", "6", "0", "1"]


def test_two_nums_over_one_abstract_share_its_counters():
    numbering = abstract(1, level(0)) + num(1, 1) + num(2, 1)
    assert labels(numbering, [para(num=1), para(num=2), para(num=1)]) == ["1", "2", "3"]


def test_start_override_restarts_the_shared_counters_at_its_first_paragraph():
    override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
    numbering = abstract(1, level(0)) + num(1, 1) + num(2, 1, override)
    paragraphs = [para(num=1), para(num=1), para(num=2), para(num=2), para(num=1)]
    assert labels(numbering, paragraphs) == ["1", "2", "1", "2", "3"]


def test_lvl_override_replaces_the_level_for_its_num_only():
    override = '<w:lvlOverride w:ilvl="0">' + level(0, "upperLetter") + "</w:lvlOverride>"
    numbering = abstract(1, level(0)) + num(1, 1) + num(2, 1, override)
    assert labels(numbering, [para(num=1), para(num=2), para(num=1)]) == ["1", "B", "3"]


def test_a_level_shown_before_it_is_used_shows_its_start_and_counts_as_used():
    numbering = abstract(1, level(0), level(1, text="%1.%2")) + num(1, 1)
    assert labels(numbering, [para(num=1, ilvl=1), para(num=1, ilvl=0)]) == ["1.1", "2"]


def test_is_lgl_shows_every_counter_in_decimal():
    numbering = abstract(
        1,
        level(0, "upperRoman"),
        level(1, "lowerLetter", "%1.%2", extra="<w:isLgl/>"),
        level(2, "lowerLetter", "%1.%2.%3", extra='<w:isLgl w:val="0"/>'),
    ) + num(1, 1)
    paragraphs = [para(num=1, ilvl=0), para(num=1, ilvl=0), para(num=1, ilvl=1), para(num=1, ilvl=2)]
    assert labels(numbering, paragraphs) == ["I", "II", "2.1", "II.a.a"]


def test_a_none_level_shows_only_the_text_around_it():
    numbering = abstract(1, level(0, text="%1."), level(1, "none", "%1.%2")) + num(1, 1)
    assert labels(numbering, [para(num=1, ilvl=0), para(num=1, ilvl=1)]) == ["1.", "1."]


@pytest.mark.parametrize(
    ("suff", "shown"), [("", "\t"), ('<w:suff w:val="space"/>', " "), ('<w:suff w:val="nothing"/>', "")]
)
def test_suffix(suff, shown):
    numbering = Numbering(_root("numbering", abstract(1, level(0, extra=suff)) + num(1, 1)), Styles(None))
    ppr = _root("pPr", '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>')
    assert numbering.label(ppr, None) == Label("1", shown, 0)


@pytest.mark.parametrize(
    ("fmt", "glyph"),
    [
        ("bullet", "・"),
        ("bullet", "●"),
        ("bullet", "○"),
        ("bullet", "■"),
        ("bullet", "□"),
        ("bullet", "◆"),
        ("bullet", "◇"),
        ("bullet", "\uf0b7"),  # Symbol's bullet
        ("bullet", "\uf06c"),  # Wingdings' filled circle
        ("bullet", "\uf0a7"),  # Wingdings' small square
        ("bullet", "o"),  # Courier New's hollow bullet
        ("none", "\uf0d8"),
        ("none", "●"),
    ],
)
def test_every_bullet_glyph_is_the_bullet_marker(fmt, glyph):
    numbering = abstract(1, level(0, fmt, glyph)) + num(1, 1)
    numbers = Numbering(_root("numbering", numbering), Styles(None))
    label = numbers.label(_root("pPr", '<w:numPr><w:numId w:val="1"/></w:numPr>'), None)
    assert label == Label("・", "\t", 0, bullet=True)


def test_a_none_level_with_a_word_is_that_word():
    numbering = abstract(1, level(0, "none", "※")) + num(1, 1)
    assert labels(numbering, [para(num=1)]) == ["※"]


def test_unnumbered_removed_missing_and_out_of_range():
    numbering = abstract(1, level(0)) + num(1, 1) + num(2, 9)
    paragraphs = [para(), para(num=0), para(num=2), para(num=7), para(num=1, ilvl=3), para(num=1, ilvl=12)]
    assert labels(numbering, paragraphs) == [None, None, None, None, None, None]


# --- styles --------------------------------------------------------------------------------------

HEADINGS = abstract(
    1,
    level(0, text="第%1", extra='<w:pStyle w:val="1"/>'),
    level(1, extra='<w:pStyle w:val="2"/>'),
    level(2, text="（%3）", extra='<w:pStyle w:val="3"/>'),
) + num(1, 1)


def _style(style_id: str, name: str, based_on: str = "", numpr: str = "", kind: str = "paragraph") -> str:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    ppr = f"<w:pPr><w:numPr>{numpr}</w:numPr></w:pPr>" if numpr else ""
    return f'<w:style w:type="{kind}" w:styleId="{style_id}"><w:name w:val="{name}"/>{based}{ppr}</w:style>'


def test_numbering_through_the_style_chain_and_the_levels_pstyle():
    styles = (
        _style("a", "Normal")
        + _style("1", "heading 1", "a", '<w:numId w:val="1"/>')
        # Heading 2 says level 0 but level 1 names it in w:pStyle: the level wins (17.9.23).
        + _style("2", "heading 2", "1", '<w:ilvl w:val="0"/>')
        + _style("3", "heading 3", "a", '<w:ilvl w:val="2"/><w:numId w:val="1"/>')
        + _style("3x", "my heading 3", "3")
    )
    paragraphs = [para(style=s) for s in ("1", "2", "3", "3x", "a", "1")]
    paragraphs.insert(4, para(style="1", num=0))
    paragraphs.insert(5, para(style="1", ilvl=2))
    assert labels(HEADINGS, paragraphs, styles) == ["第1", "1", "（1）", "（2）", None, "（3）", None, "第2"]


def test_the_default_paragraph_style_numbers_paragraphs_without_a_style():
    styles = '<w:style w:type="paragraph" w:default="1" w:styleId="N"><w:name w:val="Normal"/>'
    styles += '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    assert labels(HEADINGS, [para(), para()], styles) == ["第1", "第2"]


def test_a_based_on_loop_ends():
    styles = _style("x", "x", "y") + _style("y", "y", "x", '<w:numId w:val="1"/>')
    assert labels(HEADINGS, [para(style="x")], styles) == ["第1"]


def test_num_style_link_uses_the_list_styles_levels_and_shares_its_counters():
    numbering = (
        abstract(
            5, level(0, "aiueoFullWidth"), level(1, "decimalEnclosedCircle"), extra='<w:styleLink w:val="L"/>'
        )
        + abstract(6, extra='<w:numStyleLink w:val="L"/>')
        + abstract(7, extra='<w:numStyleLink w:val="L"/>')
        + abstract(8, extra='<w:numStyleLink w:val="Loop"/>')
        + num(5, 5)
        + num(6, 6)
        + num(7, 7)
        + num(8, 8)
    )
    styles = _style("L", "My list", numpr='<w:numId w:val="5"/>', kind="numbering")
    styles += _style("Loop", "Loop", numpr='<w:numId w:val="8"/>', kind="numbering")
    paragraphs = [para(num=6), para(num=6, ilvl=1), para(num=7), para(num=5), para(num=8)]
    assert labels(numbering, paragraphs, styles) == ["ア", "①", "イ", "ウ", None]


# --- LibreOffice's reading of documents real writers made -------------------------------------

_FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>
 <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
  style:default-outline-level="1"/>
 <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph"
  style:default-outline-level="2"/>
 <style:style style:name="Heading_20_3" style:display-name="Heading 3" style:family="paragraph"
  style:default-outline-level="3"/>
 <text:outline-style style:name="Outline">{outline}</text:outline-style>
</office:styles>
<office:automatic-styles>
 <text:list-style style:name="L1">{levels}</text:list-style>
</office:automatic-styles>
<office:body><office:text>{body}</office:text></office:body></office:document>
"""

# 公用文 numbering as an ODF list: 第1, 1, （1）, ア, (ｱ), イロハ, 一, ①, a.
_LIST_LEVELS = "".join(
    f'<text:list-level-style-number text:level="{n}" {attrs}/>'
    for n, attrs in enumerate(
        [
            'style:num-prefix="第" style:num-format="1"',
            'style:num-format="1"',
            'style:num-prefix="（" style:num-suffix="）" style:num-format="1"',
            'style:num-format="ア, イ, ウ, ..."',
            'style:num-prefix="(" style:num-suffix=")" style:num-format="ｱ, ｲ, ｳ, ..."',
            'style:num-format="イ, ロ, ハ, ..."',
            'style:num-format="一, 二, 三, ..."',
            'style:num-format="①, ②, ③, ..."',
            'style:num-format="a"',
        ],
        start=1,
    )
)
_OUTLINE = "".join(
    f'<text:outline-level-style text:level="{n}" {attrs}/>'
    for n, attrs in enumerate(
        [
            'style:num-prefix="第" style:num-format="1"',
            'style:num-format="ア, イ, ウ, ..."',
            'style:num-prefix="（" style:num-suffix="）" style:num-format="1"',
        ],
        start=1,
    )
)


def _nested(depth: int, texts: list[str]) -> str:
    """An ODF list item ``depth`` levels deep holding one paragraph per text."""
    items = "".join(f"<text:list-item><text:p>{text}</text:p></text:list-item>" for text in texts)
    for _ in range(depth):
        items = f"<text:list-item><text:list>{items}</text:list></text:list-item>"
    return items


def _list_body() -> str:
    items = "".join(
        _nested(depth, [f"項目{depth}-{n}" for n in range(1, 4 if depth < 8 else 13)]) for depth in range(9)
    )
    # Two lists on one style: the second restarts (LibreOffice writes a w:startOverride for it).
    again = _nested(0, ["再開"]) + _nested(1, ["再開の下"])
    return (
        "<text:p>論点整理（案）</text:p>"
        f'<text:list text:style-name="L1">{items}</text:list>'
        "<text:p>間の段落</text:p>"
        f'<text:list text:style-name="L1" text:continue-numbering="false">{again}</text:list>'
    )


def _heading_body() -> str:
    headings = [(1, "総論"), (2, "背景"), (3, "採用"), (3, "処遇"), (2, "範囲"), (3, "人材"), (1, "論点")]
    headings += [(3, "見出し2のない見出し3"), (2, "育成"), (1, "まとめ")]
    body = "<text:p>タイトル</text:p>"
    for depth, text in headings:
        body += f'<text:h text:style-name="Heading_20_{depth}" text:outline-level="{depth}">{text}</text:h>'
        body += "<text:p>本文</text:p>"
    return body


def _python_docx(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("論点メモ", style="Title")
    for text, style in [
        ("はじめ", "List Number"),
        ("つぎ", "List Number"),
        ("下位", "List Number 2"),
        ("下位二", "List Number 2"),
        ("点", "List Bullet"),
        ("点の下", "List Bullet 2"),
        ("本文", None),
        ("三番目", "List Number"),
        ("深い", "List Number 3"),
    ]:
        document.add_paragraph(text, style=style)
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).paragraphs[0].text = "表の中"
    table.cell(0, 0).paragraphs[0].style = document.styles["List Number"]
    document.add_paragraph("表の後", style="List Number")
    document.save(str(path))


# Formats LibreOffice 7.4 shows as Word does (it shows decimalFullWidth, decimalEnclosedParen and
# decimalEnclosedFullstop as decimal, ideographDigital as counting, and Japanese counting from 100
# in the Chinese way: those are covered by test_number_formats above).
_SHARED_FORMATS = [
    ("decimal", 25),
    ("decimalZero", 12),
    ("decimalEnclosedCircle", 20),
    ("aiueo", 48),
    ("aiueoFullWidth", 48),
    ("iroha", 50),
    ("irohaFullWidth", 50),
    ("lowerLetter", 30),
    ("upperLetter", 30),
    ("lowerRoman", 20),
    ("upperRoman", 20),
    ("japaneseCounting", 99),
    ("chineseCounting", 130),
    ("bullet", 2),
]


def _formats_docx() -> bytes:
    numbering = ""
    body = ""
    for index, (fmt, count) in enumerate(_SHARED_FORMATS, start=1):
        numbering += abstract(index, level(0, fmt, "\uf0b7" if fmt == "bullet" else "(%1)"))
        body += para(f"== {fmt}") + "".join(para(f"{fmt}{n}", num=index) for n in range(count))
    numbering += abstract(90, level(0, text="%1."), level(1, "lowerLetter", "%1.%2"), level(2, "upperRoman"))
    restart = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride>'
    numbering += "".join(num(index, index) for index in range(1, len(_SHARED_FORMATS) + 1))
    numbering += num(90, 90) + num(91, 90) + num(92, 90, restart)
    shared = [(90, 0), (90, 1), (90, 2), (91, 1), (91, 2), (90, 0), (92, 0), (92, 1), (90, 0), (91, 1)]
    body += "".join(para(f"共有{n}", num=num_id, ilvl=ilvl) for n, (num_id, ilvl) in enumerate(shared))
    body += "<w:tbl><w:tr><w:tc>" + para("表", num=90, ilvl=0) + "</w:tc></w:tr></w:tbl>"
    body += para("表の後", num=90, ilvl=1)
    return make_docx(body, numbering=numbering)


def our_lines(path: Path) -> list[str]:
    """Each paragraph as LibreOffice's text export prints it: the label, a space, the text."""
    package = open_package(path)
    styles = Styles(package.xml("word/styles.xml") if package.has("word/styles.xml") else None)
    numbering_part = package.xml("word/numbering.xml") if package.has("word/numbering.xml") else None
    numbers = Numbering(numbering_part, styles)
    found = []
    for p in package.xml("word/document.xml").iter(W + "p"):
        ppr = p.find(W + "pPr")
        label = numbers.label(ppr, styles.paragraph_style(ppr))
        text = "".join(t.text or "" for t in p.iter(W + "t"))
        line = f"{label.text} {text}" if label is not None else text
        if line.strip():
            found.append(line.strip(" "))
    return found


_LO_BULLETS = "•◦▪●○■□◆◇–"


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[str]]]:
    """Each fixture .docx with LibreOffice's text export of it, made in two soffice calls."""
    folder = tmp_path_factory.mktemp("lo-numbering")
    fodts = {
        "odf-list": _FODT.format(outline="", levels=_LIST_LEVELS, body=_list_body()),
        "odf-headings": _FODT.format(outline=_OUTLINE, levels="", body=_heading_body()),
    }
    for name, text in fodts.items():
        (folder / f"{name}.fodt").write_text(text, encoding="utf-8")
    made = libreoffice_convert([folder / f"{name}.fodt" for name in fodts], "docx", folder)
    _python_docx(folder / "python-docx.docx")
    (folder / "formats.docx").write_bytes(_formats_docx())
    documents = [*made, folder / "python-docx.docx", folder / "formats.docx"]
    texts = libreoffice_convert(documents, "txt:Text (encoded):UTF8", folder / "txt")
    result = {}
    for document, txt in zip(documents, texts, strict=True):
        lines = lo_lines(txt)
        shown = [f"・{line[1:]}" if line[:1] in _LO_BULLETS and line[1:2] == " " else line for line in lines]
        result[document.stem] = (document, shown)
    return result


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", ["odf-list", "odf-headings", "python-docx", "formats"])
def test_labels_are_what_libreoffice_shows(converted, name):
    document, shown = converted[name]
    assert our_lines(document) == shown


@pytest.mark.libreoffice
def test_the_fixtures_use_what_they_are_about(converted):
    """LibreOffice wrote the ODF list's Japanese formats as Word's numFmt values, a restart as a
    w:startOverride, and the outline numbering onto the heading styles."""
    package = open_package(converted["odf-list"][0])
    numbering = package.xml("word/numbering.xml")
    formats = {element.get(W + "val") for element in numbering.iter(W + "numFmt")}
    assert {"aiueoFullWidth", "aiueo", "iroha", "decimalEnclosedCircle", "lowerLetter"} <= formats
    assert next(numbering.iter(W + "startOverride"), None) is not None
    styles = Styles(open_package(converted["odf-headings"][0]).xml("word/styles.xml"))
    assert all(styles.chain(f"Heading{n}")[0].num_id for n in (1, 2, 3))
