"""Reading Word outlines: a .docx (or a .doc, .odt or .rtf, which LibreOffice turns into one) into the tree.

``kind`` tells these formats apart by their first bytes, not by the file name, so a memo saved
without a suffix or read from git (``REV:path``) is still recognised. Importing this package costs
nothing: lxml and the readers load when a Word file is actually read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import InputError
from ..i18n import _
from ..signatures import OLE, RTF, ZIP

if TYPE_CHECKING:
    from ..model import Outline

# An OLE file holding this stream is an encrypted OOXML package: a password-protected .docx.
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_ODT = b"mimetypeapplication/vnd.oasis.opendocument.text"


def kind(data: bytes) -> str | None:
    """``docx``, ``odt``, ``doc``, ``rtf`` or ``encrypted`` by content; None for anything else (text)."""
    if data.startswith(ZIP):
        if data[30:].startswith(_ODT):
            return "odt"
        return "docx"
    if data.startswith(OLE):
        return "encrypted" if _ENCRYPTED in data else "doc"
    if data.startswith(RTF):
        return "rtf"
    return None


def is_word(data: bytes) -> bool:
    """Whether ``data`` is a document the Word reader reads (not a text outline)."""
    return kind(data) is not None


def read_outline(data: bytes, name: str) -> tuple[Outline, list[str]]:
    """The outline of a Word document, and the warnings about what it leaves out."""
    found = kind(data)
    if found == "encrypted":
        raise InputError(
            _(
                "{name}: a password-protected Word file; remove the password in Word (File > Info > "
                "Protect Document) and save it again"
            ).format(name=name),
            path=name,
        )
    if found in ("doc", "odt", "rtf"):
        from ..office import Document, to_docx

        data = to_docx(Document(name, data, f".{found}"))
    from ..parser import gc_paused
    from .outline import to_outline
    from .reader import read_document

    with gc_paused():
        document = read_document(data, name)
        outline = to_outline(document)
    if not outline.title and not outline.children and not outline.preface and not outline.notes:
        raise InputError(_("{name}: the Word document has no text").format(name=name), path=name)
    return outline, document.warnings()
