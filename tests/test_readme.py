"""The README opens with exactly the two commands a new user needs, and CI runs the second."""

from __future__ import annotations

import re

from .conftest import ROOT


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block is not None, "README must open with a ```sh block"
    assert text.index("```") == text.index("```sh"), "the two commands must be the README's first code block"
    return block.group(1).strip().splitlines()


def test_readme_opens_with_two_commands():
    first, second = readme_commands()
    assert "pip install" in first and "outlines/" in first
    assert "pip install" in second and "[test]" in second and "pytest" in second


def test_ci_runs_the_readme_test_command_verbatim():
    _, test_command = readme_commands()
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in script
