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


@pytest.fixture(scope="module", params=[None, LIBREOFFICE_REFERENCE], ids=["house style", "reference"])
def written(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every document ronten writes: render, 新旧対照表, tracked changes, 次第, 議事要旨, a bundle."""
    from ronten_cli.cli import main

    root = tmp_path_factory.mktemp("valid")
    shutil.copy(SEED, root / "memo.md")
    shutil.copy(OUTLINES / "meeting.yaml", root / "meeting.yaml")
    new = root / "memo-new.md"
    new.write_text(
        SEED.read_text(encoding="utf-8").replace("論点1", "論点１", 1) + "\n- ・追加\n", encoding="utf-8"
    )
    reference = ["--reference-doc", str(request.param)] if request.param else []
    commands = [
        ["render", "memo.md", "-o", "render.docx"],
        ["diff", "memo.md", "memo-new.md", "-o", "table.docx"],
        ["diff", "memo.md", "memo-new.md", "-o", "table-portrait.docx", "--portrait", "--context", "1"],
        ["diff", "memo.md", "memo-new.md", "-o", "tracked.docx", "--tracked"],
        ["agenda", "meeting.yaml", "-o", "agenda.docx"],
        ["minutes", "meeting.yaml", "-o", "minutes.docx"],
        ["agenda", "meeting.yaml", "--bundle", "bundle"],
    ]
    for command in commands:
        with pytest.raises(SystemExit) as exit_info, pytest.MonkeyPatch.context() as patch:
            patch.chdir(root)
            main([*command, *reference])
        assert exit_info.value.code in (0, 1), command  # diff exits 1 when the files differ
    found = sorted(root.glob("*.docx")) + sorted((root / "bundle").glob("*.docx"))
    assert len(found) == 8
    return found


def test_every_document_validates(written: list[Path]):
    for path in written:
        document = valid_docx(path)
        assert document.paragraphs, path.name
