"""Reading a .docx 論点メモ into the outline tree: labels typed or numbered by Word, title, preface,
notes, what is skipped with a warning, tracked changes, fields and the other run containers, and
positions (a paragraph's place in the body is its line)."""

from __future__ import annotations

import io
import zipfile

import pytest

from ronten_cli.errors import InputError
from ronten_cli.fmt import format_outline
from ronten_cli.word import kind, read_outline

from .word_docx import W_NS, abstract, level, make_docx, num, para


def read(body: str, **parts: str):
    return read_outline(make_docx(body, **parts), "memo.docx")


def tree(outline) -> list:
    def node(n):
        return (n.label, n.text, [node(c) for c in n.children]) if n.children else (n.label, n.text)

    return [node(n) for n in outline.children]


def run(text: str, props: str = "") -> str:
    return f'<w:r>{f"<w:rPr>{props}</w:rPr>" if props else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def p(*content: str, ppr: str = "") -> str:
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{''.join(content)}</w:p>"


# --- labels --------------------------------------------------------------------------------------


def test_typed_labels_with_a_full_width_space_or_a_tab():
    body = para("論点整理（案）") + para("第１　総論") + p(run("１"), "<w:r><w:tab/></w:r>", run("背景"))
    body += para("（１）　採用方法") + p(run("ア"), "<w:r><w:tab/></w:r>", run("専門職採用"))
    body += para("・任期付職員") + para("第２　論点")
    outline, warnings = read(body)
    assert outline.title == "論点整理（案）"
    assert tree(outline) == [
        (
            "第１",
            "総論",
            [("１", "背景", [("（１）", "採用方法", [("ア", "専門職採用", [("・", "任期付職員")])])])],
        ),
        ("第２", "論点"),
    ]
    assert warnings == []


def test_levels_come_from_labels_not_from_word_indentation_or_heading_level():
    styles = (
        '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="3"><w:name w:val="heading 3"/></w:style>'
    )
    indented = '<w:ind w:left="2000"/>'
    body = para("（１）　浅い見出し3", style="1") + p(run("第１　深く字下げ"), ppr=indented)
    body += para("１　見出し1", style="3")
    outline, _ = read(body, styles=styles)
    assert tree(outline) == [("（１）", "浅い見出し3"), ("第１", "深く字下げ", [("１", "見出し1")])]


def test_word_numbering_through_heading_styles_gives_the_labels_word_shows():
    numbering = abstract(
        1,
        level(0, "decimalFullWidth", "第%1", extra='<w:pStyle w:val="1"/>'),
        level(1, "decimalFullWidth", extra='<w:pStyle w:val="2"/>'),
        level(2, "decimalFullWidth", "（%3）", extra='<w:pStyle w:val="3"/>'),
        level(3, "aiueoFullWidth", extra='<w:pStyle w:val="4"/>'),
    ) + num(1, 1)
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="{n}"><w:name w:val="heading {n}"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        for n in range(1, 5)
    )
    body = para("タイトル") + para("総論", style="1") + para("背景", style="2") + para("採用", style="3")
    body += (
        para("専門職", style="4")
        + para("外部", style="4")
        + para("処遇", style="3")
        + para("論点", style="1")
    )
    outline, _ = read(body, styles=styles, numbering=numbering)
    assert tree(outline) == [
        (
            "第１",
            "総論",
            [("１", "背景", [("（１）", "採用", [("ア", "専門職"), ("イ", "外部")]), ("（２）", "処遇")])],
        ),
        ("第２", "論点"),
    ]
    assert [n.marker for n in outline.walk()][:4] == ["dai", "arabic", "paren_arabic", "katakana"]
    assert [n.heading for n in outline.walk()][:4] == [1, 2, 3, 4]


