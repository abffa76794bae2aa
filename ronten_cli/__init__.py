"""ronten: parse, check, format, render and diff 論点メモ outlines.

The library API. Nothing here prints or exits: functions return values and raise ``RontenError``
subclasses. Heavy modules (Jinja, python-docx, the diff engine) are imported by the functions that
need them, so ``import ronten_cli`` stays as cheap as parsing.
"""

from __future__ import annotations

from typing import Any

from .errors import InputError, MeetingError, OutputError, RontenError, TemplateError, UsageError
from .model import Diagnostic, Node, Note, Outline
from .parser import parse
from .source import read


def __getattr__(name: str) -> Any:
    # importlib.metadata costs more to import than parsing the seed memo: only --version pays it.
    if name != "__version__":
        raise AttributeError(f"module 'ronten_cli' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ronten")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
        return "0+unknown"


def load(spec: str) -> Outline:
    """Read and parse an outline: a file path, ``-`` for standard input, or a git ``REV:path``."""
    source = read(spec)
    return parse(source.text, source.name)


__all__ = [
    "Diagnostic",
    "InputError",
    "MeetingError",
    "Node",
    "Note",
    "Outline",
    "OutputError",
    "RontenError",
    "TemplateError",
    "UsageError",
    "__version__",
    "load",
    "parse",
]
