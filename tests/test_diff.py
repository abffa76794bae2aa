"""`ronten diff`: matching by content, change kinds, layout-only edits, inputs, exit codes and reports."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys

import pytest

from ronten_cli import load, parse
from ronten_cli.diff import compare
from ronten_cli.diff import match as match_module
from ronten_cli.diff.chars import char_diff
from ronten_cli.diff.text_formats import groups, markdown, terminal

from .helpers import KOBUN, SEED, SEED_TEXT, edited_seed


def relayout(text: str) -> str:
    """The same memo with only its layout changed, in every way a person or OCR varies it."""
    digits = str.maketrans("0123456789()", "０１２３４５６７８９（）")
    out = []
    for line in text.split("\n"):
        # Heading depth: every heading one level deeper (the tree follows markers, not depth).
        line = re.sub(r"^(#{1,5}) ", r"\1# ", line)
        # Markers full-width, with a full-width space (or none) after them.
        line = re.sub(r"^(#+ )論点(\d+) ?", lambda m: f"{m[1]}論点{m[2].translate(digits)}　", line)
        line = re.sub(r"^(#+ )\((\d+)\) ?", lambda m: f"{m[1]}{('(' + m[2] + ')').translate(digits)}", line)
        # Bullets: the ・ dropped after a Markdown list marker, and trailing spaces added.
        line = re.sub(r"^- ・", "- ", line) + ("  " if line.startswith("- ") else "")
        out.append(line)
        if line.startswith("#"):
            out.append("")  # extra blank lines
    return "\n".join(out)


def kinds(comparison) -> list[tuple[str, str | None, str | None]]:
    return [
        (
            c.op,
            c.old.label + " " + c.old.text if c.old else None,
            c.new.label + " " + c.new.text if c.new else None,
        )
        for c in comparison.changes
    ]


def test_one_of_each_change_kind_on_the_seed_memo():
    comparison = compare(load(str(SEED)), parse(edited_seed(), "new.md"))
    assert comparison.summary() == {"added": 1, "deleted": 1, "modified": 1, "moved": 1, "renumbered": 2}
    assert kinds(comparison) == [
        ("added", None, "(2) 新しい論点の追加"),
        (
            "renumbered",
            "(2) 都市自治体と市民による共通目的の形成",
            "(3) 都市自治体と市民による共通目的の形成",
        ),
        ("renumbered", "(3) デジタル人材の類型化と確保・育成", "(4) デジタル人材の類型化と確保・育成"),
        (
            "modified",
            "・ デジタル人材の確保方法(採用方法の改善・プッシュ型採用の導入)",
            "・ デジタル人材の確保方法(採用方法の改善・副業人材の活用・プッシュ型採用の導入)",
        ),
        ("deleted", "・ 委員会等への市民参加", None),
        ("moved", "・ シビックテックと地域社会の成熟化 等", "・ シビックテックと地域社会の成熟化 等"),
    ]
    moved = comparison.changes[-1]
    assert moved.old.path == ("論点2", "(3)") and moved.new.path == ("論点3", "(3)")
    # The added (2) brought two bullets: one change at the root of the subtree, not three.
    assert [s.op for s in comparison.changes[3].segments] == ["equal", "insert", "equal"]
    assert comparison.changes[3].segments[1].text == "副業人材の活用・"


def test_whole_subtree_deleted_or_added_counts_once():
    start = SEED_TEXT.index("### (4) 産官学の連携")
    end = SEED_TEXT.index("# 論点3")
    without = SEED_TEXT[:start] + SEED_TEXT[end:]
    deleted = compare(load(str(SEED)), parse(without))
    assert kinds(deleted) == [("deleted", "(4) 産官学の連携と相互支援の現状と課題", None)]
    added = compare(parse(without), load(str(SEED)))
    assert kinds(added) == [("added", None, "(4) 産官学の連携と相互支援の現状と課題")]
    # Yet the rows still carry every item of the subtree, for the documents.
    assert sum(1 for row in added.rows if row.op == "added") == 5


def test_layout_only_changes_are_not_changes():
    relaid = relayout(SEED_TEXT)
    assert relaid != SEED_TEXT and "（１）" in relaid and "- デジタル人材の不足" in relaid
    comparison = compare(load(str(SEED)), parse(relaid))
    assert comparison.changes == ()
    seed = load(str(SEED))
    # Every item and block once, and the title.
    assert len(comparison.rows) == sum(1 for _ in seed.walk()) + sum(1 for _ in seed.all_blocks()) + 1


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
        lambda text: text.replace("\n", "\r").encode("cp932"),
        lambda text: text.encode("utf-16"),
    ],
    ids=["utf8", "bom-crlf", "cp932-cr", "utf16"],
)
def test_encodings_and_line_endings_diff_clean(ronten, tmp_path, encode):
    other = tmp_path / "memo.md"
    other.write_bytes(encode(SEED_TEXT.replace("\n\n", "\n\n\n")))
    result = ronten("diff", SEED, other)
    assert (result.code, result.out, result.err) == (0, "no differences\n", "")


def test_kobun_against_half_width_reindented_copy_is_clean():
    half = str.maketrans("０１２３４５６７８９（）", "0123456789()")

    def marker_half(m: re.Match[str]) -> str:
        return m[1].replace("　", "  ") + m[2].translate(half) + " "

    text = KOBUN.read_text(encoding="utf-8")
    relaid = re.sub(r"(?m)^(　*)(第[０-９]+|[０-９]+|（[０-９ア-ン]）|[ア-ン](?=　))　?", marker_half, text)
    assert "  (1) " in relaid and "ＤＸ" in relaid
    assert compare(load(str(KOBUN)), parse(relaid)).changes == ()


def test_a_real_edit_inside_layout_changes_is_still_found():
    relaid = relayout(SEED_TEXT).replace("デジタル人材の不足", "デジタル人材の深刻な不足")
    comparison = compare(load(str(SEED)), parse(relaid))
    assert [(c.op, c.new.text) for c in comparison.changes] == [("modified", "デジタル人材の深刻な不足")]


def test_reworded_heading_that_kept_its_items_is_modified_not_replaced():
    text = SEED_TEXT.replace("### (4) 産官学の連携と相互支援の現状と課題", "### (4) 大学・企業との協力体制")
    comparison = compare(load(str(SEED)), parse(text))
    assert kinds(comparison) == [
        ("modified", "(4) 産官学の連携と相互支援の現状と課題", "(4) 大学・企業との協力体制")
    ]


def test_moved_and_edited_item_is_one_move_with_its_character_diff():
    text = SEED_TEXT.replace("- ・委員会等への市民参加\n", "").replace(
        "- ・デジタル社会と市民を繋ぐ担い手 等\n",
        "- ・デジタル社会と市民を繋ぐ担い手 等\n- ・委員会等への市民参加の促進\n",
    )
    comparison = compare(load(str(SEED)), parse(text))
    (change,) = comparison.changes
    assert change.op == "moved"
    assert (change.old.path, change.new.path) == (("論点2", "(3)"), ("論点3", "(3)"))
    assert [(s.op, s.text) for s in change.segments] == [
        ("equal", "委員会等への市民参加"),
        ("insert", "の促進"),
    ]


def test_swapping_two_siblings_is_one_move():
    a, b = "- ・委員会等への市民参加\n", "- ・デジタル人材確保・育成政策に係る総合的な構想、計画の制定\n"
    text = SEED_TEXT.replace(b + a, a + b)
    assert text != SEED_TEXT
    comparison = compare(load(str(SEED)), parse(text))
    assert [c.op for c in comparison.changes] == ["moved"]
    assert "(order changed)" in terminal(comparison, color=False).plain
    assert "：同じ項目の中で順序を変更" in markdown(comparison, "a", "b")


def test_duplicate_texts_are_matched_within_their_parent():
    section = "- ・課題の整理\n- ・現状の把握\n"
    old = f"## 論点1 A\n\n### (1) 採用\n\n{section}\n### (2) 育成\n\n{section}"
    new = old[: old.index("### (2)")] + "### (2) 育成\n\n- ・課題の整理と共有\n- ・現状の把握\n"
    comparison = compare(parse(old), parse(new))
    assert [(c.op, c.old.path, c.new.path, c.new.text) for c in comparison.changes] == [
        ("modified", ("論点1", "(2)"), ("論点1", "(2)"), "課題の整理と共有")
    ]


def test_title_and_notes_are_compared_too():
    text = SEED_TEXT.replace("## 論点メモ(案)", "## 論点メモ").replace(
        "今後の研究会の展開次第で論点が変わる", "今後の研究会の議論次第で論点が変わる"
    )
    comparison = compare(load(str(SEED)), parse(text))
    assert [(c.op, c.new.role, c.new.text[:6]) for c in comparison.changes] == [
        ("modified", "title", "論点メモ"),
        ("modified", "note", "今後の研究会"),
    ]


def test_japanese_character_diff_is_readable():
    segments = char_diff("デジタル人材の確保方法の検討", "デジタル人材の採用方法の見直し")
    assert [(s.op, s.text) for s in segments] == [
        ("equal", "デジタル人材の"),
        ("delete", "確保"),
        ("insert", "採用"),
        ("equal", "方法の"),
        ("delete", "検討"),
        ("insert", "見直し"),
    ]
    # Semantic cleanup: no one-character islands of "equal" between edits.
    noisy = char_diff("市民参加の機会", "住民協働の場")
    assert all(len(s.text) > 1 for s in noisy if s.op == "equal")
    assert "".join(s.text for s in noisy if s.op != "insert") == "市民参加の機会"
    assert "".join(s.text for s in noisy if s.op != "delete") == "住民協働の場"


def synthetic(topics: int, sections: int, bullets: int, edit_every: int = 0) -> str:
    lines = ["# 論点メモ", ""]
    counter = 0
    for t in range(1, topics + 1):
        lines += [f"## 論点{t} 論点{t}についての検討事項", ""]
        for s in range(1, sections + 1):
            lines += [f"### ({s}) 論点{t}の第{s}節の見出し", ""]
            for b in range(1, bullets + 1):
                counter += 1
                text = f"項目{t}-{s}-{b}の内容についての記述"
                if edit_every and counter % edit_every == 0:
                    text += "の見直し"
                lines.append(f"- ・{text}")
            lines.append("")
    return "\n".join(lines)


def test_matching_compares_only_the_items_left_over(monkeypatch):
    calls = []
    real = match_module._Matcher.similarity

    def counting(self, o, n):
        calls.append((o, n))
        return real(self, o, n)

    monkeypatch.setattr(match_module._Matcher, "similarity", counting)
    old, new = synthetic(20, 10, 10), synthetic(20, 10, 10, edit_every=40)
    comparison = compare(parse(old), parse(new))
    assert comparison.summary()["modified"] == 2000 // 40
    # 50 edited items, each compared with its one unpaired sibling: nowhere near 2000 × 2000.
    assert len(calls) <= 2 * 50


def test_many_edits_under_one_parent_use_the_bigram_index():
    old = synthetic(1, 1, 120)
    new = synthetic(1, 1, 120, edit_every=1)
    comparison = compare(parse(old), parse(new))
    assert comparison.summary() == {"added": 0, "deleted": 0, "modified": 120, "moved": 0, "renumbered": 0}
    assert all(c.old.text + "の見直し" == c.new.text for c in comparison.changes)


# --- the command -----------------------------------------------------------------------------------


@pytest.fixture
def edited(tmp_path):
    path = tmp_path / "memo-new.md"
    path.write_text(edited_seed(), encoding="utf-8")
    return path


def test_cli_terminal_report_grouped_by_ronten(ronten, edited):
    result = ronten("diff", SEED, edited)
    assert result.code == 1 and result.err == ""
    lines = result.out.splitlines()
    assert lines[0] == "論点1 都市自治体が取り組むデジタル人材確保・育成の意義"
    assert lines[-1] == "6 changes: 1 added, 1 deleted, 1 modified, 1 moved, 2 renumbered"
    headers = [line for line in lines if line.startswith("論点")]
    assert [h.split()[0] for h in headers] == ["論点1", "論点2", "論点3"]
    modified = next(line for line in lines if "modified" in line)
    # Piped output marks changed characters in the text itself.
    assert "採用方法の改善・{+副業人材の活用・+}プッシュ型" in modified
    assert "(4) › ・" in modified and "[old 27, new 32]" in modified
    assert "(2) → (3) 都市自治体と市民による共通目的の形成" in result.out
    moved = next(line for line in lines if "moved" in line)
    assert "(論点2の(3) → 論点3の(3))" in moved


def test_cli_same_file_is_exit_0(ronten):
    result = ronten("diff", SEED, SEED)
    assert (result.code, result.out) == (0, "no differences\n")


def test_cli_json_schema(ronten, edited):
    result = ronten("diff", SEED, edited, "--format", "json")
    assert result.code == 1
    data = json.loads(result.out)
    assert set(data) == {"summary", "changes"}
    assert data["summary"] == {"added": 1, "deleted": 1, "modified": 1, "moved": 1, "renumbered": 2}
    for change in data["changes"]:
        assert set(change) == {"op", "old", "new", "segments"}
        for node in (change["old"], change["new"]):
            assert node is None or set(node) == {"kind", "label", "number", "text", "line", "path"}
    added = data["changes"][0]
    assert added["old"] is None
    assert added["new"] == {
        "kind": "item",
        "label": "(2)",
        "number": 2,
        "text": "新しい論点の追加",
        "line": 14,
        "path": ["論点1"],
    }
    modified = data["changes"][3]
    assert modified["op"] == "modified"
    assert modified["new"]["path"] == ["論点1", "(4)"] and modified["old"]["path"] == ["論点1", "(3)"]
    assert modified["segments"][1] == {"op": "insert", "text": "副業人材の活用・"}
    assert "".join(s["text"] for s in modified["segments"] if s["op"] != "insert") == modified["old"]["text"]


def test_cli_markdown_report(ronten, edited, tmp_path):
    target = tmp_path / "report.md"
    result = ronten("diff", SEED, edited, "-o", target)
    assert result.code == 1 and result.out == ""
    report = target.read_text(encoding="utf-8")
    assert report.startswith("# 論点メモ(案) 変更点\n")
    assert "変更 6 件（追加 1、削除 1、修正 1、移動 1、番号変更 2）" in report
    assert "## 論点2 都市自治体におけるデジタル人材とデジタル化・DX 政策に関する検討" in report
    assert (
        "  - 新：デジタル人材の確保方法(採用方法の改善・<ins>副業人材の活用・</ins>プッシュ型採用の導入)"
        in report
    )
    assert "- **削除** (3) › ・委員会等への市民参加（旧 59 行）" in report
    assert "：論点2の(3) → 論点3の(3)" in report


def test_markdown_escapes_what_markdown_would_eat(ronten, tmp_path):
    old, new = tmp_path / "a.md", tmp_path / "b.md"
    old.write_text("## 論点1 A\n\n- ・「所管課 | 以外」\n", encoding="utf-8")
    new.write_text("## 論点1 A\n\n- ・「所管課」以外の *課*\n", encoding="utf-8")
    result = ronten("diff", old, new, "-f", "md")
    assert "\\|" in result.out and "\\*課\\*" in result.out


def test_cli_git_revisions(ronten, tmp_path, monkeypatch):
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    git("config", "commit.gpgsign", "false")
    memo = tmp_path / "memo.md"
    memo.write_text(SEED_TEXT, encoding="utf-8")
    git("add", "memo.md")
    git("commit", "-qm", "v1")
    memo.write_text(edited_seed(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = ronten("diff", "HEAD:memo.md", "memo.md", "-f", "json")
    assert result.code == 1
    assert json.loads(result.out)["summary"]["renumbered"] == 2
    git("commit", "-qam", "v2")
    assert ronten("diff", "HEAD~1:memo.md", "HEAD:memo.md").code == 1
    assert ronten("diff", "HEAD:memo.md", "memo.md").code == 0
    missing = ronten("diff", "HEAD~5:memo.md", "memo.md")
    assert missing.code == 2 and missing.err.startswith("ronten: error: HEAD~5:memo.md: ")
    assert len(missing.err.splitlines()) == 1


def test_cli_reads_one_side_from_stdin(ronten, edited, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SEED_TEXT.encode("utf-8"))))
    result = ronten("diff", "-", edited, "-f", "json")
    assert result.code == 1 and json.loads(result.out)["summary"]["added"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.md", "SEED"], "missing.md: no such file"),
        (["-", "-"], "only one of OLD and NEW can be '-'"),
        (["SEED", "SEED", "--tracked"], "--tracked writes a Word document: add -o FILE.docx"),
        (["SEED", "SEED", "--old-left"], "--old-left applies to the 新旧対照表 only"),
        (
            ["SEED", "SEED", "-o", "x.docx", "--tracked", "--context", "2"],
            "--context applies to the 新旧対照表",
        ),
        (["SEED", "SEED", "-o", "x.docx", "--headers", "改正後"], "--headers '改正後': expected two names"),
        (["SEED", "SEED", "-o", "x.docx", "-f", "json"], "--format json does not go with a .docx output"),
        (["SEED", "SEED", "--author", "山田"], "--author applies to --tracked only"),
        (["SEED", "SEED", "--context", "-1"], "--context -1: must be 0 or more"),
    ],
)
def test_cli_bad_arguments_are_one_line_and_exit_2(ronten, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = ronten("diff", *[str(SEED) if a == "SEED" else a for a in args])
    assert result.code == 2
    assert len(result.err.splitlines()) == 1 and message in result.err
    assert not (tmp_path / "x.docx").exists()


def test_cli_never_overwrites_an_input(ronten, edited):
    before = edited.read_bytes()
    result = ronten("diff", SEED, edited, "-o", edited)
    assert result.code == 2 and "refusing to overwrite the input" in result.err
    assert edited.read_bytes() == before


def test_a_file_and_its_fmt_output_diff_clean(ronten, tmp_path):
    relaid = tmp_path / "relaid.md"
    relaid.write_text(relayout(SEED_TEXT), encoding="utf-8")
    for source in (SEED, relaid):
        formatted = tmp_path / f"fmt-{source.name}"
        assert ronten("fmt", source, "-o", formatted).code == 0
        assert formatted.read_bytes() != source.read_bytes()
        result = ronten("diff", source, formatted)
        assert (result.code, result.out) == (0, "no differences\n")
        assert ronten("diff", SEED, formatted).code == 0


def test_fmt_renumber_shows_as_renumbering_only(ronten, tmp_path):
    gapped = tmp_path / "gapped.md"
    gapped.write_text(
        SEED_TEXT.replace("## (2) 都市自治体と市民", "## (3) 都市自治体と市民"), encoding="utf-8"
    )
    fixed = tmp_path / "fixed.md"
    assert ronten("fmt", gapped, "--renumber", "-o", fixed).code == 0
    result = ronten("diff", gapped, fixed, "-f", "json")
    changes = json.loads(result.out)["changes"]
    # Two (3)s in a row: only the first one's number changes, and nothing else does.
    assert [(c["op"], c["old"]["label"], c["new"]["label"]) for c in changes] == [
        ("renumbered", "(3)", "(2)")
    ]
    assert changes[0]["new"]["text"] == "都市自治体と市民による共通目的の形成"


def test_a_rewritten_title_is_still_the_title():
    comparison = compare(parse("# 研究会資料\n\n## 論点1 A\n"), parse("# 論点メモ（第2回）\n\n## 論点1 A\n"))
    assert kinds(comparison) == [("modified", " 研究会資料", " 論点メモ（第2回）")]


def test_empty_outlines_compare(ronten, tmp_path):
    empty, titled = tmp_path / "empty.md", tmp_path / "titled.md"
    empty.write_bytes(b"")
    titled.write_text("# 論点メモ\n", encoding="utf-8")
    assert ronten("diff", empty, empty).out == "no differences\n"
    result = ronten("diff", empty, titled, "-f", "json")
    assert json.loads(result.out)["changes"] == [
        {
            "op": "added",
            "old": None,
            "new": {"kind": "title", "label": "", "number": None, "text": "論点メモ", "line": 1, "path": []},
            "segments": [],
        }
    ]


def test_terminal_colours_changed_characters_when_colour_is_on(edited):
    comparison = compare(load(str(SEED)), load(str(edited)))
    coloured = terminal(comparison, color=True)
    styled = {coloured.plain[span.start : span.end]: str(span.style) for span in coloured.spans}
    assert styled["副業人材の活用・"] == "bold green underline"
    assert "{+" not in coloured.plain  # colour replaces the text markers
    plain = terminal(comparison, color=False)
    assert "{+副業人材の活用・+}" in plain.plain


def test_a_deletion_joins_its_ronten_group_even_after_other_changes():
    text = SEED_TEXT.replace("- ・委員会等への市民参加\n", "").replace(
        "・デジタル人材確保・育成政策に係る総合的な構想、計画の制定",
        "・デジタル人材確保・育成政策に係る総合的な構想の策定",
    )
    text = text.replace("・産官学の人材交流とチェック&バランスの強化", "・産官学の人材交流")
    groups_seen = [
        (top.label, [c.op for c in changes]) for top, changes in groups(compare(load(str(SEED)), parse(text)))
    ]
    assert groups_seen == [("論点2", ["modified", "deleted", "modified"])]


def test_editing_the_first_of_two_identical_siblings_is_one_modification():
    old = "## 論点1 A\n\n### (1) B\n\n- ・行政サービスの都市自治体\n- ・研修\n- ・行政サービスの都市自治体\n"
    new = old.replace("都市自治体\n- ・研修", "都市自治体（見直し）\n- ・研修")
    comparison = compare(parse(old), parse(new))
    assert [(c.op, c.old.line, c.new.line) for c in comparison.changes] == [("modified", 5, 5)]


def test_front_matter_keys_are_compared_and_listed_first(ronten, tmp_path):
    head = "---\n# 会議情報\ndate: 2026-12-10\nsession: 2\nmaterial: 資料1\n---\n"
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text(head + SEED_TEXT, encoding="utf-8")
    changed = head.replace("12-10", "12-17").replace("material: 資料1\n", "committee: 研究会\n")
    new.write_text(
        changed + SEED_TEXT.replace("委員会等への市民参加", "委員会等への市民参画"), encoding="utf-8"
    )
    result = ronten("diff", old, new, "-f", "json")
    assert result.code == 1
    changes = json.loads(result.out)["changes"]
    assert [(c["op"], (c["old"] or c["new"])["label"]) for c in changes[:3]] == [
        ("modified", "date"),
        ("deleted", "material"),
        ("added", "committee"),
    ]
    assert changes[0]["old"] == {
        "kind": "meta",
        "label": "date",
        "number": None,
        "text": "2026-12-10",
        "line": 3,
        "path": [],
    }
    assert changes[0]["new"]["text"] == "2026-12-17"
    assert changes[2]["new"]["line"] == 5
    assert changes[3]["new"]["text"] == "委員会等への市民参画"
    terminal_view = ronten("diff", old, new).out
    assert "  ~ modified   設定 date: 2026-12-1[-0-]{+7+}  [old 3, new 3]" in terminal_view
    # The same front matter, however its YAML is laid out, is no change.
    relaid = tmp_path / "relaid.md"
    relaid.write_text(
        "---\nsession:   2\nmaterial: '資料1'\ndate: 2026-12-10\n---\n" + SEED_TEXT, encoding="utf-8"
    )
    assert ronten("diff", old, relaid).code == 0
