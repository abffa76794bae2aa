"""Small .docx packages written inside the Word-reader tests, and LibreOffice's reading of them.

``make_docx`` writes the few parts Word needs (content types, relationships, the body, and
numbering, styles, comments… when given) so a test states exactly the XML it is about.
``lo_lines`` reads LibreOffice's text export (``docx_helpers.libreoffice_convert``), which prints
every number LibreOffice computed.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

_TYPES = {
    "numbering": "numbering",
    "styles": "styles",
    "comments": "comments",
    "footnotes": "footnotes",
    "header1": "header",
    "footer1": "footer",
}
_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.{}+xml"


def make_docx(body: str, **parts: str) -> bytes:
    """A .docx whose body is ``body``; each keyword (numbering, styles, comments, footnotes, header1,
    footer1) adds that part with the given inner XML, wrapped in its root element."""
    roots = {
        "numbering": "numbering",
        "styles": "styles",
        "comments": "comments",
        "footnotes": "footnotes",
        "header1": "hdr",
        "footer1": "ftr",
    }
    main_type = _CONTENT.format("document.main")
    overrides = [f'<Override PartName="/word/document.xml" ContentType="{main_type}"/>']
    rels = []
    for index, name in enumerate(parts, start=1):
        kind = _TYPES[name]
        overrides.append(f'<Override PartName="/word/{name}.xml" ContentType="{_CONTENT.format(kind)}"/>')
        rels.append(f'<Relationship Id="rId{index}" Type="{REL}/{kind}" Target="{name}.xml"/>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>' + "".join(overrides) + "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        )
        archive.writestr(
            "word/_rels/document.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(rels)
            + "</Relationships>",
        )
        archive.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}" xmlns:r="{REL}">'
            f"<w:body>{body}</w:body></w:document>",
        )
        for name, inner in parts.items():
            archive.writestr(
                f"word/{name}.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><w:{roots[name]} xmlns:w="{W_NS}">{inner}'
                f"</w:{roots[name]}>",
            )
    return buffer.getvalue()


def para(
    text: str = "", *, style: str | None = None, num: int | str | None = None, ilvl: int | None = None
) -> str:
    """One ``w:p`` with an optional style and ``w:numPr``."""
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num is not None or ilvl is not None:
        ppr += "<w:numPr>"
        ppr += f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
        ppr += f'<w:numId w:val="{num}"/>' if num is not None else ""
        ppr += "</w:numPr>"
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{run}</w:p>"


def level(
    ilvl: int, fmt: str = "decimal", text: str | None = None, *, start: int | None = 1, extra: str = ""
) -> str:
    """One ``w:lvl``; ``text`` defaults to the level's own counter (``%N``)."""
    start_xml = f'<w:start w:val="{start}"/>' if start is not None else ""
    pattern = f"%{ilvl + 1}" if text is None else text
    return (
        f'<w:lvl w:ilvl="{ilvl}">{start_xml}<w:numFmt w:val="{fmt}"/>{extra}'
        f'<w:lvlText w:val="{pattern}"/></w:lvl>'
    )


def abstract(abstract_id: int, *levels: str, extra: str = "") -> str:
    return f'<w:abstractNum w:abstractNumId="{abstract_id}">{extra}{"".join(levels)}</w:abstractNum>'


def num(num_id: int, abstract_id: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'


def lo_lines(txt: Path) -> list[str]:
    """The non-empty lines of LibreOffice's text export, without the indentation it adds per level."""
    text = txt.read_text(encoding="utf-8-sig")
    return [line.strip(" ") for line in text.splitlines() if line.strip()]
