"""The ``ronten`` fixture: run the CLI in process exactly as the console script does."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ronten_cli.cli import main

from .docx_helpers import PDF_TOOLS, SOFFICE
from .helpers import Result

# The tests expect ronten's English whatever the machine's locale, from the first fixture on (and so
# do the programs they start); a test that wants Japanese sets RONTEN_LANG=ja itself.
os.environ["RONTEN_LANG"] = "en"


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Compiled templates go to a cache folder of this test run, not the user's (subprocesses too)."""
    folder = tmp_path_factory.mktemp("cache")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    return folder


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A property test (hypothesis runs it on many examples) is slow; so is a LibreOffice test,
    which is skipped where LibreOffice or poppler-utils is missing."""
    missing = pytest.mark.skip(reason="LibreOffice (soffice) and poppler-utils are needed")
    for item in items:
        if getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("libreoffice"):
            item.add_marker(pytest.mark.slow)
            if not (SOFFICE and PDF_TOOLS):
                item.add_marker(missing)


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


@pytest.fixture
def file_size_limit():
    """``with file_size_limit(N):`` files this process writes may grow to N bytes; a larger write
    fails with EFBIG as on a full disk (Python ignores SIGXFSZ, so it is an error, not a kill)."""
    import resource
    from contextlib import contextmanager

    @contextmanager
    def limit(size: int):
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
        try:
            yield
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))

    return limit
