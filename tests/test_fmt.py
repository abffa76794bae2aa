"""ronten fmt: the canonical layout, that it keeps the tree, renumbering, and safe writing."""

from __future__ import annotations

import io
import os
import re
import subprocess

import pytest

from ronten_cli import load, parse
from ronten_cli.fmt import format_outline, relabel, renumbered
from ronten_cli.lint import check

from .helpers import KOBUN, SEED, tree_key


def fmt(text: str, **options) -> str:
    return format_outline(parse(text), **options)


LAYOUT = {"RN201", "RN202", "RN204"}


def test_seed_canonical_form():
    out = format_outline(load(str(SEED)))
    lines = out.split("\n")
    assert lines[0] == "# 論点メモ(案)"
    assert [x for x in lines if x.startswith("## 論点")] == [
        "## 論点1 都市自治体が取り組むデジタル人材確保・育成の意義",
        "## 論点2 都市自治体におけるデジタル人材とデジタル化・DX 政策に関する検討",
        "## 論点3 近未来の都市自治体とデジタル人材のあり方",
    ]
    # Every (N), whatever depth the OCR gave it (#, ##, ###, ####), is ###, with one space.
    sections = [x for x in lines if x.startswith("#") and "(" in x[:8] and "論点" not in x[:6]]
    assert len(sections) == 10 and all(re.match(r"### \(\d\) \S", x) for x in sections)
    assert "### (1) 都市自治体の現状と課題" in lines
    # The two bullets written without ・ get one; the blank line inside a list is gone.
    assert "- ・自治体職員の不足(職員数、専門知識・技術)" in lines
    assert "- ・類型化の再検討(内部デジタル人材・外部デジタル人材に求められる能力・資質)" in lines
    items = [x for x in lines if x.startswith("-")]
    assert len(items) == 6 + 7 + 4 + 4 + 5 + 5 + 4 + 4 + 3 + 3 and all(x.startswith("- ・") for x in items)
    # One blank line between blocks, none inside a list, one newline at the end.
    assert "\n\n\n" not in out and out.endswith(
        "等\n\n\\*「論点メモ」はあくまで事務局案となります。\n\n"
        "\\*今後の研究会の展開次第で論点が変わる可能性があります。\n"
    )
    assert "人事ローテーション)\n- ・デジタル人材の専門性" in out


def test_seed_keeps_tree_and_is_idempotent_and_clean():
    before = load(str(SEED))
    out = format_outline(before)
    after = parse(out)
    assert tree_key(after) == tree_key(before)
    assert format_outline(after) == out
    assert [d.code for d in check(after) if d.code in LAYOUT] == []


def test_kobun_is_already_canonical_plain_text():
    # Written as 公用文: one full-width space per level, 　 after 第１/１/ア, none after （１）.
    text = KOBUN.read_text(encoding="utf-8")
    assert format_outline(load(str(KOBUN))) == text


def test_plain_text_layout():
    # Indents become one full-width space per level; each kind keeps the separator most of its
    # items use (the lone "1   い" keeps its three spaces: nothing says otherwise).
    out = fmt("題\n\n第1 あ\n  1   い\n(1)う\n    ・え\n第2\u3000お\n\n※注\n")
    assert out == "題\n\n第1 あ\n\u30001   い\n\u3000\u3000(1)う\n\u3000\u3000\u3000・え\n第2 お\n\n※注\n"


def test_markdown_depths_follow_the_hierarchy_not_the_input():
    out = fmt("## 題\n\n# 第1 あ\n#### 1 い\n* (1) う\n    + ・え\n")
    assert out == "# 題\n\n## 第1 あ\n\n### 1 い\n\n- (1) う\n  - ・え\n"


def test_nested_lists_and_same_kind_nesting_kept():
    # "1 子" is nested under "1 あ" by its indent (a list inside a heading's section).
    text = "# 題\n\n## 1 あ\n\n  - 1 子\n\n## 2 い\n\n- ・ろ\n     - ・は\n- ・に\n"
    out = fmt(text)
    assert tree_key(parse(out)) == tree_key(parse(text))
    assert out == "# 題\n\n## 1 あ\n\n  - 1 子\n\n## 2 い\n\n- ・ろ\n  - ・は\n- ・に\n"


