"""Hostile reference documents: each finding of the red-team pass on ``--reference-doc``, built here.

Every file runs through the real command in a child process held to a memory and CPU limit
(``resource.setrlimit``), so a regression fails the test instead of eating the machine: exit 2, one
line on stderr naming the file, well within the time, and nothing written.
"""

from __future__ import annotations

import io
import os
import resource
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from .docx_helpers import docx_names, japanese_word_reference, rewrite_docx, valid_docx
from .helpers import SEED

# Every case runs ronten in a child process (as test_hostile's do): seconds each.
pytestmark = pytest.mark.slow

MEMORY = 1 << 30  # address space: Python with lxml needs a few hundred MB, the zip bomb 8-11 GB
SECONDS = 30  # CPU seconds before the kernel stops the child
WALL = 20.0  # what a test allows; the findings took 90 s and 228 s

_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (SECONDS, SECONDS))


def _render(tmp_path: Path, reference: bytes) -> tuple[subprocess.CompletedProcess[str], float, Path]:
    """``ronten render`` of the seed memo with ``reference``, in a limited child process."""
    (tmp_path / "ref.docx").write_bytes(reference)
    (tmp_path / "memo.md").write_bytes(SEED.read_bytes())
    out = tmp_path / "memo.docx"
    env = {key: value for key, value in os.environ.items() if not key.startswith("RONTEN")}
    start = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ronten_cli",
            "render",
            "memo.md",
            "-o",
            out.name,
            "--reference-doc",
            "ref.docx",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=WALL * 3,
        preexec_fn=_limits,
        env=env,
    )
    return done, time.monotonic() - start, out


def _refused(tmp_path: Path, reference: bytes, *words: str) -> str:
    done, seconds, out = _render(tmp_path, reference)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("ronten: error: ref.docx: "), done.stderr
    for word in words:
        assert word in done.stderr
    assert "internal error" not in done.stderr
    assert seconds < WALL
    assert not out.exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["memo.md", "ref.docx"]
    return done.stderr


def _accepted(tmp_path: Path, reference: bytes) -> bytes:
    done, seconds, out = _render(tmp_path, reference)
    assert done.returncode == 0, done.stderr
    assert seconds < WALL
    return out.read_bytes()


def _with_document(body: str, **parts: bytes | None) -> bytes:
    """The Japanese Word reference with ``body`` as its document's body, and ``parts`` replaced."""
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}" xmlns:r="{_RELS}">'
        f"<w:body>{body}</w:body></w:document>"
    ).encode()
    return rewrite_docx(japanese_word_reference(), {"word/document.xml": document, **parts})


