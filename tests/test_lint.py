"""ronten check and rules: each rule on constructed outlines, the seed's known slips, formats, exit codes."""

from __future__ import annotations

import json
import re

import pytest

from ronten_cli import load, parse
from ronten_cli.cli.values import UsageError, parse_codes
from ronten_cli.lint import RULES, check

from .helpers import KOBUN, ROOT, SEED, installed_modules_loaded_by, modules_loaded_by


def found(text: str, code: str | None = None) -> list[tuple[int, int, str, str]]:
    """(line, column, code, message) of every finding, or of those with ``code``."""
    return [
        (d.line, d.column, d.code, d.message)
        for d in check(parse(text, "t.md"))
        if code is None or d.code == code
    ]


def positions(text: str, code: str) -> list[tuple[int, int]]:
    return [(line, column) for line, column, _, _ in found(text, code)]


# --- the seed memo: each slip a reader of outlines/memo.md can see by eye ---------------------


def test_seed_memo_findings():
    by_code: dict[str, list[tuple[int, int]]] = {}
    for d in check(load(str(SEED))):
        by_code.setdefault(d.code, []).append((d.line, d.column))
    # Line 18 "- 自治体職員の不足" and 26 "- 類型化の再検討" lack the ・ their siblings have.
    assert by_code.pop("RN202") == [(18, 1), (26, 1)]
    # "(1)都市…" (line 5) and "(3)地域…" (line 56) have no space; the other (N) have one.
    assert by_code.pop("RN204") == [(5, 7), (56, 8)]
    # Most (N) headings are ###(3 of 10 each are ##, # and ###; ### is the canonical depth);
    # 論点3 is # where 論点1 and 論点2 are ##.
    assert by_code.pop("RN201") == [(5, 1), (14, 1), (24, 1), (40, 1), (47, 1), (71, 1), (73, 1), (86, 1)]
    # "0JT" (line 28, after "- ・" and 20 characters) and "所管課 | 以外" (line 29).
    assert by_code.pop("RN302") == [(28, 24), (29, 34)]
    # "(「(DX ないしデジタル) 所管課 | 以外の課への貢献)": the 「 at column 16 is never closed.
    assert by_code.pop("RN301") == [(29, 16)]
    assert by_code == {}


def test_seed_messages_quote_the_japanese_text(ronten):
    result = ronten("check", SEED)
    assert result.code == 0  # only warnings
    lines = result.out.splitlines()
    assert (
        "outlines/memo.md:26:1: RN202 bullet without 「・」 among siblings written with it: "
        "「類型化の再検討(内部デジタル人材…」"
    ) in [line.replace(str(ROOT) + "/", "") for line in lines]
    assert any("0JT" in line and "RN302" in line for line in lines)
    assert any("所管課 | 以外" in line and "RN302" in line for line in lines)
    assert "0 errors, 15 warnings in 1 file" in result.err


def test_clean_kobun_has_no_findings():
    assert check(load(str(KOBUN))) == []


# --- RN1xx numbering ---------------------------------------------------------------------------


def test_rn101_gap_at_the_item_that_breaks_the_sequence():
    ((line, column, _, message),) = found("題\n\n(1) あ\n(3) い\n(4) う\n", "RN101")
    assert (line, column) == (4, 1)
    assert "expected 「(2)」, found 「(3)」" in message and "「い」" in message


def test_rn101_expected_label_keeps_the_width():
    ((_, _, _, message),) = found("題\n\n（１）あ\n（３）い\n", "RN101")
    assert "expected 「（２）」, found 「（３）」" in message


def test_numbers_restart_under_each_parent():
    text = "題\n\n論点1 あ\n(1) い\n(2) う\n論点2 え\n(1) お\n論点3 か\n・き\n(1) く\n"
    assert [code for _, _, code, _ in found(text) if code.startswith("RN1")] == []


def test_rn102_duplicate_at_the_second_one():
    ((line, _, _, message),) = found("題\n\n(1) あ\n(2) い\n(2) う\n", "RN102")
    assert line == 5 and "first at line 4" in message


def test_rn103_first_sibling_not_1_and_no_gap_reported_after_it():
    assert positions("題\n\n(2) あ\n(3) い\n", "RN103") == [(3, 1)]
    assert positions("題\n\n(2) あ\n(3) い\n", "RN101") == []
    assert positions("題\n\nイ あ\nウ い\n", "RN103") == [(3, 1)]


