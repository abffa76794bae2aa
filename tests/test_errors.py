"""Bad arguments and bad files, command by command: one line on stderr, exit 2, nothing touched.

Each row of the tables below is one mistake a user makes. For every one, ronten must answer with
exactly one line on stderr, ``ronten: error: …``, naming the option, file, line or field at fault
(the fragment in the row), exit with 2, print no traceback, and leave every file in the folder
byte for byte as it was, with nothing added. The rows run in process through ``main`` (fast);
a few run again through the installed console script.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from .helpers import KOBUN, OUTLINES, SEED, Result, subcommands

MEETING = """\
committee: 都市自治体のデジタル人材に関する研究会
session: 2
date: {date}
place: {place}
materials:
  - {{id: 資料1, title: 論点メモ（案）, file: {file}}}
"""


def fill(folder: Path) -> None:
    """Make ``folder`` the user's working folder: good inputs, and one bad file of each kind."""
    files: dict[str, str | bytes] = {
        "memo.md": SEED.read_bytes(),
        "kobun.txt": KOBUN.read_bytes(),
        "meeting.yaml": (OUTLINES / "meeting.yaml").read_bytes(),
        "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR binary\x00\x00",
        # A .docx cut short: a zip's first bytes, then nothing a zip reader can use.
        "broken.docx": b"PK\x03\x04\x14\x00\x00\x00\x08\x00binary\x00\x00",
        # Neither UTF-8 nor CP932: a stray 0x81 (a CP932 lead byte) before a space.
        "garbled.md": "# 論点メモ".encode() + b"\x81 \n",
        "front.md": "---\ndate: [2026-12-10\n---\n# 論点メモ\n\n## 論点1 意義\n",
        "broken.md.j2": "# {{ outline.title }}\n{% for node in %}\n",
        "plain.md.j2": "# {{ outline.title }}\n",
        "undefined.md.j2": "# {{ outline.title }}\n\n{{ comittee }}\n",
        "bad-date.yaml": MEETING.format(date="2026-02-30", place="会議室", file="memo.md"),
        "no-place.yaml": MEETING.format(date="2026-12-10", place="", file="memo.md").replace("place: \n", ""),
        "no-material.yaml": MEETING.format(date="2026-12-10", place="会議室", file="memo2.md"),
        "list.yaml": "- committee\n- date\n",
        "tab.yaml": "committee: 研究会\n\tsession: 2\n",
        "empty.yaml": "",
        "notword.docx": "これは Word の文書ではありません\n",
    }
    for name, content in files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (folder / "資料").mkdir()  # a folder holding no outline


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder of the test's own, for a test that writes into it."""
    fill(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes | None]]:
    """One working folder for all the rows of the table, and what it holds."""
    root = tmp_path_factory.mktemp("user")
    fill(root)
    return root, snapshot(root)


