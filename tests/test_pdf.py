"""PDF output: LibreOffice run properly (office.py) and the PDFs finished and combined (pdf.py).

The checks that need LibreOffice convert everything in two runs (module fixtures), as the bundle
does; the rest run a fake ``soffice`` script to test finding, timeouts and Ctrl-C.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from ronten_cli import load
from ronten_cli.diff import compare
from ronten_cli.diff.docx import TableOptions, comparison_table
from ronten_cli.errors import ConversionError
from ronten_cli.meeting import load_meeting, render_document
from ronten_cli.office import Document, configured_timeout, convert, filter_options, find_soffice
from ronten_cli.pdf import Publication, combine, document_pdf, finish, is_tagged, publish
from ronten_cli.render import render

from .docx_helpers import SOFFICE, needs_libreoffice, pdf_page_size_mm, pdf_pages, pdf_text
from .helpers import OUTLINES, ROOT, SEED
from .pdf_helpers import SLEEPER, blank_pdf, fake_soffice, fonts, gone, hide_soffice, outline, pdfinfo, xlsx

posix_only = pytest.mark.skipif(os.name != "posix", reason="the fake soffice is a shell script")
libreoffice = [pytest.mark.libreoffice, needs_libreoffice]


FODP = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.presentation">
<office:body><office:presentation><draw:page draw:name="p1">
<draw:frame svg:x="2cm" svg:y="2cm" svg:width="20cm" svg:height="3cm"><draw:text-box>
<text:p>事例紹介スライド</text:p></draw:text-box></draw:frame>
</draw:page></office:presentation></office:body></office:document>
"""


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> dict[str, Path]:
    """Every kind of document a meeting publishes, as files."""
    folder = tmp_path_factory.mktemp("sources")
    meeting, _ = load_meeting(str(OUTLINES / "meeting.yaml"))
    documents = {
        "agenda.docx": render_document("agenda", meeting)[0],
        "memo.docx": render(load(str(SEED)), to="docx").data,
        "shinkyu.docx": comparison_table(
            compare(load(str(SEED)), load(str(ROOT / "docs" / "memo-v2.md"))), TableOptions()
        ),
        "meibo.xlsx": xlsx([("氏名", "所属"), ("山田 太郎", "都市大学教授")]),
        "scan.pdf": blank_pdf(2),
        "broken.docx": b"PK\x03\x04 cut short in the middle",
    }
    for name, data in documents.items():
        assert isinstance(data, bytes)
        (folder / name).write_bytes(data)
    if SOFFICE:  # Impress writes the .pptx a committee member would bring
        (folder / "slides.fodp").write_text(FODP, encoding="utf-8")
        profile = (folder / "profile").as_uri()
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pptx",
                "--outdir",
                str(folder),
                str(folder / "slides.fodp"),
            ],
            capture_output=True,
            timeout=300,
            check=True,
        )
    return {name: folder / name for name in [*documents, "slides.pptx"]}


@pytest.fixture(scope="module")
def bundle(sources, tmp_path_factory):
    """The meeting published as PDF, in one LibreOffice run: (Published, folder of its files)."""
    items = [
        Publication("次第", "00_次第.pdf", Document("00_次第.docx", sources["agenda.docx"].read_bytes())),
        Publication("資料1 論点メモ（案）", "01.pdf", Document("資料1", sources["memo.docx"].read_bytes())),
        Publication("資料2 新旧対照表", "02.pdf", Document("資料2", sources["shinkyu.docx"])),
        Publication(
            "資料3 事例紹介", "03.pdf", Document("資料3 slides.pptx", sources["slides.pptx"], ".pptx")
        ),
        Publication(
            "参考資料1 委員名簿", "04.pdf", Document("参考資料1 meibo.xlsx", sources["meibo.xlsx"], ".xlsx")
        ),
        Publication(
            "参考資料2 壊れた資料", "05.pdf", Document("参考資料2 broken.docx", sources["broken.docx"])
        ),
        Publication("参考資料3 スキャン", "06.pdf", sources["scan.pdf"]),
    ]
    published = publish(items, combined_title="第2回 会議資料一式")
    folder = tmp_path_factory.mktemp("bundle")
    for name, data in published.files:
        (folder / name).write_bytes(data)
    assert published.combined is not None
    (folder / "all.pdf").write_bytes(published.combined)
    return published, folder


