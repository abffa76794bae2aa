"""The ``ronten`` command line: the only module that prints or exits.

Every command turns its arguments into library calls and the results into output. A
``RontenError`` becomes one line on stderr and exit 2; so does a usage error, which click would
otherwise print as a multi-line box (see ``main``).
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated, NoReturn

import typer

from . import __version__
from .errors import RontenError

app = typer.Typer(
    name="ronten",
    help="Parse, check, format, render and diff 論点メモ outlines.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ronten {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """ronten: 論点メモ outlines, checked, formatted, rendered to Word and diffed.

    Example: ronten render outlines/memo.md -o memo.docx
    """


def fail(message: str) -> NoReturn:
    """Report one line on stderr and exit 2: the single way a command reports bad input."""
    typer.echo(f"ronten: error: {message}", err=True)
    raise typer.Exit(2)


def warn(message: str) -> None:
    typer.echo(f"ronten: warning: {message}", err=True)


class ShowFormat(StrEnum):
    tree = "tree"
    json = "json"


@app.command()
def show(
    file: Annotated[str, typer.Argument(help="Outline file, '-' for stdin, or a git REV:path.")],
    format: Annotated[
        ShowFormat, typer.Option("--format", "-f", help="tree (rich) or json.")
    ] = ShowFormat.tree,
) -> None:
    """Show the tree ronten reads from an outline.

    Example: ronten show outlines/memo.md --format json
    """
    from . import load
    from .serialize import json_default, outline_dict

    outline = load(file)
    if format is ShowFormat.json:
        typer.echo(json.dumps(outline_dict(outline), ensure_ascii=False, indent=2, default=json_default))
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.tree import Tree

    tree = Tree(f"[bold]{escape(outline.title or file)}[/]")
    branches = [(tree, node) for node in reversed(outline.children)]
    while branches:
        parent, node = branches.pop()
        branch = parent.add(
            f"[cyan]{escape(node.label)}[/] {escape(node.text)} [dim]{node.line}:{node.column}[/]"
        )
        branches.extend((branch, child) for child in reversed(node.children))
    for note in outline.notes:
        tree.add(f"[dim]※ {escape(note.text)}[/]")
    # Piped output must keep whole lines (rich would crop them at 80 columns).
    Console(width=None if sys.stdout.isatty() else 1000).print(tree)


def main(argv: list[str] | None = None) -> NoReturn:
    """Console-script entry point: run the app, mapping every failure to one line and exit 2."""
    args = sys.argv[1:] if argv is None else argv
    try:
        # standalone_mode=False hands usage errors back to us instead of printing click's box.
        code = app(args=args or ["--help"], prog_name="ronten", standalone_mode=False)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.TyperException as exc:  # click's usage errors, as Typer re-exports them
        ctx = getattr(exc, "ctx", None)
        command = ctx.command_path if ctx is not None else "ronten"
        typer.echo(f"ronten: error: {exc.format_message()} (see '{command} --help')", err=True)
        sys.exit(2)
    except RontenError as exc:
        typer.echo(f"ronten: error: {exc}", err=True)
        sys.exit(2)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("ronten: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # a bug must still reach the user as one line, not a traceback
        typer.echo(f"ronten: internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
