"""The Word writer: Markdown to blocks, blocks to .docx, read back as XML and through LibreOffice."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ronten_cli.errors import InputError
from ronten_cli.render.docx import (
    A4_HEIGHT,
    A4_WIDTH,
    EM,
    DocxOptions,
    default_reference_docx,
    label_width,
    markdown_to_docx,
    package,
    paragraph_xml,
    run_xml,
    strip_illegal,
    table_xml,
    text_xml,
)
from ronten_cli.render.markdown import (
    Code,
    Heading,
    Item,
    PageBreak,
    Paragraph,
    Rule,
    Span,
    Table,
    inline,
    parse_blocks,
)

from .docx_helpers import (
    documents_to_pdf,
    docx_names,
    docx_part,
    needs_libreoffice,
    paragraphs,
    pdf_page_size_mm,
    pdf_pages,
    pdf_text,
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
        Item(1, None, (Span("・一"),), 6),
        Item(2, None, (Span("・入れ子"),), 7),
        Item(1, None, (Span("・二"),), 8),
        Item(1, 3, (Span("三番目から"),), 10),
        Item(1, 4, (Span("次"),), 11),
        Paragraph((Span("引用"),), 13, 0, "BlockText"),
        Code(("code *x*",), 15),
        Rule(19),
        PageBreak(21),
        Heading(1, (Span("見出し"),), 22),
        Table((((Span("a"),)), (Span("b"),)), ("", "center"), (((Span("1"),), (Span("2"),)),), 25),
    ]


def test_hard_breaks_and_list_continuation():
    blocks = parse_blocks("一行目  \n二行目\\\n三行目\n\n- ・項目\n  続き\n\n  項目の続きの段落\n")
    assert blocks[0] == Paragraph((Span("一行目\n二行目\n三行目"),), 1)
    assert blocks[1] == Item(1, None, (Span("・項目続き"),), 5)
    assert blocks[2] == Paragraph((Span("項目の続きの段落"),), 8, 1)


# --- low-level XML -------------------------------------------------------------------------------


def test_text_xml_escapes_and_drops_illegal_characters():
    assert text_xml("a<b>&c\x00\x1f\ufffe") == "a&lt;b&gt;&amp;c"


def test_run_xml_formatting_tabs_and_breaks():
    xml = run_xml("ア\tイ\nウ", bold=True, italic=True, underline="double")
    assert xml == (
        '<w:r><w:rPr><w:b/><w:bCs/><w:i/><w:iCs/><w:u w:val="double"/></w:rPr>'
        "<w:t>ア</w:t><w:tab/><w:t>イ</w:t><w:br/><w:t>ウ</w:t></w:r>"
    )
    assert run_xml(" 前後の空白 ") == '<w:r><w:t xml:space="preserve"> 前後の空白 </w:t></w:r>'


def test_paragraph_and_table_xml_build_a_valid_package():
    cell = paragraph_xml(run_xml("セル"), style="TableText", align="center")
    body = paragraph_xml(run_xml("表題"), style="Heading1") + table_xml([[cell, cell], [cell]])
    data = package(body, DocxOptions(title="対照表", landscape=True))
    document = docx_part(data)
    assert document.count("<w:tc>") == 4  # the short row is padded
    assert "<w:tblHeader/>" in document
    assert f'<w:pgSz w:w="{A4_HEIGHT}" w:h="{A4_WIDTH}" w:orient="landscape"/>' in document


# --- the .docx as Word reads it ------------------------------------------------------------------


def test_a4_portrait_margins_and_footer_page_number():
    data = _docx()
    document = docx_part(data)
    assert f'<w:pgSz w:w="{A4_WIDTH}" w:h="{A4_HEIGHT}"/>' in document
    margins = re.search(r'<w:pgMar w:top="(\d+)" w:right="(\d+)" w:bottom="(\d+)" w:left="(\d+)"', document)
    assert margins
    for twips in map(int, margins.groups()):
        assert 24.9 <= twips * 25.4 / 1440 <= 30.1  # millimetres
    footer_id = re.search(r'<w:footerReference w:type="default" r:id="(\w+)"/>', document)
    assert footer_id
    rels = docx_part(data, "word/_rels/document.xml.rels")
    target = re.search(rf'Id="{footer_id[1]}"[^>]*Target="([^"]+)"', rels)
    assert target
    assert '<w:instrText xml:space="preserve"> PAGE </w:instrText>' in docx_part(data, f"word/{target[1]}")


def test_east_asian_fonts_and_language_are_explicit():
    styles = docx_part(_docx(body_font="游明朝", heading_font="游ゴシック"), "word/styles.xml")
    defaults = re.search(r"<w:docDefaults>.*</w:docDefaults>", styles, re.DOTALL)
    assert defaults
    assert 'w:eastAsia="游明朝"' in defaults[0]
    assert 'w:eastAsia="ja-JP"' in defaults[0]
    assert '<w:sz w:val="21"/>' in defaults[0]  # 10.5 pt body
    for level in range(1, 7):
        style = re.search(rf'w:styleId="Heading{level}">.*?</w:style>', styles, re.DOTALL)
        assert style and 'w:eastAsia="游ゴシック"' in style[0], level


def test_every_level_has_its_own_style_with_a_hanging_indent():
    data = _docx()
    styles = docx_part(data, "word/styles.xml")
    found = paragraphs(docx_part(data))
    used = {style for style, _ in found}
    assert {"Heading1", "Heading2", "Heading3", "ListItem1", "ListItem2", "BodyText", "TableText"} <= used
    for style in ("Heading2", "Heading3", "ListItem1", "ListItem2"):
        definition = re.search(rf'w:styleId="{style}">.*?</w:style>', styles, re.DOTALL)
        assert definition, style
        indent = re.search(r'<w:ind w:left="(\d+)" w:hanging="(\d+)"/>', definition[0])
        assert indent and int(indent[2]) > 0, style
    heading1 = re.search(r'w:styleId="Heading1">.*?</w:style>', styles, re.DOTALL)
    assert heading1 and '<w:jc w:val="center"/>' in heading1[0]


def test_labels_are_literal_once_and_never_auto_numbered():
    data = _docx()
    document = docx_part(data)
    assert "<w:numPr>" not in document
    assert "word/numbering.xml" not in docx_names(data)
    items = {text: style for style, text in paragraphs(document)}
    assert items["論点1\t都市自治体が取り組むデジタル人材確保・育成の意義"] == "Heading2"
    assert items["(1)\t都市自治体の現状と課題"] == "Heading3"
    assert items["・\tデジタル人材の不足"] == "ListItem1"
    assert items["・\t入れ子の項目"] == "ListItem2"
    assert items["ア\tカタカナの項目"] == "ListItem2"
    # A list item without a label gets a literal one: a bullet, or its number.
    assert items["・\tラベルのない項目"] == "ListItem1"
    assert items["1\t一つ目"] == "ListItem1"
    assert items["2\t二つ目"] == "ListItem1"
    assert not any(text.startswith("・\t・") for text in items)


def test_a_label_wider_than_its_style_gets_a_fitting_indent():
    document = docx_part(_docx("- （１０）全角の長いラベル\n- ・普通\n"))
    wide, narrow = re.findall(r"<w:p>.*?</w:p>", document)
    indent = re.search(r'<w:ind w:left="(\d+)" w:hanging="(\d+)"/>', wide)
    assert indent and int(indent[2]) > label_width("（１０）")
    assert "<w:ind " not in narrow
    assert label_width("（１）") == 3 * EM and label_width("(1)") == 3 * EM // 2


def test_inline_formatting_breaks_and_tables_reach_word():
    document = docx_part(_docx())
    assert "<w:b/><w:bCs/></w:rPr><w:t>太字</w:t>" in document
    assert "<w:i/><w:iCs/></w:rPr><w:t>斜体</w:t>" in document
    assert '<w:u w:val="single"/></w:rPr><w:t>下線</w:t>' in document
    assert "<w:t>。改行</w:t><w:br/><w:t>ここ。続きの行は空白なしで繋がる。</w:t>" in document
    # The page break is a property of the next paragraph, not an empty paragraph.
    assert "<w:pageBreakBefore/>" in document or '<w:br w:type="page"/>' in document
    table = re.search(r"<w:tbl>.*</w:tbl>", document, re.DOTALL)
    assert table and "<w:t>資料</w:t>" in table[0] and '<w:jc w:val="right"/>' in table[0]
    text = "".join(t for _, t in paragraphs(document))
    assert "[リンク](https://example.jp)" in text
    assert "<span>未知の記法</span>" in text


def test_material_is_the_first_paragraph_right_aligned():
    data = _docx(material="資料1")
    first = paragraphs(docx_part(data))[0]
    assert first == ("Material", "資料1")
    material = re.search(r'w:styleId="Material">.*?</w:style>', docx_part(data, "word/styles.xml"), re.DOTALL)
    assert material and '<w:jc w:val="right"/>' in material[0]


def test_core_properties_and_byte_identical_output(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765350000")  # 2025-12-10T07:00:00Z
    first = _docx(title="論点メモ（案）", author="事務局")
    second = _docx(title="論点メモ（案）", author="事務局")
    assert first == second
    core = docx_part(first, "docProps/core.xml")
    assert "<dc:title>論点メモ（案）</dc:title>" in core
    assert "<dc:creator>事務局</dc:creator>" in core
    assert ">2025-12-10T07:00:00Z</dcterms:created>" in core
    assert "python-docx" not in core
    with zipfile.ZipFile(BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2025, 12, 10, 7, 0, 0)}


def test_no_author_means_an_empty_creator():
    core = docx_part(_docx(), "docProps/core.xml")
    assert "<dc:creator></dc:creator>" in core


def test_illegal_characters_are_dropped_with_a_warning():
    result = markdown_to_docx("# 表題\n\n制御\x01文字\x0bを含む行\n", DocxOptions())
    assert result.warnings == (
        "line 3: dropped a character Word cannot store (U+0001, U+000B) in 「制御文字を含む行」",
    )
    assert "<w:t>制御文字を含む行</w:t>" in docx_part(result.data)
    assert strip_illegal("ok") == ("ok", ())


def test_dropped_character_warning_names_the_place_and_quotes_what_is_left():
    from ronten_cli.render.docx import xml_storable

    assert xml_storable("そのまま", "memo.md:4") == ("そのまま", "")
    # Codes in order of first appearance, each once; the quote is trimmed and cut at 40 characters.
    long = "\x07あ\x01" + "い" * 50 + "\x07 "
    kept, warning = xml_storable(long, "memo.md:4")
    assert kept == "あ" + "い" * 50 + " "
    assert warning == (
        f"memo.md:4: dropped a character Word cannot store (U+0007, U+0001) in 「あ{'い' * 39}…」"
    )


# --- reference documents -------------------------------------------------------------------------


def _rewrite(docx: bytes, edits: dict[str, str]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, edits.get(info.filename, data))  # type: ignore[arg-type]
    return out.getvalue()


@pytest.fixture
def japanese_reference(tmp_path: Path) -> Path:
    """A reference as Japanese Word saves it: heading ids "1", "2", numbered headings, a header."""
    from docx import Document
    from docx.shared import Mm

    word = Document()
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = Mm(20)
    section.header.paragraphs[0].text = "○○市 研究会事務局"
    word.add_paragraph("placeholder")
    buffer = BytesIO()
    word.save(buffer)
    styles = docx_part(buffer.getvalue(), "word/styles.xml")
    styles = styles.replace('w:styleId="Heading2"', 'w:styleId="2"').replace(
        '<w:basedOn w:val="Heading2"/>', '<w:basedOn w:val="2"/>'
    )
    # Word's outline numbering attached to heading 2: it would print "1." before "論点1".
    styles = re.sub(
        r'(w:styleId="2">.*?<w:pPr>)',
        r'\1<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>',
        styles,
        count=1,
        flags=re.DOTALL,
    )
    # Some writers leave parts out of [Content_Types].xml; Word still needs them listed.
    types = re.sub(
        r'<Override PartName="/word/header\d*\.xml"[^>]*/>',
        "",
        docx_part(buffer.getvalue(), "[Content_Types].xml"),
    )
    path = tmp_path / "reference.docx"
    path.write_bytes(_rewrite(buffer.getvalue(), {"word/styles.xml": styles, "[Content_Types].xml": types}))
    return path


def test_reference_doc_supplies_styles_header_and_page_setup(japanese_reference: Path):
    data = _docx(reference=japanese_reference)
    document = docx_part(data)
    styles = docx_part(data, "word/styles.xml")
    # Matched by name: the body uses the reference's id for heading 2, which lost its numbering.
    assert ("2", "論点1\t都市自治体が取り組むデジタル人材確保・育成の意義") in paragraphs(document)
    heading2 = re.search(r'w:styleId="2">.*?</w:style>', styles, re.DOTALL)
    assert heading2 and "<w:numPr>" not in heading2[0]
    # python-docx's template, like English Word, tags East Asian text en-US; ronten's text is Japanese.
    defaults = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", styles, re.DOTALL)
    assert defaults and 'w:eastAsia="ja-JP"' in defaults[0] and 'w:eastAsia="en-US"' not in defaults[0]
    # Styles the reference lacks are added, so every level is still its own style.
    assert 'w:styleId="ListItem2"' in styles and 'w:styleId="TableText"' in styles
    assert re.search(r'<w:pgMar [^>]*w:left="1134"', document)  # 20 mm from the reference
    header_ref = re.search(r'<w:headerReference [^>]*r:id="(\w+)"', document)
    assert header_ref
    rels = docx_part(data, "word/_rels/document.xml.rels")
    target = re.search(rf'Id="{header_ref[1]}"[^>]*Target="([^"]+)"', rels)
    assert target and "○○市 研究会事務局" in docx_part(data, f"word/{target[1]}")
    header_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
    assert f'PartName="/word/{target[1]}" ContentType="{header_type}"' in docx_part(
        data, "[Content_Types].xml"
    )


def test_default_reference_round_trips_as_a_reference(tmp_path: Path):
    reference = tmp_path / "reference.docx"
    reference.write_bytes(default_reference_docx())
    document = docx_part(_docx(reference=reference, landscape=True))
    assert f'<w:pgSz w:w="{A4_HEIGHT}" w:h="{A4_WIDTH}" w:orient="landscape"/>' in document
    assert "PAGE" in "".join(
        docx_part(reference.read_bytes(), name)
        for name in docx_names(reference.read_bytes())
        if "footer" in name
    )


@pytest.mark.parametrize("content", [b"", b"not a zip at all"])
def test_a_broken_reference_is_one_clear_error(tmp_path: Path, content: bytes):
    reference = tmp_path / "styles.docx"
    reference.write_bytes(content)
    with pytest.raises(InputError, match=r"styles\.docx: not a Word \.docx file"):
        _docx(reference=reference)
    with pytest.raises(InputError, match=r"missing\.docx: no such file"):
        _docx(reference=tmp_path / "missing.docx")


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


def test_cli_reports_a_broken_reference_in_one_line(ronten, tmp_path: Path):
    reference = tmp_path / "broken.docx"
    reference.write_text("not a docx", encoding="utf-8")
    out = tmp_path / "memo.docx"
    result = ronten("render", SEED, "-o", out, "--reference-doc", reference)
    assert result.code == 2
    assert result.err.count("\n") == 1 and "broken.docx: not a Word .docx file" in result.err
    assert not out.exists()


# Word refuses a file whose property elements are out of the schema's order (ECMA-376 part 1, 17.3).
_PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "widowControl",
    "numPr",
    "pBdr",
    "shd",
    "tabs",
    "spacing",
    "ind",
    "jc",
    "outlineLvl",
    "rPr",
]
_RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "kern", "sz", "szCs", "u", "lang"]


def _children_in_order(xml: str, tag: str, order: list[str]) -> None:
    for body in re.findall(rf"<w:{tag}>(.*?)</w:{tag}>", xml, re.DOTALL):
        body = re.sub(r"<w:(\w+)\b[^>]*>.*?</w:\1>", r"<w:\1/>", body, flags=re.DOTALL)  # nested children
        names = re.findall(r"<w:(\w+)\b", body)
        assert [n for n in names if n in order] == names, f"unknown child in {tag}: {names}"
        assert names == sorted(names, key=order.index), f"{tag} children out of order: {names}"


def test_property_elements_follow_the_schema_order():
    markdown = MEMO_MD + "\n\\newpage\n\n## 論点3 改ページの後\n\n\\newpage\n\n---\n"
    data = _docx(markdown, material="資料1")
    for part in ("word/document.xml", "word/styles.xml"):
        xml = docx_part(data, part)
        _children_in_order(xml, "pPr", _PPR_ORDER)
        _children_in_order(xml, "rPr", _RPR_ORDER)
    # Before a table the break is a paragraph of its own; before a paragraph, its property.
    assert docx_part(data).count("<w:pageBreakBefore/>") == 2
    assert docx_part(data).count('<w:br w:type="page"/>') == 1


@pytest.mark.parametrize(
    "styles",
    [
        '<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="21"/></w:rPr></w:rPrDefault>'
        "</w:docDefaults></w:styles>",
        "<w:styles><w:docDefaults><w:pPrDefault/></w:docDefaults></w:styles>",
        '<w:styles xmlns:w="w"><w:style w:styleId="Normal"/></w:styles>',
    ],
)
def test_a_reference_without_an_east_asian_language_gets_japanese(styles: str):
    from ronten_cli.render.reference import _japanese_defaults

    fixed = _japanese_defaults(styles)
    assert fixed.count("<w:docDefaults>") == 1
    defaults = re.search(r"<w:rPrDefault><w:rPr>.*?</w:rPr></w:rPrDefault>", fixed)
    assert defaults and '<w:lang w:eastAsia="ja-JP"/>' in defaults[0]


def test_a_line_like_the_previous_bullet_is_only_its_sibling_when_it_really_is():
    blocks = parse_blocks("- ・一\n- ・二\n- - -\n- ・三\n-  ・四\n- **五**\n-\n- ・六\n  - ・七\n- ・八\n")
    assert blocks == [
        Item(1, None, (Span("・一"),), 1),
        Item(1, None, (Span("・二"),), 2),
        Rule(3),
        Item(1, None, (Span("・三"),), 4),
        Item(1, None, (Span("・四"),), 5),
        Item(1, None, (Span("五", bold=True),), 6),
        Item(1, None, (), 7),
        Item(1, None, (Span("・六"),), 8),
        Item(2, None, (Span("・七"),), 9),
        Item(1, None, (Span("・八"),), 10),
    ]


@pytest.mark.parametrize("text", ["項目", "A&B <c>", " 前に空白", ""])
@pytest.mark.parametrize("depth", [1, 3])
def test_plain_bullets_take_a_shortcut_to_the_same_xml(text: str, depth: int):
    from ronten_cli.render.docx import _labelled_paragraph, blocks_xml, list_layout

    shortcut = blocks_xml([Item(depth, None, (Span("・" + text),), 1)])
    spans = (Span(text.lstrip()),) if text.strip() else ()
    style, start, hanging = list_layout(depth)
    assert style == f"ListItem{depth}"
    general = _labelled_paragraph("・", spans, style, start, hanging)
    assert shortcut == general


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
    document = docx_part(_docx(markdown))
    assert '<w:jc w:val="right"/></w:pPr><w:r><w:t>令和8年12月10日</w:t>' in document


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
    data = _docx("# 表題\n", body_font='明朝 "&<', heading_font="ゴシック'>")
    with zipfile.ZipFile(BytesIO(data)) as archive:
        for name in archive.namelist():
            ElementTree.fromstring(archive.read(name))
    assert 'w:eastAsia="明朝 &quot;&amp;&lt;"' in docx_part(data, "word/styles.xml")
