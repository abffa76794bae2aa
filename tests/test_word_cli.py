"""Every command that reads an outline reads a Word document, recognised by its content; ``import``
turns one into canonical Markdown; ``fmt`` refuses one; bad Word files are one line and exit 2."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from ronten_cli import parse
from ronten_cli.fmt import format_outline
from ronten_cli.ooxml import reader

from .docx_helpers import libreoffice_convert, zip_parts
from .helpers import OUTLINES, SEED, tree_key
from .word_docx import abstract, level, make_docx, num, para

MEMO = (
    para("デジタル人材の論点（案）")
    + para("第１　総論")
    + para("１　背景")
    + para("（１）　採用方法")
    + para("・任期付職員")
    + para("第２　論点")
    + para("※　事務局の作業用資料である。")
)


@pytest.fixture
def memo(tmp_path: Path) -> Path:
    path = tmp_path / "memo.docx"
    path.write_bytes(make_docx(MEMO))
    return path


def one_error(result, *words: str) -> None:
    assert result.code == 2, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ronten: error: "), result.err
    for word in words:
        assert word in lines[0], lines[0]


def test_show_reports_paragraph_positions(ronten, memo):
    result = ronten("show", memo, "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["title"] == "デジタル人材の論点（案）" and data["status"] == "案"
    first = data["children"][0]
    assert (first["label"], first["line"]) == ("第１", 2)
    assert first["children"][0]["children"][0]["children"][0]["line"] == 5
    assert [(note["mark"], note["text"], note["line"]) for note in data["notes"]] == [
        ("※", "事務局の作業用資料である。", 7)
    ]


def test_check_reports_the_paragraph_position(ronten, tmp_path):
    path = tmp_path / "memo.docx"
    path.write_bytes(make_docx(para("題") + para("（１）　a") + para("（３）　b")))
    result = ronten("check", path)
    assert result.code == 1
    assert result.out.startswith(f"{path}:3:1: RN101 ")


def test_a_word_document_is_recognised_by_content_not_by_name(ronten, tmp_path):
    path = tmp_path / "memo"
    path.write_bytes(make_docx(MEMO))
    assert "第１ 総論 2:1" in ronten("show", path).out


def test_word_warnings_reach_stderr(ronten, tmp_path):
    path = tmp_path / "memo.docx"
    body = para("題") + "<w:p><w:r><w:t>1　a</w:t></w:r><w:r><w:commentReference w:id='0'/></w:r></w:p>"
    path.write_bytes(make_docx(body))
    result = ronten("show", path)
    assert result.code == 0
    assert result.err == f"ronten: warning: {path}: not read as outline content: 1 comment\n"


def test_word_warnings_and_errors_in_japanese(ronten, tmp_path, monkeypatch):
    monkeypatch.setenv("RONTEN_LANG", "ja")
    path = tmp_path / "memo.docx"
    revised = '<w:p><w:ins w:id="1" w:author="a"><w:r><w:t>1　a</w:t></w:r></w:ins>'
    revised += "<w:r><w:footnoteReference w:id='1'/></w:r><w:r><w:commentReference w:id='0'/></w:r></w:p>"
    path.write_bytes(make_docx(para("題") + revised))
    assert ronten("show", path).err.splitlines() == [
        f"ronten: 警告: {path}: 論点メモの内容として読まなかったもの: 脚注 1 件、コメント 1 件",
        f"ronten: 警告: {path}: 変更履歴 1 件をすべて承諾したものとして読みました",
    ]
    refused = ronten("fmt", path)
    assert refused.code == 2
    assert refused.err.startswith(f"ronten: エラー: {path}: テキストの論点メモではなく Word")


def test_import_writes_canonical_markdown_next_to_it_and_never_over_a_file(ronten, memo):
    result = ronten("import", memo)
    assert result.code == 0, result.err
    written = memo.with_suffix(".md")
    text = written.read_text(encoding="utf-8")
    assert text == format_outline(parse(text))
    assert text.startswith("# デジタル人材の論点（案）\n\n- 第１　総論\n  - １　背景\n")
    again = ronten("import", memo)
    one_error(again, "memo.md exists", "-o")
    assert ronten("import", memo, "-o", "-").out == text


def test_import_of_what_render_made_gives_back_the_outline(ronten, tmp_path):
    docx_path = tmp_path / "memo.docx"
    assert ronten("render", SEED, "-o", docx_path).code == 0
    out = tmp_path / "back.md"
    assert ronten("import", docx_path, "-o", out).code == 0
    back = parse(out.read_text(encoding="utf-8"))
    assert tree_key(back) == tree_key(parse(SEED.read_text(encoding="utf-8")))


def test_fmt_refuses_a_word_document_and_points_to_import(ronten, memo):
    before = memo.read_bytes()
    one_error(ronten("fmt", memo), "not a text outline but a Word", f"ronten import {memo}")
    assert memo.read_bytes() == before


def test_diff_of_two_word_versions_and_of_word_against_markdown(ronten, tmp_path, memo):
    new = tmp_path / "new.docx"
    new.write_bytes(make_docx(MEMO.replace("採用方法", "採用の方法")))
    table = tmp_path / "新旧対照表.docx"
    result = ronten("diff", memo, new, "-o", table)
    assert result.code == 1, result.err
    cells = [cell.text for row in docx.Document(str(table)).tables[0].rows for cell in row.cells]
    assert any("採用の方法" in cell for cell in cells) and any("採用方法" in cell for cell in cells)
    markdown = tmp_path / "memo.md"
    assert ronten("import", memo, "-o", markdown).code == 0
    assert ronten("diff", markdown, memo).code == 0
    assert ronten("diff", markdown, new, "-f", "json").code == 1


def test_minutes_follow_a_word_outline(ronten, memo):
    result = ronten("minutes", OUTLINES / "meeting.yaml", "--outline", memo, "-o", "-")
    assert result.code == 0, result.err
    assert "#### 第１　総論\n\n##### １　背景" in result.out and "#### 第２　論点" in result.out


def test_a_word_memo_among_the_materials_is_bundled_and_a_word_list_is_not(ronten, tmp_path, memo):
    folder = tmp_path / "会議"
    folder.mkdir()
    shutil.copy(memo, folder / "memo.docx")
    (folder / "名簿.docx").write_bytes(make_docx(para("委員名簿") + para("山田 太郎　都市大学教授")))
    meeting = (OUTLINES / "meeting.yaml").read_text(encoding="utf-8")
    meeting = meeting.replace("file: memo.md}", "file: memo.docx}").replace(
        "title: 委員名簿}", "title: 委員名簿, file: 名簿.docx}"
    )
    meeting = meeting.replace("agenda:\n  - 論点メモ（案）について\n  - 意見交換\n", "")
    (folder / "meeting.yaml").write_text(meeting, encoding="utf-8")
    bundle = tmp_path / "bundle"
    result = ronten("agenda", folder / "meeting.yaml", "--bundle", bundle)
    assert result.code == 0, result.err
    assert sorted(path.name for path in bundle.iterdir()) == ["00_次第.docx", "01_資料1_論点メモ（案）.docx"]
    material = [p.text for p in docx.Document(str(bundle / "01_資料1_論点メモ（案）.docx")).paragraphs]
    assert "資料1" in material and any("採用方法" in text for text in material)
    agenda = [p.text for p in docx.Document(str(bundle / "00_次第.docx")).paragraphs]
    # Without an agenda key the 議事 are the Word memo's 論点, as for a Markdown memo.
    assert any("総論" in text for text in agenda) and any("論点" in text and "２" in text for text in agenda)
    warned = [line for line in result.err.splitlines() if "warning" in line]
    assert len(warned) == 1 and "参考資料1　委員名簿: 名簿.docx is not an outline" in warned[0], result.err


def test_a_damaged_word_material_stops_a_word_bundle_before_anything_is_written(ronten, tmp_path):
    (tmp_path / "memo.docx").write_bytes(b"PK\x03\x04 cut short")
    meeting = (
        (OUTLINES / "meeting.yaml").read_text(encoding="utf-8").replace("file: memo.md}", "file: memo.docx}")
    )
    (tmp_path / "meeting.yaml").write_text(meeting, encoding="utf-8")
    one_error(ronten("agenda", tmp_path / "meeting.yaml", "--bundle", tmp_path / "bundle"), "memo.docx")
    assert not (tmp_path / "bundle").exists()


def test_render_reads_a_word_outline(ronten, memo, tmp_path):
    out = tmp_path / "out.md"
    assert ronten("render", memo, "-o", out).code == 0
    assert "採用方法" in out.read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed for REV:path")
def test_git_revision_of_a_word_document(ronten, tmp_path, monkeypatch):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t"}
    env["GIT_COMMITTER_EMAIL"] = "t@e"
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, env=env)
    (tmp_path / "memo.docx").write_bytes(make_docx(MEMO))
    subprocess.run(["git", "-C", str(tmp_path), "add", "."], check=True, env=env)
    subprocess.run(["git", "-C", str(tmp_path), "commit", "-qm", "v1"], check=True, env=env)
    (tmp_path / "memo.docx").write_bytes(make_docx(MEMO.replace("第２　論点", "第２　論点の整理")))
    monkeypatch.chdir(tmp_path)
    result = ronten("diff", "HEAD:memo.docx", "memo.docx", "-f", "json")
    assert result.code == 1, result.err
    assert "論点の整理" in result.out


def test_numbered_word_outline_through_the_cli(ronten, tmp_path):
    numbering = abstract(1, level(0, "decimalFullWidth", "第%1"), level(1, "aiueoFullWidth")) + num(1, 1)
    body = para("題") + para("総論", num=1) + para("専門", num=1, ilvl=1) + para("論点", num=1)
    path = tmp_path / "n.docx"
    path.write_bytes(make_docx(body, numbering=numbering))
    result = ronten("show", path)
    assert "第１ 総論 2:1" in result.out and "ア 専門 3:1" in result.out and "第２ 論点 4:1" in result.out


# --- other formats through LibreOffice ------------------------------------------------------------


@pytest.mark.libreoffice
def test_odt_doc_and_rtf_are_read_through_libreoffice(ronten, tmp_path):
    source = tmp_path / "memo.docx"
    source.write_bytes(make_docx(MEMO))
    for target in ("odt", "doc", "rtf"):
        (converted,) = libreoffice_convert([source], target, tmp_path / target)
        result = ronten("show", converted, "--format", "json")
        assert result.code == 0, (target, result.err)
        data = json.loads(result.out)
        assert data["title"] == "デジタル人材の論点（案）", target
        assert [child["label"] for child in data["children"]] == ["第１", "第２"], target


def test_without_libreoffice_a_doc_is_one_line_naming_it(ronten, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    for name, data in {
        "memo.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
        "memo.rtf": b"{\\rtf1\\ansi 1 x}",
        "memo.odt": b"PK\x03\x04" + b"\0" * 26 + b"mimetypeapplication/vnd.oasis.opendocument.text",
    }.items():
        path = tmp_path / name
        path.write_bytes(data)
        one_error(ronten("check", path), "LibreOffice is needed")


# --- bad input --------------------------------------------------------------------------------------


def _with(part: str, data: bytes | str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(make_docx(para("x"))))
    parts: dict[str, bytes | str] = {name: source.read(name) for name in source.namelist()}
    parts[part] = data
    return zip_parts(parts)


_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"
)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"), ["password"]),
        (zip_parts({"[Content_Types].xml": "<Types/>", "a.txt": "x"}), ["not a Word document"]),
        (make_docx(MEMO)[:-40], ["not a Word document"]),
        (_with("word/document.xml", _LAUGHS), ["DTD"]),
        (_with("word/document.xml", "<w:document"), ["well-formed"]),
        (make_docx(para() + para("　")), ["no text"]),
    ],
    ids=["password", "no-document", "truncated", "entities", "malformed", "no-text"],
)
def test_bad_word_input_is_one_line_and_exit_2(ronten, tmp_path, data, words):
    path = tmp_path / "bad.docx"
    path.write_bytes(data)
    for command in ("show", "check", "import"):
        one_error(ronten(command, path, *(["-o", tmp_path / "o.md"] if command == "import" else [])), *words)
    assert not (tmp_path / "o.md").exists()


def test_a_zip_bomb_stops_at_the_cap(ronten, tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_TOTAL", 2 * 2**20)
    path = tmp_path / "bomb.docx"
    path.write_bytes(_with("word/document.xml", b"<a>" + b" " * (3 * 2**20) + b"</a>"))
    one_error(ronten("show", path), "unpack to")
