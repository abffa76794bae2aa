"""The documents of a meeting: the template context of the 次第 and 議事要旨, and the bundle.

Rendering goes through the same templates and docx writer as ``ronten render``; this module only
supplies the context, chooses the outline the 議事 follow, and names the bundle's files.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..dates import DateTimeError, wareki
from ..errors import InputError, MeetingError
from ..i18n import _
from ..model import Outline
from .model import MEMBER_GROUP, SECRETARIAT, Attendee, Material, Meeting, session_label

# Characters Windows and macOS refuse in file names; a material title may contain any of them.
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
# The longest file name ext4 and APFS accept, in UTF-8 bytes (NTFS counts UTF-16 units, so fits too).
NAME_MAX = 255


def choose_outline(meeting: Meeting, outline: Outline | None) -> tuple[Outline | None, Material | None]:
    """The outline the 議事 and minutes follow, and the material it is distributed as.

    ``--outline`` wins, then the outline whose front matter is the meeting, then the first material
    that is an outline file.
    """
    chosen = outline or meeting.outline
    if chosen is not None:
        return chosen, _material_for(meeting, chosen)
    for material in meeting.materials:
        found = material_outline(material)
        if found is not None:
            return found, material
    return None, None


def material_outline(material: Material, warn: Callable[[str], None] | None = None) -> Outline | None:
    """The outline ``material`` distributes, or None: no file, or a Word document without numbered
    items (a 委員名簿 kept in Word is handed on as it is, not redrawn as a memo). ``warn`` gets what
    the Word reader leaves out."""
    if material.file is None or not (material.is_outline or material.is_word):
        return None
    from .. import load

    outline = load(str(material.file), warn=warn)
    return outline if material.is_outline or outline.children else None


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


def outline_item(meeting: Meeting, outline: Outline | None, material: Material | None) -> int:
    """Which of the ``agenda`` items (1-based) the outline's 論点 are discussed under: the first
    that names the outline's material (資料1), its title or the outline's title, else the first
    item. 0 without an outline, or when the meeting file gives no agenda (the 議事 are then the
    outline's 論点 themselves)."""
    if outline is None or not meeting.agenda:
        return 0
    names = [name for name in (material.id, material.title) if name] if material is not None else []
    title = outline.title.removesuffix("（案）").removesuffix("(案)")
    names += [title] if title else []
    wanted = [unicodedata.normalize("NFKC", name) for name in names]
    for index, item in enumerate(meeting.agenda, 1):
        text = unicodedata.normalize("NFKC", item)
        if any(name in text for name in wanted):
            return index
    return 1


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
    """The template context of ``agenda.md.j2`` and ``minutes.md.j2`` (documented in docs/meeting.md)."""
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
        "outline_item": outline_item(meeting, outline, outline_material),
    }
    if outline is not None:
        from ..render.templating import outline_context

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
    from ..render.templating import render_template

    markdown = render_template(template or kind, meeting_context(meeting, outline), template_dir=template_dir)
    if to == "md":
        return markdown.encode("utf-8"), []
    from ..render.docx import DocxOptions, markdown_to_docx

    # A 次第 is one page, and a one-page document carries no page number.
    options = DocxOptions(
        title=f"{meeting.name} {TITLES[kind]}", reference=reference, number_first_page=kind != "agenda"
    )
    result = markdown_to_docx(markdown, options)
    return result.data, list(result.warnings)


