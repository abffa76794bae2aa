"""Adopting a user's reference .docx (``--reference-doc``): styles, numbering, headers, footers, page set-up.

pandoc's model: the reference document's look wins, but the styles ronten writes must exist, so a
style the reference lacks is added from ronten's defaults. Styles are matched by type and name
(``heading 2``), not id, because Japanese Word gives them ids like ``2`` (shown as 見出し 2); the
body is then written with the reference's ids. A style ronten labels literally loses any Word
auto-numbering the reference attached to it, so no label is ever printed twice.

The file is someone else's, often from a shared folder: it is read through ``ooxml.reader``
(bounded sizes, no DTDs or entities, relationships kept inside the package), parsed as XML with
lxml, namespace-aware, and Strict OOXML arrives in Transitional names. Only the body-level section
(the last child of ``w:body``) and the parts it needs are taken; every part copied is re-serialised
as UTF-8 under a name ronten chooses, so no member name or encoding of the user's reaches the
output as it was.
"""

from __future__ import annotations

import posixpath
import re
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..i18n import _
from ..ooxml import package as opc
from ..ooxml import wml
from ..ooxml.reader import Package, Relationship, open_package
from .styles import BODY_HALF_POINTS, HEADINGS, THEME_PART, UNNUMBERED

if TYPE_CHECKING:
    from lxml import etree

_W = f"{{{wml.W}}}"
_R = f"{{{wml.R}}}"
_CONTENT_TYPES = f"{{{opc.CONTENT_TYPES}}}"
_OFF = ("0", "false", "off")


@dataclass(frozen=True)
class Adopted:
    """What a document rendered with a reference takes from it."""

    styles: bytes  # word/styles.xml
    style_ids: dict[str, str]  # ronten's style id to the id the body must use
    sizes: dict[str, int]  # ronten's style id to its font size in half-points, as the reference has it
    section: str  # the body-level w:sectPr, its header/footer references re-linked ("" if none)
    page: wml.Page | None  # that section's page size and margins, when it gives them
    relationships: tuple[opc.Relationship, ...]  # of word/document.xml, to the parts below
    parts: tuple[opc.Part, ...]  # headers, footers, numbering, theme and what they refer to
    has_theme: bool
    even_and_odd_headers: bool


def adopt(
    path: Path, definitions: Mapping[str, wml.Style], landscape: bool, header_material: str = ""
) -> Adopted:
    """Read the reference document at ``path`` and return what a document rendered with it takes.

    ``definitions`` are ronten's own styles by id; with ``landscape`` the reference's page is
    turned to landscape; ``header_material`` (資料1) goes at the top of every page's header, the
    reference's own headers kept under it. Every problem with the file is an ``InputError`` naming
    it and the part.
    """
    package = open_package(path)
    main = package.main_part()
    document = package.xml(main)
    related = {relationship.id: relationship for relationship in package.relationships(main)}
    of_type: dict[str, Relationship] = {}
    for relationship in related.values():
        if not relationship.external:
            of_type.setdefault(relationship.type.rpartition("/")[2], relationship)
    styles_relationship = of_type.get("styles")
    if styles_relationship is None or not package.has(styles_relationship.target):
        raise InputError(
            _("{path}: not a Word document (it has no styles part)").format(path=package.name),
            path=package.name,
        )
    copier = _Copier(package)
    styles, style_ids, sizes, unnumbered = _adopt_styles(
        package, package.xml(styles_relationship.target), styles_relationship.target, definitions
    )
    relationships: list[opc.Relationship] = []
    numbering = of_type.get("numbering")
    if numbering is not None:
        target = copier.copy(
            numbering.target, numbering.type, lambda root: _unnumber_levels(root, unnumbered)
        )
        if target:
            relationships.append(opc.Relationship("rIdNumbering", numbering.type, _relative(target)))
    theme = of_type.get("theme")
    has_theme = False
    if theme is not None:
        target = copier.copy(theme.target, theme.type)
        if target:
            relationships.append(opc.Relationship("rIdTheme", theme.type, _relative(target)))
            has_theme = True
    body = document.find(f"{_W}body")
    top = ""
    if header_material:
        top = wml.paragraph(wml.run(header_material), style=style_ids["Material"])
    section, page = (
        _section(body, related, copier, relationships, landscape, top) if body is not None else ("", None)
    )
    settings = of_type.get("settings")
    even = False
    if settings is not None and package.has(settings.target):
        flag = package.xml(settings.target).find(f"{_W}evenAndOddHeaders")
        even = flag is not None and flag.get(f"{_W}val", "1") not in _OFF
    return Adopted(
        styles, style_ids, sizes, section, page, tuple(relationships), tuple(copier.finish()), has_theme, even
    )


