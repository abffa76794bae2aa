"""The PDFs ronten publishes: LibreOffice's rendering, finished for the web, and one file of them all.

Municipal committees publish their 会議資料 as PDF, and the accessibility guideline (JIS X 8341-3)
asks for tagged documents with a title and a language. LibreOffice (``office``) tags the PDF and
turns headings into bookmarks; it takes the title from the document's properties and the language
from the document's Western default (``en-US`` in a Japanese Word document, whose text runs carry
``ja-JP``). ``finish`` therefore sets the catalogue's language to ``ja`` and a missing title, in an
incremental update that leaves LibreOffice's bytes (and a PDF/A's conformance) as they are.

``combine`` makes the meeting's one file with pypdf: the documents in order, one bookmark each with
the document's own bookmarks under it, and their structure trees joined under one ``Document``
so that the combined file is still tagged.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from pypdf.xmp import XmpInformation

from .errors import ConversionError
from .i18n import _
from .office import Document, convert

if TYPE_CHECKING:
    from .meeting import Meeting

LANGUAGE = "ja"
COMBINED_NAME = "会議資料一式.pdf"

# XMP properties carried over when the XMP packet is rewritten for a new title and language:
# PDF/A wants each Info entry LibreOffice wrote mirrored there.
_XMP_KEPT = (
    "pdfaid_part",
    "pdfaid_conformance",
    "pdf_producer",
    "pdf_keywords",
    "xmp_creator_tool",
    "xmp_create_date",
    "xmp_modify_date",
    "dc_creator",
    "dc_description",
)


def _read(pdf: bytes, name: str) -> PdfReader:
    try:
        reader = PdfReader(BytesIO(pdf))
        if reader.is_encrypted:
            raise ConversionError(
                _("{path}: the PDF is encrypted; ronten cannot combine it").format(path=name), path=name
            )
        len(reader.pages)  # a broken page tree shows here, not halfway through combining
    except ConversionError:
        raise
    except Exception as exc:  # pypdf meets a damaged file with many kinds of exception
        raise ConversionError(
            _("{path}: not a readable PDF ({problem})").format(path=name, problem=exc), path=name
        ) from None
    return reader


def is_marked(reader: PdfReader) -> bool:
    """Whether the PDF says it is tagged (LibreOffice does so when asked to tag)."""
    return bool(_dict(reader.root_object.get("/MarkInfo")).get("/Marked"))


def is_tagged(reader: PdfReader) -> bool:
    """Whether the PDF is tagged and has a structure tree (what screen readers read)."""
    return is_marked(reader) and "/StructTreeRoot" in reader.root_object


def pdfa_part(reader: PdfReader) -> str:
    """The PDF/A part the file claims in its XMP metadata (``"2"``), or ``""``."""
    try:
        xmp = reader.xmp_metadata
    except PdfReadError:
        return ""
    return str(xmp.pdfaid_part or "") if xmp is not None else ""


def _xmp(title: str, kept: XmpInformation | None = None, **values: Any) -> bytes:
    """An XMP packet with ``title`` and the language, the ``kept`` packet's other properties, and
    ``values``. Built afresh: pypdf would add dc:language to the first rdf:Description of
    LibreOffice's packet, where the dc prefix is not declared."""
    xmp = XmpInformation.create()
    for name in _XMP_KEPT:
        value = getattr(kept, name) if kept is not None else values.get(name)
        if value:
            setattr(xmp, name, value)
    xmp.dc_title = {"x-default": title}
    xmp.dc_language = [LANGUAGE]
    return xmp.stream.get_data()


def finish(pdf: bytes, *, name: str, title: str = "") -> bytes:
    """LibreOffice's ``pdf`` with language ``ja`` and a title (its own, else ``title``, else
    ``name``), appended as an incremental update. Raises ``ConversionError`` for an untagged PDF:
    LibreOffice before 7.4 ignores the export options ronten gives on its command line."""
    reader = _read(pdf, name)
    if not is_marked(reader):
        producer = _info(reader, "/Producer") or "LibreOffice"
        raise ConversionError(
            _("{path}: {producer} made an untagged PDF; ronten needs LibreOffice 7.4 or later").format(
                path=name, producer=producer
            ),
            path=name,
        )
    chosen = _info(reader, "/Title").strip() or title or name
    writer = PdfWriter(reader, incremental=True)
    writer.root_object[NameObject("/Lang")] = TextStringObject(LANGUAGE)
    writer.add_metadata({"/Title": chosen})
    kept = reader.xmp_metadata
    if kept is not None:  # PDF/A: the XMP packet must say what the Info dictionary says
        writer.xmp_metadata = _xmp(chosen, kept)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass(frozen=True)
