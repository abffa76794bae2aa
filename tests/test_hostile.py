"""Hostile and broken input, contained: each finding of the red-team pass as a test.

Every hostile file is built here. Each case runs ``ronten`` in a child process under an
address-space limit and a CPU-time limit (``resource.setrlimit``), so a regression fails instead of
eating the machine, and asserts: exit 2, exactly one ``ronten: error:`` line on stderr naming the
fault, a wall-time bound, and that nothing in the test's folder changed (no output, no file written
elsewhere) apart from the compiled-template cache.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

# Far above what ronten needs for these small inputs (about 150 MiB of address space), far below
# what the unbounded versions of these inputs took.
MEMORY = 768 << 20
CPU_SECONDS = 30


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    changed: dict[str, str]


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def _snapshot(root: Path) -> dict[str, bytes | None]:
    cache = root / "cache"
    return {
        str(path.relative_to(root)): (path.read_bytes() if path.is_file() else None)
        for path in sorted(root.rglob("*"))
        if cache not in path.parents and path != cache
    }


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """The user's folder, inside a root that also holds HOME and the cache (so nothing leaks out)."""
    folder = tmp_path / "work"
    folder.mkdir()
    (tmp_path / "home").mkdir()
    return folder


def ronten(work: Path, *args: str | Path, env: dict[str, str] | None = None, seeds: str = "0") -> Run:
    """``python -m ronten_cli ARGS`` in ``work`` under the limits; what changed under its root."""
    root = work.parent
    before = _snapshot(root)
    environment = {
        **{key: value for key, value in os.environ.items() if not key.startswith(("GIT_", "PYTHON"))},
        "HOME": str(root / "home"),
        "XDG_CACHE_HOME": str(root / "cache"),
        "PYTHONHASHSEED": seeds,
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
        **(env or {}),
    }
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "ronten_cli", *map(str, args)],
        cwd=work,
        env=environment,
        capture_output=True,
        text=True,
        preexec_fn=_limits,
        timeout=CPU_SECONDS * 2,
        check=False,
    )
    seconds = time.perf_counter() - start
    after = _snapshot(root)
    changed = {
        name: "added" if name not in before else "removed" if name not in after else "changed"
        for name in sorted(set(before) | set(after))
        if before.get(name, b"?") != after.get(name, b"?")
    }
    return Run(done.returncode, done.stdout, done.stderr, seconds, changed)


def refused(run: Run, fragment: str, seconds: float = 10) -> str:
    """Exit 2, one error line naming ``fragment``, within ``seconds``, nothing written anywhere."""
    assert run.code == 2, f"exit {run.code}: {run.err!r}"
    lines = run.err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("ronten: error: "), lines[0]
    assert fragment in lines[0], lines[0]
    assert run.seconds < seconds, f"took {run.seconds:.1f} s"
    assert run.changed == {}, run.changed
    return lines[0]


MEMO = "# 論点メモ\n\n## 論点1 施設\n\n### (1) 施設カルテの公表\n\n- ・利用状況の把握\n"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# ---- git ---------------------------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git reads REV:path")


@pytest.fixture
def repo(work: Path) -> Path:
    """``work`` as a git repository with one commit: memo.md and sub/other.md."""
    write(work, "memo.md", MEMO)
    write(work, "sub/other.md", MEMO)
    env = {
        **os.environ,
        "HOME": str(work.parent / "home"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "memo"]):
        subprocess.run(["git", *command], cwd=work, env=env, check=True)
    return work


@needs_git
@pytest.mark.parametrize(
    "command",
    [
        ["check", "--"],
        ["show", "--"],
        ["fmt", "--check", "--"],
        ["diff", "memo.md", "--"],
        ["render", "-o", "out.md", "--"],
    ],
)
def test_a_revision_that_looks_like_a_git_option_writes_nothing(repo, command):
    target = repo.parent / "pwned"
    run = ronten(repo, *command, f"--output={target}:memo.md")
    refused(run, "starting with '-' is refused")
    assert not list(repo.parent.glob("pwned*"))


@needs_git
@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ("HEAD:sub", "HEAD:sub: is a folder in HEAD, not an outline file"),
        ("HEAD~1..HEAD:memo.md", "HEAD~1..HEAD is a range of revisions"),
        ("HEAD...HEAD:memo.md", "HEAD...HEAD is a range of revisions"),
        ("HEAD:-memo.md", "starting with '-' is refused"),
    ],
)
def test_git_specs_that_name_no_single_file_are_refused(repo, spec, fragment):
    refused(ronten(repo, "check", spec), fragment)


@needs_git
def test_a_git_revision_still_reads(repo):
    run = ronten(repo, "show", "HEAD:memo.md", "--format", "json")
    assert run.code == 0, run.err
    assert json.loads(run.out)["children"][0]["text"] == "施設"


@needs_git
def test_the_library_reads_git_only_when_asked(repo, monkeypatch):
    import ronten_cli
    from ronten_cli import source

    monkeypatch.chdir(repo)
    calls: list[list[str]] = []
    real = subprocess.run

    def spy(args, *rest, **options):
        calls.append(list(args))
        return real(args, *rest, **options)

    monkeypatch.setattr(source.subprocess, "run", spy)
    with pytest.raises(ronten_cli.InputError, match=r"^HEAD:memo\.md: no such file$"):
        ronten_cli.load("HEAD:memo.md")
    assert calls == []
    assert ronten_cli.load("HEAD:memo.md", git=True).children[0].text == "施設"
    assert all(call[:2] == ["git", "cat-file"] and "--end-of-options" in call for call in calls)


# ---- decoding ----------------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
def test_utf32_is_read_as_utf32_not_as_utf16(work, codec):
    bom = "\ufeff".encode(codec)
    write(work, "memo.md", bom + MEMO.encode(codec))
    run = ronten(work, "show", "memo.md", "--format", "json")
    assert run.code == 0, run.err
    assert json.loads(run.out)["children"][0]["children"][0]["text"] == "施設カルテの公表"


def test_utf16_holding_nul_characters_is_refused(work):
    # What UTF-32-LE read as UTF-16-LE used to become: every character followed by a NUL.
    write(work, "memo.md", b"\xff\xfe" + "# 題\x00\n".encode("utf-16-le"))
    refused(ronten(work, "show", "memo.md"), "memo.md: binary file")


def test_utf8_with_a_cesu_surrogate_is_refused_not_read_as_cp932(work):
    # U+1F600 written as two encoded surrogates (CESU-8), on line 5.
    write(work, "memo.md", MEMO.encode() + "- ・笑顔".encode() + b"\xed\xa0\xbd\xed\xb8\x80\n")
    for command in (["show"], ["fmt"], ["check"]):
        refused(ronten(work, *command, "memo.md"), "memo.md:8: UTF-8 with an encoded surrogate (CESU-8")


def test_damaged_utf8_that_cp932_would_accept_is_refused(work):
    # A UTF-8 memo cut inside a character: CP932 happens to decode the bytes, as nonsense.
    data = "# 題あ\n\n1 あい".encode() + b"\xe3\x81\n"
    assert data.decode("cp932") == "# 鬘後≠\n\n1 縺ゅ＞縺\n"
    refused(ronten(work, "fmt", write(work, "memo.md", data)), "memo.md:3: not valid UTF-8")
