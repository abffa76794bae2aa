"""Benchmark of ``ronten diff`` against ``ronten check`` on the same two files.

Target (issue 4): diffing two versions of ``gen_outline.py 100 10 10`` (about 13k lines; the second
with every 40th item edited) costs at most 3x running ``ronten check`` on both files (one
``ronten check OLD NEW`` process). The 132k-line pair shows that matching stays linear: its time
over the 13k time should stay near the size ratio (10x), far from the 100x of a quadratic match.

Rows are ``(name, median seconds, note)``; the ratios to ``check`` and between sizes are in the
notes. Run it with ``python bench/run.py --only diff``.
"""

from __future__ import annotations

from pathlib import Path

from common import alternate, cpu_median, outline, ronten, run

EDIT_EVERY = 40


def _edited(workdir: Path, size: str) -> tuple[Path, Path, int]:
    """The generated outline and a copy with every 40th item's text edited; the number edited."""
    old = outline(workdir, size)
    new = workdir / f"outline-{size}-edited.md"
    edits = 0
    lines = old.read_text(encoding="utf-8").split("\n")
    items = 0
    for at, line in enumerate(lines):
        if line.startswith(("## 論点", "### (", "- ・")):
            items += 1
            if items % EDIT_EVERY == 0:
                # A mid-text rewording, as a secretariat makes it: の → における, or a phrase added.
                head, sep, tail = line.partition("の")
                lines[at] = f"{head}における{tail}" if sep else f"{line}（見直し）"
                edits += 1
    new.write_text("\n".join(lines), encoding="utf-8")
    return old, new, edits


def _stages(old: Path, new: Path, repeat: int) -> list[tuple[str, float, str]]:
    """The diff of the 13k pair in process, stage by stage, without start-up."""
    from ronten_cli import load
    from ronten_cli.diff import compare, text_formats
    from ronten_cli.diff.docx import TableOptions, comparison_table
    from ronten_cli.diff.tracked import tracked_document

    before, after = load(str(old)), load(str(new))
    comparison = compare(before, after)
    return [
        ("stage 13k: read + parse both", cpu_median(lambda: (load(str(old)), load(str(new))), repeat), ""),
        ("stage 13k: match + classify", cpu_median(lambda: compare(before, after), repeat), ""),
        (
            "stage 13k: terminal report",
            cpu_median(lambda: text_formats.terminal(comparison, color=True), repeat),
            "",
        ),
        ("stage 13k: JSON report", cpu_median(lambda: text_formats.to_json(comparison), repeat), ""),
        (
            "stage 13k: 新旧対照表 .docx bytes",
            cpu_median(lambda: comparison_table(comparison, TableOptions()), repeat),
            f"{len(comparison.rows)} rows",
        ),
        ("stage 13k: tracked .docx bytes", cpu_median(lambda: tracked_document(comparison), repeat), ""),
    ]


def benchmarks(workdir: Path, repeat: int) -> list[tuple[str, float, str]]:
    """Time ``ronten diff`` (subprocesses of the console script) against ``ronten check``."""
    repeat = max(repeat, 1)
    command = ronten()
    rows: list[tuple[str, float, str]] = []
    diff_medians: dict[str, float] = {}
    for size in ("13k", "132k"):
        old, new, edits = _edited(workdir, size)
        pair = [str(old), str(new)]
        commands = {
            "check": [*command, "check", *pair],
            "diff": [*command, "diff", *pair],
        }
        if size == "13k":
            commands["json"] = [*command, "diff", *pair, "--format", "json"]
            commands["table"] = [*command, "diff", *pair, "-o", str(workdir / "diff-table.docx")]
            commands["tracked"] = [
                *command,
                "diff",
                *pair,
                "--tracked",
                "-o",
                str(workdir / "diff-tracked.docx"),
            ]
        # Exit 1 is expected: the two files differ, and the generated outline has findings.
        actions = {name: (lambda args=args: run(args, ok=(0, 1))) for name, args in commands.items()}
        medians = alternate(actions, repeat if size == "13k" else max(1, repeat // 2))
        diff_medians[size] = medians["diff"]
        lines = old.read_text(encoding="utf-8").count("\n")
        note = f"{edits} items edited; {medians['diff'] / medians['check']:.2f}x check (target <= 3x)"
        if size == "132k":
            note += f"; {medians['diff'] / diff_medians['13k']:.1f}x the 13k time (linear: ~10x)"
        rows.append((f"ronten check {size} old+new", medians["check"], f"{lines} lines each, one process"))
        rows.append((f"ronten diff {size} (terminal)", medians["diff"], note))
        for name, label in (
            ("json", "--format json"),
            ("table", "-o 新旧対照表.docx"),
            ("tracked", "--tracked"),
        ):
            if name in medians:
                rows.append((f"ronten diff {size} {label}", medians[name], ""))
    old, new, _ = _edited(workdir, "13k")
    rows.extend(_stages(old, new, repeat))
    return rows
