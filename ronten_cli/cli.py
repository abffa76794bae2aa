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

from ._typer_fast import install
from .errors import RontenError

install()

app = typer.Typer(
    name="ronten",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"ronten {__version__}")
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
    file: Annotated[
        str, typer.Argument(help="Outline file, '-' for stdin, or a git REV:path.", metavar="FILE")
    ],
    format: Annotated[
        ShowFormat,
        typer.Option("--format", "-f", help="tree (every item with its line:column) or json (for scripts)."),
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
    str,
    typer.Argument(
        help="Meeting file (.yaml), or an outline whose front matter holds the meeting keys.",
        metavar="MEETING",
    ),
]
OutlineOpt = Annotated[
    str | None,
    typer.Option(
        "--outline",
        metavar="FILE",
        help="Outline whose 論点 the 議事 follow (default: MEETING if it is an outline, else the first "
        "material that is one).",
    ),
]
MeetingOutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="File to write, '-' for stdout (default: MEETING-agenda.docx or -minutes).",
    ),
]
MeetingToOpt = Annotated[
    MeetingFormat | None,
    typer.Option("--to", help="docx or md (default: from the -o suffix, else docx)."),
]
MeetingTemplateOpt = Annotated[
    str | None,
    typer.Option(
        "--template",
        "-t",
        metavar="NAME|FILE",
        help="Template name or .j2 file to use instead of the built-in one.",
    ),
]
TemplateDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--template-dir",
        metavar="DIR",
        help="Folder searched for templates first (default: ./templates if present).",
    ),
]


def _reference_file(value: Path | None) -> Path | None:
    """--reference-doc names a file: said before any work starts, in the same words by every command."""
    if value is not None and not value.is_file():
        from .errors import UsageError

        problem = "is a folder, not a Word .docx file" if value.is_dir() else "no such file"
        raise UsageError(f"--reference-doc {value}: {problem}")
    return value


ReferenceOpt = Annotated[
    Path | None,
    typer.Option(
        "--reference-doc",
        callback=_reference_file,
        help="A .docx whose styles, fonts and page setup the output copies.",
    ),
]


def _meeting_target(
    meeting: str, kind: str, output: str | None, to: MeetingFormat | None
) -> tuple[str, str, Path | None]:
    """Where to write, as what, and the folder to create first, by the rules of ``ronten render``:
    without -o (or with -o FOLDER, or -o NEW/ which is created) the file is MEETING-agenda.docx
    (or -minutes, .md with --to md)."""
    import os

    from .errors import UsageError
    from .meeting import default_output
    from .render import plan

    folder = None
    if output is not None and not Path(output).is_dir() and not output.endswith(("/", os.sep)):
        job = plan([meeting], output, to.value if to is not None else None).jobs[0]
        target, fmt = job.target, job.to
    else:
        fmt = to.value if to is not None else "docx"
        name = default_output(meeting, kind, fmt)
        folder = Path(output) if output is not None else None
        target = str(folder / name) if folder is not None else name
    if target == "-" and fmt == "docx" and sys.stdout.isatty():
        raise UsageError("refusing to write .docx to a terminal; redirect stdout or use -o FILE")
    return target, fmt, folder


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
    from .render import Plan

    meeting, warnings = load_meeting(meeting_spec)
    for message in warnings:
        warn(message)
    outline = load(outline_spec) if outline_spec is not None else None
    target, fmt, folder = _meeting_target(meeting_spec, kind, output, to)
    data, warnings = render_document(
        kind, meeting, outline, to=fmt, template=template, template_dir=template_dir, reference=reference
    )
    for message in warnings:
        warn(message)
    Plan([], folder).prepare()
    write_atomic(target, data, inputs=meeting.inputs(outline_spec, reference, template=template))
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
            metavar="DIR",
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
    from .render import Plan

    if output is not None or to is not None:
        raise UsageError("--bundle writes .docx files into its folder; leave out -o and --to")
    if bundle.exists() and not bundle.is_dir():
        raise UsageError(f"--bundle {bundle}: is a file, not a folder")
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
    Plan([], bundle).prepare()
    inputs = found.inputs(outline, reference, template=template)
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