# --- LibreOffice's PDFs, finished -------------------------------------------------------------------


@pytest.mark.usefixtures("bundle")
class TestDocuments:
    pytestmark = libreoffice

    def test_memo_is_a4_portrait_tagged_with_embedded_fonts(self, bundle):
        pdf = bundle[1] / "01.pdf"
        assert pdf_page_size_mm(pdf) == (210.0, 297.0)
        assert re.search(r"^Tagged:\s+yes$", pdfinfo(pdf), re.M)
        found = fonts(pdf)
        assert found and all(emb == "yes" for _, emb in found), found

    def test_shinkyu_table_is_a4_landscape(self, bundle):
        assert pdf_page_size_mm(bundle[1] / "02.pdf") == (297.0, 210.0)

    def test_title_and_language_ja_are_set(self, bundle):
        memo, agenda = PdfReader(bundle[1] / "01.pdf"), PdfReader(bundle[1] / "00_次第.pdf")
        assert memo.metadata.title == "論点メモ(案)"  # the .docx's own title, as LibreOffice read it
        assert agenda.metadata.title == "第2回 都市自治体のデジタル人材に関する研究会 次第"
        assert memo.root_object["/Lang"] == agenda.root_object["/Lang"] == "ja"
        assert memo.root_object["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 (a pypdf BooleanObject)

    def test_a_material_without_a_title_gets_its_label(self, bundle):
        assert PdfReader(bundle[1] / "04.pdf").metadata.title == "参考資料1 委員名簿"

    def test_bookmarks_from_headings(self, bundle):
        titles = [(depth, title) for depth, title, _ in outline(bundle[1] / "01.pdf")]
        assert (1, "論点1 都市自治体が取り組むデジタル人材確保・育成の意義") in titles
        assert (2, "(1) 都市自治体の現状と課題") in titles

    def test_text_as_pdftotext_reads_it(self, bundle):
        text = re.sub(r"\s+", "", pdf_text(bundle[1] / "01.pdf"))
        assert "論点1都市自治体が取り組むデジタル人材確保・育成の意義" in text
        assert "事例紹介スライド" in pdf_text(bundle[1] / "03.pdf")
        assert "山田 太郎" in pdf_text(bundle[1] / "04.pdf")

    def test_the_update_keeps_libreoffices_bytes(self, sources):
        [converted] = convert([Document("memo", sources["memo.docx"])])
        assert converted.pdf is not None
        finished = finish(converted.pdf, name="memo")
        assert finished.startswith(converted.pdf) and len(finished) > len(converted.pdf)
        assert PdfReader(BytesIO(converted.pdf)).root_object["/Lang"] == "en-US"  # what finish is for


class TestBundle:
    pytestmark = libreoffice

    def test_a_broken_material_is_reported_by_name_and_the_rest_still_written(self, bundle):
        published, _ = bundle
        assert len(published.failures) == 1
        assert published.failures[0].startswith("参考資料2 broken.docx: LibreOffice could not open it")
        assert [name for name, _ in published.files] == [
            "00_次第.pdf",
            "01.pdf",
            "02.pdf",
            "03.pdf",
            "04.pdf",
            "06.pdf",
        ]

    def test_a_pdf_material_goes_in_as_it_is(self, bundle, sources):
        assert (bundle[1] / "06.pdf").read_bytes() == sources["scan.pdf"].read_bytes()

    def test_combined_pages_are_the_parts_pages_in_order(self, bundle):
        published, folder = bundle
        pages = [page for name, _ in published.files for page in pdf_text(folder / name).split("\f")[:-1]]
        assert pdf_text(folder / "all.pdf").split("\f")[:-1] == pages
        counts = [pdf_pages(folder / name) for name, _ in published.files]
        assert pdf_pages(folder / "all.pdf") == sum(counts) and counts[:2] == [1, 3] and counts[-1] == 2

    def test_one_bookmark_per_document_with_its_own_below(self, bundle):
        published, folder = bundle
        found = outline(folder / "all.pdf")
        top = [(title, page) for depth, title, page in found if depth == 0]
        starts, page = [], 0
        for name, _ in published.files:
            starts.append(page)
            page += pdf_pages(folder / name)
        labels = ["次第", "資料1 論点メモ（案）", "資料2 新旧対照表", "資料3 事例紹介", "参考資料1 委員名簿"]
        assert top == list(zip([*labels, "参考資料3 スキャン"], starts, strict=True))
        assert (2, "論点1 都市自治体が取り組むデジタル人材確保・育成の意義", 1) in found

    def test_combined_file_is_tagged_with_every_parts_structure(self, bundle):
        published, folder = bundle
        combined = folder / "all.pdf"
        assert re.search(r"^Tagged:\s+yes$", pdfinfo(combined), re.M)
        structure = subprocess.run(
            ["pdfinfo", "-struct-text", str(combined)], capture_output=True, check=True
        ).stdout.decode("utf-8", "replace")  # poppler prints each Part's title as raw UTF-16
        assert structure.startswith("Document\n")
        # Calc 7.4 marks some sheets tagged without giving them a structure tree: what each part
        # brings decides what the combined file holds, and the others are named in a warning.
        labels = {"00_次第.pdf": "次第", "03.pdf": "資料3 事例紹介", "04.pdf": "参考資料1 委員名簿"}
        labels |= {
            "01.pdf": "資料1 論点メモ（案）",
            "02.pdf": "資料2 新旧対照表",
            "06.pdf": "参考資料3 スキャン",
        }
        bare = [labels[name] for name, data in published.files if not is_tagged(PdfReader(BytesIO(data)))]
        assert bare[-1] == "参考資料3 スキャン" and len(bare) <= 2
        assert structure.count("\n  Part ") == len(published.files) - len(bare)
        for words in ("日本都市センター会議室", "都市自治体の現状と課題", "新旧対照表", "事例紹介スライド"):
            assert words in structure
        assert published.warnings == [
            f"{label}: not a tagged PDF; screen readers get its text without structure" for label in bare
        ]

    def test_each_pages_parent_tree_entry_points_at_elements_on_that_page(self, bundle):
        reader = PdfReader(bundle[1] / "all.pdf")
        tree = reader.root_object["/StructTreeRoot"].get_object()
        nums = tree["/ParentTree"].get_object()["/Nums"]
        entries = {int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums), 2)}
        assert len(entries) == len(set(entries)) and int(tree["/ParentTreeNextKey"]) > max(entries)

        def page_of(element):
            while "/Pg" not in element:  # an element without /Pg is on its parent's page
                element = element["/P"].get_object()
            return element.raw_get("/Pg").idnum

        def marks(element, page):
            """The marked-content ids ``element`` holds on ``page``: its own numbers when its page is
            that one, and the MCR dictionaries naming that page (a paragraph that runs onto the next
            page names it there)."""
            kids = element.get("/K", [])
            for kid in kids if isinstance(kids, list) else [kids]:
                kid = kid.get_object() if hasattr(kid, "get_object") else kid
                if isinstance(kid, int) and page_of(element) == page:
                    yield kid
                elif isinstance(kid, dict) and kid.get("/Type") == "/MCR":
                    where = kid.raw_get("/Pg").idnum if "/Pg" in kid else page_of(element)
                    if where == page:
                        yield int(kid["/MCID"])

        checked = 0
        for page in reader.pages:
            if "/StructParents" not in page:
                continue
            here = page.indirect_reference.idnum
            elements = entries[int(page["/StructParents"])]
            assert any(elements)
            for mcid, entry in enumerate(elements):
                if entry:
                    assert mcid in set(marks(entry.get_object(), here)), (here, mcid)
            checked += 1
        assert checked >= 5  # the 次第, three pages of the memo, the 新旧対照表 at least

    def test_combined_metadata(self, bundle):
        reader = PdfReader(bundle[1] / "all.pdf")
        assert reader.metadata.title == "第2回 会議資料一式"
        assert reader.root_object["/Lang"] == "ja"
        assert reader.root_object["/PageMode"] == "/UseOutlines"
        assert all(emb == "yes" for _, emb in fonts(bundle[1] / "all.pdf"))


