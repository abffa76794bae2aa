"""The README is the user guide: it opens with the two commands a new user needs (CI runs the
second), documents every command, shows what ronten really prints, and its links and pictures
resolve. Every command's --help carries an example."""

from __future__ import annotations

import re
import shlex
import shutil
from typing import Any

import pytest
import typer

from ronten_cli.cli import app

from .helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert block is not None, "README must open with a ```sh block"
    assert README.index("```") == README.index("```sh"), (
        "the two commands must be the README's first code block"
    )
    return block.group(1).strip().splitlines()


def test_readme_opens_with_two_commands():
    first, second = readme_commands()
    assert "pip install" in first and "outlines/" in first
    assert "pip install" in second and "[test]" in second and "pytest" in second


def test_ci_runs_the_readme_test_command_verbatim():
    _, test_command = readme_commands()
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in script


# --- every command: an example in --help, a place in the README ---------------------------------


def command_paths() -> list[tuple[str, ...]]:
    """Every command and sub-command of the app, as the words typed after ``ronten``."""
    paths: list[tuple[str, ...]] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        paths.append(path)
        # A group has sub-commands (Typer 0.29 vendors click, so no isinstance check on click.Group).
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return paths


def test_the_walk_finds_every_command():
    # Guards the two tests below against a walk that silently finds nothing.
    paths = command_paths()
    expected = {"show", "check", "fmt", "rules", "render", "templates", "diff", "agenda", "minutes"}
    assert {path[0] for path in paths if path} == expected
    assert ("templates", "list") in paths and ("templates", "export") in paths


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
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    example = re.search(r"Example: (.+)", command.help or "")
    assert example
    for part in example.group(1).split("&&"):
        assert_parses(part)


def assert_parses(command_line: str) -> None:
    """Parse a 'ronten …' line as the app would; raises on an unknown option or a bad value."""
    words = shlex.split(command_line, comments=True)
    assert words[0] == "ronten", command_line
    words, target = words[1:], typer.main.get_command(app)
    while words and words[0] in getattr(target, "commands", {}):
        target = target.commands[words.pop(0)]
    assert target.make_context("ronten", words).params, command_line


README_COMMANDS = [
    line
    for block in re.findall(r"```sh\n(.*?)```", README, re.S)
    for line in block.splitlines()
    if line.startswith("ronten ")
]


@pytest.mark.slow
def test_readme_commands_parse():
    # Every 'ronten …' line the README tells the user to type uses options that exist, with valid values.
    assert len(README_COMMANDS) > 30
    for line in README_COMMANDS:
        assert_parses(line)


@pytest.mark.parametrize("path", [path for path in command_paths() if path], ids=" ".join)
def test_every_command_is_documented(path):
    assert "ronten " + " ".join(path) in README
    headings = re.findall(r"^#{2,4} (.+)$", README, re.M)
    assert any(f"`ronten {path[0]}`" in heading for heading in headings), (
        f"no README heading for ronten {path[0]}"
    )


# --- the README's examples are what ronten prints -----------------------------------------------


def example(after: str, fence: str = "text") -> list[str]:
    """The lines of the first ```FENCE block after the text AFTER."""
    start = README.index(after)
    block = re.search(rf"```{fence}\n(.*?)```", README[start:], re.S)
    assert block is not None, f"no ```{fence} block after {after!r}"
    return block.group(1).rstrip("\n").split("\n")


def assert_shown(shown: list[str], printed: str) -> None:
    """SHOWN is PRINTED, or its beginning when SHOWN ends in a '…' line."""
    if shown[-1] == "…":
        shown = shown[:-1]
        assert shown == printed.split("\n")[: len(shown)], printed
    else:
        assert shown == printed.rstrip("\n").split("\n"), printed


@pytest.fixture
def in_repo(monkeypatch):
    # The README's commands use paths relative to the repository, and so does their output.
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
def test_readme_output_is_what_ronten_prints(ronten, in_repo, after, fence, args):
    result = ronten(*args)
    assert result.code in (0, 1), result.err  # fmt --diff and diff exit 1: there are changes
    assert_shown(example(after, fence), result.out)


def test_readme_diff_json_change_is_real(ronten, in_repo):
    import json

    shown = example("`--format json` (or `-o FILE.json`)", "json")
    printed = json.loads(ronten("diff", "outlines/memo.md", "docs/memo-v2.md", "-f", "json").out)
    assert json.loads(shown[0].removeprefix("{").split(": ", 1)[1].rstrip(",")) == printed["summary"]
    change = json.loads("\n".join(shown[3:-1]).strip().rstrip(","))
    assert change in printed["changes"]


def transcripts() -> list[tuple[str, list[str]]]:
    """Every '$ ronten …' in the README's text blocks, with the lines shown under it."""
    found = []
    for block in re.findall(r"```text\n(.*?)```", README, re.S):
        for part in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, *lines = part.rstrip("\n").split("\n")
            found.append((command, lines))
    return found


@pytest.mark.parametrize(("command", "shown"), transcripts(), ids=[command for command, _ in transcripts()])
def test_readme_transcripts_are_real(ronten, tmp_path, monkeypatch, command, shown):
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


# --- links, pictures, and nothing of this machine -----------------------------------------------


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def test_readme_links_resolve():
    anchors = {slug(heading) for heading in re.findall(r"^#+ (.+)$", README, re.M)}
    links = re.findall(r"\]\(#([^)]+)\)", README)
    assert links and set(links) <= anchors, set(links) - anchors
    for target in re.findall(r'(?:src="|\]\()((?:docs|outlines|bench)/[^")#]+)', README):
        assert (ROOT / target).is_file(), target


def test_pictures_are_committed_small_pngs_made_by_the_script():
    script = (ROOT / "docs" / "pictures.sh").read_text(encoding="utf-8")
    for name in ("memo-page1.png", "shinkyu.png"):
        picture = ROOT / "docs" / name
        assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert picture.stat().st_size < 150_000, f"{name}: keep pictures under 150 KB"
        assert f'src="docs/{name}"' in README and f"docs/{name.removesuffix('.png')}" in script


@pytest.mark.parametrize("name", ["README.md", "docs/pictures.sh", "docs/memo-v2.md"])
def test_no_path_of_this_machine(name):
    text = (ROOT / name).read_text(encoding="utf-8")
    assert not re.search(r"(?<![\w.])/(?:work|tmp|home|root)/", text), name