def render_bundle(
    meeting: Meeting,
    outline: Outline | None = None,
    *,
    template: str | None = None,
    template_dir: Path | None = None,
    reference: Path | None = None,
    others_included: bool = False,
    material_every_page: bool = False,
) -> tuple[list[tuple[str, bytes | str]], list[str]]:
    """Every document to print for the meeting, as (file name, .docx bytes), and the warnings.

    The 次第 comes first (``00_次第.docx``), then each material whose file is an outline (text, or
    Word with numbered items: see ``material_outline``), numbered
    by its place in ``materials`` so that the names sort in meeting order. Each material prints the
    meeting's committee, 回 and date (a warning names any its own front matter gives otherwise), so
    one bundle never shows two meetings. Nothing is written here: ``output.write_folder`` writes
    the files all or none. With ``others_included`` the caller takes the other materials' files
    in (a PDF bundle converts them), so they are not warned about. With ``material_every_page``
    each material prints its number in the header of every page.
    """
    from ..render import render

    for index, material in enumerate(meeting.materials, 1):
        if material.is_outline or material.is_word:
            _check_name_length(meeting, material, bundle_name(index, material))
    data, warnings = render_document(
        "agenda", meeting, outline, template=template, template_dir=template_dir, reference=reference
    )
    files: list[tuple[str, bytes | str]] = [(f"00_{TITLES['agenda']}.docx", data)]
    carried = {"committee": meeting.committee, "session": meeting.session, "date": meeting.date}
    every_page = {"material_every_page": True} if material_every_page else {}
    for index, material in enumerate(meeting.materials, 1):
        if material.file is None:
            continue
        try:
            memo = material_outline(material, warnings.append)
        except InputError:
            if not (others_included and material.is_word):
                raise
            # A PDF bundle hands it to LibreOffice as it is, which names it if it cannot open it either,
            # and the other documents are still written.
            memo = None
        if memo is None:
            if others_included:
                continue
            not_outline = _(
                "{material}: {file} is not an outline (.md, .txt, or Word with numbered items);"
                " print it separately"
            )
            warnings.append(
                f"{meeting.path}:{material.line}: "
                + not_outline.format(material=material.label, file=material.file.name)
            )
            continue
        disagreement = _disagreement(meeting, memo)
        if disagreement:
            warnings.append(f"{material.file}: {disagreement}")
        result = render(
            memo,
            to="docx",
            template_dir=template_dir,
            reference=reference,
            overrides={"material": material.id, **carried, **every_page},
        )
        files.append((bundle_name(index, material), result.data))
        warnings.extend(f"{material.file}: {message}" for message in result.warnings)
    if len(files) == 1 and not others_included:
        warnings.append(
            _(
                "{path}: no material is an outline (.md, .txt, or Word with numbered items);"
                " the bundle holds the 次第 only"
            ).format(path=meeting.path)
        )
    return files, warnings


def _check_name_length(meeting: Meeting, material: Material, name: str) -> None:
    """A title too long for a file name is the user's to shorten, said before anything is rendered."""
    size = len(name.encode("utf-8"))
    if size > NAME_MAX:
        raise MeetingError(
            f"{meeting.path}:{material.line}: "
            + _(
                "{material}: the title is too long for a file name in the bundle "
                "({size} bytes, at most {most}); shorten it"
            ).format(material=material.id or "title", size=size, most=NAME_MAX)
        )


def _disagreement(meeting: Meeting, memo: Outline) -> str:
    """What the memo's front matter says about the meeting that the meeting file does not, or ''."""
    meta = memo.meta
    differ: list[str] = []

    def compare(key: str, theirs: str, ours: str) -> None:
        if theirs != ours:
            differ.append(
                _("{key} {theirs} (meeting file: {ours})").format(key=key, theirs=theirs, ours=ours)
            )

    if meta.get("committee") is not None:
        compare("committee", str(meta["committee"]).strip(), meeting.committee)
    if meta.get("session") is not None:
        compare("session", session_label(meta["session"]), meeting.session_label)
    written = meta.get("date")
    if written is not None:
        compare("date", _day(written), wareki(meeting.date))
    if not differ:
        return ""
    return _("front matter gives {values}; the bundle prints the meeting file's").format(
        values=_(", ").join(differ)
    )


def _day(value: object) -> str:
    """A front matter date as the bundle would print it (和暦), or as written when it is not one."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if isinstance(day, dt.date):
        try:
            return wareki(day)
        except DateTimeError:
            return day.isoformat()
    return str(value).strip()
