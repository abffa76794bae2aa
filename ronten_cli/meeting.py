"""Meeting metadata (a YAML file or an outline's front matter) and the 次第 / 議事要旨 built from it.

The metadata is read from YAML's composed nodes rather than from ``yaml.safe_load``'s values: the
nodes keep each value's line for error messages, and their raw text sidesteps two YAML 1.1 traps
(an unquoted ``2026-02-30`` raises ``ValueError`` while loading, an unquoted ``14:00`` loads as the
sexagesimal integer 840). Rendering goes through the same templates and docx writer as
``ronten render``; this module only supplies the context.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NoReturn

import yaml

from .errors import MeetingError
from .model import Outline
from .parser import front_matter_end, parse
from .source import OUTLINE_SUFFIXES, read
from .wareki import ERAS, jtime, wareki

REQUIRED = ("committee", "session", "date", "place")
KEYS = (*REQUIRED, "start", "end", "agenda", "materials", "attendees")
MATERIAL_KEYS = ("id", "title", "file")
ATTENDEE_KEYS = ("name", "affiliation", "role", "absent")

# Roles of committee members; they are listed together as 委員, the role shown after the name.
MEMBER_ROLES = ("座長", "副座長", "委員長", "副委員長", "会長", "副会長", "委員")
MEMBER_GROUP = "委員"
SECRETARIAT = "事務局"

_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME = re.compile(r"(\d{1,2})(?::(\d{2})|時(?:(\d{1,2})分)?)")
_SESSION = re.compile(r"第?(\d+)回?")
# Characters Windows and macOS refuse in file names; a material title may contain any of them.
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass(frozen=True, slots=True)
class Material:
    """One distributed document: ``資料1 論点メモ（案）``, with the file it comes from if any."""

    id: str
    title: str
    file: Path | None = None
    line: int = 0

    @property
    def is_outline(self) -> bool:
        """Whether ``file`` is an outline ronten can render (Markdown or plain text)."""
        return self.file is not None and self.file.suffix.lower() in OUTLINE_SUFFIXES

    @property
    def label(self) -> str:
        """How the 配布資料 list names it: ``資料1　論点メモ（案）``, or the title alone without an id."""
        return f"{self.id}　{self.title}" if self.id else self.title


@dataclass(frozen=True, slots=True)
class Attendee:
    """One person at (or, with ``absent``, missing from) the meeting."""

    name: str
    affiliation: str = ""
    role: str = MEMBER_GROUP
    absent: bool = False

    @property
    def group(self) -> str:
        """The heading the minutes list this person under: 座長 and 副座長 are 委員 too."""
        return MEMBER_GROUP if self.role in MEMBER_ROLES else self.role

    @property
    def label(self) -> str:
        """``山田 太郎（座長、都市大学教授）``: the role is shown when it is more than the group."""
        notes = [note for note in (self.role if self.role != self.group else "", self.affiliation) if note]
        return f"{self.name}（{'、'.join(notes)}）" if notes else self.name


@dataclass(frozen=True, slots=True)
class Meeting:
    """Validated meeting metadata; ``outline`` is set when it came from an outline's front matter."""

    path: str
    committee: str
    session: int | str
    date: dt.date
    place: str
    start: dt.time | None = None
    end: dt.time | None = None
    agenda: tuple[str, ...] = ()
    materials: tuple[Material, ...] = ()
    attendees: tuple[Attendee, ...] = ()
    outline: Outline | None = None

    def inputs(self, *others: str | Path | None, template: str | None = None) -> list[str]:
        """The files an output must never overwrite: this one, its materials, the ``others`` files,
        and ``template`` when it names a file rather than a template."""
        from .render.templating import is_path

        files = [self.path, *(str(material.file) for material in self.materials if material.file)]
        if template is not None and is_path(template):
            files.append(template)
        return files + [str(other) for other in others if other is not None]

    @property
    def session_label(self) -> str:
        return f"第{self.session}回" if isinstance(self.session, int) else self.session

    @property
    def name(self) -> str:
        """``第2回 都市自治体のデジタル人材に関する研究会``."""
        return f"{self.session_label} {self.committee}".strip()

    @property
    def when(self) -> str:
        """``令和8年12月10日（木）14時00分～16時00分``."""
        text = wareki(self.date, weekday=True)
        if self.start is not None:
            text += jtime(self.start) + "～"
            if self.end is not None:
                text += jtime(self.end)
        return text