@pytest.fixture
def untouched(pristine, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, dict[str, bytes | None]]]:
    """The table's folder and what it holds, for a row that must leave it so. Writing its 17
    files again for each of the 290 rows took a quarter of the fast tests' time; a row that does
    touch the folder fails, and the folder is made afresh for the rows after it."""
    root, state = pristine
    monkeypatch.chdir(root)
    yield root, state
    if snapshot(root) != state:
        shutil.rmtree(root)
        root.mkdir()
        fill(root)


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (None), by path relative to ``folder``."""
    return {
        str(path.relative_to(folder)): path.read_bytes() if path.is_file() else None
        for path in sorted(folder.rglob("*"))
    }


def assert_one_line_error(code: int, out: str, err: str, fragment: str) -> str:
    assert code == 2, f"exit {code}, stderr: {err!r}"
    lines = err.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {lines}"
    (line,) = lines
    assert line.startswith("ronten: error: "), line
    assert fragment in line, f"{fragment!r} not named in {line!r}"
    return line


# --- the table --------------------------------------------------------------------------------------

# (arguments, what the one line must name)
BAD_ARGUMENTS = [
    ("--nope", "no such option: --nope (see 'ronten --help')"),
    ("nope", "no such command 'nope' (see 'ronten --help')"),
    ("show", "missing argument FILE (see 'ronten show --help')"),
    ("show memo.md --nope", "no such option: --nope (see 'ronten show --help')"),
    ("show memo.md --format xml", "--format xml: not one of 'tree', 'json'"),
    ("show memo.md -fxml", "--format xml: not one of 'tree', 'json'"),
    ("check", "missing argument FILE (see 'ronten check --help')"),
    ("check memo.md --format=xml", "--format xml: not one of 'text', 'json', 'github'"),
    ("check memo.md --select RN9", "--select: no rule code starts with 'RN9'"),
    ("check memo.md --strict=yes", "option '--strict' does not take a value (see 'ronten check --help')"),
    ("fmt", "missing argument FILE (see 'ronten fmt --help')"),
    ("fmt memo.md --check -o out.md", "-o writes a file while --check/--diff change nothing"),
    ("fmt memo.md kobun.txt -o out.md", "-o takes one input file"),
    ("rules --format xml", "--format xml: not one of 'text', 'markdown', 'json'"),
    ("rules extra", "too many arguments: extra (see 'ronten rules --help')"),
    ("render", "missing argument OUTLINE (see 'ronten render --help')"),
    ("render memo.md -o", "option '-o' requires an argument (see 'ronten render --help')"),
    ("render memo.md --outpu x.docx", "no such option: --outpu (did you mean --output?)"),
    ("render memo.md --to xlsx", "--to xlsx: not one of 'docx', 'md', 'pdf'"),
    (
        "render memo.md -o memo.xlsx",
        "-o memo.xlsx: cannot write a .xlsx file; end the name in .docx, .pdf or .md",
    ),
    ("render memo.md -o memo.xlsx --to docx", "-o memo.xlsx: cannot write a .xlsx file"),
    ("render memo.md -o memo.txt --to pdf", "-o memo.txt: a .txt file holds text; use --to md"),
    ("render memo.md -o memo --to docx --pdfa", "--pdfa applies to PDF output (-o FILE.pdf or --to pdf)"),
    ("render memo.md -o memo.md --to docx", "-o memo.md: the name says md, --to says docx"),
    ("render memo.md --set novalue", "--set novalue: expected KEY=VALUE"),
    ("render memo.md --set =資料1", "--set =資料1: expected KEY=VALUE"),
    (
        "render memo.md --set date=2026-02-30",
        "--set date: 2026-02-30 is not a valid date (2026-02 has 28 days)",
    ),
    ("render memo.md --set start=25:00 -o -", "--set start: 25:00 is not a valid time of day"),
    ("templates nope", "no such command 'nope' (see 'ronten templates --help')"),
    ("templates export", "missing argument FOLDER (see 'ronten templates export --help')"),
    ("templates export a b", "too many arguments: b (see 'ronten templates export --help')"),
    ("diff memo.md", "missing argument NEW (see 'ronten diff --help')"),
    ("diff memo.md kobun.txt --format xml", "--format xml: not one of 'terminal', 'json', 'md'"),
    ("diff memo.md kobun.txt -o t.docx --context -1", "--context -1: must be 0 or more"),
    ("diff memo.md kobun.txt -o t.docx --context=x", "--context x: not a whole number"),
    ("diff memo.md kobun.txt --context 2", "--context applies to the 新旧対照表 only"),
    ("diff memo.md kobun.txt -o t.docx --headers 改正後", "--headers '改正後': expected two names, NEW,OLD"),
    ("diff memo.md kobun.txt --tracked", "--tracked writes a Word document: add -o FILE.docx"),
    ("diff memo.md kobun.txt --author 事務局", "--author applies to --tracked only"),
    ("diff memo.md kobun.txt --format json -o t.docx", "--format json does not go with a .docx output"),
    ("diff - -", "only one of OLD and NEW can be '-'"),
    ("agenda", "missing argument MEETING (see 'ronten agenda --help')"),
    ("agenda meeting.yaml --to xlsx", "--to xlsx: not one of 'docx', 'md', 'pdf'"),
    (
        "agenda meeting.yaml -o 次第.xlsx",
        "-o 次第.xlsx: cannot write a .xlsx file; end the name in .docx, .pdf",
    ),
    ("agenda meeting.yaml -o 次第.docx --pdfa", "--pdfa applies to PDF output"),
    ("agenda meeting.yaml --bundle 配布 -o 次第.docx", "--bundle writes .docx (or with --to pdf, PDF) files"),
    ("agenda meeting.yaml --bundle 配布 --to md", "--bundle writes .docx (or with --to pdf, PDF) files"),
    ("agenda meeting.yaml --bundle 配布 --pdfa", "--pdfa applies to PDF output (--bundle DIR --to pdf)"),
    ("agenda meeting.yaml --bundle memo.md", "--bundle memo.md: is a file, not a folder"),
    ("minutes", "missing argument MEETING (see 'ronten minutes --help')"),
    ("minutes meeting.yaml --to xlsx", "--to xlsx: not one of 'docx', 'md', 'pdf'"),
    ("minutes meeting.yaml -o 議事要旨.pptx", "-o 議事要旨.pptx: cannot write a .pptx file"),
    (
        "diff memo.md kobun.txt -o 新旧.xlsx",
        "-o 新旧.xlsx: cannot write a .xlsx file; end the name in .docx or .pdf",
    ),
    ("diff memo.md kobun.txt --tracked -o 新.md", "--tracked writes a Word or PDF document, not -o 新.md"),
    ("diff memo.md kobun.txt -o 新旧.docx --pdfa", "--pdfa applies to PDF output (-o FILE.pdf)"),
]

BAD_FILES = [
    # missing
    ("show missing.md", "missing.md: no such file"),
    ("check missing.md", "missing.md: no such file"),
    ("fmt missing.md", "missing.md: no such file"),
    ("render missing.md", "missing.md: no such file"),
    ("diff missing.md memo.md", "missing.md: no such file"),
    ("diff memo.md missing.md", "missing.md: no such file"),
    ("agenda missing.yaml", "missing.yaml: no such file"),
    ("minutes missing.yaml", "missing.yaml: no such file"),
    ("minutes meeting.yaml --outline missing.md", "missing.md: no such file"),
    ("show NOREV:memo.md", "NOREV:memo.md: no such file, nor a git revision and path"),
    # a folder
    ("show 資料", "資料: is a folder, not an outline file"),
    ("check 資料", "資料: is a folder, not an outline file"),
    ("fmt 資料", "資料: is a folder, not an outline file"),
    ("render 資料", "資料: no outlines (.md, .markdown, .txt files) in this folder"),
    ("diff memo.md 資料", "資料: is a folder, not an outline file"),
    ("agenda 資料", "資料: is a folder"),
    # binary
    ("show binary.md", "binary.md: binary file, not a text outline"),
    ("check binary.md", "binary.md: binary file"),
    ("fmt binary.md", "binary.md: binary file"),
    ("render binary.md", "binary.md: binary file"),
    ("diff binary.md memo.md", "binary.md: binary file"),
    ("agenda binary.md", "binary.md: binary file"),
    ("agenda meeting.yaml --outline binary.md -o -", "binary.md: binary file"),
    # a damaged Word document
    ("show broken.docx", "broken.docx: not a Word document (not a readable zip"),
    ("check broken.docx", "broken.docx: not a Word document"),
    ("render broken.docx", "broken.docx: not a Word document"),
    ("diff broken.docx memo.md", "broken.docx: not a Word document"),
    ("import broken.docx -o out.md", "broken.docx: not a Word document"),
    ("minutes meeting.yaml --outline broken.docx", "broken.docx: not a Word document"),
    ("fmt broken.docx", "broken.docx: not a text outline but a Word (or other office) document"),
    ("import binary.md -o out.md", "binary.md: binary file, not a text outline"),
    ("import missing.docx", "missing.docx: no such file"),
    ("import memo.md", "memo.md exists; name the file to write with -o"),
    # undecodable
    ("show garbled.md", "garbled.md: neither UTF-8 nor CP932 (Shift_JIS) text"),
    ("check garbled.md", "garbled.md: neither UTF-8 nor CP932"),
    ("fmt garbled.md", "garbled.md: neither UTF-8 nor CP932"),
    ("render garbled.md", "garbled.md: neither UTF-8 nor CP932"),
    ("diff memo.md garbled.md", "garbled.md: neither UTF-8 nor CP932"),
    ("minutes meeting.yaml --outline garbled.md", "garbled.md: neither UTF-8 nor CP932"),
    # invalid front matter: the file and the line of the YAML error
    ("show front.md", "front.md:2: invalid YAML front matter"),
    ("check front.md", "front.md:2: invalid YAML front matter"),
    ("fmt front.md", "front.md:2: invalid YAML front matter"),
    ("render front.md", "front.md:2: invalid YAML front matter"),
    ("diff front.md memo.md", "front.md:2: invalid YAML front matter"),
    ("agenda front.md", "front.md:2: invalid YAML"),
    ("minutes meeting.yaml --outline front.md", "front.md:2: invalid YAML front matter"),
    # a bad template: its file, its line, the name
    ("render memo.md --template broken.md.j2 -o -", "broken.md.j2:2: syntax error"),
    ("render memo.md --template undefined.md.j2 -o -", "undefined.md.j2:3: undefined name 'comittee'"),
    ("render memo.md kobun.txt --template broken.md.j2 -o 配布", "broken.md.j2:2: syntax error"),
    ("render memo.md --template nosuch", "nosuch: no such template (templates: agenda, memo, minutes)"),
    ("render memo.md --template-dir nodir", "nodir: template folder does not exist"),
    ("agenda meeting.yaml --template broken.md.j2", "broken.md.j2:2: syntax error"),
    ("agenda meeting.yaml --bundle 配布 --template undefined.md.j2", "undefined.md.j2:3: undefined name"),
    ("minutes meeting.yaml --template undefined.md.j2", "undefined.md.j2:3: undefined name 'comittee'"),
    ("templates list --template-dir nodir", "nodir: template folder does not exist"),
    ("agenda meeting.yaml --template-dir memo.md", "memo.md: is a file, not a template folder"),
    # a bad meeting file: its file, line and key
    ("agenda bad-date.yaml", "bad-date.yaml:3: date: 2026-02-30 is not a valid date"),
    ("minutes bad-date.yaml", "bad-date.yaml:3: date: 2026-02-30 is not a valid date"),
    ("agenda no-place.yaml", "no-place.yaml: missing required key 'place'"),
    ("agenda no-material.yaml --bundle 配布", "no-material.yaml:6: file: memo2.md (資料1) does not exist"),
    ("minutes list.yaml", "list.yaml:1: the meeting file must be keys and values"),
    ("agenda tab.yaml", "tab.yaml:2: invalid YAML"),
    ("agenda empty.yaml", "empty.yaml: the meeting file is empty"),
    ("agenda memo.md", "memo.md: no meeting keys"),
    # a bad reference document
    ("render memo.md --reference-doc missing.docx", "--reference-doc missing.docx: no such file"),
    ("render memo.md --reference-doc 資料", "--reference-doc 資料: is a folder, not a Word .docx file"),
    ("render memo.md --reference-doc notword.docx", "notword.docx: not a Word document"),
    (
        "diff memo.md kobun.txt -o t.docx --reference-doc missing.docx",
        "--reference-doc missing.docx: no such",
    ),
    ("diff memo.md kobun.txt --tracked -o t.docx --reference-doc notword.docx", "notword.docx: not a Word"),
    ("agenda meeting.yaml --reference-doc 資料", "--reference-doc 資料: is a folder"),
    ("minutes meeting.yaml --reference-doc missing.docx", "--reference-doc missing.docx: no such file"),
    # an output that cannot be written
    ("fmt memo.md -o nodir/memo.md", "nodir/memo.md: cannot write: folder nodir does not exist"),
    ("fmt memo.md -o 資料", "資料: is a folder; name a file to write"),
    ("render memo.md -o nodir/memo.docx", "nodir/memo.docx: cannot write: folder nodir does not exist"),
    ("render memo.md -o memo.md/x.docx", "memo.md/x.docx: cannot write: memo.md is a file, not a folder"),
    ("diff memo.md kobun.txt -o nodir/新旧対照表.docx", "nodir/新旧対照表.docx: cannot write"),
    ("diff memo.md kobun.txt -o nodir/changes.json", "nodir/changes.json: cannot write"),
    ("agenda meeting.yaml -o nodir/次第.docx", "nodir/次第.docx: cannot write"),
    ("minutes meeting.yaml -o nodir/議事要旨.md", "nodir/議事要旨.md: cannot write"),
    ("templates export memo.md", "memo.md: is a file; name a folder"),
    ("diff memo.md kobun.txt -o 新規/", "新規/: names a folder; name a file to write"),
    ("fmt memo.md -o 新規/", "新規/: names a folder; name a file to write"),
    # an output onto an input
    ("fmt memo.md -o memo.md", "memo.md: refusing to overwrite the input file"),
    ("render memo.md --to md -o memo.md", "memo.md: refusing to overwrite the input file"),
    (
        "render memo.md --template plain.md.j2 --to md -o plain.md.j2",
        "-o plain.md.j2: cannot write a .j2 file",
    ),
    ("diff memo.md kobun.txt -o kobun.txt --format md", "kobun.txt: refusing to overwrite the input file"),
    ("diff memo.md kobun.txt -o memo.md", "memo.md: refusing to overwrite the input file"),
    ("agenda meeting.yaml --to md -o meeting.yaml", "-o meeting.yaml: cannot write a .yaml file"),
    ("agenda meeting.yaml --to md -o memo.md", "memo.md: refusing to overwrite the input file"),
    ("minutes meeting.yaml --outline kobun.txt --to md -o kobun.txt", "kobun.txt: refusing to overwrite"),
]


# 'text' after anything but a letter: a quotation, not the apostrophe of "meeting's".
QUOTED = re.compile(r"(?<![A-Za-z])'([^']+)'")


def assert_japanese_error(result, command: str, fragment: str) -> None:
    """The Japanese of a row: one line, exit 2, the same file, option and value named as in the
    English ``fragment``, what the English quotes '…' quoted 「…」, and Japanese words around them."""
    assert result.code == 2, f"exit {result.code}, stderr: {result.err!r}"
    lines = result.err.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {lines}"
    message = lines[0].removeprefix("ronten: エラー: ")
    assert message != lines[0], lines[0]
    words = [
        word for word in shlex.split(command) if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", fragment)
    ]
    assert all(word in message for word in words), f"{message!r} does not name all of {words}"
    rest = message
    for word in shlex.split(command):
        rest = rest.replace(word, "")
    # Hiragana outside the user's own words: a Japanese sentence, not English around a 資料 name.
    assert re.search("[\u3041-\u309f]", rest), f"not Japanese: {message!r}"
    for quoted in QUOTED.findall(fragment):
        assert f"「{quoted}」" in message, f"{quoted!r} is not quoted 「」 in {message!r}"


def speak(monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    """The user's locale is ``LANG=lang``, with nothing else (RONTEN_LANG, LC_ALL) deciding."""
    for name in ("RONTEN_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", lang)