def test_bullets_nest_under_the_numbered_item_above_and_under_each_other_by_list_level():
    numbering = abstract(1, level(0, text="（%1）")) + abstract(
        2, level(0, "bullet", "●"), level(1, "bullet", "\uf0a7")
    )
    numbering += num(1, 1) + num(2, 2)
    body = para("題") + para("採用", num=1) + para("点", num=2) + para("下の点", num=2, ilvl=1)
    body += para("次の点", num=2) + para("処遇", num=1) + para("処遇の点", num=2)
    outline, _ = read(body, numbering=numbering)
    assert tree(outline) == [
        ("（1）", "採用", [("・", "点", [("・", "下の点")]), ("・", "次の点")]),
        ("（2）", "処遇", [("・", "処遇の点")]),
    ]


@pytest.mark.parametrize(
    ("fmt", "pattern", "label", "marker", "number"),
    [
        ("japaneseCounting", "第%1", "第三", "dai", 3),
        ("japaneseCounting", "%1", "十二", "arabic", 12),
        ("ideographDigital", "%1", "一〇", "arabic", 10),
        ("decimalEnclosedParen", "%1", "⑶", "paren_arabic", 3),
        ("decimalEnclosedFullstop", "%1", "⒊", "arabic", 3),
        ("decimalEnclosedCircle", "%1", "③", "circled", 3),
        ("decimalFullWidth", "（%1）", "（３）", "paren_arabic", 3),
        ("lowerLetter", "(%1)", "(c)", "paren_latin", 3),
    ],
)
def test_japanese_word_formats_read_as_markers(fmt, pattern, label, marker, number):
    numbering = abstract(1, level(0, fmt, pattern, start=1 if label != "十二" else 10)) + num(1, 1)
    count = {"十二": 3, "一〇": 10}.get(label, 3)
    body = para("題") + "".join(para(f"項目{n}", num=1) for n in range(count))
    outline, _ = read(body, numbering=numbering)
    last = outline.children[-1]
    assert (last.label, last.marker, last.number) == (label, marker, number)


# --- title, preface, notes, positions ------------------------------------------------------------


def test_title_style_wins_and_paragraphs_before_the_first_item_are_the_preface():
    styles = '<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/></w:style>'
    body = para("令和8年12月10日") + para("デジタル人材の論点", style="a3") + para("前書きの段落。")
    body += para("1　背景") + para("※　事務局の作業用資料である。")
    outline, _ = read(body, styles=styles)
    assert outline.title == "デジタル人材の論点"
    assert outline.title_line == 2
    assert [(n.text, n.line) for n in outline.preface] == [("令和8年12月10日", 1), ("前書きの段落。", 3)]
    assert [(n.mark, n.text, n.line) for n in outline.notes] == [("※", "事務局の作業用資料である。", 5)]


def test_line_is_the_paragraphs_position_in_the_body_and_column_is_in_its_text():
    table = "<w:tbl><w:tr><w:tc>" + para("セル") + "</w:tc></w:tr></w:tbl>"
    body = para("題") + para() + table + para("　（１）　採用") + para() + para("・点")
    outline, _ = read(body)
    first = outline.children[0]
    assert (first.line, first.column) == (4, 2)
    assert (first.children[0].line, first.children[0].column) == (6, 1)
    assert outline.title_line == 1
    assert outline.lines == 6


def test_ronten_material_paragraph_is_the_material_not_the_title():
    styles = '<w:style w:type="paragraph" w:styleId="Material"><w:name w:val="Material"/></w:style>'
    outline, _ = read(para("資料1", style="Material") + para("論点メモ") + para("1　背景"), styles=styles)
    assert outline.title == "論点メモ"
    assert outline.meta == {"material": "資料1"}
    assert format_outline(outline).startswith('---\nmaterial: "資料1"\n---\n\n# 論点メモ\n')