def test_rn104_level_skipped():
    text = "題\n\n第1 あ\n1 い\n(1) う\nア え\n(ア) お\n第2 か\n(ア) き\n・く\n"
    ((line, column, _, message),) = found(text, "RN104")
    assert (line, column) == (9, 1)
    assert "「(ア)」 directly under 「第2」" in message and "「1」「(1)」「ア」" in message


def test_rn104_bullets_hang_under_any_level():
    assert found("題\n\n第1 あ\n・い\n1 う\n(1) え\n・お\n", "RN104") == []


def test_rn104_item_before_the_top_level_starts():
    ((line, _, _, message),) = found("題\n\n(1) あ\n論点1 い\n(1) う\n", "RN104")
    assert line == 3 and "at the top level" in message


def test_rn105_mixed_widths_within_a_level():
    ((line, _, _, message),) = found("題\n\n（１）あ\n(2) い\n(3) う\n", "RN105")
    assert line == 3 and "full-width" in message and "half-width" in message


def test_rn105_accepts_full_width_one_digit_half_width_two_digits():
    text = (
        "題\n\n" + "".join(f"{chr(0xFF10 + n)}　項目{n}\n" for n in range(1, 10)) + "10　項目10\n11　項目11\n"
    )
    assert found(text, "RN105") == []


def test_rn106_circled_numbers_reported_once():
    assert positions("題\n\n①あ\n②い\n", "RN106") == [(3, 1)]


def test_rn107_dot_after_marker_points_at_the_dot():
    assert positions("題\n\n1. あ\n2、\u3000い\n", "RN107") == [(3, 2), (4, 2)]


# --- RN2xx layout ------------------------------------------------------------------------------


def test_rn201_heading_depth_at_the_heading_mark():
    text = "# 題\n\n## (1) あ\n\n- ・い\n\n## (2) う\n\n- ・え\n\n### (3) お\n\n- ・か\n"
    ((line, column, _, message),) = found(text, "RN201")
    assert (line, column) == (11, 1)
    assert "「(3)」 has ### while most 「(1)」-level headings have ##" in message


def test_rn201_silent_for_plain_text():
    assert found("題\n\n1 あ\n(1) い\n2 う\n", "RN201") == []


def test_rn202_minority_style_and_tie():
    assert positions("題\n\n- ・あ\n- い\n- ・う\n", "RN202") == [(4, 1)]
    # Majority without ・: the one with it is odd.
    ((_, _, _, message),) = found("題\n\n- あ\n- ・い\n- う\n", "RN202")
    assert "bullet with 「・」 among siblings written without it" in message
    # A tie reports the ones without ・, the form 公用文 writes.
    assert positions("題\n\n- ・あ\n- い\n- ・う\n- え\n", "RN202") == [(4, 1), (6, 1)]


def test_rn203_empty_heading_among_filled_ones():
    text = "# 題\n\n## (1) あ\n\n- ・い\n\n## (2) う\n\n## (3) え\n\n- ・お\n"
    assert positions(text, "RN203") == [(7, 4)]
    # Plain-text items often have no sub-items (kobun's （２）対象とする期間); not a heading, not reported.
    assert found("題\n\n(1) あ\nア い\n(2) う\n", "RN203") == []


def test_rn204_spacing_after_marker_points_after_the_label():
    ((line, column, _, message),) = found("題\n\n(1) あ\n(2)\u3000い\n(3) う\n", "RN204")
    assert (line, column) == (4, 4)
    assert "a full-width space after 「(2)」" in message and "a half-width space" in message


# --- RN3xx text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("・あ「い", [(3, 3)], "opening 「 is never closed"),
        ("・あ」い", [(3, 3)], "closing 」 with no opening 「"),
        ("・あ『い「う」", [(3, 3)], "opening 『 is never closed"),
    ],
)
def test_rn301_unbalanced_brackets(text, where, words):
    result = found(f"題\n\n{text}\n", "RN301")
    assert [(line, column) for line, column, _, _ in result] == where
    assert words in result[0][3]