@pytest.mark.parametrize("lang", ["C", "ja_JP.UTF-8"])
@pytest.mark.parametrize(("command", "fragment"), BAD_ARGUMENTS + BAD_FILES, ids=lambda value: value)
def test_one_line_exit_2_and_nothing_touched(ronten, untouched, monkeypatch, command, fragment, lang):
    folder, before = untouched
    speak(monkeypatch, lang)
    result = ronten(*shlex.split(command))
    if lang == "C":
        assert_one_line_error(result.code, result.out, result.err, fragment)
    else:
        assert_japanese_error(result, command, fragment)
    assert snapshot(folder) == before


def test_every_command_is_in_the_table():
    from ronten_cli.cli import app

    names = set()
    for name, command in subcommands(app).items():
        below = subcommands(command)
        names |= {f"{name} {sub}" for sub in below} if below else {name}
    tried = {" ".join(shlex.split(row)[:2]) for row, _ in BAD_ARGUMENTS + BAD_FILES}
    tried |= {row.split()[0] for row, _ in BAD_ARGUMENTS + BAD_FILES}
    assert names <= tried, f"no bad-input row for {sorted(names - tried)}"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_output_into_a_read_only_folder(ronten, folder):
    locked = folder / "配布"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        for command in ("render memo.md -o 配布/memo.docx", "agenda meeting.yaml --bundle 配布"):
            result = ronten(*shlex.split(command))
            assert_one_line_error(result.code, result.out, result.err, "配布")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


