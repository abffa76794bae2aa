"""``ronten diff`` of the paragraphs, tables and ※ notes under items (issue 9): matched within the
memo like items, reported in JSON with their kind, shown in every report and in both Word documents."""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET

import pytest

from ronten_cli import parse
from ronten_cli.diff import compare
from ronten_cli.diff.docx import ADDED, DELETED, TableOptions, comparison_table
from ronten_cli.diff.text_formats import markdown, terminal
from ronten_cli.diff.tracked import tracked_document
from ronten_cli.render import render

from .docx_helpers import W, docx_part, expected_paragraphs, resolve, runs, valid_docx
from .test_diff_docx import TABLES_NEW, TABLES_OLD

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


def _revised_text(element, kind: str) -> list[str]:
    """The text of each ``w:ins``/``w:del`` below ``element``."""
    return ["".join(t for t, _ in runs(mark)) for mark in element.iter(f"{W}{kind}") if len(mark)]


def test_tracked_tables_are_word_tables_with_their_changes_inside():
    old, new = parse(TABLES_OLD, "old.md"), parse(TABLES_NEW, "new.md")
    data = tracked_document(compare(old, new))
    document = valid_docx(data)
    tables = document.tables
    # (1) edited, (2) the old table deleted and the new one added, (3) one kept and one added,
    # the table under the bullet edited.
    assert len(tables) == 6
    edited = tables[0]._tbl
    rows = edited.findall(f"{W}tr")
    assert [row.find(f"{W}trPr/{W}tblHeader") is not None for row in rows] == [True] + [False] * 4
    # Changed characters are revisions inside their cells; the rest of the row is plain text.
    assert _revised_text(rows[0], "ins") == ["（往復）"]
    assert (_revised_text(rows[1], "del"), _revised_text(rows[1], "ins")) == (["40"], ["35"])
    # A removed row is a deleted row, an added one an inserted row, each with all its text.
    removed, kept, added = rows[2:]
    assert removed.find(f"{W}trPr/{W}del") is not None and _revised_text(removed, "del") == ["土曜", "20"]
    assert not kept.xpath("w:trPr/w:ins | w:trPr/w:del | .//w:ins | .//w:del")
    assert added.find(f"{W}trPr/{W}ins") is not None and _revised_text(added, "ins") == ["祝日", "8"]
    for table, kind in ((tables[1], "del"), (tables[2], "ins"), (tables[4], "ins")):
        assert all(row.find(f"{W}trPr/{W}{kind}") is not None for row in table._tbl.findall(f"{W}tr"))
    assert not tables[3]._tbl.xpath(".//w:ins | .//w:del")
    # Where render puts a table: at its item's text column, a bullet's further right.
    indents = [int(table._tbl.tblPr.find(f"{W}tblInd").get(f"{W}w")) for table in tables]
    assert indents[0] == indents[3] < indents[5]
    root = ET.fromstring(docx_part(data))
    assert resolve(docx_part(data), accept=True) == expected_paragraphs(new)
    assert resolve(docx_part(data), accept=False) == expected_paragraphs(old)
    # Between the table that stays and the added one, an empty paragraph inserted with it.
    body = list(root.find(f"{W}body"))
    between = body[body.index(root.findall(f".//{W}tbl")[4]) - 1]
    assert between.tag == f"{W}p" and between.find(f"{W}pPr/{W}rPr/{W}ins") is not None


def test_a_column_added_to_a_table_is_inserted_cell_by_cell():
    memo = "# 題\n\n## 論点1 あ\n\n{}\n\n## 論点2 い\n"
    old = parse(memo.format("| 区分 | 件数 |\n| --- | --- |\n| 平日 | 4 |"))
    new = parse(memo.format("| 区分 | 件数 | 備考 |\n| --- | --- | --- |\n| 平日 | 4 | 減便 |"))
    document = docx_part(tracked_document(compare(old, new)))
    assert resolve(document, accept=True) == expected_paragraphs(new)
    # A Word table keeps its columns: rejected, the new column stands empty.
    assert "区分 | 件数 | \n平日 | 4 | " in resolve(document, accept=False)


def test_tracked_blocks_take_the_styles_and_columns_render_gives_them():
    memo = (
        "# 題\n\n## 論点1 あ\n\n### (1) い\n\n段落。\n\n※　項目の注記\n\n- ・箇条\n\n  箇条の段落\n\n"
        "  ※ 箇条の注記\n\n- ・次\n\n### (2) う\n\n※ 閉じる注記\n"
    )
    outline = parse(memo)
    rendered = valid_docx(render(outline).data).paragraphs
    tracked = valid_docx(tracked_document(compare(outline, outline))).paragraphs
    assert [p.style.style_id for p in tracked] == [p.style.style_id for p in rendered]
    assert {"Note", "Note1", "ListItem1", "BodyText"} <= {p.style.style_id for p in tracked}
    for mine, theirs in zip(tracked, rendered, strict=True):
        ours, its = mine.paragraph_format, theirs.paragraph_format
        # Every line starts where render starts it (a note's sign hangs before its text).
        assert (ours.left_indent or 0) + (ours.first_line_indent or 0) == (its.left_indent or 0) + (
            its.first_line_indent or 0
        ), mine.text
        if mine.style.style_id.startswith("Note"):
            assert ours.first_line_indent < 0


@pytest.mark.slow  # 2,000 rows on each side, compared and written: a second or more
def test_a_long_table_rewritten_whole_is_compared_in_bounded_time():
    rows = 2000
    memo = "# 題\n\n## 論点1 あ\n\n| 区分 | 内容 |\n| --- | --- |\n{}\n\n## 論点2 い\n"
    old = parse(memo.format("\n".join(["| あいう | えお |"] * rows)))
    new = parse(memo.format("\n".join(["| 漢字列 | 数値 |"] * rows)))
    start = time.perf_counter()
    document = docx_part(tracked_document(compare(old, new)))
    assert time.perf_counter() - start < 20  # comparing every old row with every new one took minutes
    assert resolve(document, accept=True) == expected_paragraphs(new)
    assert resolve(document, accept=False) == expected_paragraphs(old)
