"""Property tests: parse, check and fmt never crash; fmt is idempotent and keeps the tree.

Inputs are random text over the characters outlines are made of, the seed memo mutated line by
line, generated outlines in every marker kind, width and layout, and (for the CLI) random bytes.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ronten_cli import InputError, parse
from ronten_cli.fmt import format_outline
from ronten_cli.lint import check
from ronten_cli.parser import front_matter_end
from ronten_cli.source import read as ronten_read_source

from .helpers import tree_key
from .strategies import TEXT, mutated_seed, outlines

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def ronten_read(path: Path) -> str:
    return ronten_read_source(str(path)).text


def assert_fmt_keeps_tree_and_is_idempotent(text: str, path: str = "") -> None:
    try:
        before = parse(text, path)
    except InputError:  # malformed YAML front matter: reported as bad input, nothing to format
        return
    out = format_outline(before)
    after = parse(out, path)
    assert tree_key(after) == tree_key(before), out
    assert format_outline(after) == out
    assert not {d.code for d in check(after)} & {"RN201", "RN202", "RN204"}, out
    assert significant(out) == significant(text), out


# What fmt may change, besides spaces and line breaks (README, "ronten fmt"): heading marks and
# a heading's closing "#" run, list marks and 「・」 on bullets, backslashes (escapes; a backslash ending a
# hard-wrapped line escapes what follows once lines are joined), tags (OCR's <sup>; the <!----> guard),
# table syntax, and the front matter's fences.
_HEADING = re.compile(r"^#{1,6}(?=[ \t\u3000])")
_CLOSING = re.compile(r"[ \t]+#+[ \t]*$")
_LIST = re.compile(r"^[-*+](?=[ \t\u3000・･])")
_DOTS = re.compile(r"^[・･][ \t\u3000]*")
_TAGS = re.compile(r"<[^<>\n]*>")
# Pipes, dashes and colons make a table (fmt rewrites a delimiter row as wide as its column), and
# a line that only looks like a table row joins the paragraph above it: all three are left out.
_SYNTAX = str.maketrans("", "", "\\|｜-:")


def significant(text: str) -> str:
    """The non-whitespace characters of ``text`` in order, without what fmt may canonicalise."""
    lines = text.split("\n")
    end = front_matter_end(lines)
    if end:  # the fences: "..." may close front matter, fmt writes "---"
        lines = lines[1:end] + lines[end + 1 :]
    kept = []
    for line in lines:
        line, headings = _HEADING.subn("", line.lstrip(" \t\u3000"))
        line = _DOTS.sub("", _LIST.sub("", line.lstrip(" \t\u3000")).lstrip(" \t\u3000"))
        if headings:
            line = _CLOSING.sub("", line)
        kept.append("".join(_untagged(line).translate(_SYNTAX).split()))
    return "".join(kept)


def _untagged(line: str) -> str:
    """``line`` without tags, nested ones too: fmt escapes the inner ``<>`` of ``<<>>`` (「\\<>」),
    which leaves one tag fewer than the input had."""
    count = 1
    while count:
        line, count = _TAGS.subn("", line)
    return line


@FAST
@given(TEXT)
def test_parse_and_check_never_crash_on_random_text(text):
    try:
        outline = parse(text)
    except InputError:
        return
    check(outline)


@FAST
@given(mutated_seed())
def test_parse_and_check_never_crash_on_mutated_seed(text):
    check(parse(text))


@FAST
@given(TEXT)
def test_fmt_on_random_text(text):
    assert_fmt_keeps_tree_and_is_idempotent(text)


@FAST
@given(mutated_seed())
def test_fmt_on_mutated_seed(text):
    assert_fmt_keeps_tree_and_is_idempotent(text)


@FAST
@given(outlines())
def test_fmt_on_generated_outlines(text):
    assert_fmt_keeps_tree_and_is_idempotent(text)


@FAST
@given(outlines(blocks=True), st.sampled_from(["m.md", "m.txt"]))
def test_fmt_keeps_every_character_and_block_of_generated_outlines_with_blocks(text, path):
    assert_fmt_keeps_tree_and_is_idempotent(text, path)


@FAST
@given(outlines())
def test_renumber_leaves_no_numbering_error_and_keeps_everything_else(text):
    try:
        before = parse(text)
    except InputError:
        return
    after = parse(format_outline(before, renumber=True))
    assert not {d.code for d in check(after)} & {"RN101", "RN102", "RN103"}

    def unnumbered(outline):
        def strip(node):
            return (node.marker, node.text, tuple(strip(child) for child in node.children))

        return tuple(strip(node) for node in outline.children), tree_key(outline)[:5]

    assert unnumbered(after) == unnumbered(before)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.binary(max_size=300), TEXT.map(lambda t: t.encode("utf-8")), st.just(b"\xff\xfe\x00")))
def test_cli_exits_0_1_2_on_any_bytes(ronten, data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.md"
        path.write_bytes(data)
        for args in (["show", path], ["show", path, "-f", "json"], ["check", path], ["fmt", "--check", path]):
            result = ronten(*args)
            assert result.code in (0, 1, 2), (args, result)
        assert path.read_bytes() == data  # nothing above may write
        out = Path(folder) / "out.md"
        result = ronten("fmt", path, "-o", out)
        assert result.code in (0, 2) and "internal error" not in result.err
        if result.code == 0:
            assert tree_key(parse(out.read_text(encoding="utf-8"))) == tree_key(parse(ronten_read(path)))
