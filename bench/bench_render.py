"""Benchmark of ``ronten render`` to .docx against pandoc, and of each stage of the render.

Targets (issue 3): on ``gen_outline.py 100 10 10`` (about 13k lines) the whole command, start-up
included, takes at most 0.35x the time pandoc 3.x takes to convert the same file to .docx; on
``1000 10 10`` (about 132k lines) at most 12x the 13k time. With ``--blocks`` (paragraphs, tables
and ※ notes under the items; issue 9): at most 0.25x pandoc's time on ``100 10 10 --blocks``
(about 17.6k lines), and at most 12x that on ``1000 10 10 --blocks``. pandoc comes from the ``bench``
extra (``pip install -e '.[bench]'``, which installs pypandoc-binary); ronten and pandoc runs are
interleaved so a busy machine slows both alike.

Issue 15: ``ronten render`` of the example memo (``outlines/memo.md``, the two-page size users run)
takes at most 2x pandoc's time on the same file, the two run in turn. The row "imports of the
render path" is the part of that time spent importing ronten, Click, Jinja and the docx writer
before any work starts.

Rows are ``(name, median seconds, note)``; the ratios to pandoc and between sizes, CPU times and
peak memory are in the notes. Run it with ``python bench/run.py --only render``.
"""

from __future__ import annotations

import shutil
import statistics
import sys
from pathlib import Path

from common import ROOT, SIZES, SMALLER, cpu_median, load_average, outline, ronten, run

EXAMPLE = ROOT / "outlines" / "memo.md"


def _pandoc() -> str | None:
    try:
        import pypandoc  # type: ignore[import-not-found]

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return shutil.which("pandoc")


def _stages(outline_path: Path, size: str, repeat: int) -> list[tuple[str, float, str]]:
    """Each stage of rendering the outline of ``size``: CPU seconds in process, without start-up."""
    from ronten_cli import load
    from ronten_cli.render import render
    from ronten_cli.render.docx import DocxOptions, WordDocument, blocks_xml
    from ronten_cli.render.markdown import parse_blocks

    parsed = load(str(outline_path))
    markdown = render(parsed, to="md").data
    assert isinstance(markdown, str)
    blocks = parse_blocks(markdown)
    body = blocks_xml(blocks)
    lines = f"{markdown.count(chr(10))} Markdown lines"
    return [
        (f"stage {size}: read + parse outline", cpu_median(lambda: load(str(outline_path)), repeat), ""),
        (f"stage {size}: template -> Markdown", cpu_median(lambda: render(parsed, to="md"), repeat), ""),
        (f"stage {size}: Markdown -> blocks", cpu_median(lambda: parse_blocks(markdown), repeat), lines),
        (f"stage {size}: blocks -> document.xml", cpu_median(lambda: blocks_xml(blocks), repeat), ""),
        (
            f"stage {size}: package (styles, XML check, zip)",
            cpu_median(lambda: WordDocument(DocxOptions()).package(body), repeat),
            f"document.xml {len(body.encode()) // 1024} KiB",
        ),
    ]


