"""Markdown syntax facts every reader and writer of ronten shares.

The outline parser, ``ronten fmt``, the templates' filters, the Markdown-to-Word scanner and the
diff report all read or write the same Markdown, so what its syntax means is decided here once:
which characters a backslash escapes (CommonMark's ASCII punctuation), that a closing run of
``#`` ends an ATX heading rather than its text, how hard-wrapped lines join (no space between
Japanese characters), which inline marks ronten understands (``**bold**``, ``*italic*``,
``<u>``, ``<br>``), and how a GFM pipe table is split into cells and written back aligned.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .widths import display_width

# CommonMark 2.4: a backslash escapes exactly the ASCII punctuation characters, as a class body.
ASCII_PUNCT = r"!-/:-@\[-`{-~"
ESCAPED = re.compile(rf"\\([{ASCII_PUNCT}])")
BACKSLASH_BEFORE_PUNCT = re.compile(rf"\\(?=[{ASCII_PUNCT}])")
# An HTML tag (OCR's <sup>, a <!----> guard); an escaped "\<" is a literal "<", never a tag, but
# after an escaped backslash ("\\<") it is one again. Substitute with TAG_KEEP: the backslashes
# before a tag are kept for the unescaping.
TAG = re.compile(r"(?<!\\)((?:\\\\)*)<[^<>\n]*>")
TAG_KEEP = r"\1"
TAG_START = re.compile(r"<(?=[^<>\n]*>)")

# CommonMark 4.2: an ATX heading may end in a closing run of "#"s after a space (or be only one),
# which is not part of its text. CLOSING removes it from heading text; CLOSING_RUN is the same
# fact as a fragment for a line pattern (re.VERBOSE-safe).
CLOSING = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
CLOSING_RUN = r"(?:[ \t]+\#+)?[ \t]*$"
# A "#" run ending text after a space would be taken for a closing run: it needs an escape.
_CLOSABLE = re.compile(r"(?<=[ \t])(?=#+[ \t]*$)")

SPACES = " \t\u3000"


def heading(depth: int, text: str) -> str:
    """An ATX heading of ``text``; a text ending in ``#`` keeps it behind a closing `` #``."""
    return "#" * depth + " " + text + (" #" if text.endswith("#") else "")


def wide(ch: str) -> bool:
    """Whether ``ch`` is a Japanese (CJK) character: punctuation, kana, ideographs and full-width
    forms all lie at or above U+2E80."""
    return ch >= "\u2e80"


def join(text: str, more: str) -> str:
    """Join a hard-wrapped line onto ``text``: no space where either side is Japanese (a space
    there would show in the document), one between other words."""
    if text and more and text[-1] != " " and not wide(text[-1]) and not wide(more[0]):
        return text + " " + more
    return text + more


def clean(text: str) -> str:
    """Text with HTML tags (OCR's ``<sup>``) and backslash escapes removed, spaces trimmed."""
    if "<" in text:
        text = TAG.sub(TAG_KEEP, text)
    if "\\" in text:
        text = ESCAPED.sub(r"\1", text)
    return text.strip(SPACES)


_PLAIN_SPECIAL = re.compile(r"[\\*<]")


def plain(markdown: str) -> str:
    """What a reader sees of ``markdown``: tags, escapes and emphasis marks removed."""
    if not _PLAIN_SPECIAL.search(markdown):
        return markdown.strip(SPACES)
    if "<" in markdown:
        markdown = TAG.sub(TAG_KEEP, markdown)
    if "*" not in markdown:
        return clean(markdown)
    return "".join(span.text for span in inline(markdown)).strip(SPACES)


def escape(text: str) -> str:
    """``text`` that Markdown (ronten's scanner, its parser, CommonMark) shows literally: emphasis,
    link, code and line-start characters escaped, and a ``#`` run that would close a heading."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _CLOSABLE.sub("\\\\", text)
    return _MD_LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MD_LINE_START = re.compile(r"^(?:([#+\-=>])|([0-9]+)([.)]))")


def escape_text(text: str) -> str:
    """Cleaned text (no escapes, no tags) written so that ``clean`` gives it back: backslashes
    before punctuation and tag-like ``<`` escaped, nothing else touched."""
    if "\\" in text:
        text = BACKSLASH_BEFORE_PUNCT.sub(r"\\\\", text)
    if "<" in text:
        text = TAG_START.sub(r"\\<", text)
    return text


# ---- inline marks -------------------------------------------------------------------------------


class Span(NamedTuple):
    """A stretch of inline text with one formatting; ``\\n`` in ``text`` is a hard line break."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


Spans = tuple[Span, ...]

_SPECIAL = re.compile(r"[\\*<]")
_TOKEN = re.compile(
    rf"\\([{ASCII_PUNCT}])|(\*\*|\*)|<(/?)u>|(<!--.*?-->)|<br[ \t]*/?>",
    re.IGNORECASE,
)