def test_output_onto_the_reference_document_is_refused(ronten, folder):
    assert ronten("render", "memo.md", "-o", "ref.docx").code == 0
    before = snapshot(folder)
    result = ronten("render", "memo.md", "--reference-doc", "ref.docx", "-o", "ref.docx")
    assert_one_line_error(
        result.code, result.out, result.err, "ref.docx: refusing to overwrite the input file"
    )
    assert snapshot(folder) == before


# --- several inputs: the bad one is reported, the others still done ---------------------------------


def test_check_reports_an_unreadable_file_and_still_checks_the_others(ronten, folder):
    result = ronten("check", "missing.md", "kobun.txt")
    assert result.code == 2
    lines = result.err.splitlines()
    assert lines[0] == "ronten: error: missing.md: no such file"
    assert lines[1:] == ["no problems in 1 file"]  # kobun.txt is clean; the summary counts the files read


def test_fmt_reports_an_unreadable_file_and_still_formats_the_others(ronten, folder):
    result = ronten("fmt", "--check", "binary.md", "memo.md")
    assert result.code == 2
    assert result.err.splitlines() == [
        "ronten: error: binary.md: binary file, not a text outline",
        "1 file would be reformatted, 0 already canonical",
    ]
    assert result.out == "would reformat memo.md\n"


