"""The Word documents of `ronten diff`: the 新旧対照表 and tracked changes, read as their users meet them.

The XML is checked for what a reader sees (which characters are underlined, （新設）/（削る）, the
header order, revision marks with author and date); LibreOffice opens both files, and, where a
Python with LibreOffice's UNO bridge is installed, really runs Accept All and Reject All.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import uuid
import xml.etree.ElementTree as ET
from itertools import pairwise
from pathlib import Path

import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from ronten_cli import load, parse
from ronten_cli.diff import compare
from ronten_cli.diff.docx import TableOptions, comparison_table
from ronten_cli.diff.tracked import tracked_document
from ronten_cli.model import Outline

from .docx_helpers import (
    W,
    documents_to_pdf,
    docx_part,
    expected_paragraphs,
    needs_libreoffice,
    paragraphs,
    pdf_lines,
    pdf_page_size_mm,
    pdf_pages,
    pdf_text,
    resolve,
    runs,
    valid_docx,
)
from .helpers import KOBUN, SEED, SEED_TEXT, edited_seed


def table(docx: bytes) -> list[list[list[tuple[str, str | None]]]]:
    """Rows of the table, cells of runs: the header row, then the rows of every page's table."""
    root = ET.fromstring(docx_part(docx))
    tables = root.findall(f".//{W}tbl")
    assert tables
    rows = [[runs(cell) for cell in row.findall(f"{W}tc")] for row in tables[0].findall(f"{W}tr")[:1]]
    for tbl in tables:
        rows += [[runs(cell) for cell in row.findall(f"{W}tc")] for row in tbl.findall(f"{W}tr")[1:]]
    return rows


def text(cell: list[tuple[str, str | None]]) -> str:
    return "".join(t for t, _ in cell)


def underlined(cell: list[tuple[str, str | None]], kind: str = "single") -> list[str]:
    return [t for t, u in cell if u == kind]


def row_with(rows, needle: str, column: int):
    matches = [row for row in rows if needle in text(row[column])]
    assert len(matches) == 1, f"{needle!r} in column {column}: {len(matches)} rows"
    return matches[0]


@pytest.fixture(scope="module")
def pair() -> tuple[Outline, Outline]:
    return load(str(SEED)), parse(edited_seed(), "memo-new.md")


@pytest.fixture(scope="module")
def default_table(pair) -> bytes:
    return comparison_table(compare(*pair), TableOptions())


# --- 新旧対照表 ----------------------------------------------------------------------------------


def test_table_header_note_and_orientation(default_table):
    rows = table(default_table)
    assert [text(cell) for cell in rows[0]] == ["新", "旧"]
    document = valid_docx(default_table)
    # The title and the note, then the table.
    title, note = document.paragraphs[:2]
    assert title.text.endswith("新旧対照表") and note.text == "（傍線部分は変更部分）"
    assert document.element.body.index(document.tables[0]._tbl) == 2
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width / 635), round(section.page_height / 635)) == (16838, 11906)
    # The header row repeats on every page.
    assert document.tables[0].rows[0]._tr.xpath("w:trPr/w:tblHeader")


@pytest.mark.parametrize(
    ("args", "header"),
    [
        ([], ["新", "旧"]),
        (["--old-left"], ["旧", "新"]),
        (["--headers", "改正後,改正前"], ["改正後", "改正前"]),
        (["--headers", "改正後、改正前", "--old-left"], ["改正前", "改正後"]),
    ],
)
def test_cli_header_order(ronten, tmp_path, args, header):
    new = tmp_path / "new.md"
    new.write_text(edited_seed(), encoding="utf-8")
    target = tmp_path / "表.docx"
    result = ronten("diff", SEED, new, "-o", target, *args)
    assert result.code == 1
    assert result.err == f"wrote {target}: 6 changes: 1 added, 1 deleted, 1 modified, 1 moved, 2 renumbered\n"
    rows = table(target.read_bytes())
    assert [text(cell) for cell in rows[0]] == header
    # The old version's deleted item is in the 旧 column whichever side that is.
    old_column = header.index("旧" if "旧" in header else "改正前")
    assert text(row_with(rows, "委員会等への市民参加", old_column)[1 - old_column]) == "（削る）"


