"""Benchmark of ``ronten render`` to .docx against pandoc, and of each stage of the render.

Targets (issue 3): on ``gen_outline.py 100 10 10`` (about 13k lines) the whole command, start-up
included, takes at most 0.35x the time pandoc 3.x takes to convert the same file to .docx; on
``1000 10 10`` (about 132k lines) at most 12x the 13k time. pandoc comes from the ``bench``
extra (``pip install -e '.[bench]'``, which installs pypandoc-binary); ronten and pandoc runs are
interleaved so a busy machine slows both alike.

Rows are ``(name, median seconds, note)``; ratio rows carry the ratio in the seconds column and
say so in the note. Run alone with ``python bench/bench_render.py [REPEAT]``.
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
    """gen_outline.py: $RONTEN_GEN_OUTLINE, else next to the repository in shared/bench/."""
    candidates = [
        Path(os.environ["RONTEN_GEN_OUTLINE"]) if os.environ.get("RONTEN_GEN_OUTLINE") else None,
        ROOT / "bench" / "gen_outline.py",
        ROOT.parent / "shared" / "bench" / "gen_outline.py",
    ]
    for candidate in candidates:
        if candidate is not None and candidate.is_file():
            return candidate
    raise SystemExit("bench_render: gen_outline.py not found; set RONTEN_GEN_OUTLINE to its path")


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
    """Time ``ronten render`` (a subprocess of the console script) against pandoc on the same files."""
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
        # The 132k case is slow for pandoc (tens of seconds) and needs no pandoc figure.
        runs = repeat if size == "13k" else max(1, repeat // 2)
        ours, theirs, memory, our_cpu, their_cpu = [], [], [], [], []
        for _ in range(runs):
            elapsed, peak, cpu = _run(
                [*ronten, "render", str(source), "-o", str(workdir / f"ronten-{size}.docx")]
            )
            ours.append(elapsed)
            memory.append(peak)
            our_cpu.append(cpu)
            if pandoc and size == "13k":
                elapsed, _, cpu = _run([pandoc, str(source), "-o", str(workdir / f"pandoc-{size}.docx")])
                theirs.append(elapsed)
                their_cpu.append(cpu)
        medians[size] = statistics.median(ours)
        rows.append((f"ronten render {size} -> docx", medians[size], f"{lines} lines, end to end"))
        rows.append((f"ronten render {size}: CPU time", statistics.median(our_cpu), "user + system"))
        rows.append((f"ronten render {size}: peak memory", max(memory) / 1024, "MiB (not seconds)"))
        if theirs:
            pandoc_median = statistics.median(theirs)
            rows.append((f"pandoc {size} -> docx", pandoc_median, "pandoc, same file, interleaved"))
            rows.append((f"pandoc {size}: CPU time", statistics.median(their_cpu), "user + system"))
            rows.append(
                (
                    f"ratio ronten/pandoc {size}",
                    medians[size] / pandoc_median,
                    "ratio of wall times (not seconds); target <= 0.35",
                )
            )
            rows.append(
                (
                    f"ratio ronten/pandoc {size}, CPU",
                    statistics.median(our_cpu) / statistics.median(their_cpu),
                    "ratio of CPU times: steadier on a busy machine",
                )
            )
    rows.append(("ratio 132k/13k", medians["132k"] / medians["13k"], "ratio (not seconds); target <= 12"))
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