def test_escaped_text_reads_back_as_itself():
    body = para("題 &lt;重要&gt; C:\\temp") + para("1　背景") + para("# 見出しではない") + para("---")
    outline, _ = read(body)
    assert outline.title == "題 <重要> C:\\temp"
    assert [b.text for b in outline.children[0].blocks] == ["# 見出しではない", "---"]


# --- blocks: paragraphs, tables and notes under the items ------------------------------------------


def _table(*rows: tuple[str, ...], jc: str = "") -> str:
    align = f'<w:pPr><w:jc w:val="{jc}"/></w:pPr>' if jc else ""
    cells = lambda row: "".join(  # noqa: E731
        f"<w:tc><w:p>{align}<w:r><w:t>{cell}</w:t></w:r></w:p></w:tc>" for cell in row
    )
    return "<w:tbl>" + "".join(f"<w:tr>{cells(row)}</w:tr>" for row in rows) + "</w:tbl>"


def test_body_paragraphs_and_tables_are_blocks_of_the_item_they_follow():
    body = para("題") + para("前書き。") + para("第１　総論") + para("総論の説明。")
    body += _table(("区分", "人数"), ("職員", "10"), jc="center") + para("１　背景") + para("背景の説明。")
    body += para("・点") + para("点の後の段落。") + para("※　作業用資料。")
    outline, _ = read(body)
    assert [b.text for b in outline.preface] == ["前書き。"]
    first = outline.children[0]
    assert [(b.type, b.after) for b in first.blocks] == [("paragraph", 0), ("table", 0)]
    table = first.blocks[1]
    assert (table.header, table.rows, table.aligns) == (
        ("区分", "人数"),
        (("職員", "10"),),
        ("center", "center"),
    )
    assert table.line == 5
    background = first.children[0]
    # A paragraph after a bullet belongs to the numbered item above the bullets, as at the
    # margin of a Markdown outline.
    assert [(b.text, b.after, b.line) for b in background.blocks] == [
        ("背景の説明。", 0, 7),
        ("点の後の段落。", 1, 9),
    ]
    assert [(n.mark, n.text, n.line) for n in outline.notes] == [("※", "作業用資料。", 10)]


def test_bold_italic_and_underline_are_markdown_emphasis():
    body = para("題") + p(
        run("（１）　"),
        run("重要", "<w:b/>"),
        run("な点と"),
        run("斜体", '<w:i w:val="1"/>'),
        run("と"),
        run("下線", '<w:u w:val="single"/>'),
        run("と"),
        run("消えた下線", '<w:u w:val="none"/><w:b w:val="0"/>'),
        run(" * 星"),
    )
    body += p(run("強調だけの段落", "<w:b/><w:i/>"))
    outline, _ = read(body)
    item = outline.children[0]
    assert item.markdown == "**重要**な点と*斜体*と<u>下線</u>と消えた下線 \\* 星"
    assert item.text == "重要な点と斜体と下線と消えた下線 * 星"
    assert item.blocks[0].markdown == "***強調だけの段落***"


def test_emphasis_in_table_cells_is_kept_across_the_cells_paragraphs():
    cell = (
        "<w:tc>"
        + p(run("前の"), run("太字", "<w:b/>"))
        + p(run("斜体", "<w:i/>"), run("の後"))
        + "</w:tc><w:tc>"
        + p(run("素"))
        + "</w:tc>"
    )
    header = "<w:tc>" + p(run("区分")) + "</w:tc><w:tc>" + p(run("件数")) + "</w:tc>"
    body = para("題") + para("（１）　現状") + f"<w:tbl><w:tr>{header}</w:tr><w:tr>{cell}</w:tr></w:tbl>"
    outline, _ = read(body)
    table = outline.children[0].blocks[0]
    assert table.cells == (("区分", "件数"), ("前の**太字***斜体*の後", "素"))
    assert table.rows == (("前の太字斜体の後", "素"),)


def test_a_label_typed_in_bold_is_not_part_of_the_emphasis():
    outline, _ = read(para("題") + p(run("第１\t総論の方針", "<w:b/>")))
    assert (outline.children[0].label, outline.children[0].markdown) == ("第１", "**総論の方針**")


