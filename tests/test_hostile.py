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
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from ronten_cli.diff.chars import MAX_EDITS, char_diff

# Every case but one runs ronten or git in a child process.
pytestmark = pytest.mark.slow

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

    monkeypatch.chdir(repo)
    calls: list[list[str]] = []
    real = subprocess.run

    def spy(args, *rest, **options):
        calls.append(list(args))
        return real(args, *rest, **options)

    monkeypatch.setattr(subprocess, "run", spy)  # source.py imports it when a git REV:path is read
    with pytest.raises(ronten_cli.InputError, match=r"^HEAD:memo\.md: no such file$"):
        ronten_cli.load("HEAD:memo.md")
    assert calls == []
    assert ronten_cli.load("HEAD:memo.md", git=True).children[0].text == "施設"
    assert calls and all(call[:2] == ["git", "cat-file"] and "--end-of-options" in call for call in calls)


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


# ---- YAML, and values Python cannot build ----------------------------------------------------


def billion_laughs() -> str:
    """The classic 'billion laughs' YAML: nine levels of nine aliases, 9^9 'lol's once expanded."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join([f'*{previous}'] * 9)}]")
    return "\n".join(lines)


def test_billion_laughs_in_front_matter_is_refused(work):
    laughs = billion_laughs()
    assert len(laughs) < 600
    write(work, "memo.md", f"---\n{laughs}\n---\n{MEMO}")
    write(work, "plain.md", MEMO)
    fragment = "memo.md:2: invalid YAML front matter (anchors and aliases (&name, *name) are not supported"
    refused(ronten(work, "show", "memo.md", "--format", "json"), fragment)
    refused(ronten(work, "diff", "plain.md", "memo.md"), fragment)
    refused(ronten(work, "agenda", "memo.md", "-o", "a.md"), "memo.md:2: invalid YAML (anchors and aliases")


def test_a_cyclic_alias_is_refused(work):
    write(work, "memo.md", f"---\ntitle: t\nr: &r [*r]\n---\n{MEMO}")
    refused(
        ronten(work, "show", "memo.md", "--format", "json"), "memo.md:3: invalid YAML front matter (anchors"
    )
    write(work, "meeting.yaml", "committee: &c 研究会\nsession: 2\ndate: 2026-12-10\nplace: *c\n")
    refused(ronten(work, "agenda", "meeting.yaml", "-o", "a.md"), "meeting.yaml:1: invalid YAML (anchors")


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "1.0e+999"])
def test_nan_and_infinity_are_refused_where_they_would_be_compared_or_written(work, value):
    write(work, "memo.md", f"---\ntitle: t\nx: {value}\n---\n{MEMO}")
    fragment = f"memo.md:3: invalid YAML front matter ({value}: not a finite number"
    refused(ronten(work, "show", "memo.md", "--format", "json"), fragment)
    # Were it read, NaN would make the file differ from itself.
    refused(ronten(work, "diff", "memo.md", "memo.md"), fragment)


def test_a_quoted_nan_is_text(work):
    write(work, "memo.md", f'---\nx: ".nan"\n---\n{MEMO}')
    run = ronten(work, "show", "memo.md", "--format", "json")
    assert json.loads(run.out)["meta"] == {"x": ".nan"}
    assert ronten(work, "diff", "memo.md", "memo.md").code == 0


@pytest.mark.parametrize(
    ("yaml", "fragment"),
    [
        ("x: " + "[" * 3000 + "]" * 3000, "nested more than 64 levels deep"),
        ("x: !!set {a, b}", "a set (!!set) is not supported"),
        ("x: !!binary aGk=", "binary data (!!binary) is not supported"),
    ],
)
def test_front_matter_yaml_without_a_plain_value_is_refused(work, yaml, fragment):
    write(work, "memo.md", f"---\n{yaml}\n---\n{MEMO}")
    refused(
        ronten(work, "show", "memo.md", "--format", "json"),
        f"memo.md:2: invalid YAML front matter ({fragment}",
    )


@pytest.mark.parametrize(
    ("front", "fragment"),
    [
        ("date: 0000-01-01", "memo.md:3: date: 0000-01-01 is before 1873"),
        (f"count: {'1' * 5000}", "memo.md:3: invalid YAML front matter (1111111111"),
        (f"count: 0x{'f' * 5000}", "a number too large to use"),
    ],
)
@pytest.mark.parametrize("command", [["show", "--format", "json"], ["render", "-o", "out.md"]])
def test_front_matter_values_python_cannot_build_are_one_line(work, front, fragment, command):
    write(work, "memo.md", f"---\ntitle: t\n{front}\n---\n{MEMO}")
    line = refused(ronten(work, *command, "memo.md"), fragment)
    assert len(line) < 300


def test_an_item_number_of_5000_digits_is_one_line(work):
    write(work, "memo.md", f"# 題\n\n## 論点{'1' * 5000} 施設\n")
    for command in (["check"], ["show"], ["fmt", "--renumber", "-o", "out.md"]):
        refused(ronten(work, *command, "memo.md"), "memo.md:3:4: item number 111111111… has 5000 digits")


def test_a_meeting_in_year_0_is_one_line(work):
    write(work, "meeting.yaml", "committee: 研究会\nsession: 2\ndate: 0000-01-01\nplace: 会議室\n")
    refused(
        ronten(work, "agenda", "meeting.yaml", "-o", "a.md"),
        "meeting.yaml:3: date: 0000-01-01 is before 1873",
    )


def test_set_values_python_cannot_build_are_one_line_or_text(work):
    write(work, "memo.md", MEMO)
    run = ronten(work, "render", "memo.md", "-o", "-", "--set", "date=0000-01-01")
    refused(run, "--set date: 0000-01-01 is before 1873")
    kept = ronten(work, "render", "memo.md", "-o", "-", "--set", f"n={'1' * 5000}")
    assert kept.code == 0, kept.err


# ---- templates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "fragment"),
    [
        (
            "{{ cycler.__init__.__globals__.os.popen('touch pwned').read() }}",
            "x.md.j2:1: refused by the template sandbox: access to attribute '__init__'",
        ),
        ("{{ ''.__class__.__mro__ }}", "refused by the template sandbox"),
        # The records a template reads quickly still lead nowhere: a method, a name with '_', format.
        ("{{ outline.walk.__func__.__globals__ }}", "attribute '__func__' of 'method' object is unsafe"),
        ("{{ outline.children[0].__class__ }}", "attribute '__class__' of 'Node' object is unsafe"),
        ("{{ '{0.__class__}'.format(outline) }}", "attribute '__class__' of 'OutlineView' object is unsafe"),
        ("{% set ns = namespace() %}{{ ns.__class__ }}", "refused by the template sandbox"),
        ("{% set l = [1] %}{{ l.append(2) }}", "refused by the template sandbox"),
        ("{% include '/etc/passwd' %}", "x.md.j2:1: template '/etc/passwd' refused"),
        ("{% include '../secret.txt' %}", "x.md.j2:1: template '../secret.txt' refused"),
        ("{% include 'sub/../../secret.txt' %}", "'..' would leave the template folder"),
        ("{% include 'link.md.j2' %}", "template 'link.md.j2' refused: it links to a file outside"),
        ("{% for i in range(10**12) %}x{% endfor %}", "x.md.j2:1: too large: range(1000000000000)"),
        ("{{ 'x' * 10**12 }}", "x.md.j2:1: too large: '*' would make"),
        ("{{ 7 ** (10**9) }}", "x.md.j2:1: too large: '**' would make"),
    ],
)
def test_hostile_templates_are_refused(work, template, fragment):
    write(work, "memo.md", MEMO)
    write(work, "secret.txt", "SECRET")
    write(work, "tpl/x.md.j2", template)
    (work / "tpl" / "link.md.j2").symlink_to(work / "secret.txt")
    run = ronten(work, "render", "memo.md", "--template-dir", "tpl", "-t", "x", "-o", "out.md")
    refused(run, fragment)
    assert "SECRET" not in run.err


def test_a_huge_document_stops_at_the_cap(work):
    write(work, "memo.md", MEMO)
    write(work, "tpl/x.md.j2", "{% for i in range(100000) %}{{ 'x' * 1001 }}{% endfor %}")
    run = ronten(work, "render", "memo.md", "--template-dir", "tpl", "-t", "x", "-o", "out.md")
    refused(run, "x.md.j2: the rendered document passed 100,000,000 characters", seconds=20)


def test_a_symlinked_template_named_on_the_command_line_is_used(work):
    write(work, "memo.md", MEMO)
    write(work, "shared/mine.md.j2", "{{ outline.title }}\n")
    (work / "mine.md.j2").symlink_to(work / "shared" / "mine.md.j2")
    run = ronten(work, "render", "memo.md", "-t", "./mine.md.j2", "-o", "-")
    assert (run.code, run.out) == (0, "論点メモ\n"), run.err


def test_the_working_folders_templates_run_only_when_named(work):
    write(work, "memo.md", MEMO)
    write(work, "templates/memo.md.j2", "{{ cycler.__init__.__globals__.os.popen('touch pwned').read() }}")
    run = ronten(work, "render", "memo.md", "-o", "-")
    assert run.code == 0, run.err
    assert run.out.startswith("# 論点メモ\n")
    refused(ronten(work, "render", "memo.md", "--template-dir", "templates", "-o", "-"), "sandbox")
    assert not (work / "pwned").exists()


# ---- the same refusals in Japanese -------------------------------------------------------------

JAPANESE = {"RONTEN_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "ja_JP.UTF-8"}


@pytest.mark.parametrize(
    ("name", "content", "command"),
    [
        ("memo.md", f"---\n{billion_laughs()}\n---\n{MEMO}", ["show", "memo.md"]),
        ("memo.md", f"---\ntitle: t\nx: .nan\n---\n{MEMO}", ["diff", "memo.md", "memo.md"]),
        (
            "memo.md",
            f"---\ntitle: t\ncount: 0x{'f' * 5000}\n---\n{MEMO}",
            ["render", "memo.md", "-o", "out.md"],
        ),
        ("memo.md", f"# 題\n\n## 論点{'1' * 5000} 施設\n", ["check", "memo.md"]),
        ("memo.md", MEMO.encode() + b"\xed\xa0\xbd\xed\xb8\x80\n", ["fmt", "memo.md"]),
        (
            "meeting.yaml",
            "committee: &c 研究会\nsession: 2\ndate: 2026-12-10\nplace: *c\n",
            ["agenda", "meeting.yaml"],
        ),
        ("x.md.j2", "{{ ''.__class__.__mro__ }}", ["render", "memo.md", "-t", "./x.md.j2", "-o", "out.md"]),
        ("x.md.j2", "{% for i in range(10**12) %}x{% endfor %}", ["render", "memo.md", "-t", "./x.md.j2"]),
    ],
    ids=["billion laughs", "nan", "huge hex", "5000 digits", "cesu-8", "alias", "sandbox", "range"],
)
def test_hostile_input_is_refused_in_one_japanese_line(work, name, content, command):
    write(work, "memo.md", MEMO)
    write(work, name, content)
    run = ronten(work, *command, env=JAPANESE)
    assert run.code == 2, f"exit {run.code}: {run.err!r}"
    (line,) = run.err.splitlines()
    assert line.startswith(f"ronten: エラー: {name}:"), line
    # A Japanese sentence (hiragana) outside what the line quotes of the user's file.
    assert re.search("[\u3041-\u309f]", re.sub("「[^」]*」", "", line)), line
    assert run.changed == {}, run.changed


# ---- diff --------------------------------------------------------------------------------------


def tied_outlines(groups: int = 12) -> tuple[str, str]:
    """Two outlines whose matching meets ties: each new item shares as many bigrams with six old
    ones (through different bigrams), only one of which is similar enough to be its match. With
    enough unpaired items the matcher compares them through its bigram index, where it once
    broke such ties in the order a set of strings iterates, which PYTHONHASHSEED changes."""
    characters = iter(chr(code) for code in range(0x4E00, 0x9FA0))

    def take(count: int) -> str:
        return "".join(next(characters) for _ in range(count))

    olds: list[str] = []
    news: list[str] = []
    for _ in range(groups):
        a, b, c, d, e, f, g = take(7)
        olds += [
            f"{a}{b}{c}X{e}{f}{g}",
            f"{b}{c}{d}{e}{f}{take(12)}",
            f"{a}{b}{c}{d}{e}{take(12)}",
            f"{c}{d}{e}{f}{g}{take(12)}",
            f"{d}{e}{f}{g}R{a}{b}{take(12)}",
            f"{f}{g}S{a}{b}{c}T{d}{e}{take(12)}",
        ]
        news.append(f"{a}{b}{c}{d}{e}{f}{g}")
    olds += [take(6) for _ in range(60)]
    news += [take(6) for _ in range(60)]
    return (
        "# 題\n\n" + "".join(f"- ・{text}\n" for text in olds),
        "# 題\n\n" + "".join(f"- ・{text}\n" for text in news),
    )


def test_diff_output_is_the_same_under_any_hash_seed(work):
    old, new = tied_outlines()
    write(work, "old.md", old)
    write(work, "new.md", new)
    outputs = set()
    for seed in ("0", "1", "2", "3"):
        run = ronten(work, "diff", "old.md", "new.md", "--format", "json", seeds=seed)
        assert run.code == 1, run.err
        outputs.add(run.out)
    assert len(outputs) == 1
    # The short old item of each group is the one found, whatever the seed.
    modified = [change for change in json.loads(outputs.pop())["changes"] if change["op"] == "modified"]
    assert len(modified) == 12


def test_two_long_unrelated_items_diff_in_under_a_second(work):
    # 16,000 characters each, sharing most characters but in another order: the exact character
    # diff is quadratic here (tens of seconds); the budget replaces the item whole instead.
    write(work, "old.md", "# 題\n\n## 論点1 " + "施設カルテの公表と利用状況" * 1230 + "\n")
    write(work, "new.md", "# 題\n\n## 論点1 " + "利用状況の公表と施設カルテ" * 1230 + "\n")
    run = ronten(work, "diff", "old.md", "new.md", "--format", "json")
    assert run.code == 1, run.err
    assert run.seconds < 3  # the child's start-up included; the diff itself is well under a second
    (change,) = json.loads(run.out)["changes"]
    assert change["op"] == "modified"
    assert [segment["op"] for segment in change["segments"]] == ["delete", "insert"]


def test_char_diff_is_exact_within_its_budget_and_whole_beyond():
    old = "施設カルテの公表と利用状況の把握を進める"
    assert [(s.op, s.text) for s in char_diff(old, old.replace("公表", "周知"))] == [
        ("equal", "施設カルテの"),
        ("delete", "公表"),
        ("insert", "周知"),
        ("equal", "と利用状況の把握を進める"),
    ]

    def numbered(count: int, mark: str) -> str:
        return "".join(f"{number:04d}{mark}" for number in range(count))

    # One character replaced in each of n stretches: 2n insertions and deletions.
    within = char_diff(numbered(MAX_EDITS // 2, "あ"), numbered(MAX_EDITS // 2, "い"))
    assert len(within) == 3 * MAX_EDITS // 2  # each stretch: equal digits, delete あ, insert い
    start = time.perf_counter()
    beyond = char_diff(numbered(MAX_EDITS, "あ"), numbered(MAX_EDITS, "い"))
    assert time.perf_counter() - start < 1
    assert [(s.op, s.text) for s in beyond] == [
        ("equal", "0000"),
        ("delete", numbered(MAX_EDITS, "あ")[4:]),
        ("insert", numbered(MAX_EDITS, "い")[4:]),
    ]


def test_a_reworded_item_that_grew_is_modified_not_deleted_and_added(work):
    memo = "# 論点メモ\n\n## 論点1 施設\n\n### (1) 施設カルテの公表\n\n### (2) 人材の確保\n"
    grown = "施設カルテ（利用状況・コスト）のホームページでの公表"
    write(work, "old.md", memo)
    write(work, "new.md", memo.replace("施設カルテの公表", grown))
    run = ronten(work, "diff", "old.md", "new.md", "--format", "json")
    (change,) = json.loads(run.out)["changes"]
    assert change["op"] == "modified"
    assert change["old"]["text"] == "施設カルテの公表" and change["new"]["text"] == grown
    # Kept label and place are not enough when the text has nothing in common.
    write(work, "other.md", memo.replace("施設カルテの公表", "議会への報告"))
    run = ronten(work, "diff", "old.md", "other.md", "-f", "json")
    assert sorted(change["op"] for change in json.loads(run.out)["changes"]) == ["added", "deleted"]
