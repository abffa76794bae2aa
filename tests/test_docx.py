"""The Word writer: Markdown to blocks, blocks to .docx, read back as XML and through LibreOffice."""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from xml.etree import ElementTree

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ronten_cli.ooxml import wml
from ronten_cli.ooxml.wml import strip_illegal, xml_storable
from ronten_cli.render.docx import DocxOptions, default_reference_docx, markdown_to_docx
from ronten_cli.render.layout import Frame, label_width
from ronten_cli.render.markdown import (
    Code,
    Heading,
    ListItem,
    PageBreak,
    Paragraph,
    Span,
    Table,
    ThematicBreak,
    inline,
    parse_blocks,
)
from ronten_cli.render.styles import A4_HEIGHT, A4_WIDTH, EM, list_style

from .docx_helpers import (
    documents_to_pdf,
    docx_names,
    docx_part,
    needs_libreoffice,
    paragraphs,
    pdf_page_size_mm,
    pdf_pages,
    pdf_text,
    styled_text,
    valid_docx,
)
from .helpers import SEED

MEMO_MD = """\
# 論点メモ（案）

本文の段落です。**太字**と*斜体*と<u>下線</u>。改行<br>ここ。
続きの行は空白なしで繋がる。

## 論点1 都市自治体が取り組むデジタル人材確保・育成の意義

### (1) 都市自治体の現状と課題

- ・デジタル人材の不足
- ・デジタル化・DX 政策に関する専門的知識・経験の不足
    - ・入れ子の項目
    - ア カタカナの項目
- ラベルのない項目

1. 一つ目
2. 二つ目

## 論点2 次の論点

\\newpage

| 項目 | 内容 |
|:---|---:|
| 資料 | **説明** |

※ [リンク](https://example.jp) と <span>未知の記法</span> は文字のまま
"""


def _docx(markdown: str = MEMO_MD, **options: object) -> bytes:
    return markdown_to_docx(markdown, DocxOptions(**options)).data  # type: ignore[arg-type]


# --- Markdown scanner ----------------------------------------------------------------------------


def test_inline_formatting_and_escapes():
    spans = inline(r"a **b** *c* <u>d</u> e<br>f \*g\* h\\")
    assert spans == (
        Span("a "),
        Span("b", bold=True),
        Span(" "),
        Span("c", italic=True),
        Span(" "),
        Span("d", underline=True),
        Span(" e\nf *g* h\\"),
    )


def test_unmatched_delimiters_stay_text():
    assert inline("3 * 4 と **閉じない") == (Span("3 * 4 と **閉じない"),)
    assert inline("<u>閉じない下線") == (Span("<u>閉じない下線"),)


def test_inline_html_comments_show_nothing():
    assert inline("<!---->（1)注意<!-- メモ -->です") == (Span("（1)注意です"),)


def test_blocks_of_every_kind():
    text = "\n".join(
        [
            "# 表題",
            "段落の一行目",
            "二行目 with",
            "English",
            "",
            "- ・一",
            "  - ・入れ子",
            "- ・二",
            "",
            "3. 三番目から",
            "7. 次",
            "",
            "> 引用",
            "",
            "```",
            "code *x*",
            "```",
            "",
            "---",
            "<!-- 作成者向けのメモ -->",
            '<div style="page-break-after: always"></div>',
            "見出し",
            "===",
            "",
            "| a | b |",
            "|---|:-:|",
            "| 1 | 2 |",
        ]
    )
    blocks = parse_blocks(text)
    assert blocks == [
        Heading(1, (Span("表題"),), 1),
        # A soft break between Japanese characters vanishes; between Latin words it is a space.
        Paragraph((Span("段落の一行目二行目 with English"),), 2),
        ListItem(1, None, (Span("・一"),), 6),
        ListItem(2, None, (Span("・入れ子"),), 7),
        ListItem(1, None, (Span("・二"),), 8),
        ListItem(1, 3, (Span("三番目から"),), 10),
        ListItem(1, 4, (Span("次"),), 11),
        Paragraph((Span("引用"),), 13, 0, "BlockText"),
        Code(("code *x*",), 15),
        ThematicBreak(19),
        PageBreak(21),
        Heading(1, (Span("見出し"),), 22),
        Table((((Span("a"),)), (Span("b"),)), ("", "center"), (((Span("1"),), (Span("2"),)),), 25),
    ]