def _last_element(parent: etree._Element) -> etree._Element | None:
    for child in reversed(parent):
        if isinstance(child.tag, str):
            return child
    return None


def _relative(part: str) -> str:
    """A part name as a target relative to ``word/document.xml``."""
    return posixpath.relpath(part, "word")


def _serialise(root: etree._Element) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- styles --------------------------------------------------------------------------------------
def _adopt_styles(
    package: Package, root: etree._Element, part: str, definitions: Mapping[str, wml.Style]
) -> tuple[bytes, dict[str, str], dict[str, int], set[str]]:
    """The reference's styles part with ronten's missing styles added, ronten's style ids mapped
    to the reference's, the font size each of ronten's styles comes out at, and the reference ids
    that must lose Word numbering."""
    from lxml import etree

    if root.tag != f"{_W}styles":
        raise InputError(
            _("{path}: part {part} is not a Word styles part").format(path=package.name, part=part),
            path=package.name,
            field=part,
        )
    by_name: dict[tuple[str, str], str] = {}
    by_id: dict[str, etree._Element] = {}
    default_paragraph = ""
    for style in root.iterchildren(f"{_W}style"):
        style_id = style.get(f"{_W}styleId")
        if not style_id:
            continue
        kind = style.get(f"{_W}type", "paragraph")
        by_id.setdefault(style_id, style)
        name = style.find(f"{_W}name")
        if name is not None and name.get(f"{_W}val"):
            # Word compares style names without regard to case ("Heading 2" is "heading 2").
            by_name.setdefault((kind, name.get(f"{_W}val", "").lower()), style_id)
        if kind == "paragraph" and style.get(f"{_W}default") in ("1", "true", "on"):
            default_paragraph = default_paragraph or style_id
    style_ids: dict[str, str] = {}
    missing: list[str] = []
    for mine, definition in definitions.items():
        theirs = (
            default_paragraph
            if mine == "Normal" and default_paragraph
            else by_name.get((definition.kind, definition.name.lower()))
        )
        if theirs:
            style_ids[mine] = theirs
        else:
            style_ids[mine] = mine if mine not in by_id else f"Ronten{mine}"
            missing.append(mine)
    unnumbered = {style_ids[mine] for mine in UNNUMBERED}
    for style_id in unnumbered:
        style = by_id.get(style_id)
        if style is not None:
            _unnumber_style(style, by_id)
    sizes = _Sizes(root)
    body = sizes.of(style_ids["Normal"]) if "Normal" not in missing else sizes.default
    added = "".join(_scaled(definitions[mine], body).xml(style_ids, style_ids[mine]) for mine in missing)
    if added:
        for style in etree.fromstring(f'<w:styles xmlns:w="{wml.W}">{added}</w:styles>'):
            root.append(style)
            by_id.setdefault(style.get(f"{_W}styleId", ""), style)
    sizes = _Sizes(root)
    for mine in HEADINGS:
        # An office that enlarges its body text must not get headings smaller than the body.
        if sizes.of(style_ids[mine]) < body:
            _set_size(by_id[style_ids[mine]], body)
            sizes = _Sizes(root)
    _japanese_defaults(root)
    return _serialise(root), style_ids, {mine: sizes.of(style_ids[mine]) for mine in definitions}, unnumbered


class _Sizes:
    """The font size each paragraph style of a styles part comes out at, in half-points: its own
    ``w:sz``, else its base style's, else the document default's (Word's 10 pt when none is set)."""

    def __init__(self, root: etree._Element) -> None:
        self.styles = {
            style.get(f"{_W}styleId", ""): style
            for style in reversed(root.findall(f"{_W}style"))  # the first of a duplicated id wins
        }
        found = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}sz")
        self.default = _half_points(found) or 20

    def of(self, style_id: str) -> int:
        seen: set[str] = set()
        while style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            size = _half_points(style.find(f"{_W}rPr/{_W}sz"))
            if size:
                return size
            based_on = style.find(f"{_W}basedOn")
            style_id = based_on.get(f"{_W}val", "") if based_on is not None else ""
        return self.default


def _half_points(element: etree._Element | None) -> int | None:
    value = element.get(f"{_W}val") if element is not None else None
    # Word accepts sizes of 1 to 1638 pt; anything else is a broken file's, and ignored.
    return int(value) if value is not None and value.isdigit() and 2 <= int(value) <= 3276 else None


