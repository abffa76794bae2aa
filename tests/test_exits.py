"""How a run ends when something goes wrong outside the input's content: a bug, a signal, a full
disk or a closed pipe on stdout, a name the file system refuses, text that would drive the
terminal. Each is one line on stderr and a distinct exit code, and no temporary file is left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .helpers import KOBUN, SEED, run_ronten

# --- a bug is not bad input ----------------------------------------------------------------------


def broken_check(*args, **kwargs):
    raise ZeroDivisionError("division by zero")


def test_an_internal_error_is_exit_3_and_one_line_that_says_it_is_a_bug(ronten, monkeypatch):
    monkeypatch.delenv("RONTEN_DEBUG", raising=False)
    monkeypatch.setattr("ronten_cli.lint.check", broken_check)
    result = ronten("check", SEED)
    assert result.code == 3
    assert result.err.splitlines() == [
        "ronten: internal error: ZeroDivisionError: division by zero (a bug in ronten; please report "
        "it; RONTEN_DEBUG=1 shows where it happened)"
    ]


def test_ronten_debug_prints_the_traceback_of_an_internal_error(ronten, monkeypatch):
    monkeypatch.setenv("RONTEN_DEBUG", "1")
    monkeypatch.setattr("ronten_cli.lint.check", broken_check)
    result = ronten("check", SEED)
    lines = result.err.splitlines()
    assert result.code == 3
    assert lines[0] == "Traceback (most recent call last):"
    assert any("in broken_check" in line for line in lines)
    assert lines[-1].startswith("ronten: internal error: ZeroDivisionError: division by zero (a bug")


# --- names and values the system refuses ---------------------------------------------------------


def test_a_300_character_input_name_is_one_line(ronten, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "a" * 300 + ".md"
    result = ronten("check", name)
    assert (result.code, result.err) == (
        2,
        f"ronten: error: {name}: cannot use this file (File name too long)\n",
    )


def test_a_300_character_output_name_is_one_line_and_writes_nothing(ronten, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "a" * 300 + ".md"
    result = ronten("render", KOBUN, "-o", name)
    assert result.code == 2 and result.err.count("\n") == 1
    assert result.err.startswith(f"ronten: error: {name}: ") and "File name too long" in result.err
    assert list(tmp_path.iterdir()) == []


def test_a_name_at_the_length_limit_is_still_written(ronten, tmp_path, monkeypatch):
    """The temporary file beside it must not be longer than the name the user gave."""
    monkeypatch.chdir(tmp_path)
    name = "a" * 252 + ".md"
    assert ronten("render", KOBUN, "-o", name).code == 0
    assert [path.name for path in tmp_path.iterdir()] == [name]


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["render", str(KOBUN), "-o", "x.md", "--set", "k=\udcff\udcfe"],
            "--set k=\\xff\\xfe: not UTF-8 text",
        ),
        (["diff", str(SEED), str(KOBUN), "-o", "t.docx", "--headers", "\udcff,旧"], "--headers \\xff,旧"),
        (
            ["diff", str(SEED), str(KOBUN), "-o", "t.docx", "--tracked", "--author", "\udc82"],
            "--author \\x82",
        ),
    ],
)
def test_option_text_that_is_not_utf8_is_one_line(ronten, tmp_path, monkeypatch, args, line):
    """Bytes that are not UTF-8 on the command line reach Python as lone surrogates."""
    monkeypatch.chdir(tmp_path)
    result = ronten(*args)
    assert result.code == 2
    assert result.err.startswith(f"ronten: error: {line}") and result.err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


# --- standard output that cannot be written ------------------------------------------------------

STDOUT_COMMANDS = [
    ["show", SEED],
    ["show", SEED, "--format", "json"],
    ["check", SEED, "--format", "json"],
    ["fmt", "-"],
    ["render", KOBUN, "-o", "-", "--to", "md"],
    ["diff", SEED, KOBUN],
    ["diff", SEED, KOBUN, "--format", "md"],
    ["rules"],
]


@pytest.mark.slow
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", STDOUT_COMMANDS, ids=lambda args: " ".join(map(str, args[:1] + args[2:])))
def test_a_full_disk_on_stdout_is_one_line(args):
    with open("/dev/full", "wb") as full, open(SEED, "rb") as stdin:
        done = subprocess.run(
            [sys.executable, "-m", "ronten_cli", *map(str, args)],
            stdin=stdin,
            stdout=full,
            stderr=subprocess.PIPE,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.decode() == "ronten: error: standard output: cannot write (No space left on device)\n"


@pytest.mark.slow
@pytest.mark.parametrize("args", STDOUT_COMMANDS, ids=lambda args: " ".join(map(str, args[:1] + args[2:])))
def test_a_reader_that_went_away_is_one_line(args):
    """``ronten … | head -0``: the pipe is closed before ronten writes to it."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        with open(SEED, "rb") as stdin:
            done = subprocess.run(
                [sys.executable, "-m", "ronten_cli", *map(str, args)],
                stdin=stdin,
                stdout=write_end,
                stderr=subprocess.PIPE,
                check=False,
            )
    finally:
        os.close(write_end)
    assert done.returncode == 2
    assert done.stderr.decode() == "ronten: error: standard output: cannot write (the reader closed it)\n"


# --- signals -------------------------------------------------------------------------------------

