"""Open a .docx the way its reader meets it: its XML parts, and LibreOffice's PDF of it.

Shared by every test that writes Word files (render, diff, meeting). LibreOffice takes seconds
to start, so ``to_pdf`` converts many files in one ``soffice`` call; each call uses a private
profile folder, so tests running in parallel do not fight over one.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path

import pytest

from ronten_cli.model import Outline

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDF_TOOLS = bool(shutil.which("pdfinfo") and shutil.which("pdftotext"))

# conftest makes every test so marked slow, and skips it when the tools are missing.
needs_libreoffice = pytest.mark.libreoffice

POINTS_PER_MM = 72 / 25.4
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


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
    """(style id, visible text) of each body paragraph; a tab shows as ``\\t``, a break as ``\\n``."""
    found = []
    for body in re.findall(r"<w:p\b[^>]*>(.*?)</w:p>", document_xml, re.DOTALL):
        style = re.search(r'<w:pStyle w:val="([^"]*)"', body)
        pieces = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:(tab|br)/>", body)
        text = "".join(t if t else ("\t" if kind == "tab" else "\n") for t, kind in pieces)
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        found.append((style[1] if style else "", text))
    return found


def to_pdf(paths: Sequence[Path], outdir: Path | None = None) -> list[Path]:
    """Convert .docx files to PDF with LibreOffice headless, in one call; returns the PDF paths."""
    assert SOFFICE, "soffice not found"
    outdir = outdir or paths[0].parent
    with tempfile.TemporaryDirectory(prefix="ronten-lo-") as profile:
        completed = subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                *map(str, paths),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    pdfs = [outdir / (path.stem + ".pdf") for path in paths]
    missing = [pdf.name for pdf in pdfs if not pdf.exists()]
    assert not missing, f"LibreOffice did not convert {missing}: {completed.stderr.strip()}"
    return pdfs


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


def runs(element: ET.Element) -> list[tuple[str, str | None]]:
    """(text, underline) of each run below ``element``; a tab is ``\\t``, deleted text included."""
    found = []
    for run in element.iter(f"{W}r"):
        text = "".join(
            "\t" if child.tag == f"{W}tab" else (child.text or "")
            for child in run
            if child.tag in (f"{W}t", f"{W}delText", f"{W}tab")
        )
        u = run.find(f"{W}rPr/{W}u")
        found.append((text, u.get(f"{W}val") if u is not None else None))
    return found


def expected_paragraphs(outline: Outline) -> list[str]:
    """What the memo says, paragraph by paragraph, as the tracked document must read when resolved."""
    out = [outline.title] if outline.title else []
    out += [note.text for note in outline.preface]
    out += [("・" if node.marker == "bullet" else node.label) + "\t" + node.text for node in outline.walk()]
    out += [note.mark + note.text for note in outline.notes]
    return out


def resolve(document_xml: str, accept: bool) -> list[str]:
    """Accept or reject every revision as Word does, and read the paragraphs that remain.

    A paragraph whose mark is removed (deleted on accept, inserted on reject) joins the next one.
    """
    drop, keep = (f"{W}del", f"{W}ins") if accept else (f"{W}ins", f"{W}del")
    body = ET.fromstring(document_xml).find(f"{W}body")
    assert body is not None
    out: list[str] = []
    carry = ""
    for paragraph in body.findall(f"{W}p"):
        pieces = []
        for child in paragraph:
            if child.tag == drop:
                continue
            for run in (
                [child] if child.tag == f"{W}r" else child.findall(f"{W}r") if child.tag == keep else []
            ):
                pieces.extend(t for t, _ in runs(run))
        mark = paragraph.find(f"{W}pPr/{W}rPr/{drop}")
        carry += "".join(pieces)
        if mark is None:
            out.append(carry)
            carry = ""
    while out and out[-1] == "":
        out.pop()
    return out
