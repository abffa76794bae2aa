"""The wheel a user installs: packaged templates, the console script, ``python -m`` and completion."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT, SEED


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("ronten-*.whl")
    return path


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel unpacked into a folder of its own, away from the source tree."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    return target


def run_installed(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # PYTHONPATH puts the installed copy first; the dependencies come from the test interpreter.
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONSAFEPATH": "1"}
    return subprocess.run(
        [sys.executable, "-m", "ronten_cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_wheel_ships_templates_and_entry_point(wheel: Path):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        assert "ronten = ronten_cli.cli:main" in archive.read(entry_points).decode()
    shipped = {Path(n).name for n in names if n.startswith("ronten_cli/templates/")}
    in_repo = {p.name for p in (ROOT / "templates").iterdir() if p.is_file() and p.suffix != ".pyc"}
    assert in_repo <= shipped


def test_wheel_ships_every_subpackage(wheel: Path):
    with zipfile.ZipFile(wheel) as archive:
        shipped = set(archive.namelist())
    packages = [p.parent for p in (ROOT / "ronten_cli").rglob("__init__.py")]
    missing = [
        str(p.relative_to(ROOT))
        for p in packages
        if f"{p.relative_to(ROOT).as_posix()}/__init__.py" not in shipped
    ]
    assert len(packages) > 2 and not missing, f"add to [tool.setuptools] packages: {missing}"


def test_installed_copy_runs_from_any_folder(installed: Path, tmp_path: Path):
    version = run_installed(installed, tmp_path, "--version")
    assert version.returncode == 0 and version.stdout.startswith("ronten ")
    shown = run_installed(installed, tmp_path, "show", str(SEED))
    assert shown.returncode == 0, shown.stderr
    assert "論点3 近未来の都市自治体とデジタル人材のあり方" in shown.stdout
    compared = run_installed(installed, tmp_path, "diff", str(SEED), str(SEED))
    assert compared.returncode == 0 and "no differences" in compared.stdout, compared.stderr
    env = {**os.environ, "PYTHONPATH": str(installed), "PYTHONSAFEPATH": "1"}
    where = subprocess.run(
        [sys.executable, "-c", "import ronten_cli; print(ronten_cli.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(installed)), (
        "the test must exercise the installed copy, not the source tree"
    )


def test_shell_completion_script(ronten):
    result = ronten("--show-completion", "bash")
    assert result.code == 0
    assert "_ronten_completion" in result.out