def load_meeting(spec: str) -> tuple[Meeting, list[str]]:
    """Read and validate meeting metadata; returns it and the warnings (unknown keys) to show.

    ``spec`` is a YAML file or an outline (``.md``/``.txt``) whose front matter holds the keys.
    Material files are looked up relative to the folder of the meeting file.
    """
    source = read(spec)
    is_outline = Path(spec).suffix.lower() in OUTLINE_SUFFIXES
    if is_outline:
        text, offset = _front_matter(source.text, source.name)
    else:
        text, offset = source.text, 0
    folder = Path(spec).parent if spec != "-" and Path(spec).is_file() else Path(".")
    reader = _Reader(source.name, offset, "front matter" if is_outline else "meeting file")
    meeting, warnings = reader.meeting(_compose(text, reader), folder)
    if is_outline:
        # Parsed only now: the checks above have rejected every value that would break YAML loading.
        meeting = replace(meeting, outline=parse(source.text, source.name))
    return meeting, warnings


def _front_matter(text: str, name: str) -> tuple[str, int]:
    """The YAML between a first line ``---`` and the next ``---`` or ``...``, and its line offset.

    Taken from the text, not from ``Outline.front_matter``: parsing the outline loads this YAML with
    ``safe_load``, which fails on the very values (``date: 2026-02-30``) reported here with their line.
    The parser's ``front_matter_end`` finds where it ends, so both read the same lines.
    """
    lines = text.split("\n")
    end = front_matter_end(lines)
    if end:
        return "\n".join(lines[1:end]), 1
    raise MeetingError(
        f"{name}: no meeting keys: start the outline with front matter between '---' lines "
        f"giving {', '.join(REQUIRED)}"
    )


def _compose(text: str, reader: _Reader) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1 + reader.offset}" if mark is not None else ""
        # "expected a single document …, but found another document": the context makes the problem clear.
        parts = [getattr(exc, "context", None), getattr(exc, "problem", None)]
        problem = ", ".join(part for part in parts if part) or str(exc).splitlines()[0]
        raise MeetingError(f"{reader.name}{where}: invalid YAML ({problem})") from None


