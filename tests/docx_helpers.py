"""Open a .docx the way its readers meet it: validated, through python-docx, and as LibreOffice's PDF.

Shared by every test that writes Word files (render, diff, meeting). ``valid_docx`` checks a file
with openxml-audit (a Python port of the Open XML SDK's validator: Word refuses what LibreOffice
forgives) and returns it as python-docx reads it. LibreOffice takes seconds to start, so
``libreoffice_convert`` converts many files in one ``soffice`` call; each call uses a private profile folder,
so tests running in parallel do not fight over one.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from typing import Any, NamedTuple
from xml.etree import ElementTree

import pytest

from ronten_cli.model import Block, Node, Outline, Table, in_order

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDF_TOOLS = bool(shutil.which("pdfinfo") and shutil.which("pdftotext"))

# conftest makes every test so marked slow, and skips it when the tools are missing.
needs_libreoffice = pytest.mark.libreoffice

POINTS_PER_MM = 72 / 25.4
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


_VALID: set[bytes] = set()


@functools.cache
def _validator() -> Any:
    from openxml_audit import FileFormat, OpenXmlValidator

    return OpenXmlValidator(file_format=FileFormat.OFFICE_2016)


def valid_docx(docx: Path | bytes) -> Any:
    """``docx`` as python-docx reads it, after asserting that openxml-audit finds no error in it
    (Office 2016 rules: schema, child order, relationships, content types)."""
    from docx import Document

    data = docx if isinstance(docx, bytes) else docx.read_bytes()
    digest = hashlib.sha256(data).digest()
    # Many tests make the very same document (output is deterministic): it is validated once.
    if digest not in _VALID:
        with tempfile.NamedTemporaryFile(suffix=".docx") as file:
            file.write(data)
            file.flush()
            result = _validator().validate(file.name)
        assert result.is_valid, "\n".join(str(error) for error in result.errors[:20])
        _VALID.add(digest)
    return Document(BytesIO(data))


def styled_text(document: Any) -> list[tuple[str, str]]:
    """(style id, text) of each body paragraph python-docx reads; a tab is ``\t``, a break ``\n``."""
    return [(paragraph.style.style_id, paragraph.text) for paragraph in document.paragraphs]


def docx_part(docx: Path | bytes, part: str = "word/document.xml") -> str:
    """One XML part of a .docx, as text."""
    source = BytesIO(docx) if isinstance(docx, bytes) else docx
    with zipfile.ZipFile(source) as archive:
        return archive.read(part).decode("utf-8")


def docx_names(docx: Path | bytes) -> list[str]:
    """The part names in a .docx, in zip order."""
    source = BytesIO(docx) if isinstance(docx, bytes) else docx
    with zipfile.ZipFile(source) as archive:
        return archive.namelist()


def paragraphs(document_xml: str) -> list[tuple[str, str]]:
    """(style id, visible text) of every paragraph, in table cells too; a tab shows as ``\\t``, a
    break as ``\\n``, deleted text not at all."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    shown = {f"{w}tab": "\t", f"{w}br": "\n"}
    found = []
    for paragraph in ElementTree.fromstring(document_xml).iter(f"{w}p"):
        style = paragraph.find(f"{w}pPr/{w}pStyle")
        text = "".join(
            (node.text or "") if node.tag == f"{w}t" else shown.get(node.tag, "") for node in paragraph.iter()
        )
        found.append((style.get(f"{w}val", "") if style is not None else "", text))
    return found


def libreoffice_convert(paths: Sequence[Path], target: str, outdir: Path) -> list[Path]:
    """Convert ``paths`` with LibreOffice headless, in one call, to ``target`` (``pdf``, ``docx``,
    ``txt:Text (encoded):UTF8``) in ``outdir``; returns the converted files."""
    assert SOFFICE, "soffice not found"
    with tempfile.TemporaryDirectory(prefix="ronten-lo-") as profile:
        done = subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(outdir),
                *map(str, paths),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    suffix = "." + target.split(":")[0]
    found = [outdir / (path.stem + suffix) for path in paths]
    missing = [path.name for path in found if not path.exists()]
    assert not missing, f"LibreOffice did not convert {missing}: {done.stderr.strip()}"
    return found