def _raw_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of already-deflated members: (name, raw deflate data, CRC-32, uncompressed size)."""
    local, central = b"", b""
    for name, data, crc, size in members:
        encoded = name.encode()
        fields = struct.pack("<HHHHHIII", 20, 0, 8, 0, 0x21, crc, len(data), size)
        central += (
            b"PK\x01\x02"
            + struct.pack("<H", 20)
            + fields
            + struct.pack("<HHHHHII", len(encoded), 0, 0, 0, 0, 0, len(local))
            + encoded
        )
        local += b"PK\x03\x04" + fields + struct.pack("<HH", len(encoded), 0) + encoded + data
    end = struct.pack("<HHHHIIH", 0, 0, len(members), len(members), len(central), len(local), 0)
    return local + central + b"PK\x05\x06" + end


def _deflated(data: bytes) -> tuple[bytes, int, int]:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(), zlib.crc32(data), len(data)


def _zip_bomb(size: int) -> bytes:
    """A .docx of about 1 MB whose styles part inflates to ``size`` bytes of zeros.

    One mebibyte of zeros is deflated once and its stream repeated: a full flush ends each copy on
    a byte boundary with no reference to what came before, so the copies chain into one stream.
    """
    block = b"\0" * (1 << 20)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    count = size // len(block)
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    stream = piece * count + b"\x03\x00"  # an empty final block ends the stream
    members = []
    with zipfile.ZipFile(io.BytesIO(japanese_word_reference())) as archive:
        for name in archive.namelist():
            if name != "word/styles.xml":
                members.append((name, *_deflated(archive.read(name))))
    members.append(("word/styles.xml", stream, crc, count * len(block)))
    return _raw_zip(members)


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path):
    bomb = _zip_bomb(1 << 30)
    assert len(bomb) < 2 << 20
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive, archive.open("word/styles.xml") as styles:
        assert styles.read(1 << 24) == b"\0" * (1 << 24)  # a real bomb: what it holds inflates
    _refused(tmp_path, bomb, "would unpack to")


def test_a_flood_of_section_properties_takes_no_time(tmp_path: Path):
    _refused(tmp_path, _with_document("<w:sectPr>" * 800), "word/document.xml", "not well-formed")


def test_many_sections_are_read_in_one_pass(tmp_path: Path):
    body = '<w:p><w:pPr><w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:pPr></w:p>' * 20_000
    data = _accepted(
        tmp_path, _with_document(body + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>')
    )
    valid_docx(data)


def test_entities_and_a_dtd_are_refused(tmp_path: Path):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "ああああああああああ">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>'
    ).encode()
    reference = rewrite_docx(japanese_word_reference(), {"word/document.xml": laughs})
    _refused(tmp_path, reference, "word/document.xml", "DTD")


def test_a_zip_slip_member_name_is_refused(tmp_path: Path):
    rels = (
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_RELS}/header" Target="../../evil/header9.xml"/></Relationships>'
    ).encode()
    reference = _with_document(
        '<w:sectPr><w:headerReference w:type="default" r:id="rId1"/></w:sectPr>',
        **{"../../evil/header9.xml": b"<x/>", "word/_rels/document.xml.rels": rels},
    )
    _refused(tmp_path, reference, "refused zip member name", "../../evil/header9.xml")
    assert not (tmp_path.parent / "evil").exists()


@pytest.mark.parametrize(
    ("target", "words"),
    [("document.xml", "points at a main part"), ("../../evil/header9.xml", "points outside the package")],
)
def test_a_header_aimed_out_of_place_is_refused(tmp_path: Path, target: str, words: str):
    rels = (
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_RELS}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId9" Type="{_RELS}/header" Target="{target}"/></Relationships>'
    ).encode()
    reference = _with_document(
        '<w:sectPr><w:headerReference w:type="default" r:id="rId9"/></w:sectPr>',
        **{"word/_rels/document.xml.rels": rels},
    )
    _refused(tmp_path, reference, "word/_rels/document.xml.rels", words)


def test_a_relationship_without_target_is_refused(tmp_path: Path):
    rels = (
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_RELS}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId9" Type="{_RELS}/header"/></Relationships>'
    ).encode()
    reference = _with_document("<w:p/>", **{"word/_rels/document.xml.rels": rels})
    _refused(tmp_path, reference, "word/_rels/document.xml.rels", "without Id, Type or Target")


def test_one_header_named_twice_is_copied_once(tmp_path: Path):
    rels = (
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_RELS}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId8" Type="{_RELS}/header" Target="header1.xml"/>'
        f'<Relationship Id="rId9" Type="{_RELS}/header" Target="/word/header1.xml"/></Relationships>'
    ).encode()
    reference = _with_document(
        '<w:sectPr><w:headerReference w:type="default" r:id="rId8"/>'
        '<w:headerReference w:type="first" r:id="rId9"/><w:headerReference w:type="default" r:id="rId9"/>'
        "<w:titlePg/></w:sectPr>",
        **{"word/_rels/document.xml.rels": rels},
    )
    data = _accepted(tmp_path, reference)
    names = docx_names(data)
    assert len(names) == len(set(names))
    assert [name for name in names if "header" in name] == ["word/header1.xml"]
    section = valid_docx(data).sections[0]
    assert (
        section.header.paragraphs[0].text
        == section.first_page_header.paragraphs[0].text
        == "○○市 研究会事務局"
    )


def test_utf16_parts_are_read(tmp_path: Path):
    reference = japanese_word_reference()
    with zipfile.ZipFile(io.BytesIO(reference)) as archive:
        edits: dict[str, bytes | None] = {
            name: archive.read(name).decode("utf-8").replace("UTF-8", "UTF-16", 1).encode("utf-16")
            for name in ("word/styles.xml", "word/header1.xml", "word/_rels/document.xml.rels")
        }
    data = _accepted(tmp_path, rewrite_docx(reference, edits))
    assert valid_docx(data).sections[0].header.paragraphs[0].text == "○○市 研究会事務局"
