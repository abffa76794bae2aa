"""Rendering outlines to meeting documents: Jinja templates to Markdown, Markdown to Word.

``render`` is the one entry point ``ronten render`` (and the meeting bundle) call: the template
turns the outline into Markdown, which is the result for ``md`` and the docx writer's input for
``docx``, so one template serves both formats.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import InputError, OutputError
from ..i18n import _
from ..model import Block, Node, Outline, Table
from ..parser import gc_paused

if TYPE_CHECKING:
    from .docx import DocxOptions

FORMATS = ("docx", "md")


class RenderResult(NamedTuple):
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
    (資料1) is printed at the top right of page 1 (of every page with ``meta.material_every_page``),
    ``meta.author`` becomes the document's author,
    and ``meta.body_font`` / ``meta.heading_font`` / ``meta.landscape`` change the typography.
    Raises ``TemplateError`` for a template failure, ``InputError`` for a bad front matter value,
    ``ValueError`` for an unknown format (a mistake of the calling program, not of its input).
    """
    if to not in FORMATS:
        raise ValueError(f"unknown output format {to!r}; use docx or md")
    from .templating import Templates, outline_context, today

    templates = Templates(template_dir)
    loaded = templates.load(template)

    def markdown_of(outline: Outline) -> tuple[str, dict[str, Any]]:
        view = outline_context(outline, overrides)
        context = {"outline": view, "meta": view.meta, "format": to, "today": today()}
        return templates.render(loaded, context), view.meta

    # Rendering makes hundreds of thousands of strings and tuples but no reference cycles worth
    # collecting before it ends; left on, the collector would scan the fresh outline again and
    # again (a tenth of a large render's time).
    with gc_paused():
        markdown, meta = markdown_of(outline)
        if to == "md":
            return RenderResult(markdown)
        from .docx import markdown_to_docx, strip_illegal

        located: list[str] = []
        if strip_illegal(markdown)[
            1
        ]:  # rare: find the characters in the outline, where the user can fix them
            outline, located = xml_safe(outline)
            markdown, meta = markdown_of(outline)
        result = markdown_to_docx(markdown, docx_options(outline.title, meta, reference, outline.path))
    # What the writer still finds came from the template; its lines are the rendered Markdown's.
    source = _("{path} (as rendered by the template)").format(path=outline.path or "<input>")
    return RenderResult(result.data, (*located, *(f"{source} {message}" for message in result.warnings)))


def xml_safe(outline: Outline) -> tuple[Outline, list[str]]:
    """``outline`` without the characters XML cannot hold, and a warning naming the line of each
    title, item, paragraph, table or note that had any."""
    from dataclasses import replace

    from ..ooxml.wml import xml_storable

    warnings: list[str] = []

    def clean(text: str, line: int, report: bool = True) -> str:
        # The plain text of an item or block holds the same characters as its Markdown: one warning.
        kept, warning = xml_storable(text, f"{outline.path or '<input>'}:{line}")
        if warning and report:
            warnings.append(warning)
        return kept

    def node(item: Node) -> Node:
        return replace(
            item,
            text=clean(item.text, item.line, report=False),
            markdown=clean(item.markdown, item.line),
            children=tuple(map(node, item.children)),
            blocks=blocks(item.blocks),
        )

    def blocks(items: tuple[Block, ...]) -> tuple[Block, ...]:
        return tuple(map(block, items))

    def block(item: Block) -> Block:
        if isinstance(item, Table):
            return replace(
                item,
                header=tuple(clean(cell, item.line, report=False) for cell in item.header),
                rows=tuple(tuple(clean(cell, item.line, report=False) for cell in row) for row in item.rows),
                cells=tuple(tuple(clean(cell, item.line) for cell in row) for row in item.cells),
            )
        text = clean(item.text, item.line, report=False)
        return replace(item, text=text, markdown=clean(item.markdown, item.line))

    safe = replace(
        outline,
        title=clean(outline.title, outline.title_line),
        preface=blocks(outline.preface),
        children=tuple(map(node, outline.children)),
        notes=blocks(outline.notes),
        blocks=blocks(outline.blocks),
    )
    return safe, warnings


# The meta keys docx_options reads, whatever the template: a --set of one of them is never unused.
WRITER_KEYS = ("material", "material_every_page", "title", "author", "body_font", "heading_font", "landscape")


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
    for key in ("landscape", "material_every_page"):
        if key in meta:
            if not isinstance(meta[key], bool):
                raise InputError(
                    _("{path}: {key}: expected true or false, got {value}").format(
                        path=path or "<input>", key=key, value=repr(meta[key])
                    ),
                    path=path or None,
                    field=key,
                )
            settings[key] = meta[key]
    return DocxOptions(**settings)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


REFERENCE_NAME = "reference.docx"


def _inside_packaged(folder: Path, own: object) -> bool:
    """Whether ``folder`` is (or is inside) the installed package's templates folder. Files written
    there would change ronten itself (in a source checkout, its tracked files) and be lost on the next
    install; exported copies are for the user to keep and edit."""
    if not isinstance(own, Path):
        return False
    try:
        target = folder.resolve()
        return own.resolve() in (target, *target.parents)
    except (OSError, RuntimeError):  # a symbolic-link loop: making the folder reports it
        return False


def export_templates(folder: Path, *, force: bool = False) -> tuple[list[Path], list[Path]]:
    """Copy the built-in templates and the default reference .docx into ``folder`` (created if
    missing) for customising. Returns (written, kept): files already there are kept, as they may
    hold the user's edits, unless ``force``."""
    from ..output import make_folder, write_atomic
    from .docx import default_reference_docx
    from .templating import builtin_names, packaged

    if folder.exists() and not folder.is_dir():
        raise OutputError(
            _("{path}: is a file; name a folder to export the templates into").format(path=folder),
            path=folder,
        )
    if _inside_packaged(folder, packaged()):
        raise OutputError(
            _(
                "{path}: ronten keeps its built-in templates there; export into a folder of your own, "
                "e.g. 'ronten templates export my-templates'"
            ).format(path=folder),
            path=folder,
        )
    make_folder(folder)
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
