"""Everything ronten prints goes through here, so no input can drive the user's terminal.

Outline text, file names and messages come from files anyone may have written. An escape
sequence in them (OSC, CSI) would retitle, recolour or rewrite the terminal, and a newline in a
file name would split one error into two lines. ``visible`` shows each such character by its
code point, ``<U+001B>``, as ``ronten check`` does in its messages.
"""

from __future__ import annotations

import sys
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

# Control characters, format characters (bidirectional overrides, zero-width marks) and the
# Unicode line and paragraph separators: none of them is text a reader should get raw.
_HIDDEN = frozenset(("Cc", "Cf", "Zl", "Zp"))


def visible(text: str, *, lines: bool = False) -> str:
    """``text`` with every control or format character written as ``<U+XXXX>``; with ``lines``,
    newlines and tabs are kept (a report of several lines), otherwise the result is one line."""
    kept = "\n\t" if lines else ""
    return "".join(
        f"<U+{ord(ch):04X}>" if ch not in kept and unicodedata.category(ch) in _HIDDEN else ch for ch in text
    )


def echo(text: str, *, err: bool = False, end: str = "\n") -> None:
    """Print ``text`` (which may hold several lines) on stdout, or on stderr with ``err``."""
    stream = sys.stderr if err else sys.stdout
    stream.write(visible(text, lines=True) + end)
    stream.flush()


def error(message: str) -> None:
    """Report a failure as one line on stderr."""
    echo(f"ronten: error: {visible(message)}", err=True)


def warn(message: str) -> None:
    """Report a warning as one line on stderr."""
    echo(f"ronten: warning: {visible(message)}", err=True)


def show(renderable: RenderableType, console: Console | None = None) -> None:
    """Print a rich renderable (a tree, a coloured diff) with every piece of text made visible;
    rich's own colour codes are kept, as they are the renderable's styles, not its text."""
    from rich.console import Console
    from rich.segment import Segment, Segments
    from rich.text import Text

    console = console or Console()
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
    console.print(Segments(segments), end="", crop=not console.soft_wrap)