def test_rn301_balanced_across_widths_and_continuation_lines():
    assert found("題\n\n・あ（い)う\n・「あ\n　い」\n", "RN301") == []
    # The stray 」 is on the continuation line: column counted on that line.
    assert positions("題\n\n・あい\n　う」え\n", "RN301") == [(4, 3)]


@pytest.mark.parametrize("word", ["0JT", "D0C", "Wi1d", "2O25", "０ＪＴ"])
def test_rn302_digit_inside_latin_word(word):
    assert len(found(f"題\n\n・研修 {word} 制度\n", "RN302")) == 1


@pytest.mark.parametrize("word", ["B2B", "5G", "Web3", "IoT", "COVID-19", "2025年", "OJT", "H2O", "G7"])
def test_rn302_quiet_on_ordinary_words(word):
    assert found(f"題\n\n・研修 {word} 制度\n", "RN302") == []


def test_rn302_pipe_amid_japanese_but_not_between_latin():
    assert positions("題\n\n・所管課 | 以外\n", "RN302") == [(3, 6)]
    assert found("題\n\n・a | b\n", "RN302") == []


@pytest.mark.parametrize("char", ["\u200b", "\u202e", "\ue000", "\x07"])
def test_rn303_invisible_characters_named_not_printed(char):
    ((line, column, _, message),) = found(f"題\n\n・あ{char}い\n", "RN303")
    assert (line, column) == (3, 3)
    assert f"U+{ord(char):04X}" in message and char not in message


def test_rn304_duplicate_text_matched_across_widths():
    assert positions("題\n\n・ＤＸ推進\n・DX 推進\n・別\n", "RN304") == [(4, 1)]


def test_rn305_half_width_katakana():
    assert positions("題\n\n・ﾃﾞｼﾞﾀﾙ人材\n", "RN305") == [(3, 2)]


def test_title_and_notes_are_checked_too():
    result = found("題「\n\n1 あ\n\n※ 注意」\n", "RN301")
    assert [(line, code) for line, _, code, _ in result] == [(1, "RN301"), (5, "RN301")]


# --- selection ---------------------------------------------------------------------------------


def test_select_and_ignore_by_prefix():
    outline = load(str(SEED))
    assert {d.code for d in check(outline, select=("RN3",))} == {"RN301", "RN302"}
    assert "RN201" not in {d.code for d in check(outline, ignore=("RN201", "RN202"))}
    assert parse_codes("rn1, RN301", "--select") == ("RN1", "RN301")
    with pytest.raises(UsageError, match="--select: no rule code starts with 'XX9'") as bad:
        parse_codes("XX9", "--select")
    assert bad.value.field == "--select"


# --- the command: formats, exit codes, several files ------------------------------------------


@pytest.fixture
def broken(tmp_path):
    path = tmp_path / "broken.md"
    path.write_text("# 題\n\n## (1) あ\n\n## (3) い\n", encoding="utf-8")
    return path


def test_exit_codes(ronten, broken, tmp_path):
    assert ronten("check", KOBUN).code == 0
    assert ronten("check", SEED).code == 0
    assert ronten("check", SEED, "--strict").code == 1
    assert ronten("check", broken).code == 1
    missing = ronten("check", broken, tmp_path / "nope.md")
    assert missing.code == 2
    assert "nope.md: no such file" in missing.err and "RN101" in missing.out  # the good file still checked
    usage = ronten("check", SEED, "--format", "xml")
    assert usage.code == 2 and usage.err.count("\n") == 1


def test_output_sorted_by_file_line_column(ronten, broken):
    result = ronten("check", SEED, broken, "--format", "json")
    records = json.loads(result.out)
    keys = [(r["filename"], r["line"], r["column"]) for r in records]
    assert keys == sorted(keys) and len({r["filename"] for r in records}) == 2


def test_json_format(ronten, broken):
    result = ronten("check", broken, "--format", "json")
    (record,) = json.loads(result.out)
    assert record == {
        "code": "RN101",
        "severity": "error",
        "message": "numbering gap: expected 「(2)」, found 「(3)」: 「い」",
        "filename": str(broken),
        "line": 5,
        "column": 4,
        "fixable": True,
    }
    assert json.loads(ronten("check", KOBUN, "--format", "json").out) == []