@pytest.mark.libreoffice
@needs_libreoffice
def test_pdfa_2b(sources, tmp_path):
    items = [
        Publication("次第", "a.pdf", Document("次第", sources["agenda.docx"])),
        Publication("資料1 論点メモ（案）", "b.pdf", Document("資料1", sources["memo.docx"])),
    ]
    published = publish(items, pdfa=True, combined_title="会議資料一式")
    assert not published.failures and not published.warnings
    assert published.combined is not None
    for data in [data for _, data in published.files] + [published.combined]:
        reader = PdfReader(BytesIO(data))
        xmp = reader.xmp_metadata
        assert (xmp.pdfaid_part, xmp.pdfaid_conformance) == ("2", "B")
        assert xmp.dc_title == {"x-default": reader.metadata.title}  # PDF/A: XMP says what Info says
        assert xmp.dc_language == ["ja"]
        assert "/OutputIntents" in reader.root_object
        stream = reader.root_object["/Metadata"].get_object()
        assert (stream["/Type"], stream["/Subtype"], "/Filter" in stream) == ("/Metadata", "/XML", False)
        path = tmp_path / "check.pdf"
        path.write_bytes(data)
        assert re.search(r"^Tagged:\s+yes$", pdfinfo(path), re.M)

    # An as-is PDF that is not PDF/A keeps the combined file from claiming it.
    scan = [*items[:1], Publication("参考資料1", "c.pdf", sources["scan.pdf"])]
    published = publish(scan, pdfa=True, combined_title="会議資料一式")
    assert published.combined is not None
    assert PdfReader(BytesIO(published.combined)).xmp_metadata is None
    assert published.warnings[-1].startswith("会議資料一式: not PDF/A, as 参考資料1 is not a PDF/A file")


