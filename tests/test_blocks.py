"""Paragraphs, tables and ※ notes under items (issue 9): how they are read, owned, checked, kept by
fmt, shown and rendered; the 1)/a) markers; the depth limit (issue 14)."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import docx
import pytest

from ronten_cli import InputError, load, parse
from ronten_cli.fmt import format_outline, relabel
from ronten_cli.lint import check
from ronten_cli.markers import make_label
from ronten_cli.model import MAX_DEPTH, Table
from ronten_cli.render import render
from ronten_cli.serialize import outline_dict, tree_rows

from .helpers import ROOT, SEED


def blocks(node):
    """(type, text, after) of each block of ``node`` (or of an outline's block tuple)."""
    return [(b.type, b.text, b.after) for b in getattr(node, "blocks", node)]


def block_key(block):
    """A block without its position in the source."""
    if isinstance(block, Table):
        return ("table", block.after, block.cells, block.header, block.rows, block.aligns)
    return (block.type, block.after, block.mark, block.sep, block.markdown, block.text)


def codes(text: str, path: str = "m.md") -> list[tuple[str, int]]:
    return [(d.code, d.line) for d in check(parse(text, path))]


# ---- reading: the memos of the issue ------------------------------------------------------------


def test_a_heading_is_one_line_and_the_sentences_below_are_its_paragraph():
    outline = parse("# 題\n\n### (1) 現状\n\n市内の路線バスは減少\nしている。\n利用者も減った。\n")
    (item,) = outline.children
    assert item.text == "現状"
    # Hard-wrapped lines join with no space between Japanese characters.
    assert blocks(item) == [("paragraph", "市内の路線バスは減少している。利用者も減った。", 0)]
    (para,) = item.blocks
    assert (para.line, para.column) == (5, 1)
    # Right below a heading, without a blank line, it is a paragraph too: an ATX heading is one line.
    assert blocks(parse("# 題\n\n### (1) 現状\n市内の路線バス\n").children[0]) == [
        ("paragraph", "市内の路線バス", 0)
    ]
    # Below an item that is no heading, a line without a blank continues the item (hard wrap).
    assert parse("# 題\n\n(1) 現状の\n課題\n").children[0].text == "現状の課題"


def test_a_pipe_table_is_a_table_and_raises_no_ocr_or_empty_heading_warning():
    text = (
        "# 題\n\n## 論点1 あ\n\n### (1) 現状\n\n- ・い\n\n### (2) 収支の状況\n\n"
        "| 区分 | 件数 | 割合 |\n| :--- | ---: | :-: |\n"
        "| 路線バス | 12 | 40% |\n| 乗合\\|タクシー | 3 | 10% |\n"
    )
    outline = parse(text)
    (table,) = outline.children[0].children[1].blocks
    assert isinstance(table, Table)
    assert table.header == ("区分", "件数", "割合")
    assert table.rows == (("路線バス", "12", "40%"), ("乗合|タクシー", "3", "10%"))
    assert table.cells[2][0] == "乗合\\|タクシー"
    assert table.aligns == ("left", "right", "center")
    assert (table.line, table.after) == (11, 0)
    assert table.places[1] == ((13, 3), (13, 10), (13, 15))
    found = codes(text)
    assert not [c for c in found if c[0] in ("RN302", "RN203")], found


def test_a_note_between_bullets_is_a_note_of_the_item_above_the_bullets():
    outline = parse("# 題\n\n### (1) 現状\n\n- ・一つ目\n※　注記です\n- ・二つ目\n")
    (item,) = outline.children
    assert [child.text for child in item.children] == ["一つ目", "二つ目"]
    (note,) = item.blocks
    assert (note.type, note.mark, note.sep, note.text, note.after) == ("note", "※", "\u3000", "注記です", 1)


def test_a_bullet_owns_only_what_is_indented_past_its_marker():
    text = "# 題\n\n### (1) 現状\n\n- ・い\n  - ・う\n\n    うの続き\n\n  いの続き\n\n現状の段落\n"
    (item,) = parse(text).children
    (bullet,) = item.children
    assert blocks(bullet.children[0]) == [("paragraph", "うの続き", 0)]
    assert blocks(bullet) == [("paragraph", "いの続き", 1)]
    assert blocks(item) == [("paragraph", "現状の段落", 1)]
    # Left of a top-level bullet, with no numbered item above: the outline's own blocks.
    outline = parse("題\n\n・あ\n\n説明\n\n・い\n", "m.txt")
    assert [child.text for child in outline.children] == ["あ", "い"]
    assert blocks(outline.blocks) == [("paragraph", "説明", 1)]


def test_blocks_keep_their_place_among_the_children():
    text = "# 題\n\n## 論点1 あ\n\n前\n\n### (1) い\n\n中\n\n### (2) う\n\n後\n"
    (topic,) = parse(text).children
    assert blocks(topic) == [("paragraph", "前", 0)]
    assert blocks(topic.children[0]) == [("paragraph", "中", 0)]
    assert blocks(topic.children[1]) == [("paragraph", "後", 0)]
    text = "題\n\n第1 あ\n\n前\n\n　1 い\n\n間\n\n　2 う\n\n後\n"
    (dai,) = parse(text, "m.txt").children
    # A paragraph after a numbered item is that item's, up to its next sibling.
    assert blocks(dai) == [("paragraph", "前", 0)]
    assert [blocks(child) for child in dai.children] == [[("paragraph", "間", 0)], [("paragraph", "後", 0)]]


def test_malformed_markers_are_paragraphs_of_their_own_reported_at_their_line():
    text = "# 題\n\n### (1) 人材\n\n- ・採用\n(2 支援員の確保\n1.ファミリー・サポート\n\n### (3) 育成\n"
    outline = parse(text)
    first = outline.children[0]
    assert [child.text for child in first.children] == ["採用"]
    assert blocks(first) == [("paragraph", "(2 支援員の確保", 1), ("paragraph", "1.ファミリー・サポート", 1)]
    assert [c for c in codes(text) if c[0] == "RN108"] == [("RN108", 6), ("RN108", 7)]
    out = format_outline(outline)
    assert "\n\n(2 支援員の確保\n\n1.ファミリー・サポート\n\n" in out
    assert [c for c in codes(out) if c[0] == "RN108"] == [("RN108", 7), ("RN108", 9)]


def test_text_is_plain_and_markdown_as_written():
    outline = parse("# 題\n\n### (1) **重要**な<sup>注</sup>論点\\*\n\n段落の**強調**\n")
    (item,) = outline.children
    assert (item.text, item.markdown) == ("重要な注論点*", "**重要**な<sup>注</sup>論点\\*")
    (para,) = item.blocks
    assert (para.text, para.markdown) == ("段落の強調", "段落の**強調**")


def test_notes_after_the_last_item_are_the_outlines_and_paragraphs_before_them_the_items():
    outline = parse("# 題\n\n### (1) あ\n\n補足\n\n※ 注1\n\n以上\n")
    assert blocks(outline.children[0]) == [("paragraph", "補足", 0)]
    assert [(b.type, b.text) for b in outline.notes] == [("note", "注1"), ("paragraph", "以上")]
    # A ※ note indented under the last bullet continues it.
    outline = parse("# 題\n\n### (1) あ\n\n- ・い\n\n  ※ いの注\n")
    assert blocks(outline.children[0].children[0]) == [("note", "いの注", 0)]
    assert outline.notes == ()


def test_plain_text_tables_use_either_pipe_and_need_two_lines():
    text = "題\n\n（１）収支\n\n　区分｜件数\n　路線|12\n\n（２）所管課 | 以外\n\n所管課｜以外\n"
    outline = parse(text, "memo.txt")
    first, second = outline.children
    (table,) = first.blocks
    assert (table.header, table.rows, table.column) == (("区分", "件数"), (("路線", "12"),), 2)
    # One line is no table: the pipe is text, and an OCR slip RN302 may point at.
    assert blocks(second) == [("paragraph", "所管課｜以外", 0)]
    assert ("RN302", 10) in codes(text, "memo.txt") and ("RN302", 5) not in codes(text, "memo.txt")
    # The same lines in a Markdown file are text: GFM tables need a delimiter row.
    assert not any(isinstance(b, Table) for b in parse(text, "memo.md").children[0].blocks)


def test_a_plain_text_table_reads_back_from_the_gfm_table_fmt_writes():
    text = "題\n\n（１）収支\n\n　区分｜件数\n　路線｜12\n"
    outline = parse(text, "memo.txt")
    out = format_outline(outline)
    assert "\u3000| 区分 | 件数 |\n\u3000| ---- | ---- |\n\u3000| 路線 | 12   |\n" in out
    assert parse(out, "memo.txt").children[0].blocks[0].cells == outline.children[0].blocks[0].cells


# ---- the new markers ------------------------------------------------------------------------------


def test_rparen_markers_nest_under_the_item_above():
    outline = parse("# 題\n\n### (1) あ\n\n1) い\n2)う\n\na) え\nｂ）お\n\n１） か\n")
    (item,) = outline.children
    assert [(c.marker, c.label, c.number, c.text) for c in item.children] == [
        ("arabic_rparen", "1)", 1, "い"),
        ("arabic_rparen", "2)", 2, "う"),
        ("arabic_rparen", "１）", 1, "か"),
    ]
    assert [(c.marker, c.label, c.number) for c in item.children[1].children] == [
        ("latin_rparen", "a)", 1),
        ("latin_rparen", "ｂ）", 2),
    ]
    assert ("RN103", 10) not in codes("# 題\n\n### (1) あ\n\n1) い\n2) う\n")
    assert make_label("arabic_rparen", 3, "full") == "３）" and make_label("latin_rparen", 2) == "b)"
    assert relabel("latin_rparen", "ａ）", 3) == "ｃ）"
    renumbered = format_outline(parse("# 題\n\n### (1) あ\n\n- 1) い\n- 3) う\n"), renumber=True)
    assert "- 1) い\n- 2) う" in renumbered


# ---- check ----------------------------------------------------------------------------------------


def test_rn205_a_row_with_another_number_of_cells():
    text = "# 題\n\n### (1) あ\n\n| a | b |\n| - | - |\n| 1 |\n| 1 | 2 | 3 |\n| 1 | 2 |\n"
    found = [d for d in check(parse(text)) if d.code == "RN205"]
    assert [(d.line, d.column) for d in found] == [(7, 3), (8, 3)]
    assert "1 cells under a header of 2" in found[0].message


def test_rn203_counts_blocks_as_content():
    text = "# 題\n\n## 論点1 あ\n\n### (1) い\n\n- ・う\n\n### (2) え\n\n説明\n\n### (3) お\n"
    assert [c for c in codes(text) if c[0] == "RN203"] == [("RN203", 13)]


def test_ocr_checks_read_paragraphs_and_cells_at_their_columns():
    text = "# 題\n\n### (1) あ\n\n段落の0JT\n\n| 区分 | 内容 |\n| - | - |\n| 研修 | 0JT等 |\n"
    found = [(d.code, d.line, d.column) for d in check(parse(text))]
    assert ("RN302", 5, 4) in found and ("RN302", 9, 8) in found


# ---- fmt ------------------------------------------------------------------------------------------

MEMO_WITH_BLOCKS = """\
## 題(案)

## 論点1 あ

# (1) 現状
市内の路線バスは、
**減少**している。

- ・い
※　注記
- ・う

  うの続き

|区分|件数|
|:--|--:|
|路線バス|12|

## (2) え

(3 支援員
"""


def test_fmt_keeps_every_block_in_place_with_one_blank_line_around():
    out = format_outline(parse(MEMO_WITH_BLOCKS))
    assert out == (
        "# 題(案)\n\n## 論点1 あ\n\n### (1) 現状\n\n市内の路線バスは、**減少**している。\n\n"
        "- ・い\n\n※　注記\n\n"
        "- ・う\n\n  うの続き\n\n| 区分     | 件数 |\n| :------- | ---: |\n| 路線バス | 12   |\n\n"
        "### (2) え\n\n(3 支援員\n"
    )
    assert format_outline(parse(out)) == out


def test_fmt_refuses_to_write_what_would_not_read_back_the_same(ronten, tmp_path, monkeypatch):
    import ronten_cli.fmt as fmt

    path = tmp_path / "memo.md"
    path.write_text(MEMO_WITH_BLOCKS, encoding="utf-8")
    original = path.read_bytes()
    writer = fmt._write
    # A writer that loses the note: the text read back differs, so nothing may be written.
    monkeypatch.setattr(fmt, "_write", lambda outline: writer(outline).replace("※　注記\n\n", ""))
    with pytest.raises(InputError, match=r"m.md:5: fmt would change '\(1\) 現状' \(the paragraphs"):
        format_outline(parse(MEMO_WITH_BLOCKS, "m.md"))
    result = ronten("fmt", path)
    assert result.code == 2
    assert result.err.count("\n") == 1 and "memo.md:5: fmt would change '(1) 現状'" in result.err
    assert path.read_bytes() == original


# ---- show -----------------------------------------------------------------------------------------


def test_show_tree_marks_blocks_and_json_includes_them(ronten, tmp_path):
    outline = parse(MEMO_WITH_BLOCKS)
    rows = [(row.guide, row.mark, row.text, row.where) for row in tree_rows(outline)]
    assert rows[:6] == [
        ("└── ", "論点1", "あ", "3:4"),
        ("    ├── ", "(1)", "現状", "5:3"),
        ("    │   ├── ", "¶", "市内の路線バスは、減少している。", "6:1"),
        ("    │   ├── ", "・", "い", "9:3"),
        ("    │   ├── ", "※", "注記", "10:1"),
        ("    │   ├── ", "・", "う", "11:3"),
    ]
    assert rows[6:] == [
        ("    │   │   └── ", "¶", "うの続き", "13:3"),
        ("    │   └── ", "表", "区分 | 件数 (1 row)", "15:1"),
        ("    └── ", "(2)", "え", "19:4"),
        ("        └── ", "¶", "(3 支援員", "21:1"),
    ]
    long = parse("# 題\n\n### (1) あ\n\n" + "長" * 60 + "\n")
    assert tree_rows(long)[1].text == "長" * 39 + "…"
    path = tmp_path / "memo.md"
    path.write_text(MEMO_WITH_BLOCKS, encoding="utf-8")
    shown = ronten("show", path)
    assert "│   ├── ※ 注記 10:1\n" in shown.out and "表 区分 | 件数 (1 row) 15:1" in shown.out
    data = json.loads(ronten("show", path, "-f", "json").out)
    assert data == outline_dict(parse(MEMO_WITH_BLOCKS, str(path)))
    section = data["children"][0]["children"][0]
    assert section["blocks"] == [
        {
            "type": "paragraph",
            "text": "市内の路線バスは、減少している。",
            "markdown": "市内の路線バスは、**減少**している。",
            "line": 6,
            "column": 1,
            "after": 0,
        },
        {
            "type": "note",
            "text": "注記",
            "markdown": "注記",
            "mark": "※",
            "line": 10,
            "column": 1,
            "after": 1,
        },
        {
            "type": "table",
            "header": ["区分", "件数"],
            "rows": [["路線バス", "12"]],
            "line": 15,
            "column": 1,
            "after": 2,
        },
    ]


# ---- render ---------------------------------------------------------------------------------------


def test_rendered_markdown_keeps_blocks_and_reads_back_the_same():
    outline = parse(MEMO_WITH_BLOCKS)
    markdown = render(outline, to="md").data
    assert isinstance(markdown, str)
    assert "\n\n※　注記\n\n" in markdown and "\n\n  うの続き\n\n" in markdown
    assert "| 区分     | 件数 |\n| :------- | ---: |\n" in markdown
    again = parse(markdown)
    for before, after in zip(outline.walk(), again.walk(), strict=True):
        assert (before.text, before.markdown) == (after.text, after.markdown)
        assert [block_key(b) for b in before.blocks] == [block_key(b) for b in after.blocks]


def test_docx_has_block_paragraphs_and_a_real_table():
    outline = parse(MEMO_WITH_BLOCKS)
    data = render(outline, to="docx").data
    assert isinstance(data, bytes)
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert "市内の路線バスは、減少している。" in texts and "※　注記" in texts and "うの続き" in texts
    (table,) = document.tables
    assert [[cell.text for cell in row.cells] for row in table.rows] == [["区分", "件数"], ["路線バス", "12"]]
    bold = [run.text for p in document.paragraphs for run in p.runs if run.bold]
    assert "減少" in bold


def test_the_readme_memo_shows_its_paragraph_and_table_in_word():
    document = docx.Document(io.BytesIO(render(load(str(SEED)), to="docx").data))
    assert any(p.text.startswith("類型ごとに求められる能力・資質") for p in document.paragraphs)
    (table,) = document.tables
    assert [cell.text for cell in table.rows[0].cells] == ["類型", "主な役割", "確保・育成の方法"]
    assert len(table.rows) == 3


def test_the_minutes_and_the_memo_print_emphasis_as_emphasis(ronten, tmp_path):
    memo = tmp_path / "memo.md"
    memo.write_text("# 題\n\n## 論点1 **重要**な論点\n\n### (1) い\n", encoding="utf-8")
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(
        "committee: 研究会\nsession: 1\ndate: 2026-12-10\nplace: 会議室\n"
        "materials:\n  - {id: 資料1, title: 論点メモ, file: memo.md}\n",
        encoding="utf-8",
    )
    minutes = ronten("minutes", meeting, "--to", "md", "-o", "-")
    assert minutes.code == 0, minutes.err
    assert "### 論点1　**重要**な論点\n" in minutes.out and "\\*\\*" not in minutes.out
    rendered = ronten("render", memo, "-o", "-")
    assert "## 論点1　**重要**な論点\n" in rendered.out


# ---- depth ----------------------------------------------------------------------------------------


def nested(levels: int) -> str:
    return "# 題\n\n論点1 あ\n" + "".join("  " * i + f"- ・深さ{i}\n" for i in range(levels - 1))


def test_nesting_past_the_limit_is_one_error_naming_the_line():
    parse(nested(MAX_DEPTH))
    with pytest.raises(
        InputError, match=rf"^m.md:{MAX_DEPTH + 3}: items nested more than {MAX_DEPTH} levels"
    ):
        parse(nested(MAX_DEPTH + 1), "m.md")


@pytest.mark.parametrize(
    "command",
    [["show"], ["show", "-f", "json"], ["check"], ["fmt", "--check"], ["render", "-o", "out.docx"], ["diff"]],
    ids=" ".join,
)
def test_every_command_refuses_2000_levels_and_handles_100(ronten, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    deep, ok = tmp_path / "deep.md", tmp_path / "ok.md"
    deep.write_text(nested(2000), encoding="utf-8")
    ok.write_text(nested(MAX_DEPTH), encoding="utf-8")
    for path, codes_ok in ((deep, (2,)), (ok, (0, 1))):
        args = [command[0], path, *([path] if command == ["diff"] else []), *command[1:]]
        start = time.perf_counter()
        result = ronten(*args)
        assert time.perf_counter() - start < 20
        assert result.code in codes_ok, (args, result.err)
        if path is deep:
            assert result.err == (
                f"ronten: error: {deep}:{MAX_DEPTH + 3}: items nested more than {MAX_DEPTH} levels deep; "
                f"ronten reads at most {MAX_DEPTH} levels\n"
            )
    assert not Path("out.docx").exists() or command[0] == "render"


def test_the_reference_shows_blocks_as_ronten_does(ronten, monkeypatch):
    readme = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    monkeypatch.chdir(ROOT)
    start = readme.index("Under\n論点1 (3) of `ronten show outlines/memo.md`:")
    excerpt = readme[start:].split("```text\n", 1)[1].split("```", 1)[0].splitlines()
    shown = ronten("show", "outlines/memo.md").out.splitlines()
    assert excerpt == shown[shown.index(excerpt[0]) :][: len(excerpt)]
    formats = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    start = formats.index("For example, the table under 論点1 (3) of `outlines/memo.md`:")
    table = json.loads(formats[start:].split("```json\n", 1)[1].split("```", 1)[0])
    data = json.loads(ronten("show", "outlines/memo.md", "-f", "json").out)
    assert table in data["children"][0]["children"][2]["blocks"]


def test_characters_word_cannot_hold_are_dropped_from_blocks_with_one_warning_each():
    outline = parse("# 題\n\n### (1) あ\n\n段落\x01です\n\n| 区\x02分 | b |\n| - | - |\n| 1 | 2 |\n", "m.md")
    result = render(outline, to="docx")
    assert [w.split(":")[1] for w in result.warnings] == ["5", "7"]
    document = docx.Document(io.BytesIO(result.data))
    assert "段落です" in [p.text for p in document.paragraphs]
    assert document.tables[0].rows[0].cells[0].text == "区分"


def test_the_depth_and_fmt_errors_speak_japanese(monkeypatch):
    import ronten_cli.fmt as fmt

    monkeypatch.setenv("RONTEN_LANG", "ja")
    with pytest.raises(
        InputError, match=rf"^m.md:{MAX_DEPTH + 3}: 項目の入れ子が {MAX_DEPTH} 段を超えています"
    ):
        parse(nested(MAX_DEPTH + 1), "m.md")
    writer = fmt._write
    monkeypatch.setattr(fmt, "_write", lambda outline: writer(outline).replace("# 題(案)", "# 題"))
    with pytest.raises(
        InputError, match=r"^m.md: fmt を実行すると表題が変わってしまいます。何も書き込んでいません$"
    ):
        format_outline(parse(MEMO_WITH_BLOCKS, "m.md"))
