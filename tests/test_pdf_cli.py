"""``--to pdf`` on render, diff, agenda and minutes, and the meeting's bundle as PDF."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from .docx_helpers import needs_libreoffice, pdf_page_size_mm, pdf_pages, pdf_text
from .helpers import ROOT, SEED
from .pdf_helpers import SLEEPER, blank_pdf, fake_soffice, fonts, gone, hide_soffice, outline, pdfinfo, xlsx

posix_only = pytest.mark.skipif(os.name != "posix", reason="the fake soffice is a shell script")

MEETING = """\
committee: 都市自治体のデジタル人材に関する研究会
session: 2
date: 2026-12-10
place: 日本都市センター会議室
materials:
  - {id: 資料1, title: 論点メモ（案）, file: memo.md}
  - {id: 資料2, title: 委員名簿, file: meibo.xlsx}
  - {id: 資料3, title: 壊れた資料, file: broken.docx}
  - {id: 参考資料1, title: 事例集, file: jirei.pdf}
  - {id: 参考資料2, title: 当日配布}
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / "memo.md").write_bytes(SEED.read_bytes())
    (tmp_path / "memo-v2.md").write_bytes((ROOT / "docs" / "memo-v2.md").read_bytes())
    (tmp_path / "meeting.yaml").write_text(MEETING, encoding="utf-8")
    (tmp_path / "meibo.xlsx").write_bytes(xlsx([("氏名", "所属"), ("山田 太郎", "都市大学教授")]))
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 cut short")
    (tmp_path / "jirei.pdf").write_bytes(blank_pdf(2))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


INPUTS = ["broken.docx", "jirei.pdf", "meeting.yaml", "meibo.xlsx", "memo-v2.md", "memo.md"]


def tagged(pdf: Path) -> bool:
    return re.search(r"^Tagged:\s+yes$", pdfinfo(pdf), re.M) is not None


@pytest.mark.libreoffice
@needs_libreoffice
def test_render_o_name_pdf_implies_pdf(ronten, folder):
    result = ronten("render", "memo.md", "-o", "資料1.pdf", "--set", "material=資料1")
    assert (result.code, result.err) == (0, "wrote 資料1.pdf\n")
    pdf = folder / "資料1.pdf"
    assert pdf_page_size_mm(pdf) == (210.0, 297.0) and tagged(pdf)
    assert all(emb == "yes" for _, emb in fonts(pdf))
    reader = PdfReader(pdf)
    assert (reader.metadata.title, reader.root_object["/Lang"]) == ("論点メモ(案)", "ja")
    assert re.sub(r"\s+", "", pdf_text(pdf)).startswith("資料1")  # the material id, top right of page 1
    assert (1, "論点1 都市自治体が取り組むデジタル人材確保・育成の意義", 0) in outline(pdf)
    assert names(folder) == sorted([*INPUTS, "資料1.pdf"])  # nothing else left behind


@pytest.mark.libreoffice
@needs_libreoffice
def test_diff_writes_the_shinkyu_table_as_pdf_never_text(ronten, folder):
    result = ronten("diff", "memo.md", "memo-v2.md", "-o", "新旧.pdf", "--pdfa")
    assert result.code == 1, result.err  # differences found, as with any diff
    assert result.err.startswith("wrote 新旧.pdf: ")
    pdf = folder / "新旧.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert pdf_page_size_mm(pdf) == (297.0, 210.0) and tagged(pdf)
    assert "新旧対照表" in pdf_text(pdf)
    xmp = PdfReader(pdf).xmp_metadata
    assert (xmp.pdfaid_part, xmp.pdfaid_conformance) == ("2", "B")


@pytest.mark.libreoffice
@needs_libreoffice
def test_diff_tracked_as_pdf(ronten, folder):
    result = ronten("diff", "memo.md", "memo-v2.md", "--tracked", "-o", "修正履歴.pdf")
    assert result.code == 1, result.err
    pdf = folder / "修正履歴.pdf"
    assert pdf_page_size_mm(pdf) == (210.0, 297.0) and tagged(pdf)
    assert PdfReader(pdf).root_object["/Lang"] == "ja"
    text = re.sub(r"\s+", "", pdf_text(pdf))  # the revisions are printed: deleted and inserted text
    assert "法制度の整備" in text and "都市自治体に求められるデジタル人材像" in text


@pytest.mark.libreoffice
@needs_libreoffice
@pytest.mark.parametrize(
    ("command", "args", "written", "title"),
    [
        (
            "agenda",
            ["--to", "pdf"],
            "meeting-agenda.pdf",
            "第2回 都市自治体のデジタル人材に関する研究会 次第",
        ),
        (
            "minutes",
            ["-o", "議事要旨.pdf"],
            "議事要旨.pdf",
            "第2回 都市自治体のデジタル人材に関する研究会 議事要旨",
        ),
    ],
)
def test_agenda_and_minutes_as_pdf(ronten, folder, command, args, written, title):
    result = ronten(command, "meeting.yaml", *args)
    assert (result.code, result.err) == (0, f"wrote {written}\n")
    pdf = folder / written
    assert tagged(pdf) and PdfReader(pdf).metadata.title == title
    assert "日本都市センター会議室" in pdf_text(pdf)