def test_render_of_several_goes_on_past_a_bad_outline(ronten, folder):
    result = ronten("render", "garbled.md", "memo.md", "-o", "配布")
    assert result.code == 2
    assert "ronten: error: garbled.md: neither UTF-8 nor CP932 (Shift_JIS) text" in result.err.splitlines()
    assert sorted(path.name for path in (folder / "配布").iterdir()) == ["memo.docx"]


def test_render_of_several_goes_on_past_a_bad_front_matter_value(ronten, folder):
    (folder / "wide.md").write_text(
        "---\nlandscape: yes please\n---\n# 題\n\n## 論点1 あ\n", encoding="utf-8"
    )
    result = ronten("render", "wide.md", "memo.md", "kobun.txt", "-o", "配布")
    assert result.code == 2
    assert result.err.splitlines() == [
        "ronten: error: wide.md: landscape: expected true or false, got 'yes please'",
        "wrote 2 of 3 files to 配布; 1 failed",
    ]
    assert sorted(path.name for path in (folder / "配布").iterdir()) == ["kobun.docx", "memo.docx"]


# --- the library's errors carry their facts as fields -----------------------------------------------


def test_errors_carry_path_line_and_field_beside_the_message(tmp_path):
    import pickle

    from ronten_cli import InputError, OutputError, load
    from ronten_cli.output import write_atomic
    from ronten_cli.render import render

    with pytest.raises(OutputError) as written:
        write_atomic(tmp_path / "none" / "out.md", "x")
    assert (written.value.path, written.value.line, written.value.field) == (
        str(tmp_path / "none" / "out.md"),
        None,
        None,
    )
    wide = tmp_path / "wide.md"
    wide.write_text("---\nlandscape: 1\n---\n# 題\n", encoding="utf-8")
    with pytest.raises(InputError) as bad:
        render(load(str(wide)))
    assert (bad.value.path, bad.value.field) == (str(wide), "landscape")
    assert str(bad.value) == f"{wide}: landscape: expected true or false, got 1"
    copy = pickle.loads(pickle.dumps(bad.value))
    assert (type(copy), str(copy), copy.path, copy.field) == (
        InputError,
        str(bad.value),
        str(wide),
        "landscape",
    )


