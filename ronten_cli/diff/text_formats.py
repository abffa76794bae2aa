"""The text formats of ``ronten diff``: the terminal view (rich), JSON and a Markdown report.

(The Word formats, the 新旧対照表 and tracked changes, are in ``docx``.)

All three list the same changes in the same order (merged document order, a moved item where it
now stands), grouped by the top-level item (論点) they belong to.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..i18n import N_, _, ngettext
from ..mdsyntax import escape as md_escape
from ..widths import display_width
from .model import OPS, Change, Comparison, DiffNode, Segment

if TYPE_CHECKING:
    from rich.text import Text

# Japanese names of the change kinds, for documents handed to committee members.
OP_JA = {"added": "追加", "deleted": "削除", "modified": "修正", "moved": "移動", "renumbered": "番号変更"}
# The change kinds as the terminal view and the summary line name them, in the user's language.
_OP_NAMES = {
    "added": N_("added"),
    "deleted": N_("deleted"),
    "modified": N_("modified"),
    "moved": N_("moved"),
    "renumbered": N_("renumbered"),
}
_OP_COUNTS = {
    "added": N_("{count} added"),
    "deleted": N_("{count} deleted"),
    "modified": N_("{count} modified"),
    "moved": N_("{count} moved"),
    "renumbered": N_("{count} renumbered"),
}
_SIGN = {"added": "+", "deleted": "-", "modified": "~", "moved": ">", "renumbered": "#"}
_STYLE = {"added": "green", "deleted": "red", "modified": "yellow", "moved": "cyan", "renumbered": "blue"}
_ROLE_JA = {
    "title": "表題",
    "preface": "前文",
    "note": "注記",
    "meta": "設定",
    "paragraph": "段落",
    "table": "表",
}
# Roles of the blocks an item owns (a note directly under the memo keeps its ※ as its label).
_BLOCK_ROLES = ("paragraph", "table", "note")


def node_json(item: DiffNode | None) -> dict[str, Any] | None:
    if item is None:
        return None
    owned = item.role in ("paragraph", "table") or (item.role == "note" and item.parent != -1)
    return {
        "kind": item.kind,
        "label": None if owned else item.label,
        "number": item.number,
        "text": item.text,
        "line": item.line,
        "path": list(item.path),
    }


def to_json(comparison: Comparison) -> str:
    """The ``--format json`` document (schema in docs/formats.md)."""
    data = {
        "summary": comparison.summary(),
        "changes": [
            {
                "op": change.op,
                "old": node_json(change.old),
                "new": node_json(change.new),
                "segments": [{"op": s.op, "text": s.text} for s in change.segments],
            }
            for change in comparison.changes
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def summary_line(comparison: Comparison) -> str:
    """``3 changes: 1 added, 2 modified`` or ``no differences``."""
    counts = comparison.summary()
    total = sum(counts.values())
    if not total:
        return _("no differences")
    parts = _(", ").join(_(_OP_COUNTS[op]).format(count=counts[op]) for op in OPS if counts[op])
    changes = ngettext("{count} change", "{count} changes", total).format(count=total)
    return _("{changes}: {parts}").format(changes=changes, parts=parts)


def _top(item: DiffNode, items: tuple[DiffNode, ...]) -> DiffNode:
    """The top-level item (論点) ``item`` sits under, or ``item`` itself at the top level."""
    while item.parent != -1:
        item = items[item.parent]
    return item


def groups(comparison: Comparison) -> Iterator[tuple[DiffNode | None, list[Change]]]:
    """Changes grouped by 論点, groups in order of their first change; ``None`` for title and notes.

    A deleted item joins the group of its 論点 as it stands in NEW, when that 論点 is still there.
    """
    matched = {row.old.position: row.new for row in comparison.rows if row.old and row.new}
    matched.update(
        (row.old.position, row.partner) for row in comparison.rows if row.old and row.partner and not row.new
    )
    grouped: dict[int | None, tuple[DiffNode | None, list[Change]]] = {}
    for change in comparison.changes:
        top: DiffNode | None = None
        key: int | None = None
        if change.new is not None and _in_section(change.new):
            top = _top(change.new, comparison.new_items)
            key = top.position
        elif change.new is None and change.old is not None and _in_section(change.old):
            top = _top(change.old, comparison.old_items)
            now = matched.get(top.position)
            # Negative keys for a 論点 only in OLD, so they never collide with NEW positions.
            top, key = (now, now.position) if now is not None else (top, -1 - top.position)
        if key not in grouped:
            grouped[key] = (top, [])
        grouped[key][1].append(change)
    yield from grouped.values()


def _in_section(item: DiffNode) -> bool:
    """Whether ``item`` belongs to a 論点: an item, or a block an item owns."""
    return item.role == "node" or (item.role in _BLOCK_ROLES and item.parent != -1)


def _path_below_top(item: DiffNode) -> str:
    return " ".join(item.path[1:])


def section_path(item: DiffNode) -> str:
    """The labels of the items above ``item`` joined as 公用文 names a place (論点2の(3), 第３の２),
    or 最上位 for a top-level item: where a moved item was and went, in every format."""
    return "の".join(item.path) if item.path else "最上位"


def terminal(comparison: Comparison, *, color: bool) -> Text:
    """The default view: changes grouped by 論点, changed characters highlighted, a summary line.

    Without colour (a pipe, a file, ``NO_COLOR``) changed characters are marked in the text
    itself, ``[-deleted-]`` and ``{+inserted+}`` as ``git diff --word-diff`` does.
    """
    from rich.text import Text

    out = Text()
    names = {op: _(name) for op, name in _OP_NAMES.items()}
    width = max(map(display_width, names.values())) + 1
    for top, changes in groups(comparison):
        if top is None:
            out.append(_("(front matter, title, preface and notes)") + "\n", style="bold")
        else:
            out.append(f"{top.label} {top.text}\n", style="bold")
        for change in changes:
            out.append(_change_line(change, color, names[change.op], width))
    out.append(summary_line(comparison) + "\n", style="bold")
    return out


def _change_line(change: Change, color: bool, name: str, width: int) -> Text:
    """One change: its sign and ``name`` padded to ``width`` columns, where it is, and its text."""
    from rich.text import Text

    item = change.new if change.new is not None else change.old
    assert item is not None
    line = Text("  ")
    padding = " " * (width - display_width(name))
    line.append(f"{_SIGN[change.op]} {name}{padding}", style=_STYLE[change.op])
    where = _path_below_top(item)
    if where:
        line.append(f"{where} › ", style="dim")
    if item.role != "node":
        line.append(f"{_ROLE_JA[item.role]} ", style="dim")
    old, new = change.old, change.new
    if old is not None and new is not None and old.ident != new.ident:
        line.append(old.shown_label, style="red" if color else "")
        line.append(" → ")
    if item.shown_label:
        line.append(item.shown_label if item.marker == "bullet" else f"{item.shown_label} ", style="bold")
    if change.segments:
        for segment in change.segments:
            line.append_text(_segment_text(segment, color))
    else:
        line.append(
            _one_line(item.text), style=_STYLE[change.op] if change.op in ("added", "deleted") else ""
        )
    if change.op == "moved" and old is not None and new is not None:
        where = _("order changed") if old.path == new.path else f"{section_path(old)} → {section_path(new)}"
        line.append(f"  ({where})", style="cyan")
    lines = []
    if old is not None:
        lines.append(_("old {line}").format(line=old.line))
    if new is not None:
        lines.append(_("new {line}").format(line=new.line))
    line.append(f"  [{_(', ').join(lines)}]\n", style="dim")
    return line


def _segment_text(segment: Segment, color: bool) -> Text:
    from rich.text import Text

    text = _one_line(segment.text)
    if segment.op == "equal":
        return Text(text)
    if color:
        style = "bold green underline" if segment.op == "insert" else "bold red strike"
        return Text(text, style=style)
    return Text(f"{{+{text}+}}" if segment.op == "insert" else f"[-{text}-]")


def _one_line(text: str) -> str:
    """A table's rows on one line of the change list, `` / `` between them."""
    return text.replace("\n", " / ")


