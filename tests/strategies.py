"""Hypothesis strategies for outlines, shared by the property tests of every reader and writer.

``TEXT`` is random text over the characters outlines are made of, ``mutated_seed`` the seed memo
edited line by line, ``outlines`` generated outlines in every marker kind, width and layout (with
``blocks``, paragraphs, tables and notes between the items).
"""

from __future__ import annotations

from hypothesis import strategies as st

from ronten_cli.markers import make_label
from ronten_cli.model import MARKER_ORDER

from .helpers import SEED

# What outlines are made of: markers in both widths, list and heading marks, brackets, note
# marks, escapes, tags, OCR slips, spaces of every width, newlines.
PIECES = list(
    "論点第一123１２３()（）アイウｱｲａｂab①②・･-*+#「」『』【】※＊\\<>|0JTOデジ人材。、.．:  \u3000\t\n"
)
TEXT = st.text(alphabet=st.sampled_from(PIECES), max_size=200)
WORDS = st.text(alphabet=st.sampled_from(list("デジタル人材確保「」()（）・、 DX0JT|")), max_size=12)
SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")


@st.composite
def mutated_seed(draw: st.DrawFn) -> str:
    lines = list(SEED_LINES)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "move", "insert", "edit", "block"]))
        if action == "delete" and len(lines) > 1:
            del lines[at]
        elif action == "duplicate":
            lines.insert(at, lines[at])
        elif action == "move":
            lines.insert(draw(st.integers(0, len(lines) - 1)), lines.pop(at))
        elif action == "insert":
            lines.insert(at, draw(TEXT).replace("\n", ""))
        elif action == "block":
            lines[at:at] = ["", *draw(block(markdown=True)), ""]
        else:
            cut = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:cut] + draw(TEXT).replace("\n", "") + lines[at][cut:]
    return "\n".join(lines)


CELL = st.text(alphabet=st.sampled_from(list("区分件数路線12%ab*\\ 「」")), max_size=6)


@st.composite
def block(draw: st.DrawFn, markdown: bool) -> list[str]:
    """The lines of one block: a paragraph (maybe hard-wrapped), a ※ note, a table (a GFM table in
    Markdown, ``|``/``｜`` cells in plain text, rows maybe ragged) or a malformed marker line."""
    indent = draw(st.sampled_from(["", "  ", "    ", "\u3000"]))
    kind = draw(st.sampled_from(["paragraph", "note", "table", "malformed"]))
    if kind == "paragraph":
        lines = [indent + (draw(WORDS).strip() or "段落")]
        if draw(st.booleans()):
            lines.append(indent + (draw(WORDS).strip() or "続き"))
        return lines
    if kind == "note":
        mark = draw(st.sampled_from(["※", "＊", "\\*", "<sup>*</sup>"]))
        return [indent + mark + draw(st.sampled_from(["", " ", "\u3000"])) + (draw(WORDS).strip() or "注")]
    if kind == "malformed":
        return [indent + draw(st.sampled_from(["(2 ", "1.", "（３"])) + (draw(WORDS).strip() or "支援員")]
    columns = draw(st.integers(1, 3))
    rows = [[draw(CELL).strip() for _ in range(draw(st.integers(1, 4)) if n else columns)] for n in range(3)]
    if markdown:
        rule = (
            "|" + "|".join(draw(st.sampled_from(["---", ":--", "--:", ":-:"])) for _ in range(columns)) + "|"
        )
        return [indent + "| " + " | ".join(rows[0]) + " |", indent + rule] + [
            indent + "| " + " | ".join(row) + " |" for row in rows[1:]
        ]
    pipe = draw(st.sampled_from(["|", "｜"]))
    return [indent + pipe.join(row) + pipe for row in rows]


@st.composite
def outlines(draw: st.DrawFn, blocks: bool = False) -> str:
    """A generated outline: any marker kinds, widths, separators, heading depths and list marks;
    with ``blocks``, paragraphs, tables and notes between the items."""
    markdown = draw(st.booleans())
    lines = []
    if draw(st.booleans()):
        lines += ["---", "a: 1", "---"]
    title = draw(WORDS).strip()
    if title:
        lines += [("# " if markdown and draw(st.booleans()) else "") + title, ""]
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(MARKER_ORDER))
        indent = draw(st.sampled_from(["", "  ", "\u3000"]))
        if kind == "bullet":
            label = draw(
                st.sampled_from(["・", "･", "- ・", "- ", "* ", "+ ・"] if markdown else ["・", "･"])
            )
            sep = ""
        else:
            label = make_label(kind, draw(st.integers(1, 4)), draw(st.sampled_from(["full", "half"])))
            sep = draw(
                st.sampled_from([" ", "\u3000", "  "] + ([""] if "(" in label or "（" in label else []))
            )
            if markdown and draw(st.booleans()):
                label = draw(st.sampled_from(["# ", "## ", "### ", "- "])) + label
        text = draw(WORDS).strip()
        lines.append(indent + label + (sep + text if text else ""))
        if text and draw(st.integers(0, 5)) == 0:
            lines.append("\u3000" + draw(WORDS).strip())
        if blocks and draw(st.integers(0, 2)) == 0:
            lines += ["", *draw(block(markdown)), ""]
        if draw(st.booleans()):
            lines.append("")
    if draw(st.booleans()):
        lines += ["", draw(st.sampled_from(["※", "\\*", "＊", ""])) + draw(WORDS).strip()]
    return "\n".join(lines) + "\n"