def _example(workdir: Path, repeat: int, pandoc: str | None) -> list[tuple[str, float, str]]:
    """The example memo, end to end, against pandoc on the same file; the imports alone.

    Compiled templates come from the user's cache folder, as from the second run of ronten on.
    """
    ours = [*ronten(), "render", str(EXAMPLE), "-o", str(workdir / "example.docx")]
    imports = [
        sys.executable,
        "-c",
        "import ronten_cli.cli, ronten_cli.render.templating, ronten_cli.render.docx",
    ]
    commands = {"ronten": ours, "imports": imports}
    if pandoc:
        commands["pandoc"] = [pandoc, str(EXAMPLE), "-o", str(workdir / "example-pandoc.docx")]
    for command in commands.values():
        run(command)  # warm-up: the file cache, and the compiled template in the user's cache
    runs: dict[str, list[tuple[float, int, float]]] = {name: [] for name in commands}
    for _ in range(max(repeat, 5)):
        for name, command in commands.items():  # interleaved, so a busy machine slows all alike
            runs[name].append(run(command))
    wall = {name: statistics.median(r[0] for r in found) for name, found in runs.items()}
    cpu = {name: statistics.median(r[2] for r in found) for name, found in runs.items()}
    note = f"{EXAMPLE.name}, end to end; CPU {cpu['ronten']:.2f} s"
    if pandoc:
        note += f"; {wall['ronten'] / wall['pandoc']:.2f}x pandoc's time (target <= 2x)"
        note += f", {cpu['ronten'] / cpu['pandoc']:.2f}x its CPU time"
    note += f"; {load_average()}"
    rows = [(f"ronten render {EXAMPLE.name} -> docx", wall["ronten"], note)]
    if pandoc:
        rows.append(
            (f"pandoc {EXAMPLE.name} -> docx", wall["pandoc"], f"same file; CPU {cpu['pandoc']:.2f} s")
        )
    share = wall["imports"] / wall["ronten"]
    rows.append(
        ("imports of the render path", wall["imports"], f"{share:.0%} of the render of {EXAMPLE.name}")
    )
    return rows


def benchmarks(workdir: Path, repeat: int) -> list[tuple[str, float, str]]:
    """Time ``ronten render`` (a subprocess of the console script) against pandoc on the same files.

    Every value is seconds; ratios and peak memory are in the notes, since bench/run.py prints
    each value as a time.
    """
    repeat = max(repeat, 1)
    command = ronten()
    pandoc = _pandoc()
    rows: list[tuple[str, float, str]] = []
    startup = statistics.median(run([*command, "--version"])[0] for _ in range(repeat))
    rows.append(("ronten start-up (--version)", startup, ""))
    rows.extend(_example(workdir, repeat, pandoc))
    medians: dict[str, float] = {}
    targets = {"13k": 0.35, "18k-blocks": 0.25}
    for size in SIZES:
        source = outline(workdir, size)
        lines = source.read_text(encoding="utf-8").count("\n")
        # pandoc takes tens of seconds on the large outlines, and no target compares them there.
        runs = max(1, repeat // 2) if size in SMALLER else repeat
        ours: list[tuple[float, int, float]] = []
        theirs: list[tuple[float, int, float]] = []
        for _ in range(runs):
            ours.append(run([*command, "render", str(source), "-o", str(workdir / f"ronten-{size}.docx")]))
            if pandoc and size in targets:
                theirs.append(run([pandoc, str(source), "-o", str(workdir / f"pandoc-{size}.docx")]))
        wall = medians[size] = statistics.median(run[0] for run in ours)
        cpu = statistics.median(run[2] for run in ours)
        peak = max(run[1] for run in ours) / 1024
        note = f"{lines} lines, end to end; CPU {cpu:.2f} s; peak memory {peak:.0f} MiB"
        if size in SMALLER:
            small = SMALLER[size]
            note += f"; {wall / medians[small]:.1f}x the {small} time (target <= 12x)"
        if theirs:
            their_wall = statistics.median(run[0] for run in theirs)
            their_cpu = statistics.median(run[2] for run in theirs)
            note += (
                f"; {wall / their_wall:.2f}x pandoc's time (target <= {targets[size]}x),"
                f" {cpu / their_cpu:.2f}x its CPU time"
            )
            rows.append((f"ronten render {size} -> docx", wall, note))
            rows.append(
                (f"pandoc {size} -> docx", their_wall, f"same file, runs interleaved; CPU {their_cpu:.2f} s")
            )
        else:
            rows.append((f"ronten render {size} -> docx", wall, note))
    if not pandoc:
        rows.append(("pandoc", float("nan"), "not found: pip install -e '.[bench]'"))
    for size in targets:
        rows.extend(_stages(outline(workdir, size), size, repeat))
    return rows
