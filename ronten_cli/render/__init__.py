"""Rendering outlines to meeting documents: Jinja templates to Markdown, Markdown to Word.

``render`` is the one entry point ``ronten render`` (and the meeting bundle) call: the template
turns the outline into Markdown, which is the result for ``md`` and the docx writer's input for
``docx``, so one template serves both formats.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import OutputError, UsageError
from ..model import Node, Note, Outline
from ..source import OUTLINE_SUFFIXES

if TYPE_CHECKING:
    from .docx import DocxOptions

FORMATS = ("docx", "md")
SUFFIXES = {".docx": "docx", ".md": "md", ".markdown": "md"}


@dataclass(frozen=True)
class Job:
    """One outline to render: the input as given, where the result goes and in which format."""

    source: str
    target: str
    to: str


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
                raise UsageError(f"{spec}: no outlines ({suffixes} files) in this folder")
            found.extend(inside)
        else:
            found.append(spec)
    return found, folder_given


def _stem(spec: str) -> str:
    path = Path(spec)
    if not path.exists() and ":" in spec:  # a git REV:path names its file after the colon
        path = Path(spec.partition(":")[2])
    return path.stem


@dataclass(frozen=True)
class Plan:
    """The jobs of one ``ronten render`` run; ``folder`` is set when they write into a folder."""

    jobs: list[Job]
    folder: Path | None = None

    def prepare(self) -> None:
        """Create the output folder (and its parents) when it does not exist yet."""
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(
                f"{self.folder}: cannot create the output folder ({exc.strerror or exc})"
            ) from None


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
            raise UsageError("reading standard input: name the output with -o FILE, or -o - for stdout")
        implied = SUFFIXES.get(suffix)
        if output not in (None, "-") and implied is None and to is None:
            raise UsageError(
                f"-o {output}: cannot tell the format from its name; end it in .docx or .md, or add --to"
            )
        if to is not None and implied is not None and implied != to:
            raise UsageError(f"-o {output}: the name says {implied}, --to says {to}; make them agree")
        fmt = to or implied or ("md" if output == "-" else "docx")
        return Plan([Job(source, output if output is not None else f"{_stem(source)}.{fmt}", fmt)])

    if "-" in sources:
        raise UsageError("standard input ('-') can only be rendered on its own")
    if output == "-":
        raise UsageError("-o -: several outlines cannot share standard output; name a folder")
    folder = Path(output) if output is not None else Path()
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"-o {output}: is a file; several outlines render into a folder")
    if not folder.exists() and suffix in SUFFIXES:
        raise UsageError(f"-o {output}: several outlines render into a folder, not one {suffix} file")
    fmt = to or "docx"
    jobs: list[Job] = []
    seen: dict[str, str] = {}
    for source in sources:
        name = f"{_stem(source)}.{fmt}"
        if name in seen:
            raise UsageError(f"{source} and {seen[name]} would both be written to {folder / name}")
        seen[name] = source
        jobs.append(Job(source, str(folder / name), fmt))
    return Plan(jobs, folder)


@dataclass(frozen=True)
class RenderResult:
    """The rendered document (``str`` Markdown for ``md``, ``bytes`` for ``docx``) and warnings."""

    data: str | bytes
    warnings: tuple[str, ...] = ()


def render(
    outline: Outline,
    *,
    to: str = "docx",
    template: str = "memo",
    template_dir: Path | None = None,
    reference: Path | None = None,
    overrides: dict[str, Any] | None = None,
) -> RenderResult:
    """Render ``outline`` through ``template`` (a NAME or a PATH) to ``md`` or ``docx``.

    ``overrides`` are merged into the front matter (``--set`` values). For docx, ``meta.material``
    (資料1) is printed at the top right of page 1, ``meta.author`` becomes the document's author,
    and ``meta.body_font`` / ``meta.heading_font`` / ``meta.landscape`` change the typography.
    Raises ``TemplateError`` for a template failure, ``UsageError`` for an unknown format.
    """
    if to not in FORMATS:
        raise UsageError(f"unknown output format {to!r}; use docx or md")
    from .templating import Templates, outline_context, today

    templates = Templates(template_dir)
    loaded = templates.load(template)

    def markdown_of(outline: Outline) -> tuple[str, dict[str, Any]]:
        view = outline_context(outline, overrides)
        context = {"outline": view, "meta": view.meta, "format": to, "today": today()}
        return templates.render(loaded, context), view.meta

    markdown, meta = markdown_of(outline)
    if to == "md":
        return RenderResult(markdown)
    from .docx import markdown_to_docx, strip_illegal

    located: list[str] = []
    if strip_illegal(markdown)[1]:  # rare: find the characters in the outline, where the user can fix them
        outline, located = xml_safe(outline)
        markdown, meta = markdown_of(outline)
    result = markdown_to_docx(markdown, docx_options(outline.title, meta, reference, outline.path))
    # What the writer still finds came from the template; its lines are the rendered Markdown's.
    source = f"{outline.path or '<input>'} (as rendered by the template)"
    return RenderResult(result.data, (*located, *(f"{source} {message}" for message in result.warnings)))


def xml_safe(outline: Outline) -> tuple[Outline, list[str]]:
    """``outline`` without the characters XML cannot hold, and a warning naming the line of each
    title, item, preface or note that had any."""
    from dataclasses import replace

    from .docx import xml_storable

    warnings: list[str] = []

    def clean(text: str, line: int) -> str:
        kept, warning = xml_storable(text, f"{outline.path or '<input>'}:{line}")
        if warning:
            warnings.append(warning)
        return kept

    def node(item: Node) -> Node:
        return replace(item, text=clean(item.text, item.line), children=tuple(map(node, item.children)))

    def note(item: Note) -> Note:
        return replace(item, text=clean(item.text, item.line))

    safe = replace(
        outline,
        title=clean(outline.title, outline.title_line),
        preface=tuple(map(note, outline.preface)),
        children=tuple(map(node, outline.children)),
        notes=tuple(map(note, outline.notes)),
    )
    return safe, warnings


def docx_options(title: str, meta: dict[str, Any], reference: Path | None, path: str = "") -> DocxOptions:
    """The docx writer's options from the outline's title and meta (only the keys meta sets)."""
    from .docx import DocxOptions

    material = meta.get("material")
    settings: dict[str, Any] = {
        "reference": reference,
        "title": title or _text(meta.get("title")),
        "author": _text(meta.get("author")),
        # A bare number is the material's number, as in a meeting file: 1 is 資料1.
        "material": f"資料{material}"
        if isinstance(material, int) and not isinstance(material, bool)
        else _text(material),
    }
    for key in ("body_font", "heading_font"):
        if meta.get(key):
            settings[key] = _text(meta[key])
    if "landscape" in meta:
        if not isinstance(meta["landscape"], bool):
            raise UsageError(
                f"{path or '<input>'}: landscape: expected true or false, got {meta['landscape']!r}"
            )
        settings["landscape"] = meta["landscape"]
    return DocxOptions(**settings)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


REFERENCE_NAME = "reference.docx"


def export_templates(folder: Path, *, force: bool = False) -> tuple[list[Path], list[Path]]:
    """Copy the built-in templates and the default reference .docx into ``folder`` (created if
    missing) for customising. Returns (written, kept): files already there are kept, as they may
    hold the user's edits, unless ``force``."""
    from ..output import write_atomic
    from .docx import default_reference_docx
    from .templating import builtin_names, packaged

    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: is a file; name a folder to export the templates into")
    Plan([], folder).prepare()
    written: list[Path] = []
    kept: list[Path] = []
    for name in [*builtin_names(), REFERENCE_NAME]:
        target = folder / name
        if target.exists() and not force:
            kept.append(target)
            continue
        data = default_reference_docx() if name == REFERENCE_NAME else packaged().joinpath(name).read_bytes()
        write_atomic(target, data)
        written.append(target)
    return written, kept
