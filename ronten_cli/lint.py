"""The rules of ``ronten check``: one function per concern, each turning the tree into Diagnostics.

Codes are stable: RN1xx numbering, RN2xx layout (what ``ronten fmt`` decides), RN3xx the text
itself. Every message is one line that names what is wrong and quotes the Japanese text it is
about, so office staff can find it without reading the code table.

Bullets do not take part in RN104: a ``・`` list may hang under any numbered level (a short list
directly under 第1 is ordinary), so it neither skips a level nor counts as one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .fmt import heading_candidates, infer_conventions, relabel
from .i18n import N_, _
from .markers import MALFORMED, make_label, width
from .model import RANK, Diagnostic, MarkerKind, Node, Outline, Paragraph, Severity, Table
from .parser import gc_paused
from .widths import ALNUM_TO_HALF, PARENS_TO_HALF


@dataclass(frozen=True, slots=True)
class Rule:
    """One check: stable code, severity, how ``ronten fmt`` fixes it ("" if it cannot), what it finds
    (the English; ``_(rule.summary)`` in the user's language)."""

    code: str
    severity: Severity
    fix: str
    summary: str


RULES: tuple[Rule, ...] = (
    Rule("RN101", "error", "fmt --renumber", N_("numbering gap: expected (2), found (3)")),
    Rule("RN102", "error", "fmt --renumber", N_("duplicate number among siblings, at the second one")),
    Rule("RN103", "error", "fmt --renumber", N_("the first sibling does not start at 1")),
    Rule(
        "RN104",
        "error",
        "",
        N_("marker out of hierarchy order: skips a level in use (（ア） under 第1)"),
    ),
    Rule("RN105", "warning", "", N_("full- and half-width markers mixed within one level")),
    Rule("RN106", "warning", "", N_("circled numbers (①) are machine-dependent characters (機種依存文字)")),
    Rule("RN107", "warning", "", N_("「.」「．」「、」 after a marker (公用文 writes 「1」 not 「1.」)")),
    Rule("RN108", "warning", "", N_("a line that looks numbered but is read as text: 「1.あ」, 「(1 あ」")),
    Rule("RN201", "warning", "fmt", N_("Markdown heading depth differs from most items of its level")),
    Rule(
        "RN202",
        "warning",
        "fmt",
        N_("bullets among siblings written some with 「・」, some without"),
    ),
    Rule(
        "RN203",
        "warning",
        "",
        N_(
            "a numbered heading with nothing under it (no item, paragraph, table or note) among siblings "
            "that have some"
        ),
    ),
    Rule("RN204", "warning", "fmt", N_("spacing after the marker differs from the other items of its level")),
    Rule("RN205", "warning", "", N_("a table row with more or fewer cells than the table's header")),
    Rule("RN301", "warning", "", N_("unbalanced 「」『』（）()【】")),
    Rule(
        "RN302",
        "warning",
        "",
        N_("suspicious OCR character: 0JT (digit in a Latin word), 「|」 amid Japanese"),
    ),
    Rule("RN303", "warning", "", N_("control, zero-width, bidi or private-use (外字) character")),
    Rule("RN304", "warning", "", N_("duplicate item text among siblings")),
    Rule("RN305", "warning", "", N_("half-width katakana (ｶﾀｶﾅ)")),
)
BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}

Emit = Callable[[str, int, int, str], None]


def check(outline: Outline, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Diagnostic]:
    """Every Diagnostic of ``outline``, sorted by line and column.

    ``select`` keeps only codes starting with one of its prefixes; ``ignore`` drops them.
    """
    select, ignore = tuple(select), tuple(ignore)
    found: list[Diagnostic] = []

    def emit(code: str, line: int, column: int, message: str) -> None:
        if select and not code.startswith(select):
            return
        if ignore and code.startswith(ignore):
            return
        rule = BY_CODE[code]
        found.append(
            Diagnostic(outline.path, line, column, code, rule.severity, message, fixable=bool(rule.fix))
        )

    with gc_paused():
        doc = _Doc(outline)
        for rule_set in (_numbering, _hierarchy, _widths, _unread, _layout, _tables, _text):
            rule_set(doc, emit)
    found.sort()
    return found


# Characters a message quotes: enough to find the place, short enough to keep it on one line.
_QUOTED = 16


