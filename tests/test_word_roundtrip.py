"""Round trip: ``ronten render x.md -o x.docx`` then reading x.docx gives the tree of x.md.

Checked on generated outlines in every marker kind, width and layout, on the example memo, and on
``docs/memo-v2.md``. Front matter is the one thing a rendered document cannot carry (only the
material number, which ronten prints at the top right, comes back).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from ronten_cli import InputError, parse
from ronten_cli.render import render
from ronten_cli.word import read_outline

from .helpers import ROOT, SEED, tree_key
from .test_properties import outlines


def without_meta(outline) -> tuple:
    key = tree_key(outline)
    return key[:2] + key[3:]


def round_trip(text: str, **overrides):
    outline = parse(text, "x.md")
    data = render(outline, to="docx", overrides=overrides or None).data
    back, warnings = read_outline(data, "x.docx")
    return outline, back, warnings


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(outlines())
def test_generated_outlines_come_back_from_word(text):
    try:
        outline = parse(text)
    except InputError:  # malformed front matter: nothing to render
        return
    if not (outline.title or outline.children or outline.preface or outline.notes):
        return
    before, after, warnings = round_trip(text)
    assert without_meta(after) == without_meta(before), text
    assert warnings == []


def test_the_example_memo_and_its_revision_come_back_from_word():
    for path in (SEED, ROOT / "docs" / "memo-v2.md"):
        before, after, warnings = round_trip(path.read_text(encoding="utf-8"))
        assert tree_key(after) == tree_key(before), path
        assert warnings == []
        assert [node.line for node in after.walk()][:3] == [2, 3, 4]


def test_the_material_number_comes_back_as_meta():
    _, after, _ = round_trip(SEED.read_text(encoding="utf-8"), material="資料1")
    assert after.meta == {"material": "資料1"}
    assert after.title == "論点メモ(案)"