class _Reader:
    """Turns composed YAML nodes into a ``Meeting``, naming file and line in every complaint."""

    def __init__(self, name: str, offset: int, what: str) -> None:
        self.name = name
        self.offset = offset
        self.what = what
        self.warnings: list[str] = []

    def line(self, node: yaml.Node) -> int:
        """The 1-based line of ``node`` in the file (front matter starts on line 2)."""
        return int(node.start_mark.line) + 1 + self.offset

    def where(self, node: yaml.Node) -> str:
        return f"{self.name}:{self.line(node)}"

    def fail(self, node: yaml.Node, message: str) -> NoReturn:
        raise MeetingError(f"{self.where(node)}: {message}")

    def meeting(self, root: yaml.Node | None, folder: Path) -> tuple[Meeting, list[str]]:
        if root is None:
            raise MeetingError(f"{self.name}: the {self.what} is empty; it needs {', '.join(REQUIRED)}")
        if not isinstance(root, yaml.MappingNode):
            self.fail(root, f"the {self.what} must be keys and values (committee: …, date: …), not a list")
        # Front matter is shared with templates, which may read any key of it: only a meeting file's
        # own keys are checked for typos.
        fields = self.mapping(root, KEYS, "", warn=self.what != "front matter")
        for key in REQUIRED:
            if key not in fields:
                raise MeetingError(f"{self.name}: missing required key '{key}' ({_EXAMPLES[key]})")
        start = self.time("start", fields.get("start"))
        end = self.time("end", fields.get("end"))
        if end is not None and start is None:
            self.fail(fields["end"], "end: given without start; give the start time too")
        if start is not None and end is not None and end <= start:
            self.fail(fields["end"], f"end: {jtime(end)} is not after start {jtime(start)}")
        meeting = Meeting(
            path=self.name,
            committee=self.text("committee", fields["committee"]),
            session=self.session(fields["session"]),
            date=self.date(fields["date"]),
            place=self.text("place", fields["place"]),
            start=start,
            end=end,
            agenda=tuple(self.text("agenda", item) for item in self.sequence("agenda", fields.get("agenda"))),
            materials=self.materials(fields.get("materials"), folder),
            attendees=tuple(
                self.attendee(item) for item in self.sequence("attendees", fields.get("attendees"))
            ),
        )
        return meeting, self.warnings

    def mapping(
        self, node: yaml.MappingNode, known: Iterable[str], within: str, *, warn: bool = True
    ) -> dict[str, yaml.Node]:
        """The node's keys (known ones kept, unknown ones warned about); a repeated key is an error."""
        known = tuple(known)
        fields: dict[str, yaml.Node] = {}
        lines: dict[str, int] = {}
        for key_node, value in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, f"{within}a key must be a plain word, not a list or mapping")
            key = key_node.value
            if key in lines:
                self.fail(key_node, f"{within}{key}: given twice (first on line {lines[key]})")
            lines[key] = self.line(key_node)
            if key in known:
                fields[key] = value
                continue
            if not warn:
                continue
            guess = difflib.get_close_matches(key, known, n=1)
            hint = f"did you mean '{guess[0]}'?" if guess else f"known keys: {', '.join(known)}"
            self.warnings.append(f"{self.where(key_node)}: {within}unknown key '{key}' ignored ({hint})")
        return fields

    def scalar(self, key: str, node: yaml.Node) -> str:
        """The raw text of a scalar value, NFKC-normalised for parsing numbers, dates and times."""
        if not isinstance(node, yaml.ScalarNode):
            kind = "a list" if isinstance(node, yaml.SequenceNode) else "keys and values"
            self.fail(node, f"{key}: must be a single value, not {kind}")
        return unicodedata.normalize("NFKC", node.value).strip()

    def text(self, key: str, node: yaml.Node) -> str:
        value = self.scalar(key, node)
        if not value or node.tag == "tag:yaml.org,2002:null":
            self.fail(node, f"{key}: is empty")
        # NFKC is for parsing only: the user's text is kept exactly as written.
        return str(node.value).strip()

    def session(self, node: yaml.Node) -> int | str:
        value = self.scalar("session", node)
        m = _SESSION.fullmatch(value)
        if m is None:
            return self.text("session", node)
        number = int(m.group(1))
        if number < 1:
            self.fail(node, f"session: {node.value} is not a meeting number (1, 2, …)")
        return number

    def date(self, node: yaml.Node) -> dt.date:
        value = self.scalar("date", node)
        m = _DATE.fullmatch(value)
        if m is None:
            self.fail(node, f"date: {node.value} is not a date (write it as YYYY-MM-DD, e.g. 2026-12-10)")
        year, month, day = (int(part) for part in m.groups())
        if not 1 <= month <= 12:
            self.fail(node, f"date: {node.value} is not a valid date (there is no month {month})")
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            self.fail(node, f"date: {node.value} is not a valid date ({year}-{month:02d} has {days} days)")
        date = dt.date(year, month, day)
        if date < ERAS[-1][0]:
            self.fail(node, f"date: {node.value} is before 1873, which has no supported Japanese era")
        return date

    def time(self, key: str, node: yaml.Node | None) -> dt.time | None:
        if node is None:
            return None
        value = self.scalar(key, node)
        if node.tag == "tag:yaml.org,2002:null":
            return None
        m = _TIME.fullmatch(value)
        if m is None:
            self.fail(node, f'{key}: {node.value} is not a time (write it as "14:00")')
        hour, minute = int(m.group(1)), int(m.group(2) or m.group(3) or 0)
        if hour > 23 or minute > 59:
            self.fail(node, f"{key}: {node.value} is not a valid time of day")
        return dt.time(hour, minute)

    def sequence(self, key: str, node: yaml.Node | None) -> list[yaml.Node]:
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"{key}: must be a list (one '- ' line per entry)")
        return list(node.value)

    def materials(self, node: yaml.Node | None, folder: Path) -> tuple[Material, ...]:
        materials: list[Material] = []
        seen: dict[str, int] = {}
        for item in self.sequence("materials", node):
            line = self.line(item)
            if isinstance(item, yaml.ScalarNode):
                materials.append(Material("", self.text("materials", item), None, line))
                continue
            if not isinstance(item, yaml.MappingNode):
                self.fail(item, "materials: each entry must be {id: 資料1, title: …, file: …}")
            fields = self.mapping(item, MATERIAL_KEYS, "materials: ")
            if "title" not in fields:
                self.fail(item, "materials: an entry has no title")
            title = self.text("title", fields["title"])
            material_id = ""
            if "id" in fields:
                material_id = self.text("id", fields["id"])
                if material_id.isdigit():
                    material_id = f"資料{material_id}"
                if material_id in seen:
                    first = seen[material_id]
                    self.fail(fields["id"], f"id: {material_id} is used twice (first on line {first})")
                seen[material_id] = self.line(fields["id"])
            file = None
            if "file" in fields:
                written = self.text("file", fields["file"])
                file = folder / written
                if not file.is_file():
                    what = "is a folder, not a file" if file.is_dir() else "does not exist"
                    place = "" if str(folder) == "." else f" (looked in {folder})"
                    name = material_id or title
                    self.fail(fields["file"], f"file: {written} ({name}) {what}{place}")
            materials.append(Material(material_id, title, file, line))
        return tuple(materials)

    def attendee(self, node: yaml.Node) -> Attendee:
        if isinstance(node, yaml.ScalarNode):
            return Attendee(self.text("attendees", node))
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, "attendees: each entry must be {name: …, affiliation: …, role: …}")
        fields = self.mapping(node, ATTENDEE_KEYS, "attendees: ")
        if "name" not in fields:
            self.fail(node, "attendees: an entry has no name")
        absent = False
        if "absent" in fields:
            flag = self.scalar("absent", fields["absent"]).lower()
            # Quoted or not: "true" in quotes means the same to the person who typed it.
            if flag not in yaml.SafeLoader.bool_values:
                self.fail(fields["absent"], f"absent: {fields['absent'].value} is not true or false")
            absent = yaml.SafeLoader.bool_values[flag]
        return Attendee(
            name=self.text("name", fields["name"]),
            affiliation=self.text("affiliation", fields["affiliation"]) if "affiliation" in fields else "",
            role=self.text("role", fields["role"]) if "role" in fields else MEMBER_GROUP,
            absent=absent,
        )