# --- pdf.py without LibreOffice -------------------------------------------------------------------


def test_finish_refuses_an_untagged_pdf():
    with pytest.raises(
        ConversionError, match=r"^x\.docx: pypdf made an untagged PDF; ronten needs LibreOffice 7\.4"
    ):
        finish(blank_pdf(1), name="x.docx")


@pytest.mark.parametrize(
    ("data", "problem"),
    [(b"%PDF-1.4 nothing else", "not a readable PDF"), (b"", "not a readable PDF")],
)
def test_a_damaged_pdf_material_is_one_line(tmp_path, data, problem):
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    published = publish([Publication("参考資料1", "x.pdf", path)], combined_title="一式")
    assert published.files == [] and published.combined is None
    assert len(published.failures) == 1 and f"参考資料1: {path}: {problem}" in published.failures[0]
    assert "\n" not in published.failures[0]


def test_combine_untagged_parts_counts_pages_and_bookmarks():
    data, warnings = combine([("資料1 a", blank_pdf(2)), ("資料2 b", blank_pdf(3))], title="一式")
    reader = PdfReader(BytesIO(data))
    assert len(reader.pages) == 5
    assert [(entry.title, reader.get_destination_page_number(entry)) for entry in reader.outline] == [
        ("資料1 a", 0),
        ("資料2 b", 2),
    ]
    assert "/StructTreeRoot" not in reader.root_object  # nothing to tag, so no claim that it is
    assert len(warnings) == 2


# --- office.py: finding LibreOffice, its options, timeouts and Ctrl-C -------------------------------


