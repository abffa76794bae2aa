"""Properties of `ronten diff` over random pairs of outlines (hypothesis).

Whatever the two versions (items with paragraphs, tables and notes under them), the side-by-side
rows hold every item and block of each side exactly once, a
version diffs clean against itself and against its `fmt` output, and the tracked-changes document
resolves to NEW on Accept All and to OLD on Reject All.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ronten_cli import parse
from ronten_cli.diff import compare
from ronten_cli.diff.tracked import tracked_document
from ronten_cli.fmt import format_outline

from .docx_helpers import docx_part, expected_paragraphs, resolve
from .helpers import KOBUN, SEED

# A small vocabulary, so random versions share, repeat and slightly vary their items.
PHRASES = [
    "デジタル人材の確保",
    "デジタル人材の確保と育成",
    "研修制度の充実",
    "研修制度の見直し",
    "市民との協働",
    "課題",
    "現状と課題",
    "採用方法の改善(プッシュ型採用)",
    "庁内の体制",
    "DX 政策の推進",
]

bullets = st.lists(st.sampled_from(PHRASES), max_size=4)
phrase = st.sampled_from(PHRASES)
# The paragraphs, tables and ※ notes a section owns, written between its heading and its bullets.
blocks = st.lists(
    st.one_of(
        st.tuples(st.just("paragraph"), phrase),
        st.tuples(st.just("table"), phrase, phrase),
        st.tuples(st.just("note"), phrase),
    ),
    max_size=2,
)
sections = st.lists(st.tuples(st.sampled_from(PHRASES), bullets, blocks), max_size=3)
topics = st.lists(st.tuples(st.sampled_from(PHRASES), sections), min_size=1, max_size=3)


def write(tree: list, title: str = "論点メモ") -> str:
    lines = [f"# {title}", ""]
    for t, (topic, parts) in enumerate(tree, 1):
        lines += [f"## 論点{t} {topic}", ""]
        for s, (section, items, owned) in enumerate(parts, 1):
            lines += [f"### ({s}) {section}", ""]
            for kind, *texts in owned:
                if kind == "table":
                    lines += ["| 区分 | 内容 |", "| --- | --- |", f"| {texts[0]} | {texts[1]} |", ""]
                else:
                    lines += [f"{'※ ' if kind == 'note' else ''}{texts[0]}。", ""]
            lines += [f"- ・{item}" for item in items]
            lines.append("")
    return "\n".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(topics, topics)
def test_rows_hold_every_item_once_and_changes_add_up(old_tree, new_tree):
    old, new = parse(write(old_tree)), parse(write(new_tree))
    comparison = compare(old, new)
    old_rows = [row.old.position for row in comparison.rows if row.old is not None]
    new_rows = [row.new.position for row in comparison.rows if row.new is not None]
    assert sorted(old_rows) == list(range(len(comparison.old_items)))
    assert sorted(new_rows) == list(range(len(comparison.new_items)))
    # Each side read down the rows is that side's document, in its order.
    assert old_rows == sorted(old_rows)
    assert new_rows == sorted(new_rows)
    assert sum(comparison.summary().values()) == len(comparison.changes)
    if write(old_tree) == write(new_tree):
        assert not comparison.changed


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(topics)
def test_clean_against_itself_and_its_fmt_output(tree):
    outline = parse(write(tree))
    assert compare(outline, outline).changes == ()
    assert compare(outline, parse(format_outline(outline))).changes == ()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(topics, topics)
def test_tracked_changes_resolve_to_either_version(old_tree, new_tree):
    old, new = parse(write(old_tree)), parse(write(new_tree, "論点メモ（案）"))
    document = docx_part(tracked_document(compare(old, new)))
    assert resolve(document, accept=True) == expected_paragraphs(new)
    assert resolve(document, accept=False) == expected_paragraphs(old)


SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")
KOBUN_LINES = KOBUN.read_text(encoding="utf-8").split("\n")


@st.composite
def revised(draw, lines: list[str]) -> str:
    """``lines`` after a few random line edits: deleted, duplicated, moved, or characters changed."""
    lines = list(lines)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "move", "edit"]))
        if action == "delete" and len(lines) > 1:
            del lines[at]
        elif action == "duplicate":
            lines.insert(at, lines[at])
        elif action == "move":
            line = lines.pop(at)
            lines.insert(draw(st.integers(0, len(lines))), line)
        elif lines[at]:
            cut = draw(st.integers(0, len(lines[at])))
            lines[at] = (
                lines[at][:cut]
                + draw(st.sampled_from(["の見直し", "", "・", "（１）", "- ・"]))
                + lines[at][cut:]
            )
    return "\n".join(lines)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from([SEED_LINES, KOBUN_LINES]).flatmap(
        lambda lines: st.tuples(st.just(lines), revised(lines))
    )
)
def test_revised_real_memos_keep_every_invariant(case):
    lines, text = case
    old, new = parse("\n".join(lines), "old"), parse(text, "new")
    comparison = compare(old, new)
    assert [r.old.position for r in comparison.rows if r.old] == list(range(len(comparison.old_items)))
    assert [r.new.position for r in comparison.rows if r.new] == list(range(len(comparison.new_items)))
    for change in comparison.changes:
        if change.segments:
            assert "".join(s.text for s in change.segments if s.op != "insert") == change.old.text
            assert "".join(s.text for s in change.segments if s.op != "delete") == change.new.text
    document = docx_part(tracked_document(comparison))
    assert resolve(document, accept=True) == expected_paragraphs(new)
    assert resolve(document, accept=False) == expected_paragraphs(old)