@pytest.mark.parametrize(
    "text",
    [
        # Found by hypothesis: 第１ sits under a plain 論点１, so only the second run could see it
        # as a heading candidate; a level with no candidate must end the heading levels.
        "# 論点１\n# １\n論点１\n第１\n",
        # A heading nested under one of its own kind is written as a list item, so its children
        # are no heading candidates either.
        "・\n# 論点１\n・\n# １\n・\n  論点１\n  論点１\n  # 論点１\n# 第１\n",
    ],
)
def test_heading_levels_decided_the_same_on_the_second_run(text):
    out = fmt(text)
    assert fmt(out) == out and tree_key(parse(out)) == tree_key(parse(text))


def test_bullets_without_dot_stay_so_when_none_has_one():
    assert fmt("# 題\n\n* あ\n+ い\n") == "# 題\n\n- あ\n- い\n"


def test_separator_majority_per_kind_and_never_ambiguous():
    # (N) mostly without a space keeps none; 論点 cannot go without one (論点1 + "2つ" = 論点12).
    out = fmt("題\n\n論点1　あ\n(1)い\n(2)う\n(3) え\n論点2　2つの課題\n")
    assert "(3)え" in out and "論点2\u30002つの課題" in out
    assert fmt("題\n\n論点1あ\n論点2い\n") == "題\n\n論点1\u3000あ\n論点2\u3000い\n"


def test_front_matter_preface_and_notes_kept():
    text = "---\n# 第2回\nsession: 2  # 回\n---\n題(案)\n令和8年\n\n事務局\n\n1 あ\n\n\\*注1\n＊注2\n以上\n"
    out = fmt(text)
    assert out.startswith("---\n# 第2回\nsession: 2  # 回\n---\n\n")
    assert tree_key(parse(out)) == tree_key(parse(text))
    assert "\\*注1" in out


def test_paragraph_that_would_read_as_an_item_is_guarded():
    text = "題\n\n1 あ\n\n<span>2</span> 以上\n\n\\# 見出しではない\n"
    before = parse(text)
    assert [b.text for b in before.children[0].blocks] == ["2 以上", "# 見出しではない"]
    assert tree_key(parse(format_outline(before))) == tree_key(before)


def test_renumber_fixes_rn101_to_rn103_keeping_widths():
    text = "題\n\n（２）あ\n（４）い\n（４）う\n\nイ　え\nエ　お\n"
    out = fmt(text, renumber=True)
    assert "（１）あ\n（２）い\n（３）う" in out
    assert [d.code for d in check(parse(out)) if d.code.startswith("RN10")] == []
    assert [(n.label, n.number) for n in renumbered(parse("題\n\n(1) a\n(3) b\n")).children] == [
        ("(1)", 1),
        ("(2)", 2),
    ]


@pytest.mark.parametrize(
    ("kind", "label", "number", "expected"),
    [
        ("ronten", "論点１", 2, "論点２"),
        ("dai", "第1", 10, "第10"),
        ("arabic", "1.", 3, "3."),
        ("paren_arabic", "（1）", 2, "（2）"),
        ("katakana", "ｱ", 2, "ｲ"),
        ("paren_katakana", "（ア）", 3, "（ウ）"),
        ("latin", "ａ", 2, "ｂ"),
        ("circled", "③", 1, "①"),
        ("circled", "①", 51, None),
    ],
)
def test_relabel_keeps_width(kind, label, number, expected):
    assert relabel(kind, label, number) == expected


# --- the command -------------------------------------------------------------------------------


@pytest.fixture
def memo(tmp_path):
    path = tmp_path / "memo.md"
    path.write_bytes(SEED.read_bytes())
    return path


def test_in_place_rewrite(ronten, memo):
    result = ronten("fmt", memo)
    assert result.code == 0 and "1 file reformatted" in result.err
    assert memo.read_text(encoding="utf-8") == format_outline(load(str(SEED)))
    stamp = memo.stat().st_mtime_ns
    again = ronten("fmt", memo)
    assert again.code == 0 and "0 files reformatted, 1 already canonical" in again.err
    assert memo.stat().st_mtime_ns == stamp  # a canonical file is not rewritten


def test_check_changes_nothing(ronten, memo):
    before = memo.read_bytes()
    result = ronten("fmt", "--check", memo, KOBUN)
    assert result.code == 1 and result.out == f"would reformat {memo}\n"
    assert memo.read_bytes() == before
    assert ronten("fmt", "--check", KOBUN).code == 0


def test_diff_shows_the_change(ronten, memo):
    result = ronten("fmt", "--diff", memo)
    assert result.code == 1
    assert (
        "-- 自治体職員の不足(職員数、専門知識・技術)\n+- ・自治体職員の不足(職員数、専門知識・技術)\n"
        in result.out
    )