_EXAMPLES = {
    "committee": "the committee's name, e.g. committee: 都市自治体のデジタル人材に関する研究会",
    "session": "which meeting this is, e.g. session: 2 for 第2回",
    "date": "the meeting day, e.g. date: 2026-12-10",
    "place": "where it is held, e.g. place: 日本都市センター会議室",
}


def choose_outline(meeting: Meeting, outline: Outline | None) -> tuple[Outline | None, Material | None]:
    """The outline the 議事 and minutes follow, and the material it is distributed as.

    ``--outline`` wins, then the outline whose front matter is the meeting, then the first material
    that is an outline file.
    """
    chosen = outline or meeting.outline
    if chosen is not None:
        return chosen, _material_for(meeting, chosen)
    for material in meeting.materials:
        if material.is_outline and material.file is not None:
            from . import load

            return load(str(material.file)), material
    return None, None


def _material_for(meeting: Meeting, outline: Outline) -> Material | None:
    if not outline.path or outline.path == "-":
        return None
    target = Path(outline.path)
    for material in meeting.materials:
        if material.file is not None and target.exists() and material.file.resolve() == target.resolve():
            return material
    return None


def agenda_items(meeting: Meeting, outline: Outline | None) -> tuple[str, ...]:
    """The numbered 議事: the ``agenda`` key, else the outline's top-level items (its 論点)."""
    if meeting.agenda:
        return meeting.agenda
    if outline is None:
        return ()
    return tuple(node.text for node in outline.children if node.text)


def attendee_groups(attendees: Iterable[Attendee]) -> list[dict[str, Any]]:
    """Attendees by group: 委員 first, 事務局 last, any other role (オブザーバー …) in between."""
    groups: dict[str, list[Attendee]] = {}
    for person in attendees:
        groups.setdefault(person.group, []).append(person)

    def order(name: str) -> int:
        return 0 if name == MEMBER_GROUP else 2 if name == SECRETARIAT else 1

    return [
        {"role": name, "members": [_attendee_dict(person) for person in groups[name]]}
        for name in sorted(groups, key=order)
    ]


def _attendee_dict(person: Attendee) -> dict[str, Any]:
    return {
        "name": person.name,
        "affiliation": person.affiliation,
        "role": person.role,
        "group": person.group,
        "absent": person.absent,
        "label": person.label,
    }


