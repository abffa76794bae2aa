"""The exceptions the library raises; the CLI turns each into one line on stderr and exit 2."""

from __future__ import annotations


class RontenError(Exception):
    """Base of every error ronten reports to the user.

    The message is complete and one line long: it names the file (and line or field where
    known) and says what is wrong, so the CLI can print it as it is. ``path``, ``line`` and
    ``field`` carry the same facts for library callers that want them without parsing the text.
    """

    def __init__(
        self, message: str, *, path: str | None = None, line: int | None = None, field: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.field = field


class InputError(RontenError):
    """An input file is missing, unreadable, binary, or not valid for its purpose."""


class OutputError(RontenError):
    """An output cannot be written, or writing it would overwrite an input."""


class TemplateError(RontenError):
    """A Jinja template is missing, has a syntax error, or uses an undefined name."""


class MeetingError(RontenError):
    """Meeting metadata is missing a required field or holds an invalid value."""


class UsageError(RontenError):
    """Arguments that do not fit together."""


class ConversionError(RontenError):
    """LibreOffice is missing, did not finish in time, or could not turn a document into PDF."""
