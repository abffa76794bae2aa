"""Reference documents (``--reference-doc``) as offices have them, each rendered, validated and read back.

The files: one saved by LibreOffice (committed, with its source), one shaped as Japanese Word saves
it (localised style ids, numbered headings), python-docx documents with two sections, first-page
and even-page headers, a picture in the header, and the same documents as Strict OOXML and in
UTF-16. Hostile files are in test_reference_hostile.py.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from ronten_cli.errors import InputError
from ronten_cli.ooxml import wml
from ronten_cli.render.docx import DocxOptions, default_reference_docx, markdown_to_docx
from ronten_cli.render.reference import _japanese_defaults
from ronten_cli.render.styles import A4_HEIGHT, A4_WIDTH

from .docx_helpers import (
    LIBREOFFICE_REFERENCE,
    docx_names,
    docx_part,
    japanese_word_reference,
    rewrite_docx,
    styled_text,
    valid_docx,
    word_document,
)
from .helpers import SEED

MEMO = (
    "# 論点メモ\n\n## 論点1 見出し\n\n### (1) 小見出し\n\n- ・項目\n    - ・入れ子\n\n"
    "| 表 | 列 |\n|---|---|\n| a | b |\n"
)


def _render(reference: bytes | Path, tmp_path: Path, **options: object):
    """The memo rendered with ``reference``, validated, as python-docx reads it."""
    if isinstance(reference, bytes):
        path = tmp_path / "reference.docx"
        path.write_bytes(reference)
        reference = path
    data = markdown_to_docx(MEMO, DocxOptions(reference=reference, **options)).data  # type: ignore[arg-type]
    return valid_docx(data)


def _saved(document) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _twips(length) -> int:
    return round(length / 635)


def _numbering(document) -> etree._Element:
    return document.part.numbering_part.element


# --- as Japanese Word and LibreOffice save them ---------------------------------------------------


def test_japanese_word_reference(tmp_path: Path):
    document = _render(japanese_word_reference(), tmp_path)
    # Matched by name: ronten's styles per marker kind are based on the reference's own headings,
    # whose ids Word shows as 見出し 2 and so on.
    assert ("RontenDai", "論点1\t見出し") in styled_text(document)
    assert ("RontenParenNumber", "(1)\t小見出し") in styled_text(document)
    by_id = {style.style_id: style for style in document.styles}
    assert by_id["2"].name == "Heading 2"
    assert by_id["RontenDai"].base_style.style_id == "2"
    assert by_id["RontenParenNumber"].base_style.style_id == "Heading4"  # added: the reference has none
    # Word's outline numbering on heading 2 would print "1." before 論点1: gone from the style and
    # from the numbering level tied to it.
    assert by_id["2"].element.pPr.find(qn("w:numPr")) is None
    assert not _numbering(document).xpath('//w:lvl/w:pStyle[@w:val="2"]')
    # python-docx's template, like English Word, tags East Asian text en-US; ronten's text is Japanese.
    lang = document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang")[0]
    assert lang.get(qn("w:eastAsia")) == "ja-JP"
    # Styles the reference lacks are added, so every level is still its own style.
    assert {"ListItem1", "ListItem2", "TableText"} <= set(by_id)
    assert ("ListItem2", "・入れ子") in styled_text(document)
    section = document.sections[0]
    assert _twips(section.left_margin) == 1134  # 20 mm from the reference
    header = section.header.paragraphs[0]
    assert (header.text, header.style.style_id, header.style.name) == ("○○市 研究会事務局", "a3", "Header")


def test_libreoffice_reference(tmp_path: Path):
    document = _render(LIBREOFFICE_REFERENCE, tmp_path)
    assert ("RontenDai", "論点1\t見出し") in styled_text(document)
    by_id = {style.style_id: style for style in document.styles}
    # LibreOffice ties Heading 1 and 2 to a numbering (of no visible format); ronten's labels are text.
    assert by_id["Heading2"].element.pPr.find(qn("w:numPr")) is None
    assert not _numbering(document).xpath("//w:lvl/w:pStyle")
    section = document.sections[0]
    assert _twips(section.left_margin) == _twips(section.right_margin) == 1247  # 22 mm
    assert section.header.paragraphs[0].text == "LibreOffice 事務局ヘッダー"
    assert section.footer.paragraphs[0]._p.xpath(".//w:fldChar")  # the page number
    # LibreOffice saves no theme: ronten's, with the Japanese fonts, takes its place.
    parts = {str(part.partname): part for part in document.part.package.iter_parts()}
    assert b'script="Jpan" typeface="' in parts["/word/theme/theme1.xml"].blob


def test_a_reference_part_missing_from_the_content_types_is_still_typed(tmp_path: Path):
    reference = japanese_word_reference()
    types = etree.fromstring(docx_part(reference, "[Content_Types].xml").encode())
    for override in types.xpath("//*[contains(@PartName, '/header')]"):
        types.remove(override)
    document = _render(rewrite_docx(reference, {"[Content_Types].xml": etree.tostring(types)}), tmp_path)
    assert document.sections[0].header.paragraphs[0].text == "○○市 研究会事務局"


# --- sections, headers and footers --------------------------------------------------------------


def test_two_sections_take_the_last_page_and_the_inherited_header(tmp_path: Path):
    word = word_document()
    word.sections[0].header.paragraphs[0].text = "第1節のヘッダー"
    word.sections[0].left_margin = Mm(20)
    word.add_paragraph("一節目")
    last = word.add_section()
    last.orientation = WD_ORIENT.LANDSCAPE
    last.page_width, last.page_height = Mm(297), Mm(210)
    last.left_margin = Mm(25)
    word.add_paragraph("二節目")
    document = _render(_saved(word), tmp_path)
    (section,) = document.sections
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert _twips(section.left_margin) == 1417  # 25 mm, the body-level section's
    # The last section has no header of its own: Word shows the previous section's, and so does ronten.
    assert section.header.paragraphs[0].text == "第1節のヘッダー"
    assert [text for _, text in styled_text(document)][:1] == ["論点メモ"]


def test_first_page_and_even_page_headers(tmp_path: Path):
    word = word_document()
    section = word.sections[0]
    section.header.paragraphs[0].text = "奇数ページ"
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "1ページ目"
    section.even_page_header.paragraphs[0].text = "偶数ページ"
    section.even_page_footer.paragraphs[0].text = "偶数フッター"
    word.settings.odd_and_even_pages_header_footer = True
    document = _render(_saved(word), tmp_path)
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert document.settings.odd_and_even_pages_header_footer
    assert section.header.paragraphs[0].text == "奇数ページ"
    assert section.first_page_header.paragraphs[0].text == "1ページ目"
    assert section.even_page_header.paragraphs[0].text == "偶数ページ"
    assert section.even_page_footer.paragraphs[0].text == "偶数フッター"


def test_material_every_page_goes_above_the_reference_header(tmp_path: Path):
    document = _render(japanese_word_reference(), tmp_path, material="資料1", material_every_page=True)
    header = document.sections[0].header
    assert [(p.text, p.style.name) for p in header.paragraphs] == [
        ("資料1", "Material"),
        ("○○市 研究会事務局", "Header"),
    ]
    assert "資料1" not in [text for _, text in styled_text(document)]


def test_material_every_page_on_every_kind_of_page(tmp_path: Path):
    word = word_document()
    section = word.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "1ページ目"
    word.settings.odd_and_even_pages_header_footer = True  # but no even-page header of its own
    document = _render(_saved(word), tmp_path, material="資料4", material_every_page=True)
    section = document.sections[0]
    assert [p.text for p in section.first_page_header.paragraphs] == ["資料4", "1ページ目"]
    # Pages without a header of their own in the reference get one holding the material alone.
    assert [p.text for p in section.header.paragraphs] == ["資料4"]
    assert [p.text for p in section.even_page_header.paragraphs] == ["資料4"]


def test_an_enlarged_body_never_gets_smaller_headings(tmp_path: Path):
    word = word_document()
    word.styles["Normal"].font.size = Pt(14)
    word.styles["Heading 2"].font.size = Pt(12)  # the office's own heading, now smaller than the body
    document = _render(_saved(word), tmp_path)
    by_id = {style.style_id: style for style in document.styles}

    def size(style_id: str) -> float:
        style = by_id[style_id]
        while style.font.size is None:
            style = style.base_style
        return style.font.size.pt

    assert size("Normal") == 14
    # The reference's heading 2 is raised to the body; ronten's added styles grow with the body,
    # keeping their proportion (Material, 12 pt at 10.5 pt, becomes 16 at 14).
    assert size("Heading2") == size("RontenDai") == 14
    assert size("Material") == 16 and size("RontenParenNumber") == 14
    for style_id in ("Heading1", "Heading2", "Heading3", "Heading4", "Heading5", "Heading6"):
        assert size(style_id) >= size("Normal"), style_id
    # And the layout is measured in the body's em: a ・ under (1) hangs one 14 pt character.
    (bullet,) = [p for p in document.paragraphs if p.text == "・項目"]
    assert round(-bullet.paragraph_format.first_line_indent / 635) == 280


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


# A 1x1 transparent PNG.
_PNG = (
    b"\x89PNG\r\n\x1a\n"
    + _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0))
    + _chunk(b"IDAT", zlib.compress(b"\0\0\0\0\0"))
    + _chunk(b"IEND", b"")
)


def test_a_picture_in_the_header_comes_with_it(tmp_path: Path):
    word = word_document()
    (tmp_path / "logo.png").write_bytes(_PNG)
    word.sections[0].header.paragraphs[0].add_run().add_picture(str(tmp_path / "logo.png"))
    document = _render(_saved(word), tmp_path)
    header = document.sections[0].header
    (blip,) = header._element.xpath(".//a:blip")
    image = header.part.related_parts[blip.get(qn("r:embed"))]
    assert image.blob == _PNG and image.content_type == "image/png"


def test_output_with_a_reference_is_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765350000")
    options = DocxOptions(reference=_write(tmp_path, japanese_word_reference()))
    assert markdown_to_docx(MEMO, options).data == markdown_to_docx(MEMO, options).data


def test_landscape_turns_the_reference_page(tmp_path: Path):
    document = _render(default_reference_docx(), tmp_path, landscape=True)
    section = document.sections[0]
    assert (_twips(section.page_width), _twips(section.page_height)) == (A4_HEIGHT, A4_WIDTH)
    assert section.orientation == WD_ORIENT.LANDSCAPE


def test_default_reference_round_trips_as_a_reference(tmp_path: Path):
    document = _render(default_reference_docx(), tmp_path)
    assert document.sections[0].footer.paragraphs[0]._p.xpath(".//w:instrText")[0].text == " PAGE "
    assert ("RontenDai", "論点1\t見出し") in styled_text(document)


def test_a_style_that_inherits_numbering_is_unnumbered_explicitly(tmp_path: Path):
    word = word_document()
    (heading2,) = word.styles.element.xpath('w:style[@w:styleId="Heading2"]')
    # Based on a numbered list style: the numbering would come through the base style.
    heading2.find(qn("w:basedOn")).set(qn("w:val"), "ListNumber")
    document = _render(_saved(word), tmp_path)
    by_id = {style.style_id: style for style in document.styles}
    assert by_id["ListNumber"].element.xpath("w:pPr/w:numPr")  # left as the reference has it
    assert by_id["Heading2"].element.xpath("w:pPr/w:numPr/w:numId/@w:val") == ["0"]


# --- Strict OOXML and UTF-16 ---------------------------------------------------------------------

_TO_STRICT = {
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main": (
        b"http://purl.oclc.org/ooxml/wordprocessingml/main"
    ),
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": (
        b"http://purl.oclc.org/ooxml/officeDocument/relationships"
    ),
}


def _strict(data: bytes) -> bytes:
    """``data`` with its WordprocessingML and relationships in Strict OOXML's namespaces and types."""
    edits: dict[str, bytes | None] = {}
    with zipfile.ZipFile(BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")) and name.startswith(("word/", "_rels/")):
                content = archive.read(name)
                for transitional, strict in _TO_STRICT.items():
                    content = content.replace(transitional, strict)
                edits[name] = content
    return rewrite_docx(data, edits)


def test_a_strict_ooxml_reference(tmp_path: Path):
    reference = _strict(japanese_word_reference("Strict のヘッダー"))
    assert "purl.oclc.org/ooxml/wordprocessingml/main" in docx_part(reference)
    document = _render(reference, tmp_path)
    assert ("RontenDai", "論点1\t見出し") in styled_text(document)
    assert {style.style_id: style for style in document.styles}["RontenDai"].base_style.style_id == "2"
    assert document.sections[0].header.paragraphs[0].text == "Strict のヘッダー"
    assert _twips(document.sections[0].left_margin) == 1134


def test_utf16_parts(tmp_path: Path):
    reference = japanese_word_reference("UTF-16 のヘッダー")
    edits: dict[str, bytes | None] = {}
    for name in ("word/document.xml", "word/styles.xml", "word/header1.xml", "word/_rels/document.xml.rels"):
        text = docx_part(reference, name).split("?>", 1)[1]
        edits[name] = ('<?xml version="1.0" encoding="UTF-16" standalone="yes"?>' + text).encode("utf-16")
    data = markdown_to_docx(
        MEMO, DocxOptions(reference=_write(tmp_path, rewrite_docx(reference, edits)))
    ).data
    document = valid_docx(data)
    assert document.sections[0].header.paragraphs[0].text == "UTF-16 のヘッダー"
    assert ("RontenDai", "論点1\t見出し") in styled_text(document)
    # What ronten writes is UTF-8, whatever the reference used.
    for name in docx_names(data):
        if name.endswith(".xml"):
            assert zipfile.ZipFile(BytesIO(data)).read(name).startswith(b"<?xml version"), name
            docx_part(data, name)  # decodes as UTF-8


def _write(folder: Path, data: bytes) -> Path:
    path = folder / "reference.docx"
    path.write_bytes(data)
    return path


# --- the document defaults -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "styles",
    [
        '<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="21"/></w:rPr></w:rPrDefault>'
        "</w:docDefaults></w:styles>",
        "<w:styles><w:docDefaults><w:pPrDefault/></w:docDefaults></w:styles>",
        '<w:styles><w:style w:styleId="Normal"/></w:styles>',
        '<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-US" w:eastAsia="en-US"/>'
        "</w:rPr></w:rPrDefault></w:docDefaults></w:styles>",
    ],
)
def test_a_reference_without_an_east_asian_language_gets_japanese(styles: str):
    root = etree.fromstring(styles.replace("<w:styles>", f'<w:styles xmlns:w="{wml.W}">', 1))
    _japanese_defaults(root)
    assert etree.QName(root[0]).localname == "docDefaults"
    (defaults,) = root.findall(qn("w:docDefaults"))
    assert etree.QName(defaults[0]).localname == "rPrDefault"  # before pPrDefault
    assert defaults.xpath("w:rPrDefault/w:rPr/w:lang/@w:eastAsia", namespaces={"w": wml.W}) == ["ja-JP"]
    assert defaults.xpath("w:rPrDefault/w:rPr/w:lang/@w:val", namespaces={"w": wml.W}) in ([], ["en-US"])


# --- broken references -----------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"not a zip at all"])
def test_a_broken_reference_is_one_clear_error(tmp_path: Path, content: bytes):
    reference = tmp_path / "styles.docx"
    reference.write_bytes(content)
    with pytest.raises(InputError, match=r"styles\.docx: not a Word document"):
        markdown_to_docx(MEMO, DocxOptions(reference=reference))


def test_a_reference_without_styles_is_refused(tmp_path: Path):
    reference = rewrite_docx(japanese_word_reference(), {"word/styles.xml": None})
    with pytest.raises(InputError, match=r"reference\.docx: not a Word document \(it has no styles part\)"):
        markdown_to_docx(MEMO, DocxOptions(reference=_write(tmp_path, reference)))


def test_cli_reports_a_broken_reference_in_one_line(ronten, tmp_path: Path):
    reference = tmp_path / "broken.docx"
    reference.write_text("not a docx", encoding="utf-8")
    out = tmp_path / "memo.docx"
    result = ronten("render", SEED, "-o", out, "--reference-doc", reference)
    assert result.code == 2
    assert result.err.count("\n") == 1 and "broken.docx: not a Word document" in result.err
    assert not out.exists()
