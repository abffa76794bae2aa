"""Meeting documents: metadata validation, the 次第 and 議事要旨 content, and the .docx they print as."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ronten_cli import RontenError
from ronten_cli.cli import main
from ronten_cli.meeting import (
    ATTENDEE_KEYS,
    KEYS,
    Attendee,
    Material,
    attendee_groups,
    bundle_name,
    load_meeting,
)

from .docx_helpers import (
    PDF_TOOLS,
    SOFFICE,
    Box,
    needs_libreoffice,
    pdf_lines,
    pdf_page_lines,
    pdf_page_size_mm,
    pdf_pages,
    pdf_words,
    to_pdf,
    valid_docx,
)
from .helpers import OUTLINES, SEED

MEETING = OUTLINES / "meeting.yaml"

# One valid meeting file; tests change one line of it to reach each error path.
BASE = """\
committee: 都市自治体のデジタル人材に関する研究会
session: 2
date: 2026-12-10
start: "14:00"
end: "16:00"
place: 日本都市センター会議室
materials:
  - {id: 資料1, title: 論点メモ（案）, file: memo.md}
attendees:
  - {name: 山田 太郎, affiliation: 都市大学教授, role: 座長}
  - {name: 佐藤 次郎, affiliation: 日本都市センター研究室長, role: 事務局}
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A meeting folder holding a copy of the seed memo, so materials resolve next to the meeting file."""
    (tmp_path / "memo.md").write_bytes(SEED.read_bytes())
    return tmp_path


def write(folder: Path, text: str, name: str = "meeting.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def edit(line: str, replacement: str) -> str:
    """BASE with the line starting ``line`` replaced (``replacement`` empty: removed)."""
    out = []
    for row in BASE.splitlines(keepends=True):
        if row.startswith(line):
            if replacement:
                out.append(replacement + "\n")
        else:
            out.append(row)
    assert out != BASE.splitlines(keepends=True), f"no line starts with {line!r}"
    return "".join(out)


# --- metadata ---------------------------------------------------------------------------------


def test_example_meeting_file_loads_without_warnings():
    meeting, warnings = load_meeting(str(MEETING))
    assert warnings == []
    assert meeting.name == "第2回 都市自治体のデジタル人材に関する研究会"
    assert meeting.when == "令和8年12月10日（木）14時00分～16時00分"
    assert meeting.materials[0].id == "資料1"
    assert meeting.materials[0].file is not None
    assert meeting.materials[0].file.resolve() == SEED.resolve()


@pytest.mark.parametrize(
    ("line", "replacement", "at", "expected"),
    [
        # PyYAML's own loader raises ValueError on this one, and reads 14:00 as 840.
        ("date:", "date: 2026-02-30", 3, "date: 2026-02-30 is not a valid date (2026-02 has 28 days)"),
        ("date:", "date: 2026-13-01", 3, "date: 2026-13-01 is not a valid date (there is no month 13)"),
        (
            "date:",
            "date: 来週の木曜",
            3,
            "date: 来週の木曜 is not a date (write it as 2026-12-10 or 令和8年12月10日)",
        ),
        ("date:", "date: 1868-10-23", 3, "date: 1868-10-23 is before 1873"),
        ("date:", "date:", 3, "date: is empty"),
        (
            "date:",
            "date: 令和8年2月30日",
            3,
            "date: 令和8年2月30日 is not a valid date (2026-02 has 28 days)",
        ),
        ("date:", "date: R8.2.29", 3, "date: R8.2.29 is not a valid date (2026-02 has 28 days)"),
        (
            "date:",
            "date: 令和8年12月10日（金）",
            3,
            "date: 令和8年12月10日（金） has the wrong weekday: 2026-12-10 is a Thursday (木), not 金",
        ),
        ("date:", "date: 平成31年5月1日", 3, "date: 平成31年5月1日 is not a date of 平成"),
        ("date:", "date: 令和元年4月30日", 3, "date: 令和元年4月30日 is not a date of 令和"),
        ("start:", "start: 25:00", 4, "start: 25:00 is not a valid time of day"),
        ("start:", 'start: "14:60"', 4, "start: 14:60 is not a valid time of day"),
        ("start:", "start: 午後12時", 4, "start: 午後12時 is ambiguous (noon or midnight?)"),
        ("start:", "start: 昼過ぎ", 4, "start: 昼過ぎ is not a time (write it as 14:00 or 14時)"),
        ("end:", "end: 午後1時", 5, "end: 13時00分 is not after start 14時00分"),
        ("place:", "plase: 日本都市センター会議室", 6, "plase: unknown key; did you mean place?"),
        ("attendees:", "atendees:", 9, "atendees: unknown key; did you mean attendees?"),
        (
            "  - {id: 資料1",
            "  - {id: 資料1, titel: 論点メモ（案）, file: memo.md}",
            8,
            "materials: titel: unknown key; did you mean title?",
        ),
        ("end:", 'end: "13:00"', 5, "end: 13時00分 is not after start 14時00分"),
        ("start:", "", 4, "end: given without start"),
        ("committee:", "committee: [研究会, 委員会]", 1, "committee: must be a single value, not a list"),
        ("place:", "place:", 6, "place: is empty"),
        ("session:", "session: 0", 2, "session: 0 is not a meeting number"),
        ("attendees:", "agenda: 意見交換\nattendees:", 9, "agenda: must be a list"),
        ("  - {id: 資料1", "  - {id: 資料1, file: memo.md}", 8, "materials: an entry has no title"),
        (
            "  - {id: 資料1",
            "  - {id: 資料1, title: 論点メモ（案）, file: memo2.md}",
            8,
            "file: memo2.md (資料1) does not exist (looked in ",
        ),
        (
            "  - {id: 資料1",
            "  - {id: 資料1, title: a, file: memo.md}\n  - {id: 資料1, title: b}",
            9,
            "id: 資料1 is used twice (first on line 8)",
        ),
        ("  - {name: 山田", "  - {affiliation: 都市大学教授}", 10, "attendees: an entry has no name"),
        ("  - {name: 山田", "  - [山田 太郎, 座長]", 10, "attendees: each entry must be {name: "),
        (
            "  - {name: 山田",
            "  - {name: 山田 太郎, absent: たぶん}",
            10,
            "absent: たぶん is not true or false",
        ),
        ("place:", "place: 会議室\nplace: 別室", 7, "place: given twice (first on line 6)"),
        ("place:", "place: [会議室", 7, "invalid YAML ("),
    ],
)
def test_invalid_meeting_is_one_line_naming_field_and_line(ronten, folder, line, replacement, at, expected):
    path = write(folder, edit(line, replacement))
    out = folder / "out.md"
    result = ronten("agenda", path, "-o", out)
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert result.err.startswith(f"ronten: error: {folder}/meeting.yaml:{at}: {expected}")
    assert not out.exists()


@pytest.mark.parametrize("key", ["committee", "session", "date", "place"])
def test_missing_required_key_is_named(ronten, folder, key):
    path = write(folder, edit(f"{key}:", ""))
    result = ronten("minutes", path, "-o", folder / "out.md")
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert f"meeting.yaml: missing required key '{key}' (" in result.err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "meeting.yaml: the meeting file is empty"),
        ("- committee: a\n", "meeting.yaml:1: the meeting file must be keys and values"),
        ("a: 1\n---\nb: 2\n", "meeting.yaml:2: invalid YAML (expected a single document"),
    ],
)
def test_meeting_file_that_is_not_a_mapping(ronten, folder, text, expected):
    result = ronten("agenda", write(folder, text), "-o", "-")
    assert result.code == 2
    assert expected in result.err and result.err.count("\n") == 1


def test_missing_meeting_file(ronten, tmp_path):
    result = ronten("agenda", tmp_path / "nothing.yaml", "-o", "-")
    assert result.code == 2
    assert result.err == f"ronten: error: {tmp_path}/nothing.yaml: no such file\n"


def test_material_file_that_is_a_folder(ronten, folder):
    (folder / "資料").mkdir()
    path = write(folder, edit("  - {id: 資料1", "  - {id: 資料1, title: 論点メモ, file: 資料}"))
    result = ronten("agenda", path, "-o", "-")
    assert result.code == 2 and "file: 資料 (資料1) is a folder, not a file" in result.err


def test_unknown_keys_far_from_every_known_one_are_warnings(ronten, folder):
    text = BASE.replace("place:", "venue: 別館\nplace:").replace(
        "role: 事務局}", "role: 事務局, phone: 03-0000-0000}"
    )
    result = ronten("agenda", write(folder, text), "-o", "-", "--to", "md")
    assert result.code == 0
    warnings = [line for line in result.err.splitlines() if line.startswith("ronten: warning")]
    assert warnings == [
        f"ronten: warning: {folder}/meeting.yaml:6: venue: unknown key ignored (known keys: "
        "committee, session, date, place, start, end, agenda, materials, attendees)",
        f"ronten: warning: {folder}/meeting.yaml:12: attendees: phone: unknown key ignored (known keys: "
        "name, affiliation, role, absent)",
    ]


def test_a_misspelt_key_is_an_error_even_when_the_key_is_also_given(ronten, folder):
    result = ronten("agenda", write(folder, BASE + "atendees: []\n"), "-o", "-", "--to", "md")
    assert result.code == 2
    assert result.err == (
        f"ronten: error: {folder}/meeting.yaml:12: atendees: unknown key; did you mean attendees?\n"
    )


@pytest.mark.parametrize(
    "date",
    ["2026-12-10", "2026/12/10", "2026年12月10日", "令和8年12月10日", "令和8年12月10日（木）", "R8.12.10",
     "R8/12/10", "令和８年１２月１０日", "'２０２６－１２－１０'"],
)  # fmt: skip
def test_every_date_form_in_the_meeting_file(folder, date):
    meeting, _ = load_meeting(str(write(folder, BASE.replace("date: 2026-12-10", f"date: {date}"))))
    assert meeting.date == dt.date(2026, 12, 10)


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("令和元年5月1日", dt.date(2019, 5, 1)),
        ("R1.5.1", dt.date(2019, 5, 1)),
        ("H31.4.30", dt.date(2019, 4, 30)),
    ],
)
def test_era_dates_in_the_meeting_file_at_the_boundary(folder, date, expected):
    meeting, _ = load_meeting(str(write(folder, BASE.replace("date: 2026-12-10", f"date: {date}"))))
    assert meeting.date == expected


@pytest.mark.parametrize(
    ("start", "end", "when"),
    [
        ('"14:00"', '"16:00"', "14時00分～16時00分"),
        ("14時", "16時", "14時00分～16時00分"),
        ("14時30分", "16時半", "14時30分～16時30分"),
        ("午後2時", "午後4時", "14時00分～16時00分"),
        ("午前10時", "正午", "10時00分～12時00分"),
        ("１４：００", "１６時", "14時00分～16時00分"),
    ],
)
def test_every_time_form_in_the_meeting_file(folder, start, end, when):
    text = BASE.replace('start: "14:00"', f"start: {start}").replace('end: "16:00"', f"end: {end}")
    meeting, _ = load_meeting(str(write(folder, text)))
    assert meeting.when.endswith(when)


def test_yaml_traps_are_read_as_written(folder):
    text = edit("start:", "start: 9:30").replace('end: "16:00"', "end: １１：００")
    text = text.replace("session: 2", "session: 第3回").replace("date: 2026-12-10", 'date: "2019-05-01"')
    meeting, _ = load_meeting(str(write(folder, text)))
    assert meeting.start == dt.time(9, 30)  # not the sexagesimal 570
    assert meeting.end == dt.time(11, 0)
    assert meeting.session == 3
    assert meeting.date == dt.date(2019, 5, 1)


def test_short_forms_of_materials_and_attendees(folder):
    text = BASE.replace("{id: 資料1, title", "{id: 1, title").replace(
        "file: memo.md}\n", "file: memo.md}\n  - 委員名簿\n"
    )
    text += "  - 鈴木 花子\n"
    meeting, _ = load_meeting(str(write(folder, text)))
    assert [m.label for m in meeting.materials] == ["資料1　論点メモ（案）", "委員名簿"]
    assert meeting.attendees[-1] == Attendee("鈴木 花子")  # a member (委員) by default
    assert meeting.attendees[-1].group == "委員"


def test_meeting_from_standard_input(ronten, folder, monkeypatch):
    text = BASE.replace("file: memo.md", "file: " + str(folder / "memo.md"))  # stdin has no folder
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode("cp932"))))
    result = ronten("agenda", "-", "-o", "-")
    assert result.code == 0, result.err
    assert result.out.startswith("# 第2回 都市自治体のデジタル人材に関する研究会<br>次　第\n")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"session: 2\n")))
    missing = ronten("agenda", "-", "-o", "-")
    assert missing.err.startswith("ronten: error: <stdin>: missing required key 'committee'")


def test_absent_may_be_quoted(folder):
    text = BASE.replace("role: 座長}", 'role: 座長, absent: "yes"}')
    meeting, _ = load_meeting(str(write(folder, text)))
    assert meeting.attendees[0].absent


def test_free_text_session_and_times_in_japanese(folder):
    text = (
        edit("session:", "session: 臨時会")
        .replace('start: "14:00"', "start: 14時")
        .replace('end: "16:00"', "end: 15時30分")
    )
    meeting, _ = load_meeting(str(write(folder, text)))
    assert meeting.name == "臨時会 都市自治体のデジタル人材に関する研究会"
    assert meeting.when.endswith("14時00分～15時30分")


def test_start_without_end_leaves_the_range_open(folder):
    meeting, _ = load_meeting(str(write(folder, edit("end:", ""))))
    assert meeting.when == "令和8年12月10日（木）14時00分～"


def test_front_matter_of_an_outline_is_the_meeting(ronten, folder):
    outline = folder / "memo-with-meeting.md"
    # author is for the templates and the .docx, not the meeting: no unknown-key warning.
    front = "---\nauthor: 事務局\n" + BASE + "---\n"
    outline.write_text(front + SEED.read_text(encoding="utf-8"), encoding="utf-8")
    meeting, warnings = load_meeting(str(outline))
    assert warnings == [] and meeting.outline is not None
    assert meeting.outline.children[0].label == "論点1"
    broken = folder / "broken.md"
    broken.write_text(
        "---\n" + BASE.replace("date: 2026-12-10", "date: 2026-02-30") + "---\n# 論点メモ\n", encoding="utf-8"
    )
    result = ronten("agenda", broken, "-o", "-")
    # Line 4 of the file: the front matter starts after the opening '---'.
    assert result.code == 2 and f"{broken}:4: date: 2026-02-30 is not a valid date" in result.err


def test_front_matter_typo_of_a_missing_required_key_is_named(ronten, folder):
    outline = folder / "memo-with-meeting.md"
    # status is close to start, but start is optional and status a key of the outline's own: no error.
    front = "---\nstatus: 案\n" + BASE.replace("place:", "plase:") + "---\n"
    outline.write_text(front + "# 論点メモ\n", encoding="utf-8")
    result = ronten("agenda", outline, "-o", "-", "--to", "md")
    assert result.code == 2
    assert result.err == f"ronten: error: {outline}:8: plase: unknown key; did you mean place?\n"
    outline.write_text("---\nstatus: 案\n" + BASE + "---\n# 論点メモ\n", encoding="utf-8")
    assert ronten("agenda", outline, "-o", "-", "--to", "md").code == 0


def test_outline_without_front_matter_is_not_a_meeting(ronten):
    result = ronten("agenda", SEED, "-o", "-")
    assert result.code == 2 and "no meeting keys: start the outline with front matter" in result.err


def test_attendees_grouped_by_role_members_first_secretariat_last():
    people = [
        Attendee("佐藤", "研究室長", "事務局"),
        Attendee("山田", "教授", "座長"),
        Attendee("伊藤", "総務省", "オブザーバー"),
        Attendee("鈴木"),
    ]
    groups = attendee_groups(people)
    assert [group["role"] for group in groups] == ["委員", "オブザーバー", "事務局"]
    assert [member["label"] for member in groups[0]["members"]] == ["山田（座長、教授）", "鈴木"]


def test_bundle_names_sort_in_meeting_order_and_are_safe_file_names():
    names = [
        bundle_name(1, Material("資料1", "論点メモ（案）")),
        bundle_name(2, Material("資料2", "A/B 比較: 案")),
        bundle_name(10, Material("", "委員名簿")),
    ]
    assert names == ["01_資料1_論点メモ（案）.docx", "02_資料2_A_B 比較_ 案.docx", "10_委員名簿.docx"]
    assert sorted(["00_次第.docx", *names]) == ["00_次第.docx", *names]


# --- 次第 and 議事要旨 as Markdown ---------------------------------------------------------------


def agenda_md(ronten, path: Path, *args: str | Path) -> str:
    result = ronten("agenda", path, "--to", "md", "-o", "-", *args)
    assert result.code == 0, result.err
    return result.out


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2019-05-01", "日時：令和元年5月1日（水）14時00分～16時00分"),
        ("2019-04-30", "日時：平成31年4月30日（火）14時00分～16時00分"),
        ("1989-01-07", "日時：昭和64年1月7日（土）14時00分～16時00分"),
        ("1989-01-08", "日時：平成元年1月8日（日）14時00分～16時00分"),
    ],
)
def test_agenda_dates_in_wareki_at_the_era_boundary(ronten, folder, date, expected):
    lines = agenda_md(ronten, write(folder, BASE.replace("2026-12-10", date))).splitlines()
    assert f"> {expected}<br>" in lines


def test_agenda_layout_follows_the_shidai_order(ronten, folder):
    text = BASE.replace("materials:", "agenda: [論点メモ（案）について, 意見交換]\nmaterials:")
    text = text.replace("file: memo.md}\n", "file: memo.md}\n  - {id: 参考資料1, title: 委員名簿}\n")
    lines = [line for line in agenda_md(ronten, write(folder, text)).splitlines() if line]
    # The title on two lines; 日時 and 場所 as one indented block (a quote); a blank line (<br>)
    # between 開会, 議事 and 閉会, four before the 配布資料, which are a block of their own.
    assert lines == [
        "# 第2回 都市自治体のデジタル人材に関する研究会<br>次　第",
        "<br>",
        "> 日時：令和8年12月10日（木）14時00分～16時00分<br>",
        "> 場所：日本都市センター会議室",
        "<br>",
        "- １　開会",
        "<br>",
        "- ２　議事",
        "  - （１）　論点メモ（案）について",
        "  - （２）　意見交換",
        "<br>",
        "- ３　閉会",
        "<br>",
        "<br>",
        "<br>",
        "<br>",
        "【配布資料】",
        "> 資料1　論点メモ（案）<br>",
        "> 参考資料1　委員名簿",
    ]


def test_agenda_items_default_to_the_top_level_items_of_the_outline(ronten, folder):
    # From the first material that is an outline (BASE has no agenda key).
    from_material = agenda_md(ronten, write(folder, BASE))
    assert "  - （１）　都市自治体が取り組むデジタル人材確保・育成の意義\n" in from_material
    assert "  - （３）　近未来の都市自治体とデジタル人材のあり方\n" in from_material
    assert "  - （４）" not in from_material
    # --outline wins over the material.
    other = folder / "other.md"
    other.write_text("# 別の論点メモ\n\n論点1 財源\n\n論点2 人材\n", encoding="utf-8")
    chosen = agenda_md(ronten, write(folder, BASE), "--outline", other)
    assert "  - （１）　財源\n  - （２）　人材\n\n<br>\n\n- ３　閉会\n" in chosen
    # An explicit agenda wins over both.
    explicit = BASE.replace("materials:", "agenda: [意見交換]\nmaterials:")
    assert "  - （１）　意見交換\n\n<br>\n\n- ３　閉会\n" in agenda_md(
        ronten, write(folder, explicit), "--outline", other
    )


def test_agenda_from_an_outline_with_its_meeting_in_front_matter(ronten, folder):
    outline = folder / "memo-with-meeting.md"
    front = edit("materials:", "").replace("  - {id: 資料1, title: 論点メモ（案）, file: memo.md}\n", "")
    outline.write_text("---\n" + front + "---\n# 論点メモ\n\n論点1 意義\n\n論点2 体制\n", encoding="utf-8")
    out = agenda_md(ronten, outline)
    assert "  - （１）　意義\n  - （２）　体制\n" in out
    assert "【配布資料】" not in out  # no materials, no empty list


def test_agenda_text_from_yaml_is_escaped_for_markdown(ronten, folder):
    text = BASE.replace("place: 日本都市センター会議室", "place: '*第1*会議室 <3階>'")
    assert "場所：\\*第1\\*会議室 \\<3階\\>\n" in agenda_md(ronten, write(folder, text))


def test_minutes_skeleton(ronten, folder):
    text = BASE + "  - {name: 鈴木 花子, affiliation: 市立大学准教授}\n  - {name: 田中 美咲, absent: true}\n"
    text += "  - {name: 伊藤 健, affiliation: 総務省, role: オブザーバー}\n"
    result = ronten("minutes", write(folder, text), "--to", "md", "-o", "-")
    assert result.code == 0, result.err
    lines = [line for line in result.out.splitlines() if line]
    headings = [line for line in lines if line.startswith("## ")]
    assert lines[0] == "# 第2回 都市自治体のデジタル人材に関する研究会 議事要旨"
    assert headings == [
        "## １　日時",
        "## ２　場所",
        "## ３　出席者",
        "## ４　欠席者",
        "## ５　配布資料",
        "## ６　議事",
    ]
    assert lines[lines.index("## １　日時") + 1] == "令和8年12月10日（木）14時00分～16時00分"
    present = lines[lines.index("## ３　出席者") + 1 : lines.index("## ４　欠席者")]
    assert present == [
        "（委員）山田 太郎（座長、都市大学教授）、鈴木 花子（市立大学准教授）",
        "（オブザーバー）伊藤 健（総務省）",
        "（事務局）佐藤 次郎（日本都市センター研究室長）",
    ]
    assert lines[lines.index("## ４　欠席者") + 1] == "（委員）田中 美咲"
    debate = lines[lines.index("## ６　議事") + 1 :]
    assert debate[0] == "資料1に基づき、事務局から説明があった。主な意見は次のとおり。"
    assert debate.pop() == '<div align="right">以上</div>'  # at the right, after everything
    # Every 論点 and every numbered section of the seed memo, in order, each followed by room for remarks.
    from ronten_cli import load

    memo = load(str(SEED))
    expected: list[str] = []
    for item in memo.children:
        expected.append(f"### {item.label}　{item.text}")
        for part in item.children:
            if part.marker != "bullet":
                expected += [f"#### {part.label}　{part.text}", "（委員）", "（事務局）"]
    assert debate[1:] == expected


def test_minutes_without_outline_use_the_agenda_items(ronten, folder):
    text = edit("  - {id: 資料1", "").replace("materials:", "agenda: [論点メモ（案）について]\nmaterials:")
    result = ronten("minutes", write(folder, text), "--to", "md", "-o", "-")
    assert result.code == 0, result.err
    tail = result.out[result.out.index("## ４　議事") :].split("\n\n")
    assert tail == [
        "## ４　議事",
        "### （１）　論点メモ（案）について",
        "（委員）",
        "（事務局）",
        '<div align="right">以上</div>\n',
    ]


def test_minutes_put_the_ronten_under_the_agenda_item_they_belong_to(ronten, folder):
    text = BASE.replace(
        "materials:", "agenda: [開会のあいさつ, 論点メモ（案）について, 意見交換]\nmaterials:"
    )
    result = ronten("minutes", write(folder, text), "--to", "md", "-o", "-")
    assert result.code == 0, result.err
    lines = [line for line in result.out.splitlines() if line]
    debate = lines[lines.index("## ５　議事") + 1 :]
    items = [line for line in debate if line.startswith("### ")]
    assert items == [
        "### （１）　開会のあいさつ",
        "### （２）　論点メモ（案）について",
        "### （３）　意見交換",
    ]
    # The 論点 of 資料1 follow the item that names it, one heading level down; the others get
    # room for remarks of their own.
    first, second, third = (debate.index(item) for item in items)
    assert debate[first + 1 : second] == ["（委員）", "（事務局）"]
    assert debate[second + 1] == "資料1に基づき、事務局から説明があった。主な意見は次のとおり。"
    assert debate[second + 2] == "#### 論点1　都市自治体が取り組むデジタル人材確保・育成の意義"
    assert debate[second + 3] == "##### (1)　都市自治体の現状と課題"
    assert sum(line.startswith("#### 論点") for line in debate[second:third]) == 3
    assert debate[third + 1 :] == ["（委員）", "（事務局）", '<div align="right">以上</div>']


@pytest.mark.parametrize(
    ("agenda", "expected"),
    [
        (("開会", "資料1について", "意見交換"), 2),  # the material's number
        (("開会", "論点メモ(案)の検討"), 2),  # its title, in either width
        (("開会", "論点メモについて"), 2),  # the outline's title without （案）
        (("開会", "意見交換"), 1),  # nothing names it: the first item
        ((), 0),  # no agenda: the 論点 are the 議事
    ],
)
def test_the_agenda_item_an_outline_belongs_to(folder, agenda, expected):
    from ronten_cli import load
    from ronten_cli.meeting.documents import outline_item

    meeting = dataclasses.replace(load_meeting(str(write(folder, BASE)))[0], agenda=agenda)
    assert outline_item(meeting, load(str(SEED)), meeting.materials[0]) == expected
    assert outline_item(meeting, None, None) == 0


def test_minutes_headings_carry_no_bullet_sign(ronten, folder):
    outline = folder / "bullets.md"
    outline.write_text("# メモ\n\n- ・人材の確保\n- 人材の育成\n", encoding="utf-8")
    result = ronten("minutes", write(folder, BASE), "--outline", outline, "--to", "md", "-o", "-")
    headings = [line for line in result.out.splitlines() if line.startswith("### ")]
    assert headings == ["### 人材の確保", "### 人材の育成"]


def test_user_template_folder_overrides_the_agenda(ronten, folder, monkeypatch):
    (folder / "templates").mkdir()
    (folder / "templates" / "agenda.md.j2").write_text(
        "# 議事次第\n\n{{ meeting.when }}／{{ meeting.date | wareki }}\n", encoding="utf-8"
    )
    path = write(folder, BASE)
    monkeypatch.chdir(folder)
    assert agenda_md(ronten, path).startswith("# 第2回")  # ./templates is used only when named
    assert (
        agenda_md(ronten, path, "--template-dir", "templates")
        == "# 議事次第\n\n令和8年12月10日（木）14時00分～16時00分／令和8年12月10日\n"
    )
    broken = folder / "broken.md.j2"
    broken.write_text("{{ meeting.plase }}\n", encoding="utf-8")
    result = ronten("agenda", path, "-t", broken, "-o", folder / "out.md")
    assert result.code == 2 and result.err.count("\n") == 1
    assert "broken.md.j2:1: undefined name 'plase'" in result.err
    assert not (folder / "out.md").exists()


def test_default_output_names_and_format_rules(ronten, folder, monkeypatch):
    path = write(folder, BASE)
    monkeypatch.chdir(folder)
    assert ronten("agenda", path).code == 0
    assert ronten("minutes", path, "--to", "md").code == 0
    assert (folder / "meeting-agenda.docx").read_bytes()[:2] == b"PK"
    assert (folder / "meeting-minutes.md").read_text(encoding="utf-8").startswith("# 第2回")
    (folder / "out").mkdir()
    assert ronten("agenda", path, "-o", "out").code == 0
    assert (folder / "out" / "meeting-agenda.docx").is_file()
    mismatch = ronten("agenda", path, "-o", "x.docx", "--to", "md")
    assert mismatch.code == 2 and "-o x.docx: the name says docx, --to says md" in mismatch.err


def test_never_overwrites_an_input(ronten, folder):
    path = write(folder, BASE)
    before = path.read_bytes()
    result = ronten("agenda", path, "--to", "md", "-o", folder / "memo.md")
    assert result.code == 2 and "refusing to overwrite the input" in result.err
    result = ronten("agenda", path, "--to", "md", "-o", path)  # no command writes a .yaml file
    assert result.code == 2 and "cannot write a .yaml file" in result.err
    assert path.read_bytes() == before and (folder / "memo.md").read_bytes() == SEED.read_bytes()
    template = folder / "mine.md"  # a template file may have any name, and a .md one is writable
    template.write_text("# {{ meeting.name }}\n", encoding="utf-8")
    result = ronten("agenda", path, "-t", template, "--to", "md", "-o", template)
    assert result.code == 2 and "refusing to overwrite the input" in result.err
    assert template.read_text(encoding="utf-8") == "# {{ meeting.name }}\n"


def test_bundle_refuses_to_overwrite_an_input(ronten, folder):
    bundle = folder / "print"
    bundle.mkdir()
    reference = bundle / "00_次第.docx"
    assert ronten("agenda", write(folder, BASE), "-o", reference).code == 0
    before = reference.read_bytes()
    result = ronten("agenda", folder / "meeting.yaml", "--bundle", bundle, "--reference-doc", reference)
    assert result.code == 2 and "refusing to overwrite the input" in result.err
    assert reference.read_bytes() == before
    assert sorted(p.name for p in bundle.iterdir()) == ["00_次第.docx"]


def test_bundle_with_a_broken_material_writes_nothing(ronten, folder):
    (folder / "broken.md").write_bytes(b"\x00\x01 not text")
    text = BASE.replace(
        "file: memo.md}\n", "file: memo.md}\n  - {id: 資料2, title: 壊れた資料, file: broken.md}\n"
    )
    result = ronten("agenda", write(folder, text), "--bundle", folder / "print")
    assert result.code == 2
    assert result.err == f"ronten: error: {folder / 'broken.md'}: binary file, not a text outline\n"
    assert not (folder / "print").exists()


def byline(path: Path) -> str:
    """The right-aligned meeting line under the title of a rendered memo."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    lines = [p.text for p in Document(str(path)).paragraphs if p.alignment == WD_ALIGN_PARAGRAPH.RIGHT]
    return lines[-1]


