"""Where ``ronten render`` (and ``agenda``/``minutes``) write, decided before any work starts.

This is command-line policy, not rendering: the same outline renders the same way wherever it is
written. A plan is checked whole (names that clash, a file where a folder is needed) so that a
mistake is reported before anything is read or written.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from ..errors import InputError
from ..i18n import N_, _
from ..source import OUTLINE_SUFFIXES
from .values import UsageError

SUFFIXES = {".docx": "docx", ".md": "md", ".markdown": "md", ".pdf": "pdf"}
WRITES = N_(".docx, .pdf or .md")


# Named tuples, not dataclasses: a dataclass costs a millisecond or more to define, on every run.
class Job(NamedTuple):
    """One outline to render: the input as given, where the result goes and in which format."""

    source: str
    target: str
    to: str


class Plan(NamedTuple):
    """The jobs of one ``ronten render`` run; ``folder`` is set when they write into a folder."""

    jobs: list[Job]
    folder: Path | None = None


def outline_files(specs: list[str]) -> tuple[list[str], bool]:
    """``specs`` with each folder replaced by the outlines directly in it (sorted by name), and
    whether any folder was given (a folder always renders into a folder, even with one file)."""
    found: list[str] = []
    folder_given = False
    for spec in specs:
        path = Path(spec)
        if spec != "-" and path.is_dir():
            folder_given = True
            inside = sorted(
                str(child)
                for child in path.iterdir()
                if child.is_file() and child.suffix.lower() in OUTLINE_SUFFIXES
            )
            if not inside:
                suffixes = ", ".join(OUTLINE_SUFFIXES)
                raise InputError(
                    _("{folder}: no outlines ({suffixes} files) in this folder").format(
                        folder=spec, suffixes=suffixes
                    ),
                    path=spec,
                )
            found.extend(inside)
        else:
            found.append(spec)
    return found, folder_given


def _stem(spec: str) -> str:
    path = Path(spec)
    if not path.exists() and ":" in spec:  # a git REV:path names its file after the colon
        path = Path(spec.partition(":")[2])
    return path.stem


def plan(specs: list[str], output: str | None, to: str | None) -> Plan:
    """Where each outline of ``specs`` is written, and as what.

    The format is ``to``, else the suffix of ``output``, else docx (Markdown for ``-o -``). One
    outline goes to ``output`` (a file, ``-`` for stdout, or an existing folder), or to
    ``<stem>.docx`` in the current folder. Several outlines, or a folder of them, go into the
    folder ``output`` (created if missing), else the current folder, as ``<stem>.<format>``.
    """
    sources, folder_given = outline_files(specs)
    suffix = Path(output).suffix.lower() if output not in (None, "-") else ""
    names_folder = output is not None and (Path(output).is_dir() or output.endswith(("/", os.sep)))
    if len(sources) == 1 and not folder_given and not names_folder:
        source = sources[0]
        if output is None and source == "-":
            raise UsageError(_("reading standard input: name the output with -o FILE, or -o - for stdout"))
        implied = SUFFIXES.get(suffix)
        # Never one format under another's name: an unknown suffix is refused even with --to, but
        # a text file may hold Markdown, and a name without a suffix takes what --to says.
        if implied is None and suffix not in ("", ".txt"):
            raise UsageError(
                _("-o {output}: cannot write a {suffix} file; end the name in {suffixes}").format(
                    output=output, suffix=suffix, suffixes=_(WRITES)
                )
            )
        if suffix == ".txt" and to not in (None, "md"):
            raise UsageError(
                _("-o {output}: a .txt file holds text; use --to md, or end the name in .{to}").format(
                    output=output, to=to
                )
            )
        if output not in (None, "-") and implied is None and to is None:
            raise UsageError(
                _(
                    "-o {output}: cannot tell the format from its name; end it in {suffixes}, or add --to"
                ).format(output=output, suffixes=_(WRITES))
            )
        if to is not None and implied is not None and implied != to:
            raise UsageError(
                _("-o {output}: the name says {implied}, --to says {to}; make them agree").format(
                    output=output, implied=implied, to=to
                )
            )
        fmt = to or implied or ("md" if output == "-" else "docx")
        return Plan([Job(source, output if output is not None else f"{_stem(source)}.{fmt}", fmt)])

    if "-" in sources:
        raise UsageError(_("standard input ('-') can only be rendered on its own"))
    if output == "-":
        raise UsageError(_("-o -: several outlines cannot share standard output; name a folder"))
    folder = Path(output) if output is not None else Path()
    if folder.exists() and not folder.is_dir():
        raise UsageError(
            _("-o {output}: is a file; several outlines render into a folder").format(output=output)
        )
    if not folder.exists() and suffix in SUFFIXES:
        raise UsageError(
            _("-o {output}: several outlines render into a folder, not one {suffix} file").format(
                output=output, suffix=suffix
            )
        )
    fmt = to or "docx"
    jobs: list[Job] = []
    seen: dict[str, str] = {}
    for source in sources:
        name = f"{_stem(source)}.{fmt}"
        if name in seen:
            raise UsageError(
                _("{source} and {other} would both be written to {target}").format(
                    source=source, other=seen[name], target=folder / name
                )
            )
        seen[name] = source
        jobs.append(Job(source, str(folder / name), fmt))
    return Plan(jobs, folder)
