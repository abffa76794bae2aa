"""Every kind of .docx ronten writes passes an independent OOXML validator, with and without a reference.

openxml-audit follows the Open XML SDK's schema and semantic rules: child order, required parts
and relationships, content types. LibreOffice opens files Word refuses, so this is the check that
stands for Word. Each document is made through the command line, as a user makes it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .docx_helpers import LIBREOFFICE_REFERENCE, valid_docx
from .helpers import OUTLINES, SEED

# Writes every kind of document twice over and validates 18 of them: seconds. The fast tests
# validate each document they make, kind by kind.
pytestmark = pytest.mark.slow


def write_all(root: Path, reference: Path | None) -> list[Path]:
    """Every document ronten writes, into ``root``: render (with the 資料番号 on page 1 and on
    every page), 新旧対照表 (several pages, one table each), tracked changes, 次第, 議事要旨, bundles."""
    from ronten_cli.cli import main

    shutil.copy(SEED, root / "memo.md")
    shutil.copy(OUTLINES / "meeting.yaml", root / "meeting.yaml")
    new = root / "memo-new.md"
    new.write_text(
        SEED.read_text(encoding="utf-8").replace("論点1", "論点１", 1) + "\n- ・追加\n", encoding="utf-8"
    )
    options = ["--reference-doc", str(reference)] if reference else []
    commands = [
        ["render", "memo.md", "-o", "render.docx"],
        ["render", "memo.md", "-o", "every.docx", "--set", "material=資料1", "--material-every-page"],
        ["diff", "memo.md", "memo-new.md", "-o", "table.docx"],
        ["diff", "memo.md", "memo-new.md", "-o", "table-portrait.docx", "--portrait", "--context", "1"],
        ["diff", "memo.md", "memo-new.md", "-o", "tracked.docx", "--tracked"],
        ["agenda", "meeting.yaml", "-o", "agenda.docx"],
        ["minutes", "meeting.yaml", "-o", "minutes.docx"],
        ["agenda", "meeting.yaml", "--bundle", "bundle", "--material-every-page"],
    ]
    for command in commands:
        with pytest.raises(SystemExit) as exit_info, pytest.MonkeyPatch.context() as patch:
            patch.chdir(root)
            main([*command, *options])
        assert exit_info.value.code in (0, 1), command  # diff exits 1 when the files differ
    found = sorted(root.glob("*.docx")) + sorted((root / "bundle").glob("*.docx"))
    assert len(found) == 9
    return found


@pytest.fixture(scope="module", params=[None, LIBREOFFICE_REFERENCE], ids=["house style", "reference"])
def written(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_all(tmp_path_factory.mktemp("valid"), request.param)


def test_every_document_validates(written: list[Path]):
    for path in written:
        document = valid_docx(path)
        assert document.paragraphs, path.name


def test_every_document_is_byte_identical_under_source_date_epoch(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765350000")
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    first, second = write_all(tmp_path / "one", None), write_all(tmp_path / "two", None)
    assert [path.name for path in first] == [path.name for path in second]
    for one, two in zip(first, second, strict=True):
        assert one.read_bytes() == two.read_bytes(), one.name
