"""Meeting documents: metadata validation, the 次第 and 議事要旨 content, and the .docx they print as."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ronten_cli.meeting import Attendee, Material, attendee_groups, bundle_name, load_meeting

from .conftest import OUTLINES, SEED

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
        ("date:", "date: 来週の木曜", 3, "date: 来週の木曜 is not a date (write it as YYYY-MM-DD"),
        ("date:", "date: 1868-10-23", 3, "date: 1868-10-23 is before 1873"),
        ("start:", "start: 25:00", 4, "start: 25:00 is not a valid time of day"),
        ("start:", 'start: "14:60"', 4, "start: 14:60 is not a valid time of day"),
        ("start:", "start: 午後2時", 4, 'start: 午後2時 is not a time (write it as "14:00")'),
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
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
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


def test_unknown_keys_warn_with_their_line_and_a_guess(ronten, folder):
    text = BASE.replace("place:", "venue: 別館\nplace:").replace(
        "role: 事務局}", "role: 事務局, phone: 03-0000-0000}"
    )
    result = ronten("agenda", write(folder, text), "-o", "-", "--to", "md")
    assert result.code == 0
    warnings = [line for line in result.err.splitlines() if "warning" in line]
    assert warnings == [
        f"ronten: warning: {folder}/meeting.yaml:6: unknown key 'venue' ignored (known keys: "
        "committee, session, date, place, start, end, agenda, materials, attendees)",
        f"ronten: warning: {folder}/meeting.yaml:12: attendees: unknown key 'phone' ignored (known keys: "
        "name, affiliation, role, absent)",
    ]
    typo = ronten("agenda", write(folder, BASE + "atendees: []\n"), "-o", "-", "--to", "md")
    assert "unknown key 'atendees' ignored (did you mean 'attendees'?)" in typo.err


def test_yaml_traps_are_read_as_written(folder):
    text = edit("start:", "start: 9:30").replace('end: "16:00"', "end: １１：００")
    text = text.replace("session: 2", "session: 第3回").replace("date: 2026-12-10", 'date: "2019-05-01"')
    meeting, _ = load_meeting(str(write(folder, text)))
    assert meeting.start == dt.time(9, 30)  # not the sexagesimal 570
    assert meeting.end == dt.time(11, 0)
    assert meeting.session == 3
    assert meeting.date == dt.date(2019, 5, 1)


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
    outline.write_text("---\n" + BASE + "---\n" + SEED.read_text(encoding="utf-8"), encoding="utf-8")
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