def test_bundle_prints_the_meeting_on_every_material(ronten, folder):
    (folder / "old.md").write_text(
        "---\ncommittee: 旧研究会\nsession: 3\ndate: 令和8年11月18日\n---\n# 別紙\n\n論点1 あ\n",
        encoding="utf-8",
    )
    (folder / "same.md").write_text(
        "---\nsession: 第2回\ndate: 2026-12-10\n---\n# 参考\n\n論点1 い\n", encoding="utf-8"
    )
    more = "  - {id: 資料2, title: 別紙, file: old.md}\n  - {id: 資料3, title: 参考, file: same.md}\n"
    text = BASE.replace("file: memo.md}\n", "file: memo.md}\n" + more)
    result = ronten("agenda", write(folder, text), "--bundle", folder / "print")
    assert result.code == 0, result.err
    # Once, for the one memo whose front matter disagrees, naming both values of each field.
    assert [line for line in result.err.splitlines() if line.startswith("ronten: warning")] == [
        f"ronten: warning: {folder / 'old.md'}: front matter gives committee 旧研究会 (meeting file: "
        "都市自治体のデジタル人材に関する研究会), session 第3回 (meeting file: 第2回), date 令和8年11月18日 "
        "(meeting file: 令和8年12月10日); the bundle prints the meeting file's"
    ]
    expected = "第2回 都市自治体のデジタル人材に関する研究会　令和8年12月10日（木）"
    bundled = sorted((folder / "print").glob("0[1-9]_*.docx"))
    assert [path.name for path in bundled] == [
        "01_資料1_論点メモ（案）.docx",
        "02_資料2_別紙.docx",
        "03_資料3_参考.docx",
    ]
    assert [byline(path) for path in bundled] == [expected] * 3