@pytest.mark.parametrize(
    "data",
    [
        "題\r\n\r\n1 あ\r\n".encode(),
        "\ufeff題\n\n1 あ\n".encode(),
        "題\n\n1 あ\n".encode("cp932"),
    ],
)
def test_encoding_bom_and_newlines_become_utf8_lf(ronten, tmp_path, data):
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    assert ronten("fmt", "--check", path).code == 1
    assert ronten("fmt", path).code == 0
    assert path.read_bytes() == "題\n\n1 あ\n".encode()


def test_output_elsewhere_and_stdout(ronten, memo, tmp_path, monkeypatch):
    before = memo.read_bytes()
    target = tmp_path / "out.md"
    assert ronten("fmt", memo, "-o", target).code == 0
    assert target.read_text(encoding="utf-8") == format_outline(load(str(SEED)))
    assert memo.read_bytes() == before
    result = ronten("fmt", memo, "-o", "-")
    assert result.code == 0 and result.out == target.read_text(encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO("題\n\n・あ\n-  い\n".encode())))
    assert ronten("fmt", "-").out == "# 題\n\n- ・あ\n- ・い\n"


def test_refuses_to_overwrite_an_input_or_misuse(ronten, memo, tmp_path):
    before = memo.read_bytes()
    onto = ronten("fmt", memo, "-o", memo)
    assert onto.code == 2 and "refusing to overwrite" in onto.err and onto.err.count("\n") == 1
    link = tmp_path / "same.md"
    os.link(memo, link)
    assert ronten("fmt", memo, "-o", link).code == 2
    assert memo.read_bytes() == before
    two = ronten("fmt", memo, KOBUN, "-o", tmp_path / "x.md")
    assert two.code == 2 and "-o takes one input file" in two.err
    both = ronten("fmt", memo, "--check", "-o", tmp_path / "x.md")
    assert both.code == 2


def test_bad_input_reported_and_others_still_formatted(ronten, memo, tmp_path):
    result = ronten("fmt", tmp_path / "nope.md", memo)
    assert result.code == 2 and "nope.md: no such file" in result.err
    assert memo.read_text(encoding="utf-8") == format_outline(load(str(SEED)))


def test_git_revision_needs_output(ronten, tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "m.md").write_bytes(SEED.read_bytes())
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "m.md"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "m"], cwd=repo, check=True)
    monkeypatch.chdir(repo)
    refused = ronten("fmt", "HEAD:m.md")
    assert refused.code == 2 and "cannot be rewritten in place" in refused.err
    written = ronten("fmt", "HEAD:m.md", "-o", "out.md")
    assert written.code == 0 and (repo / "out.md").read_text(encoding="utf-8").startswith("# 論点メモ(案)\n")


def test_in_place_through_a_symlink_keeps_the_link(ronten, memo, tmp_path):
    link = tmp_path / "link.md"
    link.symlink_to(memo)
    assert ronten("fmt", link).code == 0
    assert link.is_symlink()
    assert memo.read_text(encoding="utf-8") == format_outline(load(str(SEED)))


@pytest.mark.parametrize(
    "source", ["## 論点1 見直し # #\n", "題\n\n論点1 見直し #\n- ・箇条 #\n", "# C#\n\n論点1 あ\n"]
)
def test_heading_text_ending_in_a_hash_keeps_it(source):
    outline = parse(source)
    again = parse(format_outline(outline))
    assert (again.title, [n.text for n in again.walk()]) == (outline.title, [n.text for n in outline.walk()])


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("abc", 3),
        ("論点", 4),
        ("（１）", 6),
        ("\u10ff\u1100\u115f\u1160", 6),  # the first block's edges: only its own characters are wide
        ("\u303e\u303f\u3041", 5),
        ("\uffe6\uffe7", 3),
        ("\U0001f600\U0001f650", 3),
        ("\U0003fffd\U0003fffe", 3),
        ("①※ｱ", 3),  # ambiguous and half-width forms take one column
    ],
)
def test_display_width_counts_wide_characters_twice(text, width):
    from ronten_cli.widths import display_width

    assert display_width(text) == width


def test_a_table_is_aligned_by_display_width():
    out = fmt("# 題\n\n| 区分 | 人数 |\n|---|---|\n| 職員 | 12 |\n| DX推進 | 3 |\n")
    rows = [line for line in out.splitlines() if line.startswith("|")]
    assert rows[0] == "| 区分   | 人数 |" and rows[-1] == "| DX推進 | 3    |", rows