def meeting_context(meeting: Meeting, outline: Outline | None = None) -> dict[str, Any]:
    """The template context of ``agenda.md.j2`` and ``minutes.md.j2`` (documented in the README)."""
    outline, outline_material = choose_outline(meeting, outline)
    present = [person for person in meeting.attendees if not person.absent]
    absent = [person for person in meeting.attendees if person.absent]
    context: dict[str, Any] = {
        "meeting": {
            "committee": meeting.committee,
            "session": meeting.session,
            "session_label": meeting.session_label,
            "name": meeting.name,
            "date": meeting.date,
            "start": meeting.start,
            "end": meeting.end,
            "when": meeting.when,
            "place": meeting.place,
            "agenda": list(agenda_items(meeting, outline)),
            "materials": [
                {
                    "id": material.id,
                    "title": material.title,
                    "label": material.label,
                    "file": str(material.file) if material.file else "",
                    "is_outline": material.is_outline,
                }
                for material in meeting.materials
            ],
            "attendees": [_attendee_dict(person) for person in present],
            "groups": attendee_groups(present),
            "absent": attendee_groups(absent),
        },
        "outline": None,
        "outline_material": outline_material.id if outline_material else "",
    }
    if outline is not None:
        from .render.templating import outline_context

        context["outline"] = outline_context(outline)
    return context


def bundle_name(index: int, material: Material) -> str:
    """``01_資料1_論点メモ（案）.docx``: names that sort in meeting order and are safe on every OS."""
    parts = [f"{index:02d}", material.id, material.title]
    stem = "_".join(_UNSAFE_NAME.sub("_", part).strip() for part in parts if part)
    return f"{stem}.docx"


def default_output(spec: str, kind: str, to: str) -> str:
    """``meeting-agenda.docx`` in the current folder for ``meeting.yaml``; ``meeting-…`` for stdin."""
    stem = "meeting" if spec == "-" else Path(spec).stem
    return f"{stem}-{kind}.{to}"


TITLES = {"agenda": "次第", "minutes": "議事要旨"}


def render_document(
    kind: str,
    meeting: Meeting,
    outline: Outline | None = None,
    *,
    to: str = "docx",
    template: str | None = None,
    template_dir: Path | None = None,
    reference: Path | None = None,
) -> tuple[bytes, list[str]]:
    """The 次第 (``kind`` ``agenda``) or 議事要旨 (``minutes``) as Markdown or .docx bytes, and warnings."""
    from .render.templating import render_template

    markdown = render_template(template or kind, meeting_context(meeting, outline), template_dir=template_dir)
    if to == "md":
        return markdown.encode("utf-8"), []
    from .render.docx import DocxOptions, markdown_to_docx

    result = markdown_to_docx(
        markdown, DocxOptions(title=f"{meeting.name} {TITLES[kind]}", reference=reference)
    )
    return result.data, list(result.warnings)


def render_bundle(
    meeting: Meeting,
    outline: Outline | None = None,
    *,
    template: str | None = None,
    template_dir: Path | None = None,
    reference: Path | None = None,
) -> tuple[list[tuple[str, bytes | str]], list[str]]:
    """Every document to print for the meeting, as (file name, .docx bytes), and the warnings.

    The 次第 comes first (``00_次第.docx``), then each material whose file is an outline, numbered
    by its place in ``materials`` so that the names sort in meeting order. Everything is rendered
    before anything is written, so a bad material leaves no half-made bundle behind.
    """
    from . import load
    from .render import render

    data, warnings = render_document(
        "agenda", meeting, outline, template=template, template_dir=template_dir, reference=reference
    )
    files: list[tuple[str, bytes | str]] = [(f"00_{TITLES['agenda']}.docx", data)]
    for index, material in enumerate(meeting.materials, 1):
        if material.file is None:
            continue
        if not material.is_outline:
            warnings.append(
                f"{meeting.path}:{material.line}: {material.label}: {material.file.name} is not an "
                "outline (.md, .txt); print it separately"
            )
            continue
        result = render(
            load(str(material.file)),
            to="docx",
            template_dir=template_dir,
            reference=reference,
            overrides={"material": material.id},
        )
        files.append((bundle_name(index, material), result.data))
        warnings.extend(f"{material.file}: {message}" for message in result.warnings)
    if len(files) == 1:
        warnings.append(
            f"{meeting.path}: no material has an outline file (.md, .txt); the bundle holds the 次第 only"
        )
    return files, warnings