def big_memo(path: Path) -> None:
    """A memo whose .docx (some 65 kB) is far larger than a 次第's: text that does not compress."""
    import random

    rng = random.Random(0)
    items = "".join(f"論点{n} {rng.randbytes(24).hex()}\n\n" for n in range(1, 1501))
    path.write_text(f"# 大きな論点メモ\n\n{items}", encoding="utf-8")


@pytest.mark.parametrize("exists", [False, True])
def test_bundle_failing_mid_way_leaves_the_folder_untouched(ronten, folder, file_size_limit, exists):
    big_memo(folder / "memo.md")
    bundle = folder / "print"
    if exists:
        bundle.mkdir()
        (bundle / "00_次第.docx").write_bytes(b"last week's")
        (bundle / "mine.txt").write_bytes(b"keep")
    path = write(folder, BASE.replace("materials:", "agenda: [意見交換]\nmaterials:"))
    before = sorted(p.name for p in folder.iterdir())
    # The 次第 fits and is written first; the memo's .docx does not, as on a disk that fills up.
    with file_size_limit(40_000):
        result = ronten("agenda", path, "--bundle", bundle)
    assert result.code == 2
    assert result.err == (
        f"ronten: error: {bundle / '01_資料1_論点メモ（案）.docx'}: cannot write (File too large); "
        "nothing was written\n"
    )
    assert sorted(p.name for p in folder.iterdir()) == before  # no temporary folder left next to it
    if exists:
        assert {p.name: p.read_bytes() for p in bundle.iterdir()} == {
            "00_次第.docx": b"last week's",
            "mine.txt": b"keep",
        }
    else:
        assert not bundle.exists()
    assert ronten("agenda", path, "--bundle", bundle).code == 0  # the same run with room succeeds
    assert (bundle / "01_資料1_論点メモ（案）.docx").stat().st_size > 40_000


