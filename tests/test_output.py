"""Writing results: atomic files that never touch an input."""

from __future__ import annotations

import os

import pytest

from ronten_cli import OutputError
from ronten_cli.output import write_atomic


def test_write_atomic_replaces_whole_file_and_keeps_mode(tmp_path):
    target = tmp_path / "out.md"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    write_atomic(target, "新しい")
    assert target.read_text(encoding="utf-8") == "新しい"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_write_atomic_refuses_the_input_by_any_name(tmp_path, monkeypatch):
    source = tmp_path / "memo.md"
    source.write_text("原本", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for name in (source, "memo.md", "./memo.md"):
        with pytest.raises(OutputError, match="refusing to overwrite the input"):
            write_atomic(name, "x", inputs=[str(source)])
    link = tmp_path / "link.md"
    link.symlink_to(source)
    with pytest.raises(OutputError, match="refusing"):
        write_atomic(link, "x", inputs=["memo.md"])
    assert source.read_text(encoding="utf-8") == "原本"


def test_write_atomic_reports_unwritable_targets(tmp_path):
    with pytest.raises(OutputError, match="does not exist"):
        write_atomic(tmp_path / "no" / "x.docx", b"x")
    with pytest.raises(OutputError, match="is a folder"):
        write_atomic(tmp_path, b"x")
    # /proc refuses new files even to root, so this holds whoever runs the tests.
    with pytest.raises(OutputError, match="cannot write"):
        write_atomic("/proc/ronten-test.docx", b"x")
