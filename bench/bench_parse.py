"""Start-up, parsing and checking: ``ronten check`` against ``import typer``, and linear parsing.

Rows: the start-up of ``ronten check`` on the seed memo beside ``python -c "import typer"``
(issue 2 allows at most 1.8x), the two run alternately so a busy machine slows both alike;
parse, and parse+check, of the 13k- and 132k-line outlines in process, also alternated, with the
132k/13k ratio (10x the lines should take about 10x the time) and the peak memory Python
allocates; fmt of the parsed 132k-line outline; and the whole ``ronten check`` command on it.

Commands run with bytecode caching on (as after ``pip install``), after one warm-up run, even
when the calling environment sets PYTHONDONTWRITEBYTECODE.
"""

from __future__ import annotations

import os
import pathlib
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable

from ronten_cli import parse
from ronten_cli.fmt import format_outline
from ronten_cli.lint import check

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEED = ROOT / "outlines" / "memo.md"
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def alternate(first: Callable[[], object], second: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Medians of ``first`` and ``second`` run turn about, so load changes hit both."""
    a, b = [], []
    for _ in range(repeat):
        a.append(timed(first))
        b.append(timed(second))
    return statistics.median(a), statistics.median(b)


def command(args: list[str]) -> Callable[[], object]:
    return lambda: subprocess.run(args, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def ronten() -> list[str]:
    script = pathlib.Path(sys.executable).parent / "ronten"
    return [str(script)] if script.exists() else [sys.executable, "-m", "ronten_cli"]


def benchmarks(workdir: pathlib.Path, repeat: int) -> list[tuple[str, float, str]]:
    rows: list[tuple[str, float, str]] = []
    typer_run = command([sys.executable, "-c", "import typer"])
    check_run = command([*ronten(), "check", str(SEED)])
    check_run()  # warm-up: writes the bytecode cache
    # Start-up is short and noisy: more runs than the rest.
    typer_time, check_time = alternate(typer_run, check_run, max(repeat, 20))
    rows.append(("python -c 'import typer'", typer_time, "baseline, run alternately with the next row"))
    rows.append(
        (
            "ronten check outlines/memo.md",
            check_time,
            f"{check_time / typer_time:.2f}x import typer (limit 1.8x)",
        )
    )

    small_path, big_path = workdir / "outline-13k.md", workdir / "outline-132k.md"
    small, big = small_path.read_text(encoding="utf-8"), big_path.read_text(encoding="utf-8")
    small_lines, big_lines = small.count("\n"), big.count("\n")
    scale = big_lines / small_lines
    for label, job in (("parse", parse), ("parse+check", lambda text: check(parse(text)))):
        small_time, big_time = alternate(lambda job=job: job(small), lambda job=job: job(big), repeat)
        rows.append(
            (f"{label} {small_lines} lines", small_time, f"{small_lines / small_time / 1000:.0f}k lines/s")
        )
        note = f"{big_time / small_time:.1f}x the 13k time for {scale:.1f}x the lines"
        if label == "parse+check":
            tracemalloc.start()
            check(parse(big))
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            note += f"; peak {peak / 2**20:.0f} MiB allocated for a {len(big.encode()) / 2**20:.1f} MiB file"
        rows.append((f"{label} {big_lines} lines", big_time, note))

    outline = parse(big)
    fmt_time = statistics.median(timed(lambda: format_outline(outline)) for _ in range(repeat))
    rows.append((f"fmt {big_lines} lines", fmt_time, "parsed tree to canonical text"))
    whole = statistics.median(timed(command([*ronten(), "check", str(big_path)])) for _ in range(repeat))
    rows.append((f"ronten check {big_lines} lines", whole, "the whole command: start-up, read, parse, check"))
    return rows
