"""Reading the documentation as tests see it: its files, code blocks and ``ronten`` command lines,
and running its examples as a user would, in a fresh copy of the repository.

A ```sh block is an example to type; the ones in the README and the guide are run, in order, in one
shell, unless the line before the block is ``<!-- not run: REASON -->`` (a PDF needs LibreOffice, a
file the user has and the repository does not). ```powershell blocks are parsed, never run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .helpers import ROOT

# An example outline that lives under docs/ but is not documentation.
EXAMPLES = {"docs/memo-v2.md"}

DOC_NAMES = [
    "README.md",
    *sorted({str(path.relative_to(ROOT)) for path in (ROOT / "docs").glob("*.md")} - EXAMPLES),
    "bench/README.md",
]
DOCS = {name: (ROOT / name).read_text(encoding="utf-8") for name in DOC_NAMES}
# The pages a user runs examples from: each is run, block by block, by test_docs.py.
RUN = ("README.md", "docs/guide.ja.md")

_FENCE = re.compile(r"^( {0,3})```(\w*)\n(.*?)^\1```$", re.S | re.M)
_NOT_RUN = re.compile(r"<!-- not run: .+ -->\n$")
# What may stand before 'ronten' on a line: variables for this one command, or the path into .venv.
_PREFIX = re.compile(r"^(?:[A-Z_]+=\S+ )*(?:\.venv/bin/|\.venv\\Scripts\\)?(?=ronten )")


@dataclass(frozen=True)
class Block:
    """One fenced code block: its language, its lines (indentation of a list item removed), where
    it starts in its document, and whether the document says not to run it."""

    lang: str
    lines: tuple[str, ...]
    offset: int
    not_run: bool


def blocks(text: str, lang: str | None = None) -> list[Block]:
    """The fenced code blocks of ``text`` (only those in ``lang``, if given), in order."""
    found = []
    for match in _FENCE.finditer(text):
        indent, language, body = match.groups()
        if lang is not None and language != lang:
            continue
        lines = tuple(line.removeprefix(indent) for line in body.rstrip("\n").split("\n"))
        not_run = bool(_NOT_RUN.search(text[: match.start()]))
        found.append(Block(language, lines, match.start(), not_run))
    return found


def without_code(text: str) -> str:
    """``text`` with its code blocks blanked out, so a '#' line inside one is not taken for a heading."""
    return _FENCE.sub("", text)


def ronten_commands(text: str, *, runnable: bool = True) -> list[str]:
    """Every ``ronten …`` command the shell and PowerShell blocks of ``text`` tell the user to type,
    without what may stand before it (``.venv/bin/``, ``RONTEN_DEBUG=1``); a line of several
    commands joined by ``&&`` gives each of them. Without ``runnable``, only those of the blocks
    that are not run (PowerShell, and shell blocks marked not to run)."""
    commands = []
    for block in blocks(text):
        if block.lang not in ("sh", "powershell") or (not runnable and is_run(block)):
            continue
        for line in block.lines:
            for part in line.split("&&"):
                command = _PREFIX.sub("", part.strip())
                if command.startswith("ronten "):
                    commands.append(command)
    return commands


def is_run(block: Block) -> bool:
    """Whether a page that is run runs this block."""
    return block.lang == "sh" and not block.not_run


def is_setup(part: str) -> bool:
    """A step that makes the virtual environment or installs into it (the copy has its own), or
    runs the test suite (which is what is running it)."""
    program = part.split(maxsplit=1)[0] if part.strip() else ""
    return part.startswith("python3 -m venv") or "pip install " in part or program.endswith("/pytest")


def runnable_lines(text: str) -> list[tuple[int, str]]:
    """The lines of ``text``'s runnable shell blocks, with the offset of their block, minus the
    setting-up steps; blank and comment-only lines are left out."""
    lines = []
    for block in filter(is_run, blocks(text)):
        for line in block.lines:
            parts = [part.strip() for part in line.split("&&") if not is_setup(part.strip())]
            command = " && ".join(parts)
            if command and not command.startswith("#"):
                lines.append((block.offset, command))
    return lines


@dataclass(frozen=True)
class Ran:
    """One line run by ``run_lines``: where its block is, what it was, and what it gave."""

    offset: int
    line: str
    code: int
    out: str
    err: str


def repository_copy(folder: Path) -> Path:
    """A git repository in ``folder`` holding the files of this one as they are now (tracked and
    new, not ignored), committed; with a ``.venv`` whose ``ronten`` runs this checkout's code."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    git = ["git", "-c", "user.name=ronten tests", "-c", "user.email=tests@ronten.invalid"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "copy"]):
        subprocess.run([*git, *command], cwd=folder, check=True, capture_output=True)
    # A real venv, so 'source .venv/bin/activate' works as the README says; its 'ronten' is this
    # checkout's, as 'pip install' would make it (the install steps themselves are not run).
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder / ".venv")], check=True)
    script = folder / ".venv" / "bin" / "ronten"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m ronten_cli "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return folder


def fresh_shell_environment(**extra: str) -> dict[str, str]:
    """The environment of a new terminal: no virtual environment active, and no 'ronten' on PATH."""
    path = [
        folder
        for folder in os.environ.get("PATH", "").split(os.pathsep)
        if folder and not (Path(folder) / "ronten").exists()
    ]
    env = {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH")}
    return {**env, "PATH": os.pathsep.join(path), **extra}


def run_lines(lines: list[tuple[int, str]], cwd: Path, env: dict[str, str], record: Path) -> list[Ran]:
    """Run the lines in order in one bash, as typed into one terminal (a ``cd`` or ``source`` holds
    for the lines after it), keeping each line's exit code and output."""
    record.mkdir()
    script = []
    for number, (_, line) in enumerate(lines):
        files = f"{record}/{number}"
        script.append(f"{{ {line}\n}} >'{files}.out' 2>'{files}.err' </dev/null; echo $? >'{files}.code'")
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-c", "\n".join(script)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    ran = []
    for number, (offset, line) in enumerate(lines):
        read = Path(f"{record}/{number}")
        ran.append(
            Ran(
                offset,
                line,
                int(read.with_suffix(".code").read_text()),
                read.with_suffix(".out").read_text(encoding="utf-8"),
                read.with_suffix(".err").read_text(encoding="utf-8"),
            )
        )
    return ran


def stray_files(repository: Path) -> list[str]:
    """What git sees in ``repository`` beyond its commit, ignored files included, except the
    virtual environment and the scratch folder ``out/``."""
    status = subprocess.run(
        ["git", "-c", "core.quotePath=false", "status", "--porcelain", "--ignored", "--untracked-files=all"],
        cwd=repository,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line for line in status.splitlines() if not line[3:].startswith((".venv/", "out/"))]
