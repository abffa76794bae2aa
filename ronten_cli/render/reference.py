"""Adopting a user's reference .docx (``--reference-doc``): styles, numbering, header, footer, page set-up.

pandoc's model: the reference document's look wins, but the styles ronten writes must exist, so a
style the reference lacks is added from ronten's defaults. Styles are matched by name (``heading
2``), not id, because Japanese Word gives them ids like ``2``; the body's style ids are rewritten
to the reference's. A style ronten labels literally loses any Word auto-numbering the reference
attached to it, so no label is ever printed twice.

Word writes these parts with a fixed ``w:``/``r:`` prefix convention, so they are handled as text
with a few regular expressions instead of loading an XML library.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .docx import CT_MAIN, REL, STYLE_NAMES

_STYLE = re.compile(r"<w:style\b[^>]*?(?:/>|>.*?</w:style>)", re.DOTALL)
_STYLE_ID = re.compile(r'w:styleId="([^"]*)"')
_NAME = re.compile(r'<w:name w:val="([^"]*)"')
_NUMPR = re.compile(r"<w:numPr>.*?</w:numPr>|<w:numPr/>", re.DOTALL)
_SECT_PR = re.compile(r"<w:sectPr\b[^>]*>.*?</w:sectPr>(?=\s*</w:body>)", re.DOTALL)
_RID = re.compile(r'r:id="([^"]*)"')
_RELATIONSHIP = re.compile(r"<Relationship\b([^>]*)/?>")
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
_PG_SZ = re.compile(r"<w:pgSz\b[^>]*/>")
_STYLE_REF = re.compile(r'(<w:(?:pStyle|tblStyle|rStyle) w:val=")([^"]+)(")')


@dataclass
class Adopted:
    """What ``package`` takes from a reference document."""

    styles: str
    style_map: dict[str, str]
    sect_pr: str = ""
    relationships: list[tuple[str, str, str]] = field(default_factory=list)
    overrides: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    parts: list[tuple[str, str | bytes]] = field(default_factory=list)

    def restyle(self, body: str) -> str:
        """``body`` with ronten's style ids replaced by the reference's ids for the same styles."""
        renamed = {mine: theirs for mine, theirs in self.style_map.items() if mine != theirs}
        if not renamed:
            return body
        return _STYLE_REF.sub(lambda m: m[1] + renamed.get(m[2], m[2]) + m[3], body)


def _read(archive: zipfile.ZipFile, name: str) -> str | None:
    try:
        return archive.read(name).decode("utf-8")
    except KeyError:
        return None


def _relations(xml: str | None) -> dict[str, dict[str, str]]:
    """Relationship id to its attributes (Type, Target, TargetMode)."""
    if not xml:
        return {}
    found = {}
    for match in _RELATIONSHIP.finditer(xml):
        attributes = dict(_ATTRIBUTE.findall(match[1]))
        if "Id" in attributes:
            found[attributes["Id"]] = attributes
    return found


def _part(base: str, target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))


def _adopt_styles(styles: str, definitions: dict[str, str]) -> tuple[str, dict[str, str], set[str]]:
    """Match ronten's styles to the reference's by name; add the missing ones; drop numbering."""
    blocks = _STYLE.findall(styles)
    by_name: dict[str, str] = {}
    ids: set[str] = set()
    default_paragraph = ""
    for block in blocks:
        style_id = _STYLE_ID.search(block)
        name = _NAME.search(block)
        if not style_id:
            continue
        ids.add(style_id[1])
        if name:
            by_name.setdefault(name[1].lower(), style_id[1])
        if 'w:default="1"' in block and 'w:type="paragraph"' in block:
            default_paragraph = style_id[1]
    style_map: dict[str, str] = {}
    missing: list[str] = []
    for mine in definitions:
        theirs = (
            default_paragraph
            if mine == "Normal" and default_paragraph
            else by_name.get(STYLE_NAMES[mine].lower())
        )
        if theirs:
            style_map[mine] = theirs
        else:
            style_map[mine] = mine if mine not in ids else f"Ronten{mine}"
            missing.append(mine)
    labelled = {theirs for mine, theirs in style_map.items() if mine.startswith(("Heading", "ListItem"))}

    def unnumbered(match: re.Match[str]) -> str:
        block = match[0]
        style_id = _STYLE_ID.search(block)
        return _NUMPR.sub("", block) if style_id and style_id[1] in labelled else block

    styles = _STYLE.sub(unnumbered, styles)

    def resolve(match: re.Match[str]) -> str:
        return match[1] + style_map.get(match[2], match[2]) + match[3]

    attribute = re.compile(r'((?:w:styleId|w:basedOn w:val|w:next w:val)=")([^"]+)(")')
    added = "".join(attribute.sub(resolve, definitions[mine]) for mine in missing)
    styles = _japanese_defaults(styles)
    closing = styles.rfind("</w:styles>")
    if closing < 0:
        raise InputError("word/styles.xml is not a Word styles part")
    return styles[:closing] + added + styles[closing:], style_map, labelled


_DEFAULT_RPR = re.compile(r"(<w:rPrDefault>\s*<w:rPr>)(.*?)(</w:rPr>)", re.DOTALL)
_LANG = re.compile(r"<w:lang\b[^>]*/>")


def _japanese_defaults(styles: str) -> str:
    """Tag East Asian text as Japanese in the document defaults, whatever the reference said.

    A reference saved by English Word (or python-docx's template) says ``w:eastAsia="en-US"``,
    which makes Word pick Chinese glyph forms and line-breaking rules for Japanese text.
    """

    def tag(lang: str) -> str:
        if "w:eastAsia=" in lang:
            return re.sub(r'w:eastAsia="[^"]*"', 'w:eastAsia="ja-JP"', lang)
        return lang.replace("/>", ' w:eastAsia="ja-JP"/>')

    def fix(match: re.Match[str]) -> str:
        body = match[2]
        body = (
            _LANG.sub(lambda m: tag(m[0]), body, count=1)
            if _LANG.search(body)
            else body + '<w:lang w:eastAsia="ja-JP"/>'
        )
        return match[1] + body + match[3]

    if _DEFAULT_RPR.search(styles):
        return _DEFAULT_RPR.sub(fix, styles, count=1)
    defaults = '<w:rPrDefault><w:rPr><w:lang w:eastAsia="ja-JP"/></w:rPr></w:rPrDefault>'
    if "<w:docDefaults>" in styles:
        return styles.replace("<w:docDefaults>", "<w:docDefaults>" + defaults, 1)
    return re.sub(r"(<w:styles\b[^>]*>)", rf"\1<w:docDefaults>{defaults}</w:docDefaults>", styles, count=1)


def adopt(path: Path, definitions: dict[str, str], landscape: bool) -> Adopted:
    """Read ``path`` and return the styles and parts a document rendered with it takes over.

    ``definitions`` are ronten's own style definitions by id; with ``landscape`` the reference's
    page is turned to landscape.
    """
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"{path}: not a Word .docx file ({exc})") from None
    with archive:
        styles = _read(archive, "word/styles.xml")
        if styles is None:
            raise InputError(f"{path}: not a Word .docx file (it has no word/styles.xml)")
        try:
            styles, style_map, labelled = _adopt_styles(styles, definitions)
        except InputError as exc:
            raise InputError(f"{path}: {exc}") from None
        adopted = Adopted(styles, style_map)
        document = _read(archive, "word/document.xml") or ""
        relations = _relations(_read(archive, "word/_rels/document.xml.rels"))
        content_types = _read(archive, "[Content_Types].xml") or ""
        type_of = {
            name.lstrip("/"): kind
            for name, kind in re.findall(r'PartName="([^"]+)" ContentType="([^"]+)"', content_types)
        }
        adopted.defaults.update(re.findall(r'Extension="([^"]+)" ContentType="([^"]+)"', content_types))
        copy = _copier(archive, adopted, type_of)
        numbering = _read(archive, "word/numbering.xml")
        if numbering is not None:
            for style_id in labelled:
                numbering = numbering.replace(f'<w:pStyle w:val="{style_id}"/>', "")
            adopted.parts.append(("word/numbering.xml", numbering))
            adopted.overrides["word/numbering.xml"] = f"{CT_MAIN}.numbering+xml"
            adopted.relationships.append(("rId5", f"{REL}/numbering", "numbering.xml"))
        for relation in relations.values():
            if relation.get("Type", "").endswith("/theme"):
                theme = _part("word", relation["Target"])
                if copy(theme):
                    adopted.relationships.append(("rId6", f"{REL}/theme", posixpath.relpath(theme, "word")))
                break
        found = _SECT_PR.search(document)
        if found:
            adopted.sect_pr = _section(found[0], relations, adopted, copy, landscape)
    return adopted


# Parts a sloppy [Content_Types].xml may not list, by their conventional names.
_GUESSED_TYPES = {
    "header": f"{CT_MAIN}.header+xml",
    "footer": f"{CT_MAIN}.footer+xml",
    "theme": "application/vnd.openxmlformats-officedocument.theme+xml",
}


def _copier(archive: zipfile.ZipFile, adopted: Adopted, type_of: dict[str, str]) -> Callable[[str], bool]:
    """A function copying one part (and the parts its own relationships point to) into ``adopted``."""
    copied: set[str] = set()

    def copy(part: str) -> bool:
        if part in copied:
            return True
        try:
            data = archive.read(part)
        except KeyError:
            return False
        copied.add(part)
        adopted.parts.append((part, data))
        kind = type_of.get(part) or _GUESSED_TYPES.get(re.sub(r"\d*\.xml$", "", posixpath.basename(part)))
        if kind:
            adopted.overrides[part] = kind
        folder, name = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", name + ".rels")
        rels = _read(archive, rels_name)
        if rels is not None:
            adopted.parts.append((rels_name, rels))
            for relation in _relations(rels).values():
                if relation.get("TargetMode") != "External":
                    copy(_part(folder, relation["Target"]))
        return True

    return copy


def _section(
    sect_pr: str,
    relations: dict[str, dict[str, str]],
    adopted: Adopted,
    copy: Callable[[str], bool],
    landscape: bool,
) -> str:
    """The reference's section properties, its header/footer parts copied and re-linked."""
    renamed: dict[str, str] = {}
    for number, rid in enumerate(dict.fromkeys(_RID.findall(sect_pr)), 1):
        relation = relations.get(rid)
        if not relation:
            continue
        part = _part("word", relation["Target"])
        if copy(part):
            new = f"rIdRef{number}"
            renamed[rid] = new
            adopted.relationships.append((new, relation["Type"], posixpath.relpath(part, "word")))
    # A header or footer reference whose part is missing would make Word refuse the file.
    sect_pr = re.sub(
        r'<w:(?:header|footer)Reference\b[^>]*r:id="([^"]*)"[^>]*/>',
        lambda m: m[0].replace(m[1], renamed[m[1]]) if m[1] in renamed else "",
        sect_pr,
    )
    size = _PG_SZ.search(sect_pr)
    if landscape and size:
        width = re.search(r'w:w="(\d+)"', size[0])
        height = re.search(r'w:h="(\d+)"', size[0])
        if width and height:
            short, long = sorted((int(width[1]), int(height[1])))
            sect_pr = sect_pr.replace(
                size[0], f'<w:pgSz w:w="{long}" w:h="{short}" w:orient="landscape"/>', 1
            )
    return sect_pr