class Publication:
    """One document to publish: ``label`` is its bookmark in the combined file (「資料1 論点メモ（案）」),
    ``name`` the PDF file it is written to, and ``source`` the document: a ``Document`` for
    LibreOffice to convert, or a path to a PDF that goes in as it is."""

    label: str
    name: str
    source: Document | Path


@dataclass(frozen=True)
class Published:
    """The PDFs of one run: (file name, bytes) of each document that worked, in order, the combined
    file (when asked for and at least one worked), and one line per document that failed."""

    files: list[tuple[str, bytes]]
    combined: bytes | None = None
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def publish(
    publications: Sequence[Publication], *, pdfa: bool = False, combined_title: str = ""
) -> Published:
    """Every document as PDF (one LibreOffice start-up for all that need converting) and, with a
    ``combined_title``, all of them in one file. A document that fails is reported, not fatal."""
    converting = [one.source for one in publications if isinstance(one.source, Document)]
    results = iter(convert(converting, pdfa=pdfa) if converting else [])
    files: list[tuple[str, bytes]] = []
    parts: list[tuple[str, bytes]] = []
    failures: list[str] = []
    for publication in publications:
        try:
            if isinstance(publication.source, Document):
                result = next(results)
                if result.pdf is None:
                    failures.append(result.problem)
                    continue
                data = finish(result.pdf, name=publication.source.name, title=publication.label)
            else:
                data = _as_is(publication.source, publication.label)
        except ConversionError as exc:
            failures.append(str(exc))
            continue
        files.append((publication.name, data))
        parts.append((publication.label, data))
    if not combined_title or not parts:
        return Published(files, None, failures)
    combined, warnings = combine(parts, title=combined_title, pdfa=pdfa)
    return Published(files, combined, failures, warnings)


def meeting_publications(meeting: Meeting, files: Sequence[tuple[str, bytes | str]]) -> list[Publication]:
    """A meeting's documents to publish as PDF, in meeting order: the 次第 and the outline materials
    as ``render_bundle`` made them (.docx; the 次第 first), then every other material with a file,
    for LibreOffice to convert, or as it is when it is a PDF. Each is named like its .docx would
    be (``01_資料1_論点メモ（案）.pdf``) and bookmarked 「資料1 論点メモ（案）」."""
    from .meeting import bundle_name

    rendered = {name: data for name, data in files if isinstance(data, bytes)}
    first, data = files[0]
    assert isinstance(data, bytes)
    publications = [Publication("次第", str(Path(first).with_suffix(".pdf")), Document("次第", data))]
    for index, material in enumerate(meeting.materials, 1):
        if material.file is None:
            continue
        name = bundle_name(index, material)
        label = f"{material.id} {material.title}".strip()
        source: Document | Path
        if name in rendered:
            source = Document(label, rendered[name])
        elif material.file.suffix.lower() == ".pdf":
            source = material.file
        else:
            source = Document(f"{label} ({material.file.name})", material.file, material.file.suffix)
        publications.append(Publication(label, str(Path(name).with_suffix(".pdf")), source))
    return publications


def document_pdf(docx: bytes, *, name: str, pdfa: bool = False) -> bytes:
    """The PDF of one .docx (``name``, the file it becomes, is how messages call it). Raises
    ``ConversionError`` when LibreOffice is missing or cannot make it."""
    published = publish([Publication(name, name, Document(name, docx))], pdfa=pdfa)
    if published.failures:
        raise ConversionError(published.failures[0])
    return published.files[0][1]