def _md_text(text: str) -> str:
    """``text`` escaped for one line of a list item: a table's rows are kept apart by ``<br>``."""
    return md_escape(text).replace("\n", "<br>")


def _md_side(segments: tuple[Segment, ...], which: str) -> str:
    # <ins>/<del> rather than **/~~: CommonMark's emphasis rules fail next to Japanese punctuation.
    tag, drop = ("del", "insert") if which == "old" else ("ins", "delete")
    out = []
    for segment in segments:
        if segment.op == "equal":
            out.append(_md_text(segment.text))
        elif segment.op != drop:
            out.append(f"<{tag}>{_md_text(segment.text)}</{tag}>")
    return "".join(out)


def markdown(comparison: Comparison, old_name: str, new_name: str) -> str:
    """A Markdown report for mail or a wiki, in Japanese like the documents it describes."""
    title = comparison.new.title or comparison.old.title
    counts = comparison.summary()
    total = sum(counts.values())
    out = [f"# {md_escape(title)} 変更点" if title else "# 変更点", ""]
    out += [f"- 旧: `{old_name}`", f"- 新: `{new_name}`", ""]
    if not total:
        out += ["変更はありません。", ""]
        return "\n".join(out)
    parts = "、".join(f"{OP_JA[op]} {counts[op]}" for op in OPS if counts[op])
    out += [f"変更 {total} 件（{parts}）", ""]
    for top, changes in groups(comparison):
        heading = "設定・表題・前文・注記" if top is None else f"{top.label} {top.text}"
        out += [f"## {md_escape(heading)}", ""]
        for change in changes:
            out += _md_change(change)
        out.append("")
    return "\n".join(out)


def _md_label(item: DiffNode) -> str:
    """Where the item is below its 論点, and its label, followed by the space its text needs."""
    where = _path_below_top(item)
    label = item.shown_label or _ROLE_JA.get(item.role, "")
    gap = "" if item.marker == "bullet" else " "
    return md_escape(f"{where} › {label}{gap}" if where else f"{label}{gap}")


def _md_change(change: Change) -> list[str]:
    old, new = change.old, change.new
    kind = f"**{OP_JA[change.op]}**"
    if change.op == "added" and new is not None:
        return [f"- {kind} {_md_label(new)}{_md_text(new.text)}（新 {new.line} 行）"]
    if change.op == "deleted" and old is not None:
        return [f"- {kind} {_md_label(old)}{_md_text(old.text)}（旧 {old.line} 行）"]
    assert old is not None and new is not None
    lines_at = f"（旧 {old.line} 行 → 新 {new.line} 行）"
    label = _md_label(new)
    if old.ident != new.ident:
        label = f"{md_escape(old.shown_label)} → {label}"
    head = f"- {kind} {label}{_md_text(new.text) if not change.segments else ''}".rstrip()
    if change.op == "moved":
        if old.path == new.path:
            head += "：同じ項目の中で順序を変更"
        else:
            head += f"：{md_escape(section_path(old))} → {md_escape(section_path(new))}"
    out = [f"{head}{lines_at}"]
    if change.segments:
        out.append(f"  - 旧：{_md_side(change.segments, 'old')}")
        out.append(f"  - 新：{_md_side(change.segments, 'new')}")
    return out
