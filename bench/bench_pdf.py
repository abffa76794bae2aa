"""Benchmark of PDF output: what a PDF costs next to the .docx, and a meeting's bundle as PDF.

Target (issue 12): ``ronten agenda MEETING --bundle DIR --to pdf`` for a 次第 and two materials
(three PDFs and the combined 会議資料一式.pdf) takes at most 1.8x the time of one
``ronten render memo.md -o x.pdf``, because LibreOffice starts once for all the documents. The
commands run in turn, so a busy machine slows all of them alike. Needs LibreOffice (soffice);
without it the module reports that and nothing else.

Run it with ``python bench/run.py --only pdf``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from common import ROOT, alternate, cpu_median, ronten, run

MEETING = """\
committee: 都市自治体のデジタル人材に関する研究会
session: 2
date: 2026-12-10
place: 日本都市センター会議室
materials:
  - {id: 資料1, title: 論点メモ（案）, file: memo.md}
  - {id: 資料2, title: 論点整理（案）, file: kobun.txt}
"""


def benchmarks(workdir: Path, repeat: int) -> list[tuple[str, float, str]]:
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        return [("LibreOffice", float("nan"), "not found: the PDF benchmarks need soffice")]
    repeat = max(repeat, 1)
    folder = workdir / "pdf"
    folder.mkdir(exist_ok=True)
    for name in ("memo.md", "kobun.txt"):
        shutil.copyfile(ROOT / "outlines" / name, folder / name)
    (folder / "meeting.yaml").write_text(MEETING, encoding="utf-8")
    memo, command = str(folder / "memo.md"), ronten()
    actions = {
        "docx": lambda: run([*command, "render", memo, "-o", str(folder / "x.docx")]),
        "pdf": lambda: run([*command, "render", memo, "-o", str(folder / "x.pdf")]),
        "bundle": lambda: run(
            [*command, "agenda", str(folder / "meeting.yaml"), "--bundle", str(folder / "out"), "--to", "pdf"]
        ),
    }
    for action in actions.values():  # warm up: bytecode, font caches
        action()
    medians = alternate(actions, repeat)
    docx, pdf, bundle = medians["docx"], medians["pdf"], medians["bundle"]
    pages = len(list((folder / "out").glob("*.pdf")))
    return [
        ("ronten render memo.md -> docx", docx, "the seed memo, end to end"),
        (
            "ronten render memo.md -> pdf",
            pdf,
            f"{pdf / docx:.1f}x the .docx time; {pdf - docx:.2f} s for PDF",
        ),
        (
            "ronten agenda --bundle --to pdf",
            bundle,
            f"次第 + 2 materials, {pages} PDF files incl. 会議資料一式.pdf; {bundle / pdf:.2f}x one PDF "
            "(target <= 1.8x)",
        ),
        *_combine(folder, repeat),
    ]


def _combine(folder: Path, repeat: int) -> list[tuple[str, float, str]]:
    """The pypdf part of the bundle: joining the three PDFs LibreOffice made, in process."""
    from ronten_cli.pdf import combine

    parts = [(path.name, path.read_bytes()) for path in sorted((folder / "out").glob("0*.pdf"))]
    seconds = cpu_median(lambda: combine(parts, title="会議資料一式"), repeat)
    return [("stage: combine 3 PDFs (pypdf)", seconds, "bookmarks and structure trees joined; CPU time")]