def _as_is(path: Path, label: str) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConversionError(
            _("{label}: {path}: cannot read ({reason})").format(
                label=label, path=path, reason=exc.strerror or exc
            ),
            path=path,
        ) from None
    _read(data, f"{label}: {path}")
    return data


def combine(parts: Sequence[tuple[str, bytes]], *, title: str, pdfa: bool = False) -> tuple[bytes, list[str]]:
    """The ``parts`` (bookmark label, PDF) as one PDF, and warnings about what it could not keep.

    Each part gets one top-level bookmark with its own bookmarks below. The parts' structure trees
    become ``Part`` elements of one ``Document``, so a tagged part stays tagged. With ``pdfa`` the
    file claims PDF/A-2b when every part is PDF/A-1 or -2 (an as-is PDF may not be).
    """
    writer = PdfWriter()
    tree = _StructTree(writer)
    readers = []  # pypdf maps cloned objects by id(reader): each must live until the end
    untagged: list[str] = []
    not_pdfa: list[str] = []
    intents = None
    for label, pdf in parts:
        reader = _read(pdf, label)
        readers.append(reader)
        first = len(writer.pages)
        writer.append(reader, outline_item=label, import_outline=True)
        if pdfa_part(reader) not in ("1", "2"):
            not_pdfa.append(label)
        elif intents is None and "/OutputIntents" in reader.root_object:
            intents = reader.root_object["/OutputIntents"].clone(writer)
        if is_tagged(reader):
            tree.add(reader, label, writer.pages[first:])
        else:
            untagged.append(label)
    root = writer.root_object
    tree.attach()
    root[NameObject("/Lang")] = TextStringObject(LANGUAGE)
    root[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )
    writer.page_mode = "/UseOutlines"
    writer.add_metadata({"/Title": title, "/Creator": "ronten", "/Producer": "pypdf"})
    warnings = [
        _("{label}: not a tagged PDF; screen readers get its text without structure").format(label=label)
        for label in untagged
    ]
    if pdfa and not not_pdfa and intents is not None:
        writer.xmp_metadata = _xmp(
            title, pdfaid_part="2", pdfaid_conformance="B", pdf_producer="pypdf", xmp_creator_tool="ronten"
        )
        stream = root["/Metadata"].get_object()
        assert isinstance(stream, DictionaryObject)
        stream[NameObject("/Type")] = NameObject("/Metadata")
        stream[NameObject("/Subtype")] = NameObject("/XML")
        root[NameObject("/OutputIntents")] = intents
    elif pdfa and not_pdfa:
        warnings.append(
            _(
                "{title}: not PDF/A, as {parts} is not a PDF/A file (each document LibreOffice converted is)"
            ).format(title=title, parts=", ".join(not_pdfa))
        )
    elif pdfa:
        warnings.append(
            _("{title}: not PDF/A, as no part carries the colour profile (output intent) PDF/A needs").format(
                title=title
            )
        )
    out = BytesIO()
    writer.write(out)
    return out.getvalue(), warnings


