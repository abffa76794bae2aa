"""``ronten diff``: what changed between two versions of an outline, as a report or a Word file."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import N_, _
from .help import Command
from .options import complete_files, pdfa_option, reference_option, utf8_text
from .terminal import say, warn
from .values import UsageError, parse_headers

_DIFF_SUFFIXES = {".json": "json", ".md": "md", ".markdown": "md"}
# The 新旧対照表 and the tracked-changes memo are documents; the report is text (.txt or no suffix).
_DOCUMENTS = (".docx", ".pdf")
_WRITES = N_(".docx or .pdf (a 新旧対照表), .md, .json or .txt (the report)")


@click.command(cls=Command)
@click.argument(
    "old",
    metavar="OLD",
    shell_complete=complete_files,
    help="The older version: a file, '-' for stdin, or a git REV:path.",
)
@click.argument(
    "new",
    metavar="NEW",
    shell_complete=complete_files,
    help="The newer version: a file, '-' for stdin, or a git REV:path.",
)
@click.option(
    "--format",
    "-f",
    type=click.Choice(("terminal", "json", "md")),
    help="terminal (default), json or md; default from the -o suffix.",
)
@click.option(
    "--output",
    "-o",
    metavar="FILE",
    shell_complete=complete_files,
    help="Write to FILE, not stdout; FILE.docx or FILE.pdf makes a 新旧対照表.",
)
@click.option(
    "--tracked",
    is_flag=True,
    help="With -o FILE.docx (or .pdf): the NEW memo with Word tracked changes against OLD.",
)
@click.option("--old-left", is_flag=True, help="新旧対照表: put the old version in the left column.")
@click.option(
    "--headers",
    callback=utf8_text,
    metavar="NEW,OLD",
    help="新旧対照表: column headings as NEW,OLD (default 新,旧), e.g. 改正後,改正前.",
)
@click.option(
    "--context",
    type=click.IntRange(min=0),
    metavar="N",
    help="新旧対照表: keep N unchanged items around each change, shorten the rest to （略）.",
)
@click.option("--portrait", is_flag=True, help="新旧対照表: A4 portrait instead of landscape.")
@click.option(
    "--author",
    callback=utf8_text,
    metavar="NAME",
    help="--tracked: who the revisions are attributed to (default ronten).",
)
@reference_option
@pdfa_option
def diff(
    old: str,
    new: str,
    format: str | None,
    output: str | None,
    tracked: bool,
    old_left: bool,
    headers: str | None,
    context: int | None,
    portrait: bool,
    author: str | None,
    reference: Path | None,
    pdfa: bool,
) -> None:
    """Show what changed between two versions of an outline; exit 1 if anything did.

    Items are matched by content, so a new (2) is one addition and the old (2), (3) are renumbered.
    Layout (heading depth, marker width, ・, spacing, encoding, line endings) is never a change.

    Example: ronten diff HEAD~1:outlines/memo.md outlines/memo.md -o 新旧対照表.docx --headers 改正後,改正前
    """
    from .. import load
    from ..diff import compare
    from .terminal import write_output

    if old == "-" and new == "-":
        raise UsageError(_("only one of OLD and NEW can be '-' (standard input)"))
    suffix = Path(output).suffix.lower() if output not in (None, "-") else ""
    if suffix not in (*_DOCUMENTS, *_DIFF_SUFFIXES, ".txt", ""):
        raise UsageError(
            _("-o {output}: cannot write a {suffix} file; end the name in {suffixes}").format(
                output=output, suffix=suffix, suffixes=_(_WRITES)
            )
        )
    if tracked and output not in (None, "-") and suffix not in _DOCUMENTS:
        raise UsageError(
            _("--tracked writes a Word or PDF document, not -o {output}: use FILE.docx or FILE.pdf").format(
                output=output
            )
        )
    docx = tracked or suffix in _DOCUMENTS
    if pdfa and suffix != ".pdf":
        raise UsageError(_("--pdfa applies to PDF output (-o FILE.pdf)"))
    table_options = {
        "--old-left": old_left,
        "--headers": headers,
        "--context": context,
        "--portrait": portrait,
    }
    if docx and format is not None:
        raise UsageError(
            _("--format {format} does not go with a {suffix} output; leave out --format").format(
                format=format, suffix=suffix
            )
        )
    if tracked and output is None:
        raise UsageError(_("--tracked writes a Word document: add -o FILE.docx"))
    misplaced = [name for name, value in table_options.items() if value not in (False, None)]
    if misplaced and (not docx or tracked):
        raise UsageError(
            _("{option} applies to the 新旧対照表 only (-o FILE.docx or .pdf, without --tracked)").format(
                option=misplaced[0]
            )
        )
    if author is not None and not tracked:
        raise UsageError(_("--author applies to --tracked only"))
    if reference is not None and not docx:
        raise UsageError(_("--reference-doc applies to a .docx or .pdf output (-o FILE.docx)"))
    names = parse_headers(headers) if headers is not None else ("新", "旧")

    comparison = compare(load(old, git=True, warn=warn), load(new, git=True, warn=warn))
    inputs: list[str | Path] = [spec for spec in (old, new) if spec != "-"]
    inputs += [reference] if reference is not None else []
    from ..diff import text_formats

    if docx:
        assert output is not None
        from ..diff.docx import TableOptions, comparison_table, dropped_characters
        from ..diff.tracked import tracked_document

        for message in dropped_characters(comparison):
            warn(message)
        if tracked:
            data = tracked_document(comparison, author if author is not None else "ronten", reference)
        else:
            options = TableOptions(names, old_left, context, not portrait)
            data = comparison_table(comparison, options, reference=reference)
        if suffix == ".pdf":
            from ..pdf import document_pdf

            data = document_pdf(data, name=output, pdfa=pdfa)
        write_output(output, data, inputs=inputs)
        if output != "-":
            say(
                _("wrote {path}: {summary}").format(
                    path=output, summary=text_formats.summary_line(comparison)
                )
            )
    else:
        chosen = format or _DIFF_SUFFIXES.get(suffix, "terminal")
        if chosen == "json":
            write_output(output or "-", text_formats.to_json(comparison), inputs=inputs)
        elif chosen == "md":
            write_output(output or "-", text_formats.markdown(comparison, old, new), inputs=inputs)
        elif output not in (None, "-"):
            write_output(output, text_formats.terminal(comparison, color=False).plain, inputs=inputs)
        else:
            from .terminal import print_rich, rich_console

            console = rich_console(highlight=False, soft_wrap=True)
            color = console.is_terminal and not console.no_color
            print_rich(text_formats.terminal(comparison, color=color), console)
    if comparison.changed:
        raise click.exceptions.Exit(1)