@app.command("render")
def render_command(
    outlines: Annotated[
        list[str],
        typer.Argument(
            help="Outline files, folders of outlines (.md, .txt), '-' for stdin, or REV:path.",
            metavar="OUTLINE",
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="File to write ('-': Markdown on stdout); for several outlines a folder, created if "
            "missing (default: STEM.docx in the current folder).",
            metavar="FILE|DIR",
        ),
    ] = None,
    to: Annotated[
        MeetingFormat | None,
        typer.Option("--to", help="docx or md (default: from the -o suffix, else docx)."),
    ] = None,
    template: Annotated[
        str,
        typer.Option(
            "--template",
            "-t",
            help="Template name (see 'ronten templates list') or a .j2 file.",
            metavar="NAME|FILE",
        ),
    ] = "memo",
    template_dir: TemplateDirOpt = None,
    reference: ReferenceOpt = None,
    settings: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="KEY=VALUE merged into the front matter, e.g. --set material=資料1 --set date=2026-12-10 "
            "(repeatable).",
            metavar="KEY=VALUE",
        ),
    ] = None,
) -> None:
    """Render outlines to Word (.docx) or Markdown through a Jinja template.

    Example: ronten render outlines/memo.md -o memo.docx --set material=資料1
    """
    from collections.abc import Callable

    from . import load
    from .errors import InputError, OutputError, TemplateError, UsageError
    from .output import write_atomic
    from .render import Job, plan, render
    from .render.templating import Templates, is_path, parse_assignments

    overrides = parse_assignments(settings or [])
    work = plan(outlines, output, to.value if to is not None else None)
    if len(work.jobs) > 1:  # a broken template fails before the folder is made or any outline read
        Templates(template_dir).load(template)
    inputs: list[str | Path] = [job.source for job in work.jobs if job.source != "-"]
    if is_path(template):
        inputs.append(template)
    if reference is not None:
        inputs.append(reference)
    for job in work.jobs:
        if job.target == "-" and job.to == "docx" and sys.stdout.isatty():
            raise UsageError("refusing to write .docx to a terminal; redirect stdout or use -o FILE")
    work.prepare()

    def run(job: Job, warning: Callable[[str], None]) -> None:
        result = render(
            load(job.source),
            to=job.to,
            template=template,
            template_dir=template_dir,
            reference=reference,
            overrides=overrides,
        )
        for message in result.warnings:
            warning(message)
        write_atomic(job.target, result.data, inputs=inputs)

    if len(work.jobs) == 1:
        run(work.jobs[0], warn)
        if work.jobs[0].target != "-":
            typer.echo(f"wrote {work.jobs[0].target}", err=True)
        return

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    failed = 0
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as progress:

        def report(line: str) -> None:
            # Through the live display, which moves the bar below the line; click's echo would
            # write onto the bar's own line.
            progress.console.print(line, markup=False, highlight=False, soft_wrap=True)

        task = progress.add_task("rendering", total=len(work.jobs))
        for job in work.jobs:
            progress.update(task, description=Path(job.source).name)
            try:
                run(job, lambda message: report(f"ronten: warning: {message}"))
            except (InputError, OutputError) as exc:  # one bad outline must not stop the others
                failed += 1
                report(f"ronten: error: {exc}")
            except TemplateError:
                raise
            progress.advance(task)
    done = len(work.jobs) - failed
    typer.echo(f"wrote {done} of {len(work.jobs)} files to {work.folder}", err=True)
    if failed:
        raise typer.Exit(2)


templates_app = typer.Typer(
    help="List the templates 'ronten render' can use, or copy the built-ins out to customise them."
    "\n\nExample: ronten templates export templates",
    no_args_is_help=True,
)
app.add_typer(templates_app, name="templates")


