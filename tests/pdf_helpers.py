"""Reading the PDFs ronten writes (poppler-utils, pypdf), and stand-ins for LibreOffice.

Shared by the PDF tests of the library and of the commands.
"""

from __future__ import annotations

import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter


def pdfinfo(pdf: Path) -> str:
    return subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout


def fonts(pdf: Path) -> list[tuple[str, str]]:
    """(font name, the 'emb' column) of every font pdffonts lists."""
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    found = []
    for line in lines.splitlines()[2:]:
        columns = line.split()
        # name, type (one or two words), encoding, emb, sub, uni, object, id: emb is 5th from the end
        found.append((columns[0], columns[-5]))
    return found


def outline(pdf: Path) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every bookmark, in order."""
    reader = PdfReader(pdf)
    found: list[tuple[int, str, int]] = []

    def walk(items, depth):
        for entry in items:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                found.append((depth, entry.title, reader.get_destination_page_number(entry)))

    walk(reader.outline, 0)
    return found


def xlsx(table: list[tuple[str, str]]) -> bytes:
    """A minimal two-column spreadsheet, as Excel's file format has it. (Calc 7.4 marks the PDF of
    this file tagged but gives it no structure tree, unlike the .xlsx Calc writes itself.)"""
    rows = "".join(
        f'<row r="{n}">'
        + "".join(
            f'<c r="{column}{n}" t="inlineStr"><is><t>{text}</t></is></c>'
            for column, text in zip("AB", row, strict=True)
        )
        + "</row>"
        for n, row in enumerate(table, 1)
    )
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    types = "application/vnd.openxmlformats"
    sheets = f"{types}-officedocument.spreadsheetml"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="{types}-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{sheets}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{sheets}.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" Type="{rel}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" Type="{rel}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{rows}</sheetData></worksheet>',
    }
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, xml in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + xml)
    return buffer.getvalue()


def blank_pdf(pages: int) -> bytes:
    """An untagged PDF of blank A4 pages, as a scanner or another program might leave one."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def fake_soffice(folder: Path, body: str) -> Path:
    script = folder / "soffice"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return script


def gone(pid: int) -> bool:
    """Whether the process has ended (a zombie waiting for its parent has)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in ("Z", "X")


# A LibreOffice that never finishes: it starts a child, as soffice starts soffice.bin, and keeps a
# file open in its profile folder.
SLEEPER = (
    'profile="${{1#-env:UserInstallation=file://}}"; mkdir -p "$profile"; exec 3> "$profile/lock"\n'
    'echo $$ > "{pids}"; sleep 60 & echo $! >> "{pids}"; wait'
)


def hide_soffice(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Path:
    """A PATH of just ``folder`` (no soffice, no libreoffice), and no installation where the
    Windows and macOS installers put it."""
    folder.mkdir(exist_ok=True)
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.delenv("RONTEN_SOFFICE", raising=False)
    monkeypatch.setattr("ronten_cli.office._installed", list)
    return folder