def test_bundle_with_a_title_too_long_for_a_file_name(ronten, folder):
    title = "デジタル人材" * 15  # 90 characters, 270 bytes in UTF-8
    result = ronten(
        "agenda",
        write(folder, BASE.replace("論点メモ（案）, file", f"{title}, file")),
        "--bundle",
        folder / "b",
    )
    assert result.code == 2
    assert result.err == (
        f"ronten: error: {folder}/meeting.yaml:8: 資料1: the title is too long for a file name in the bundle "
        "(286 bytes, at most 255); shorten it\n"
    )
    assert not (folder / "b").exists()


def test_bundle_materials_with_their_number_on_every_page(ronten, folder):
    from docx import Document

    path = write(folder, BASE)
    refused = ronten("agenda", path, "-o", folder / "a.docx", "--material-every-page")
    assert refused.code == 2
    assert refused.err == "ronten: error: --material-every-page applies to the materials of --bundle DIR\n"
    assert ronten("agenda", path, "--bundle", folder / "b", "--material-every-page").code == 0
    memo = Document(str(folder / "b" / "01_資料1_論点メモ（案）.docx"))
    assert [p.text for p in memo.sections[0].header.paragraphs] == ["資料1"]
    shidai = Document(str(folder / "b" / "00_次第.docx"))  # the 次第 has no number
    assert all(p.text == "" for p in shidai.sections[0].header.paragraphs)