@templates_app.command("list")
def templates_list(template_dir: TemplateDirOpt = None) -> None:
    """List template names and where each comes from (your folder is searched before the built-ins).

    Example: ronten templates list --template-dir my-templates
    """
    from .render.templating import catalogue

    found = catalogue(template_dir)
    width = max(len(info.name) for info in found)
    for info in found:
        note = " (replaces the built-in)" if info.overrides_builtin else ""
        if info.name == "memo":
            note += ", the default of 'ronten render'"
        typer.echo(f"{info.name:<{width}}  {info.source}{note}")


@templates_app.command("export")
def templates_export(
    folder: Annotated[
        Path, typer.Argument(help="Folder to copy into (created if missing).", metavar="FOLDER")
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Replace files already in FOLDER (they may hold your edits).")
    ] = False,
) -> None:
    """Copy the built-in templates and the default reference.docx into FOLDER to customise them.

    Example: ronten templates export templates && ronten render outlines/memo.md --template-dir templates
    """
    from .render import export_templates

    written, kept = export_templates(folder, force=force)
    for path in kept:
        warn(f"{path}: already exists, kept (use --force to replace it)")
    for path in written:
        typer.echo(f"wrote {path}", err=True)


class DiffFormat(StrEnum):
    terminal = "terminal"
    json = "json"
    md = "md"


_DIFF_SUFFIXES = {".json": DiffFormat.json, ".md": DiffFormat.md, ".markdown": DiffFormat.md}


