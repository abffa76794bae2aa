"""The ooxml writing layer: builders, the schema's child order, and the package it zips."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from io import BytesIO

import pytest
from lxml import etree

from ronten_cli.errors import OutputError
from ronten_cli.ooxml import package as opc
from ronten_cli.ooxml import wml

W = f"{{{wml.W}}}"


def _element(xml: str) -> etree._Element:
    return etree.fromstring(f'<w:root xmlns:w="{wml.W}" xmlns:r="{wml.R}">{xml}</w:root>')[0]


def _children(element: etree._Element) -> list[str]:
    return [etree.QName(child).localname for child in element]


def test_escape_drops_what_xml_cannot_hold():
    assert wml.escape("a<b>&c\x00\x1f\ufffe") == "a&lt;b&gt;&amp;c"
    assert wml.attr('明朝 "&<\t') == "明朝 &quot;&amp;&lt;&#9;"


def test_run_formatting_tabs_and_breaks():
    xml = wml.run("ア\tイ\nウ", bold=True, italic=True, underline="double")
    assert xml == (
        '<w:r><w:rPr><w:b/><w:bCs/><w:i/><w:iCs/><w:u w:val="double"/></w:rPr>'
        "<w:t>ア</w:t><w:tab/><w:t>イ</w:t><w:br/><w:t>ウ</w:t></w:r>"
    )
    assert wml.run(" 前後の空白 ") == '<w:r><w:t xml:space="preserve"> 前後の空白 </w:t></w:r>'
    assert wml.run("消した", deleted=True) == "<w:r><w:delText>消した</w:delText></w:r>"
    assert wml.run("") == wml.run("\x01") == ""


def test_children_come_out_in_schema_order_whatever_order_they_are_given():
    given = {"jc": '<w:jc w:val="center"/>', "rPr": "<w:rPr/>", "pStyle": '<w:pStyle w:val="x"/>'}
    assert _children(_element(wml.element("pPr", given))) == ["pStyle", "jc", "rPr"]
    # The 新旧対照表's borders: insideH before insideV, as Word requires (it was written the other way).
    sides = {side: "single" for side in ("insideV", "right", "insideH", "top", "bottom", "left")}
    table = _element(wml.table([], [100], borders=sides))
    assert _children(table.find(f"{W}tblPr/{W}tblBorders")) == [
        "top",
        "left",
        "bottom",
        "right",
        "insideH",
        "insideV",
    ]
    with pytest.raises(KeyError):
        wml.element("pPr", {"pStlye": "<w:pStlye/>", "jc": "<w:jc/>"})


def test_paragraph_flags_become_properties_in_order():
    mark = wml.revision_mark("del", 7, 'A "B"', "2025-12-10T07:00:00Z")
    xml = wml.paragraph(
        wml.run("x"),
        style="Heading2",
        align="right",
        indent=(420, 210),
        page_break_before=True,
        mark=mark,
        border_bottom=True,
    )
    properties = _element(xml).find(f"{W}pPr")
    assert _children(properties) == ["pStyle", "pageBreakBefore", "pBdr", "ind", "jc", "rPr"]
    deleted = properties.find(f"{W}rPr/{W}del")
    assert (deleted.get(f"{W}id"), deleted.get(f"{W}author")) == ("7", 'A "B"')


@pytest.mark.parametrize("indent", [(420, 210), (630, 0)])
def test_a_styled_indented_paragraph_is_written_as_the_general_path_writes_it(indent):
    # The one-step path for a style and an indent, against the general path (an outline level
    # forces it), with the outline level taken out again.
    fast = wml.paragraph(wml.run("x"), style="ListItem1", indent=indent)
    general = wml.paragraph(wml.run("x"), style="ListItem1", indent=indent, outline_level=9)
    assert fast == general.replace('<w:outlineLvl w:val="9"/>', "")
    assert _children(_element(fast).find(f"{W}pPr")) == ["pStyle", "ind"]


def test_insert_child_places_an_element_among_a_users_children():
    properties = _element(
        '<w:rPr xmlns:x="urn:x"><w:rFonts/><x:extension/><w:sz w:val="21"/><w:eastAsianLayout/></w:rPr>'
    )
    wml.insert_child(properties, etree.Element(f"{W}lang"))
    wml.insert_child(properties, etree.Element(f"{W}b"))
    assert _children(properties) == ["rFonts", "b", "extension", "sz", "lang", "eastAsianLayout"]


def test_section_and_landscape_page():
    page = wml.Page(11906, 16838, (1701, 1701, 1417, 1701))
    section = _element(wml.section(page.landscape(), [("footer", "default", "rId4")]))
    assert _children(section) == ["footerReference", "pgSz", "pgMar", "cols", "docGrid"]
    size = section.find(f"{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h"), size.get(f"{W}orient")) == ("16838", "11906", "landscape")
    assert section.find(f"{W}pgMar").get(f"{W}bottom") == "1417"  # the footer's margin stays


def test_style_refers_to_the_ids_it_is_given():
    style = wml.Style("Heading2", "heading 2", next="BodyText", rpr={"sz": '<w:sz w:val="22"/>'})
    element = _element(style.xml({"Normal": "a", "BodyText": "a7"}, "2"))
    assert element.get(f"{W}styleId") == "2"
    assert _children(element) == ["name", "basedOn", "next", "qFormat", "rPr"]
    assert [element.find(f"{W}{tag}").get(f"{W}val") for tag in ("basedOn", "next")] == ["a", "a7"]


# --- the package ---------------------------------------------------------------------------------
_WHEN = datetime(2025, 12, 10, 7, 0, 0, tzinfo=UTC)


def _parts(document: str = "<w:body/>") -> list[opc.Part]:
    return [
        opc.Part("_rels/.rels", opc.relationships([opc.Relationship("rId1", "t", "word/document.xml")])),
        opc.Part("word/document.xml", wml.part("document", document), opc.CONTENT_TYPE["document"]),
        opc.Part("word/media/a.png", b"\x89PNG", "image/png"),
    ]


def test_write_lists_every_part_and_is_deterministic():
    data = opc.write(_parts(), _WHEN)
    assert data == opc.write(_parts(), _WHEN)
    with zipfile.ZipFile(BytesIO(data)) as archive:
        assert archive.namelist() == [
            "[Content_Types].xml",
            "_rels/.rels",
            "word/document.xml",
            "word/media/a.png",
        ]
        assert {info.date_time for info in archive.infolist()} == {(2025, 12, 10, 7, 0, 0)}
        types = etree.fromstring(archive.read("[Content_Types].xml"))
    overrides = {
        entry.get("PartName"): entry.get("ContentType") for entry in types if "PartName" in entry.attrib
    }
    assert overrides == {"/word/document.xml": opc.CONTENT_TYPE["document"], "/word/media/a.png": "image/png"}


@pytest.mark.parametrize("broken", ["<w:body>", "<w:body><x:y/></w:body>", "<w:body>&nbsp;</w:body>"])
def test_a_part_that_is_not_well_formed_is_never_written(broken: str):
    with pytest.raises(OutputError) as caught:
        opc.write(_parts(broken), _WHEN)
    assert "part word/document.xml is not well-formed XML" in str(caught.value)
    assert caught.value.field == "word/document.xml"


def test_two_parts_of_one_name_are_refused():
    with pytest.raises(OutputError, match=r"two parts named word/media/a\.png"):
        opc.write([*_parts(), opc.Part("word/media/a.png", b"")], _WHEN)


def test_theme_names_the_fonts_escaped():
    theme = etree.fromstring(opc.theme('ゴシック"&', "明朝<").encode())
    drawing = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    japanese = [font.get("typeface") for font in theme.iter(f"{drawing}font") if font.get("script") == "Jpan"]
    assert japanese == ['ゴシック"&', "明朝<"]