def test_hard_breaks_and_list_continuation():
    blocks = parse_blocks("一行目  \n二行目\\\n三行目\n\n- ・項目\n  続き\n\n  項目の続きの段落\n")
    assert blocks[0] == Paragraph((Span("一行目\n二行目\n三行目"),), 1)
    assert blocks[1] == ListItem(1, None, (Span("・項目続き"),), 5)
    assert blocks[2] == Paragraph((Span("項目の続きの段落"),), 8, 1)


# --- the .docx as Word reads it ------------------------------------------------------------------


def _twips(length: int | None) -> int:
    assert length is not None
    return round(length / 635)  # python-docx lengths are EMU: 635 to the twip


def test_a4_portrait_margins_and_footer_page_number():
    section = valid_docx(_docx()).sections[0]
    assert (_twips(section.page_width), _twips(section.page_height)) == (A4_WIDTH, A4_HEIGHT)
    for margin in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin):
        assert 24.9 <= _twips(margin) * 25.4 / 1440 <= 30.1  # millimetres
    footer = section.footer
    assert not footer.is_linked_to_previous
    assert [text.text for text in footer.paragraphs[0]._p.xpath(".//w:instrText")] == [" PAGE "]


def test_a_theme_names_the_japanese_fonts():
    data = _docx(body_font="游明朝", heading_font="游ゴシック")
    valid_docx(data)
    theme = ElementTree.fromstring(docx_part(data, "word/theme/theme1.xml"))
    drawing = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    faces = {
        (scheme, font.tag.removeprefix(drawing)): font.get("typeface")
        for scheme in ("majorFont", "minorFont")
        for font in next(theme.iter(f"{drawing}{scheme}"))
        if font.tag != f"{drawing}cs"
    }
    assert faces == {
        **{("majorFont", tag): "游ゴシック" for tag in ("latin", "ea", "font")},
        **{("minorFont", tag): "游明朝" for tag in ("latin", "ea", "font")},
    }


def test_east_asian_fonts_and_language_are_explicit():
    styles = valid_docx(_docx(body_font="游明朝", heading_font="游ゴシック")).styles
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "游明朝"
    assert defaults.find(qn("w:lang")).get(qn("w:eastAsia")) == "ja-JP"
    assert defaults.find(qn("w:sz")).get(qn("w:val")) == "21"  # 10.5 pt body
    for level in range(1, 7):
        assert styles[f"heading {level}"].element.rPr.rFonts.get(qn("w:eastAsia")) == "游ゴシック", level