@app.command()
def diff(
    old: Annotated[
        str,
        typer.Argument(help="The older version: a file, '-' for stdin, or a git REV:path.", metavar="OLD"),
    ],
    new: Annotated[
        str,
        typer.Argument(help="The newer version: a file, '-' for stdin, or a git REV:path.", metavar="NEW"),
    ],
    format: Annotated[
        DiffFormat | None,
        typer.Option("--format", "-f", help="terminal (default), json or md; default from the -o suffix."),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to FILE, not stdout; FILE.docx makes a 新旧対照表."
        ),
    ] = None,
    tracked: Annotated[
        bool,
        typer.Option(
            "--tracked", help="With -o FILE.docx: the NEW memo with Word tracked changes against OLD."
        ),
    ] = False,
    old_left: Annotated[
        bool, typer.Option("--old-left", help="新旧対照表: put the old version in the left column.")
    ] = False,
    headers: Annotated[
        str | None,
        typer.Option(
            "--headers",
            metavar="NEW,OLD",
            help="新旧対照表: column headings as NEW,OLD (default 新,旧), e.g. 改正後,改正前.",
        ),
    ] = None,
    context: Annotated[
        int | None,
        typer.Option(
            "--context",
            min=0,
            metavar="N",
            help="新旧対照表: keep N unchanged items around each change, shorten the rest to （略）.",
        ),
    ] = None,
    portrait: Annotated[
        bool, typer.Option("--portrait", help="新旧対照表: A4 portrait instead of landscape.")
    ] = False,
    author: Annotated[
        str | None,
        typer.Option(
            "--author",
            metavar="NAME",
            help="--tracked: who the revisions are attributed to (default ronten).",
        ),
    ] = None,
    reference: ReferenceOpt = None,
) -> None:
    """Show what changed between two versions of an outline; exit 1 if anything did.

    Items are matched by content, so a new (2) is one addition and the old (2), (3) are renumbered.
    Layout (heading depth, marker width, ・, spacing, encoding, line endings) is never a change.

    Example: ronten diff HEAD~1:outlines/memo.md outlines/memo.md -o 新旧対照表.docx --headers 改正後,改正前
    """
    from . import load
    from .diff import compare
    from .errors import UsageError
    from .output import write_atomic

    if old == "-" and new == "-":
        raise UsageError("only one of OLD and NEW can be '-' (standard input)")
    docx = tracked or (output is not None and output.lower().endswith(".docx"))
    table_options = {
        "--old-left": old_left,
        "--headers": headers,
        "--context": context,
        "--portrait": portrait,
    }
    if docx and format is not None:
        raise UsageError(f"--format {format.value} does not go with a .docx output; leave out --format")
    if tracked and output is None:
        raise UsageError("--tracked writes a Word document: add -o FILE.docx")
    misplaced = [name for name, value in table_options.items() if value not in (False, None)]
    if misplaced and (not docx or tracked):
        raise UsageError(f"{misplaced[0]} applies to the 新旧対照表 only (-o FILE.docx without --tracked)")
    if author is not None and not tracked:
        raise UsageError("--author applies to --tracked only")
    if reference is not None and not docx:
        raise UsageError("--reference-doc applies to a .docx output (-o FILE.docx)")
    names = ("新", "旧")
    if headers is not None:
        parts = [part.strip() for part in headers.replace("，", ",").replace("、", ",").split(",")]
        if len(parts) != 2 or not all(parts):
            raise UsageError(f"--headers {headers!r}: expected two names, NEW,OLD (e.g. 改正後,改正前)")
        names = (parts[0], parts[1])

    comparison = compare(load(old), load(new))
    inputs: list[str | Path] = [spec for spec in (old, new) if spec != "-"]
    inputs += [reference] if reference is not None else []
    from .diff import report

    if docx:
        assert output is not None
        from .diff.docx import TableOptions, comparison_table, dropped_characters, tracked_document

        for message in dropped_characters(comparison):
            warn(message)
        if tracked:
            data = tracked_document(comparison, author if author is not None else "ronten", reference)
        else:
            options = TableOptions(names, old_left, context, not portrait)
            data = comparison_table(comparison, options, reference=reference)
        write_atomic(output, data, inputs=inputs)
        if output != "-":
            typer.echo(f"wrote {output}: {report.summary_line(comparison)}", err=True)
    else:
        suffix = Path(output).suffix.lower() if output not in (None, "-") else ""
        chosen = format or _DIFF_SUFFIXES.get(suffix, DiffFormat.terminal)
        if chosen is DiffFormat.json:
            write_atomic(output or "-", report.to_json(comparison), inputs=inputs)
        elif chosen is DiffFormat.md:
            write_atomic(output or "-", report.markdown(comparison, old, new), inputs=inputs)
        elif output not in (None, "-"):
            write_atomic(output, report.terminal(comparison, color=False).plain, inputs=inputs)
        else:
            from rich.console import Console

            console = Console(highlight=False, soft_wrap=True)
            console.print(
                report.terminal(comparison, color=console.is_terminal and not console.no_color), end=""
            )
    if comparison.changed:
        raise typer.Exit(1)


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


@app.command()
def check(
    files: Annotated[
        list[str], typer.Argument(help="Outline files; '-' for stdin; git REV:path.", metavar="FILE")
    ],
    format: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            "-f",
            help="text (path:line:col: CODE message), json, or github (Actions annotations).",
        ),
    ] = CheckFormat.text,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 on warnings too, not only on errors.")
    ] = False,
    select: Annotated[
        str,
        typer.Option(
            "--select",
            metavar="CODES",
            help="Report only these codes or prefixes, comma-separated: RN1,RN301.",
        ),
    ] = "",
    ignore: Annotated[
        str,
        typer.Option(
            "--ignore", metavar="CODES", help="Leave out these codes or prefixes, comma-separated: RN106."
        ),
    ] = "",
) -> None:
    """Check outlines for numbering, hierarchy, layout and OCR slips; 'ronten rules' lists the codes.

    Exits 0 when no error is found, 1 on any error (or warning with --strict), 2 on bad input.

    Example: ronten check outlines/memo.md --format github
    """
    from . import load
    from .lint import check as lint
    from .lint import parse_codes
    from .report import as_github, as_json, as_text, summary

    chosen, left_out = parse_codes(select, "--select"), parse_codes(ignore, "--ignore")
    found = []
    checked = 0
    for spec in files:
        try:
            found.extend(lint(load(spec), chosen, left_out))
            checked += 1
        except RontenError as exc:  # report it and go on: the other files still get checked
            typer.echo(f"ronten: error: {exc}", err=True)
    bad_input = checked < len(files)
    found.sort()
    writer = {CheckFormat.text: as_text, CheckFormat.json: as_json, CheckFormat.github: as_github}[format]
    typer.echo(writer(found), nl=False)
    if format is CheckFormat.text and checked:  # the summary counts the files read, never an unread one
        typer.echo(summary(found, checked), err=True)
    if bad_input:
        raise typer.Exit(2)
    raise typer.Exit(1 if any(d.severity == "error" or strict for d in found) else 0)


