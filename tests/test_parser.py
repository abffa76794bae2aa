"""The tree read from real and constructed outlines: markers, nesting, title, notes, positions."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ronten_cli import InputError, load, parse
from ronten_cli.source import decode

from .helpers import KOBUN, SEED


def shape(outline):
    return [
        (t.label, [(s.label, [b.text for b in s.children]) for s in t.children]) for t in outline.children
    ]


def test_seed_memo_tree_by_numbering_not_heading_depth():
    outline = load(str(SEED))
    assert outline.title == "論点メモ(案)"
    assert outline.status == "案"
    assert [t.label for t in outline.children] == ["論点1", "論点2", "論点3"]
    assert [[len(s.children) for s in t.children] for t in outline.children] == [
        [6, 7, 4],
        [4, 5, 5, 4],
        [4, 3, 3],
    ]
    assert all(b.marker == "bullet" for t in outline.children for s in t.children for b in s.children)
    assert [n.text for n in outline.notes] == [
        "「論点メモ」はあくまで事務局案となります。",
        "今後の研究会の展開次第で論点が変わる可能性があります。",
    ]
    assert [n.line for n in outline.notes] == [92, 94]


def test_seed_positions_and_text_as_written():
    outline = load(str(SEED))
    first = outline.children[0]
    assert (first.marker, first.number, first.line, first.column) == ("ronten", 1, 3, 4)
    assert first.text == "都市自治体が取り組むデジタル人材確保・育成の意義"
    section = first.children[0]
    assert (section.marker, section.label, section.line, section.column) == ("paren_arabic", "(1)", 5, 4)
    assert section.text == "都市自治体の現状と課題"
    unmarked = first.children[1].children[2]
    assert (unmarked.label, unmarked.text, unmarked.line) == (
        "-",
        "自治体職員の不足(職員数、専門知識・技術)",
        18,
    )
    assert "0JT" in first.children[2].children[2].text


def test_kobun_full_width_hierarchy():
    outline = load(str(KOBUN))
    assert outline.status == "案"
    dai1 = outline.children[0]
    assert (dai1.marker, dai1.label, dai1.number) == ("dai", "第１", 1)
    paren = dai1.children[0].children[0]
    assert (paren.marker, paren.label, paren.number) == ("paren_arabic", "（１）", 1)
    kata = outline.children[1].children[0].children[0].children[0]
    assert (kata.marker, kata.label) == ("katakana", "ア")
    assert [(c.marker, c.label, c.number) for c in kata.children] == [
        ("paren_katakana", "（ア）", 1),
        ("paren_katakana", "（イ）", 2),
    ]
    assert [n.text for n in outline.notes] == ["本資料は事務局の作業用資料である。"]


@pytest.mark.parametrize(
    ("line", "marker", "label", "number"),
    [
        ("論点１　テキスト", "ronten", "論点１", 1),
        ("第12 テキスト", "dai", "第12", 12),
        ("3 テキスト", "arabic", "3", 3),
        ("1. テキスト", "arabic", "1.", 1),
        ("（１０）テキスト", "paren_arabic", "（１０）", 10),
        ("ウ　テキスト", "katakana", "ウ", 3),
        ("(エ)テキスト", "paren_katakana", "(エ)", 4),
        ("ｂ テキスト", "latin", "ｂ", 2),
        ("(c)テキスト", "paren_latin", "(c)", 3),
        ("③テキスト", "circled", "③", 3),
        ("㉑ テキスト", "circled", "㉑", 21),
        ("・テキスト", "bullet", "・", None),
        ("* ・テキスト", "bullet", "・", None),
        ("+ テキスト", "bullet", "+", None),
    ],
)
def test_every_marker_kind(line, marker, label, number):
    (node,) = parse(f"題\n\n{line}\n").children
    assert (node.marker, node.label, node.number, node.text) == (marker, label, number, "テキスト")


@pytest.mark.parametrize(
    "line", ["第1回研究会について", "2025年度末まで", "アンケート結果", "(注)補足", "1.5倍の伸び"]
)
def test_text_that_only_looks_numbered_is_not_an_item(line):
    outline = parse(f"{line}\n")
    assert outline.children == ()
    assert outline.title == line


def test_nested_markdown_list_and_blank_lines_inside_list():
    outline = parse("# T\n\n1 項目\n\n- ・親\n  - ・子\n\n- ・次\n2 項目\n")
    one, two = outline.children
    assert [(c.text, [g.text for g in c.children]) for c in one.children] == [("親", ["子"]), ("次", [])]
    assert two.number == 2 and two.children == ()


def test_hierarchy_inferred_from_kinds_in_use():
    # A memo that starts at (1) has (1) at the top and ア under it; 論点 ranks above all.
    outline = parse("(1) 一\nア あ\nイ い\n(2) 二\n")
    assert [(n.label, [c.label for c in n.children]) for n in outline.children] == [
        ("(1)", ["ア", "イ"]),
        ("(2)", []),
    ]


def test_continuation_lines_join_without_space_between_japanese():
    outline = parse("T\n\n・都市自治体の\n　現状と課題\n・English words\n  wrap here\n")
    first, second = outline.children
    assert first.text == "都市自治体の現状と課題"
    assert second.text == "English words wrap here"
    assert first.locate(6) == (4, 2)
    assert first.locate(0) == (3, 2)


def test_front_matter_read_into_meta():
    outline = parse("---\nsession: 2\ndate: 2026-12-10\n---\n# 題(案)\n論点1 あ\n")
    assert outline.meta["session"] == 2
    assert str(outline.meta["date"]) == "2026-12-10"
    assert outline.title == "題(案)" and outline.children[0].line == 6


def test_front_matter_errors_name_the_line():
    with pytest.raises(InputError, match=r"^m\.md:3: invalid YAML front matter"):
        parse("---\na: 1\nb: [unclosed\n---\n", "m.md")
    with pytest.raises(
        InputError, match=r"^m\.md:3: date: 2026-02-30 is not a valid date \(2026-02 has 28 days\)$"
    ):
        parse("---\ntitle: x\ndate: 2026-02-30\n---\n論点1 あ\n", "m.md")
    with pytest.raises(
        InputError, match=r"^m\.md:4: meeting\.date: 2026-13-01 is not a valid date \(there is no"
    ):
        parse("---\nmeeting:\n  - a\n  - date: 2026-13-01\n---\n", "m.md")
    with pytest.raises(InputError, match="must be a mapping"):
        parse("---\n- a\n---\n", "m.md")


def test_front_matter_reads_dates_and_times_in_the_one_grammar():
    outline = parse(
        "---\ndate: 令和8年12月10日（木）\nstart: 午後2時\nend: '16:30'\nheld: R8/12/10 14時\n"
        "year: 2026年度\nmaterial: 資料1\nplain: 2026-12-10\n---\n論点1 あ\n"
    )
    assert outline.meta == {
        "date": dt.date(2026, 12, 10),
        "start": dt.time(14, 0),
        "end": dt.time(16, 30),
        "held": dt.datetime(2026, 12, 10, 14, 0),
        "year": "2026年度",  # not a whole date: text, as written
        "material": "資料1",
        "plain": dt.date(2026, 12, 10),  # what YAML itself makes of it
    }


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "date: 令和8年12月10日（金）",
            "date: 令和8年12月10日（金） has the wrong weekday: 2026-12-10 is a Thursday",
        ),
        ("date: 令和8年2月29日", "date: 令和8年2月29日 is not a valid date (2026-02 has 28 days)"),
        ("date: 平成31年5月1日", "date: 平成31年5月1日 is not a date of 平成"),
        ("start: '25:00'", "start: 25:00 is not a valid time of day"),
    ],
)
def test_front_matter_date_that_does_not_exist_names_field_and_line(line, expected):
    with pytest.raises(InputError) as error:
        parse(f"---\ntitle: x\n{line}\n---\n論点1 あ\n", "m.md")
    assert str(error.value).startswith(f"m.md:3: {expected}")


def test_preface_and_trailing_text():
    outline = parse("題\n令和8年12月\n\n事務局\n\n1 あ\n\n以上\n")
    assert [(p.text, p.line) for p in outline.preface] == [("令和8年12月", 2), ("事務局", 4)]
    assert outline.children[0].text == "あ"
    # A paragraph after the last numbered item is that item's (issue 9); only ※ notes start the notes.
    assert [(b.type, b.text) for b in outline.children[0].blocks] == [("paragraph", "以上")]
    assert outline.notes == ()


@pytest.mark.parametrize(
    ("data", "encoding", "bom", "newline"),
    [
        ("論点1 あ\r\n・い\r\n".encode(), "utf-8", False, "\r\n"),
        ("\ufeff論点1 あ\n・い\n".encode(), "utf-8", True, "\n"),
        ("論点1 あ\r・い\r".encode("cp932"), "cp932", False, "\r"),
        ("\ufeff論点1 あ\n・い\n".encode("utf-16-le"), "utf-16-le", True, "\n"),
    ],
)
def test_encodings_and_newlines_give_the_same_tree(data, encoding, bom, newline):
    source = decode(data if encoding != "utf-16-le" else b"\xff\xfe" + data[2:], "x")
    assert (source.encoding, source.bom, source.newline) == (encoding, bom, newline)
    outline = parse(source.text)
    assert [(n.label, n.text, [c.text for c in n.children]) for n in outline.children] == [
        ("論点1", "あ", ["い"])
    ]


def test_cp932_seed_parses_like_utf8(tmp_path):
    path = tmp_path / "memo-sjis.md"
    path.write_bytes(SEED.read_text(encoding="utf-8").replace("\n", "\r\n").encode("cp932"))
    assert shape(load(str(path))) == shape(load(str(SEED)))


def test_binary_and_undecodable_input_are_refused(tmp_path):
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02")
    with pytest.raises(InputError, match="binary file"):
        load(str(binary))
    latin = tmp_path / "x.txt"
    latin.write_bytes(b"\x81\x20\xff\xfe\x80")
    with pytest.raises(InputError, match="neither UTF-8 nor CP932"):
        load(str(latin))


def test_show_json_schema(ronten):
    result = ronten("show", SEED, "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["title"] == "論点メモ(案)" and data["status"] == "案" and data["meta"] == {}
    first = data["children"][0]
    assert {k: first[k] for k in ("marker", "label", "number", "line", "column")} == {
        "marker": "ronten",
        "label": "論点1",
        "number": 1,
        "line": 3,
        "column": 4,
    }
    assert first["children"][0]["children"][0] == {
        "marker": "bullet",
        "label": "・",
        "number": None,
        "text": "デジタル人材の不足",
        "markdown": "デジタル人材の不足",
        "line": 7,
        "column": 3,
        "blocks": [],
        "children": [],
    }
    assert data["notes"][0] == {
        "type": "note",
        "text": "「論点メモ」はあくまで事務局案となります。",
        "markdown": "「論点メモ」はあくまで事務局案となります。",
        "mark": "*",
        "line": 92,
        "column": 1,
        "after": 0,
    }


def test_show_tree_keeps_whole_lines(ronten):
    result = ronten("show", SEED)
    assert result.code == 0
    assert "論点2 都市自治体におけるデジタル人材とデジタル化・DX 政策に関する検討" in result.out
    assert "(2) 都市自治体の体制(組織・人材・専門性・自治体連携・役割分担)" in result.out


def test_bad_input_is_one_line_exit_2(ronten, tmp_path):
    missing = ronten("show", tmp_path / "nope.md")
    assert missing.code == 2 and missing.err.count("\n") == 1 and "nope.md: no such file" in missing.err
    folder = ronten("show", tmp_path)
    assert folder.code == 2 and "is a folder" in folder.err
    usage = ronten("show", SEED, "--format", "xml")
    assert usage.code == 2 and usage.err.count("\n") == 1


def test_front_matter_kept_as_written_for_fmt():
    outline = parse("---\n# 会議\nsession: 2\n---\n# 題\n")
    assert outline.front_matter == "# 会議\nsession: 2"
    assert outline.meta == {"session": 2}
    assert parse("# 題\n").front_matter == ""


def test_escaped_angle_bracket_is_text_not_a_tag():
    outline = parse("題 \\<b> と <sup>*</sup>\n")
    assert outline.title == "題 <b> と *"


def test_a_tag_after_an_escaped_backslash_is_still_a_tag():
    # "\\" is a literal backslash, so the "<" after it opens a tag (a note rendered in a <div>).
    outline = parse('論点1 あ\n\n<div align="left">※末尾に\\\\</div>\n')
    assert outline.notes[0].text == "末尾に\\"
    assert parse("題 \\\\\\<b>\n").title == "題 \\<b>"  # an escaped backslash, then an escaped <


def test_line_with_nothing_visible_is_a_paragraph_break():
    outline = parse("## \n題\n\n<br>\n前文\n")
    assert outline.title == "題"
    assert [p.text for p in outline.preface] == ["前文"]


def test_parse_and_check_leave_the_garbage_collector_as_they_found_it():
    import gc

    from ronten_cli.lint import check

    assert gc.isenabled()
    check(parse("題\n\n1 あ\n"))
    with pytest.raises(InputError):
        parse("---\n- a\n---\n")
    assert gc.isenabled()
    gc.disable()
    try:
        parse("1 あ\n")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_closing_run_of_hashes_is_not_heading_text():
    outline = parse("# 題 #\n\n## 論点1 見直し ##\n### (1) C#\n## 論点2 二 # #\n- ・箇条 #\n")
    assert outline.title == "題"
    assert [n.text for n in outline.walk()] == ["見直し", "C#", "二 #", "箇条 #"]
