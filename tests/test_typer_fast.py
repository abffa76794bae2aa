"""The start-up shim around Typer's pydantic coercion: same results with it and without it."""

from __future__ import annotations

import subprocess
import sys
from enum import StrEnum
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from ronten_cli import _typer_fast

from .conftest import KOBUN, SEED

# Runs the CLI in a child process; with "off" as first argument, Typer keeps its own coercion.
HARNESS = """
import sys
import ronten_cli._typer_fast as shim
if sys.argv.pop(1) == "off":
    shim.install = lambda: None
from ronten_cli.cli import main
main(sys.argv[1:])
"""


class Colour(StrEnum):
    red = "red"


class Built:
    """What Typer's build_runtime_param would return: counts the values it is asked to coerce."""

    def __init__(self) -> None:
        self.calls: list[Any] = []

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        self.calls.append(value)
        return ("typer", value)


def stand_in(annotation: Any) -> tuple[_typer_fast._PlainFirst, list[Built]]:
    builds: list[Built] = []

    def build(descriptor: Any) -> Built:
        builds.append(Built())
        return builds[-1]

    return _typer_fast._PlainFirst(build, SimpleNamespace(annotation=annotation)), builds


SINGLE = SimpleNamespace(multiple=False, nargs=1)
REPEATED = SimpleNamespace(multiple=True, nargs=1)


@pytest.mark.parametrize(
    ("annotation", "value", "param", "expected"),
    [
        (str, "text", SINGLE, "text"),
        (Colour, "red", SINGLE, Colour.red),
        (Colour, Colour.red, SINGLE, Colour.red),
        (list[str], ("a", "b"), REPEATED, ["a", "b"]),
        (str, None, SINGLE, None),
        (list[str], None, REPEATED, ()),
    ],
)
def test_plain_values_never_build_typers_coercion(annotation, value, param, expected):
    shim, builds = stand_in(annotation)
    assert shim.coerce(value, param, None) == expected
    assert builds == []


@pytest.mark.parametrize(("annotation", "value"), [(int, "3"), (Colour, "blue"), (Path, "x.docx")])
def test_other_values_go_through_typer_built_once(annotation, value):
    shim, builds = stand_in(annotation)
    assert shim.coerce(value, SINGLE, None) == ("typer", value)
    assert shim.coerce(value, SINGLE, None) == ("typer", value)
    assert len(builds) == 1 and builds[0].calls == [value, value]


def test_a_typer_without_build_runtime_param_is_left_alone(monkeypatch):
    from typer import core

    monkeypatch.setattr(_typer_fast, "_installed", False)
    monkeypatch.delattr(core, "build_runtime_param")
    _typer_fast.install()
    assert not hasattr(core, "build_runtime_param")


def run(shim: str, *args: str | Path) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-c", HARNESS, shim, *map(str, args)], capture_output=True, text=True, check=False
    )
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--format", "json", "--select", "RN1,RN2", "--strict", SEED),
        ("check", "--format", "xml", SEED),
        ("show", "-f", "json", KOBUN),
        ("rules", "-f", "markdown"),
        ("render", KOBUN, "-o", "-", "--set", "material=資料1", "--set", "date=2026-12-10"),
        ("diff", SEED, KOBUN, "--context", "x", "-o", "t.docx"),
        ("diff", SEED, KOBUN, "--context", "-1", "-o", "t.docx"),
        ("render", KOBUN, "--to", "pdf"),
    ],
    ids=lambda args: " ".join(str(arg) for arg in args[:4]),
)
def test_same_result_with_and_without_the_shim(args):
    with_shim = run("on", *args)
    assert with_shim[0] in (0, 1, 2) and "Traceback" not in with_shim[2]
    assert with_shim == run("off", *args)