@app.command("fmt")
def fmt_command(
    files: Annotated[
        list[str],
        typer.Argument(
            help="Outline files, rewritten in place; '-' reads stdin, writes stdout.", metavar="FILE"
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write here instead ('-' for stdout); one input only."
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Change nothing; name files not in canonical form and exit 1 if any."),
    ] = False,
    diff: Annotated[
        bool,
        typer.Option("--diff", help="Change nothing; print what would change as a diff and exit 1 if any."),
    ] = False,
    renumber: Annotated[
        bool, typer.Option("--renumber", help="Also renumber siblings 1, 2, 3 (RN101-RN103), keeping widths.")
    ] = False,
) -> None:
    """Rewrite outlines in canonical form: UTF-8, LF, one heading depth per level, one bullet style.

    The tree (markers, numbers, texts, notes) is kept; only the layout changes, unless --renumber.

    Example: ronten fmt outlines/memo.md --check
    """
    import difflib
    from pathlib import Path

    from .errors import UsageError
    from .fmt import format_outline
    from .output import write_atomic
    from .parser import parse
    from .source import decode, read_bytes

    if output is not None and (check or diff):
        raise UsageError("-o writes a file while --check/--diff change nothing; use one or the other")
    if output is not None and len(files) > 1:
        raise UsageError("-o takes one input file; without -o every file is rewritten in place")
    changed = unchanged = 0
    bad_input = False
    for spec in files:
        try:
            data = read_bytes(spec)
            source = decode(data, "<stdin>" if spec == "-" else spec)
            text = format_outline(parse(source.text, source.name), renumber=renumber)
            if check or diff:
                if text.encode("utf-8") == data:
                    unchanged += 1
                    continue
                changed += 1
                if not diff:
                    typer.echo(f"would reformat {source.name}")
                    continue
                lines = difflib.unified_diff(
                    source.text.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    source.name,
                    f"{source.name} (formatted)",
                )
                typer.echo(
                    "".join(lines)
                    or f"--- {source.name}: only the encoding, byte order mark or line endings change\n",
                    nl=False,
                )
                continue
            if output is not None:
                write_atomic(output, text, inputs=files)
                changed += 1
                continue
            if spec != "-" and not Path(spec).is_file():
                raise UsageError(f"{spec}: a git revision cannot be rewritten in place; add -o FILE")
            if spec != "-" and text.encode("utf-8") == data:
                unchanged += 1
                continue
            # Through a symbolic link, rewrite the file it points to and keep the link.
            write_atomic(spec if spec == "-" else Path(spec).resolve(), text)
            changed += 1
        except RontenError as exc:  # report it and go on with the other files
            typer.echo(f"ronten: error: {exc}", err=True)
            bad_input = True
    if output is None and files != ["-"] and changed + unchanged:
        verb = "would be reformatted" if check or diff else "reformatted"
        typer.echo(f"{changed} file{'s' * (changed != 1)} {verb}, {unchanged} already canonical", err=True)
    if bad_input:
        raise typer.Exit(2)
    raise typer.Exit(1 if (check or diff) and changed else 0)


class RulesFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command()
def rules(
    format: Annotated[
        RulesFormat, typer.Option("--format", "-f", help="text (a table), markdown (the README's), or json.")
    ] = RulesFormat.text,
) -> None:
    """List every check of 'ronten check': code, severity, how 'ronten fmt' fixes it, what it finds.

    Example: ronten rules --format markdown
    """
    from .report import rules_json, rules_markdown, rules_text

    writer = {
        RulesFormat.text: rules_text,
        RulesFormat.markdown: rules_markdown,
        RulesFormat.json: rules_json,
    }
    typer.echo(writer[format](), nl=False)


def _command_path(args: list[str]) -> str:
    """'ronten templates export' for the words of ``args`` that name commands (for errors click
    raises before it knows the command)."""
    command = typer.main.get_command(app)
    path = ["ronten"]
    for word in args:
        commands = getattr(command, "commands", {})
        if word not in commands:
            break
        command = commands[word]
        path.append(word)
    return " ".join(path)


def _given(args: list[str], options: list[str]) -> str | None:
    """The value given on the command line to an option known as any of ``options`` (the last wins)."""
    value = None
    for index, word in enumerate(args):
        if word == "--":
            break
        for option in options:
            if word == option and index + 1 < len(args):
                value = args[index + 1]
            elif option.startswith("--") and word.startswith(f"{option}="):
                value = word[len(option) + 1 :]
            elif not option.startswith("--") and word.startswith(option) and word != option:
                value = word[len(option) :].removeprefix("=")  # -fxml, -f=xml
    return value


# click's and pydantic's wording of a bad value, in ronten's words.
_BAD_VALUE = [
    (r"^(?:Value error, )?'.*' is not one of (.*?)\.?$", r"not one of \1"),
    (r"^Input should be greater than or equal to (.*)$", r"must be \1 or more"),
    (r"^Input should be a valid integer.*$", "not a whole number"),
]


def _usage_message(exc: typer.TyperException, args: list[str]) -> str:
    """A usage error as one line in the style of ronten's own messages: the option and the value
    it was given, what is wrong, lower case and without click's full stop."""
    import re

    message = exc.format_message()
    param = getattr(exc, "param", None)
    if type(exc) is typer.BadParameter and param is not None and param.opts:
        detail = str(exc.message)
        for pattern, replacement in _BAD_VALUE:
            detail = re.sub(pattern, replacement, detail)
        value = _given(args, [*param.opts, *param.secondary_opts])
        message = f"{param.opts[0]}{'' if value is None else f' {value}'}: {detail}"
    missing = re.fullmatch(r"Missing argument '([^']+)'\.", message)
    if missing:
        message = f"missing argument {missing[1].upper()}"
    message = re.sub(r"^Got unexpected extra argument\(s\) \((.*)\)$", r"too many arguments: \1", message)
    message = re.sub(r" \(Possible options: (.*)\)$", r" (did you mean \1?)", message)
    return message[:1].lower() + message[1:].removesuffix(".")


def main(argv: list[str] | None = None) -> NoReturn:
    """Console-script entry point: run the app, mapping every failure to one line and exit 2."""
    args = sys.argv[1:] if argv is None else argv
    try:
        # standalone_mode=False hands usage errors back to us instead of printing click's box.
        code = app(args=args or ["--help"], prog_name="ronten", standalone_mode=False)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.TyperException as exc:  # click's usage errors, as Typer re-exports them
        if type(exc).__name__ == "NoArgsIsHelpError":  # 'ronten templates': its help, as 'ronten' alone
            typer.echo(exc.format_message(), nl=False)  # empty when rich has printed the help already
            sys.exit(0)
        ctx = getattr(exc, "ctx", None)
        command = ctx.command_path if ctx is not None else _command_path(args)
        typer.echo(f"ronten: error: {_usage_message(exc, args)} (see '{command} --help')", err=True)
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