def test_added_item_underlined_with_shinsetsu_opposite(default_table):
    rows = table(default_table)
    root = row_with(rows, "新しい論点の追加", 0)
    assert underlined(root[0]) == ["(2)", "新しい論点の追加"]
    assert text(root[1]) == "（新設）"
    child = row_with(rows, "追加された項目その1", 0)
    assert underlined(child[0]) == ["・", "追加された項目その1"]
    assert text(child[1]) == ""  # （新設） once, at the root of the added block


def test_deleted_item_underlined_with_kezuru_opposite(default_table):
    row = row_with(table(default_table), "委員会等への市民参加", 1)
    assert underlined(row[1]) == ["・", "委員会等への市民参加"]
    assert text(row[0]) == "（削る）"
    # Starting where the bullet it stands opposite starts, in every page's table.
    cells = [cell for table in valid_docx(default_table).tables for row in table.rows for cell in row.cells]
    (note,) = [cell.paragraphs[0] for cell in cells if cell.text == "（削る）"]
    (bullet,) = [cell.paragraphs[0] for cell in cells if cell.text == "・委員会等への市民参加"]
    start = bullet.paragraph_format.left_indent + bullet.paragraph_format.first_line_indent
    assert note.paragraph_format.left_indent == start > 0


def test_modified_item_underlines_only_changed_characters(default_table):
    row = row_with(table(default_table), "副業人材の活用", 0)
    assert underlined(row[0]) == ["副業人材の活用・"]
    assert underlined(row[1]) == []  # nothing was deleted from the old text
    assert text(row[1]) == "・デジタル人材の確保方法(採用方法の改善・プッシュ型採用の導入)"


def test_replaced_characters_underlined_on_both_sides():
    new = SEED_TEXT.replace("・デジタル人材の確保方法(採用方法", "・デジタル人材の募集方法(採用方法")
    rows = table(comparison_table(compare(load(str(SEED)), parse(new)), TableOptions()))
    row = row_with(rows, "募集方法", 0)
    assert (underlined(row[0]), underlined(row[1])) == (["募集"], ["確保"])


def test_renumbered_item_has_only_its_number_underlined(default_table):
    row = row_with(table(default_table), "都市自治体と市民による共通目的の形成", 0)
    assert text(row[0]).startswith("(3)\t") and text(row[1]).startswith("(2)\t")
    assert (underlined(row[0]), underlined(row[1])) == (["(3)"], ["(2)"])


def test_moved_item_has_its_number_double_underlined_at_both_places(default_table):
    rows = table(default_table)
    moved = [row for row in rows if any("シビックテック" in text(cell) for cell in row)]
    assert len(moved) == 2
    left_behind, arrived = moved
    assert underlined(left_behind[1], "double") == ["・"] and underlined(left_behind[1]) == []
    assert text(left_behind[0]) == "（論点3の(3)へ移動）"
    assert underlined(arrived[0], "double") == ["・"]
    assert text(arrived[1]) == "（論点2の(3)から移動）"


def test_context_shortens_unchanged_stretches_but_keeps_where_changes_are(pair):
    comparison = compare(*pair)
    full = table(comparison_table(comparison, TableOptions()))
    short = table(comparison_table(comparison, TableOptions(context=1)))
    omitted = [i for i, row in enumerate(short) if text(row[0]) == text(row[1]) == "（略）"]
    assert omitted and len(short) < 0.6 * len(full)
    assert all(b - a > 1 for a, b in pairwise(omitted))  # one （略） per stretch
    changed = [
        row for row in full if any(u for cell in row for _, u in cell) or "（" in text(row[0] + row[1])
    ]
    for row in changed:
        assert row in short
    # The deleted bullet sits under 論点2 (3): both still head it, though far from any other change.
    at = short.index(row_with(short, "委員会等への市民参加", 1))
    heads = [text(row[1]).split("\t")[0] for row in short[:at]]
    assert "論点2" in heads and heads[heads.index("論点2") :].count("(3)") == 1
    # Context 0 keeps only changes and their heads.
    none = table(comparison_table(comparison, TableOptions(context=0)))
    assert len(none) < len(short)


