"""``ronten agenda`` (次第, or the whole bundle to print) and ``ronten minutes`` (議事要旨)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..i18n import _
from .help import Command
from .options import (
    complete_files,
    material_every_page_option,
    pdfa_option,
    reference_option,
    template_dir_option,
    to_option,
)
from .terminal import error, say, warn
from .values import UsageError

meeting_argument = click.argument(
    "meeting",
    metavar="MEETING",
    shell_complete=complete_files,
    help="Meeting file (.yaml), or an outline whose front matter holds the meeting keys.",
)
outline_option = click.option(
    "--outline",
    metavar="FILE",
    shell_complete=complete_files,
    help="Outline whose 論点 the 議事 follow (default: MEETING if it is an outline, else the first "
    "material that is one).",
)
output_option = click.option(
    "--output",
    "-o",
    metavar="FILE",
    shell_complete=complete_files,
    help="File to write, '-' for stdout (default: MEETING-agenda.docx or -minutes).",
)
template_option = click.option(
    "--template",
    "-t",
    metavar="NAME|FILE",
    shell_complete=complete_files,
    help="Template name or .j2 file to use instead of the built-in one.",
)


def _meeting_target(
    meeting: str, kind: str, output: str | None, to: str | None
) -> tuple[str, str, Path | None]:
    """Where to write, as what, and the folder to create first, by the rules of ``ronten render``:
    without -o (or with -o FOLDER, or -o NEW/ which is created) the file is MEETING-agenda.docx
    (or -minutes, .md with --to md)."""
    import os

    from ..meeting import default_output
    from .planning import plan

    folder = None
    if output is not None and not Path(output).is_dir() and not output.endswith(("/", os.sep)):
        job = plan([meeting], output, to).jobs[0]
        target, fmt = job.target, job.to
    else:
        fmt = to if to is not None else "docx"
        name = default_output(meeting, kind, fmt)
        folder = Path(output) if output is not None else None
        target = str(folder / name) if folder is not None else name
    if target == "-" and fmt != "md" and sys.stdout.isatty():
        raise UsageError(
            _("refusing to write .{format} to a terminal; redirect stdout or use -o FILE").format(format=fmt)
        )
    return target, fmt, folder


def _meeting_document(
    kind: str,
    meeting_spec: str,
    outline_spec: str | None,
    output: str | None,
    to: str | None,
    template: str | None,
    template_dir: Path | None,
    reference: Path | None,
    pdfa: bool,
) -> None:
    from .. import load
    from ..meeting import load_meeting, render_document
    from ..output import make_folder
    from .terminal import write_output

    meeting, warnings = load_meeting(meeting_spec)
    for message in warnings:
        warn(message)
    outline = load(outline_spec, git=True, warn=warn) if outline_spec is not None else None
    target, fmt, folder = _meeting_target(meeting_spec, kind, output, to)
    if pdfa and fmt != "pdf":
        raise UsageError(_("--pdfa applies to PDF output (-o FILE.pdf or --to pdf)"))
    data, warnings = render_document(
        kind,
        meeting,
        outline,
        to="docx" if fmt == "pdf" else fmt,  # a PDF is LibreOffice's rendering of the .docx
        template=template,
        template_dir=template_dir,
        reference=reference,
    )
    for message in warnings:
        warn(message)
    if fmt == "pdf":
        from ..pdf import document_pdf

        data = document_pdf(data, name=target, pdfa=pdfa)
    if folder is not None:
        make_folder(folder)
    write_output(target, data, inputs=meeting.inputs(outline_spec, reference, template=template))
    if target != "-":
        say(_("wrote {path}").format(path=target))


@click.command(cls=Command)
@meeting_argument
@output_option
@to_option
@outline_option
@click.option(
    "--bundle",
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="Folder to write the 次第 and every material that is an outline into, as .docx to print "
    "(with --to pdf: every material, and all of them in 会議資料一式.pdf).",
)
@template_option
@template_dir_option
@reference_option
@pdfa_option
@material_every_page_option
def agenda(
    meeting: str,
    output: str | None,
    to: str | None,
    outline: str | None,
    bundle: Path | None,
    template: str | None,
    template_dir: Path | None,
    reference: Path | None,
    pdfa: bool,
    material_every_page: bool,
) -> None:
    """Make the 次第 (agenda) of a meeting: title, 日時 in 和暦, 場所, the numbered 議事, 配布資料.

    Example: ronten agenda outlines/meeting.yaml -o 次第.docx
    """
    if bundle is None:
        if material_every_page:
            raise UsageError(_("--material-every-page applies to the materials of --bundle DIR"))
        _meeting_document("agenda", meeting, outline, output, to, template, template_dir, reference, pdfa)
        return
    from .. import load
    from ..errors import OutputError
    from ..meeting import load_meeting, render_bundle
    from ..output import write_folder

    if output is not None or to == "md":
        raise UsageError(
            _("--bundle writes .docx (or with --to pdf, PDF) files into its folder; leave out -o")
        )
    if pdfa and to != "pdf":
        raise UsageError(_("--pdfa applies to PDF output (--bundle DIR --to pdf)"))
    if bundle.exists() and not bundle.is_dir():
        raise OutputError(
            _("--bundle {folder}: is a file, not a folder").format(folder=bundle),
            path=bundle,
            field="--bundle",
        )
    found, warnings = load_meeting(meeting)
    for message in warnings:
        warn(message)
    files, warnings = render_bundle(
        found,
        load(outline, git=True, warn=warn) if outline is not None else None,
        template=template,
        template_dir=template_dir,
        reference=reference,
        others_included=to == "pdf",
        material_every_page=material_every_page,
    )
    for message in warnings:
        warn(message)
    failures: list[str] = []
    if to == "pdf":
        from ..pdf import COMBINED_NAME, meeting_publications, publish

        published = publish(
            meeting_publications(found, files), pdfa=pdfa, combined_title=f"{found.name} 会議資料一式"
        )
        files = [*published.files, *([(COMBINED_NAME, published.combined)] if published.combined else [])]
        for message in published.warnings:
            warn(message)
        failures = published.failures
    for path in write_folder(bundle, files, inputs=found.inputs(outline, reference, template=template)):
        say(_("wrote {path}").format(path=path))
    if failures:  # the rest is written; what could not be is named, and the run fails
        for message in failures:
            error(message)
        raise click.exceptions.Exit(2)


@click.command(cls=Command)
@meeting_argument
@outline_option
@output_option
@to_option
@template_option
@template_dir_option
@reference_option
@pdfa_option
def minutes(
    meeting: str,
    outline: str | None,
    output: str | None,
    to: str | None,
    template: str | None,
    template_dir: Path | None,
    reference: Path | None,
    pdfa: bool,
) -> None:
    """Make a 議事要旨 (minutes) skeleton: 日時, 場所, 出席者 by role, 配布資料, then every 論点 as a heading.

    Example: ronten minutes outlines/meeting.yaml --outline outlines/memo.md -o 議事要旨.docx
    """
    _meeting_document("minutes", meeting, outline, output, to, template, template_dir, reference, pdfa)
