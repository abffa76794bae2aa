"""Option and argument types shared by several commands, written once so they read the same.

Each alias is an ``Annotated`` type Typer reads the option's names and help from. Only the
option declarations live here; what a command does with a value lives with the command.
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer


class RenderFormat(StrEnum):
    """What ``ronten render`` writes."""

    docx = "docx"
    md = "md"
    pdf = "pdf"


class MeetingFormat(StrEnum):
    """What ``ronten agenda`` and ``ronten minutes`` write."""

    docx = "docx"
    md = "md"
    pdf = "pdf"


PdfaOpt = Annotated[
    bool,
    typer.Option("--pdfa", help="With PDF output: PDF/A-2b, for archiving (needs LibreOffice, as all PDF)."),
]


def utf8_text(ctx: typer.Context, param: typer.CallbackParam, value: str | list[str] | None) -> Any:
    """A value that becomes text in a document (--set, --headers, --author) must be text: bytes
    that are not UTF-8 reach Python as lone surrogates, which no document can hold."""
    from ..errors import UsageError

    for item in [value] if isinstance(value, str) else value or []:
        try:
            item.encode("utf-8")
        except UnicodeEncodeError:
            shown = os.fsencode(item).decode("utf-8", "backslashreplace")
            from ..i18n import _

            raise UsageError(
                _("{option} {value}: not UTF-8 text").format(option=param.opts[0], value=shown),
                field=param.opts[0],
            ) from None
    return value


MaterialEveryPageOpt = Annotated[
    bool,
    typer.Option(
        "--material-every-page",
        help="Print the material number (資料1) in the header of every page, not only at the top of page 1.",
    ),
]


TemplateDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--template-dir",
        metavar="DIR",
        help="Folder searched for templates first, before the built-ins (never used unless named).",
    ),
]


def _reference_file(value: Path | None) -> Path | None:
    """--reference-doc names a file: said before any work starts, in the same words by every command."""
    if value is not None and not value.is_file():
        from ..errors import InputError
        from ..i18n import _

        if value.is_dir():
            problem = _("--reference-doc {path}: is a folder, not a Word .docx file")
        else:
            problem = _("--reference-doc {path}: no such file")
        raise InputError(problem.format(path=value), path=value, field="--reference-doc")
    return value


ReferenceOpt = Annotated[
    Path | None,
    typer.Option(
        "--reference-doc",
        callback=_reference_file,
        help="A .docx whose styles, fonts and page setup the output copies.",
    ),
]