def quote(text: str, at: int | None = None) -> str:
    """``「…」`` around ``text`` (its start, or a window around offset ``at``), shortened with ``…``."""
    if at is None:
        start, end = 0, _QUOTED
    else:
        start, end = max(0, at - _QUOTED // 2), at + _QUOTED // 2
    snippet = ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else "")
    return "「" + _visible(snippet) + "」"


def _visible(text: str) -> str:
    # A message is one line: an invisible or line-breaking character is shown by its code point.
    return "".join(
        f"<U+{ord(ch):04X}>" if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Co") else ch
        for ch in text
    )


# How RN105 names the width of a marker.
_WIDTH_NAMES = {"full": N_("full-width"), "half": N_("half-width"), "mixed": N_("mixed-width")}


def _kind_name(kind: MarkerKind) -> str:
    """How a level is named in messages: its first label, e.g. 「(1)」 for paren_arabic."""
    return "・" if kind == "bullet" else make_label(kind, 1)


class _Doc:
    """The outline with what every rule needs computed once: its items and sibling groups."""

    def __init__(self, outline: Outline) -> None:
        self.outline = outline
        self.nodes = list(outline.walk())
        self.blocks = list(outline.all_blocks())
        self.groups: list[tuple[Node | None, tuple[Node, ...]]] = [(None, outline.children)]
        self.groups += [(node, node.children) for node in self.nodes if node.children]


def _numbering(doc: _Doc, emit: Emit) -> None:
    """RN101-RN103 within each run of same-kind siblings; numbers restart under each parent."""
    for _parent, children in doc.groups:
        runs: dict[str, list[Node]] = {}
        for node in children:
            if node.number is not None:
                runs.setdefault(node.marker, []).append(node)
        for run in runs.values():
            first_line: dict[int, int] = {}
            expected = 1
            for index, node in enumerate(run):
                assert node.number is not None
                want = relabel(node.marker, node.label, expected) or str(expected)
                if index == 0 and node.number != 1:
                    emit(
                        "RN103",
                        node.line,
                        node.column,
                        _(
                            "「{label}」 is the first of its level here; numbering starts at 「{want}」: "
                            "{text}"
                        ).format(label=node.label, want=want, text=quote(node.text)),
                    )
                elif node.number in first_line:
                    emit(
                        "RN102",
                        node.line,
                        node.column,
                        _("duplicate 「{label}」 among its siblings (first at line {first}): {text}").format(
                            label=node.label, first=first_line[node.number], text=quote(node.text)
                        ),
                    )
                elif node.number != expected:
                    emit(
                        "RN101",
                        node.line,
                        node.column,
                        _("numbering gap: expected 「{want}」, found 「{label}」: {text}").format(
                            want=want, label=node.label, text=quote(node.text)
                        ),
                    )
                first_line.setdefault(node.number, node.line)
                expected = node.number + 1


def _hierarchy(doc: _Doc, emit: Emit) -> None:
    """RN104: an item whose parent is more than one level up in the document's own hierarchy."""
    used = sorted({node.marker for node in doc.nodes if node.number is not None}, key=RANK.__getitem__)
    for parent, children in doc.groups:
        low = RANK[parent.marker] if parent is not None else -1
        for node in children:
            if node.marker == "bullet":
                continue
            skipped = [kind for kind in used if low < RANK[kind] < RANK[node.marker]]
            if not skipped:
                continue
            levels = "".join(f"「{_kind_name(kind)}」" for kind in skipped)
            if parent is None:
                message = _(
                    "「{label}」 at the top level skips the level {levels} this document uses: {text}"
                )
            else:
                message = _(
                    "「{label}」 directly under 「{parent}」 skips the level {levels} this document uses: "
                    "{text}"
                )
            emit(
                "RN104",
                node.line,
                node.column,
                message.format(
                    label=node.label,
                    parent=parent.label if parent is not None else "",
                    levels=levels,
                    text=quote(node.text),
                ),
            )