def test_bundle_usage_errors(ronten, folder):
    path = write(folder, BASE)
    (folder / "file").write_text("x", encoding="utf-8")
    assert "is a file, not a folder" in ronten("agenda", path, "--bundle", folder / "file").err
    assert "leave out -o" in ronten("agenda", path, "--bundle", folder / "b", "-o", "x.docx").err
    no_outline = edit("  - {id: 資料1", "  - {id: 資料1, title: 名簿, file: list.csv}")
    (folder / "list.csv").write_text("a,b\n", encoding="utf-8")
    result = ronten("agenda", write(folder, no_outline), "--bundle", folder / "b")
    assert result.code == 0
    assert (
        "meeting.yaml:8: 資料1　名簿: list.csv is not an outline (.md, .txt, or Word with numbered items);"
        " print it separately" in result.err
    )
    assert "the bundle holds the 次第 only" in result.err
    assert sorted(p.name for p in (folder / "b").iterdir()) == ["00_次第.docx"]


# --- the .docx as LibreOffice prints it -----------------------------------------------------------

A4_MM = (210.0, 297.0)
A4_POINTS = (595.3, 841.9)


def run_cli(*args: str | Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([str(arg) for arg in args])
    assert exit_info.value.code == 0


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The 次第, the 議事要旨 and a bundle as .docx, and as PDF (one LibreOffice run) when it is installed."""
    root = tmp_path_factory.mktemp("printed")
    (root / "memo.md").write_bytes(SEED.read_bytes())
    meeting = write(root, BASE.replace("2026-12-10", "2019-05-01"))
    run_cli("agenda", meeting, "-o", root / "agenda.docx")
    run_cli("minutes", meeting, "-o", root / "minutes.docx")
    run_cli("agenda", meeting, "--bundle", root / "bundle")
    docx = [root / "agenda.docx", root / "minutes.docx", *sorted((root / "bundle").glob("*.docx"))]
    pdfs = to_pdf(docx, root / "pdf") if SOFFICE and PDF_TOOLS else []
    return {path.name: path for path in [*docx, *pdfs]}


@pytest.mark.slow  # the fixture converts to PDF when LibreOffice is installed
def test_agenda_docx_is_titled_for_the_meeting(printed):
    agenda, minutes = (
        valid_docx(printed[name]).core_properties.title for name in ("agenda.docx", "minutes.docx")
    )
    assert agenda == "第2回 都市自治体のデジタル人材に関する研究会 次第"
    assert minutes == "第2回 都市自治体のデジタル人材に関する研究会 議事要旨"


@needs_libreoffice
def test_agenda_prints_on_one_a4_page(printed):
    pdf = printed["agenda.pdf"]
    assert pdf_pages(pdf) == 1
    assert pdf_page_size_mm(pdf) == pytest.approx(A4_MM, abs=0.5)
    lines = pdf_page_lines(pdf)[0].splitlines()
    assert lines == [
        "第2回都市自治体のデジタル人材に関する研究会",
        "次第",
        "日時：令和元年5月1日（水）14時00分～16時00分",
        "場所：日本都市センター会議室",
        "１開会",
        "２議事",
        "（１）都市自治体が取り組むデジタル人材確保・育成の意義",
        "（２）都市自治体におけるデジタル人材とデジタル化・DX政策に関する検討",
        "（３）近未来の都市自治体とデジタル人材のあり方",
        "３閉会",
        "【配布資料】",
        "資料1論点メモ（案）",
    ]


BODY_EM = 10.5  # points
LEFT_MARGIN, RIGHT_MARGIN = 1701 / 20, A4_POINTS[0] - 1701 / 20


def _starting(lines: list[list[Box]], text: str) -> list[Box]:
    (found,) = [words for words in lines if "".join(word.text for word in words).startswith(text)]
    return found


@needs_libreoffice
def test_agenda_is_airy_like_a_real_shidai(printed):
    lines = pdf_lines(printed["agenda.pdf"])
    # A one-page document: no page number at the foot.
    assert not any(len(words) == 1 and words[0].text.isdigit() for words in lines)
    # The title, centred on two lines, larger than the body text.
    for line in lines[:2]:
        middle = (line[0].left + line[-1].right) / 2
        assert abs(middle - A4_POINTS[0] / 2) <= 2, line
    name = max(lines[0], key=lambda word: len(word.text))
    assert (name.right - name.left) / len(name.text) >= 1.25 * BODY_EM
    # 日時 and 場所 as a block indented from the margin.
    when, where = _starting(lines, "日時"), _starting(lines, "場所")
    assert when[0].left == where[0].left >= LEFT_MARGIN + 2 * BODY_EM - 1
    # A blank line between 開会, 議事 and 閉会, none inside the 議事; the 配布資料 after a wider gap.
    pitch = _starting(lines, "（２）")[0].top - _starting(lines, "（１）")[0].top
    assert 15 <= pitch <= 22
    opening, business, closing = (_starting(lines, label)[0].top for label in ("１", "２", "３"))
    assert business - opening >= 2 * pitch - 1
    assert closing - _starting(lines, "（３）")[0].top >= 2 * pitch - 1
    materials = _starting(lines, "【配布資料】")[0].top
    assert materials - closing >= 4 * pitch - 1
    # Not packed into the top of the page: the 配布資料 are in its lower half.
    assert materials > A4_POINTS[1] * 0.5


@needs_libreoffice
def test_minutes_print_with_every_section(printed):
    pdf = printed["minutes.pdf"]
    assert pdf_page_size_mm(pdf) == pytest.approx(A4_MM, abs=0.5)
    text = "\n".join(pdf_page_lines(pdf))
    for expected in (
        "議事要旨",
        "１日時",
        "令和元年5月1日（水）",
        "３出席者",
        "（委員）山田太郎（座長、都市大学教授）",
    ):
        assert expected in text
    from ronten_cli import load

    sections = sum(part.marker != "bullet" for item in load(str(SEED)).children for part in item.children)
    assert text.count("（事務局）") == 1 + sections  # the secretariat attendee, then one per section
    assert "論点3近未来の都市自治体とデジタル人材のあり方" in text


@needs_libreoffice
def test_minutes_indent_what_is_under_each_heading(printed):
    lines = pdf_lines(printed["minutes.pdf"])
    # 「１　日時」: one full-width space, and the date under the heading's text.
    number, title = _starting(lines, "１日時")
    assert abs(title.left - number.right - BODY_EM) <= 1.5
    assert abs(_starting(lines, "令和元年")[0].left - title.left) <= 0.75
    # Each speaker label sits at the text of the section it is under.
    section: Box | None = None
    speakers = 0
    for words in lines:
        if words[0].text in ("(1)", "(2)", "(3)", "(4)"):
            section = words[1]
        elif words[0].text in ("（委員）", "（事務局）") and section is not None:
            speakers += 1
            assert abs(words[0].left - section.left) <= 0.75, words
    assert speakers >= 10
    # 以上 ends the minutes at the right margin.
    last = lines[-1] if not lines[-1][0].text.isdigit() else lines[-2]
    assert last[-1].text == "以上" and abs(last[-1].right - RIGHT_MARGIN) <= 1.5


@needs_libreoffice
def test_bundle_sorts_in_meeting_order_with_material_number_top_right(printed):
    bundle = sorted(name for name in printed if name[:2].isdigit())
    assert bundle == [
        "00_次第.docx",
        "00_次第.pdf",
        "01_資料1_論点メモ（案）.docx",
        "01_資料1_論点メモ（案）.pdf",
    ]
    assert pdf_page_lines(printed["00_次第.pdf"]) == pdf_page_lines(printed["agenda.pdf"])
    material = printed["01_資料1_論点メモ（案）.pdf"]
    printed_pages = pdf_page_lines(material)
    assert len(printed_pages) > 1
    assert pdf_page_size_mm(material) == pytest.approx(A4_MM, abs=0.5)
    (x, y, word), (_, _, number) = pdf_words(material)[:2]
    assert (word, number) == ("資料", "1")
    assert x > A4_POINTS[0] * 0.7 and y < A4_POINTS[1] * 0.15  # top right, above the title
    assert printed_pages[0].splitlines()[:2] == ["資料1", "論点メモ(案)"]
    assert all("資料1" not in page for page in printed_pages[1:])  # the first page only


# --- robustness -----------------------------------------------------------------------------------

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 3000),
    st.text(max_size=12),
    st.sampled_from(
        ["2026-02-30", "14:00", "25:00", "2019-05-01", "第2回", "memo.md", "１４：００", "~", ""]
    ),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS + ATTENDEE_KEYS), inner),
    max_leaves=8,
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(st.sampled_from([*KEYS, "venue"]), _VALUES, max_size=9))
def test_any_meeting_data_loads_or_is_one_clear_error(folder, data):
    path = write(folder, yaml.safe_dump(data, allow_unicode=True))
    try:
        meeting, warnings = load_meeting(str(path))
    except RontenError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(str(path))
        return
    assert meeting.when and all("\n" not in warning for warning in warnings)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=":-[]{}#&*!|>'\"%@`,? \n\tabc12日", max_size=60))
def test_any_text_loads_or_is_one_clear_error(folder, text):
    try:
        load_meeting(str(write(folder, text)))
    except RontenError as exc:
        assert "\n" not in str(exc)
