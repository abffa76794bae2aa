"""The wheel a user installs: packaged templates, the console script, ``python -m`` and completion."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from docx import Document

from .helpers import ROOT, SEED

# Building a wheel and installing it into a new environment takes seconds.
pytestmark = pytest.mark.slow

# What the build reads: the project's metadata and README, the package, the templates.
SOURCES = ("pyproject.toml", "README.md", "ronten_cli", "templates")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built offline with this environment's setuptools from a copy of the sources, so
    the build leaves nothing (build/, *.egg-info) in the repository."""
    tree = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, tree / name)
    out = tmp_path_factory.mktemp("wheel")
    offline = ["--no-index", "--no-deps", "--no-build-isolation"]
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", *offline, "-w", str(out), str(tree)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    (path,) = out.glob("ronten-*.whl")
    return path


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment holding the wheel. Its dependencies come from this environment
    (a .pth line naming its site-packages, which Python reads after the venv's own), so no package
    index is needed and the wheel's ronten_cli is the one imported."""
    folder = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    target = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(target, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    done = subprocess.run(
        [*pip, "install", "-q", "--no-index", "--no-deps", str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return folder


def run_installed(
    venv: Path, cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed console script, run from ``cwd`` with nothing of the source tree on the path,
    with ``env`` added to the environment."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")} | (env or {})
    return subprocess.run(
        [str(venv / "bin" / "ronten"), *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
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


def test_installed_copy_runs_from_any_folder(venv: Path, tmp_path: Path):
    version = run_installed(venv, tmp_path, "--version")
    assert version.returncode == 0 and version.stdout.startswith("ronten ")
    module = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "ronten_cli", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert module.returncode == 0 and module.stdout == version.stdout
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import ronten_cli; print(ronten_cli.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(venv)), (
        "the test must exercise the installed copy, not the source tree"
    )
    shown = run_installed(venv, tmp_path, "show", str(SEED))
    assert shown.returncode == 0, shown.stderr
    assert "論点3 近未来の都市自治体とデジタル人材のあり方" in shown.stdout
    compared = run_installed(venv, tmp_path, "diff", str(SEED), str(SEED))
    assert compared.returncode == 0 and "no differences" in compared.stdout, compared.stderr


def test_installed_copy_renders_with_its_packaged_templates(venv: Path, tmp_path: Path):
    listed = run_installed(venv, tmp_path, "templates", "list")
    assert listed.returncode == 0 and "memo" in listed.stdout and "agenda" in listed.stdout, listed.stderr
    rendered = run_installed(venv, tmp_path, "render", str(SEED), "-o", "memo.docx")
    assert rendered.returncode == 0, rendered.stderr
    document = Document(str(tmp_path / "memo.docx"))
    assert (document.sections[0].page_width.twips, document.sections[0].page_height.twips) == (11906, 16838)
    assert any("都市自治体が取り組むデジタル人材確保・育成の意義" in p.text for p in document.paragraphs)


@pytest.mark.parametrize(
    ("shell", "hook"), [("bash", "complete -o nosort -F"), ("zsh", "compdef"), ("fish", "complete")]
)
def test_shell_completion_script(ronten, shell, hook):
    result = ronten("--show-completion", shell)
    assert result.code == 0
    assert "_ronten_completion" in result.out and "_RONTEN_COMPLETE=" in result.out and hook in result.out


def completions(ronten, monkeypatch, words: str, shell: str = "bash") -> list[str]:
    """What the completion script gets back from ronten for the command line ``words``."""
    monkeypatch.setenv("_RONTEN_COMPLETE", f"{shell}_complete")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(len(words.split()) - (0 if words.endswith(" ") else 1)))
    result = ronten()
    assert (result.code, result.err) == (0, "")
    return result.out.splitlines()


def test_completion_answers_commands_options_values_and_files(ronten, monkeypatch):
    assert completions(ronten, monkeypatch, "ronten ch") == ["plain,check"]
    assert completions(ronten, monkeypatch, "ronten templates ") == ["plain,list", "plain,export"]
    assert completions(ronten, monkeypatch, "ronten check --format ") == [
        "plain,text",
        "plain,json",
        "plain,github",
    ]
    assert "plain,--reference-doc" in completions(ronten, monkeypatch, "ronten render memo.md --")
    # A file argument leaves the names to the shell, which knows the files.
    assert completions(ronten, monkeypatch, "ronten render me") == ["file,me"]


def test_zsh_completion_describes_the_commands_in_the_users_language(ronten, monkeypatch):
    monkeypatch.setenv("RONTEN_LANG", "ja")
    found = completions(ronten, monkeypatch, "ronten ch", shell="zsh")
    assert found[:2] == ["plain", "check"] and "論点メモ" in found[2]


def test_wheel_ships_the_compiled_catalog_not_its_sources(wheel: Path):
    with zipfile.ZipFile(wheel) as archive:
        catalogs = [name for name in archive.namelist() if "/locale/" in name]
    assert catalogs == ["ronten_cli/locale/ja/LC_MESSAGES/ronten.mo"]


def test_installed_copy_speaks_japanese(venv: Path, tmp_path: Path):
    """The wheel's .mo, read by the standard library alone: no .po beside it, so nothing to
    compile and no Babel imported."""
    env = {"RONTEN_LANG": "ja"}
    probe = (
        "import sys\nfrom ronten_cli.cli import main\n"
        "try:\n    main(['--nope'])\nexcept SystemExit:\n    pass\n"
        "print('babel' in sys.modules)"
    )
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-c", probe],
        cwd=tmp_path,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == "False\n" and "「--nope」" in done.stderr
    wrong = run_installed(venv, tmp_path, "--nope", env=env)
    assert (wrong.returncode, wrong.stderr) == (
        2,
        "ronten: エラー: 「--nope」というオプションはありません（使い方は「ronten --help」で確認できます）\n",
    )
    shown = run_installed(venv, tmp_path, "check", "--help", env=env)
    assert shown.returncode == 0 and "使い方: ronten check [オプション]" in shown.stdout
    english = run_installed(venv, tmp_path, "--nope", env={"RONTEN_LANG": "", "LANG": "C"})
    assert english.stderr.startswith("ronten: error: no such option: --nope")
