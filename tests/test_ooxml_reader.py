"""The safe OOXML package reader: every crafted package is one InputError naming file and part."""

from __future__ import annotations

import pytest

from ronten_cli.errors import InputError
from ronten_cli.ooxml import reader
from ronten_cli.ooxml.reader import open_package

from .docx_helpers import zip_parts

_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}</Relationships>'
)
_MAIN = (
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/>'
)
_DOC = '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>'


def _docx(**extra: bytes | str) -> bytes:
    return zip_parts({"_rels/.rels": _RELS.format(_MAIN), "word/document.xml": _DOC, **extra})


def test_reads_main_part_and_relationships() -> None:
    header_rel = (
        '<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'header" Target="header1.xml"/>'
        '<Relationship Id="rId8" Type="hyperlink" Target="https://example.org/" TargetMode="External"/>'
    )
    package = open_package(_docx(**{"word/_rels/document.xml.rels": _RELS.format(header_rel)}), "m.docx")
    assert package.main_part() == "word/document.xml"
    assert package.xml("word/document.xml").tag.endswith("}document")
    rels = package.relationships("word/document.xml")
    assert [(r.id, r.target, r.external) for r in rels] == [
        ("rId7", "word/header1.xml", False),
        ("rId8", "https://example.org/", True),
    ]


def test_utf16_part_is_read() -> None:
    data = ('<?xml version="1.0" encoding="UTF-16"?>' + _DOC).encode("utf-16")
    package = open_package(_docx(**{"word/document.xml": data}), "u.docx")
    assert package.xml("word/document.xml").tag.endswith("}document")


def _refused(data: bytes, *words: str) -> str:
    with pytest.raises(InputError) as caught:
        package = open_package(data, "bad.docx")
        package.main_part()
        package.xml(package.main_part())
        package.relationships(package.main_part())
    message = str(caught.value)
    assert message.startswith("bad.docx: ")
    assert "\n" not in message
    for word in words:
        assert word in message
    assert caught.value.path == "bad.docx"
    return message


def test_not_a_zip_and_truncatedzip_parts() -> None:
    _refused(b"hello", "not a Word document")
    _refused(_docx()[:-30], "not a Word document")


def test_password_protected_ole_file() -> None:
    _refused(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 512, "password")


def test_zip_without_document() -> None:
    _refused(zip_parts({"_rels/.rels": _RELS.format(""), "x.xml": "<x/>"}), "no word/document.xml")


def test_zip_slip_member_refused() -> None:
    _refused(_docx(**{"../../evil/header9.xml": "<x/>"}), "refused zip member name")
    _refused(_docx(**{"/abs.xml": "<x/>"}), "refused zip member name")


def test_zip_bomb_stops_at_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    # Declared sizes over the cap are refused before anything is inflated.
    bomb = _docx(**{"word/big.xml": b"<a>" + b" " * (3 * 2**20) + b"</a>"})
    monkeypatch.setattr(reader, "MAX_TOTAL", 2 * 2**20)
    _refused(bomb, "unpack to")


def test_lying_header_is_still_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    data = bytearray(_docx(**{"word/document.xml": b"<a>" + b" " * (3 * 2**20) + b"</a>"}))
    monkeypatch.setattr(reader, "MAX_TOTAL", 2 * 2**20)
    # Rewrite the central directory's uncompressed size of document.xml to a small lie.
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"word/document.xml"))
    data[central + 24 : central + 28] = (100).to_bytes(4, "little")
    with pytest.raises(InputError):
        package = open_package(bytes(data), "bad.docx")
        package.xml("word/document.xml")


def test_entities_and_dtd_refused() -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body>&b;</w:body></w:document>"
    )
    _refused(_docx(**{"word/document.xml": laughs}), "word/document.xml", "DTD")


def test_malformed_xml_names_the_part() -> None:
    _refused(_docx(**{"word/document.xml": "<w:document"}), "word/document.xml", "well-formed")


def test_relationship_leaving_the_package() -> None:
    rels = _RELS.format('<Relationship Id="rId2" Type="header" Target="../../etc/passwd"/>')
    _refused(_docx(**{"word/_rels/document.xml.rels": rels}), "points outside the package")


def test_relationship_at_the_main_part() -> None:
    rels = _RELS.format('<Relationship Id="rId2" Type="header" Target="document.xml"/>')
    _refused(_docx(**{"word/_rels/document.xml.rels": rels}), "main part")


def test_relationship_without_target() -> None:
    rels = _RELS.format('<Relationship Id="rId2" Type="header"/>')
    _refused(_docx(**{"word/_rels/document.xml.rels": rels}), "without Id, Type or Target")