def test_every_marker_kind_has_its_own_style_and_every_label_hangs():
    document = valid_docx(_docx())
    used = {style for style, _ in styled_text(document)}
    assert {"Heading1", "RontenDai", "RontenParenNumber", "ListItem1", "ListItem2", "BodyText"} <= used
    table = document.tables[0]
    assert {cell.paragraphs[0].style.style_id for cell in table.rows[0].cells} == {"TableHeading"}
    body = {cell.paragraphs[0].style.style_id for row in table.rows[1:] for cell in row.cells}
    assert body == {"TableText"}
    # The header is bold through its style, so its runs carry no bold of their own.
    assert document.styles["Table Heading"].font.bold is True
    assert not any(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    by_name = {style.name: style for style in document.styles}
    assert by_name["ronten 論点・第N"].base_style.name == "Heading 2"
    assert by_name["ronten (N)"].base_style.name == "Heading 4"
    for paragraph in document.paragraphs:
        if paragraph.style.style_id in ("RontenDai", "RontenParenNumber", "ListItem1", "ListItem2"):
            layout = paragraph.paragraph_format
            assert layout.first_line_indent < 0 < layout.left_indent, paragraph.text  # a hanging indent
    assert by_name["Heading 1"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_labels_are_literal_once_and_never_auto_numbered():
    data = _docx()
    document = valid_docx(data)
    assert not document.element.xpath("//w:numPr")
    assert "word/numbering.xml" not in docx_names(data)
    items = {text: style for style, text in styled_text(document)}
    assert items["論点1\t都市自治体が取り組むデジタル人材確保・育成の意義"] == "RontenDai"
    assert items["(1)\t都市自治体の現状と課題"] == "RontenParenNumber"
    assert items["・デジタル人材の不足"] == "ListItem1"
    assert items["・入れ子の項目"] == "ListItem2"
    assert items["ア\tカタカナの項目"] == "ListItem2"
    # A list item without a label gets a literal one: a bullet, or its number.
    assert items["・ラベルのない項目"] == "ListItem1"
    assert items["1\t一つ目"] == "ListItem1"
    assert items["2\t二つ目"] == "ListItem1"
    assert not any(text.startswith("・・") for text in items)


def test_a_heading_above_its_kind_s_usual_level_says_its_own_outline_level():
    document = valid_docx(_docx("## 1 背景\n\n### (1) 経緯\n\n## 論点2 次\n"))
    levels = [paragraph._p.xpath("w:pPr/w:outlineLvl/@w:val") for paragraph in document.paragraphs]
    # "1" is the top level here (its style's level is 2, under 第1); (1) is the second; 論点 is as styled.
    assert levels == [["1"], ["2"], []]


def _indent(paragraph) -> tuple[int, int]:
    """(label start, text column) of a paragraph, in twips."""
    layout = paragraph.paragraph_format
    left = round(layout.left_indent / 635) if layout.left_indent is not None else 0
    first = round(layout.first_line_indent / 635) if layout.first_line_indent is not None else 0
    return left + first, left


def test_each_label_hangs_by_its_own_width_and_one_full_width_space():
    markdown = "## （１０）　十\n\n- ・十の下\n\n## （９）　九\n\n## 第１０　十\n"
    wide, bullet, narrow, dai = valid_docx(_docx(markdown)).paragraphs
    assert _indent(wide) == (0, label_width("（１０）") + EM) == (0, 5 * EM)
    assert _indent(narrow) == (0, 4 * EM)
    assert _indent(dai) == (0, 4 * 220)  # the top level is set at 11 pt: its em is 220 twips
    # A ・ hangs at its parent's text column and its text follows it directly.
    assert _indent(bullet) == (5 * EM, 6 * EM) and bullet.text == "・十の下"
    assert label_width("（１）") == 3 * EM and label_width("(1)") == 3 * EM // 2


def test_inline_formatting_breaks_and_tables_reach_word():
    document = valid_docx(_docx())
    runs = [(run.text, run.bold, run.italic, run.underline) for p in document.paragraphs for run in p.runs]
    assert ("太字", True, None, None) in runs
    assert ("斜体", None, True, None) in runs
    assert ("下線", None, None, True) in runs
    assert "。改行\nここ。続きの行は空白なしで繋がる。" in [text for text, *_ in runs]
    (table,) = document.tables
    assert [[cell.text for cell in row.cells] for row in table.rows] == [["項目", "内容"], ["資料", "説明"]]
    assert table.rows[1].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert [run.bold for run in table.rows[1].cells[1].paragraphs[0].runs] == [True]
    text = "".join(t for _, t in styled_text(document))
    assert "[リンク](https://example.jp)" in text
    assert "<span>未知の記法</span>" in text


def test_material_is_the_first_paragraph_right_aligned():
    document = valid_docx(_docx(material="資料1"))
    assert styled_text(document)[0] == ("Material", "資料1")
    assert document.paragraphs[0].style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_material_in_the_header_of_every_page_when_asked():
    document = valid_docx(_docx(material="資料1", material_every_page=True))
    header = document.sections[0].header
    assert [(p.style.style_id, p.text) for p in header.paragraphs] == [("Material", "資料1")]
    assert "資料1" not in [text for _, text in styled_text(document)]  # not in the body as well
    assert not document.sections[0].different_first_page_header_footer


def test_a_document_may_leave_its_first_page_unnumbered():
    numbered = valid_docx(_docx()).sections[0]
    assert not numbered.different_first_page_header_footer
    section = valid_docx(_docx(number_first_page=False, material="資料2", material_every_page=True)).sections[
        0
    ]
    assert section.different_first_page_header_footer
    assert not section.first_page_footer._element.xpath(".//w:instrText")  # no page number on page 1
    assert section.footer._element.xpath(".//w:instrText")[0].text == " PAGE "  # the others have one
    # The material, if in the header, is on the first page too.
    assert [p.text for p in section.first_page_header.paragraphs] == ["資料2"]


def test_a_line_holding_only_a_break_is_a_blank_line():
    document = valid_docx(_docx("前\n\n<br>\n\n後\n"))
    assert [p.text for p in document.paragraphs] == ["前", "", "後"]


def test_core_properties_and_byte_identical_output(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765350000")  # 2025-12-10T07:00:00Z
    first = _docx(title="論点メモ（案）", author="事務局")
    second = _docx(title="論点メモ（案）", author="事務局")
    assert first == second
    properties = valid_docx(first).core_properties
    assert (properties.title, properties.author) == ("論点メモ（案）", "事務局")
    assert properties.created == datetime(2025, 12, 10, 7, 0, 0, tzinfo=UTC)
    with zipfile.ZipFile(BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2025, 12, 10, 7, 0, 0)}


def test_no_author_means_an_empty_creator():
    assert valid_docx(_docx()).core_properties.author == ""


def test_illegal_characters_are_dropped_with_a_warning():
    result = markdown_to_docx("# 表題\n\n制御\x01文字\x0bを含む行\n", DocxOptions())
    assert result.warnings == (
        "line 3: dropped a character Word cannot store (U+0001, U+000B) in 「制御文字を含む行」",
    )
    assert styled_text(valid_docx(result.data))[1] == ("BodyText", "制御文字を含む行")
    assert strip_illegal("ok") == ("ok", ())


def test_dropped_character_warning_names_the_place_and_quotes_what_is_left():
    assert xml_storable("そのまま", "memo.md:4") == ("そのまま", "")
    # Codes in order of first appearance, each once; the quote is trimmed and cut at 40 characters.
    long = "\x07あ\x01" + "い" * 50 + "\x07 "
    kept, warning = xml_storable(long, "memo.md:4")
    assert kept == "あ" + "い" * 50 + " "
    assert warning == (
        f"memo.md:4: dropped a character Word cannot store (U+0007, U+0001) in 「あ{'い' * 39}…」"
    )


def test_a_broken_part_is_one_error_and_no_file(ronten, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from ronten_cli.render import docx

    # As if a bug in a builder left a paragraph open: the zip is never written.
    monkeypatch.setattr(docx, "blocks_xml", lambda blocks, ids=None, sizes=None: "<w:p>")
    out = tmp_path / "memo.docx"
    result = ronten("render", SEED, "-o", out)
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert (
        "part word/document.xml is not well-formed XML" in result.err and "nothing was written" in result.err
    )
    assert not out.exists() and list(tmp_path.iterdir()) == []


# --- LibreOffice: the files open, on A4, with the text once -----------------------------------------


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("lo")
    documents = {
        "memo": _docx(material="資料1", title="論点メモ（案）"),
        "landscape": _docx("# 新旧対照表\n\n| 新 | 旧 |\n|---|---|\n| 改正後 | 改正前 |\n", landscape=True),
        "reference": default_reference_docx(),
    }
    return documents_to_pdf(folder, documents)


@needs_libreoffice
def test_libreoffice_opens_a4_portrait_and_landscape(converted: dict[str, Path]):
    assert pdf_page_size_mm(converted["memo"]) == (210.0, 297.0)
    assert pdf_page_size_mm(converted["reference"]) == (210.0, 297.0)
    assert pdf_page_size_mm(converted["landscape"]) == (297.0, 210.0)


@needs_libreoffice
def test_libreoffice_shows_each_label_once(converted: dict[str, Path]):
    text = pdf_text(converted["memo"])
    flat = re.sub(r"\s+", "", text)
    assert flat.startswith("資料1論点メモ（案）")
    # Nothing (no auto-number) between the previous paragraph's end and the label.
    assert "。論点1都市自治体" in flat and "次の論点" in flat
    assert "(1)都市自治体の現状と課題" in flat
    assert "・デジタル人材の不足" in flat and "・・" not in flat
    assert "1一つ目" in flat and "2二つ目" in flat
    # \newpage puts the table on page 2, and the footer numbers the pages.
    assert pdf_pages(converted["memo"]) == 2
    first, second = text.split("\f")[:2]
    assert "項目" in second and "説明" in second
    assert re.search(r"^\s*1\s*$", first, re.MULTILINE) and re.search(r"^\s*2\s*$", second, re.MULTILINE)


@needs_libreoffice
def test_libreoffice_reads_the_landscape_table(converted: dict[str, Path]):
    flat = re.sub(r"\s+", "", pdf_text(converted["landscape"]))
    assert "新旧対照表" in flat and "改正後" in flat and "改正前" in flat


# --- robustness ----------------------------------------------------------------------------------

_MARKDOWN_ALPHABET = st.sampled_from(
    [
        "#",
        "##",
        " ",
        "  ",
        "\t",
        "\n",
        "\n\n",
        "-",
        "*",
        "**",
        "1.",
        "|",
        "|---|",
        ">",
        "```",
        "\\",
        "<u>",
        "</u>",
        "<br>",
        "&",
        "<",
        "論点1",
        "(1)",
        "ア",
        "・",
        "①",
        "本文",
        "a",
        "\x01",
        "\ufffe",
        "\r\n",
        "===",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_MARKDOWN_ALPHABET, max_size=60).map("".join))
def test_any_markdown_gives_well_formed_parts(markdown: str):
    result = markdown_to_docx(markdown, DocxOptions(title=markdown[:20], author="<&>", material="資料&1"))
    with zipfile.ZipFile(BytesIO(result.data)) as archive:
        for name in archive.namelist():
            ElementTree.fromstring(archive.read(name))  # raises on malformed XML


def test_every_kind_of_block_and_page_break_validates():
    markdown = MEMO_MD + "\n\\newpage\n\n## 論点3 改ページの後\n\n\\newpage\n\n---\n\n```\ncode\n```\n"
    document = valid_docx(_docx(markdown, material="資料1"))
    # Before a table the break is a paragraph of its own; before a paragraph, its property.
    breaks = [p.text for p in document.paragraphs if p.paragraph_format.page_break_before]
    assert breaks == ["論点3\t改ページの後", ""]  # the heading, and the rule after the second break
    assert len(document.element.body.xpath('./w:p/w:r/w:br[@w:type="page"]')) == 1


def test_a_line_like_the_previous_bullet_is_only_its_sibling_when_it_really_is():
    blocks = parse_blocks("- ・一\n- ・二\n- - -\n- ・三\n-  ・四\n- **五**\n-\n- ・六\n  - ・七\n- ・八\n")
    assert blocks == [
        ListItem(1, None, (Span("・一"),), 1),
        ListItem(1, None, (Span("・二"),), 2),
        ThematicBreak(3),
        ListItem(1, None, (Span("・三"),), 4),
        ListItem(1, None, (Span("・四"),), 5),
        ListItem(1, None, (Span("五", bold=True),), 6),
        ListItem(1, None, (), 7),
        ListItem(1, None, (Span("・六"),), 8),
        ListItem(2, None, (Span("・七"),), 9),
        ListItem(1, None, (Span("・八"),), 10),
    ]


# Text as it comes: control characters, tabs and every kind of line break, XML's specials, spaces.
_TEXT = st.lists(
    st.sampled_from(
        ["\x01", "\x0b", "\ufffe", "\ud800", "\t", "\n", "\r", "\r\n", "&", "<", ">", " ", "　", "a", "あ"]
    )
).map("".join)


def _read_back(paragraph_xml: str) -> str:
    """The text Word shows for one paragraph: ``w:t`` text, a tab as ``\\t``, a break as ``\\n``."""
    root = ElementTree.fromstring(f'<w:body xmlns:w="{wml.W}">{paragraph_xml}</w:body>')
    w = f"{{{wml.W}}}"
    pieces = {f"{w}tab": "\t", f"{w}br": "\n"}
    return "".join(
        node.text or "" if node.tag == f"{w}t" else pieces.get(node.tag, "") for node in root.iter()
    )


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.integers(1, 9))
def test_fast_paths_write_what_the_general_path_writes(text: str, depth: int):
    from ronten_cli.render.docx import _labelled_paragraph, blocks_xml

    style = list_style(depth)
    frame = Frame(0, EM)
    general = wml.paragraph(wml.run(f"・{text}"), style=style, indent=(EM, EM))
    # The plain-bullet shortcut of blocks_xml (its text is what follows the bullet and its spaces).
    if text == text.lstrip(" \t　"):
        assert blocks_xml([ListItem(1, None, (Span("・" + text),), 1)]) == general.replace(style, "ListItem1")
    # The one-span shortcut of a labelled paragraph, with and without a tab after the label.
    assert _labelled_paragraph("・", (Span(text),), style, frame) == general
    labelled = wml.paragraph(wml.run(f"ア\t{text}"), style=style, indent=(3 * EM, 2 * EM))
    assert _labelled_paragraph("ア", (Span(text),), style, Frame(EM, 3 * EM)) == labelled
    # And what Word reads back is the text, less what XML cannot hold, with one kind of line break.
    shown = re.sub("[\x01\x0b\ufffe\ud800]", "", text).replace("\r\n", "\n").replace("\r", "\n")
    assert _read_back(general) == f"・{shown}"


def test_aligned_div_lines_become_aligned_paragraphs():
    markdown = (
        '<div align="right">令和8年12月10日</div>\n'
        '<p style="text-align: center">**中央**</p>\n'
        "<div align=right>x</p>\n"
    )
    blocks = parse_blocks(markdown)
    assert blocks[0] == Paragraph((Span("令和8年12月10日"),), 1, 0, "BodyText", "right")
    assert blocks[1] == Paragraph((Span("中央", bold=True),), 2, 0, "BodyText", "center")
    assert blocks[2] == Paragraph((Span("<div align=right>x</p>"),), 3)  # mismatched tags stay text
    first = valid_docx(_docx(markdown)).paragraphs[0]
    assert (first.text, first.alignment) == ("令和8年12月10日", WD_ALIGN_PARAGRAPH.RIGHT)


def test_table_rows_wider_or_narrower_than_the_header_keep_their_text():
    (table,) = parse_blocks("| 新 | 旧 |\n|---|---|\n| 一 | 二 | 三 |\n| 四 |\n")
    assert isinstance(table, Table)
    assert table.rows == (((Span("一"),), (Span("二 | 三"),)), ((Span("四"),), ()))


_MORE_MARKUP = st.sampled_from(
    ['<div align="right">', "</div>", "\\newpage", "- ", "> ", "~~~", "|:-:|", "1) "]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_MARKDOWN_ALPHABET | _MORE_MARKUP, max_size=60).map("".join))
def test_no_text_is_silently_dropped(markdown: str):
    document = docx_part(_docx(markdown))
    text = "".join(t for _, t in paragraphs(document))
    for word in ("本文", "論点1", "ア", "①"):
        assert text.count(word) == markdown.count(word), word


def test_the_scanner_leaves_the_garbage_collector_as_it_found_it():
    import gc

    assert gc.isenabled()
    parse_blocks("- ・一\n")
    assert gc.isenabled()
    gc.disable()
    try:
        parse_blocks("- ・一\n")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_font_names_are_escaped_in_attributes():
    styles = valid_docx(_docx("# 表題\n", body_font='明朝 "&<', heading_font="ゴシック'>")).styles
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == '明朝 "&<'
    assert styles["heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == "ゴシック'>"
