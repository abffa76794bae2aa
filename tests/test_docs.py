"""The documentation is true: every command is documented, every ``ronten …`` line parses, the
output shown is what ronten prints, the links resolve, and the README's and the guide's examples
run from a fresh copy of the repository without leaving a file in it."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import zipfile
from typing import Any

import click
import pytest

from ronten_cli.cli import app
from ronten_cli.lint import RULES

from .doc_helpers import (
    DOCS,
    RUN,
    blocks,
    fresh_shell_environment,
    repository_copy,
    ronten_commands,
    run_lines,
    runnable_lines,
    stray_files,
    without_code,
)
from .helpers import ROOT, subcommands

# --- every command documented, every documented command real -----------------------------------


def command_paths() -> list[tuple[str, ...]]:
    """Every command and sub-command of the app, as the words typed after ``ronten``."""
    paths: list[tuple[str, ...]] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        paths.append(path)
        for name, sub in sorted(subcommands(command).items()):
            walk(sub, (*path, name))

    walk(app, ())
    return paths


def assert_parses(command_line: str) -> None:
    """Parse a 'ronten …' line as the app would; raises on an unknown option or a bad value."""
    words = shlex.split(command_line, comments=True)
    assert words[0] == "ronten", command_line
    words, target = words[1:], app
    while words and words[0] in subcommands(target):
        target = subcommands(target)[words.pop(0)]
    try:
        assert target.make_context("ronten", list(words)).params, command_line
    except click.exceptions.Exit as done:  # --version prints and stops while parsing, as it does when typed
        assert done.exit_code == 0 and words[:1] in (["--version"], ["--show-completion"]), command_line


def test_the_walk_finds_every_command():
    # Guards the tests below against a walk that silently finds nothing.
    paths = command_paths()
    expected = {"show", "check", "fmt", "import", "rules", "render", "templates", "diff", "agenda", "minutes"}
    assert {path[0] for path in paths if path} == expected
    assert ("templates", "list") in paths and ("templates", "export") in paths


@pytest.mark.parametrize("path", [path for path in command_paths() if path], ids=" ".join)
def test_every_command_is_documented(path):
    assert any("ronten " + " ".join(path) in text for text in DOCS.values())
    headings = [
        heading
        for text in DOCS.values()
        for heading in re.findall(r"^#{2,4} (.+)$", without_code(text), re.M)
    ]
    assert any(f"`ronten {path[0]}`" in heading for heading in headings), f"no heading for ronten {path[0]}"


@pytest.mark.slow
@pytest.mark.parametrize("name", DOCS)
def test_documented_commands_parse(in_repo, name):
    # Every 'ronten …' line a page tells the user to type uses options that exist, with valid values.
    # The README's and the guide's shell examples are run instead (below): they name files that
    # earlier examples make.
    for line in ronten_commands(DOCS[name], runnable=name not in RUN):
        assert_parses(line)


def test_the_pages_hold_the_commands():
    # Guards the test above against a parser of code blocks that finds nothing.
    assert len(ronten_commands(DOCS["docs/reference.md"])) > 20
    assert len(ronten_commands(DOCS["docs/guide.ja.md"])) > 20
    assert "ronten check outlines/memo.md" in ronten_commands(DOCS["README.md"])


@pytest.mark.parametrize("path", command_paths(), ids=lambda path: " ".join(path) or "ronten")
def test_every_help_has_an_example(ronten, path):
    result = ronten(*path, "--help")
    assert result.code == 0, result.err
    example = re.search(r"Example: (ronten .+)", result.out)
    assert example, f"'ronten {' '.join(path)} --help' has no 'Example:' line"
    assert example.group(1).startswith(" ".join(("ronten", *path))), example.group(1)


@pytest.mark.parametrize("path", command_paths(), ids=lambda path: " ".join(path) or "ronten")
def test_every_help_example_parses(path):
    # An example with a misspelt option or a value the option refuses would teach the user an error.
    command: click.Command = app
    for name in path:
        command = subcommands(command)[name]
    example = re.search(r"Example: (.+)", command.help or "")
    assert example
    for part in example.group(1).split("&&"):
        assert_parses(part)


# --- the examples are what ronten prints --------------------------------------------------------


def example(after: str, fence: str = "text") -> list[str]:
    """The lines of the first ```FENCE block after the text AFTER, on the one page that has it."""
    (text,) = [text for text in DOCS.values() if after in text]
    start = text.index(after)
    block = next(block for block in blocks(text, fence) if block.offset > start)
    return list(block.lines)


def assert_shown(shown: list[str], printed: str) -> None:
    """SHOWN is PRINTED, or its beginning when SHOWN ends in a '…' line."""
    if shown[-1] == "…":
        shown = shown[:-1]
        assert shown == printed.split("\n")[: len(shown)], printed
    else:
        assert shown == printed.rstrip("\n").split("\n"), printed


@pytest.fixture
def in_repo(monkeypatch):
    # The examples use paths relative to the repository, and so does their output.
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize(
    ("after", "fence", "args"),
    [
        ("### `ronten show`", "text", ["show", "outlines/kobun.txt"]),
        (
            "The beginning of `ronten show outlines/kobun.txt --format json`",
            "json",
            ["show", "outlines/kobun.txt", "-f", "json"],
        ),
        (
            "The beginning of `ronten fmt outlines/memo.md --diff`",
            "diff",
            ["fmt", "outlines/memo.md", "--diff"],
        ),
        (
            "The beginning of\n`ronten render outlines/kobun.txt -o -`",
            "markdown",
            ["render", "outlines/kobun.txt", "-o", "-"],
        ),
        (
            "`ronten diff outlines/memo.md docs/memo-v2.md` prints",
            "text",
            ["diff", "outlines/memo.md", "docs/memo-v2.md"],
        ),
        (
            "`--format md` (or `-o FILE.md`)",
            "markdown",
            ["diff", "outlines/memo.md", "docs/memo-v2.md", "-f", "md"],
        ),
        (
            "(`ronten agenda outlines/meeting.yaml --to md -o -`)",
            "markdown",
            ["agenda", "outlines/meeting.yaml", "--to", "md", "-o", "-"],
        ),
        (
            "`ronten minutes outlines/meeting.yaml --to md -o -`",
            "markdown",
            ["minutes", "outlines/meeting.yaml", "--to", "md", "-o", "-"],
        ),
    ],
    ids=lambda value: value[0] if isinstance(value, list) else None,
)
def test_output_is_what_ronten_prints(ronten, in_repo, after, fence, args):
    result = ronten(*args)
    assert result.code in (0, 1), result.err  # fmt --diff and diff exit 1: there are changes
    assert_shown(example(after, fence), result.out)


def test_diff_json_change_is_real(ronten, in_repo):
    shown = example("`ronten diff OLD NEW --format json` (or `-o FILE.json`)", "json")
    printed = json.loads(ronten("diff", "outlines/memo.md", "docs/memo-v2.md", "-f", "json").out)
    assert json.loads(shown[0].removeprefix("{").split(": ", 1)[1].rstrip(",")) == printed["summary"]
    change = json.loads("\n".join(shown[3:-1]).strip().rstrip(","))
    assert change in printed["changes"]


def test_check_json_finding_is_real(ronten, in_repo):
    (shown,) = example("One finding of\n`ronten check outlines/memo.md --format json`", "json")
    printed = json.loads(ronten("check", "outlines/memo.md", "--format", "json").out)
    assert json.loads(shown) in printed


def transcripts(names: list[str]) -> list[tuple[str, list[str]]]:
    """Every '$ ronten …' in the text blocks of the pages NAMES, with the lines shown under it."""
    found = []
    for name in names:
        for block in blocks(DOCS[name], "text"):
            for part in re.split(r"^\$ ", "\n".join(block.lines), flags=re.M)[1:]:
                command, *lines = part.rstrip("\n").split("\n")
                found.append((command, lines))
    return found


# The pages whose examples are run in order are checked by that run; the others' one by one.
REFERENCE_TRANSCRIPTS = transcripts([name for name in DOCS if name not in RUN])


@pytest.mark.parametrize(
    ("command", "shown"), REFERENCE_TRANSCRIPTS, ids=[command for command, _ in REFERENCE_TRANSCRIPTS]
)
def test_reference_transcripts_are_real(ronten, tmp_path, monkeypatch, command, shown):
    # Run where the user would: a folder holding the examples, so written files land in tmp_path.
    shutil.copytree(ROOT / "outlines", tmp_path / "outlines")
    monkeypatch.chdir(tmp_path)
    words = command.split()
    assert words[0] == "ronten"
    result = ronten(*words[1:])
    assert result.code == 0, result.err
    assert_shown(shown, result.out + result.err)
    for written in re.findall(r"^wrote (\S+\.docx)$", "\n".join(shown), re.M):
        assert (tmp_path / written).is_file(), written


def test_the_rule_table_is_the_generated_one():
    from ronten_cli.check_formats import rules_markdown

    assert rules_markdown() in DOCS["docs/reference.md"], (
        "run 'ronten rules --format markdown' and paste it into docs/reference.md"
    )


# --- the guide's table of codes ------------------------------------------------------------------

SEVERITY = {"エラー": "error", "警告": "warning"}


def test_the_guide_explains_every_code_with_its_severity_and_fix():
    rows = re.findall(r"^\| (RN\d{3}) \| (\S+) \| (.+) \| (.+) \|$", DOCS["docs/guide.ja.md"], re.M)
    assert [code for code, *_ in rows] == [rule.code for rule in RULES]
    for (code, severity, _, fix), rule in zip(rows, RULES, strict=True):
        assert SEVERITY[severity] == rule.severity, code
        # The guide names the fmt that fixes it, and names none for a code fmt cannot fix.
        assert (f"`ronten {rule.fix}`" in fix) if rule.fix else ("ronten fmt" not in fix), code


def catalog_pattern(message: str) -> re.Pattern[str]:
    """A message of the catalog as a pattern: each ``{placeholder}`` stands for any text."""
    parts = re.split(r"\{\w+\}", message)
    return re.compile("(.+)".join(map(re.escape, parts)))


def test_the_guide_quotes_ronten_s_japanese_messages():
    # An error line the guide quotes is one ronten can print in Japanese, not one made up for it.
    from ronten_cli.i18n.catalog import read, sources

    (japanese,) = [source for source in sources() if source.parts[-3] == "ja"]
    translations = [
        text
        for entry in read(japanese)
        if entry.id
        for text in (entry.string if isinstance(entry.string, tuple) else (entry.string,))
    ]
    patterns = [catalog_pattern(text) for text in translations if text]
    quoted = re.findall(r"`ronten: エラー: ([^`]+)`", DOCS["docs/guide.ja.md"])
    assert len(quoted) >= 3
    for message in quoted:
        assert any(pattern.fullmatch(message) for pattern in patterns), message


# --- links, and nothing of this machine ---------------------------------------------------------


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def anchors(text: str) -> set[str]:
    return {slug(heading) for heading in re.findall(r"^#+ (.+)$", without_code(text), re.M)}


def links(name: str) -> list[str]:
    """The targets of a page's links and pictures."""
    found = re.findall(r"\]\(([^)\s]+)\)|src=\"([^\"]+)\"", without_code(DOCS[name]))
    return [link or picture for link, picture in found]


def test_the_pages_link_to_each_other():
    # Guards the test below against a pattern that finds no link.
    assert "docs/reference.md#diagnostic-codes" in links("README.md")
    assert "reference.md" in links("docs/guide.ja.md")


@pytest.mark.parametrize("name", DOCS)
def test_links_resolve(name):
    page = ROOT / name
    for target in links(name):
        if re.match(r"https?:|mailto:", target):
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        assert file.is_file(), f"{name}: {target}"
        if anchor:
            assert anchor in anchors(file.read_text(encoding="utf-8")), f"{name}: {target}"


@pytest.mark.parametrize("name", [*DOCS, "docs/pictures.sh", "docs/memo-v2.md"])
def test_no_path_of_this_machine(name):
    text = (ROOT / name).read_text(encoding="utf-8")
    assert not re.search(r"(?<![\w.])/(?:work|tmp|home|root)/", text), name


# --- the README's and the guide's examples, run as typed ------------------------------------------


def expected_codes(line: str) -> set[int]:
    """diff, and fmt asked only to report, exit 1 when they find something: that is their answer."""
    words = line.split("#")[0].split()
    reports = words[:2] == ["ronten", "fmt"] and {"--diff", "--check"} & set(words)
    return {0, 1} if words[:2] == ["ronten", "diff"] or reports else {0}


@pytest.mark.slow
@pytest.mark.parametrize("name", RUN)
def test_examples_run_from_a_fresh_copy_and_leave_nothing_behind(tmp_path, name):
    copy = repository_copy(tmp_path / "repository")
    lines = runnable_lines(DOCS[name])
    # The guide is read by Japanese users: its transcripts show what ronten says in Japanese.
    env = fresh_shell_environment(**({"RONTEN_LANG": "ja"} if name.endswith(".ja.md") else {}))
    ran = run_lines(lines, copy, env, tmp_path / "record")
    for step in ran:
        assert step.code in expected_codes(step.line), f"{step.line}: exit {step.code}\n{step.err}"
    assert stray_files(copy) == []
    # Each '$ ronten …' shown is what the same line printed where the page runs it.
    text = DOCS[name]
    for block in blocks(text, "text"):
        for part in re.split(r"^\$ ", "\n".join(block.lines), flags=re.M)[1:]:
            command, *shown = part.rstrip("\n").split("\n")
            before = [
                step
                for step in ran
                if step.offset < block.offset and step.line.split("#")[0].strip() == command
            ]
            assert before, f"{name}: '$ {command}' is shown but not run before it"
            assert_shown(shown, before[-1].out + before[-1].err)


@pytest.mark.slow
def test_the_first_readme_command_makes_a_word_document(tmp_path):
    copy = repository_copy(tmp_path / "repository")
    first = runnable_lines(DOCS["README.md"])[0]
    assert first[1] == "mkdir -p out && .venv/bin/ronten render outlines/memo.md -o out/memo.docx"
    (step,) = run_lines([first], copy, fresh_shell_environment(), tmp_path / "record")
    assert step.code == 0, step.err
    with zipfile.ZipFile(copy / "out" / "memo.docx") as docx:
        assert "word/document.xml" in docx.namelist()
    assert stray_files(copy) == []


ACTIVATE = {"sh": "source .venv/bin/activate", "powershell": r".venv\Scripts\Activate.ps1"}


def test_a_bare_ronten_comes_after_the_activation_that_finds_it():
    # A fresh shell finds 'ronten' only once the page has shown how to activate the environment.
    for name in RUN:
        for lang, activate in ACTIVATE.items():
            seen = False
            for block in blocks(DOCS[name], lang):
                for line in block.lines:
                    seen = seen or line.startswith(activate)
                    assert seen or not line.startswith("ronten "), f"{name}: {line}"
            assert seen, f"{name} never shows {activate}"


def test_the_stray_file_check_sees_a_stray_file(tmp_path):
    # Guards the run above: a file written outside out/ is reported, ignored by git or not.
    copy = repository_copy(tmp_path / "repository")
    (copy / "memo.docx").write_bytes(b"")
    (copy / "out").mkdir()
    (copy / "out" / "memo.docx").write_bytes(b"")
    (copy / "outlines" / "memo.md").write_text("changed", encoding="utf-8")
    assert sorted(stray_files(copy)) == [" M outlines/memo.md", "?? memo.docx"]