def _unread(doc: _Doc, emit: Emit) -> None:
    """RN108: a line that looks like a numbered item but was read as text (the title or a paragraph)."""
    outline = doc.outline
    starts = [(outline.title, outline.title_line, outline.title_heading + 2 if outline.title_heading else 1)]
    starts += [
        (block.text, block.line, block.column)
        for block in doc.blocks
        if isinstance(block, Paragraph) and not block.mark
    ]
    for text, line, column in starts:
        m = MALFORMED.match(text)
        if m is not None:
            if m.group()[0] in "(（":
                message = _(
                    "「{label}」 starts a line as if numbered, but without a closing parenthesis it is read "
                    "as text, not as an item: {text}"
                )
            else:
                message = _(
                    "「{label}」 starts a line as if numbered, but without a space after it it is read as "
                    "text, not as an item: {text}"
                )
            emit("RN108", line, column, message.format(label=m.group(), text=quote(text)))


def _digit_class(label: str) -> bool:
    # A common office habit writes one digit full-width and two or more half-width (１ … ９, 10):
    # judging each digit count separately accepts it as consistent.
    return sum(ch.isdigit() for ch in label) > 1


def _widths(doc: _Doc, emit: Emit) -> None:
    """RN105 mixed widths within a level, RN106 circled numbers, RN107 a dot or comma after a marker."""
    groups: dict[tuple[MarkerKind, bool], list[tuple[str, Node]]] = {}
    first_circled = True
    for node in doc.nodes:
        if node.marker == "circled" and first_circled:
            first_circled = False
            emit(
                "RN106",
                node.line,
                node.column,
                _(
                    "「{label}」: circled numbers are machine-dependent characters (機種依存文字) that some "
                    "PCs and printers show wrongly; (1) or ア is safer: {text}"
                ).format(label=node.label, text=quote(node.text)),
            )
        if node.number is not None and node.label[-1] in ".．、":
            emit(
                "RN107",
                node.line,
                node.column + len(node.label) - 1,
                _("「{label}」: no 「{mark}」 after a marker in 公用文 (write 「{bare}」): {text}").format(
                    label=node.label, mark=node.label[-1], bare=node.label[:-1], text=quote(node.text)
                ),
            )
        form = width(node.label)
        if node.number is not None and form != "none":
            groups.setdefault((node.marker, _digit_class(node.label)), []).append((form, node))
    for (kind, _digits), members in groups.items():
        counts = Counter(form for form, _node in members)
        if len(counts) < 2:
            continue
        usual = counts.most_common(1)[0][0]
        for form, node in members:
            if form != usual:
                emit(
                    "RN105",
                    node.line,
                    node.column,
                    _(
                        "「{label}」 is {form} while most 「{level}」-level markers are {usual}: {text}"
                    ).format(
                        label=node.label,
                        form=_(_WIDTH_NAMES[form]),
                        level=_kind_name(kind),
                        usual=_(_WIDTH_NAMES[usual]),
                        text=quote(node.text),
                    ),
                )


def _describe_sep(sep: str) -> str:
    if not sep:
        return _("no space")
    if sep == " ":
        return _("a half-width space")
    if sep == "\u3000":
        return _("a full-width space")
    return _("{count} spacing characters").format(count=len(sep))


def _depth_name(depth: int) -> str:
    return "#" * depth if depth else _("no heading mark")