def to_pdf(paths: Sequence[Path], outdir: Path | None = None) -> list[Path]:
    """Convert .docx files to PDF, next to the first one unless ``outdir`` is given."""
    return libreoffice_convert(paths, "pdf", outdir or paths[0].parent)


def documents_to_pdf(folder: Path, documents: dict[str, bytes]) -> dict[str, Path]:
    """Write each named .docx into ``folder`` and convert them all in one LibreOffice call."""
    paths = []
    for name, data in documents.items():
        path = folder / f"{name}.docx"
        path.write_bytes(data)
        paths.append(path)
    return dict(zip(documents, to_pdf(paths), strict=True))


def _pdfinfo(pdf: Path) -> str:
    return subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout


def pdf_page_size_mm(pdf: Path) -> tuple[float, float]:
    """Width and height of the first page in millimetres, rounded to 0.1 mm."""
    match = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", _pdfinfo(pdf))
    assert match, f"pdfinfo gave no page size for {pdf}"
    return round(float(match[1]) / POINTS_PER_MM, 1), round(float(match[2]) / POINTS_PER_MM, 1)


def pdf_pages(pdf: Path) -> int:
    """The number of pages."""
    match = re.search(r"Pages:\s+(\d+)", _pdfinfo(pdf))
    assert match, f"pdfinfo gave no page count for {pdf}"
    return int(match[1])


def pdf_text(pdf: Path, *, layout: bool = False) -> str:
    """The text of every page (pages separated by form feeds), as pdftotext reads it."""
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def pdf_page_lines(pdf: Path) -> list[str]:
    """Each page's text lines without spaces (pdftotext puts them between Japanese and Latin or
    digits) and without the page number the footer carries; empty pages are left out."""
    found = []
    for page in pdf_text(pdf, layout=True).split("\f"):
        lines = [re.sub(r"[ \t]+", "", line) for line in page.splitlines()]
        found.append("\n".join(line for line in lines if line and not line.isdigit()))
    return [page for page in found if page]


def pdf_words(pdf: Path, page: int = 1) -> list[tuple[float, float, str]]:
    """Each word on one page as (left, top, text), in points from the top left, in reading order."""
    args = ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"]
    boxes = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', boxes
    )
    return [(float(x), float(y), word) for x, y, word in found]


class Box(NamedTuple):
    """One word pdftotext finds: its page (1-based), left, top and right edges in points, and text."""

    page: int
    left: float
    top: float
    right: float
    text: str


def pdf_lines(pdf: Path) -> list[list[Box]]:
    """Every line of text of every page, top to bottom, each as its words left to right.

    pdftotext splits words at gaps, so a label and its text (one full-width space apart) are two
    words, while a ・ and the text that follows it directly are one.
    """
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True)
    lines: dict[tuple[int, float], list[Box]] = {}
    for number, page in enumerate(boxes.stdout.split("<page ")[1:], 1):
        for x0, y0, x1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', page
        ):
            # Words of one line share their top to a fraction of a point (fonts of one size).
            lines.setdefault((number, round(float(y0))), []).append(
                Box(number, float(x0), float(y0), float(x1), html.unescape(word))
            )
    return [sorted(words) for _, words in sorted(lines.items())]


# --- reference documents as offices have them ----------------------------------------------------
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Saved by LibreOffice 7 (``soffice --convert-to docx`` of the .fodt beside it): its own style ids,
# a header, a footer with the page number, 22 mm side margins, Heading 1/2 tied to numbering.
LIBREOFFICE_REFERENCE = FIXTURES / "reference-libreoffice.docx"

