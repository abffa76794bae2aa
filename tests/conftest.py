"""Shared fixtures: run the CLI in process exactly as the console script does, and locate examples."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from ronten_cli.cli import main

ROOT = Path(__file__).resolve().parent.parent
OUTLINES = ROOT / "outlines"
SEED = OUTLINES / "memo.md"
KOBUN = OUTLINES / "kobun.txt"


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def ronten(capsys: pytest.CaptureFixture[str]):
    """Call ``ronten ARGS...`` through ``main`` (so usage errors take the one-line path too)."""

    def run(*args: str | Path) -> Result:
        capsys.readouterr()
        with pytest.raises(SystemExit) as exit_info:
            main([str(arg) for arg in args])
        captured = capsys.readouterr()
        code = exit_info.value.code
        return Result(code if isinstance(code, int) else 0, captured.out, captured.err)

    return run
