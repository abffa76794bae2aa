"""Options several commands share, declared once so that they read the same everywhere.

Each is a Click decorator (``@pdfa_option``) that adds the option to the command it decorates.
Only the declarations live here; what a command does with a value lives with the command.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..i18n import _
from .values import UsageError

F = TypeVar("F", bound=Callable[..., Any])

# What ``ronten render``, ``agenda`` and ``minutes`` write.
DOCUMENT_FORMATS = ("docx", "md", "pdf")


def utf8_text(ctx: click.Context, param: click.Parameter, value: str | tuple[str, ...] | None) -> Any:
    """A value that becomes text in a document (--set, --headers, --author) must be text: bytes
    that are not UTF-8 reach Python as lone surrogates, which no document can hold."""
    for item in [value] if isinstance(value, str) else value or []:
        try:
            item.encode("utf-8")
        except UnicodeEncodeError:
            shown = os.fsencode(item).decode("utf-8", "backslashreplace")
            raise UsageError(
                _("{option} {value}: not UTF-8 text").format(option=param.opts[0], value=shown),
                field=param.opts[0],
            ) from None
    return value


def complete_files(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Tab completion of a parameter that names a file: the shell's own file names (a plain
    text parameter would complete nothing)."""
    from click.shell_completion import CompletionItem

    return [CompletionItem(incomplete, type="file")]


def input_files(name: str, metavar: str, help: str) -> Callable[[F], F]:
    """The one-or-more input files a command reads (``ronten check FILE...``), completed as files."""
    return click.argument(
        name, nargs=-1, required=True, metavar=metavar, shell_complete=complete_files, help=help
    )


def _reference_file(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """--reference-doc names a file: said before any work starts, in the same words by every command."""
    if value is not None and not value.is_file():
        from ..errors import InputError

        if value.is_dir():
            problem = _("--reference-doc {path}: is a folder, not a Word .docx file")
        else:
            problem = _("--reference-doc {path}: no such file")
        raise InputError(problem.format(path=value), path=value, field="--reference-doc")
    return value


pdfa_option = click.option(
    "--pdfa",
    is_flag=True,
    help="With PDF output: PDF/A-2b, for archiving (needs LibreOffice, as all PDF).",
)

material_every_page_option = click.option(
    "--material-every-page",
    is_flag=True,
    help="Print the material number (資料1) in the header of every page, not only at the top of page 1.",
)

template_dir_option = click.option(
    "--template-dir",
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="Folder searched for templates first, before the built-ins (never used unless named).",
)

reference_option = click.option(
    "--reference-doc",
    "reference",
    type=click.Path(path_type=Path),
    metavar="FILE",
    callback=_reference_file,
    help="A .docx whose styles, fonts and page setup the output copies.",
)

to_option = click.option(
    "--to",
    type=click.Choice(DOCUMENT_FORMATS),
    help="docx, pdf or md (default: from the -o suffix, else docx).",
)