@pytest.fixture
def no_soffice(tmp_path, monkeypatch):
    return hide_soffice(monkeypatch, tmp_path / "bin")


def test_without_libreoffice_one_line_says_what_to_install(no_soffice):
    with pytest.raises(ConversionError) as caught:
        find_soffice()
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("PDF output needs LibreOffice, which was not found: install LibreOffice 7.4")
    for needed in (
        "apt install libreoffice-writer-nogui",
        "https://www.libreoffice.org/download/",
        "--to docx",
    ):
        assert needed in message


@posix_only
def test_found_on_path_as_libreoffice_or_at_ronten_soffice(no_soffice, tmp_path, monkeypatch):
    on_path = no_soffice / "libreoffice"
    on_path.write_text("#!/bin/sh\n", encoding="utf-8")
    on_path.chmod(0o755)
    assert find_soffice() == str(on_path)
    chosen = fake_soffice(tmp_path, "exit 0")
    monkeypatch.setenv("RONTEN_SOFFICE", str(chosen))
    assert find_soffice() == str(chosen)
    monkeypatch.setenv("RONTEN_SOFFICE", str(tmp_path / "missing"))
    with pytest.raises(ConversionError, match=r"^RONTEN_SOFFICE=.*missing: no such program; install"):
        find_soffice()


def test_found_where_the_installer_puts_it(no_soffice, tmp_path, monkeypatch):
    installed = tmp_path / "LibreOffice.app" / "soffice"
    installed.parent.mkdir()
    installed.write_text("", encoding="utf-8")
    monkeypatch.setattr("ronten_cli.office._installed", lambda: [tmp_path / "nowhere", installed])
    assert find_soffice() == str(installed)


def test_filter_options_are_the_documented_json():
    plain, archive = json.loads(filter_options()), json.loads(filter_options(pdfa=True))
    assert plain["UseTaggedPDF"] == {"type": "boolean", "value": "true"}
    assert plain["ExportBookmarks"] == {"type": "boolean", "value": "true"}
    assert plain["SelectPdfVersion"] == {"type": "long", "value": "0"}
    assert archive["SelectPdfVersion"] == {"type": "long", "value": "2"}  # PDF/A-2b


@pytest.mark.parametrize("value", ["abc", "0", "-5", "inf", "nan"])
def test_a_bad_timeout_setting_is_named(monkeypatch, value):
    monkeypatch.setenv("RONTEN_PDF_TIMEOUT", value)
    with pytest.raises(
        ConversionError, match=rf"^RONTEN_PDF_TIMEOUT={value}: expected a number of seconds"
    ) as bad:
        configured_timeout()
    assert bad.value.field == "RONTEN_PDF_TIMEOUT"


def test_timeout_setting(monkeypatch):
    monkeypatch.setenv("RONTEN_PDF_TIMEOUT", "42.5")
    assert configured_timeout() == 42.5
    monkeypatch.delenv("RONTEN_PDF_TIMEOUT")
    assert configured_timeout() == 300


@posix_only
def test_the_command_line_is_fixed_and_the_profile_private(tmp_path, monkeypatch):
    record = tmp_path / "args"
    # A stand-in that records its arguments and writes a PDF where LibreOffice would.
    script = fake_soffice(
        tmp_path,
        f'printf "%s\\n" "$@" > "{record}"\n'
        'while [ "$1" != "--outdir" ]; do shift; done; mkdir -p "$2"; out="$2"; shift 2\n'
        'for f in "$@"; do b=$(basename "$f"); printf "%%PDF" > "$out/${b%.*}.pdf"; done',
    )
    monkeypatch.setenv("RONTEN_SOFFICE", str(script))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    results = convert([Document("a", b"PK\x03\x04"), Document("b", b"PK\x03\x04", ".xlsx")], pdfa=True)
    assert [result.pdf for result in results] == [b"%PDF", b"%PDF"]
    args = record.read_text(encoding="utf-8").splitlines()
    assert args[0].startswith("-env:UserInstallation=file://") and "/ronten-pdf-" in args[0]
    assert args[1:5] == ["--headless", "--norestore", "--nolockcheck", "--convert-to"]
    assert args[5] == f"pdf:writer_pdf_Export:{filter_options(pdfa=True)}"
    assert [Path(arg).name for arg in args[-2:]] == ["000.docx", "001.xlsx"]
    assert not list(tmp_path.glob("ronten-pdf-*"))  # the profile and the copies are gone


