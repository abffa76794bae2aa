"""Everything ronten prints goes through here, so no input can drive the user's terminal.

Outline text, file names and messages come from files anyone may have written. An escape
sequence in them (OSC, CSI) would retitle, recolour or rewrite the terminal, and a newline in a
file name would split one error into two lines. ``visible`` shows each such character by its
code point, ``<U+001B>``, as ``ronten check`` does in its messages.

A failure to write standard output (a full disk, a reader that went away) becomes one
``OutputError`` line like any other, instead of a traceback or click's silent exit 1.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import sys
import unicodedata
from typing import TYPE_CHECKING, Any, NoReturn

from ..errors import OutputError
from ..i18n import _

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

    from rich.console import Console, RenderableType

# Control characters, format characters (bidirectional overrides, zero-width marks) and the
# Unicode line and paragraph separators: none of them is text a reader should get raw.
_HIDDEN = frozenset(("Cc", "Cf", "Zl", "Zp"))


def visible(text: str, *, lines: bool = False) -> str:
    """``text`` with every control or format character written as ``<U+XXXX>``; with ``lines``,
    newlines and tabs are kept (a report of several lines), otherwise the result is one line.
    A lone surrogate (a byte of a file name that is not UTF-8) is shown the same way."""
    if text.isprintable():  # nearly every line, checked at C speed (a large report stays fast)
        return text
    parts = text.split("\n") if lines else [text]
    return "\n".join(part if part.isprintable() else _escaped(part, lines) for part in parts)


def _escaped(text: str, keep_tabs: bool) -> str:
    # isprintable() is also false for spaces other than ' ' (U+3000) and unassigned code points,
    # which are shown as they are.
    return "".join(
        f"<U+{ord(ch):04X}>"
        if (unicodedata.category(ch) in _HIDDEN and not (keep_tabs and ch == "\t"))
        or "\ud800" <= ch <= "\udfff"
        else ch
        for ch in text
    )


def _stdout_failed(exc: OSError) -> NoReturn:
    # Whatever is still buffered would fail again when Python flushes stdout at exit and print
    # "Exception ignored"; from here on stdout goes nowhere.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    reason = _("the reader closed it") if isinstance(exc, BrokenPipeError) else exc.strerror or str(exc)
    raise OutputError(_("standard output: cannot write ({reason})").format(reason=reason), path="-") from None


@contextlib.contextmanager
def _writing(err: bool) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        if err:  # nowhere left to report it
            return
        _stdout_failed(exc)


def echo(text: str, *, err: bool = False, end: str = "\n") -> None:
    """Print a report of one or more lines on stdout, or on stderr with ``err``."""
    stream = sys.stderr if err else sys.stdout
    with _writing(err):
        stream.write(visible(text, lines=True) + end)
        stream.flush()


def say(text: str, *, err: bool = True) -> None:
    """Print one line (on stderr unless ``err`` is off): whatever it holds, it stays one line."""
    echo(visible(text), err=err)


def error(message: str) -> None:
    """Report a failure as one line on stderr."""
    say(_("ronten: error: {message}").format(message=message))


def warn(message: str) -> None:
    """Report a warning as one line on stderr."""
    say(_("ronten: warning: {message}").format(message=message))


def write_stdout(data: str | bytes) -> None:
    """Write a result (``-o -``) to stdout: the bytes as they are, for a pipe or a file; text
    bound for a terminal is made visible like every other text."""
    if isinstance(data, str):
        if sys.stdout.isatty():
            data = visible(data, lines=True)
        data = data.encode("utf-8")
    with _writing(False):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


@functools.cache
def _console_class() -> type[Console]:
    from rich.console import Console

    class ReportingConsole(Console):
        """Rich exits 1 in silence when the reader of stdout goes away; this one says so."""

        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    return ReportingConsole


def rich_console(**options: Any) -> Console:
    """A rich ``Console(**options)`` whose write failures are reported like any other."""
    return _console_class()(**options)


def print_rich(renderable: RenderableType, console: Console | None = None) -> None:
    """Print a rich renderable (a tree, a coloured diff) with every piece of text made visible;
    rich's own colour codes are kept, as they are the renderable's styles, not its text."""
    from rich.segment import Segment, Segments
    from rich.text import Text

    console = console or rich_console()
    if isinstance(renderable, Text):  # a report ends its own lines; rich would add one more
        renderable = renderable.copy()
        renderable.end = ""
    # A soft-wrapping console leaves long lines whole, as its own print would.
    options = (
        console.options.update(no_wrap=True, overflow="ignore") if console.soft_wrap else console.options
    )
    segments = [
        segment if segment.control else Segment(visible(segment.text, lines=True), segment.style)
        for segment in console.render(renderable, options)
    ]
    with _writing(console.stderr):
        console.print(Segments(segments), end="", crop=not console.soft_wrap)
        console.file.flush()


def write_output(target: str | Path, data: str | bytes, *, inputs: Iterable[str | Path] = ()) -> None:
    """Write a command's result to the file ``target`` (atomically, never over an input) or, for
    ``-``, to standard output."""
    if str(target) == "-":
        write_stdout(data)
        return
    from ..output import write_atomic

    write_atomic(target, data, inputs=inputs)
