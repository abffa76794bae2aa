"""Benchmark of ``ronten diff`` against ``ronten check`` on the same two files.

Target (issue 4): diffing two versions of ``gen_outline.py 100 10 10`` (about 13k lines; the second
with every 40th item edited) costs at most 3x running ``ronten check`` on both files (one
``ronten check OLD NEW`` process). The 132k-line pair shows that matching stays linear: its time
over the 13k time should stay near the size ratio (10x), far from the 100x of a quadratic match.

Rows are ``(name, median seconds, note)``; the ratios to ``check`` and between sizes are in the
notes. Run alone with ``python bench/bench_diff.py [REPEAT]``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The outline generator, the cached outlines and the console script are found as the render
# benchmark finds them, so both benchmarks share one set of files in the work folder.
from bench_render import _median_time, _outline, _ronten

EDIT_EVERY = 40


def _edited(workdir: Path, size: str) -> tuple[Path, Path, int]:
    """The generated outline and a copy with every 40th item's text edited; the number edited."""
    old = _outline(workdir, size)
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


def _wall(command: list[str]) -> float:
    """Wall time of one child process that must exit 0 or 1 (differences or findings)."""
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"bench_diff: {' '.join(command)} failed: {done.stderr.decode().strip()}")
    return elapsed


def _interleaved(commands: dict[str, list[str]], repeat: int) -> dict[str, float]:
    """Median wall time of each command, run in turn so a busy machine slows all alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            times[name].append(_wall(command))
    return {name: statistics.median(values) for name, values in times.items()}


def _stages(old: Path, new: Path, repeat: int) -> list[tuple[str, float, str]]:
    """The diff of the 13k pair in process, stage by stage, without start-up."""
    from ronten_cli import load
    from ronten_cli.diff import compare, report
    from ronten_cli.diff.docx import TableOptions, comparison_table, tracked_document

    before, after = load(str(old)), load(str(new))
    comparison = compare(before, after)
    return [
        ("stage 13k: read + parse both", _median_time(lambda: (load(str(old)), load(str(new))), repeat), ""),
        ("stage 13k: match + classify", _median_time(lambda: compare(before, after), repeat), ""),
        (
            "stage 13k: terminal report",
            _median_time(lambda: report.terminal(comparison, color=True), repeat),
            "",
        ),
        ("stage 13k: JSON report", _median_time(lambda: report.to_json(comparison), repeat), ""),
        (
            "stage 13k: 新旧対照表 .docx bytes",
            _median_time(lambda: comparison_table(comparison, TableOptions()), repeat),
            f"{len(comparison.rows)} rows",
        ),
        ("stage 13k: tracked .docx bytes", _median_time(lambda: tracked_document(comparison), repeat), ""),
    ]


def benchmarks(workdir: Path, repeat: int) -> list[tuple[str, float, str]]:
    """Time ``ronten diff`` (subprocesses of the console script) against ``ronten check``."""
    workdir.mkdir(parents=True, exist_ok=True)
    repeat = max(repeat, 1)
    ronten = _ronten()
    rows: list[tuple[str, float, str]] = []
    diff_medians: dict[str, float] = {}
    for size in ("13k", "132k"):
        old, new, edits = _edited(workdir, size)
        pair = [str(old), str(new)]
        commands = {
            "check": [*ronten, "check", *pair],
            "diff": [*ronten, "diff", *pair],
        }
        if size == "13k":
            commands["json"] = [*ronten, "diff", *pair, "--format", "json"]
            commands["table"] = [*ronten, "diff", *pair, "-o", str(workdir / "diff-table.docx")]
            commands["tracked"] = [
                *ronten,
                "diff",
                *pair,
                "--tracked",
                "-o",
                str(workdir / "diff-tracked.docx"),
            ]
        medians = _interleaved(commands, repeat if size == "13k" else max(1, repeat // 2))
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


if __name__ == "__main__":
    import tempfile

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory(prefix="ronten-bench-") as folder:
        for name, value, note in benchmarks(Path(folder), count):
            print(f"{name:40} {value:9.3f}  {note}")
