"""``ronten render`` (outlines to Word or Markdown) and ``ronten templates`` (list, export)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..i18n import _
from .help import Command, Group
from .options import (
    complete_files,
    input_files,
    material_every_page_option,
    pdfa_option,
    reference_option,
    template_dir_option,
    to_option,
    utf8_text,
)
from .terminal import say, warn
from .values import UsageError

if TYPE_CHECKING:
    from collections.abc import Callable

    from .planning import Job


@click.command(cls=Command)
@input_files(
    "outlines", "OUTLINE", "Outline files, folders of outlines (.md, .txt), '-' for stdin, or REV:path."
)
@click.option(
    "--output",
    "-o",
    metavar="FILE|DIR",
    shell_complete=complete_files,
    help="File to write ('-': Markdown on stdout); for several outlines a folder, created if "
    "missing (default: STEM.docx in the current folder).",
)
@to_option
@pdfa_option
@click.option(
    "--template",
    "-t",
    default="memo",
    show_default=True,
    metavar="NAME|FILE",
    shell_complete=complete_files,
    help="Template name (see 'ronten templates list') or a .j2 file.",
)
@template_dir_option
@reference_option
@click.option(
    "--set",
    "settings",
    multiple=True,
    callback=utf8_text,
    metavar="KEY=VALUE",
    help="KEY=VALUE merged into the front matter, e.g. --set material=資料1 --set date=2026-12-10 "
    "(repeatable).",
)
@material_every_page_option
def render(
    outlines: tuple[str, ...],
    output: str | None,
    to: str | None,
    pdfa: bool,
    template: str,
    template_dir: Path | None,
    reference: Path | None,
    settings: tuple[str, ...],
    material_every_page: bool,
) -> None:
    """Render outlines to Word (.docx), PDF or Markdown through a Jinja template.

    Example: ronten render outlines/memo.md -o memo.docx --set material=資料1
    """
    from .. import load
    from ..errors import RontenError
    from ..output import make_folder
    from ..render import render
    from ..render.templating import Templates, is_path
    from .planning import plan
    from .terminal import write_output
    from .values import parse_assignments

    overrides = parse_assignments(list(settings))
    if material_every_page:
        overrides["material_every_page"] = True
    if settings:
        from ..render.meta_keys import unread_settings

        for message in unread_settings(overrides, template, template_dir):
            warn(message)
    work = plan(list(outlines), output, to)
    if len(work.jobs) > 1:  # a broken template fails before the folder is made or any outline read
        Templates(template_dir).load(template)
    inputs: list[str | Path] = [job.source for job in work.jobs if job.source != "-"]
    if is_path(template):
        inputs.append(template)
    if reference is not None:
        inputs.append(reference)
    if pdfa and work.jobs[0].to != "pdf":
        raise UsageError(_("--pdfa applies to PDF output (-o FILE.pdf or --to pdf)"))
    for job in work.jobs:
        if job.target == "-" and job.to != "md" and sys.stdout.isatty():
            raise UsageError(
                _("refusing to write .{format} to a terminal; redirect stdout or use -o FILE").format(
                    format=job.to
                )
            )
    if work.folder is not None:
        make_folder(work.folder)

    def run(job: Job, warning: Callable[[str], None]) -> None:
        result = render(
            load(job.source, git=True, warn=warning),
            to="docx" if job.to == "pdf" else job.to,  # a PDF is LibreOffice's rendering of the .docx
            template=template,
            template_dir=template_dir,
            reference=reference,
            overrides=overrides,
        )
        for message in result.warnings:
            warning(message)
        data = result.data
        if job.to == "pdf":
            from ..pdf import document_pdf

            assert isinstance(data, bytes)
            data = document_pdf(data, name=job.target, pdfa=pdfa)
        write_output(job.target, data, inputs=inputs)

    if len(work.jobs) == 1:
        run(work.jobs[0], warn)
        if work.jobs[0].target != "-":
            say(_("wrote {path}").format(path=work.jobs[0].target))
        return

    from .progress import BatchProgress

    failed = 0
    with BatchProgress(len(work.jobs)) as progress:
        for job in work.jobs:
            progress.start(Path(job.source).name)
            try:
                run(job, progress.warn)
            except RontenError as exc:  # one bad outline must not stop the others
                failed += 1
                progress.error(str(exc))
            progress.advance()
    done = len(work.jobs) - failed
    wrote = _("wrote {done} of {total} files to {folder}").format(
        done=done, total=len(work.jobs), folder=work.folder
    )
    say(_("{summary}; {failed} failed").format(summary=wrote, failed=failed) if failed else wrote)
    if failed:
        raise click.exceptions.Exit(2)


@click.group(cls=Group, no_args_is_help=True)
def templates() -> None:
    """List the templates 'ronten render' can use, or copy the built-ins out to customise them.

    Example: ronten templates export 様式
    """


@templates.command("list")
@template_dir_option
def templates_list(template_dir: Path | None) -> None:
    """List template names and where each comes from (your folder is searched before the built-ins).

    Example: ronten templates list --template-dir my-templates
    """
    from ..render.templating import catalogue

    found = catalogue(template_dir)
    width = max(len(info.name) for info in found)
    for info in found:
        note = _(" (replaces the built-in)") if info.overrides_builtin else ""
        if info.name == "memo":
            note += _(", the default of 'ronten render'")
        say(f"{info.name:<{width}}  {info.source}{note}", err=False)


@templates.command("export")
@click.argument(
    "folder",
    type=click.Path(path_type=Path),
    metavar="FOLDER",
    help="Folder to copy into (created if missing).",
)
@click.option("--force", is_flag=True, help="Replace files already in FOLDER (they may hold your edits).")
def templates_export(folder: Path, force: bool) -> None:
    """Copy the built-in templates and the default reference.docx into FOLDER to customise them.

    Example: ronten templates export 様式 && ronten render outlines/memo.md --template-dir 様式
    """
    from ..render import export_templates

    written, kept = export_templates(folder, force=force)
    for path in kept:
        warn(_("{path}: already exists, kept (use --force to replace it)").format(path=path))
    for path in written:
        say(_("wrote {path}").format(path=path))