def _layout(doc: _Doc, emit: Emit) -> None:
    """RN201-RN204: what ``fmt`` lays out (heading depth, bullet style, spacing), and empty headings."""
    outline = doc.outline
    style = infer_conventions(outline, doc.nodes)
    if style.markdown:
        depths: dict[MarkerKind, list[Node]] = {}
        for node in heading_candidates(outline):
            if node.marker != "bullet":
                depths.setdefault(node.marker, []).append(node)
        for kind, members in depths.items():
            counts = Counter(node.heading for node in members)
            if len(counts) < 2:
                continue
            canonical = style.headings.get(kind, 0)
            usual = max(counts, key=lambda depth: (counts[depth], depth == canonical, -depth))
            for node in members:
                if node.heading != usual:
                    emit(
                        "RN201",
                        node.line,
                        node.indent + 1,
                        _(
                            "「{label}」 has {depth} while most 「{level}」-level headings have {usual}: "
                            "{text}"
                        ).format(
                            label=node.label,
                            depth=_depth_name(node.heading),
                            level=_kind_name(kind),
                            usual=_depth_name(usual),
                            text=quote(node.text),
                        ),
                    )
    for _parent, children in doc.groups:
        bullets = [node for node in children if node.marker == "bullet"]
        dotted = [node for node in bullets if node.label in "・･"]
        if dotted and len(dotted) < len(bullets):
            plain = [node for node in bullets if node.label not in "・･"]
            if len(dotted) < len(plain):
                odd, message = dotted, _("bullet with 「・」 among siblings written without it: {text}")
            else:
                odd, message = plain, _("bullet without 「・」 among siblings written with it: {text}")
            for node in odd:
                emit("RN202", node.line, node.column, message.format(text=quote(node.text)))
        headed = [node for node in children if node.number is not None and node.heading]
        if any(node.children or node.blocks for node in headed):
            for node in headed:
                if not node.children and not node.blocks:
                    emit(
                        "RN203",
                        node.line,
                        node.column,
                        _(
                            "heading 「{label}」 has nothing under it while its sibling headings have "
                            "content: {text}"
                        ).format(label=node.label, text=quote(node.text)),
                    )
    for node in doc.nodes:
        if not node.text or (node.marker == "bullet" and node.label not in "・･"):
            continue
        want = style.separators[node.marker]
        if node.sep != want:
            emit(
                "RN204",
                node.line,
                node.column + len(node.label),
                _(
                    "{spacing} after 「{label}」 where the other 「{level}」-level items have {usual}: {text}"
                ).format(
                    spacing=_describe_sep(node.sep),
                    label=node.label,
                    level=_kind_name(node.marker),
                    usual=_describe_sep(want),
                    text=quote(node.label + node.sep + node.text),
                ),
            )


def _tables(doc: _Doc, emit: Emit) -> None:
    """RN205: a table row with another number of cells than the header (Markdown renderers drop
    the extra cells of a longer row and pad a shorter one)."""
    for block in doc.blocks:
        if not isinstance(block, Table):
            continue
        header = len(block.cells[0])
        for row, places in zip(block.cells[1:], block.places[1:], strict=True):
            if len(row) != header:
                line, column = places[0]
                emit(
                    "RN205",
                    line,
                    column,
                    _("table row with {cells} cells under a header of {header}: {text}").format(
                        cells=len(row), header=header, text=quote(" | ".join(row))
                    ),
                )


_OPENERS = "「『(（【"
_CLOSERS = {"」": "「", "』": "『", ")": "(", "）": "(", "】": "【"}
# OCR reads O as 0 and l/I as 1: "0JT" (a word starting 0 then letters), "D0C" (0/1 between
# letters), "2O25" (O, l or I between digits). "B2B", "5G", "Web3" have other digits and stay quiet.
_OCR_DIGIT = re.compile(
    r"(?<![0-9A-Za-z])0(?=[A-Za-z])|(?<=[A-Za-z])[01](?=[A-Za-z])|(?<=[0-9])[OlI](?=[0-9])"
)
_PIPE = re.compile(r"[|｜]")
_ALNUM = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]")
_BRACKET = re.compile(r"[「」『』()（）【】]")
# Candidates for RN303, confirmed by unicodedata.category: control (but tab), format (zero-width,
# bidi, BOM, soft hyphen) and private-use characters. One pattern, not a loop over characters.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ue000-\uf8ff\ufeff\ufff9-\ufffb"
    "\U000e0001\U000e0020-\U000e007f\U000f0000-\U0010fffd]"
)
_HALF_KANA = re.compile(r"[\uff61-\uff9f]")


def _is_japanese(ch: str) -> bool:
    return ch > "\u2e7f" and unicodedata.category(ch)[0] in "LN"


def _texts(doc: _Doc) -> Iterator[tuple[str, Callable[[int], tuple[int, int]], str]]:
    """Every text a reader sees, a way to place an offset of it in the source, and the pipes in
    it that are text rather than table syntax (a table cell's ``\\|`` is syntax).

    The title was cleaned of tags and escapes, so its columns are where the text would be without
    them: exact for ordinary lines, approximate for OCR's ``<sup>``. Items and paragraphs are
    checked as written, so their columns are exact.
    """
    outline = doc.outline
    if outline.title:
        column = outline.title_heading + 2 if outline.title_heading else 1
        yield outline.title, _place(outline.title_line, column), "|｜"
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            yield block.markdown, block.locate, "|｜"
            continue
        for row, places in zip(block.cells, block.places, strict=True):
            for cell, (line, column) in zip(row, places, strict=True):
                yield cell, _place(line, column), "｜"
    for node in doc.nodes:
        yield node.markdown, node.locate, "|｜"