# The style ids Japanese Word gives the built-in styles (it shows 見出し 2 for "heading 2", id "2").
JAPANESE_STYLE_IDS = {
    "Normal": "a",
    "Heading1": "1",
    "Heading2": "2",
    "Heading3": "3",
    "Heading1Char": "10",
    "Heading2Char": "20",
    "Heading3Char": "30",
    "Header": "a3",
    "HeaderChar": "a4",
    "Footer": "a5",
    "FooterChar": "a6",
    "BodyText": "a7",
    "BodyTextChar": "a8",
    "TableGrid": "af",
}


def zip_parts(parts: dict[str, bytes | str]) -> bytes:
    """A zip holding ``parts`` (name: content) as given: a package, well-formed or not."""
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def rewrite_docx(data: bytes, edits: dict[str, bytes | None]) -> bytes:
    """``data`` with the parts named in ``edits`` replaced (``None``: removed) or added."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in edits:
                target.writestr(info, source.read(info.filename))
        for name, content in edits.items():
            if content is not None:
                target.writestr(name, content)
    return out.getvalue()


def word_document() -> Any:
    """A new python-docx document, its styles as Word saves a new one: python-docx's template
    defines a hundred table styles (nine tenths of its styles part) where Word writes only those in
    use, and openxml-audit takes ten times as long over every document that copies them."""
    from docx import Document
    from docx.oxml.ns import qn

    word = Document()
    styles = word.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) not in (
            "TableNormal",
            "TableGrid",
        ):
            styles.remove(style)
    return word


@functools.cache
def japanese_word_reference(header: str = "○○市 研究会事務局") -> bytes:
    """A new document (``word_document``) reshaped as Japanese Word saves it: localised style ids
    ("2" for heading 2, "a3" for header), heading 2 tied to outline numbering (which would print
    "1." before "論点1"), A4 with 20 mm left margin, a header with ``header`` in it."""
    from docx.shared import Mm
    from lxml import etree

    word = word_document()
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = Mm(20)
    section.header.paragraphs[0].text = header
    section.header.paragraphs[0].style = word.styles["Header"]
    word.add_paragraph("placeholder")
    buffer = BytesIO()
    word.save(buffer)
    data = buffer.getvalue()
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    renamed = {f"{w}{tag}" for tag in ("pStyle", "rStyle", "tblStyle", "basedOn", "next", "link")}
    edits: dict[str, bytes | None] = {}
    with zipfile.ZipFile(BytesIO(data)) as archive:
        for name in archive.namelist():
            if not (name.startswith("word/") and name.endswith(".xml")):
                continue
            root = etree.fromstring(archive.read(name))
            for element in root.iter():
                if element.tag == f"{w}style":
                    style_id = element.get(f"{w}styleId", "")
                    element.set(f"{w}styleId", JAPANESE_STYLE_IDS.get(style_id, style_id))
                    if style_id == "Heading2":
                        properties = element.find(f"{w}pPr")
                        numbering = etree.fromstring(
                            f'<w:numPr xmlns:w="{w[1:-1]}"><w:ilvl w:val="1"/><w:numId w:val="90"/></w:numPr>'
                        )
                        before = {f"{w}{tag}" for tag in ("keepNext", "keepLines", "pageBreakBefore")}
                        properties.insert(sum(child.tag in before for child in properties), numbering)
                elif element.tag in renamed:
                    value = element.get(f"{w}val", "")
                    element.set(f"{w}val", JAPANESE_STYLE_IDS.get(value, value))
            edits[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    # Word's outline numbering on heading 2, next to the template's own list numbering.
    numbering = etree.fromstring(edits["word/numbering.xml"] or b"")
    numbers = numbering.find(f"{w}num")
    numbers.addprevious(
        etree.fromstring(
            f'<w:abstractNum xmlns:w="{w[1:-1]}" w:abstractNumId="90"><w:lvl w:ilvl="1"><w:start w:val="1"/>'
            '<w:numFmt w:val="decimal"/><w:pStyle w:val="2"/><w:lvlText w:val="%2."/><w:lvlJc w:val="left"/>'
            "</w:lvl></w:abstractNum>"
        )
    )
    numbering.append(
        etree.fromstring(f'<w:num xmlns:w="{w[1:-1]}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    edits["word/numbering.xml"] = etree.tostring(numbering, xml_declaration=True, encoding="UTF-8")
    return rewrite_docx(data, edits)


def runs(element: ET.Element) -> list[tuple[str, str | None]]:
    """(text, underline) of each run below ``element``; a tab is ``\\t``, a break ``\\n``, deleted
    text included."""
    found = []
    for run in element.iter(f"{W}r"):
        text = "".join(
            "\t" if child.tag == f"{W}tab" else "\n" if child.tag == f"{W}br" else (child.text or "")
            for child in run
            if child.tag in (f"{W}t", f"{W}delText", f"{W}tab", f"{W}br")
        )
        u = run.find(f"{W}rPr/{W}u")
        found.append((text, u.get(f"{W}val") if u is not None else None))
    return found


def expected_paragraphs(outline: Outline, *, cell_lines: bool = False) -> list[str]:
    """What the memo says, paragraph by paragraph, as the tracked document must read when resolved:
    items as label, tab and text; blocks (paragraphs, notes, tables as their rows) where they stand,
    and an empty paragraph between two tables. With ``cell_lines`` a table is one entry per cell,
    as LibreOffice's text export writes it."""
    out = [outline.title] if outline.title else []
    entries: list[Node | Block] = [*outline.preface]
    pending: list[Node | Block] = in_order(outline.children, outline.blocks)[::-1]
    while pending:
        entry = pending.pop()
        entries.append(entry)
        if isinstance(entry, Node):
            pending += in_order(entry.children, entry.blocks)[::-1]
    entries += outline.notes
    previous: Node | Block | None = None
    for entry in entries:
        if isinstance(entry, Node):
            # An item is compared and written as written (its markdown), emphasis marks included.
            out.append(("・" if entry.marker == "bullet" else entry.label + "\t") + entry.markdown)
        else:
            if entry.type == "table" and previous is not None and previous.type == "table":
                out.append("")  # Word joins two tables nothing stands between
            if cell_lines and isinstance(entry, Table):
                out += [cell for row in (entry.header, *entry.rows) for cell in row]
            else:
                out.append(entry.mark + entry.text)
        previous = entry
    return out


