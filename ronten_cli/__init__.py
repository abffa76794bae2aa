"""ronten: parse, check, format, render and diff 論点メモ outlines.

The library API. Nothing here prints or exits: functions return values and raise ``RontenError``
subclasses. Heavy modules (Jinja, python-docx, the diff engine) are imported by the functions that
need them, so ``import ronten_cli`` stays as cheap as parsing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from .errors import InputError, MeetingError, OutputError, RontenError, TemplateError
from .model import Block, Diagnostic, Node, Outline, Paragraph, Table
from .parser import parse
from .source import decode, read_bytes
from .word import is_word

if TYPE_CHECKING:
    from .diff import Comparison


def __getattr__(name: str) -> Any:
    # importlib.metadata costs more to import than parsing the seed memo: only --version pays it.
    if name != "__version__":
        raise AttributeError(f"module 'ronten_cli' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ronten")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
        return "0+unknown"


def load(spec: str, *, git: bool = False, warn: Callable[[str], None] | None = None) -> Outline:
    """Read and parse an outline: a file path or ``-`` for standard input; with ``git``, also a git
    ``REV:path`` (``HEAD~1:memo.md``) when no file has that name.

    A Word document (.docx; .doc, .odt, .rtf through LibreOffice) is recognised by its content
    and read into the same tree; ``warn`` gets one line for each thing it leaves out (headers,
    footnotes, comments…) or reads differently (tracked changes, accepted).
    """
    data = read_bytes(spec, git=git)
    name = "<stdin>" if spec == "-" else spec
    if is_word(data):
        from .word import read_outline

        outline, warnings = read_outline(data, name)
        for message in warnings:
            if warn is not None:
                warn(message)
        return outline
    source = decode(data, name)
    return parse(source.text, source.name)


def check(outline: Outline, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Diagnostic]:
    """The diagnostics of ``ronten check``; ``select``/``ignore`` take codes or prefixes (``RN3``)."""
    from .lint import check as run_checks

    return run_checks(outline, select, ignore)


def format_outline(outline: Outline, *, renumber: bool = False) -> str:
    """The canonical text ``ronten fmt`` writes; ``renumber`` also fixes RN101-RN103."""
    from .fmt import format_outline as canonical

    return canonical(outline, renumber=renumber)


def compare(old: Outline, new: Outline) -> Comparison:
    """Match two versions by content: the changes and the side-by-side rows ``ronten diff`` reports.

    Rendering is ``ronten_cli.render.render``: a function here named ``render`` or ``diff`` would be
    shadowed by the subpackage of that name as soon as it is imported.
    """
    from .diff import compare as match

    return match(old, new)


__all__ = [
    "Block",
    "Diagnostic",
    "InputError",
    "MeetingError",
    "Node",
    "Outline",
    "OutputError",
    "Paragraph",
    "RontenError",
    "Table",
    "TemplateError",
    "__version__",
    "check",
    "compare",
    "format_outline",
    "load",
    "parse",
]