# Runs the CLI with the rename of the finished temporary file held back, so the signal arrives
# while the .tmp file exists: the moment a signal during a large write leaves one behind.
HELD_RENAME = """
import os, sys, time
rename = os.replace
def held(*args, **kwargs):
    time.sleep(60)
    return rename(*args, **kwargs)
os.replace = held
from ronten_cli.cli import main
main(sys.argv[1:])
"""


def big_outline(path: Path, items: int = 20_000) -> None:
    lines = ["# 大きな論点メモ", ""]
    for topic in range(1, items // 100 + 1):
        lines += [f"## 論点{topic} 論点の見出し", ""]
        lines += [
            f"- ・項目{topic}-{item} デジタル人材の確保・育成に関する検討事項" for item in range(1, 100)
        ]
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("signum", "code", "line"),
    [(signal.SIGTERM, 143, "ronten: terminated"), (signal.SIGINT, 130, "ronten: interrupted")],
    ids=["SIGTERM", "SIGINT"],
)
def test_a_signal_during_a_large_write_leaves_no_temporary_file(tmp_path, signum, code, line):
    source = tmp_path / "big.md"
    big_outline(source)
    target = tmp_path / "out.md"
    target.write_text("the previous version\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-c", HELD_RENAME, "render", str(source), "-o", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    # The signal must land while the large temporary file exists: wait until it is written
    # (the rename that would replace the target is held for a minute).
    deadline = time.monotonic() + 120
    while True:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no large temporary file appeared"
        found = list(tmp_path.glob(".out.md.*.tmp"))
        if found and found[0].stat().st_size > 1_000_000:
            break
        time.sleep(0.01)
    process.send_signal(signum)
    _, err = process.communicate(timeout=30)
    assert (process.returncode, err.decode()) == (code, f"{line}\n")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["big.md", "out.md"]
    assert target.read_text(encoding="utf-8") == "the previous version\n"


# --- what reaches the terminal -------------------------------------------------------------------

HOSTILE = "# 題\x1b]0;pwned\x07\n\n## 論点1 あ\x1b[2Jい\u202eう\n\n- ・項目\x1b[31m赤\n"


def raw_controls(text: str) -> set[str]:
    """The control and bidirectional characters in ``text`` besides newlines."""
    return {ch for ch in text if (ord(ch) < 0x20 and ch != "\n") or ch in "\x7f\u202e"}


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "evil.md"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


def test_show_escapes_the_outline_text(ronten, hostile):
    result = ronten("show", hostile.name)
    assert result.code == 0
    assert raw_controls(result.out) == set()
    assert "題<U+001B>]0;pwned" in result.out
    assert "あ<U+001B>[2Jい<U+202E>う" in result.out


@pytest.mark.slow
def test_show_in_colour_escapes_the_text_but_keeps_its_own_colours(hostile):
    result = run_ronten("show", hostile.name, cwd=hostile.parent, env={"FORCE_COLOR": "1"})
    assert result.code == 0
    assert "\x1b[" in result.out  # rich's colours
    assert "\x1b]" not in result.out and "\x1b[2J" not in result.out and "\x1b[31m赤" not in result.out
    assert "<U+001B>[31m赤" in result.out


def test_diff_and_fmt_diff_escape_the_outline_text(ronten, hostile):
    (hostile.parent / "new.md").write_text(HOSTILE + "- ・追加\x1b[1m太字\n\n", encoding="utf-8")
    result = ronten("diff", hostile.name, "new.md")
    assert result.code == 1
    assert raw_controls(result.out) == set() and "追加<U+001B>[1m太字" in result.out
    (hostile.parent / "messy.md").write_text("#  題\n\n## 論点1   \x1b[1m太字\n", encoding="utf-8")
    result = ronten("fmt", "--diff", "messy.md")
    assert result.code == 1
    assert raw_controls(result.out) == set() and " ## 論点1   <U+001B>[1m太字" in result.out


def test_a_file_name_with_a_newline_or_escapes_stays_on_one_line(ronten, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "a\nb\x1b]0;x\x07.md"
    shown = "a<U+000A>b<U+001B>]0;x<U+0007>.md"
    result = ronten("check", name)
    assert (result.code, result.err) == (2, f"ronten: error: {shown}: no such file\n")
    (tmp_path / name).write_text("# 題\n\n(1) あ\n(3) い\n", encoding="utf-8")
    result = ronten("check", name)
    assert result.code == 1
    assert result.out.startswith(f"{shown}:4:1: RN101 ")
    assert len(result.out.splitlines()) == 1
    result = ronten("render", name, "--to", "md", "-o", "out\n.md")
    assert (result.code, result.err) == (0, "wrote out<U+000A>.md\n")


@pytest.mark.parametrize(
    ("text", "lines", "shown"),
    [
        ("論点1\u3000デジタル人材", False, "論点1\u3000デジタル人材"),  # a full-width space is text
        ("a\nb\tc", True, "a\nb\tc"),
        ("a\nb\tc", False, "a<U+000A>b<U+0009>c"),
        ("x\x1b[2J\ry", True, "x<U+001B>[2J<U+000D>y"),
        ("\u202eabc\u200b", False, "<U+202E>abc<U+200B>"),
        ("name\udcff.md", False, "name<U+DCFF>.md"),  # a byte of a file name that is not UTF-8
        ("a\u2028b", True, "a<U+2028>b"),
    ],
)
def test_visible_shows_what_would_act_on_the_terminal_by_its_code_point(text, lines, shown):
    from ronten_cli.cli.terminal import visible

    assert visible(text, lines=lines) == shown