def resolve(document_xml: str, accept: bool) -> list[str]:
    """Accept or reject every revision as Word does, and read the paragraphs that remain; a table
    reads as one entry, its rows' cells joined by `` | ``, its rows by newlines.

    A paragraph whose mark is removed (deleted on accept, inserted on reject) joins the next one; a
    table row inserted (rejected) or deleted (accepted) as a whole goes.
    """
    drop, keep = (f"{W}del", f"{W}ins") if accept else (f"{W}ins", f"{W}del")

    def shown(paragraph: ET.Element) -> str:
        pieces = []
        for child in paragraph:
            if child.tag == drop:
                continue
            for run in (
                [child] if child.tag == f"{W}r" else child.findall(f"{W}r") if child.tag == keep else []
            ):
                pieces.extend(t for t, _ in runs(run))
        return "".join(pieces)

    body = ET.fromstring(document_xml).find(f"{W}body")
    assert body is not None
    out: list[str] = []
    carry = ""
    for element in body:
        if element.tag == f"{W}tbl":
            rows = [
                " | ".join("".join(shown(p) for p in cell.findall(f"{W}p")) for cell in row.findall(f"{W}tc"))
                for row in element.findall(f"{W}tr")
                if row.find(f"{W}trPr/{drop}") is None
            ]
            if rows:
                out.append("\n".join(rows))
            continue
        if element.tag != f"{W}p":
            continue
        carry += shown(element)
        if element.find(f"{W}pPr/{W}rPr/{drop}") is None:
            out.append(carry)
            carry = ""
    while out and out[-1] == "":
        out.pop()
    return out
