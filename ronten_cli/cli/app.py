"""The ``ronten`` application: its commands, in the order ``ronten --help`` lists them, and ``main``.

Each command lives in the module of its group; this module only names them. Importing it loads
Typer and the command signatures, nothing a command needs to do its work (that is imported by the
command when it runs, so ``ronten check`` does not pay for Jinja or Word).
"""

from __future__ import annotations

import sys
from typing import Annotated, NoReturn

import typer

from . import diff_command, meeting_commands, outline_commands, render_commands
from .exits import run
from .help import Command, Group
from .terminal import echo

app = typer.Typer(
    name="ronten",
    cls=Group,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        echo(f"ronten {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Check, format, render to Word and diff 論点メモ outlines; make a meeting's 次第 and 議事要旨.

    Example: ronten render outlines/memo.md -o memo.docx
    """


app.command(cls=Command)(outline_commands.show)
app.command(cls=Command)(meeting_commands.agenda)
app.command(cls=Command)(meeting_commands.minutes)
app.command("render", cls=Command)(render_commands.render)
app.add_typer(render_commands.templates_app, name="templates")
app.command(cls=Command)(diff_command.diff)
app.command(cls=Command)(outline_commands.check)
app.command("fmt", cls=Command)(outline_commands.fmt)
app.command("import", cls=Command)(outline_commands.import_outline)
app.command(cls=Command)(outline_commands.rules)


def main(argv: list[str] | None = None) -> NoReturn:
    """Console-script entry point: run the app and exit with its code (see ``exits``)."""
    sys.exit(run(app, sys.argv[1:] if argv is None else argv))