def _scaled(style: wml.Style, body: int) -> wml.Style:
    """``style`` as ronten adds it to a reference whose body text is ``body`` half-points: an
    explicit size grows with the body, so headings keep their proportion to it."""
    size = style.rpr.get("sz")
    if size is None or body <= BODY_HALF_POINTS:
        return style
    own = int(size.split('"')[1])
    scaled = -(-own * body // BODY_HALF_POINTS)
    return replace(
        style, rpr={**style.rpr, "sz": f'<w:sz w:val="{scaled}"/>', "szCs": f'<w:szCs w:val="{scaled}"/>'}
    )


def _set_size(style: etree._Element, size: int) -> None:
    """Give the ``w:style`` element ``style`` its own font size of ``size`` half-points."""
    from lxml import etree

    properties = style.find(f"{_W}rPr")
    if properties is None:
        properties = etree.Element(f"{_W}rPr")
        wml.insert_child(style, properties)
    for name in ("sz", "szCs"):
        element = properties.find(f"{_W}{name}")
        if element is None:
            element = etree.Element(f"{_W}{name}")
            wml.insert_child(properties, element, "rPr")
        element.set(f"{_W}val", str(size))


def _unnumber_style(style: etree._Element, by_id: Mapping[str, etree._Element]) -> None:
    """Take Word numbering off ``style``, also where it would inherit it from a base style."""
    from lxml import etree

    properties = style.find(f"{_W}pPr")
    if properties is not None:
        for numbering in properties.findall(f"{_W}numPr"):
            properties.remove(numbering)
    seen = {style.get(f"{_W}styleId")}
    base = style
    while True:
        based_on = base.find(f"{_W}basedOn")
        parent = by_id.get(based_on.get(f"{_W}val", "")) if based_on is not None else None
        if parent is None or parent.get(f"{_W}styleId") in seen:
            return
        seen.add(parent.get(f"{_W}styleId"))
        if parent.find(f"{_W}pPr/{_W}numPr") is not None:
            break
        base = parent
    # numId 0 is "no numbering", overriding what the base style would lend.
    if properties is None:
        properties = etree.Element(f"{_W}pPr")
        wml.insert_child(style, properties)
    numbering = etree.Element(f"{_W}numPr")
    etree.SubElement(numbering, f"{_W}numId").set(f"{_W}val", "0")
    wml.insert_child(properties, numbering)


def _unnumber_levels(numbering: etree._Element, unnumbered: set[str]) -> None:
    """Unlink numbering levels from the styles ronten labels itself (``w:lvl/w:pStyle``)."""
    for link in numbering.iter(f"{_W}pStyle"):
        if link.get(f"{_W}val") in unnumbered:
            parent = link.getparent()
            if parent is not None:
                parent.remove(link)


def _japanese_defaults(styles: etree._Element) -> None:
    """Tag East Asian text as Japanese in the document defaults, whatever the reference said.

    A reference saved by English Word (or python-docx's template) says ``w:eastAsia="en-US"``,
    which makes Word pick Chinese glyph forms and line-breaking rules for Japanese text.
    """
    from lxml import etree

    def child(parent: etree._Element, name: str, sequence: str | None = None) -> etree._Element:
        found = parent.find(f"{_W}{name}")
        if found is None:
            found = etree.Element(f"{_W}{name}")
            if sequence is None:
                parent.append(found)
            else:
                wml.insert_child(parent, found, sequence)
        return found

    defaults = child(styles, "docDefaults", "styles")
    run_properties = child(child(defaults, "rPrDefault", "docDefaults"), "rPr")
    child(run_properties, "lang", "rPr").set(f"{_W}eastAsia", "ja-JP")


# --- the section, headers and footers -------------------------------------------------------------
_REFERENCE_TYPES = ("default", "first", "even")


def _section(
    body: etree._Element,
    related: Mapping[str, Relationship],
    copier: _Copier,
    relationships: list[opc.Relationship],
    landscape: bool,
    header_top: str = "",
) -> tuple[str, wml.Page | None]:
    """The reference's body-level section properties as ronten writes them (known children only,
    in schema order, each header/footer copied and its reference re-linked), and its page.

    A section without a header or footer of its own for a page kind shows the previous section's
    (python-docx's ``add_section`` makes such sections), so those are taken from the earlier
    sections, latest first. ``header_top`` (a paragraph) is put at the top of every header, and
    a page kind without a header gets one holding it alone.
    """
    from lxml import etree

    last = _last_element(body)
    if last is None or last.tag != f"{_W}sectPr":
        return "", None
    references: dict[tuple[str, str], str] = {}
    for found in [*body.iterfind(f"{_W}p/{_W}pPr/{_W}sectPr"), last]:
        for child in found:
            if child.tag in (f"{_W}headerReference", f"{_W}footerReference"):
                which = child.get(f"{_W}type", "default")
                if which in _REFERENCE_TYPES and child.get(f"{_R}id"):
                    references[(child.tag[len(_W) :], which)] = child.get(f"{_R}id", "")
    section = etree.Element(f"{_W}sectPr", nsmap={"w": wml.W, "r": wml.R})
    renamed: dict[str, str] = {}
    for (name, which), rid in references.items():
        relationship = related.get(rid)
        if relationship is None or relationship.external:
            continue
        if rid not in renamed:
            edit = _prepend(header_top) if header_top and name == "headerReference" else None
            target = copier.copy(relationship.target, relationship.type, edit)
            if target is None:
                continue  # a reference to a missing part would make Word refuse the file
            renamed[rid] = f"rIdRef{len(renamed) + 1}"
            relationships.append(opc.Relationship(renamed[rid], relationship.type, _relative(target)))
        reference = etree.Element(f"{_W}{name}")
        reference.set(f"{_W}type", which)
        reference.set(f"{_R}id", renamed[rid])
        wml.insert_child(section, reference)
    if header_top:
        headers = {which for name, which in references if name == "headerReference"}
        missing = [which for which in _REFERENCE_TYPES if which not in headers]
        if missing:
            own = "word/materialHeader.xml"
            copier.parts.append(opc.Part(own, wml.part("hdr", header_top), opc.CONTENT_TYPE["header"]))
            relationships.append(
                opc.Relationship("rIdMaterialHeader", opc.relationship_type("header"), _relative(own))
            )
            for which in missing:
                reference = etree.Element(f"{_W}headerReference")
                reference.set(f"{_W}type", which)
                reference.set(f"{_R}id", "rIdMaterialHeader")
                wml.insert_child(section, reference)
    known = set(wml.SEQUENCES["sectPr"]) - {
        "headerReference",
        "footerReference",
        "printerSettings",
        "sectPrChange",
    }
    for child in last:
        if isinstance(child.tag, str) and child.tag.startswith(_W) and child.tag[len(_W) :] in known:
            wml.insert_child(section, _w_only(child))
    if landscape:
        _turn(section)
    return etree.tostring(section, encoding="unicode"), _page(section)


def _prepend(paragraph: str) -> Callable[[etree._Element], None]:
    """An edit of a header part that puts ``paragraph`` (XML) before its first child."""

    def edit(root: etree._Element) -> None:
        from lxml import etree

        made = etree.fromstring(f'<w:hdr xmlns:w="{wml.W}">{paragraph}</w:hdr>')[0]
        root.insert(0, made)

    return edit


def _page(section: etree._Element) -> wml.Page | None:
    """The page size and margins ``section`` sets, or ``None`` when it lacks any of them."""
    size, margins = section.find(f"{_W}pgSz"), section.find(f"{_W}pgMar")
    if size is None or margins is None:
        return None
    width, height = _twips(size.get(f"{_W}w")), _twips(size.get(f"{_W}h"))
    sides = [_twips(margins.get(f"{_W}{side}")) for side in ("top", "right", "bottom", "left")]
    if width is None or height is None or None in sides:
        return None
    top, right, bottom, left = (side or 0 for side in sides)
    if left + right >= width or top + bottom >= height:
        return None
    return wml.Page(width, height, (top, right, bottom, left))


def _w_only(element: etree._Element, depth: int = 2) -> etree._Element:
    """A copy of ``element`` keeping only WordprocessingML attributes and children, ``depth``
    levels down (section properties nest no deeper)."""
    from lxml import etree

    made = etree.Element(element.tag)
    for key, value in element.attrib.items():
        if key.startswith(_W):
            made.set(key, value)
    if depth:
        for child in element:
            if isinstance(child.tag, str) and child.tag.startswith(_W):
                made.append(_w_only(child, depth - 1))
    return made


def _twips(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() and len(value) < 7 else None


def _turn(section: etree._Element) -> None:
    """Set ``section``'s page to landscape: the long side across."""
    from lxml import etree

    size = section.find(f"{_W}pgSz")
    if size is None:
        size = etree.Element(f"{_W}pgSz")
        wml.insert_child(section, size)
    width, height = _twips(size.get(f"{_W}w")), _twips(size.get(f"{_W}h"))
    if width is None or height is None:
        width, height = 11906, 16838  # A4, when the reference gives no size ronten can read
    short, long = sorted((width, height))
    size.set(f"{_W}w", str(long))
    size.set(f"{_W}h", str(short))
    size.set(f"{_W}orient", "landscape")


# --- copying parts -------------------------------------------------------------------------------
_MIME = re.compile(r"[A-Za-z0-9][\w.+-]*/[A-Za-z0-9][\w.+-]*")
_EXTENSION = re.compile(r"[A-Za-z0-9]{1,8}")
_GUESSED_TYPES = {kind: opc.CONTENT_TYPE[kind] for kind in ("header", "footer", "theme", "numbering")}


class _Copier:
    """Copies parts of the reference, and the parts their relationships point to, under new names.

    Work is queued, not recursive: a crafted file may chain thousands of parts.
    """

    def __init__(self, package: Package) -> None:
        self.package = package
        self.names: dict[str, str] = {}
        self.counts: dict[str, int] = {}
        self.queue: deque[tuple[str, str, str, Callable[[etree._Element], None] | None]] = deque()
        self.parts: list[opc.Part] = []
        self.overrides: dict[str, str] = {}
        self.defaults: dict[str, str] = {}
        if package.has("[Content_Types].xml"):
            for entry in package.xml("[Content_Types].xml"):
                if entry.tag == f"{_CONTENT_TYPES}Override":
                    name = entry.get("PartName", "").lstrip("/")
                    self.overrides[name.lower()] = entry.get("ContentType", "")
                elif entry.tag == f"{_CONTENT_TYPES}Default":
                    self.defaults[entry.get("Extension", "").lower()] = entry.get("ContentType", "")

    def _content_type(self, part: str, kind: str) -> str | None:
        extension = posixpath.splitext(part)[1][1:].lower()
        found = self.overrides.get(part.lower()) or self.defaults.get(extension)
        if found and found != "application/xml" and _MIME.fullmatch(found):
            return found
        # Some writers leave parts out of [Content_Types].xml; Word still needs them typed.
        return _GUESSED_TYPES.get(kind.rpartition("/")[2])

    def copy(self, part: str, kind: str, edit: Callable[[etree._Element], None] | None = None) -> str | None:
        """The name ``part`` (pointed at by a relationship of type ``kind``) gets in the output,
        or ``None`` when the package lacks it or gives it no content type."""
        if part in self.names:
            return self.names[part]
        content_type = self._content_type(part, kind)
        if content_type is None or not self.package.has(part):
            return None
        stem = kind.rpartition("/")[2]
        stem = stem if stem.isascii() and stem.isalnum() else "part"
        extension = posixpath.splitext(part)[1][1:].lower()
        extension = extension if _EXTENSION.fullmatch(extension) else "bin"
        folder = {"image": "word/media/", "theme": "word/theme/"}.get(stem, "word/")
        name = ""
        while not name or name == THEME_PART:
            self.counts[stem] = self.counts.get(stem, 0) + 1
            name = f"{folder}{stem}{self.counts[stem]}.{extension}"
        self.names[part] = name
        self.queue.append((part, name, content_type, edit))
        return name

    def finish(self) -> list[opc.Part]:
        """Every part queued, with its relationships; parts they name are queued and copied too."""
        while self.queue:
            source, name, content_type, edit = self.queue.popleft()
            if not (content_type.endswith("+xml") or content_type in ("text/xml", "application/xml")):
                self.parts.append(opc.Part(name, self.package.raw(source), content_type))
                continue
            root = self.package.xml(source)
            if edit is not None:
                edit(root)
            folder = posixpath.dirname(name)
            links = []
            for relationship in self.package.relationships(source):
                if relationship.external:
                    links.append(
                        opc.Relationship(relationship.id, relationship.type, relationship.target, True)
                    )
                    continue
                target = self.copy(relationship.target, relationship.type)
                if target is None:
                    raise InputError(
                        _("{path}: part {part} refers to {target}, which the file lacks").format(
                            path=self.package.name, part=source, target=relationship.target
                        ),
                        path=self.package.name,
                        field=source,
                    )
                links.append(
                    opc.Relationship(relationship.id, relationship.type, posixpath.relpath(target, folder))
                )
            self.parts.append(opc.Part(name, _serialise(root), content_type))
            if links:
                rels = posixpath.join(folder, "_rels", posixpath.basename(name) + ".rels")
                self.parts.append(opc.Part(rels, opc.relationships(links)))
        return self.parts
