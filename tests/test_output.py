"""Writing results: atomic files that never touch an input, and folders written all or nothing."""

from __future__ import annotations

import os

import pytest

from ronten_cli import OutputError
from ronten_cli.output import write_atomic, write_folder


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


def snapshot(folder):
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_write_folder_creates_the_folder_with_every_file(tmp_path):
    umask = os.umask(0o022)
    try:
        written = write_folder(tmp_path / "new" / "bundle", [("a.docx", b"A"), ("b.md", "び")])
    finally:
        os.umask(umask)
    folder = tmp_path / "new" / "bundle"
    assert written == [folder / "a.docx", folder / "b.md"]
    assert snapshot(folder) == {"a.docx": b"A", "b.md": "び".encode()}
    assert folder.stat().st_mode & 0o777 == 0o755  # as mkdir would make it, not private
    assert [p.name for p in (tmp_path / "new").iterdir()] == ["bundle"]


def test_write_folder_into_an_existing_folder_keeps_other_files(tmp_path):
    folder = tmp_path / "bundle"
    folder.mkdir()
    (folder / "a.docx").write_bytes(b"old")
    (folder / "mine.txt").write_bytes(b"keep")
    write_folder(folder, [("a.docx", b"new"), ("b.docx", b"B")])
    assert snapshot(folder) == {"a.docx": b"new", "b.docx": b"B", "mine.txt": b"keep"}
    assert [p.name for p in tmp_path.iterdir()] == ["bundle"]


@pytest.mark.parametrize("exists", [False, True])
def test_write_folder_failing_on_a_later_file_leaves_the_target_untouched(tmp_path, file_size_limit, exists):
    folder = tmp_path / "bundle"
    if exists:
        folder.mkdir()
        (folder / "a.docx").write_bytes(b"old")
    files = [("a.docx", b"new"), ("b.docx", b"B" * 100_000), ("c.docx", b"C")]
    with file_size_limit(50_000), pytest.raises(OutputError) as error:
        write_folder(folder, files)
    assert str(error.value) == f"{folder / 'b.docx'}: cannot write (File too large); nothing was written"
    if exists:
        assert snapshot(folder) == {"a.docx": b"old"}
    else:
        assert not folder.exists()
    assert [p.name for p in tmp_path.iterdir()] == (["bundle"] if exists else [])  # no temporary folder


@pytest.mark.parametrize("exists", [False, True])
def test_write_folder_with_a_name_too_long_is_one_line(tmp_path, exists):
    folder = tmp_path / "bundle"
    if exists:
        folder.mkdir()
    with pytest.raises(OutputError) as error:
        write_folder(folder, [("a.docx", b"A"), ("b" * 300 + ".docx", b"B")])
    assert str(error.value).endswith(": cannot write (File name too long); nothing was written")
    assert not (folder / "a.docx").exists()
    assert [p.name for p in tmp_path.iterdir()] == (["bundle"] if exists else [])
    with pytest.raises(OutputError, match=r"cannot write \(File name too long\); nothing was written$"):
        write_folder(tmp_path / ("x" * 300), [("a.docx", b"A")])


def test_write_folder_refuses_an_input_before_writing_anything(tmp_path):
    folder = tmp_path / "bundle"
    folder.mkdir()
    (folder / "b.docx").write_bytes(b"input")
    with pytest.raises(OutputError, match="refusing to overwrite the input"):
        write_folder(folder, [("a.docx", b"A"), ("b.docx", b"B")], inputs=[folder / "b.docx"])
    assert snapshot(folder) == {"b.docx": b"input"}
    (tmp_path / "file").write_bytes(b"x")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        write_folder(tmp_path / "file", [("a.docx", b"A")])
