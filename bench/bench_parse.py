"""Start-up, parsing and checking: ``ronten check`` against ``import typer``, and linear parsing.

Rows: the start-up of ``ronten check`` on the seed memo beside ``python -c "import typer"``
(at most 3.5x, with Typer unpatched), the two run alternately so a busy machine slows both alike;
parse, and parse+check, of the 13k- and 132k-line outlines in process, also alternated, with the
132k/13k ratio (10x the lines should take about 10x the time) and the peak memory Python
allocates; fmt of the parsed 132k-line outline; and the whole ``ronten check`` command on it.

Commands run with bytecode caching on (as after ``pip install``), after one warm-up run.
"""

from __future__ import annotations

import pathlib
import statistics
import sys
import tracemalloc

from common import ROOT, alternate, outline, ronten, run

from ronten_cli import parse
from ronten_cli.fmt import format_outline
from ronten_cli.lint import check

SEED = ROOT / "outlines" / "memo.md"


def benchmarks(workdir: pathlib.Path, repeat: int) -> list[tuple[str, float, str]]:
    rows: list[tuple[str, float, str]] = []
    typer_command = [sys.executable, "-c", "import typer"]
    # Exit 1: the seed memo has findings.
    check_command = [*ronten(), "check", str(SEED)]
    run(check_command, ok=(0, 1))  # warm-up: writes the bytecode cache
    # Start-up is short and noisy: more runs than the rest.
    medians = alternate(
        {"typer": lambda: run(typer_command), "check": lambda: run(check_command, ok=(0, 1))},
        max(repeat, 20),
    )
    typer_time, check_time = medians["typer"], medians["check"]
    rows.append(("python -c 'import typer'", typer_time, "baseline, run alternately with the next row"))
    rows.append(
        (
            "ronten check outlines/memo.md",
            check_time,
            f"{check_time / typer_time:.2f}x import typer (limit 3.5x)",
        )
    )

    small_path, big_path = outline(workdir, "13k"), outline(workdir, "132k")
    small, big = small_path.read_text(encoding="utf-8"), big_path.read_text(encoding="utf-8")
    small_lines, big_lines = small.count("\n"), big.count("\n")
    scale = big_lines / small_lines
    for label, job in (("parse", parse), ("parse+check", lambda text: check(parse(text)))):
        times = alternate({"small": lambda job=job: job(small), "big": lambda job=job: job(big)}, repeat)
        small_time, big_time = times["small"], times["big"]
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

    tree = parse(big)
    fmt_time = alternate({"fmt": lambda: format_outline(tree)}, repeat)["fmt"]
    rows.append((f"fmt {big_lines} lines", fmt_time, "parsed tree to canonical text"))
    whole = statistics.median(run([*ronten(), "check", str(big_path)], ok=(0, 1))[0] for _ in range(repeat))
    rows.append((f"ronten check {big_lines} lines", whole, "the whole command: start-up, read, parse, check"))
    return rows
