"""Reading meeting metadata (a YAML file or an outline's front matter) into a ``Meeting``.

The metadata is read from YAML's composed nodes rather than from ``yaml.safe_load``'s values: the
nodes keep each value's line for error messages, and their raw text sidesteps two YAML 1.1 traps
(an unquoted ``2026-02-30`` raises ``ValueError`` while loading, an unquoted ``14:00`` loads as the
sexagesimal integer 840). Dates and times are read by the one grammar of ``dates``, so
``令和8年12月10日（木）`` and ``午後2時`` mean here what they mean in front matter and ``--set``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

import yaml

from .. import yamlsafe
from ..dates import DateTimeError, jtime, parse_date, parse_time
from ..errors import MeetingError
from ..i18n import N_, _
from ..parser import front_matter_end, parse
from ..source import OUTLINE_SUFFIXES, read
from .model import MEMBER_GROUP, SESSION, Attendee, Material, Meeting

REQUIRED = ("committee", "session", "date", "place")
KEYS = (*REQUIRED, "start", "end", "agenda", "materials", "attendees")
MATERIAL_KEYS = ("id", "title", "file")
ATTENDEE_KEYS = ("name", "affiliation", "role", "absent")


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
    reader = _Reader(source.name, offset, N_("front matter") if is_outline else N_("meeting file"))
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
        _(
            "{path}: no meeting keys: start the outline with front matter between '---' lines giving {keys}"
        ).format(path=name, keys=", ".join(REQUIRED))
    )


def _compose(text: str, reader: _Reader) -> yaml.Node | None:
    try:
        return yamlsafe.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1 + reader.offset}" if mark is not None else ""
        # "expected a single document …, but found another document": the context makes the problem clear.
        parts = [getattr(exc, "context", None), getattr(exc, "problem", None)]
        problem = ", ".join(part for part in parts if part) or str(exc).splitlines()[0]
        raise MeetingError(
            _("{path}: invalid YAML ({problem})").format(path=reader.name + where, problem=problem)
        ) from None


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
            raise MeetingError(
                _("{path}: the {what} is empty; it needs {keys}").format(
                    path=self.name, what=_(self.what), keys=", ".join(REQUIRED)
                )
            )
        if not isinstance(root, yaml.MappingNode):
            self.fail(
                root,
                _("the {what} must be keys and values (committee: …, date: …), not a list").format(
                    what=_(self.what)
                ),
            )
        # Front matter is shared with templates, which may read any key of it: there only a key that
        # stands in for a missing required one is a typo.
        fields = self.mapping(root, KEYS, "", shared=self.what == "front matter")
        for key in REQUIRED:
            if key not in fields:
                raise MeetingError(
                    _("{path}: missing required key '{key}' ({example})").format(
                        path=self.name, key=key, example=_(_EXAMPLES[key])
                    )
                )
        start = self.time("start", fields.get("start"))
        end = self.time("end", fields.get("end"))
        if end is not None and start is None:
            self.fail(fields["end"], _("end: given without start; give the start time too"))
        if start is not None and end is not None and end <= start:
            self.fail(
                fields["end"],
                _("end: {end} is not after start {start}").format(end=jtime(end), start=jtime(start)),
            )
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
        self, node: yaml.MappingNode, known: Iterable[str], within: str, *, shared: bool = False
    ) -> dict[str, yaml.Node]:
        """The node's known keys; a repeated key is an error, and so is an unknown key close to a known
        one (a typo that would otherwise drop a value); other unknown keys are warned about.

        In a ``shared`` mapping (front matter, which templates read too) unknown keys are other
        people's, except one close to a required key that is missing.
        """
        known = tuple(known)
        fields: dict[str, yaml.Node] = {}
        lines: dict[str, int] = {}
        unknown: list[yaml.Node] = []
        for key_node, value in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, within + _("a key must be a plain word, not a list or mapping"))
            key = key_node.value
            if key in lines:
                self.fail(
                    key_node,
                    within + _("{key}: given twice (first on line {line})").format(key=key, line=lines[key]),
                )
            lines[key] = self.line(key_node)
            if key in known:
                fields[key] = value
            else:
                unknown.append(key_node)
        for key_node in unknown:
            key = key_node.value
            guess = difflib.get_close_matches(key, known, n=1)
            if guess and (not shared or (guess[0] in REQUIRED and guess[0] not in fields)):
                self.fail(
                    key_node,
                    within + _("{key}: unknown key; did you mean {guess}?").format(key=key, guess=guess[0]),
                )
            if not shared:
                ignored = _("{key}: unknown key ignored (known keys: {keys})").format(
                    key=key, keys=", ".join(known)
                )
                self.warnings.append(f"{self.where(key_node)}: {within}{ignored}")
        return fields

    def scalar(self, key: str, node: yaml.Node) -> str:
        """The raw text of a scalar value, NFKC-normalised for parsing numbers, dates and times."""
        if not isinstance(node, yaml.ScalarNode):
            if isinstance(node, yaml.SequenceNode):
                self.fail(node, _("{key}: must be a single value, not a list").format(key=key))
            self.fail(node, _("{key}: must be a single value, not keys and values").format(key=key))
        return unicodedata.normalize("NFKC", node.value).strip()

    def text(self, key: str, node: yaml.Node) -> str:
        value = self.scalar(key, node)
        if not value or node.tag == "tag:yaml.org,2002:null":
            self.fail(node, _("{key}: is empty").format(key=key))
        # NFKC is for parsing only: the user's text is kept exactly as written.
        return str(node.value).strip()

    def session(self, node: yaml.Node) -> int | str:
        value = self.scalar("session", node)
        m = SESSION.fullmatch(value)
        if m is None:
            return self.text("session", node)
        number = int(m.group(1))
        if number < 1:
            self.fail(node, _("session: {value} is not a meeting number (1, 2, …)").format(value=node.value))
        return number

    def date(self, node: yaml.Node) -> dt.date:
        try:
            return parse_date(self.text("date", node))
        except DateTimeError as exc:
            self.fail(node, f"date: {exc}")

    def time(self, key: str, node: yaml.Node | None) -> dt.time | None:
        if node is None:
            return None
        self.scalar(key, node)
        if node.tag == "tag:yaml.org,2002:null":
            return None
        try:
            return parse_time(str(node.value))
        except DateTimeError as exc:
            self.fail(node, f"{key}: {exc}")

    def sequence(self, key: str, node: yaml.Node | None) -> list[yaml.Node]:
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, _("{key}: must be a list (one '- ' line per entry)").format(key=key))
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
                self.fail(item, _("materials: each entry must be {id: 資料1, title: …, file: …}"))
            fields = self.mapping(item, MATERIAL_KEYS, "materials: ")
            if "title" not in fields:
                self.fail(item, _("materials: an entry has no title"))
            title = self.text("title", fields["title"])
            material_id = ""
            if "id" in fields:
                material_id = self.text("id", fields["id"])
                if material_id.isdigit():
                    material_id = f"資料{material_id}"
                if material_id in seen:
                    first = seen[material_id]
                    self.fail(
                        fields["id"],
                        _("id: {id} is used twice (first on line {line})").format(id=material_id, line=first),
                    )
                seen[material_id] = self.line(fields["id"])
            file = None
            if "file" in fields:
                written = self.text("file", fields["file"])
                file = folder / written
                if not file.is_file():
                    if file.is_dir():
                        problem = _("file: {file} ({material}) is a folder, not a file")
                    else:
                        problem = _("file: {file} ({material}) does not exist")
                    problem = problem.format(file=written, material=material_id or title)
                    if str(folder) != ".":
                        problem = _("{problem} (looked in {folder})").format(problem=problem, folder=folder)
                    self.fail(fields["file"], problem)
            materials.append(Material(material_id, title, file, line))
        return tuple(materials)

    def attendee(self, node: yaml.Node) -> Attendee:
        if isinstance(node, yaml.ScalarNode):
            return Attendee(self.text("attendees", node))
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, _("attendees: each entry must be {name: …, affiliation: …, role: …}"))
        fields = self.mapping(node, ATTENDEE_KEYS, "attendees: ")
        if "name" not in fields:
            self.fail(node, _("attendees: an entry has no name"))
        absent = False
        if "absent" in fields:
            flag = self.scalar("absent", fields["absent"]).lower()
            # Quoted or not: "true" in quotes means the same to the person who typed it.
            if flag not in yaml.SafeLoader.bool_values:
                self.fail(
                    fields["absent"],
                    _("absent: {value} is not true or false").format(value=fields["absent"].value),
                )
            absent = yaml.SafeLoader.bool_values[flag]
        return Attendee(
            name=self.text("name", fields["name"]),
            affiliation=self.text("affiliation", fields["affiliation"]) if "affiliation" in fields else "",
            role=self.text("role", fields["role"]) if "role" in fields else MEMBER_GROUP,
            absent=absent,
        )


_EXAMPLES = {
    "committee": N_("the committee's name, e.g. committee: 都市自治体のデジタル人材に関する研究会"),
    "session": N_("which meeting this is, e.g. session: 2 for 第2回"),
    "date": N_("the meeting day, e.g. date: 2026-12-10"),
    "place": N_("where it is held, e.g. place: 日本都市センター会議室"),
}