# (how the input is made, what the error names: path, line, field)
FIELDS_OF_READING = [
    ("missing", ("memo.md", None, None)),
    ("folder", ("資料", None, None)),
    ("binary", ("memo.md", None, None)),
    ("binary utf-16", ("memo.md", None, None)),
    ("bad bom", ("memo.md", None, None)),
    ("neither utf-8 nor cp932", ("memo.md", None, None)),
    ("cesu-8", ("memo.md", 2, None)),
    ("damaged utf-8", ("memo.md", 2, None)),
    ("git option", ("-x:memo.md", None, None)),
    ("git range", ("HEAD~2..HEAD:memo.md", None, None)),
]


@pytest.mark.parametrize(("case", "expected"), FIELDS_OF_READING, ids=[case for case, _ in FIELDS_OF_READING])
def test_reading_errors_carry_path_and_line(tmp_path, monkeypatch, case, expected):
    from ronten_cli import InputError
    from ronten_cli.source import read

    monkeypatch.chdir(tmp_path)
    (tmp_path / "資料").mkdir()
    data = {
        "binary": b"# \x00 memo\n",
        "binary utf-16": "\ufeff# 題\x00\n".encode("utf-16-le"),
        "bad bom": b"\xef\xbb\xbf# \xff\n",
        "neither utf-8 nor cp932": "# 論点メモ".encode() + b"\x81 \n",
        "cesu-8": "# 題\n".encode() + b"\xed\xa0\xbd\xed\xb8\x80\n",
        "damaged utf-8": "# 論点メモ\n".encode() + b"\xe8\xab\n",
    }.get(case)
    if data is not None:
        (tmp_path / "memo.md").write_bytes(data)
    spec = expected[0]
    with pytest.raises(InputError) as raised:
        read(spec, git=True)
    error = raised.value
    assert (error.path, error.line, error.field) == expected
    assert str(error).startswith(f"{spec}:{expected[1]}:" if expected[1] else f"{spec}:")


