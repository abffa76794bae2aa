"""The commands on one outline at a time: ``show``, ``check``, ``fmt``, and ``rules`` for the codes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import RontenError
from ..i18n import _, ngettext
from .help import Command
from .options import complete_files, input_files
from .terminal import echo, error, say, visible, warn
from .values import UsageError


@click.command(cls=Command)
@click.argument(
    "file",
    metavar="FILE",
    shell_complete=complete_files,
    help="Outline file, '-' for stdin, or a git REV:path.",
)
@click.option(
    "--format",
    "-f",
    type=click.Choice(("tree", "json")),
    default="tree",
    show_default=True,
    help="tree (every item and block with its line:column) or json (for scripts).",
)
def show(file: str, format: str) -> None:
    """Show the tree ronten reads from an outline.

    Example: ronten show outlines/memo.md --format json
    """
    from .. import load
    from ..serialize import json_default, outline_dict

    outline = load(file, git=True, warn=warn)
    if format == "json":
        import json

        echo(json.dumps(outline_dict(outline), ensure_ascii=False, indent=2, default=json_default))
        return
    from rich.markup import escape
    from rich.text import Text

    from ..serialize import tree_rows
    from .terminal import print_rich, rich_console

    lines = [f"[bold]{escape(outline.title or file)}[/]"]
    for row in tree_rows(outline):
        style = "cyan" if row.kind == "item" else "dim"
        lines.append(f"{row.guide}[{style}]{escape(row.mark)}[/] {escape(row.text)} [dim]{row.where}[/]")
    # Piped output must keep whole lines (rich would crop them at 80 columns).
    # A Text, unlike a plain string, is not re-coloured by rich's highlighter or emoji codes.
    tree = Text.from_markup("\n".join(lines) + "\n", emoji=False)
    print_rich(tree, rich_console(width=None if sys.stdout.isatty() else 1000))


@click.command(cls=Command)
@input_files("files", "FILE", "Outline files; '-' for stdin; git REV:path.")
@click.option(
    "--format",
    "-f",
    type=click.Choice(("text", "json", "github")),
    default="text",
    show_default=True,
    help="text (path:line:col: CODE message), json, or github (Actions annotations).",
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
@click.option(
    "--select",
    default="",
    metavar="CODES",
    help="Report only these codes or prefixes, comma-separated: RN1,RN301.",
)
@click.option(
    "--ignore", default="", metavar="CODES", help="Leave out these codes or prefixes, comma-separated: RN106."
)
def check(files: tuple[str, ...], format: str, strict: bool, select: str, ignore: str) -> None:
    """Check outlines for numbering, hierarchy, layout and OCR slips; 'ronten rules' lists the codes.

    Exits 0 when no error is found, 1 on any error (or warning with --strict), 2 on bad input.

    Example: ronten check outlines/memo.md --format github
    """
    from dataclasses import replace

    from .. import load
    from ..check_formats import as_github, as_json, as_text, summary
    from ..lint import check as lint
    from .values import parse_codes

    chosen, left_out = parse_codes(select, "--select"), parse_codes(ignore, "--ignore")
    found = []
    checked = 0
    for spec in files:
        try:
            found.extend(lint(load(spec, git=True, warn=warn), chosen, left_out))
            checked += 1
        except RontenError as exc:  # report it and go on: the other files still get checked
            error(str(exc))
    bad_input = checked < len(files)
    found.sort()
    if format == "text":  # one finding per line, even for a file name holding a newline
        found = [replace(d, filename=visible(d.filename)) for d in found]
    writer = {"text": as_text, "json": as_json, "github": as_github}[format]
    echo(writer(found), end="")
    if format == "text" and checked:  # the summary counts the files read, never an unread one
        say(summary(found, checked))
    if bad_input:
        raise click.exceptions.Exit(2)
    raise click.exceptions.Exit(1 if any(d.severity == "error" or strict for d in found) else 0)


@click.command(cls=Command)
@input_files("files", "FILE", "Outline files, rewritten in place; '-' reads stdin, writes stdout.")
@click.option(
    "--output",
    "-o",
    metavar="FILE",
    shell_complete=complete_files,
    help="Write here instead ('-' for stdout); one input only.",
)
@click.option(
    "--check", is_flag=True, help="Change nothing; name files not in canonical form and exit 1 if any."
)
@click.option(
    "--diff", is_flag=True, help="Change nothing; print what would change as a diff and exit 1 if any."
)
@click.option(
    "--renumber", is_flag=True, help="Also renumber siblings 1, 2, 3 (RN101-RN103), keeping widths."
)
def fmt(files: tuple[str, ...], output: str | None, check: bool, diff: bool, renumber: bool) -> None:
    """Rewrite outlines in canonical form: UTF-8, LF, one heading depth per level, one bullet style.

    The tree (markers, numbers, texts, notes) is kept; only the layout changes, unless --renumber.

    Example: ronten fmt outlines/memo.md --check
    """
    if output is not None and (check or diff):
        raise UsageError(_("-o writes a file while --check/--diff change nothing; use one or the other"))
    if output is not None and len(files) > 1:
        raise UsageError(_("-o takes one input file; without -o every file is rewritten in place"))
    changed = unchanged = 0
    bad_input = False
    for spec in files:
        try:
            if _fmt_one(spec, files, output, renumber, check=check, diff=diff):
                changed += 1
            else:
                unchanged += 1
        except RontenError as exc:  # report it and go on with the other files
            error(str(exc))
            bad_input = True
    if output is None and files != ("-",) and changed + unchanged:
        if check or diff:
            done = ngettext(
                "{changed} file would be reformatted, {unchanged} already canonical",
                "{changed} files would be reformatted, {unchanged} already canonical",
                changed,
            )
        else:
            done = ngettext(
                "{changed} file reformatted, {unchanged} already canonical",
                "{changed} files reformatted, {unchanged} already canonical",
                changed,
            )
        say(done.format(changed=changed, unchanged=unchanged))
    if bad_input:
        raise click.exceptions.Exit(2)
    raise click.exceptions.Exit(1 if (check or diff) and changed else 0)


def _fmt_one(
    spec: str, files: tuple[str, ...], output: str | None, renumber: bool, *, check: bool, diff: bool
) -> bool:
    """Format one file as ``ronten fmt`` was asked to; whether it was (or would be) changed."""
    from ..errors import InputError
    from ..fmt import format_outline
    from ..parser import parse
    from ..source import decode, read_bytes
    from ..word import is_word
    from .terminal import write_output

    data = read_bytes(spec, git=True)
    if is_word(data):
        raise InputError(
            _(
                "{spec}: not a text outline but a Word (or other office) document; fmt rewrites text "
                "outlines only, so make one first: ronten import {spec} -o OUT.md"
            ).format(spec=spec)
        )
    source = decode(data, "<stdin>" if spec == "-" else spec)
    text = format_outline(parse(source.text, source.name), renumber=renumber)
    if check or diff:
        if text.encode("utf-8") == data:
            return False
        if diff:
            echo(_unified_diff(source.name, source.text, text), end="")
        else:
            say(_("would reformat {name}").format(name=source.name), err=False)
        return True
    if output is not None:
        write_output(output, text, inputs=files)
        return True
    if spec != "-" and not Path(spec).is_file():
        raise UsageError(
            _("{spec}: a git revision cannot be rewritten in place; add -o FILE").format(spec=spec)
        )
    if spec != "-" and text.encode("utf-8") == data:
        return False
    # Through a symbolic link, rewrite the file it points to and keep the link.
    write_output(spec if spec == "-" else Path(spec).resolve(), text)
    return True


@click.command("import", cls=Command)
@click.argument(
    "file",
    metavar="FILE",
    shell_complete=complete_files,
    help="Word document (.docx; .doc, .odt, .rtf with LibreOffice), '-' for stdin, or git REV:path.",
)
@click.option(
    "--output",
    "-o",
    metavar="FILE",
    shell_complete=complete_files,
    help="Markdown file to write, '-' for stdout (default: FILE with .md, never overwritten).",
)
def import_outline(file: str, output: str | None) -> None:
    """Turn a memo kept in Word into a Markdown outline, in the canonical form 'ronten fmt' writes.

    Labels typed by hand and Word's own numbering both become the outline's items.

    Example: ronten import 論点メモ.docx -o outlines/memo.md
    """
    from .. import format_outline, load
    from ..errors import OutputError
    from .terminal import write_output

    target = output
    if target is None:
        path = Path(file)
        if file == "-" or not path.is_file():
            target = "-"
        else:
            target = str(path.with_suffix(".md"))
            if Path(target).exists():
                raise OutputError(
                    _("{path} exists; name the file to write with -o (-o {path} replaces it)").format(
                        path=target
                    )
                )
    write_output(
        target, format_outline(load(file, git=True, warn=warn)), inputs=[file] if file != "-" else []
    )
    if target != "-":
        say(_("wrote {path}").format(path=target))


def _unified_diff(name: str, before: str, after: str) -> str:
    """What ``fmt`` would change, as a unified diff (or one line when only the bytes differ)."""
    import difflib

    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        name,
        _("{name} (formatted)").format(name=name),
    )
    unchanged = _("--- {name}: only the encoding, byte order mark or line endings change")
    return "".join(lines) or unchanged.format(name=name) + "\n"


@click.command(cls=Command)
@click.option(
    "--format",
    "-f",
    type=click.Choice(("text", "markdown", "json")),
    default="text",
    show_default=True,
    help="text (a table), markdown (the table in docs/reference.md), or json.",
)
def rules(format: str) -> None:
    """List every check of 'ronten check': code, severity, how 'ronten fmt' fixes it, what it finds.

    Example: ronten rules --format markdown
    """
    from ..check_formats import rules_json, rules_markdown, rules_text

    writer = {"text": rules_text, "markdown": rules_markdown, "json": rules_json}
    echo(writer[format](), end="")
