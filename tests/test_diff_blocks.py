"""``ronten diff`` of the paragraphs, tables and ※ notes under items (issue 9): matched within the
memo like items, reported in JSON with their kind, shown in every report and in both Word documents."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from ronten_cli import parse
from ronten_cli.diff import compare
from ronten_cli.diff.docx import ADDED, DELETED, TableOptions, comparison_table, tracked_document
from ronten_cli.diff.text_formats import markdown, terminal

from .docx_helpers import W, docx_part, expected_paragraphs, resolve, runs, valid_docx

OLD = """# 題

## 論点1 交通

### (1) 現状

市内の路線バスは減少している。

| 区分 | 便数 |
| --- | --- |
| 平日 | 40 |

※ 令和6年度の数値

### (2) 課題

利用者が減った。

※ 削る注記

### (3) 今後
"""

NEW = """# 題

## 論点1 交通

### (1) 現状

市内の路線バスは大きく減少している。

| 区分 | 便数 |
| --- | --- |
| 平日 | 35 |

※ 令和6年度の数値

### (2) 課題

| 年度 | 利用者 |
| --- | --- |
| R5 | 100 |

### (3) 今後
"""


@pytest.fixture(scope="module")
def pair():
    return parse(OLD, "old.md"), parse(NEW, "new.md")


def test_blocks_are_matched_and_classified(pair):
    changes = [
        (c.op, (c.new or c.old).role, (c.new or c.old).path, [(s.op, s.text) for s in c.segments])
        for c in compare(*pair).changes
    ]
    assert changes == [
        (
            "modified",
            "paragraph",
            ("論点1", "(1)"),
            [("equal", "市内の路線バスは"), ("insert", "大きく"), ("equal", "減少している。")],
        ),
        # An edited cell is a modified table, its characters compared through the joined rows.
        (
            "modified",
            "table",
            ("論点1", "(1)"),
            [("equal", "区分 | 便数\n平日 | "), ("delete", "40"), ("insert", "35")],
        ),
        ("deleted", "paragraph", ("論点1", "(2)"), []),
        ("deleted", "note", ("論点1", "(2)"), []),
        ("added", "table", ("論点1", "(2)"), []),
    ]


def test_unchanged_blocks_are_no_change_and_a_block_never_pairs_with_an_item():
    text = "# 題\n\n## 論点1 あ\n\n同じ文章。\n\n## 論点2 い\n"
    assert compare(parse(text), parse(text)).changes == ()
    # The paragraph's words became an item: one deleted paragraph, one added item.
    moved = compare(parse(text), parse("# 題\n\n## 論点1 あ\n\n## 論点2 い\n\n### (1) 同じ文章。\n"))
    assert sorted((c.op, (c.new or c.old).kind) for c in moved.changes) == [
        ("added", "item"),
        ("deleted", "paragraph"),
    ]


def test_cli_json_gives_kind_path_and_text_of_blocks(ronten, tmp_path):
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    result = ronten("diff", old, new, "--format", "json")
    assert result.code == 1
    changes = json.loads(result.out)["changes"]
    assert changes[1]["new"] == {
        "kind": "table",
        "label": None,
        "number": None,
        "text": "区分 | 便数\n平日 | 35",
        "line": 9,
        "path": ["論点1", "(1)"],
    }
    assert changes[0]["old"]["kind"] == "paragraph" and changes[0]["old"]["label"] is None
    assert changes[0]["segments"][1] == {"op": "insert", "text": "大きく"}
    assert changes[3]["old"] == {
        "kind": "note",
        "label": None,
        "number": None,
        "text": "削る注記",
        "line": 19,
        "path": ["論点1", "(2)"],
    }
    assert changes[4]["op"] == "added" and changes[4]["new"]["text"] == "年度 | 利用者\nR5 | 100"


def test_terminal_and_markdown_reports_show_blocks(pair):
    comparison = compare(*pair)
    plain = terminal(comparison, color=False).plain
    assert "(1) › 段落 市内の路線バスは{+大きく+}減少している。" in plain
    assert "(1) › 表 区分 | 便数 / 平日 | [-40-]{+35+}" in plain
    assert "(2) › 表 年度 | 利用者 / R5 | 100" in plain
    report = markdown(comparison, "old.md", "new.md")
    assert "- **修正** (1) › 表（旧 9 行 → 新 9 行）" in report
    assert "  - 新：区分 \\| 便数<br>平日 \\| <ins>35</ins>" in report
    assert "- **削除** (2) › 段落 利用者が減った。（旧 17 行）" in report


def _cells_of_nested_tables(cell: ET.Element) -> list[list[list[tuple[str, str | None]]]]:
    return [
        [[run for tc in tr.findall(f"{W}tc") for run in runs(tc)] for tr in tbl.findall(f"{W}tr")]
        for tbl in cell.iter(f"{W}tbl")
    ]


def test_comparison_table_shows_block_changes_and_tables_as_tables(pair):
    data = comparison_table(compare(*pair), TableOptions())
    valid_docx(data)
    outer = ET.fromstring(docx_part(data)).find(f".//{W}tbl")
    assert outer is not None
    rows = [row.findall(f"{W}tc") for row in outer.findall(f"{W}tr")]
    texts = [["".join(t for t, _ in runs(cell)) for cell in row] for row in rows]
    # The paragraph: only the inserted characters underlined, on the new (left) side.
    (para,) = [
        row
        for row, text in zip(rows, texts, strict=True)
        if text[0] == "市内の路線バスは大きく減少している。"
    ]
    assert [t for t, u in runs(para[0]) if u == "single"] == ["大きく"]
    assert not [t for t, u in runs(para[1]) if u == "single"]
    # The edited table: a table in each cell, the changed cell underlined on both sides.
    (edited,) = [row for row, text in zip(rows, texts, strict=True) if text[0].startswith("区分便数平日35")]
    new_rows = [[cell_text for cell_text in row] for row in _cells_of_nested_tables(edited[0])[0]]
    assert [[t for t, _ in row] for row in new_rows] == [["区分", "便数"], ["平日", "35"]]
    assert [t for row in new_rows for t, u in row if u == "single"] == ["35"]
    assert [t for row in _cells_of_nested_tables(edited[1])[0] for t, u in row if u == "single"] == ["40"]
    # Whole blocks: （削る） and （新設） opposite, every character underlined.
    (deleted,) = [row for row, text in zip(rows, texts, strict=True) if text[1] == "利用者が減った。"]
    assert texts[rows.index(deleted)][0] == DELETED
    assert [t for t, u in runs(deleted[1]) if u == "single"] == ["利用者が減った。"]
    (added,) = [row for row, text in zip(rows, texts, strict=True) if text[0].startswith("年度利用者")]
    assert texts[rows.index(added)][1] == ADDED
    assert all(u == "single" for _, u in runs(added[0]))


def test_tracked_document_accepts_to_new_and_rejects_to_old(pair):
    old, new = pair
    data = tracked_document(compare(old, new))
    valid_docx(data)
    document = docx_part(data)
    assert resolve(document, accept=True) == expected_paragraphs(new)
    assert resolve(document, accept=False) == expected_paragraphs(old)
    assert "区分 | 便数\n平日 | 35" in expected_paragraphs(new)


def test_a_paragraph_moved_to_another_item_is_moved_and_both_documents_resolve():
    old = parse("# 題\n\n## 論点1 あ\n\n### (1) い\n\n路線バスの便数が減った。\n\n### (2) う\n", "old")
    new = parse("# 題\n\n## 論点1 あ\n\n### (1) い\n\n### (2) う\n\n路線バスの便数が減った。\n", "new")
    comparison = compare(old, new)
    assert [(c.op, c.old.path, c.new.path) for c in comparison.changes] == [
        ("moved", ("論点1", "(1)"), ("論点1", "(2)"))
    ]
    table = ET.fromstring(docx_part(comparison_table(comparison, TableOptions())))
    texts = ["".join(t for t, _ in runs(row)) for row in table.iter(f"{W}tr")]
    assert "（論点1の(2)へ移動）路線バスの便数が減った。" in texts
    document = docx_part(tracked_document(comparison))
    assert resolve(document, accept=True) == expected_paragraphs(new)
    assert resolve(document, accept=False) == expected_paragraphs(old)