def test_word_has_no_markdown_list_marks_or_headings():
    body = para("題") + para("1　背景") + para("- 横線") + para("# 井桁") + para("* 星印の注")
    outline, _ = read(body)
    item = outline.children[0]
    assert [(b.type, b.text) for b in item.blocks] == [("paragraph", "- 横線"), ("paragraph", "# 井桁")]
    assert [(n.mark, n.text) for n in outline.notes] == [("*", "星印の注")]


def test_ronten_list_item_paragraph_continues_its_list_item():
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="L{n}"><w:name w:val="List Item {n}"/></w:style>'
        for n in (1, 2)
    )
    body = para("題") + para("（１）　採用") + para("・\t点", style="L1") + para("点の続き", style="L1")
    body += para("・\t下の点", style="L2") + para("下の点の続き", style="L2")
    outline, _ = read(body, styles=styles)
    bullet = outline.children[0].children[0]
    assert [b.text for b in bullet.blocks] == ["点の続き"]
    assert [b.text for b in bullet.children[0].blocks] == ["下の点の続き"]


# --- runs: fields, links, content controls, breaks, revisions -----------------------------------


def _field(instr: str, result: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instr}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + run(result)
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def test_visible_text_of_links_fields_content_controls_smart_tags_and_ruby():
    body = para("題") + p(
        run("（１）　"),
        '<w:hyperlink r:id="rId9">' + run("リンク") + "</w:hyperlink>",
        '<w:fldSimple w:instr=" DATE ">' + run("令和8年") + "</w:fldSimple>",
        _field(" REF x ", "参照"),
        "<w:sdt><w:sdtPr/><w:sdtContent>" + run("入力欄") + "</w:sdtContent></w:sdt>",
        '<w:smartTag w:uri="u" w:element="place">' + run("東京") + "</w:smartTag>",
        "<w:r><w:ruby><w:rubyPr/><w:rt>"
        + run("ふりがな")
        + "</w:rt><w:rubyBase>"
        + run("漢字")
        + "</w:rubyBase></w:ruby></w:r>",
        run("隠し", "<w:vanish/>"),
        '<w:r><w:sym w:font="Symbol" w:char="F0B7"/></w:r>',
    )
    body += "<w:sdt><w:sdtContent>" + para("（２）　ブロックの入力欄") + "</w:sdtContent></w:sdt>"
    outline, _ = read(body)
    assert [n.text for n in outline.children] == ["リンク令和8年参照入力欄東京漢字\uf0b7", "ブロックの入力欄"]


def test_nested_complex_fields_show_only_the_outer_result():
    nested = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>IF </w:instrText></w:r>'
        + _field(" PAGE ", "9")
        + '<w:r><w:instrText> = 1 "a" "b"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + run("結果")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    outline, _ = read(para("題") + p(run("1　"), nested, run("続き")))
    assert outline.children[0].text == "結果続き"


