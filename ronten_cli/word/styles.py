"""The styles of a .docx as the Word reader needs them: names, ``w:basedOn`` chains, inherited numbering.

Word files written in Japanese name their styles ``a``, ``1``, ``a3`` and keep the English name
(``heading 1``, ``Title``) in ``w:name``, so everything here goes by name, never by style id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..ooxml import wml

if TYPE_CHECKING:
    from lxml import etree

W = f"{{{wml.W}}}"
VAL = W + "val"
# A chain of basedOn longer than this is a loop or a hostile file; Word's own chains are a few deep.
MAX_CHAIN = 32
_HEADING = re.compile(r"heading ([1-9])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Style:
    """One ``w:style``: its numbering (``w:numPr``) and outline level as written on the style itself."""

    id: str
    name: str
    kind: str
    based_on: str | None
    num_id: str | None
    ilvl: int | None
    outline: int | None


def integer(element: etree._Element | None) -> int | None:
    """The ``w:val`` of ``element`` as an int; None when absent or not a number."""
    if element is None:
        return None
    try:
        return int(element.get(VAL, ""))
    except ValueError:
        return None


def on(element: etree._Element | None) -> bool:
    """An OOXML on/off property: present without ``w:val``, or with a true value."""
    return element is not None and element.get(VAL, "true") in ("1", "true", "on")


class Styles:
    """The paragraph and numbering styles of one document, looked up by id with their chains."""

    def __init__(self, root: etree._Element | None) -> None:
        self._styles: dict[str, Style] = {}
        self._chains: dict[str | None, tuple[Style, ...]] = {}
        self.default: str | None = None
        if root is None:
            return
        for element in root.iterchildren(W + "style"):
            style_id = element.get(W + "styleId")
            if not style_id:
                continue
            kind = element.get(W + "type", "paragraph")
            name = element.find(W + "name")
            based = element.find(W + "basedOn")
            num_pr = element.find(f"{W}pPr/{W}numPr")
            num_id = num_pr.find(W + "numId") if num_pr is not None else None
            self._styles[style_id] = Style(
                style_id,
                (name.get(VAL, "") if name is not None else "") or style_id,
                kind,
                based.get(VAL) if based is not None else None,
                num_id.get(VAL) if num_id is not None else None,
                integer(num_pr.find(W + "ilvl")) if num_pr is not None else None,
                integer(element.find(f"{W}pPr/{W}outlineLvl")),
            )
            if kind == "paragraph" and element.get(W + "default") in ("1", "true", "on"):
                self.default = style_id

    def get(self, style_id: str) -> Style | None:
        return self._styles.get(style_id)

    def chain(self, style_id: str | None) -> tuple[Style, ...]:
        """The style and those it is based on, nearest first; a loop or a missing style ends it."""
        cached = self._chains.get(style_id)
        if cached is not None:
            return cached
        found: list[Style] = []
        seen: set[str] = set()
        current = style_id
        while current and current not in seen and len(found) < MAX_CHAIN:
            seen.add(current)
            style = self._styles.get(current)
            if style is None:
                break
            found.append(style)
            current = style.based_on
        self._chains[style_id] = chain = tuple(found)
        return chain

    def paragraph_style(self, ppr: etree._Element | None) -> str | None:
        """The style id a paragraph uses: its ``w:pStyle``, else the document's default paragraph style."""
        if ppr is not None:
            element = ppr.find(W + "pStyle")
            if element is not None and element.get(VAL):
                return element.get(VAL)
        return self.default

    def is_title(self, style_id: str | None) -> bool:
        return any(style.name.casefold() == "title" for style in self.chain(style_id))

    def heading(self, style_id: str | None) -> int:
        """The heading depth (1-9) of a style by its name or outline level through its chain, else 0."""
        for style in self.chain(style_id):
            m = _HEADING.fullmatch(style.name)
            if m:
                return int(m[1])
            if style.outline is not None and 0 <= style.outline <= 8:
                return style.outline + 1
        return 0
