"""The OPC package around WordprocessingML: parts, content types, relationships, document
properties, the theme, and a deterministic zip.

``write`` is the only way ronten makes a .docx: it lists every part in ``[Content_Types].xml``,
checks that each XML part is well-formed (a bug that made broken XML becomes one error naming the
part, and no file), and zips the parts with fixed times and attributes, so that with
SOURCE_DATE_EPOCH set the same input gives the same bytes.
"""

from __future__ import annotations

import io
import os
import time
import zipfile
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import NamedTuple

from ..errors import OutputError
from ..i18n import _
from .wml import XML_DECLARATION, attr, escape

OFFICE_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRICT_RELATIONSHIPS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
EXTENDED_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"

WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
CONTENT_TYPE = {
    "document": f"{WML}.document.main+xml",
    "styles": f"{WML}.styles+xml",
    "settings": f"{WML}.settings+xml",
    "fontTable": f"{WML}.fontTable+xml",
    "numbering": f"{WML}.numbering+xml",
    "header": f"{WML}.header+xml",
    "footer": f"{WML}.footer+xml",
    "theme": "application/vnd.openxmlformats-officedocument.theme+xml",
    "core-properties": "application/vnd.openxmlformats-package.core-properties+xml",
    "extended-properties": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
}
DEFAULT_TYPES = {
    "rels": "application/vnd.openxmlformats-package.relationships+xml",
    "xml": "application/xml",
}


def relationship_type(name: str) -> str:
    """The Transitional relationship type called ``name`` (``styles``, ``header``, …)."""
    if name == "core-properties":
        return f"{PACKAGE_RELATIONSHIPS}/metadata/core-properties"
    return f"{OFFICE_RELATIONSHIPS}/{name}"


def transitional_type(kind: str) -> str:
    """A relationship type as Transitional names it, whether ``kind`` was Strict or not."""
    prefix = f"{_STRICT_RELATIONSHIPS}/"
    if kind.startswith(prefix):
        return f"{OFFICE_RELATIONSHIPS}/{kind[len(prefix) :]}"
    return kind


class Part(NamedTuple):
    """One part of a package: its name (no leading slash), content, and content type.

    A part whose ``content_type`` is empty is typed by its extension (``DEFAULT_TYPES``).
    """

    name: str
    data: str | bytes
    content_type: str = ""


class Relationship(NamedTuple):
    """One relationship to write: id, full type URI, target as written, and whether it is external."""

    id: str
    type: str
    target: str
    external: bool = False


def relationships(items: Sequence[Relationship]) -> str:
    """A ``.rels`` part."""
    rows = "".join(
        f'<Relationship Id="{attr(item.id)}" Type="{attr(item.type)}" Target="{attr(item.target)}"'
        + (' TargetMode="External"/>' if item.external else "/>")
        for item in items
    )
    return f'{XML_DECLARATION}<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">{rows}</Relationships>'


def content_types(parts: Sequence[Part], defaults: Mapping[str, str]) -> str:
    """``[Content_Types].xml``: one default per extension, one override per part typed by name."""
    rows = [
        f'<Default Extension="{attr(ext)}" ContentType="{attr(kind)}"/>'
        for ext, kind in sorted(defaults.items())
    ]
    rows += [
        f'<Override PartName="/{attr(part.name)}" ContentType="{attr(part.content_type)}"/>'
        for part in parts
        if part.content_type
    ]
    return f'{XML_DECLARATION}<Types xmlns="{CONTENT_TYPES}">{"".join(rows)}</Types>'


