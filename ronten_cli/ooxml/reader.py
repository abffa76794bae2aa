"""Opening someone else's OOXML package (a .docx) without trusting it.

Reference documents and Word outlines may come from a shared folder, so every read is bounded and
every failure is one ``InputError`` naming the file and the part: the zip's declared and actual sizes
are capped (a zip bomb stops at the cap, not at the machine's memory), member names that climb out of
the package are refused, XML is parsed by lxml with DTDs, entities and network access off, and a
relationship must point inside the package and never at a main part of it.

Parts saved as Strict OOXML (ISO/IEC 29500 Strict) come back in the Transitional namespaces and
relationship types, so every reader meets one vocabulary.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..i18n import _
from ..signatures import OLE
from .package import PACKAGE_RELATIONSHIPS, relationship_type, transitional_type
from .wml import STRICT_NAMESPACES

if TYPE_CHECKING:
    from lxml import etree

# A real 論点メモ or reference document is well under a megabyte; 200 MB of XML is already more than
# any office document and still a bounded amount of memory.
MAX_TOTAL = 200 * 1024 * 1024
MAX_MEMBERS = 10_000

OFFICE_DOCUMENT = relationship_type("officeDocument")


@dataclass(frozen=True, slots=True)
class Relationship:
    """One ``<Relationship>``: ``type`` in its Transitional name; ``target`` is a part name inside
    the package unless ``external``."""

    id: str
    type: str
    target: str
    external: bool


class Package:
    """A zip of XML parts, read part by part within the caps above."""

    def __init__(self, data: bytes, name: str) -> None:
        self.name = name
        if data.startswith(OLE):
            raise InputError(
                _(
                    "{path}: an encrypted (password-protected) or old-format Word file, not a .docx; "
                    "remove the password or save it as .docx"
                ).format(path=name),
                path=name,
            )
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
            raise InputError(
                _("{path}: not a Word document (not a readable zip: {problem})").format(
                    path=name, problem=exc
                ),
                path=name,
            ) from None
        if len(infos) > MAX_MEMBERS:
            raise InputError(
                _("{path}: not a Word document ({count} zip members)").format(path=name, count=len(infos)),
                path=name,
            )
        self._infos: dict[str, zipfile.ZipInfo] = {}
        declared = 0
        for info in infos:
            part = _part_name(info.filename)
            if part is None:
                raise InputError(
                    _("{path}: refused zip member name {member}").format(
                        path=name, member=repr(info.filename)
                    ),
                    path=name,
                )
            declared += info.file_size
            self._infos[part] = info
        if declared > MAX_TOTAL:
            raise InputError(
                _("{path}: refused, its parts would unpack to {size} MB (more than {limit} MB)").format(
                    path=name, size=declared // 2**20, limit=MAX_TOTAL // 2**20
                ),
                path=name,
            )
        self._read = 0
        self._main = ""

    @property
    def names(self) -> tuple[str, ...]:
        """Every part name, as stored (no leading slash)."""
        return tuple(self._infos)

    def has(self, part: str) -> bool:
        return part in self._infos

    def raw(self, part: str) -> bytes:
        """The bytes of ``part``; the sizes actually read count against the cap, whatever the header says."""
        info = self._infos.get(part)
        if info is None:
            raise InputError(
                _("{path}: no part {part}").format(path=self.name, part=part), path=self.name, field=part
            )
        budget = MAX_TOTAL - self._read
        try:
            with self._zip.open(info) as member:
                data = member.read(budget + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise InputError(
                _("{path}: part {part} cannot be read ({problem})").format(
                    path=self.name, part=part, problem=exc
                ),
                path=self.name,
                field=part,
            ) from None
        if len(data) > budget:
            raise InputError(
                _("{path}: refused, its parts unpack to more than {limit} MB").format(
                    path=self.name, limit=MAX_TOTAL // 2**20
                ),
                path=self.name,
                field=part,
            )
        self._read += len(data)
        return data

    def xml(self, part: str) -> etree._Element:
        """``part`` parsed as XML, in Transitional namespaces; a DTD or entity declaration is
        refused, never expanded."""
        from lxml import etree

        data = self.raw(part)
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
        )
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            raise InputError(
                _("{path}: part {part} is not well-formed XML ({problem})").format(
                    path=self.name, part=part, problem=exc
                ),
                path=self.name,
                field=part,
            ) from None
        if root.getroottree().docinfo.internalDTD is not None or b"<!ENTITY" in data[:4096]:
            raise InputError(
                _("{path}: part {part} declares a DTD or entities; refused").format(
                    path=self.name, part=part
                ),
                path=self.name,
                field=part,
            )
        if root.tag.startswith(_STRICT) or any(uri in STRICT_NAMESPACES for uri in root.nsmap.values()):
            return _transitional(root)
        return root

    def relationships(self, part: str) -> list[Relationship]:
        """The relationships of ``part`` (``""`` for the package's own), targets resolved to part names."""
        folder, _slash, base = part.rpartition("/")
        rels_part = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        if not self.has(rels_part):
            return []
        found = []
        for element in self.xml(rels_part):
            if not isinstance(element.tag, str) or element.tag != f"{{{PACKAGE_RELATIONSHIPS}}}Relationship":
                continue
            rid, target = element.get("Id"), element.get("Target")
            kind = transitional_type(element.get("Type") or "")
            if not rid or not kind or target is None:
                raise InputError(
                    _("{path}: part {part} has a relationship without Id, Type or Target").format(
                        path=self.name, part=rels_part
                    ),
                    path=self.name,
                    field=rels_part,
                )
            if element.get("TargetMode") == "External":
                found.append(Relationship(rid, kind, target, True))
                continue
            resolved = _resolve(folder, target)
            if resolved is None:
                raise InputError(
                    _("{path}: part {part} points outside the package ({target})").format(
                        path=self.name, part=rels_part, target=target
                    ),
                    path=self.name,
                    field=rels_part,
                )
            if part and (
                resolved == self._main or resolved == "[Content_Types].xml" or resolved.endswith(".rels")
            ):
                # A header that "includes" document.xml would copy the main part into itself.
                raise InputError(
                    _("{path}: part {part} points at a main part of the package ({target})").format(
                        path=self.name, part=rels_part, target=target
                    ),
                    path=self.name,
                    field=rels_part,
                )
            found.append(Relationship(rid, kind, resolved, False))
        return found

    def main_part(self) -> str:
        """The part the package's ``officeDocument`` relationship names (``word/document.xml``)."""
        if self._main:
            return self._main
        for relationship in self.relationships(""):
            if (
                relationship.type == OFFICE_DOCUMENT
                and not relationship.external
                and self.has(relationship.target)
            ):
                self._main = relationship.target
                return self._main
        raise InputError(
            _("{path}: not a Word document (no word/document.xml)").format(path=self.name), path=self.name
        )


_STRICT = "{http://purl.oclc.org/ooxml/"


def _renamed(name: str) -> str:
    """A ``{namespace}local`` name with a Strict namespace replaced by its Transitional twin."""
    if not name.startswith(_STRICT):
        return name
    uri, _, local = name[1:].partition("}")
    return f"{{{STRICT_NAMESPACES.get(uri, uri)}}}{local}"


def _transitional(root: etree._Element) -> etree._Element:
    """A copy of ``root`` with every Strict namespace renamed, its prefixes kept.

    lxml cannot rename a declared namespace in place, so the tree is rebuilt, without recursion
    (a part may nest deeply).
    """
    from lxml import etree

    def nsmap(element: etree._Element, inherited: dict[str | None, str]) -> dict[str | None, str]:
        return {
            prefix: STRICT_NAMESPACES.get(uri, uri)
            for prefix, uri in element.nsmap.items()
            if inherited.get(prefix) != STRICT_NAMESPACES.get(uri, uri)
        }

    def attributes(element: etree._Element) -> dict[str, str]:
        return {_renamed(key): value for key, value in element.attrib.items()}

    top = etree.Element(_renamed(root.tag), attributes(root), nsmap=nsmap(root, {}))
    top.text = root.text
    stack = [(root, top)]
    while stack:
        old, new = stack.pop()
        for child in old:
            if isinstance(child.tag, str):
                made = etree.SubElement(
                    new, _renamed(child.tag), attributes(child), nsmap=nsmap(child, new.nsmap)
                )
                made.text = child.text
                stack.append((child, made))
            else:  # a comment or processing instruction
                made = deepcopy(child)
                new.append(made)
            made.tail = child.tail
    return top


def _part_name(member: str) -> str | None:
    """The part name of a zip member, or None when it is absolute or climbs out of the package."""
    if not member or member.startswith(("/", "\\")) or "\\" in member or ":" in member.split("/")[0]:
        return None
    if any(segment == ".." for segment in member.split("/")):
        return None
    return member


def _resolve(folder: str, target: str) -> str | None:
    """A relationship target resolved against its source folder; None if it leaves the package."""
    if target.startswith("/"):
        path = target.lstrip("/")
    else:
        path = posixpath.join(folder, target) if folder else target
        if path.split("/")[0] == "..":
            return None
    normal = posixpath.normpath(path)
    if normal.startswith("../") or normal == ".." or normal.startswith("/"):
        return None
    return normal


def open_package(source: bytes | Path, name: str | None = None) -> Package:
    """Open ``source`` (the file's bytes or its path) as an OOXML package; ``name`` is what messages show."""
    if isinstance(source, Path):
        shown = name or str(source)
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise InputError(
                _("{path}: cannot read ({reason})").format(path=shown, reason=exc.strerror or exc), path=shown
            ) from None
        return Package(data, shown)
    return Package(source, name or "<input>")
