"""Benchmark of ``ronten render`` to .docx against pandoc, and of each stage of the render.

Targets (issue 3): on ``gen_outline.py 100 10 10`` (about 13k lines) the whole command, start-up
included, takes at most 0.35x the time pandoc 3.x takes to convert the same file to .docx; on
``1000 10 10`` (about 132k lines) at most 12x the 13k time. pandoc comes from the ``bench``
extra (``pip install -e '.[bench]'``, which installs pypandoc-binary); ronten and pandoc runs are
interleaved so a busy machine slows both alike.

Rows are ``(name, median seconds, note)``; the ratios to pandoc and between sizes, CPU times and
peak memory are in the notes. Run alone with ``python bench/bench_render.py [REPEAT]``.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"13k": ("100", "10", "10"), "132k": ("1000", "10", "10")}


def _generator() -> Path:
    """gen_outline.py: $RONTEN_BENCH_GEN (set by bench/run.py), else next to the repository."""
    candidates = [
        Path(os.environ["RONTEN_BENCH_GEN"]) if os.environ.get("RONTEN_BENCH_GEN") else None,
        ROOT / "bench" / "gen_outline.py",
        ROOT.parent / "shared" / "bench" / "gen_outline.py",
    ]
    for candidate in candidates:
        if candidate is not None and candidate.is_file():
            return candidate
    raise SystemExit("bench_render: gen_outline.py not found; set RONTEN_BENCH_GEN to its path")


def _outline(workdir: Path, size: str) -> Path:
    path = workdir / f"outline-{size}.md"
    if not path.exists():
        text = subprocess.run(
            [sys.executable, str(_generator()), *SIZES[size]], capture_output=True, text=True, check=True
        ).stdout
        path.write_text(text, encoding="utf-8")
    return path


def _ronten() -> list[str]:
    script = Path(sys.executable).parent / "ronten"
    if script.exists():
        return [str(script)]
    found = shutil.which("ronten")
    return [found] if found else [sys.executable, "-m", "ronten_cli"]


def _pandoc() -> str | None:
    try:
        import pypandoc  # type: ignore[import-not-found]

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return shutil.which("pandoc")


def _run(command: list[str]) -> tuple[float, int, float]:
    """Wall time, peak resident memory (KiB) and CPU time (user + system) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode() if process.stderr else ""
    if process.returncode:
        raise SystemExit(f"bench_render: {' '.join(command)} failed: {stderr.strip()}")
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def _median_time(action: Callable[[], object], repeat: int) -> float:
    # CPU time of this process: the other processes of a busy machine do not inflate it.
    times = []
    for _ in range(repeat):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return statistics.median(times)


def _stages(outline_path: Path, repeat: int) -> list[tuple[str, float, str]]:
    """Each stage of rendering the 13k outline: CPU seconds in process, without start-up."""
    from ronten_cli import load
    from ronten_cli.render import render
    from ronten_cli.render.docx import DocxOptions, blocks_xml, package
    from ronten_cli.render.markdown import parse_blocks

    outline = load(str(outline_path))
    markdown = render(outline, to="md").data
    assert isinstance(markdown, str)
    blocks = parse_blocks(markdown)
    body = blocks_xml(blocks)
    lines = f"{markdown.count(chr(10))} Markdown lines"
    return [
        ("stage 13k: read + parse outline", _median_time(lambda: load(str(outline_path)), repeat), ""),
        ("stage 13k: Jinja template -> Markdown", _median_time(lambda: render(outline, to="md"), repeat), ""),
        ("stage 13k: Markdown -> blocks", _median_time(lambda: parse_blocks(markdown), repeat), lines),
        ("stage 13k: blocks -> document.xml", _median_time(lambda: blocks_xml(blocks), repeat), ""),
        (
            "stage 13k: package (styles, zip)",
            _median_time(lambda: package(body, DocxOptions()), repeat),
            f"document.xml {len(body.encode()) // 1024} KiB",
        ),
    ]


def benchmarks(workdir: Path, repeat: int) -> list[tuple[str, float, str]]:
    """Time ``ronten render`` (a subprocess of the console script) against pandoc on the same files.

    Every value is seconds; ratios and peak memory are in the notes, since bench/run.py prints
    each value as a time.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    repeat = max(repeat, 1)
    ronten = _ronten()
    pandoc = _pandoc()
    rows: list[tuple[str, float, str]] = []
    startup = statistics.median(_run([*ronten, "--version"])[0] for _ in range(repeat))
    rows.append(("ronten start-up (--version)", startup, ""))
    medians: dict[str, float] = {}
    for size in SIZES:
        source = _outline(workdir, size)
        lines = source.read_text(encoding="utf-8").count("\n")
        # pandoc takes tens of seconds on 132k lines, and no target compares them there.
        runs = repeat if size == "13k" else max(1, repeat // 2)
        ours: list[tuple[float, int, float]] = []
        theirs: list[tuple[float, int, float]] = []
        for _ in range(runs):
            ours.append(_run([*ronten, "render", str(source), "-o", str(workdir / f"ronten-{size}.docx")]))
            if pandoc and size == "13k":
                theirs.append(_run([pandoc, str(source), "-o", str(workdir / f"pandoc-{size}.docx")]))
        wall = medians[size] = statistics.median(run[0] for run in ours)
        cpu = statistics.median(run[2] for run in ours)
        peak = max(run[1] for run in ours) / 1024
        note = f"{lines} lines, end to end; CPU {cpu:.2f} s; peak memory {peak:.0f} MiB"
        if size == "132k":
            note += f"; {wall / medians['13k']:.1f}x the 13k time (target <= 12x)"
        if theirs:
            their_wall = statistics.median(run[0] for run in theirs)
            their_cpu = statistics.median(run[2] for run in theirs)
            note += (
                f"; {wall / their_wall:.2f}x pandoc's time (target <= 0.35x),"
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
    rows.extend(_stages(_outline(workdir, "13k"), repeat))
    return rows


if __name__ == "__main__":
    import tempfile

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory(prefix="ronten-bench-") as folder:
        for name, value, note in benchmarks(Path(folder), count):
            print(f"{name:40} {value:9.3f}  {note}")
