#!/usr/bin/env python3
"""Run every benchmark in bench/ and print one table of medians and notes.

usage: python bench/run.py [--repeat N] [--only NAME] [--gen PATH]

Each ``bench/bench_*.py`` module defines
``benchmarks(workdir: pathlib.Path, repeat: int) -> list[tuple[str, float, str]]`` returning rows of
(name, median seconds, note). Before they run, this script writes the two standard synthetic
outlines into ``workdir`` (``common.SIZES``) with ``gen_outline.py`` from the ``shared/`` folder
next to the repository (or ``--gen``). See bench/README.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import pathlib
import sys
import tempfile
import time

from common import ROOT, generate

HERE = pathlib.Path(__file__).resolve().parent
DEFAULT_GEN = ROOT.parent / "shared" / "bench" / "gen_outline.py"


def discover(only: str | None) -> list[tuple[str, pathlib.Path]]:
    found = []
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if only is None or only in (name, path.stem):
            found.append((name, path))
    return found


def load(name: str, path: pathlib.Path):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Run ronten's benchmarks and print one table.")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement; the median is shown")
    parser.add_argument("--only", help="run only bench_NAME.py (NAME or bench_NAME)")
    parser.add_argument("--gen", type=pathlib.Path, default=DEFAULT_GEN, help="path of gen_outline.py")
    args = parser.parse_args(argv)
    if not args.gen.is_file():
        parser.error(f"{args.gen}: gen_outline.py not found; pass --gen PATH")
    modules = discover(args.only)
    if not modules:
        parser.error(f"no bench/bench_{args.only}.py")
    sys.path.insert(0, str(ROOT))
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="ronten-bench-") as folder:
        workdir = pathlib.Path(folder)
        generate(args.gen, workdir)
        for name, path in modules:
            started = time.perf_counter()
            for row_name, median, note in load(name, path).benchmarks(workdir, args.repeat):
                rows.append((f"{name}: {row_name}", seconds(median), note))
            print(f"ran bench_{name}.py in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    widths = [max(len(row[i]) for row in [("benchmark", "median", "note"), *rows]) for i in range(2)]
    print(f"{'benchmark':<{widths[0]}}  {'median':>{widths[1]}}  note")
    for row in rows:
        print(f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