def test_portrait_option(ronten, tmp_path):
    target = tmp_path / "t.docx"
    assert ronten("diff", SEED, SEED, "-o", target, "--portrait").code == 0
    assert valid_docx(target).sections[0].orientation == WD_ORIENT.PORTRAIT


# --- tracked changes -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tracked(pair) -> bytes:
    os.environ["SOURCE_DATE_EPOCH"] = "1764547200"  # 2025-12-01T00:00:00Z
    try:
        return tracked_document(compare(*pair))
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def test_accept_all_gives_new_and_reject_all_gives_old(pair, tracked):
    document = docx_part(tracked)
    assert resolve(document, accept=True) == expected_paragraphs(pair[1])
    assert resolve(document, accept=False) == expected_paragraphs(pair[0])


def test_a_bullet_that_becomes_a_numbered_item_resolves_both_ways():
    # A ・ is followed by its text, a number by a tab: the revision of the label carries the tab.
    old = parse("題\n\n第１ 目的\n　１　背景\n", "old")
    new = parse("題\n\n第１ 目的\n・１　背景\n", "new")
    document = docx_part(tracked_document(compare(old, new)))
    assert resolve(document, accept=True) == expected_paragraphs(new)
    assert resolve(document, accept=False) == expected_paragraphs(old)


def test_a_note_that_loses_its_sign_rejects_back_to_it():
    old = parse("題\n\n論点1 あ\n\n※注意事項\n", "old")
    new = parse("題\n\n論点1 あ\n\n注意事項の見直し\n", "new")
    document = docx_part(tracked_document(compare(old, new)))
    assert resolve(document, accept=True) == expected_paragraphs(new)
    assert resolve(document, accept=False) == expected_paragraphs(old)


def test_revisions_carry_author_date_and_unique_ids(tracked):
    document = docx_part(tracked)
    root = ET.fromstring(document)
    marks = [e for e in root.iter() if e.tag in (f"{W}ins", f"{W}del")]
    assert marks
    assert {(e.get(f"{W}author"), e.get(f"{W}date")) for e in marks} == {("ronten", "2025-12-01T00:00:00Z")}
    ids = [e.get(f"{W}id") for e in marks]
    assert len(ids) == len(set(ids))
    # Only changed characters are revisions: the edited bullet keeps its old text unmarked.
    inserted = ["".join(t for t, _ in runs(e)) for e in root.iter(f"{W}ins")]
    assert "副業人材の活用・" in inserted
    assert not any("デジタル人材の確保方法" in t for t in inserted)
    deleted = ["".join(t for t, _ in runs(e)) for e in root.iter(f"{W}del")]
    assert "(2)" in deleted and "(3)" in inserted  # a renumbered label: old number out, new in
    assert "・委員会等への市民参加" in deleted


def test_whole_added_and_deleted_items_take_their_paragraph_marks(tracked):
    root = ET.fromstring(docx_part(tracked))
    for paragraph in root.iter(f"{W}p"):
        content = "".join(t for t, _ in runs(paragraph))
        if content in ("(2)\t新しい論点の追加", "・委員会等への市民参加"):
            kind = f"{W}ins" if "新しい" in content else f"{W}del"
            assert paragraph.find(f"{W}pPr/{W}rPr/{kind}") is not None


