"""One meeting cycle as the secretariat (事務局) lives it, through the installed ``ronten`` command.

The OCR'd memo arrives and is committed; ``check`` finds its slips, ``fmt`` cleans the layout,
``render`` and ``agenda --bundle`` make the papers for the meeting; the memo is then revised (a
section added, bullets edited, deleted and moved) and committed, ``diff`` shows the revision in
every form, and ``minutes`` makes the 議事要旨 skeleton. Every command runs as a subprocess of the
real console script in a temporary folder that is its own git repository, so start-up, argument
parsing, exit codes and git ``REV:path`` inputs are what a user gets. Every Word file is then
opened in LibreOffice, all in one conversion.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .docx_helpers import (
    PDF_TOOLS,
    POINTS_PER_MM,
    SOFFICE,
    W,
    docx_part,
    needs_libreoffice,
    paragraphs,
    pdf_page_lines,
    pdf_page_size_mm,
    pdf_words,
    runs,
    to_pdf,
    valid_docx,
)
from .helpers import OUTLINES, SEED

RONTEN = Path(sys.executable).with_name("ronten")
A4_PORTRAIT = (210.0, 297.0)
A4_LANDSCAPE = (297.0, 210.0)

pytestmark = [
    # One run of every command on a revision cycle, converted by LibreOffice: seconds, not milliseconds.
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is needed for REV:path inputs"),
]

# The revision from v1 to v2, as (v1 text, v2 text) replacements in the formatted memo; each must
# match exactly once. What ``diff`` must report for it is spelled out in test_diff_*.
REVISION = [
    # a new section (2) under 論点1: the old (2) and (3) become (3) and (4)
    (
        "### (2) 都市自治体と市民による共通目的の形成\n",
        "### (2) 国・都道府県の支援策の活用\n\n"
        "- ・地方公共団体情報システム機構の研修\n"
        "- ・デジタル人材派遣制度の活用\n\n"
        "### (3) 都市自治体と市民による共通目的の形成\n",
    ),
    ("### (3) デジタル人材の類型化と確保・育成\n", "### (4) デジタル人材の類型化と確保・育成\n"),
    # a bullet edited
    ("(採用方法の改善・プッシュ型採用の導入)", "(採用方法の改善・副業人材の活用・プッシュ型採用の導入)"),
    # a bullet deleted
    ("- ・委員会等への市民参加\n", ""),
    # a bullet moved from 論点2 (3) to the end of 論点3 (3)
    ("- ・シビックテックと地域社会の成熟化 等\n", ""),
    (
        "- ・デジタル社会と市民を繋ぐ担い手 等\n",
        "- ・デジタル社会と市民を繋ぐ担い手 等\n- ・シビックテックと地域社会の成熟化 等\n",
    ),
]

SUMMARY = {"added": 1, "deleted": 1, "modified": 1, "moved": 1, "renumbered": 2}
SUMMARY_LINE = "6 changes: 1 added, 1 deleted, 1 modified, 1 moved, 2 renumbered"


@dataclass
class Step:
    args: tuple[str, ...]
    code: int
    out: str
    err: str


@dataclass
class Cycle:
    folder: Path
    steps: dict[str, Step] = field(default_factory=dict)
    memo: dict[str, bytes] = field(default_factory=dict)  # the memo's bytes at each stage
    pdfs: dict[str, Path] = field(default_factory=dict)  # PDF by .docx name, when LibreOffice is there

    def run(self, name: str, *args: str) -> Step:
        completed = subprocess.run(
            [str(RONTEN), *args],
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )
        step = Step(args, completed.returncode, completed.stdout, completed.stderr)
        self.steps[name] = step
        return step

    def git(self, *args: str) -> None:
        subprocess.run(["git", *args], cwd=self.folder, env=self.env, check=True, capture_output=True)

    @property
    def env(self) -> dict[str, str]:
        # A private HOME, no system config and no inherited GIT_DIR & co: the user's git settings
        # cannot change the result (nor a hook's GIT_DIR send the commits elsewhere). Forced
        # colours would put escapes into the piped terminal view.
        inherited = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("GIT_") and key not in ("FORCE_COLOR", "CLICOLOR_FORCE", "PY_COLORS")
        }
        return {
            **inherited,
            "HOME": str(self.folder.parent / "home"),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "事務局",
            "GIT_AUTHOR_EMAIL": "jimukyoku@example.jp",
            "GIT_COMMITTER_NAME": "事務局",
            "GIT_COMMITTER_EMAIL": "jimukyoku@example.jp",
        }


def revise(text: str) -> str:
    for old, new in REVISION:
        assert text.count(old) == 1, f"the revision expects {old!r} once in the formatted memo"
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def cycle(tmp_path_factory: pytest.TempPathFactory) -> Cycle:
    """Run the whole cycle once; each test below asserts one step of it."""
    assert RONTEN.exists(), f"the console script {RONTEN.name} is not installed next to {sys.executable}"
    root = tmp_path_factory.mktemp("e2e")
    (root / "home").mkdir()
    folder = root / "研究会"
    folder.mkdir()
    run = Cycle(folder)
    memo = folder / "memo.md"
    shutil.copyfile(SEED, memo)
    shutil.copyfile(OUTLINES / "meeting.yaml", folder / "meeting.yaml")
    run.git("init", "-q")
    run.git("add", "memo.md", "meeting.yaml")
    run.git("commit", "-q", "-m", "論点メモ（案）OCR")
    run.memo["ocr"] = memo.read_bytes()

    run.run("check v1", "check", "memo.md")
    run.run("fmt", "fmt", "memo.md")
    run.memo["formatted"] = memo.read_bytes()
    run.run("fmt --check", "fmt", "--check", "memo.md")
    run.run("check formatted", "check", "memo.md")
    run.git("commit", "-q", "-am", "fmt")
    run.run("diff after fmt", "diff", "HEAD~1:memo.md", "memo.md")

    run.run("render", "render", "memo.md", "--set", "material=資料1")
    run.run("agenda", "agenda", "meeting.yaml", "--bundle", "配布資料")

    memo.write_text(revise(memo.read_text(encoding="utf-8")), encoding="utf-8")
    run.git("commit", "-q", "-am", "第2回研究会に向けた修正")
    run.memo["v2"] = memo.read_bytes()
    rev = "HEAD~1:memo.md"
    run.run("diff", "diff", rev, "memo.md")
    run.run("diff json", "diff", rev, "memo.md", "--format", "json")
    run.run("diff table", "diff", rev, "memo.md", "-o", "新旧対照表.docx")
    run.run("diff tracked", "diff", rev, "memo.md", "--tracked", "-o", "見え消し.docx", "--author", "事務局")

    run.run("minutes", "minutes", "meeting.yaml", "--outline", "memo.md")
    run.memo["end"] = memo.read_bytes()

    docx = [
        folder / "memo.docx",
        folder / "配布資料" / "00_次第.docx",
        folder / "配布資料" / "01_資料1_論点メモ（案）.docx",
        folder / "新旧対照表.docx",
        folder / "見え消し.docx",
        folder / "meeting-minutes.docx",
    ]
    if SOFFICE and PDF_TOOLS and all(path.exists() for path in docx):
        run.pdfs = {path.name: pdf for path, pdf in zip(docx, to_pdf(docx, root / "pdf"), strict=True)}
    return run


def findings(step: Step) -> list[tuple[int, str]]:
    """(line, code) of each finding ``ronten check`` printed."""
    found = [re.fullmatch(r"memo\.md:(\d+):\d+: (RN\d{3}) .+", line) for line in step.out.splitlines()]
    assert all(found), f"a line is not path:line:col: CODE message:\n{step.out}"
    return [(int(match[1]), match[2]) for match in found if match]


# --- v1: check, fmt ---------------------------------------------------------------------------------


def test_check_finds_the_ocr_slips_and_the_messy_layout(cycle):
    step = cycle.steps["check v1"]
    assert step.code == 0, step.err  # warnings only: exit 0 without --strict
    codes = [code for _, code in findings(step)]
    # The seed mixes heading depths (# to ####) for one level, drops 「・」 from two bullets, writes
    # two (N) without the space the others have, and carries OCR slips: 0JT, 「|」 for 」, and
    # the unclosed 「 that slip leaves.
    assert sorted(set(codes)) == ["RN201", "RN202", "RN204", "RN301", "RN302"]
    assert codes.count("RN202") == 2 and codes.count("RN204") == 2 and codes.count("RN302") == 2
    fixable = sum(code.startswith("RN2") for code in codes)
    assert step.err == f"0 errors, {len(codes)} warnings in 1 file; {fixable} fixable with 'ronten fmt'\n"


def test_fmt_rewrites_the_memo_in_place_and_keeps_its_content(cycle):
    assert cycle.steps["fmt"].code == 0
    assert cycle.steps["fmt"].err == "1 file reformatted, 0 already canonical\n"
    assert cycle.memo["formatted"] != cycle.memo["ocr"]
    check = cycle.steps["fmt --check"]
    assert (check.code, check.out) == (0, "")
    assert check.err == "0 files would be reformatted, 1 already canonical\n"
    # Layout is never a change: the formatted memo diffs clean against the OCR'd one.
    same = cycle.steps["diff after fmt"]
    assert same.code == 0, same.out


def test_check_after_fmt_leaves_only_what_a_person_must_fix(cycle):
    step = cycle.steps["check formatted"]
    assert step.code == 0
    before = [code for _, code in findings(cycle.steps["check v1"])]
    after = [code for _, code in findings(step)]
    assert not [code for code in after if code.startswith("RN2")]
    assert after == [code for code in before if not code.startswith("RN2")]
    assert step.err == f"0 errors, {len(after)} warnings in 1 file\n"


# --- the papers for the meeting ---------------------------------------------------------------------


def test_render_writes_the_docx_next_to_the_memo(cycle):
    step = cycle.steps["render"]
    assert (step.code, step.out, step.err) == (0, "", "wrote memo.docx\n")
    first = paragraphs(docx_part(cycle.folder / "memo.docx"))[:2]
    assert first == [("Material", "資料1"), ("Heading1", "論点メモ(案)")]  # from --set material=資料1


def test_agenda_bundle_holds_the_shidai_and_the_material_in_meeting_order(cycle):
    step = cycle.steps["agenda"]
    assert step.code == 0, step.err
    bundle = cycle.folder / "配布資料"
    names = sorted(path.name for path in bundle.iterdir())
    assert names == ["00_次第.docx", "01_資料1_論点メモ（案）.docx"]
    assert step.err.splitlines() == [f"wrote 配布資料/{name}" for name in names]


# --- v2: diff in every output -----------------------------------------------------------------------


def test_diff_in_the_terminal_groups_the_revision_by_ronten(cycle):
    step = cycle.steps["diff"]
    assert step.code == 1  # like diff(1): there are differences
    lines = step.out.splitlines()
    assert lines[-1] == SUMMARY_LINE
    assert lines[0].startswith("論点1 ")
    body = "\n".join(lines)
    # A pipe gets no colours; the edited characters are marked in the text.
    assert "\x1b[" not in step.out
    assert "+ added      (2) 国・都道府県の支援策の活用" in body
    assert "# renumbered (2) → (3) 都市自治体と市民による共通目的の形成" in body
    assert "# renumbered (3) → (4) デジタル人材の類型化と確保・育成" in body
    assert "{+副業人材の活用・+}" in body
    assert "- deleted    (3) › ・委員会等への市民参加" in body
    assert "(論点2の(3) → 論点3の(3))" in body


def test_diff_json_counts_each_kind_of_change(cycle):
    step = cycle.steps["diff json"]
    assert step.code == 1
    report = json.loads(step.out)
    assert report["summary"] == SUMMARY
    ops = [change["op"] for change in report["changes"]]
    assert sorted(ops) == sorted(op for op, count in SUMMARY.items() for _ in range(count))
    (modified,) = [change for change in report["changes"] if change["op"] == "modified"]
    assert {"op": "insert", "text": "副業人材の活用・"} in modified["segments"]
    assert modified["new"]["path"] == ["論点1", "(4)"]


def test_diff_writes_the_comparison_table_and_the_tracked_memo(cycle):
    for name, target in (("diff table", "新旧対照表.docx"), ("diff tracked", "見え消し.docx")):
        step = cycle.steps[name]
        assert (step.code, step.out) == (1, ""), step.err
        assert step.err == f"wrote {target}: {SUMMARY_LINE}\n"
    tracked = ET.fromstring(docx_part(cycle.folder / "見え消し.docx"))
    inserted = "".join(text for mark in tracked.iter(f"{W}ins") for text, _ in runs(mark))
    deleted = "".join(text for mark in tracked.iter(f"{W}del") for text, _ in runs(mark))
    assert "副業人材の活用・" in inserted and "国・都道府県の支援策の活用" in inserted
    assert "委員会等への市民参加" in deleted
    marks = [mark for mark in tracked.iter() if mark.tag in (f"{W}ins", f"{W}del")]
    assert {mark.get(f"{W}author") for mark in marks} == {"事務局"}


def test_minutes_follow_the_revised_memo(cycle):
    step = cycle.steps["minutes"]
    assert (step.code, step.err) == (0, "wrote meeting-minutes.docx\n")
    minutes = valid_docx(cycle.folder / "meeting-minutes.docx")
    assert any("国・都道府県の支援策の活用" in p.text for p in minutes.paragraphs)  # the section v2 added


def test_no_step_changed_the_memo_it_read(cycle):
    assert cycle.memo["end"] == cycle.memo["v2"]
    assert (cycle.folder / "meeting.yaml").read_bytes() == (OUTLINES / "meeting.yaml").read_bytes()


# --- every Word file, as LibreOffice prints it ------------------------------------------------------


@needs_libreoffice
def test_every_docx_opens_in_libreoffice_on_a4(cycle):
    assert len(cycle.pdfs) == 6, "a step did not write its .docx"
    for name, pdf in cycle.pdfs.items():
        expected = A4_LANDSCAPE if name == "新旧対照表.docx" else A4_PORTRAIT
        assert pdf_page_size_mm(pdf) == pytest.approx(expected, abs=0.5), name


@needs_libreoffice
def test_rendered_memo_has_its_material_number_top_right_and_each_label_once(cycle):
    pdf = cycle.pdfs["memo.docx"]
    x, y, word = pdf_words(pdf)[0]
    width, height = (mm * POINTS_PER_MM for mm in A4_PORTRAIT)
    assert word == "資料" and x > width * 0.7 and y < height * 0.15  # top right, above the title
    pages = pdf_page_lines(pdf)
    assert pages[0].splitlines()[:2] == ["資料1", "論点メモ(案)"]
    text = "\n".join(pages)
    for label in ("論点1", "論点2", "論点3"):
        assert text.count(label) == 1, label
    assert not re.search(r"\(\d\)\(\d\)|・・", text), "a label was written twice"
    # The bundle's copy of the memo is the document `ronten render` made, with the meeting file's
    # committee, 回 and date under the title.
    bundled = "\n".join(pdf_page_lines(cycle.pdfs["01_資料1_論点メモ（案）.docx"]))
    meeting = "第2回都市自治体のデジタル人材に関する研究会令和8年12月10日（木）"
    assert bundled.splitlines()[:3] == ["資料1", "論点メモ(案)", meeting]
    assert bundled.replace(meeting + "\n", "", 1) == text


@needs_libreoffice
def test_shidai_prints_the_date_in_wareki(cycle):
    lines = pdf_page_lines(cycle.pdfs["00_次第.docx"])[0].splitlines()
    assert lines[:2] == ["第2回都市自治体のデジタル人材に関する研究会", "次第"]
    assert "日時：令和8年12月10日（木）14時00分～16時00分" in lines


@needs_libreoffice
def test_comparison_table_prints_new_left_with_its_annotations(cycle):
    text = "\n".join(pdf_page_lines(cycle.pdfs["新旧対照表.docx"]))
    assert "論点メモ(案)新旧対照表" in text
    assert re.search(r"^新旧$", text, re.MULTILINE)
    assert re.search(r"^\(2\)国・都道府県の支援策の活用（新設）$", text, re.MULTILINE)
    assert "（削る）" in text
    assert "（論点2の(3)から移動）" in text and "（論点3の(3)へ移動）" in text


@needs_libreoffice
def test_tracked_memo_and_minutes_print(cycle):
    tracked = "\n".join(pdf_page_lines(cycle.pdfs["見え消し.docx"]))
    assert "国・都道府県の支援策の活用" in tracked and "副業人材の活用" in tracked
    minutes = "\n".join(pdf_page_lines(cycle.pdfs["meeting-minutes.docx"]))
    assert minutes.splitlines()[0] == "第2回都市自治体のデジタル人材に関する研究会議事要旨"
    assert "令和8年12月10日（木）14時00分～16時00分" in minutes
    assert "資料1に基づき、事務局から説明があった。" in minutes
