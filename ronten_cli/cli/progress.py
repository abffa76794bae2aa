"""The progress bar of a batch render, and the lines printed while it runs.

A line printed during the batch (a warning, the error of one bad outline) must go through the
live display, which moves the bar below it; writing to stderr directly would land on the bar's
own line. When stderr is not a terminal the bar is off and lines are printed as they come.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING

from ..i18n import _
from .terminal import rich_console, visible

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class BatchProgress:
    """``with BatchProgress(total) as progress:`` then ``start(name)``, ``say(line)``, ``advance()``."""

    def __init__(self, total: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        console = rich_console(stderr=True)
        self._progress: Progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self._total = total
        self._task: TaskID | None = None

    def __enter__(self) -> BatchProgress:
        self._progress.__enter__()
        self._task = self._progress.add_task(_("rendering"), total=self._total)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._progress.__exit__(kind, value, trace)

    def start(self, name: str) -> None:
        """Show ``name`` as the file being worked on."""
        assert self._task is not None
        self._progress.update(self._task, description=visible(name))

    def say(self, line: str) -> None:
        """Print one line above the bar."""
        self._progress.console.print(visible(line), markup=False, highlight=False, soft_wrap=True)

    def advance(self) -> None:
        """Count one file as done."""
        assert self._task is not None
        self._progress.advance(self._task)

    def warn(self, message: str) -> None:
        self.say(_("ronten: warning: {message}").format(message=message))

    def error(self, message: str) -> None:
        self.say(_("ronten: error: {message}").format(message=message))