def test_github_format(ronten, broken):
    result = ronten("check", broken, SEED, "--format", "github")
    lines = result.out.splitlines()
    # Output is sorted by file name, and where the temporary folder sorts against the repo varies.
    mine = [x for x in lines if x.startswith(f"::error file={broken},")]
    assert mine == [x for x in lines if f"file={broken}," in x]
    assert mine[0].startswith(f"::error file={broken},line=5,col=4,title=RN101::numbering gap")
    assert any(x.startswith(f"::warning file={SEED},") for x in lines)
    assert all(re.match(r"::(error|warning) file=[^,]+,line=\d+,col=\d+,title=RN\d{3}::", x) for x in lines)


def test_text_format_and_summary(ronten, broken):
    result = ronten("check", broken)
    assert result.out == f"{broken}:5:4: RN101 numbering gap: expected 「(2)」, found 「(3)」: 「い」\n"
    assert "1 error, 0 warnings in 1 file; 1 fixable with 'ronten fmt --renumber'" in result.err


def test_stdin(ronten, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO("(1) あ\n(3) い\n".encode())))
    result = ronten("check", "-")
    assert result.code == 1 and result.out.startswith("<stdin>:2:1: RN101")


# --- ronten rules and the reference ---------------------------------------------------------------


def test_rules_lists_every_code(ronten):
    result = ronten("rules")
    assert result.code == 0
    for rule in RULES:
        assert re.search(rf"^{rule.code}\s+{rule.severity}\s", result.out, re.M)
    data = json.loads(ronten("rules", "--format", "json").out)
    assert [r["code"] for r in data] == [r.code for r in RULES]
    assert {r["code"] for r in data if r["fixable"]} == {"RN101", "RN102", "RN103", "RN201", "RN202", "RN204"}


def test_codes_are_stable_and_unique():
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes)) and all(re.fullmatch(r"RN[123]\d\d", code) for code in codes)


def test_check_starts_light():
    # Click parses the arguments; nothing else is imported from outside the standard library:
    # the other commands' libraries (Jinja, Word, YAML, rich) are imported when they run.
    loaded = installed_modules_loaded_by(
        f"from ronten_cli.cli import main\ntry: main(['check', {str(SEED)!r}])\nexcept SystemExit: pass"
    )
    assert loaded == {"click"}  # the probe sees installed packages at all
    # Of the commands, only check's own module is imported (the others are loaded when named).
    modules = modules_loaded_by(
        f"from ronten_cli.cli import main\ntry: main(['check', {str(SEED)!r}])\nexcept SystemExit: pass"
    )
    assert "ronten_cli.cli.outline_commands" in modules
    assert not {"ronten_cli.cli.render_commands", "ronten_cli.cli.diff_command"} & modules
    assert not {"subprocess", "tempfile", "ronten_cli.render", "ronten_cli.dates"} & modules


def test_reference_example_findings_are_real(ronten, monkeypatch):
    reference = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    section = reference[reference.index("### `ronten check`") :]
    block = re.search(r"```text\n(.*?)```", section, re.S)
    assert block is not None
    monkeypatch.chdir(ROOT)
    out = ronten("check", "outlines/memo.md").out
    shown = block.group(1).strip().splitlines()
    assert shown and all(line in out.splitlines() for line in shown), out


def test_rn108_line_that_looks_numbered_but_is_text():
    text = "題\n\n(1) あ\n(2 い\n3.う\n　2025年度末\n\n1.5倍の伸び\n"
    result = found(text, "RN108")
    assert [(line, column) for line, column, _, _ in result] == [(4, 1), (5, 1)]
    assert "without a closing parenthesis" in result[0][3] and "without a space after it" in result[1][3]
    # With no item recognised at all, the title and preface are what the writer meant as items.
    assert positions("1.はじめに\n2.背景\n", "RN108") == [(1, 1), (2, 1)]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("題\n\n第1 あ\n\n1 い\n\n(1) う\n\n第2 え\n\n(1) お\n", "skips the level 「1」 this"),
        ("題\n\n論点1 あ\n\n第1 い\n\nア う\n\n論点2 え\n\nア お\n", "skips the level 「第1」 this"),
        ("題\n\n① あ\n②　い\n③ う\n", "the other 「①」-level items"),
    ],
)
def test_messages_name_a_level_by_its_first_label(text: str, named: str):
    assert any(named in message for _, _, _, message in found(text)), found(text)
