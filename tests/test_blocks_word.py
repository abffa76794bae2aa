"""Tables and ※ notes under items in Word (issue 9): real tables whose header row repeats on every
page and whose rows never split, and notes in the smaller 注記 style at their item's text column;
read back with python-docx, validated, and measured in LibreOffice's PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from ronten_cli import parse
from ronten_cli.ooxml import wml
from ronten_cli.render import render
from ronten_cli.render.docx import default_reference_docx
from ronten_cli.render.markdown import parse_blocks
from ronten_cli.render.styles import BODY_HALF_POINTS, NOTE_HALF_POINTS
from ronten_cli.word import read_outline

from .docx_helpers import (
    Box,
    documents_to_pdf,
    docx_part,
    needs_libreoffice,
    pdf_lines,
    pdf_page_lines,
    rewrite_docx,
    styled_text,
    valid_docx,
)
from .helpers import ROOT

NEAR = 0.75  # points: what LibreOffice's rounding of positions may add

MEMO = """\
# 表と注記

## 論点1 見出し

### (1) 現状

市内の路線バスは減少している。

※　注記は小さく、項目の本文の位置から始まる。十分に長くして折り返させ、
折り返した行が記号の後の本文にそろうことを確かめる。

- ・箇条
  ※ 箇条の注記も箇条の本文の位置から始まる。十分に長くして折り返させ、折り返した行の位置を確かめる。
- ・次の箇条

### (2) 収支

| 年度区分 | 利用件数 |
| --- | ---: |
{rows}

