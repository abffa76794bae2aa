"""Round trip: ``ronten render x.md -o x.docx`` then reading x.docx gives the tree and blocks of x.md.

Checked on generated outlines in every marker kind, width and layout, with paragraphs, tables
and notes among the items, on the example memo, and on ``docs/memo-v2.md``. Two things a Word
document cannot carry are set aside: front matter (only the material number, which ronten prints
at the top right, comes back) and ragged table rows (a Word table is rectangular: render pads a
short row with empty cells, and those come back; a row longer than its header is not generated,
since render's Markdown reader keeps its extra cells as text, as GFM has no cell past the header).
Nor is a table under an item render writes as a list item: render writes the table at the
margin, where it belongs to the item above a bullet, and the list items after it a level too
shallow.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, assume, given, settings

from ronten_cli import InputError, parse
from ronten_cli.mdsyntax import inline
from ronten_cli.model import Table
from ronten_cli.render import render
from ronten_cli.render.templating import outline_context
from ronten_cli.word import read_outline

from .helpers import ROOT, SEED, tree_key
from .strategies import outlines


def rectangular(blocks: tuple) -> tuple:
    """Blocks with every table's rows padded to its widest row, as a Word table holds them."""
    padded = []
    for block in blocks:
        if isinstance(block, Table):
            width = max(len(row) for row in block.cells)
            block = replace(block, cells=tuple(row + ("",) * (width - len(row)) for row in block.cells))
        padded.append(block)
    return tuple(padded)


def as_word_holds_it(outline):
    """``outline`` without front matter and with rectangular tables."""

    def node(n):
        return replace(n, blocks=rectangular(n.blocks), children=tuple(node(c) for c in n.children))

    return replace(
        outline,
        meta={},
        preface=rectangular(outline.preface),
        notes=rectangular(outline.notes),
        blocks=rectangular(outline.blocks),
        children=tuple(node(c) for c in outline.children),
    )


def shown(markdown: str) -> tuple:
    """What a reader sees of ``markdown``: its text and where it is bold, italic or underlined,
    however it is escaped or split."""
    merged: list[list] = []
    for span in inline(markdown):
        style = (span.bold, span.italic, span.underline)
        if merged and merged[-1][1] == style:
            merged[-1][0] += span.text
        else:
            merged.append([span.text, style])
    return tuple((text.strip(" \u3000"), style) for text, style in merged if text.strip(" \u3000"))


def block_view(block) -> tuple:
    if isinstance(block, Table):
        return ("table", block.after, tuple(tuple(shown(cell) for cell in row) for row in block.cells))
    return (block.type, block.after, block.mark, shown(block.markdown))


def view(outline) -> tuple:
    """The tree as a reader sees it: tree_key's items and blocks, each text with its formatting."""
    return tree_key(
        as_word_holds_it(outline), block=block_view, text=lambda node: shown(node.markdown), meta=False
    )


def round_trip(text: str, **overrides):
    outline = parse(text, "x.md")
    data = render(outline, to="docx", overrides=overrides or None).data
    back, warnings = read_outline(data, "x.docx")
    return outline, back, warnings


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(outlines(blocks=True))
def test_generated_outlines_come_back_from_word(text):
    try:
        outline = parse(text)
    except InputError:  # malformed front matter: nothing to render
        return
    if not (outline.title or outline.children or outline.preface or outline.notes):
        return
    tables = [b for n in outline.walk() for b in n.blocks if isinstance(b, Table)]
    tables += [b for b in (*outline.preface, *outline.notes, *outline.blocks) if isinstance(b, Table)]
    assume(all(len(row) <= len(table.cells[0]) for table in tables for row in table.cells))
    listed = [node for node, _, depth, _ in outline_context(outline).layout() if not depth]
    assume(not any(isinstance(block, Table) for node in listed for block in node.blocks))
    before, after, warnings = round_trip(text)
    assert view(after) == view(before), text
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
