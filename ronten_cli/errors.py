"""The exceptions the library raises; the CLI turns each into one line on stderr and exit 2.

Every error carries its complete one-line message (``str(error)``), which names the file and the
line or field where known, so it can be shown as it is. The same facts are also available as
fields for programs using the library: ``path``, ``line`` (1-based) and ``field`` (a key of the
front matter or meeting file, or an option), each ``None`` when it does not apply.
"""

from __future__ import annotations

import os
from typing import Any


class RontenError(Exception):
    """Base of every error ronten reports to the user: ``RontenError(message, *, path, line, field)``."""

    def __init__(
        self,
        message: str,
        *,
        path: str | os.PathLike[str] | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = None if path is None else os.fspath(path)
        self.line = line
        self.field = field

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception pickles only ``args``; the fields are keyword-only, so they go in the state.
        return (type(self), (self.message,), {"path": self.path, "line": self.line, "field": self.field})


class InputError(RontenError):
    """An input file is missing, unreadable, binary, or not valid for its purpose."""


class OutputError(RontenError):
    """An output cannot be written, or writing it would overwrite an input."""


class TemplateError(RontenError):
    """A Jinja template is missing, has a syntax error, or uses an undefined name."""


class MeetingError(RontenError):
    """Meeting metadata is missing a required field or holds an invalid value."""


class ConversionError(RontenError):
    """LibreOffice is missing, did not finish in time, or could not turn a document into PDF."""