def inline(text: str) -> Spans:
    """Inline Markdown to spans: ``**bold**``, ``*italic*``, ``<u>``, ``<br>``, backslash escapes.

    A delimiter without a partner stays literal text.
    """
    if not text:
        return ()
    if not _SPECIAL.search(text):
        return (Span(text),)
    # tokens: (kind, text, start, end); kinds "t" text, "**", "*", "u", "/u"
    tokens: list[tuple[str, str, int, int]] = []
    position = 0
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        if start > position:
            tokens.append(("t", text[position:start], position, start))
        if match.group(1) is not None:
            tokens.append(("t", match.group(1), start, end))
        elif match.group(2):
            tokens.append((match.group(2), match.group(2), start, end))
        elif match.group(3) is not None:
            tokens.append(("/u" if match.group(3) else "u", match.group(0), start, end))
        elif match.group(4) is not None:
            pass  # an HTML comment inside a line shows nothing, as in any Markdown renderer
        else:
            tokens.append(("t", "\n", start, end))
        position = end
    if position < len(text):
        tokens.append(("t", text[position:], position, len(text)))

    active: set[int] = set()
    openers: dict[str, int] = {}
    underlines: list[int] = []
    for index, (kind, _, start, end) in enumerate(tokens):
        if kind in ("**", "*"):
            can_open = end < len(text) and not text[end].isspace()
            can_close = start > 0 and not text[start - 1].isspace()
            if can_close and kind in openers:
                active.update((openers.pop(kind), index))
            elif can_open:
                openers[kind] = index
        elif kind == "u":
            underlines.append(index)
        elif kind == "/u" and underlines:
            active.update((underlines.pop(), index))

    spans: list[Span] = []
    bold = italic = False
    underline = 0
    for index, (kind, value, _, _) in enumerate(tokens):
        if index in active:
            if kind == "**":
                bold = not bold
            elif kind == "*":
                italic = not italic
            else:
                underline += 1 if kind == "u" else -1
            continue
        state = (bold, italic, underline > 0)
        if spans and (spans[-1].bold, spans[-1].italic, spans[-1].underline) == state:
            spans[-1] = Span(spans[-1].text + value, *state)
        else:
            spans.append(Span(value, *state))
    return tuple(spans)


# ---- GFM pipe tables ----------------------------------------------------------------------------

_DELIMITER_ROW = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_PIPE = re.compile(r"(?<!\\)\|")
_ANY_PIPE = re.compile(r"(?<!\\)[|｜]")


def cells(line: str, full_width: bool = False) -> list[tuple[str, int]]:
    """The cells of a table row as ``(text, offset of the text in line)``, trimmed; a leading and a
    trailing pipe are optional. ``full_width`` also splits at ``｜`` (plain-text tables)."""
    start = len(line) - len(line.lstrip())
    body = line.strip()
    if "\\" in body or (full_width and "｜" in body):
        pipe = _ANY_PIPE if full_width else _PIPE
        bounds = [m.start() for m in pipe.finditer(body)]
        parts = [body[a + 1 : b] for a, b in zip([-1, *bounds], [*bounds, len(body)], strict=True)]
    else:
        parts = body.split("|")
    if len(parts) > 1 and not parts[0]:  # a leading pipe
        del parts[0]
        start += 1
    if len(parts) > 1 and not parts[-1]:  # a trailing pipe
        del parts[-1]
    found = []
    for part in parts:
        text = part.strip()
        found.append((text, start + len(part) - len(part.lstrip()) if text else start))
        start += len(part) + 1
    return found


def delimiter_row(line: str) -> tuple[str, ...] | None:
    """The column alignments (``left``, ``center``, ``right`` or ``""``) a GFM delimiter row
    (``| --- | :-: |``) declares, or None if ``line`` is not one. A pipe is required, so a
    setext underline (``---``) is never a delimiter row."""
    line = line.strip(SPACES)  # plain-text tables are indented with full-width spaces
    if "|" not in line or not _DELIMITER_ROW.match(line):
        return None
    return tuple(_align(cell) for cell, _ in cells(line))


def _align(cell: str) -> str:
    if cell.startswith(":") and cell.endswith(":"):
        return "center"
    if cell.endswith(":"):
        return "right"
    return "left" if cell.startswith(":") else ""


_RULE = {"left": (":", "-"), "center": (":", ":"), "right": ("-", ":"), "": ("-", "-")}


def pipe_table(rows: tuple[tuple[str, ...], ...], aligns: tuple[str, ...] = ()) -> list[str]:
    """``rows`` (the header first, each a tuple of cell Markdown) as aligned GFM table lines.

    Columns are padded to their widest cell as a monospaced editor shows it (Japanese characters
    count two), so the table reads as a table in the source too. Rows keep their own cell
    counts: a ragged row is written as it is, for ``ronten check`` (RN205) to report.
    """
    columns = max(len(row) for row in rows)
    widths = [3] * columns
    for row in rows:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], display_width(cell))

    def line(row: tuple[str, ...]) -> str:
        padded = [cell + " " * (widths[index] - display_width(cell)) for index, cell in enumerate(row)]
        return "| " + " | ".join(padded) + " |"

    header = len(rows[0])
    delimiter = []
    for index in range(header):
        left, right = _RULE[aligns[index] if index < len(aligns) else ""]
        delimiter.append(left + "-" * (widths[index] - 2) + right)
    return [line(rows[0]), "| " + " | ".join(delimiter) + " |", *(line(row) for row in rows[1:])]
