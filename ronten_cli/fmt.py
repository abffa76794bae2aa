"""The canonical layout of an outline, and renumbering.

``format_outline`` writes the tree back as text a 事務局 can keep editing. It never changes what
the tree holds (marker kinds, numbers, labels, texts, paragraphs, tables, notes, title, preface,
front matter), only how it is laid out, so ``parse(format_outline(parse(x)))`` gives ``parse(x)``
again; it reads its own text back to make sure before returning it.

Two layouts, chosen by the input:

* Markdown, when the input uses any Markdown heading or list item (the seed's shape)::

      # 論点メモ(案)

      ## 論点1 都市自治体が取り組むデジタル人材確保・育成の意義

      ### (1) 都市自治体の現状と課題

      - ・デジタル人材の不足

  The title is ``#``; the outer numbered levels that the input mostly writes as headings get
  one depth each, in hierarchy order from ``##`` (so ``論点N`` is ``##`` and ``(N)`` is ``###``
  in the seed); every other item is a ``-`` list item indented two spaces per level under the
  last heading; one blank line between blocks.

* Plain text (公用文 style, e.g. ``outlines/kobun.txt``): one item per line, indented one
  full-width space per level, the title and each note a paragraph.

In both, an item is its label, the separator most items of its marker kind use (a single space
where none would be unambiguous), and its text joined onto one line. Bullets are written
with ``・`` when any bullet of the document has one (``-`` alone otherwise). Every paragraph,
table and note stands where it stood among the items, with one blank line around it: at the
margin under a heading, indented to the text of a list item it belongs to (Markdown's list
continuation), one full-width space in from its item in plain text. A paragraph is one line as
written, a table an aligned GFM table, a note its mark and the space after it as written.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace

from .errors import InputError
from .i18n import N_, _
from .markers import KATAKANA, LINE, make_label, respell, width
from .mdsyntax import escape_text, heading, pipe_table
from .model import MARKER_ORDER, Block, MarkerKind, Node, Outline, Table, in_order
from .parser import parse

# Kinds whose label ends in a closing character, so text may follow with no space and still
# read back the same; "論点1" followed by "2つの…" would become 論点12.
_DELIMITED = frozenset(
    {"paren_arabic", "paren_katakana", "paren_latin", "arabic_rparen", "latin_rparen", "circled", "bullet"}
)
_DOTS = "・･"
_MAX_HEADING = 6
# An HTML comment reads as nothing, so it keeps a paragraph that starts like "1 " or "# " from
# being read back as an item or a heading (Markdown has no escape for a digit).
_GUARD = "<!---->"


@dataclass(frozen=True, slots=True)
class Conventions:
    """The writing conventions one document's canonical form follows, taken from what most of it
    does: Markdown or plain text, the separator after each marker kind, the heading depth of each
    kind, and whether bullets keep their 「・」."""

    markdown: bool
    separators: dict[str, str]
    headings: dict[str, int]
    dot: bool


def infer_conventions(outline: Outline, nodes: list[Node] | None = None) -> Conventions:
    """What the canonical form of ``outline`` looks like, from what most of the input does.

    ``nodes`` is ``list(outline.walk())`` when the caller has it already.
    """
    if nodes is None:
        nodes = list(outline.walk())
    markdown = outline.title_heading > 0 or any(node.heading or node.list_marker for node in nodes)
    dot = any(node.label in _DOTS or not node.text for node in nodes if node.marker == "bullet")
    return Conventions(markdown, separators(nodes, markdown), _headings(outline, nodes, markdown), dot)


def separators(nodes: list[Node], markdown: bool) -> dict[str, str]:
    """The separator between label and text for each marker kind: what most of its items use."""
    by_kind: dict[str, Counter[str]] = {}
    for node in nodes:
        if node.text and (node.marker != "bullet" or node.label in _DOTS):
            by_kind.setdefault(node.marker, Counter())[node.sep] += 1
    anywhere = Counter(sep for counts in by_kind.values() for sep in counts.elements() if sep)
    fallback = anywhere.most_common(1)[0][0] if anywhere else (" " if markdown else "\u3000")
    result = {kind: counts.most_common(1)[0][0] for kind, counts in by_kind.items()}
    for kind, sep in result.items():
        if not sep and kind not in _DELIMITED:
            result[kind] = fallback
    result.setdefault("bullet", "")
    for kind in MARKER_ORDER:
        result.setdefault(kind, fallback)
    return result


def heading_candidates(outline: Outline) -> Iterator[Node]:
    """Items that could be Markdown headings: every ancestor is a heading and a candidate too, and
    the parent is of another kind.

    An item inside a list item cannot be a heading, and an item nested under one of its own kind
    is a nested list, so neither says anything about the heading depth of its level. Defining
    candidates the way ``format_outline`` writes headings is what makes fmt idempotent.
    """
    stack = [node for node in reversed(outline.children)]
    parents: dict[int, Node] = {}
    while stack:
        node = stack.pop()
        parent = parents.get(id(node))
        if parent is not None and parent.marker == node.marker:
            continue
        yield node
        if node.heading:
            for child in reversed(node.children):
                parents[id(child)] = node
                stack.append(child)


def _headings(outline: Outline, nodes: list[Node], markdown: bool) -> dict[str, int]:
    if not markdown:
        return {}
    votes: dict[str, Counter[bool]] = {}
    for node in heading_candidates(outline):
        if node.marker != "bullet":
            votes.setdefault(node.marker, Counter())[node.heading > 0] += 1
    used = {node.marker for node in nodes}
    depths: dict[str, int] = {}
    depth = 2
    for kind in MARKER_ORDER:
        if kind not in used or kind == "bullet":
            continue
        # A level with no item that could be a heading ends the run too: once its parent level
        # becomes headings its items could be, and the next run must decide the same.
        if kind not in votes or votes[kind][True] < votes[kind][False] or depth > _MAX_HEADING:
            break
        depths[kind] = depth
        depth += 1
    return depths


def format_outline(outline: Outline, *, renumber: bool = False) -> str:
    """The canonical text of ``outline`` (``\\n`` newlines, ending in one); see the module doc.

    The text is read back before it is returned: if it would not give the same items, texts and
    blocks (the numbers and labels ``renumber`` changes apart), ``InputError`` names the first
    item that would change, so a caller never writes a file that lost anything.
    """
    if renumber:
        outline = renumbered(outline)
    text = _write(outline)
    _verify(outline, parse(text, outline.path))
    return text


def _write(outline: Outline) -> str:
    style = infer_conventions(outline)
    chunks: list[list[str]] = []
    if outline.front_matter:
        chunks.append(["---", outline.front_matter, "---"])
    if outline.title:
        title = _paragraph(outline.title)
        chunks.append([heading(1, title) if style.markdown else title])
    chunks.extend(block_lines(block, "") for block in outline.preface)
    chunks.extend(_item_chunks(outline, style))
    chunks.extend(block_lines(block, "") for block in outline.notes)
    return "\n\n".join("\n".join(chunk) for chunk in chunks) + "\n" if chunks else ""


def block_lines(block: Block, indent: str) -> list[str]:
    """The lines of one block as fmt and the templates write it, each behind ``indent`` (list
    continuation, or 字下げ in plain text): a paragraph as written, a note with its mark and the
    space after it as written, a table as an aligned GFM table."""
    if isinstance(block, Table):
        return [indent + line for line in pipe_table(block.cells, block.aligns)]
    if not block.mark:
        return [indent + guard(block.markdown)]
    # "*" must stay escaped even in plain text: "*・…" or "* …" would read as a list item.
    mark = "\\*" if block.mark == "*" else block.mark
    return [indent + mark + block.sep + block.markdown]


def _item_chunks(outline: Outline, style: Conventions) -> Iterator[list[str]]:
    chunk: list[str] = []
    # (entry, parent, indent of the parent's line or -1 for a heading/top, parent written as heading)
    stack: list[tuple[Node | Block, Node | None, int, bool]] = [
        (entry, None, -1, True) for entry in reversed(in_order(outline.children, outline.blocks))
    ]
    while stack:
        entry, parent, parent_indent, parent_heading = stack.pop()
        if not isinstance(entry, Node):
            # A block starts below its owner's text: at the list item's text column in Markdown, one
            # full-width space in from its owner in plain text; at the margin under a heading.
            if style.markdown:
                pad = " " * (parent_indent + 2) if parent_indent >= 0 else ""
            else:
                pad = "\u3000" * (parent_indent + 1) if parent is not None else ""
            if chunk:
                yield chunk
                chunk = []
            yield block_lines(entry, pad)
            continue
        node = entry
        line = _item_text(node, style)
        depth = style.headings.get(node.marker, 0)
        as_heading = bool(depth) and parent_heading and (parent is None or parent.marker != node.marker)
        if as_heading:
            if chunk:
                yield chunk
                chunk = []
            yield [heading(depth, line)]
            indent = -1
        else:
            if style.markdown:
                same_kind_under_heading = parent is not None and parent.marker == node.marker
                indent = parent_indent + 2 if parent_indent >= 0 else 2 * same_kind_under_heading
                line = " " * indent + "- " + line
            else:
                indent = parent_indent + 1
                line = "\u3000" * indent + line
            chunk.append(line)
        stack.extend(
            (child, node, indent, as_heading) for child in reversed(in_order(node.children, node.blocks))
        )
    if chunk:
        yield chunk


def _item_text(node: Node, style: Conventions) -> str:
    label = node.label
    if node.marker == "bullet":
        if not style.dot:
            return node.markdown
        label = "・"
    if not node.markdown:
        return label
    return label + style.separators[node.marker] + node.markdown


def _paragraph(text: str) -> str:
    """A title line that reads back as that text, not as an item or a heading."""
    return guard(escape_text(text))


def guard(line: str) -> str:
    """``line`` behind an empty HTML comment when it would otherwise read as an item or a heading.

    The parser strips tags from text lines and Markdown renders the comment as nothing, so the
    guarded line reads back, and prints, as the same text.
    """
    m = LINE.match(line)
    if (m is not None and (m["label"] or m["list"] or m["hashes"])) or line.rstrip() in ("---", "..."):
        return _GUARD + line
    return line


def _block_key(block: Block) -> tuple[object, ...]:
    if isinstance(block, Table):
        # A table written without a delimiter row (plain text) aligns nothing, as "---" does not.
        return ("table", block.after, block.cells, block.aligns if any(block.aligns) else ())
    # The guard fmt puts before a paragraph that would read as something else is no change.
    return (block.type, block.after, block.mark, block.sep, block.markdown.removeprefix(_GUARD))


def _node_key(node: Node) -> tuple[object, ...]:
    label = None if node.marker == "bullet" else node.label
    return (node.marker, node.number, label, node.markdown, len(node.children))


def _verify(expected: Outline, actual: Outline) -> None:
    """Raise ``InputError`` naming the first thing ``actual`` (the canonical text read back) does
    not keep of ``expected``."""
    where = expected.path or "<input>"
    for name, before, after in (
        (N_("the title"), expected.title, actual.title),
        (N_("the front matter"), expected.meta, actual.meta),
        (N_("the text before the first item"), _keys(expected.preface), _keys(actual.preface)),
        (N_("the notes after the last item"), _keys(expected.notes), _keys(actual.notes)),
        (N_("the text between the top-level items"), _keys(expected.blocks), _keys(actual.blocks)),
        (N_("the number of top-level items"), len(expected.children), len(actual.children)),
    ):
        if before != after:
            message = _("{path}: fmt would change {what}; nothing was written")
            raise InputError(message.format(path=where, what=_(name)), path=expected.path or None)
    for old, new in zip(expected.walk(), actual.walk(), strict=False):
        what = ""
        if _node_key(old) != _node_key(new):
            what = _("the item itself or the items under it")
        elif _keys(old.blocks) != _keys(new.blocks):
            what = _("the paragraphs, tables or notes under it")
        if what:
            message = _("{path}:{line}: fmt would change '{item}' ({what}); nothing was written")
            raise InputError(
                message.format(path=where, line=old.line, item=f"{old.label} {old.text}", what=what),
                path=expected.path or None,
                line=old.line,
            )


def _keys(blocks: tuple[Block, ...]) -> list[tuple[object, ...]]:
    return [_block_key(block) for block in blocks]


def renumbered(outline: Outline) -> Outline:
    """``outline`` with each run of same-kind siblings numbered 1, 2, 3…, keeping label widths.

    A number the kind cannot write (㊿ is the last circled number, ン the last katakana) is left
    as it was.
    """
    return replace(outline, children=_renumber_children(outline.children))


def _renumber_children(children: tuple[Node, ...]) -> tuple[Node, ...]:
    counters: Counter[str] = Counter()
    result = []
    for node in children:
        if node.number is not None:
            counters[node.marker] += 1
            number = counters[node.marker]
            label = relabel(node.marker, node.label, number)
            if label is not None:
                node = replace(node, number=number, label=label)
        result.append(replace(node, children=_renumber_children(node.children)))
    return tuple(result)


_HALF_KATAKANA = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0xFF66, 0xFF9E)}
_CORE_KIND: dict[str, MarkerKind] = {
    "ronten": "arabic",
    "dai": "arabic",
    "paren_arabic": "arabic",
    "paren_katakana": "katakana",
    "paren_latin": "latin",
    "arabic_rparen": "arabic",
    "latin_rparen": "latin",
}
_LIMIT = {"katakana": len(KATAKANA), "latin": 26, "circled": 50}


def relabel(kind: MarkerKind, label: str, number: int) -> str | None:
    """``label`` rewritten to carry ``number`` in the same width, or None if it cannot be written."""
    m = LINE.match(label)
    if m is None or m[kind] is None:
        return None
    core_kind = _CORE_KIND.get(kind, kind)
    if number < 1 or number > _LIMIT.get(core_kind, 999):
        return None
    start, end = m.span(kind)
    old = label[start:end]
    special = respell(old, number)
    if special is not None:
        return label[:start] + special + label[end:]
    form = width(old)
    core = make_label(core_kind, number, "full" if form == "full" else "half")
    if form == "half" and core_kind == "katakana":
        core = _HALF_KATAKANA.get(core, core)
    return label[:start] + core + label[end:]
