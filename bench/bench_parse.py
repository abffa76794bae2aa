"""Start-up, parsing and checking: ``ronten check`` against bare Python, Click and Typer, and linear parsing.

Rows: the start-up of ``ronten check`` on the example memo beside ``python -c pass``, ``python -c
"import click"`` (the command-line library ronten is built on) and, where Typer is installed,
``python -c "import typer"`` (issue 15: at most 3.5x; ronten used Typer until Typer 0.29 began to
import pydantic on every run), all run in turn so a busy machine slows each alike; parse, and
parse+check, of the 13k- and 132k-line outlines in process, also alternated, with the 132k/13k
ratio (10x the lines should take about 10x the time) and the peak memory Python allocates; fmt
of the parsed 132k-line outline; and the whole ``ronten check`` command on it.

Commands run with bytecode caching on (as after ``pip install``), after one warm-up run.
"""

from __future__ import annotations

import importlib.util
import pathlib
import statistics
import sys
import tracemalloc

from common import ROOT, alternate, load_average, outline, ronten, run

from ronten_cli import parse
from ronten_cli.fmt import format_outline
from ronten_cli.lint import check

SEED = ROOT / "outlines" / "memo.md"


PASS, CLICK, TYPER = "python -c pass", "python -c 'import click'", "python -c 'import typer'"
CHECK = "ronten check outlines/memo.md"


def _startup(repeat: int) -> list[tuple[str, float, str]]:
    """``ronten check`` on the example memo against Python doing nothing, importing Click, and
    importing Typer where it is installed; every command in turn, after one warm-up run each."""
    commands = {PASS: [sys.executable, "-c", "pass"], CLICK: [sys.executable, "-c", "import click"]}
    if importlib.util.find_spec("typer") is not None:
        commands[TYPER] = [sys.executable, "-c", "import typer"]
    commands[CHECK] = [*ronten(), "check", str(SEED)]  # exit 1: the example memo has findings
    for command in commands.values():  # warm-up: writes the bytecode cache
        run(command, ok=(0, 1))
    # Start-up is short and noisy: more runs than the rest.
    medians = alternate(
        {name: lambda command=command: run(command, ok=(0, 1)) for name, command in commands.items()},
        max(repeat, 20),
    )
    check_time = medians.pop(CHECK)
    rows = [(name, time, "baseline, run in turn with the next rows") for name, time in medians.items()]
    ratios = [f"{check_time / medians[PASS]:.1f}x {PASS}", f"{check_time / medians[CLICK]:.2f}x import click"]
    if TYPER in medians:
        ratios.append(f"{check_time / medians[TYPER]:.2f}x import typer (limit 3.5x)")
    else:
        ratios.append("no import typer row: Typer is not installed")
    rows.append((CHECK, check_time, "; ".join([*ratios, load_average()])))
    return rows


def benchmarks(workdir: pathlib.Path, repeat: int) -> list[tuple[str, float, str]]:
    rows = _startup(repeat)

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