def test_cli_tracked_author_and_date(ronten, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    new = tmp_path / "new.md"
    new.write_text(edited_seed(), encoding="utf-8")
    target = tmp_path / "tracked.docx"
    result = ronten("diff", SEED, new, "--tracked", "-o", target, "--author", "事務局 山田")
    assert result.code == 1
    root = valid_docx(target).element
    marks = root.xpath("//w:ins | //w:del")
    assert marks and {(mark.get(qn("w:author")), mark.get(qn("w:date"))) for mark in marks} == {
        ("事務局 山田", "1970-01-01T00:00:00Z")
    }
    # Same inputs, same bytes: the dates come from SOURCE_DATE_EPOCH.
    again = tmp_path / "again.docx"
    ronten("diff", SEED, new, "--tracked", "-o", again, "--author", "事務局 山田")
    assert again.read_bytes() == target.read_bytes()


def test_unchanged_tracked_document_has_no_revisions(pair):
    data = tracked_document(compare(pair[0], pair[0]))
    assert not valid_docx(data).element.xpath("//w:ins | //w:del")
    assert resolve(docx_part(data), accept=True) == expected_paragraphs(pair[0])


# --- LibreOffice ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def converted(tmp_path_factory, pair, default_table, tracked) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("diff-docx")
    files = {
        "table": default_table,
        "portrait": comparison_table(
            compare(*pair), TableOptions(headers=("改正後", "改正前"), old_left=True, landscape=False)
        ),
        "tracked": tracked,
    }
    return documents_to_pdf(folder, files)


@needs_libreoffice
def test_each_page_holds_a_table_of_its_own_closed_at_the_bottom(converted, default_table):
    # Word and LibreOffice draw no line where a table without inner lines breaks across pages: so
    # the table is split page by page, and each part must fit its page (else it would break again).
    for name, data in (("table", default_table), ("portrait", None)):
        pdf = converted[name]
        pages = pdf_pages(pdf)
        tables = len(ET.fromstring(docx_part(data)).findall(f"{W}body/{W}tbl")) if data else None
        assert pages >= 2, name
        if tables is not None:
            assert tables == pages
        lines = pdf_lines(pdf)
        for page in range(1, pages + 1):
            first = [line for line in lines if line[0].page == page]
            if page == 1:
                first = first[2:]  # the title and the note above the table
            header = {"table": ["新", "旧"], "portrait": ["改正前", "改正後"]}[name]
            assert [word.text for word in first[0]] == header, (name, page)


@needs_libreoffice
def test_labels_in_the_table_keep_a_full_width_space_before_their_text(converted):
    lines = pdf_lines(converted["table"])
    gaps = [
        words[at + 1].left - words[at].right
        for words in lines
        for at, word in enumerate(words[:-1])
        if re.fullmatch(r"論点\d|\(\d\)", word.text)
    ]
    assert len(gaps) >= 10
    assert all(9 <= gap <= 12.5 for gap in gaps), gaps  # one full-width space of 10.5 pt


def test_omitted_stretches_start_where_the_lines_they_stand_for_start(pair):
    data = comparison_table(compare(*pair), TableOptions(context=0))
    document = valid_docx(data)
    starts = set()
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraph = cell.paragraphs[0]
                if paragraph.text == "（略）":
                    indent = paragraph.paragraph_format.left_indent
                    starts.add(round(indent / 635) if indent is not None else 0)
    # Stretches of bullets (one character in under (N), whose text starts three in) and of sections.
    assert len(starts) >= 2 and max(starts) > 0


@needs_libreoffice
def test_libreoffice_opens_the_table(converted):
    assert pdf_page_size_mm(converted["table"]) == (297.0, 210.0)
    assert pdf_page_size_mm(converted["portrait"]) == (210.0, 297.0)
    shown = re.sub(r"\s+", "", pdf_text(converted["table"]))
    for needle in (
        "新旧対照表",
        "（傍線部分は変更部分）",
        "（新設）",
        "（削る）",
        "副業人材",
        "へ移動）",
    ):
        assert needle in shown
    portrait = pdf_text(converted["portrait"], layout=True)
    header = next(line for line in portrait.splitlines() if "改正前" in line)
    assert header.index("改正前") < header.index("改正後")


@needs_libreoffice
def test_libreoffice_opens_the_tracked_document(converted):
    assert pdf_page_size_mm(converted["tracked"]) == (210.0, 297.0)
    shown = pdf_text(converted["tracked"])
    assert "新しい論点の追加" in shown and "委員会等への市民参加" in shown  # changes are shown, not applied


_UNO_SCRIPT = r"""
import os, subprocess, sys, time
import uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p

soffice, profile, pipe, *jobs = sys.argv[1:]
office = subprocess.Popen(
    [soffice, "-env:UserInstallation=" + profile, "--headless", "--invisible", "--norestore",
     "--accept=pipe,name=%s;urp;" % pipe],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(600):
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            time.sleep(0.1)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    dispatch = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    for source, action, target in zip(jobs[::3], jobs[1::3], jobs[2::3]):
        url = uno.systemPathToFileUrl(source)
        doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
        frame = doc.getCurrentController().getFrame()
        dispatch.executeDispatch(frame, ".uno:%sAllTrackedChanges" % action, "", 0, ())
        doc.storeToURL(uno.systemPathToFileUrl(target),
                       (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8")))
        doc.close(True)
    try:
        desktop.terminate()
    except Exception:
        pass
finally:
    try:
        office.wait(timeout=60)
    except subprocess.TimeoutExpired:
        office.kill()
"""


def _uno_python() -> str | None:
    """A Python that can import LibreOffice's ``uno`` module (the system one, usually)."""
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        candidate = shutil.which("python3", path=folder)
        if candidate:
            found = subprocess.run([candidate, "-c", "import uno"], capture_output=True, check=False)
            if found.returncode == 0:
                return candidate
    return None


# Tables under items, changed every way a table changes: a header cell, a cell, a row removed and
# one added; a table replaced by another; a table added after one that stays (an empty paragraph
# then stands between them in NEW only); a table under a list item with a cell edited.
TABLES_OLD = """# 題

## 論点1 交通

### (1) 現状

| 区分 | 便数 |
| --- | ---: |
| 平日 | 40 |
| 土曜 | 20 |
| 日曜 | 10 |

### (2) 課題

| 旧表 | 値 |
| --- | --- |
| 削る表 | 1 |

### (3) 今後

| 残る表 | 値 |
| --- | --- |
| 行 | 1 |

- ・箇条

  | 箇条の表 | 値 |
  | --- | --- |
  | 行 | 1 |
"""
TABLES_NEW = """# 題

## 論点1 交通

### (1) 現状

| 区分 | 便数（往復） |
| --- | ---: |
| 平日 | 35 |
| 日曜 | 10 |
| 祝日 | 8 |

### (2) 課題

| 年度 | 利用者 |
| --- | --- |
| R5 | 100 |

### (3) 今後

| 残る表 | 値 |
| --- | --- |
| 行 | 1 |

| 新しい表 | 値 |
| --- | --- |
| 新 | 2 |

- ・箇条

  | 箇条の表 | 値 |
  | --- | --- |
  | 行 | 2 |
"""


@pytest.fixture(scope="module")
def tables_pair() -> tuple[Outline, Outline]:
    return parse(TABLES_OLD, "old.md"), parse(TABLES_NEW, "new.md")


@needs_libreoffice
def test_libreoffice_accept_all_and_reject_all(tmp_path, pair, tracked, tables_pair):
    python = _uno_python()
    soffice = shutil.which("soffice")
    if python is None or soffice is None:
        pytest.skip("no Python with LibreOffice's uno module (python3-uno)")
    documents = {"memo": (pair, tracked), "tables": (tables_pair, tracked_document(compare(*tables_pair)))}
    jobs = []
    for name, (_, data) in documents.items():
        source = tmp_path / f"{name}.docx"
        source.write_bytes(data)
        for action in ("Accept", "Reject"):
            jobs += [str(source), action, str(tmp_path / f"{name}-{action}.txt")]
    profile = (tmp_path / "profile").as_uri()
    pipe = f"ronten-{uuid.uuid4().hex}"
    subprocess.run([python, "-c", _UNO_SCRIPT, soffice, profile, pipe, *jobs], check=True, timeout=240)

    def lines(name: str, action: str) -> list[str]:
        found = (tmp_path / f"{name}-{action}.txt").read_text(encoding="utf-8-sig").split("\n")
        while found and found[-1] == "":
            found.pop()
        return found

    assert lines("memo", "Accept") == expected_paragraphs(pair[1], cell_lines=True)
    assert lines("memo", "Reject") == expected_paragraphs(pair[0], cell_lines=True)
    old, new = tables_pair
    assert lines("tables", "Accept") == expected_paragraphs(new, cell_lines=True)
    # LibreOffice keeps the empty paragraph the added table needed before it (a paragraph before a
    # table has nothing to join when its inserted mark goes); the tables are OLD's.
    rejected = expected_paragraphs(old, cell_lines=True)
    rejected.insert(rejected.index("・箇条"), "")
    assert lines("tables", "Reject") == rejected


def test_empty_outlines_still_make_valid_documents():
    empty = parse("")
    for data in (
        tracked_document(compare(empty, empty)),
        comparison_table(compare(empty, empty), TableOptions()),
    ):
        assert valid_docx(data).element.body.xpath("w:p")


def test_control_characters_are_dropped_with_a_warning_naming_the_line(ronten, tmp_path):
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text("# 論点メモ\n\n## 論点1 検討\n", encoding="utf-8")
    new.write_text("# 論点メモ\n\n## 論点1 検討\x01事項\n", encoding="utf-8")
    target = tmp_path / "t.docx"
    result = ronten("diff", old, new, "--tracked", "-o", target)
    assert result.code == 1
    assert (
        f"ronten: warning: {new}:3: dropped a character Word cannot store (U+0001) in 「検討事項」"
        in result.err
    )
    valid_docx(target)
    assert ("RontenDai", "論点1\t検討事項") in paragraphs(docx_part(target.read_bytes()))


def test_reference_doc_gives_its_styles_to_both_documents(ronten, tmp_path):
    import zipfile

    from ronten_cli.render.docx import default_reference_docx

    reference = tmp_path / "reference.docx"
    with (
        zipfile.ZipFile(io.BytesIO(default_reference_docx())) as source,
        zipfile.ZipFile(reference, "w") as out,
    ):
        for name in source.namelist():
            data = source.read(name)
            if name == "word/styles.xml":
                data = data.decode("utf-8").replace("ＭＳ 明朝", "游明朝").encode("utf-8")
            out.writestr(name, data)
    new = tmp_path / "new.md"
    new.write_text(edited_seed(), encoding="utf-8")
    for args in (["-o", tmp_path / "table.docx"], ["--tracked", "-o", tmp_path / "tracked.docx"]):
        result = ronten("diff", SEED, new, *args, "--reference-doc", reference)
        assert result.code == 1, result.err
        defaults = valid_docx(args[-1]).styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts")
        assert defaults[0].get(qn("w:eastAsia")) == "游明朝"
    # The 新旧対照表 stays landscape whatever the reference's page.
    assert valid_docx(tmp_path / "table.docx").sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert ronten("diff", SEED, new, "--reference-doc", reference).code == 2


def test_an_item_moved_within_its_section_says_before_or_after():
    a, b = "- ・委員会等への市民参加\n", "- ・デジタル人材確保・育成政策に係る総合的な構想、計画の制定\n"
    swapped = SEED_TEXT.replace(b + a, a + b)
    rows = table(comparison_table(compare(load(str(SEED)), parse(swapped)), TableOptions()))
    notes = [text(cell) for row in rows for cell in row if "移動）" in text(cell)]
    # One of the two swapped bullets moved: it left one place (note on the new side) for the other.
    assert sorted(notes) in (["（前から移動）", "（後へ移動）"], ["（前へ移動）", "（後から移動）"])


def test_koubun_labels_stay_as_written_in_the_table():
    memo = KOBUN.read_text(encoding="utf-8")
    revised = memo.replace("　　（１）採用方法\n", "　　（１）任用の考え方\n　　（２）採用方法\n").replace(
        "　　（２）処遇\n", "　　（３）処遇\n"
    )
    rows = table(comparison_table(compare(load(str(KOBUN)), parse(revised)), TableOptions()))
    added = row_with(rows, "任用の考え方", 0)
    assert underlined(added[0]) == ["（１）", "任用の考え方"] and text(added[1]) == "（新設）"
    renumbered = row_with(rows, "処遇", 0)
    assert (underlined(renumbered[0]), underlined(renumbered[1])) == (["（３）"], ["（２）"])
    assert text(row_with(rows, "採用方法", 0)[1]) == "（１）\t採用方法"


def test_width_only_label_change_is_revised_in_tracked_document() -> None:
    # (1) → （１） is the same number, not a reported change, yet Reject All must give back "(1)".
    old = parse("# T\n\n## (1) 現状\n\n- ・a\n", "old.md")
    new = parse("# T\n\n## （１） 現状\n\n- ・a\n", "new.md")
    xml = docx_part(tracked_document(compare(old, new)))
    assert resolve(xml, accept=False) == expected_paragraphs(old)
    assert resolve(xml, accept=True) == expected_paragraphs(new)