def test_a_table_of_contents_is_left_out():
    toc = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText> TOC \\o "1-3" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + run("第１　総論\t1")
        + "</w:p>"
        + p(run("第２　論点\t2"), '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    )
    outline, _ = read(para("題") + toc + para("第１　総論") + para("第２　論点"))
    assert [(n.label, n.line) for n in outline.children] == [("第１", 4), ("第２", 5)]


@pytest.mark.parametrize(
    ("pieces", "markdown", "text"),
    [(["採用", "方法"], "採用<br>方法", "採用方法"), (["DX", "人材"], "DX<br>人材", "DX人材")],
)
def test_a_line_break_is_kept_as_br_and_never_loses_text(pieces, markdown, text):
    broken = p(run("（１）　" + pieces[0]), "<w:r><w:br/></w:r>", run(pieces[1]))
    outline, _ = read(para("題") + broken)
    assert (outline.children[0].markdown, outline.children[0].text) == (markdown, text)


def test_tracked_changes_read_as_accepted_with_a_warning_and_count():
    deleted_mark = '<w:rPr><w:del w:id="9" w:author="a" w:date="2026-01-01T00:00:00Z"/></w:rPr>'
    body = para("題") + p(
        run("（１）　採用"),
        '<w:ins w:id="1" w:author="a">' + run("の方法") + "</w:ins>",
        '<w:del w:id="2" w:author="a"><w:r><w:delText>旧い語</w:delText></w:r></w:del>',
    )
    body += p(run("（２）　前半"), ppr=deleted_mark) + para("と後半")
    body += p(
        '<w:del w:id="3" w:author="a"><w:r><w:delText>消えた段落</w:delText></w:r></w:del>', ppr=deleted_mark
    )
    body += p('<w:moveTo w:id="4" w:author="a">' + run("（３）　移動") + "</w:moveTo>")
    outline, warnings = read(body)
    assert [n.text for n in outline.children] == ["採用の方法", "前半と後半", "移動"]
    assert outline.children[1].line == 3
    assert warnings == ["memo.docx: 6 tracked changes read as if accepted"]


def test_headers_footers_footnotes_comments_and_text_boxes_are_skipped_with_one_warning():
    box = (
        '<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        '<mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
        + para("箱の中")
        + "</w:txbxContent></w:drawing>"
        "</mc:Choice><mc:Fallback><w:pict><w:txbxContent>" + para("箱の中") + "</w:txbxContent></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )
    body = para("題") + p(
        run("1　本文"),
        '<w:r><w:footnoteReference w:id="1"/></w:r>',
        '<w:r><w:commentReference w:id="0"/></w:r>',
        box,
    )
    page_number = p('<w:fldSimple w:instr=" PAGE ">' + run("1") + "</w:fldSimple>")
    outline, warnings = read(
        body,
        header1=para("取扱注意"),
        footer1=page_number,
        footnotes='<w:footnote w:id="1">' + para("脚注") + "</w:footnote>",
        comments='<w:comment w:id="0">' + para("コメント") + "</w:comment>",
    )
    assert outline.children[0].text == "本文"
    assert warnings == [
        "memo.docx: not read as outline content: 1 header or footer, 1 footnote, 1 comment, 1 text box"
    ]


# --- what a file is -----------------------------------------------------------------------------


def test_kind_by_content():
    assert kind(make_docx(para("x"))) == "docx"
    assert kind(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100) == "doc"
    assert kind(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le")) == "encrypted"
    assert kind(b"{\\rtf1\\ansi x}") == "rtf"
    assert kind(b"PK\x03\x04" + b"\0" * 26 + b"mimetypeapplication/vnd.oasis.opendocument.text") == "odt"
    assert kind("論点1 x".encode()) is None


def _rewritten(docx: bytes, old: bytes, new: bytes) -> bytes:
    """``docx`` with ``old`` replaced by ``new`` in word/document.xml."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in source.namelist():
            data = source.read(name)
            archive.writestr(name, data.replace(old, new) if name == "word/document.xml" else data)
    return out.getvalue()


def test_strict_open_xml_reads_as_transitional():
    strict = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
    outline, _ = read_outline(_rewritten(make_docx(para("題") + para("1　背景")), W_NS.encode(), strict), "m")
    assert tree(outline) == [("1", "背景")]


def test_a_part_that_is_not_a_word_body_is_refused():
    with pytest.raises(InputError, match=r"memo\.docx: not a WordprocessingML document"):
        read_outline(_rewritten(make_docx(para("x")), b"w:body", b"w:bodx"), "memo.docx")


def test_a_document_without_text_is_an_error():
    with pytest.raises(InputError, match=r"memo\.docx: the Word document has no text"):
        read(para() + para("　"))
