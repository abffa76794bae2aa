"""The ``ronten`` command line: the only module that prints or exits.

Every command turns its arguments into library calls and the results into output. A
``RontenError`` becomes one line on stderr and exit 2; so does a usage error, which click would
otherwise print as a multi-line box (see ``main``).
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
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


class MeetingFormat(StrEnum):
    docx = "docx"
    md = "md"


MeetingArg = Annotated[
    str, typer.Argument(help="Meeting file (.yaml), or an outline whose front matter holds the meeting keys.")
]
OutlineOpt = Annotated[
    str | None,
    typer.Option(
        "--outline", help="Outline whose 論点 the 議事 follow (default: the first material that is one)."
    ),
]
MeetingOutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output", "-o", help="File to write, '-' for stdout (default: MEETING-agenda.docx or -minutes)."
    ),
]
MeetingToOpt = Annotated[
    MeetingFormat | None,
    typer.Option("--to", help="docx or md (default: from the -o suffix, else docx)."),
]
MeetingTemplateOpt = Annotated[
    str | None,
    typer.Option("--template", help="Template name or .j2 file to use instead of the built-in one."),
]
TemplateDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--template-dir", help="Folder searched for templates first (default: ./templates if present)."
    ),
]
ReferenceOpt = Annotated[
    Path | None,
    typer.Option("--reference-doc", help="A .docx whose styles, fonts and page setup the output copies."),
]


def _meeting_target(meeting: str, kind: str, output: str | None, to: MeetingFormat | None) -> tuple[str, str]:
    """Where to write and in which format: --to wins, else the -o suffix (md for '-'), else docx."""
    from .errors import UsageError
    from .meeting import default_output

    suffix = Path(output).suffix.lower() if output not in (None, "-") else ""
    implied = "md" if output == "-" or suffix in (".md", ".markdown") else "docx"
    if to is not None and suffix in (".md", ".markdown", ".docx") and implied != to.value:
        raise UsageError(f"-o {output} does not match --to {to.value}")
    fmt = to.value if to is not None else implied
    return (output if output is not None else default_output(meeting, kind, fmt)), fmt


def _meeting_document(
    kind: str,
    meeting_spec: str,
    outline_spec: str | None,
    output: str | None,
    to: MeetingFormat | None,
    template: str | None,
    template_dir: Path | None,
    reference: Path | None,
) -> None:
    from . import load
    from .meeting import load_meeting, render_document
    from .output import write_atomic

    meeting, warnings = load_meeting(meeting_spec)
    for message in warnings:
        warn(message)
    outline = load(outline_spec) if outline_spec is not None else None
    target, fmt = _meeting_target(meeting_spec, kind, output, to)
    data, warnings = render_document(
        kind, meeting, outline, to=fmt, template=template, template_dir=template_dir, reference=reference
    )
    for message in warnings:
        warn(message)
    write_atomic(target, data, inputs=meeting.inputs(outline_spec, template, reference))
    if target != "-":
        typer.echo(f"wrote {target}", err=True)


@app.command()
def agenda(
    meeting: MeetingArg,
    output: MeetingOutputOpt = None,
    to: MeetingToOpt = None,
    outline: OutlineOpt = None,
    bundle: Annotated[
        Path | None,
        typer.Option(
            "--bundle",
            help="Folder to write the 次第 and every material that is an outline into, as .docx to print.",
        ),
    ] = None,
    template: MeetingTemplateOpt = None,
    template_dir: TemplateDirOpt = None,
    reference: ReferenceOpt = None,
) -> None:
    """Make the 次第 (agenda) of a meeting: title, 日時 in 和暦, 場所, the numbered 議事, 配布資料.

    Example: ronten agenda outlines/meeting.yaml -o 次第.docx
    """
    if bundle is None:
        _meeting_document("agenda", meeting, outline, output, to, template, template_dir, reference)
        return
    from . import load
    from .errors import UsageError
    from .meeting import load_meeting, render_bundle
    from .output import write_atomic

    if output is not None or to is not None:
        raise UsageError("--bundle writes .docx files into its folder; leave out -o and --to")
    found, warnings = load_meeting(meeting)
    for message in warnings:
        warn(message)
    files, warnings = render_bundle(
        found,
        load(outline) if outline is not None else None,
        template=template,
        template_dir=template_dir,
        reference=reference,
    )
    for message in warnings:
        warn(message)
    if bundle.exists() and not bundle.is_dir():
        raise UsageError(f"--bundle {bundle}: is a file, not a folder")
    bundle.mkdir(parents=True, exist_ok=True)
    inputs = found.inputs(outline, template, reference)
    for name, data in files:
        write_atomic(bundle / name, data, inputs=inputs)
        typer.echo(f"wrote {bundle / name}", err=True)


@app.command()
def minutes(
    meeting: MeetingArg,
    outline: OutlineOpt = None,
    output: MeetingOutputOpt = None,
    to: MeetingToOpt = None,
    template: MeetingTemplateOpt = None,
    template_dir: TemplateDirOpt = None,
    reference: ReferenceOpt = None,
) -> None:
    """Make a 議事要旨 (minutes) skeleton: 日時, 場所, 出席者 by role, 配布資料, then every 論点 as a heading.

    Example: ronten minutes outlines/meeting.yaml --outline outlines/memo.md -o 議事要旨.docx
    """
    _meeting_document("minutes", meeting, outline, output, to, template, template_dir, reference)


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