@pytest.mark.libreoffice
@needs_libreoffice
def test_bundle_as_pdf(ronten, folder):
    result = ronten("agenda", "meeting.yaml", "--bundle", "配布", "--to", "pdf")
    assert result.code == 2  # a material could not be converted; everything else is written
    lines = result.err.splitlines()
    assert [line for line in lines if line.startswith("ronten: error: ")] == [
        "ronten: error: 資料3 壊れた資料 (broken.docx): LibreOffice could not open it (is it a valid .docx "
        "file, and is LibreOffice Writer installed? Debian/Ubuntu: libreoffice-writer-nogui)"
    ]
    assert not any("print it separately" in line for line in lines)
    bundle = folder / "配布"
    parts = ["00_次第.pdf", "01_資料1_論点メモ（案）.pdf", "02_資料2_委員名簿.pdf", "04_参考資料1_事例集.pdf"]
    assert names(bundle) == sorted([*parts, "会議資料一式.pdf"])  # PDFs only, no .docx
    assert f"wrote {Path('配布', '会議資料一式.pdf')}" in result.err
    assert (bundle / "04_参考資料1_事例集.pdf").read_bytes() == (folder / "jirei.pdf").read_bytes()
    combined = bundle / "会議資料一式.pdf"
    counts = [pdf_pages(bundle / name) for name in parts]
    assert pdf_pages(combined) == sum(counts)
    top = [(title, page) for depth, title, page in outline(combined) if depth == 0]
    starts = [sum(counts[:index]) for index in range(len(parts))]
    assert top == list(
        zip(["次第", "資料1 論点メモ（案）", "資料2 委員名簿", "参考資料1 事例集"], starts, strict=True)
    )
    reader = PdfReader(combined)
    assert reader.metadata.title == "第2回 都市自治体のデジタル人材に関する研究会 会議資料一式"
    assert tagged(combined) and reader.root_object["/Lang"] == "ja"
    text = pdf_text(combined)
    assert (
        text.index("日本都市センター会議室") < text.index("都市自治体の現状と課題") < text.index("山田 太郎")
    )


def test_without_libreoffice_no_pdf_and_one_line(ronten, folder, monkeypatch):
    hide_soffice(monkeypatch, folder.parent / "bin")
    for args in (
        ["render", "memo.md", "-o", "資料1.pdf"],
        ["diff", "memo.md", "memo-v2.md", "-o", "新旧.pdf"],
        ["minutes", "meeting.yaml", "--to", "pdf"],
        ["agenda", "meeting.yaml", "--bundle", "配布", "--to", "pdf"],
    ):
        result = ronten(*args)
        assert result.code == 2, args
        assert result.err.count("\n") == 1 and result.err.startswith(
            "ronten: error: PDF output needs LibreOffice, which was not found: install LibreOffice 7.4"
        )
        assert "libreoffice-writer-nogui" in result.err and "--to docx works without it" in result.err
        assert names(folder) == INPUTS, args  # no PDF, no bundle folder, nothing half-made


@pytest.mark.slow  # a stand-in LibreOffice that waits for the timeout
@posix_only
def test_timeout_is_one_line_and_leaves_nothing(ronten, folder, monkeypatch):
    monkeypatch.setenv(
        "RONTEN_SOFFICE", str(fake_soffice(folder.parent, SLEEPER.format(pids=folder.parent / "p")))
    )
    monkeypatch.setenv("RONTEN_PDF_TIMEOUT", "1")
    result = ronten("render", "memo.md", "-o", "資料1.pdf")
    assert result.code == 2 and result.err.count("\n") == 1
    assert result.err.startswith("ronten: error: LibreOffice did not finish within 1 s and was stopped")
    assert names(folder) == INPUTS


@pytest.mark.slow  # a child process and a stand-in LibreOffice that waits
@posix_only
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process states from /proc")
def test_ctrl_c_exits_130_and_leaves_nothing(folder):
    pids, temp = folder.parent / "pids", folder.parent / "temp"
    temp.mkdir()
    env = {
        **os.environ,
        "RONTEN_SOFFICE": str(fake_soffice(folder.parent, SLEEPER.format(pids=pids))),
        "TMPDIR": str(temp),
    }
    command = [sys.executable, "-m", "ronten_cli", "render", "memo.md", "-o", "資料1.pdf"]
    child = subprocess.Popen(command, cwd=folder, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (pids.exists() and len(pids.read_text().split()) == 2) and time.monotonic() < deadline:
        time.sleep(0.05)
    child.send_signal(signal.SIGINT)
    _, errors = child.communicate(timeout=30)
    assert child.returncode == 130 and "Traceback" not in errors
    assert all(gone(int(pid)) for pid in pids.read_text().split())
    assert names(folder) == INPUTS and list(temp.iterdir()) == []
