"""What a meeting is: its metadata, materials and attendees, as immutable values.

Nothing here reads files or renders: ``load`` builds these from a meeting file, ``documents``
turns them into the 次第, the 議事要旨 and the bundle.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..dates import jtime, wareki
from ..model import Outline
from ..source import OUTLINE_SUFFIXES, WORD_SUFFIXES

# Roles of committee members; they are listed together as 委員, the role shown after the name.
MEMBER_ROLES = ("座長", "副座長", "委員長", "副委員長", "会長", "副会長", "委員")
MEMBER_GROUP = "委員"
SECRETARIAT = "事務局"

# A meeting number is a few digits; a longer run is text (int() of 5000 digits would fail).
SESSION = re.compile(r"第?(\d{1,9})回?")


def session_label(session: object) -> str:
    """``第2回`` for 2, ``第２回`` or ``2``; any other text (臨時会) as written."""
    if isinstance(session, int) and not isinstance(session, bool):
        return f"第{session}回"
    text = str(session).strip()
    m = SESSION.fullmatch(unicodedata.normalize("NFKC", text))
    return f"第{int(m.group(1))}回" if m else text


@dataclass(frozen=True, slots=True)
class Material:
    """One distributed document: ``資料1 論点メモ（案）``, with the file it comes from if any."""

    id: str
    title: str
    file: Path | None = None
    line: int = 0

    @property
    def is_outline(self) -> bool:
        """Whether ``file`` is a text outline ronten renders (Markdown or plain text)."""
        return self.file is not None and self.file.suffix.lower() in OUTLINE_SUFFIXES

    @property
    def is_word(self) -> bool:
        """Whether ``file`` is a Word document, which may or may not hold an outline (see ``documents``)."""
        return self.file is not None and self.file.suffix.lower() in WORD_SUFFIXES

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
        from ..render.templating import is_path

        files = [self.path, *(str(material.file) for material in self.materials if material.file)]
        if template is not None and is_path(template):
            files.append(template)
        return files + [str(other) for other in others if other is not None]

    @property
    def session_label(self) -> str:
        return session_label(self.session)

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