def _place(line: int, column: int) -> Callable[[int], tuple[int, int]]:
    return lambda offset: (line, column + offset)


def _text(doc: _Doc, emit: Emit) -> None:
    """RN301-RN305: brackets, OCR slips, invisible characters, duplicates, half-width katakana."""
    for text, locate, pipes in _texts(doc):
        if not text:
            continue
        for offset, what in _unbalanced(text):
            emit(
                "RN301",
                *locate(offset),
                _("{problem}: {text}").format(problem=what, text=quote(text, offset)),
            )
        if _ALNUM.search(text):
            for m in _OCR_DIGIT.finditer(text.translate(ALNUM_TO_HALF)):
                found = text[m.start()]
                emit(
                    "RN302",
                    *locate(m.start()),
                    _(
                        "「{found}」 inside a Latin word or number, often an OCR misreading (O↔0, l/I↔1): "
                        "{text}"
                    ).format(found=found, text=quote(text, m.start())),
                )
        for m in _PIPE.finditer(text):
            if m.group() in pipes and _beside_japanese(text, m.start()):
                emit(
                    "RN302",
                    *locate(m.start()),
                    _("「{found}」 amid Japanese text, often an OCR misreading of 「」」: {text}").format(
                        found=m.group(), text=quote(text, m.start())
                    ),
                )
        for m in _INVISIBLE.finditer(text):
            offset, ch = m.start(), m.group()
            category = unicodedata.category(ch)
            if category in ("Cc", "Cf", "Co"):
                if category == "Co":
                    message = _("private-use (外字) character {character}: {text}")
                else:
                    message = _("invisible character {character}: {text}")
                name = unicodedata.name(ch, "")
                character = f"U+{ord(ch):04X}{' ' + name if name else ''}"
                emit("RN303", *locate(offset), message.format(character=character, text=quote(text, offset)))
        kana = _HALF_KANA.search(text)
        if kana is not None:
            emit(
                "RN305",
                *locate(kana.start()),
                _("half-width katakana 「{found}」 (write full-width): {text}").format(
                    found=kana.group(), text=quote(text, kana.start())
                ),
            )
    for _parent, children in doc.groups:
        seen: dict[str, Node] = {}
        for node in children:
            key = "".join(unicodedata.normalize("NFKC", node.text).split())
            if not key:
                continue
            if key in seen:
                emit(
                    "RN304",
                    node.line,
                    node.column,
                    _("same text as the sibling at line {line}: {text}").format(
                        line=seen[key].line, text=quote(node.text)
                    ),
                )
            else:
                seen[key] = node


def _beside_japanese(text: str, offset: int) -> bool:
    before = text[:offset].rstrip(" \u3000")
    after = text[offset + 1 :].lstrip(" \u3000")
    return bool((before and _is_japanese(before[-1])) or (after and _is_japanese(after[0])))


def _unbalanced(text: str) -> Iterator[tuple[int, str]]:
    """(offset, description) of each bracket that is never closed or closes nothing."""
    stack: list[tuple[int, str]] = []
    for m in _BRACKET.finditer(text):
        offset, ch = m.start(), m.group()
        if ch in _OPENERS:
            stack.append((offset, ch))
        elif ch in _CLOSERS:
            opener = _CLOSERS[ch]
            if stack and stack[-1][1].translate(PARENS_TO_HALF) == opener:
                stack.pop()
                continue
            depth = next(
                (i for i in range(len(stack) - 1, -1, -1) if stack[i][1].translate(PARENS_TO_HALF) == opener),
                None,
            )
            if depth is None:
                yield offset, _("closing {closer} with no opening {opener}").format(closer=ch, opener=opener)
                continue
            for open_offset, open_ch in stack[depth + 1 :]:
                yield (
                    open_offset,
                    _("opening {opener} is never closed (a {closer} comes first)").format(
                        opener=open_ch, closer=ch
                    ),
                )
            del stack[depth:]
    for open_offset, open_ch in stack:
        yield open_offset, _("opening {opener} is never closed").format(opener=open_ch)