# (front matter or outline text, the error's line and field)
FIELDS_OF_PARSING = [
    ("---\ndate: [2026-12-10\n---\n# 題\n", 2, None),  # invalid YAML, at its line
    ("---\n- a\n- b\n---\n# 題\n", 2, None),  # not keys and values
    ("---\ntitle: 題\ndate: 2026-02-30\n---\n# 題\n", 3, "date"),  # a date YAML cannot build
    ("---\ntitle: 題\nday: 令和8年2月30日\n---\n# 題\n", 3, "day"),  # a date ronten's grammar refuses
    ("# 題\n\n## 論点1 あ\n\n### (1234567890) い\n", 5, None),  # an item number of ten digits
]


@pytest.mark.parametrize(("text", "line", "field"), FIELDS_OF_PARSING, ids=repr)
def test_parsing_errors_carry_path_line_and_field(text, line, field):
    from ronten_cli import InputError, parse

    with pytest.raises(InputError) as raised:
        parse(text, "memo.md")
    error = raised.value
    assert (error.path, error.line, error.field) == ("memo.md", line, field)
    assert str(error).startswith(f"memo.md:{line}:")
    assert not field or f": {field}: " in str(error)


def test_template_errors_carry_the_template_s_path_and_line(tmp_path):
    from ronten_cli import TemplateError, parse
    from ronten_cli.render import render

    template = tmp_path / "broken.md.j2"
    template.write_text("# {{ outline.title }}\n{% for node in %}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as raised:
        render(parse("# 題\n"), template=str(template), to="md")
    assert (raised.value.path, raised.value.line) == (str(template), 2)


def test_messages_follow_the_language_at_the_moment_they_are_made(monkeypatch):
    """The library makes each message when it raises: the CLI's language of that moment, not the
    language of whoever imported ronten first."""
    from ronten_cli import InputError, parse

    for language, words in (("ja", "桁あります"), ("en", "digits; at most")):
        monkeypatch.setenv("RONTEN_LANG", language)
        with pytest.raises(InputError, match=words):
            parse("# 題\n\n## (1234567890) い\n", "memo.md")


def test_a_calling_program_mistake_is_a_value_error():
    from ronten_cli import parse
    from ronten_cli.render import render

    with pytest.raises(ValueError, match="unknown output format 'odt'"):
        render(parse("# 題\n"), to="odt")


# --- help is not an error ---------------------------------------------------------------------------


@pytest.mark.parametrize("args", [[], ["templates"], ["--help"], ["templates", "--help"]])
def test_a_command_group_alone_prints_its_help(ronten, args):
    result = ronten(*args)
    assert (result.code, result.err) == (0, "")
    assert "Usage: ronten" in result.out


# --- outputs that are not plain files ---------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_output_to_a_named_pipe_is_written_into_it(ronten, folder):
    """-o /dev/stdout or a pipe: renaming a temporary file over it would replace the pipe (as root,
    even /dev/null) with a plain file."""
    pipe = folder / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    result = ronten("render", "memo.md", "--to", "md", "-o", pipe)
    reader.join(timeout=10)
    assert result.code == 0, result.err
    assert pipe.is_fifo()
    assert received and received[0].startswith("# 論点メモ(案)".encode())


def test_output_through_a_symbolic_link_replaces_the_file_it_points_to(ronten, folder):
    (folder / "配布").mkdir()
    target = folder / "配布" / "memo.md"
    target.write_text("old\n", encoding="utf-8")
    link = folder / "link.md"
    link.symlink_to(target)
    result = ronten("render", "memo.md", "-o", "link.md")
    assert result.code == 0, result.err
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8").startswith("# 論点メモ(案)")


@pytest.mark.parametrize("kind", ["agenda", "minutes"])
def test_meeting_document_into_a_new_folder_gets_its_default_name(ronten, folder, kind):
    """-o NEW/ is a folder, created as 'ronten render' creates it, not a file named after the meeting."""
    result = ronten(kind, "meeting.yaml", "-o", "配布/")
    assert result.code == 0, result.err
    assert [path.name for path in (folder / "配布").iterdir()] == [f"meeting-{kind}.docx"]


# --- the same through the installed console script --------------------------------------------------

RONTEN = Path(sys.executable).with_name("ronten")


@pytest.mark.slow
@pytest.mark.skipif(not RONTEN.exists(), reason="the ronten console script is not installed")
@pytest.mark.parametrize(
    ("command", "fragment"),
    [
        ("check memo.md --nope", "no such option: --nope"),
        ("diff memo.md", "missing argument NEW (see 'ronten diff --help')"),
        ("render binary.md", "binary.md: binary file, not a text outline"),
        ("render memo.md --template broken.md.j2 -o -", "broken.md.j2:2: syntax error"),
        ("agenda bad-date.yaml", "bad-date.yaml:3: date: 2026-02-30 is not a valid date"),
        ("fmt memo.md -o memo.md", "memo.md: refusing to overwrite the input file"),
    ],
    ids=lambda value: value,
)
@pytest.mark.parametrize("language", ["en", "ja"])
def test_console_script_answers_in_one_line(folder, command, fragment, language):
    before = snapshot(folder)
    completed = subprocess.run(
        [str(RONTEN), *shlex.split(command)],
        cwd=folder,
        capture_output=True,
        encoding="utf-8",
        timeout=60,
        check=False,
        env={**os.environ, "RONTEN_LANG": language},
    )
    if language == "en":
        assert_one_line_error(completed.returncode, completed.stdout, completed.stderr, fragment)
    else:
        result = Result(completed.returncode, completed.stdout, completed.stderr)
        assert_japanese_error(result, command, fragment)
    assert snapshot(folder) == before


@pytest.mark.slow
@pytest.mark.skipif(not RONTEN.exists(), reason="the ronten console script is not installed")
@pytest.mark.parametrize("command", ["show -", "check -", "fmt -", "render - -o -", "diff memo.md -"])
def test_binary_standard_input_is_one_line(folder, command):
    completed = subprocess.run(
        [str(RONTEN), *shlex.split(command)],
        cwd=folder,
        input=(folder / "binary.md").read_bytes(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    out, err = completed.stdout.decode(), completed.stderr.decode()
    assert_one_line_error(completed.returncode, out, err, "<stdin>: binary file, not a text outline")
