"""Benchmark of reading Word: ``ronten import`` of a .docx against ``pandoc -f docx -t markdown``.

Target (issue 10): importing the .docx ronten renders from ``gen_outline.py 100 10 10`` (13k items)
takes at most 0.5x pandoc's time on the same file, with less peak memory. The 132k-line document
shows that reading stays linear (pandoc is not run on it: it takes minutes). ronten and pandoc runs
are interleaved so a busy machine slows both alike; pandoc comes from the ``bench`` extra.

Rows are ``(name, median seconds, note)``. Run it with ``python bench/run.py --only word``.
"""

from __future__ import annotations

import statistics
from pathlib import Path

from bench_render import _pandoc
from common import SIZES, cpu_median, outline, ronten, run


def _stages(document: Path, repeat: int) -> list[tuple[str, float, str]]:
    """Each stage of importing the 13k document: CPU seconds in process, without start-up."""
    from ronten_cli.fmt import format_outline
    from ronten_cli.word.outline import to_outline
    from ronten_cli.word.reader import read_document

    data = document.read_bytes()
    read = read_document(data, document.name)
    tree = to_outline(read)
    return [
        (
            "stage 13k: zip + XML + body -> paragraphs",
            cpu_median(lambda: read_document(data, document.name), repeat),
            f"{len(read.blocks)} paragraphs, .docx {len(data) // 1024} KiB",
        ),
        ("stage 13k: paragraphs -> tree (parser)", cpu_median(lambda: to_outline(read), repeat), ""),
        ("stage 13k: tree -> canonical Markdown", cpu_median(lambda: format_outline(tree), repeat), ""),
    ]


def benchmarks(workdir: Path, repeat: int) -> list[tuple[str, float, str]]:
    """Time ``ronten import`` (a subprocess of the console script) against pandoc on the same .docx."""
    repeat = max(repeat, 1)
    command = ronten()
    pandoc = _pandoc()
    rows: list[tuple[str, float, str]] = []
    walls: dict[str, float] = {}
    for size in SIZES:
        document = workdir / f"word-{size}.docx"
        run([*command, "render", str(outline(workdir, size)), "-o", str(document)])
        target = workdir / f"word-{size}.md"
        run([*command, "import", str(document), "-o", "-"])  # warm up the bytecode cache
        runs = repeat if size == "13k" else max(1, repeat // 2)
        ours: list[tuple[float, int, float]] = []
        theirs: list[tuple[float, int, float]] = []
        for _ in range(runs):
            target.unlink(missing_ok=True)
            ours.append(run([*command, "import", str(document), "-o", str(target)]))
            if pandoc and size == "13k":
                theirs.append(run([pandoc, "-f", "docx", "-t", "markdown", str(document), "-o", str(target)]))
        wall = walls[size] = statistics.median(r[0] for r in ours)
        cpu = statistics.median(r[2] for r in ours)
        peak = max(r[1] for r in ours) / 1024
        note = f"end to end; CPU {cpu:.2f} s; peak memory {peak:.0f} MiB"
        if size != "13k":
            note += f"; {wall / walls['13k']:.1f}x the 13k time"
        if theirs:
            their_wall = statistics.median(r[0] for r in theirs)
            their_cpu = statistics.median(r[2] for r in theirs)
            their_peak = max(r[1] for r in theirs) / 1024
            note += (
                f"; {wall / their_wall:.2f}x pandoc's time (target <= 0.5x), {cpu / their_cpu:.2f}x its CPU,"
                f" {peak / their_peak:.2f}x its peak memory (target < 1x)"
            )
            rows.append((f"ronten import {size} .docx -> md", wall, note))
            rows.append(
                (
                    f"pandoc -f docx -t markdown {size}",
                    their_wall,
                    f"same file, runs interleaved; CPU {their_cpu:.2f} s; peak memory {their_peak:.0f} MiB",
                )
            )
        else:
            rows.append((f"ronten import {size} .docx -> md", wall, note))
    if not pandoc:
        rows.append(("pandoc", float("nan"), "not found: pip install -e '.[bench]'"))
    rows.extend(_stages(workdir / "word-13k.docx", repeat))
    return rows