※ 最後の注記
"""
ROWS = 80


def _memo(rows: int = ROWS) -> str:
    return MEMO.format(rows="\n".join(f"| 第{n}行 | {n * 7} |" for n in range(1, rows + 1)))


@pytest.fixture(scope="module")
def memo_docx() -> bytes:
    data = render(parse(_memo()), to="docx").data
    assert isinstance(data, bytes)
    return data


def test_the_header_row_repeats_and_no_row_splits(memo_docx: bytes):
    (table,) = valid_docx(memo_docx).tables
    assert [cell.text for cell in table.rows[0].cells] == ["年度区分", "利用件数"]
    assert len(table.rows) == ROWS + 1
    header = table.rows[0]._tr.trPr
    assert header.find(qn("w:tblHeader")) is not None and header.find(qn("w:cantSplit")) is not None
    for row in table.rows[1:]:
        assert row._tr.trPr.find(qn("w:tblHeader")) is None
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    # Sized to the text column of (2): from its text to the right margin.
    width = sum(int(column.get(qn("w:w"))) for column in table._tbl.tblGrid.findall(qn("w:gridCol")))
    indent = int(table._tbl.tblPr.find(qn("w:tblInd")).get(qn("w:w")))
    assert indent > 0 and indent + width <= 11906 - 2 * 1701


def test_notes_are_in_the_note_style_smaller_than_the_body(memo_docx: bytes):
    document = valid_docx(memo_docx)
    shown = {text: style for style, text in styled_text(document)}
    note = next(text for text in shown if text.startswith("※　注記は小さく"))
    under_bullet = next(text for text in shown if text.startswith("※ 箇条の注記"))
    assert (shown[note], shown[under_bullet], shown["※ 最後の注記"]) == ("Note", "Note1", "Note")
    styles = {style.style_id: style for style in document.styles}
    assert styles["Note"].name == "注記"
    assert styles["Note"].font.size == Pt(NOTE_HALF_POINTS / 2) < Pt(BODY_HALF_POINTS / 2)
    # The notes under list items are based on 注記, so restyling 注記 restyles them all.
    assert (styles["Note1"].name, styles["Note1"].base_style.style_id) == ("注記 1", "Note")
    assert styles["Note1"].font.size is None
    # A paragraph that is not a note keeps the body style.
    assert shown["市内の路線バスは減少している。"] == "BodyText"


def test_a_note_hangs_after_its_sign(memo_docx: bytes):
    document = valid_docx(memo_docx)
    by_text = {p.text: p for p in document.paragraphs}
    body = by_text["市内の路線バスは減少している。"].paragraph_format
    note = next(p for text, p in by_text.items() if text.startswith("※　注記は小さく")).paragraph_format
    # Starts at the paragraph's (the item's text) column; wrapped lines one 9 pt ※ and its
    # full-width space further in.
    assert note.left_indent + note.first_line_indent == body.left_indent
    assert note.first_line_indent == -Pt(2 * NOTE_HALF_POINTS / 2)


def test_notes_read_back_to_the_items_that_own_them(memo_docx: bytes):
    again, _ = read_outline(memo_docx, "memo.docx")
    (topic,) = again.children
    now = topic.children[0]
    assert [(b.type, b.text[:6]) for b in now.blocks] == [
        ("paragraph", "市内の路線バ"),
        ("note", "注記は小さく"),
    ]
    assert [(b.type, b.text[:3]) for b in now.children[0].blocks] == [("note", "箇条の")]
    assert [note.text for note in again.notes] == ["最後の注記"]


def test_a_reference_document_restyles_the_notes(tmp_path: Path):
    # The exported reference with 注記 at 8 pt and bold, under another style id, as Word saves it.
    reference = default_reference_docx()
    styles = etree.fromstring(docx_part(reference, "word/styles.xml").encode())
    (note,) = styles.xpath('//w:style[w:name/@w:val="注記"]', namespaces={"w": wml.W})
    note.set(qn("w:styleId"), "af9")
    for base in styles.xpath('//w:basedOn[@w:val="Note"]', namespaces={"w": wml.W}):
        base.set(qn("w:val"), "af9")
    note.find(qn("w:rPr")).find(qn("w:sz")).set(qn("w:val"), "16")
    edited = rewrite_docx(reference, {"word/styles.xml": etree.tostring(styles)})
    path = tmp_path / "reference.docx"
    path.write_bytes(edited)
    data = render(parse(_memo(2)), reference=path).data
    assert isinstance(data, bytes)
    document = valid_docx(data)
    shown = {text[:3]: style for style, text in styled_text(document)}
    assert shown["※　注"] == "af9" and shown["※ 箇"] == "Note1"
    styles_out = {style.style_id: style for style in document.styles}
    assert styles_out["af9"].font.size == Pt(8)
    assert styles_out["Note1"].base_style.style_id == "af9"
    # Laid out in the reference's size: the hanging indent is its 8 pt ※ and space.
    note = next(p for p in document.paragraphs if p.text.startswith("※　注"))
    assert note.paragraph_format.first_line_indent == -Pt(16)


# --- LibreOffice ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def printed(memo_docx: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return documents_to_pdf(tmp_path_factory.mktemp("blocks"), {"memo": memo_docx})["memo"]


def _line(lines: list[list[Box]], start: str) -> list[Box]:
    (found,) = [words for words in lines if words[0].text.startswith(start)]
    return found


@needs_libreoffice
def test_libreoffice_repeats_the_header_row_on_every_page_of_a_long_table(printed: Path):
    pages = [page for page in pdf_page_lines(printed) if re.search(r"第\d+行", page)]
    assert len(pages) >= 2 and "第1行" in pages[0] and f"第{ROWS}行" in pages[-1]
    for page in pages:
        # The header row once, above the first row of the page.
        assert page.count("年度区分利用件数") == 1
        assert page.index("年度区分利用件数") < page.index("行", page.index("第"))


@needs_libreoffice
def test_libreoffice_starts_each_note_at_its_item_text_column(printed: Path):
    lines = pdf_lines(printed)
    now = _line(lines, "(1)")
    column = now[1].left  # the text of (1), after its label
    assert abs(_line(lines, "市内の路線バス")[0].left - column) <= NEAR
    note, under, closing = [words for words in lines if words[0].text == "※"]
    assert abs(note[0].left - column) <= NEAR
    wrapped = lines[lines.index(note) + 1]
    assert abs(wrapped[0].left - note[1].left) <= NEAR  # hanging under the text after ※
    bullet = _line(lines, "・箇条")
    assert abs(under[0].left - (bullet[0].left + 10.5)) <= NEAR  # at the ・'s text
    assert abs(closing[0].left - 1701 / 20) <= NEAR  # the memo's closing note, at the margin
    # Smaller than the body text: a 9 pt ※ beside the 10.5 pt ・.
    assert note[0].right - note[0].left == pytest.approx(9, abs=0.5)
    assert bullet[0].right - bullet[0].left > 3 * 10.5 - NEAR


def test_the_word_style_table_names_every_style_of_the_reference_document():
    """docs/formats.md lists the styles the exported reference.docx shows (a numbered family such
    as List Item 1 … List Item 9 by its name without the number)."""
    formats = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    start = formats.index("| Markdown | Word style | looks like |")
    table = formats[start : formats.index("\n\n", start)].lower()
    document = valid_docx(default_reference_docx())
    names = {paragraph.style.name for paragraph in document.paragraphs}
    names |= {table.style.name for table in document.tables}
    names |= {p.style.name for table in document.tables for cell in table._cells for p in cell.paragraphs}
    assert {"注記", "注記 1", "Table Grid", "Table Text"} <= names
    missing = [name for name in sorted(names) if name.lower().rstrip(" 0123456789") not in table]
    assert not missing, f"docs/formats.md does not list the styles {missing}"


def test_a_paragraph_is_a_note_when_the_outline_reader_would_read_one():
    expected = {
        "※注": "Note",
        "＊注": "Note",
        "\\*注": "Note",
        "*強調*の段落": "BodyText",
        "**太字**の段落": "BodyText",
        "  ※ 箇条の下": "Note",
        '<div align="left">※ 末尾</div>': "Note",
    }
    blocks = parse_blocks("\n\n".join(expected))
    assert [(block.style, block.depth) for block in blocks] == [(style, 0) for style in expected.values()]


def test_a_star_that_only_an_escaped_star_follows_is_a_note_in_markdown_and_in_word():
    # Found by the Word round trip: an escaped \* closes no emphasis, so the * opens a note, as
    # Word (which has no emphasis marks) reads the same paragraph.
    outline = parse("# 題\n\n論点１\n\n*|\\*| 数値\n\n論点２\n")
    (note,) = outline.children[0].blocks
    assert (note.type, note.mark, note.text) == ("note", "*", "|*| 数値")
    data = render(outline).data
    assert isinstance(data, bytes)
    again, _ = read_outline(data, "memo.docx")
    assert [(b.type, b.text) for b in again.children[0].blocks] == [("note", "|*| 数値")]


def test_two_tables_in_a_row_stay_two_tables():
    tables = "| 一 | 表 |\n| --- | --- |\n| a | b |\n\n| 二 | 表 |\n| --- | --- |\n| c | d |\n"
    memo = "# 題\n\n## 論点1 あ\n\n" + tables
    data = render(parse(memo)).data
    assert isinstance(data, bytes)
    body = valid_docx(data).element.body
    tags = [child.tag.rpartition("}")[2] for child in body]
    assert tags[-4:] == ["tbl", "p", "tbl", "sectPr"]
    again, _ = read_outline(data, "memo.docx")
    assert [block.header for block in again.children[0].blocks] == [("一", "表"), ("二", "表")]
