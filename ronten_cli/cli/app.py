"""The ``ronten`` application: its commands, in the order ``ronten --help`` lists them, and ``main``.

Each command lives in the module of its group; this module only names them. Importing it loads
Click and nothing else: a command's module is imported when the command is asked for, and what
the command needs to do its work when it runs (so ``ronten check`` pays for neither Jinja, Word
nor the declarations of the other commands).
"""

from __future__ import annotations

import gc
import sys
from typing import NoReturn

import click

from .exits import run
from .help import Group
from .terminal import echo

# Click's completion scripts: the shells it knows.
SHELLS = ("bash", "zsh", "fish")


def _version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        from .. import __version__

        echo(f"ronten {__version__}")
        ctx.exit()


def _completion(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """Print the script that makes SHELL complete ronten's commands and options; Click answers
    the completions themselves when the script runs ronten with ``_RONTEN_COMPLETE`` set."""
    if value is None:
        return
    from click.shell_completion import get_completion_class

    completion = get_completion_class(value)
    assert completion is not None  # the option's choices are the shells Click knows
    root = ctx.find_root().command
    echo(completion(root, {}, "ronten", "_RONTEN_COMPLETE").source(), end="")
    ctx.exit()


@click.group(
    "ronten",
    cls=Group,
    # In the order 'ronten --help' lists them; each module is imported when its command runs.
    lazy={
        "show": ".outline_commands:show",
        "agenda": ".meeting_commands:agenda",
        "minutes": ".meeting_commands:minutes",
        "render": ".render_commands:render",
        "diff": ".diff_command:diff",
        "check": ".outline_commands:check",
        "fmt": ".outline_commands:fmt",
        "import": ".outline_commands:import_outline",
        "rules": ".outline_commands:rules",
        "templates": ".render_commands:templates",
    },
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_version,
    help="Print the version and exit.",
)
@click.option(
    "--show-completion",
    type=click.Choice(SHELLS),
    metavar="SHELL",
    expose_value=False,
    is_eager=True,
    callback=_completion,
    help="Print the tab-completion script for SHELL (bash, zsh or fish), to load in its start-up file.",
)
def app() -> None:
    """Check, format, render to Word and diff 論点メモ outlines; make a meeting's 次第 and 議事要旨.

    Example: ronten render outlines/memo.md -o memo.docx
    """


def main(argv: list[str] | None = None) -> NoReturn:
    """Console-script entry point: run the app and exit with its code (see ``exits``).

    Run as the program (no ``argv``), everything imported so far is frozen out of the garbage
    collector: it lives as long as the process, and the collections that the next imports (Jinja,
    the writers) set off need not walk it again, some 4% of the render of a memo. A program that
    calls ``main`` with its own ``argv`` keeps its collector as it was.
    """
    if argv is None:
        gc.freeze()
        argv = sys.argv[1:]
    sys.exit(run(app, argv))