def core_properties(title: str, author: str, stamp: str) -> str:
    """``docProps/core.xml``: title, author and the creation time (W3CDTF)."""
    author = escape(author)
    return (
        f'{XML_DECLARATION}<cp:coreProperties xmlns:cp="{CORE_PROPERTIES}"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>{author}</dc:creator>"
        f"<cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def app_properties() -> str:
    """``docProps/app.xml``: the application that wrote the file."""
    application = "<Application>ronten</Application>"
    return f'{XML_DECLARATION}<Properties xmlns="{EXTENDED_PROPERTIES}">{application}</Properties>'


_THEME_COLOURS = (
    ("dk1", '<a:sysClr val="windowText" lastClr="000000"/>'),
    ("lt1", '<a:sysClr val="window" lastClr="FFFFFF"/>'),
    *(
        (name, f'<a:srgbClr val="{value}"/>')
        for name, value in (
            ("dk2", "44546A"),
            ("lt2", "E7E6E6"),
            ("accent1", "4472C4"),
            ("accent2", "ED7D31"),
            ("accent3", "A5A5A5"),
            ("accent4", "FFC000"),
            ("accent5", "5B9BD5"),
            ("accent6", "70AD47"),
            ("hlink", "0563C1"),
            ("folHlink", "954F72"),
        )
    ),
)


def theme(heading_font: str, body_font: str) -> str:
    """``word/theme/theme1.xml``, Word's plain Office theme with the Japanese fonts as its font
    scheme (headings ``heading_font``, body ``body_font``), so text set in theme fonts is Japanese."""

    def scheme(tag: str, font: str) -> str:
        face = attr(font)
        return (
            f'<a:{tag}><a:latin typeface="{face}"/><a:ea typeface="{face}"/><a:cs typeface=""/>'
            f'<a:font script="Jpan" typeface="{face}"/></a:{tag}>'
        )

    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = '<a:ln w="6350" cap="flat" cmpd="sng" algn="ctr">' + fill + '<a:prstDash val="solid"/></a:ln>'
    return (
        f'{XML_DECLARATION}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
        ' name="Office Theme"><a:themeElements><a:clrScheme name="Office">'
        + "".join(f"<a:{name}>{colour}</a:{name}>" for name, colour in _THEME_COLOURS)
        + '</a:clrScheme><a:fontScheme name="ronten">'
        + scheme("majorFont", heading_font)
        + scheme("minorFont", body_font)
        + '</a:fontScheme><a:fmtScheme name="Office"><a:fillStyleLst>'
        + fill * 3
        + "</a:fillStyleLst><a:lnStyleLst>"
        + line * 3
        + "</a:lnStyleLst><a:effectStyleLst>"
        + "<a:effectStyle><a:effectLst/></a:effectStyle>" * 3
        + "</a:effectStyleLst><a:bgFillStyleLst>"
        + fill * 3
        + "</a:bgFillStyleLst></a:fmtScheme></a:themeElements><a:objectDefaults/>"
        "<a:extraClrSchemeLst/></a:theme>"
    )


# --- dates ---------------------------------------------------------------------------------------
def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` when set: reproducible builds date every document from it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(epoch) if epoch.isdigit() else None


def moment() -> datetime:
    """When a document is made: SOURCE_DATE_EPOCH when set, else now (whole seconds, UTC)."""
    epoch = source_date_epoch()
    return datetime.fromtimestamp(int(time.time()) if epoch is None else epoch, UTC)


def w3cdtf(when: datetime) -> str:
    """``when`` as Word writes dates: ``2025-12-10T07:00:00Z``."""
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def document_date() -> str:
    """``moment()`` as Word writes dates."""
    return w3cdtf(moment())


# --- the zip -------------------------------------------------------------------------------------
def check_well_formed(name: str, data: bytes) -> None:
    """Raise ``OutputError`` naming ``name`` if ``data`` is not well-formed, namespace-aware XML.

    expat, not lxml: it checks without building a tree, and the standard library has it loaded,
    where importing lxml alone would add a tenth of a second to rendering a two-page memo.
    """
    import pyexpat

    parser = pyexpat.ParserCreate(namespace_separator=" ")
    try:
        parser.Parse(data, True)
    except pyexpat.ExpatError as exc:
        raise OutputError(
            _(
                "ronten made a .docx whose part {part} is not well-formed XML ({problem}); "
                "nothing was written"
            ).format(part=name, problem=exc),
            field=name,
        ) from None


def write(parts: Sequence[Part], when: datetime) -> bytes:
    """The .docx bytes of ``parts`` (``[Content_Types].xml`` is made here) dated ``when``."""
    listed = [Part("[Content_Types].xml", content_types(parts, DEFAULT_TYPES)), *parts]
    seen: set[str] = set()
    encoded: list[tuple[str, bytes]] = []
    for part in listed:
        if part.name in seen:
            raise OutputError(
                _("ronten made a .docx with two parts named {part}").format(part=part.name), field=part.name
            )
        seen.add(part.name)
        data = part.data.encode("utf-8") if isinstance(part.data, str) else part.data
        if part.name.endswith((".xml", ".rels")):
            check_well_formed(part.name, data)
        encoded.append((part.name, data))
    # Zip times cannot precede 1980.
    stamp = max(when, datetime(1980, 1, 1, tzinfo=UTC)).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in encoded:
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            # Level 1: document.xml is highly repetitive, so fast deflate loses little size.
            archive.writestr(info, data, compresslevel=1)
    return buffer.getvalue()
