"""The library API at the package's top: what a script using ronten (not the CLI) calls."""

from __future__ import annotations

import re

import ronten_cli
from ronten_cli.render import render

from .helpers import ROOT, SEED, installed_modules_loaded_by


def test_check_format_compare_and_render_from_the_package():
    outline = ronten_cli.load(str(SEED))
    codes = [d.code for d in ronten_cli.check(outline)]
    assert "RN302" in codes and "RN201" in codes
    assert [d.code for d in ronten_cli.check(outline, select=["RN3"])] == [
        c for c in codes if c.startswith("RN3")
    ]
    text = ronten_cli.format_outline(outline)
    tidy = ronten_cli.parse(text)
    assert not [d for d in ronten_cli.check(tidy) if d.code in ("RN201", "RN202", "RN204")]
    same = ronten_cli.compare(outline, tidy)
    assert same.changes == ()
    edited = ronten_cli.parse(text.replace("デジタル人材の不足", "デジタル人材の深刻な不足"))
    (change,) = ronten_cli.compare(outline, edited).changes
    assert (change.op, change.new.text) == ("modified", "デジタル人材の深刻な不足")
    markdown = render(outline, to="md").data
    assert isinstance(markdown, str) and "論点1" in markdown


def test_importing_the_package_loads_no_installed_package():
    assert installed_modules_loaded_by("import ronten_cli") == set()


def test_the_reference_python_example_runs(monkeypatch, capsys):
    reference = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"```python\n(.*?)```", reference, re.S)
    monkeypatch.chdir(ROOT)
    exec(compile(example, "docs/reference.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[-1] == "()"
    assert [line.split()[2] for line in printed[:-1]] == ["RN302", "RN301", "RN302"]