@posix_only
def test_a_file_that_is_not_what_its_name_says_is_not_handed_over(tmp_path, monkeypatch):
    monkeypatch.setenv("RONTEN_SOFFICE", str(fake_soffice(tmp_path, "exit 1")))
    results = convert([Document("資料2 x.docx", b"plain text"), Document("資料3 y.png", b"\x89PNG", ".png")])
    kinds = ".docx, .doc, .odt, .rtf, .xlsx, .xls, .ods, .pptx, .ppt, .odp"
    assert [result.problem for result in results] == [
        "資料2 x.docx: not a .docx file (its content is something else, or damaged)",
        f"資料3 y.png: LibreOffice converts only {kinds} files",
    ]


@posix_only
def test_libreoffice_that_fails_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("RONTEN_SOFFICE", str(fake_soffice(tmp_path, "echo 'bootstrap failed' >&2; exit 81")))
    with pytest.raises(
        ConversionError, match=r"^LibreOffice \(.*soffice\) converted nothing: bootstrap failed$"
    ):
        convert([Document("a", b"PK\x03\x04")])


@pytest.mark.slow  # a child process and a stand-in LibreOffice that waits
@posix_only
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process states from /proc")
def test_timeout_stops_libreoffice_and_everything_it_started(tmp_path, monkeypatch):
    pids = tmp_path / "pids"
    monkeypatch.setenv("RONTEN_SOFFICE", str(fake_soffice(tmp_path, SLEEPER.format(pids=pids))))
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    started = time.monotonic()
    with pytest.raises(ConversionError) as caught:
        convert([Document("a", b"PK\x03\x04")], timeout=1)
    assert time.monotonic() - started < 15
    assert str(caught.value).startswith(
        "LibreOffice did not finish within 1 s and was stopped; no PDF was written"
    )
    assert "RONTEN_PDF_TIMEOUT" in str(caught.value)
    assert all(gone(int(pid)) for pid in pids.read_text().split())
    assert not list(temp.glob("ronten-pdf-*"))


@pytest.mark.slow  # a child process and a stand-in LibreOffice that waits
@posix_only
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process states from /proc")
def test_ctrl_c_stops_libreoffice_and_removes_the_temporary_files(tmp_path):
    pids = tmp_path / "pids"
    temp = tmp_path / "temp"
    temp.mkdir()
    env = {
        **os.environ,
        "RONTEN_SOFFICE": str(fake_soffice(tmp_path, SLEEPER.format(pids=pids))),
        "TMPDIR": str(temp),
    }
    code = "from ronten_cli.office import Document, convert; convert([Document('a', b'PK\\x03\\x04')])"
    child = subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not (pids.exists() and len(pids.read_text().split()) == 2) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(temp.glob("ronten-pdf-*")), "the conversion never started"
    child.send_signal(signal.SIGINT)
    _, errors = child.communicate(timeout=30)
    assert "KeyboardInterrupt" in errors
    assert all(gone(int(pid)) for pid in pids.read_text().split())
    assert not list(temp.glob("ronten-pdf-*"))


@posix_only
def test_one_document_that_libreoffice_cannot_open_is_an_error(tmp_path, monkeypatch):
    # A LibreOffice that opens nothing, as the real one says when a file is damaged.
    script = fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2")
    monkeypatch.setenv("RONTEN_SOFFICE", str(script))
    with pytest.raises(
        ConversionError, match=r"^memo\.pdf: LibreOffice could not open it \(is it a valid \.docx"
    ):
        document_pdf(b"PK\x03\x04", name="memo.pdf")