class _StructTree:
    """The combined file's structure tree: one ``Document`` with a ``Part`` per tagged part.

    Marked content stays where it is: each page keeps its content stream and marked-content ids,
    so only the references between pages, elements and the ParentTree are renumbered.
    """

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.document = DictionaryObject(
            {NameObject("/Type"): NameObject("/StructElem"), NameObject("/S"): NameObject("/Document")}
        )
        self.document_ref = _indirect(writer, self.document)
        self.parts = ArrayObject()
        self.parent_tree = ArrayObject()
        self.role_map = DictionaryObject()
        self.next_key = 0

    def add(self, reader: PdfReader, label: str, pages: Sequence[Any]) -> None:
        """The structure of ``reader`` (whose pages became ``pages``) as one Part named ``label``."""
        source = _dict(reader.root_object["/StructTreeRoot"])
        # /P is left out of the copy (it would drag the part's old root along) and set again after.
        top = source.get("/K", ArrayObject()).clone(self.writer, ignore_fields=["/P"]).get_object()
        top = top if isinstance(top, ArrayObject) else ArrayObject([top])
        single = top[0].get_object() if len(top) == 1 and isinstance(top[0], IndirectObject) else None
        if isinstance(single, DictionaryObject) and single.get("/S") == "/Document":
            part_ref, part = top[0], single  # LibreOffice's own Document element becomes the Part
        else:
            part = DictionaryObject({NameObject("/Type"): NameObject("/StructElem"), NameObject("/K"): top})
            part_ref = _indirect(self.writer, part)
        part[NameObject("/S")] = NameObject("/Part")
        part[NameObject("/T")] = TextStringObject(label)
        part[NameObject("/P")] = self.document_ref
        _set_parents(part_ref)
        self.parts.append(part_ref)
        for name, role in _dict(source.get("/RoleMap")).items():
            self.role_map.setdefault(NameObject(name), role)
        offset = self.next_key
        for key, value in _number_tree(source.get("/ParentTree")):
            self.parent_tree.extend(
                [NumberObject(key + offset), value.clone(self.writer, ignore_fields=["/P"])]
            )
            self.next_key = max(self.next_key, key + offset + 1)
        for original, page in zip(reader.pages, pages, strict=True):
            # pypdf drops /StructParents when it copies a page; the keys move by the parts before.
            if "/StructParents" in original:
                page[NameObject("/StructParents")] = NumberObject(
                    _number(original["/StructParents"]) + offset
                )
            for annotation in map(_dict, page.get("/Annots", ArrayObject())):
                if "/StructParent" in annotation:
                    annotation[NameObject("/StructParent")] = NumberObject(
                        _number(annotation["/StructParent"]) + offset
                    )

    def attach(self) -> None:
        """Make the tree the document's, if any part brought structure."""
        if not self.parts:
            return
        self.document[NameObject("/K")] = self.parts
        tree = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructTreeRoot"),
                NameObject("/K"): ArrayObject([self.document_ref]),
                NameObject("/ParentTree"): _indirect(
                    self.writer, DictionaryObject({NameObject("/Nums"): self.parent_tree})
                ),
                NameObject("/ParentTreeNextKey"): NumberObject(self.next_key),
            }
        )
        if self.role_map:
            tree[NameObject("/RoleMap")] = self.role_map
        tree_ref = _indirect(self.writer, tree)
        self.document[NameObject("/P")] = tree_ref
        root = self.writer.root_object
        root[NameObject("/StructTreeRoot")] = tree_ref
        root[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})


def _set_parents(element: IndirectObject) -> None:
    """Point every structure element below ``element`` back at its parent (/P)."""
    stack = [element]
    while stack:
        parent = stack.pop()
        kids = _dict(parent).get("/K")
        for kid in kids if isinstance(kids, ArrayObject) else [kids]:
            if not isinstance(kid, IndirectObject):
                continue  # a marked-content id, or an MCR or OBJR dictionary: nothing to point back
            node = kid.get_object()
            if isinstance(node, DictionaryObject) and "/S" in node:
                node[NameObject("/P")] = parent
                stack.append(kid)


def _dict(value: Any) -> DictionaryObject:
    """``value`` (or the object it refers to) if it is a dictionary, else an empty one: a damaged
    file's structure is skipped, not a crash."""
    value = value.get_object() if isinstance(value, IndirectObject) else value
    return value if isinstance(value, DictionaryObject) else DictionaryObject()


def _info(reader: PdfReader, key: str) -> str:
    """One entry of the document information dictionary, as text."""
    metadata = reader.metadata
    return str(metadata.get(key) or "") if metadata is not None else ""


def _number(value: Any) -> int:
    """An integer entry (a ParentTree key) as a Python int."""
    return int(value)


def _indirect(writer: PdfWriter, value: DictionaryObject) -> IndirectObject:
    """``value`` as a new object of ``writer`` (pypdf offers no public way to add one)."""
    return writer._add_object(value)


def _number_tree(value: Any) -> Iterator[tuple[int, Any]]:
    """The (key, value) pairs of a PDF number tree (a ParentTree), leaves in order."""
    node = _dict(value)
    nums = node.get("/Nums", ArrayObject())
    for index in range(0, len(nums) - 1, 2):
        yield int(nums[index]), nums[index + 1]
    for kid in node.get("/Kids", ArrayObject()):
        yield from _number_tree(kid)
