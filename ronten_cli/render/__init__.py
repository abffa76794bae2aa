"""Rendering outlines to meeting documents: Jinja templates to Markdown, Markdown to Word.

``render`` is the one entry point ``ronten render`` (and the meeting bundle) call: the template
turns the outline into Markdown, which is the result for ``md`` and the docx writer's input for
``docx``, so one template serves both formats.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..model import Outline

FORMATS = ("docx", "md")


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
    view = outline_context(outline, overrides)
    markdown = templates.render(loaded, {"outline": view, "meta": view.meta, "format": to, "today": today()})
    if to == "md":
        return RenderResult(markdown)
    from .docx import markdown_to_docx

    result = markdown_to_docx(markdown, docx_options(view.title, view.meta, reference))
    return RenderResult(result.data, tuple(result.warnings))


def docx_options(title: str, meta: dict[str, Any], reference: Path | None) -> Any:
    """The docx writer's options from the outline's title and meta (only the keys meta sets)."""
    from .docx import DocxOptions

    settings: dict[str, Any] = {
        "reference": reference,
        "title": title or _text(meta.get("title")),
        "author": _text(meta.get("author")),
        "material": _text(meta.get("material")),
    }
    for key in ("body_font", "heading_font"):
        if meta.get(key):
            settings[key] = _text(meta[key])
    if "landscape" in meta:
        if not isinstance(meta["landscape"], bool):
            raise UsageError(f"meta landscape: expected true or false, got {meta['landscape']!r}")
        settings["landscape"] = meta["landscape"]
    return DocxOptions(**settings)


def _text(value: Any) -> str:
    return "" if value is None else str(value)
