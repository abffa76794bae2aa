"""The README is the front page: it opens with the two commands a new user needs (CI runs the
second), stays short (the reference is in docs/), and shows ronten's real output in its pictures.
What every page of the documentation must hold true is in test_docs.py."""

from __future__ import annotations

from .doc_helpers import DOCS, blocks
from .helpers import ROOT

README = DOCS["README.md"]


def readme_commands() -> list[str]:
    first = blocks(README)[0]
    assert first.lang == "sh", "the two commands must be the README's first code block"
    return list(first.lines)


def test_readme_opens_with_two_commands():
    first, second = readme_commands()
    assert "pip install" in first and "outlines/" in first and first.endswith(".docx")
    assert "pip install" in second and "[test]" in second and "pytest" in second


def test_ci_runs_the_readme_test_command_verbatim():
    _, test_command = readme_commands()
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in script


def test_readme_is_at_most_250_lines():
    # The README is the front page; the reference lives in docs/ and the figures in bench/README.md.
    lines = len(README.splitlines())
    assert lines <= 250, f"README.md has {lines} lines: move the details into docs/"


def test_readme_links_every_page_of_the_documentation():
    for name in DOCS:
        if name != "README.md":
            assert f"]({name})" in README, name


def test_pictures_are_committed_small_pngs_made_by_the_script():
    script = (ROOT / "docs" / "pictures.sh").read_text(encoding="utf-8")
    for name in ("memo-page1.png", "shinkyu.png"):
        picture = ROOT / "docs" / name
        assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert picture.stat().st_size < 150_000, f"{name}: keep pictures under 150 KB"
        assert f'src="docs/{name}"' in README and f"docs/{name.removesuffix('.png')}" in script


def test_the_scratch_folder_of_the_examples_is_ignored_by_git():
    # The examples write into out/; a user's 'git status' stays clean after trying them.
    assert "/out/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
